import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { requirePermission } from '../../auth/guard';
import { owned } from '../../auth/owned';
import { createCandidates, interviewForSessions, type NewCandidate } from '../../candidates/create';
import { decodeCursor, encodeCursor, inviteUrlOf, listItemOf, sessionItemOf } from '../../candidates/list';
import { fieldsFromResume, parseResumeBatch } from '../../candidates/resumes';
import { filesOf, isMultipart, readForm, textFieldsOf, uploadLimit } from '../../candidates/uploads';
import type { AppEnv } from '../../context';
import type { Candidate } from '../../db/candidates';
import { findInterview, type InterviewRow } from '../../db/interviews';
import { listInterviewSessions } from '../../db/sessions';
import { badRequest, conflict } from '../../errors';
import { describeFields } from '../../field-labels';
import { buildCandidateTemplate, parseCandidateSheet, requireFileType, TEMPLATE_FILE_NAME, XLSX_CONTENT_TYPE } from '../../imports';
import { r2Keys } from '../../keys';
import { bulkCandidatesRequestSchema, type ImportReport, sessionListQuerySchema } from '../../schemas/candidate';
import { CANDIDATE_FIELDS, candidateInputSchema } from '../../schemas/candidates';
import { fieldErrors, validate } from '../../validate';

const ownInterview = owned('interview', 'interviewId', 'interview', (db, me, id) => findInterview(db, me.orgId, id));

/** Candidates join interviews that are in use; an archived one takes nobody new until restored. */
const openInterview = createMiddleware<AppEnv & { Variables: { interview: InterviewRow } }>(async (c, next) => {
  if (c.var.interview.archivedAt !== null) throw conflict('interview_archived', 'This interview is archived. Restore it before adding candidates.');
  await next();
});

const firstIssue = (issues: Parameters<typeof fieldErrors>[0]) => describeFields(fieldErrors(issues));

/** The Sessions tab of an interview: list, and the three ways of "+ Add". */
export const interviewCandidates = new Hono<AppEnv>()
  .get('/:interviewId/sessions', requirePermission('sessions.read'), ownInterview, validate('query', sessionListQuerySchema), async (c) => {
    const query = c.req.valid('query');
    const rows = await listInterviewSessions(c.env.DB, {
      orgId: c.var.member.orgId,
      interviewId: c.var.interview.id,
      status: query.status,
      analysis: query.analysis,
      search: query.q || undefined,
      sort: query.sort,
      dir: query.dir,
      after: query.cursor ? decodeCursor(query.cursor, query.sort, query.dir) : undefined,
      limit: query.limit,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return c.json(
      {
        sessions: page.map((row) => listItemOf(c.req.url, row)),
        nextCursor: rows.length > query.limit && last ? encodeCursor(query.sort, query.dir, last) : null,
      },
      200,
    );
  })

  /** "Create individually": JSON, or a multipart form whose optional `resume` PDF fills the empty fields. */
  .post('/:interviewId/candidates', requirePermission('candidates.manage'), ownInterview, openInterview, uploadLimit(1), async (c) => {
    const { orgId } = c.var.member;
    let raw: Record<string, unknown>;
    let resume: Uint8Array | null = null;
    if (isMultipart(c)) {
      const form = await readForm(c);
      raw = textFieldsOf(form, CANDIDATE_FIELDS);
      const [file] = await filesOf(form, 'resume');
      if (file) {
        requireFileType(file.bytes, ['pdf']);
        resume = file.bytes;
        // Typed fields win; the resume only fills what was left empty.
        raw = { ...(await fieldsFromResume(file.bytes)), ...raw };
      }
    } else {
      raw = await c.req.json<Record<string, unknown>>().catch(() => {
        throw badRequest('The body is not valid JSON.');
      });
    }
    const parsed = candidateInputSchema.safeParse(raw);
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error.issues);
      throw badRequest(describeFields(fields), fields);
    }
    const candidateId = crypto.randomUUID();
    const resumeKey = resume ? r2Keys.resume(orgId, candidateId, crypto.randomUUID()) : undefined;
    if (resume && resumeKey) await c.env.MEDIA.put(resumeKey, resume, { httpMetadata: { contentType: 'application/pdf' } });
    try {
      const { created } = await createCandidates(c.env.DB, { interview: interviewForSessions(c.var.interview), source: 'individual', practice: false, now: Date.now() }, [
        { ...parsed.data, id: candidateId, resumeKey },
      ]);
      const first = created[0];
      if (!first) throw conflict('duplicate_candidate', `${parsed.data.email ?? parsed.data.name} is already a candidate of this interview.`);
      return c.json(
        {
          candidate: candidateView(first.candidate),
          session: sessionItemOf(c.req.url, first.session, first.candidate),
          inviteUrl: inviteUrlOf(c.req.url, first.session.inviteToken),
        },
        201,
      );
    } catch (err) {
      if (resumeKey) await c.env.MEDIA.delete(resumeKey);
      throw err;
    }
  })

  /**
   * "Create individually", before creating: the fields a resume PDF gives, for the recruiter to
   * check in the form (read by the built-in extractor, as the create itself does: no tokens).
   */
  .post('/:interviewId/candidates/resume-preview', requirePermission('candidates.manage'), ownInterview, uploadLimit(1), async (c) => {
    const [file] = await filesOf(await readForm(c), 'resume');
    if (!file) throw badRequest('Choose a PDF resume to read.', { resume: 'is required' });
    requireFileType(file.bytes, ['pdf']);
    return c.json({ fileName: file.name, fields: await fieldsFromResume(file.bytes) }, 200);
  })

  .get('/:interviewId/candidates/template.xlsx', requirePermission('candidates.manage'), ownInterview, async () => {
    return new Response(await buildCandidateTemplate(), {
      headers: { 'content-type': XLSX_CONTENT_TYPE, 'content-disposition': `attachment; filename="${TEMPLATE_FILE_NAME}"` },
    });
  })

  /** "Import by Excel": every good row becomes a candidate, every bad one is reported by number and reason. */
  .post('/:interviewId/candidates/import', requirePermission('candidates.manage'), ownInterview, openInterview, uploadLimit(1), async (c) => {
    const [file] = await filesOf(await readForm(c), 'file');
    if (!file) throw badRequest('Choose an .xlsx or .csv file to import.', { file: 'is required' });
    const sheet = parseCandidateSheet(file.bytes);
    const { created, duplicates } = await createCandidates(
      c.env.DB,
      { interview: interviewForSessions(c.var.interview), source: 'sheet', practice: false, now: Date.now() },
      sheet.rows.map((row) => row.candidate),
    );
    const report: ImportReport = {
      imported: created.length,
      skippedDuplicates: duplicates.length,
      errors: sheet.errors.map(({ row, reason }) => ({ row, reason })),
    };
    return c.json(report, 200);
  })

  /** "Import by resumes", step 1: read each PDF into fields for the recruiter to review. */
  .post('/:interviewId/candidates/resumes/parse', requirePermission('candidates.manage'), ownInterview, uploadLimit(20), async (c) => {
    const files = await filesOf(await readForm(c), 'files');
    return c.json(await parseResumeBatch(c.env, c.var.member.orgId, files), 200);
  })

  /** "Import by resumes", step 2: create the reviewed candidates. Entries are numbered from 1 in errors. */
  .post('/:interviewId/candidates/bulk', requirePermission('candidates.manage'), ownInterview, openInterview, validate('json', bulkCandidatesRequestSchema), async (c) => {
    const { orgId } = c.var.member;
    const errors: ImportReport['errors'] = [];
    const good: NewCandidate[] = [];
    for (const [index, entry] of c.req.valid('json').candidates.entries()) {
      const parsed = candidateInputSchema.safeParse(entry);
      if (!parsed.success) {
        errors.push({ row: index + 1, reason: firstIssue(parsed.error.issues) });
        continue;
      }
      const resumeKey = entry.resumeId ? r2Keys.resumeUpload(orgId, entry.resumeId) : undefined;
      if (resumeKey && !(await c.env.MEDIA.head(resumeKey))) {
        errors.push({ row: index + 1, reason: 'Its resume was not read for this organization: upload the resume again.' });
        continue;
      }
      good.push({ ...parsed.data, resumeKey });
    }
    const { created, duplicates } = await createCandidates(
      c.env.DB,
      { interview: interviewForSessions(c.var.interview), source: 'resume', practice: false, now: Date.now() },
      good,
    );
    const report: ImportReport = { imported: created.length, skippedDuplicates: duplicates.length, errors };
    return c.json(report, 200);
  });

function candidateView(candidate: Candidate) {
  return {
    id: candidate.id,
    name: candidate.name,
    email: candidate.email,
    phone: candidate.phone,
    school: candidate.school,
    workExperience: candidate.workExperience,
    hasResume: candidate.resumeKey !== null,
    createdAt: candidate.createdAt,
  };
}
