import { Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/guard';
import { owned } from '../../auth/owned';
import { organizationSummary } from '../../auth/signed-in';
import { randomToken } from '../../auth/tokens';
import type { AppEnv } from '../../context';
import {
  findInterview,
  findInterviewVersion,
  type InterviewContent,
  type InterviewRow,
  insertInterview,
  listInterviews,
  listInterviewVersions,
  setInterviewArchived,
  setPublicLinkToken,
  updateInterviewContent,
} from '../../db/interviews';
import { findOrganization } from '../../db/organizations';
import { findBankQuestions } from '../../db/questions';
import { badRequest, conflict, notFound } from '../../errors';
import { describeFields } from '../../field-labels';
import { type Interview, interviewInputSchema, interviewListQuerySchema, publicLinkRequestSchema } from '../../schemas/interviews';
import type { Question } from '../../schemas/questions';
import { validate } from '../../validate';

const ownInterview = owned('interview', 'interviewId', 'interview', (db, me, id) => findInterview(db, me.orgId, id));

/** Where candidates open an interview link (the candidate app's `/i/:token` route). */
const candidateLink = (requestUrl: string, token: string) => `${new URL(requestUrl).origin}/i/${token}`;

/**
 * The questions an interview may use, loaded once: every id must be in the organization's bank
 * (or be an example); an archived question may stay where it already was but not be added; a
 * take-home or live interview asks code questions only.
 */
async function checkedQuestions(db: D1Database, orgId: string, content: InterviewContent, current: readonly string[]): Promise<Map<string, Question>> {
  const questions = await findBankQuestions(db, orgId, content.questionIds);
  const fields: Record<string, string> = {};
  content.questionIds.forEach((id, index) => {
    const question = questions.get(id);
    const path = `questionIds.${index}`;
    if (!question) fields[path] = 'is not a question in your Question Bank';
    else if (question.archivedAt !== null && !current.includes(id)) fields[path] = 'is archived: restore it before adding it';
    else if (content.format !== 'one_way' && question.type !== 'code') fields[path] = 'take-home and live interviews use code questions only';
  });
  if (Object.keys(fields).length > 0) throw badRequest(describeFields(fields), fields);
  return questions;
}

async function interviewView(db: D1Database, requestUrl: string, interview: InterviewRow): Promise<Interview> {
  const [questions, org] = await Promise.all([findBankQuestions(db, interview.orgId, interview.questionIds), findOrganization(db, interview.orgId)]);
  if (!org) throw notFound('No such organization');
  const summary = organizationSummary(org);
  return {
    id: interview.id,
    name: interview.name,
    format: interview.format,
    intro: interview.intro,
    closing: interview.closing,
    deadlineHours: interview.deadlineHours,
    deadlineAt: interview.deadlineAt,
    version: interview.version,
    questions: interview.questionIds.flatMap((id) => {
      const q = questions.get(id);
      return q ? [{ id, type: q.type, title: q.title, source: q.source, archived: q.archivedAt !== null }] : [];
    }),
    publicLink: interview.publicLinkToken
      ? { enabled: true, token: interview.publicLinkToken, url: candidateLink(requestUrl, interview.publicLinkToken) }
      : { enabled: false, token: null, url: null },
    branding: { accentColor: summary.accentColor, logoUrl: summary.logoUrl },
    archivedAt: interview.archivedAt,
    createdAt: interview.createdAt,
    updatedAt: interview.updatedAt,
  };
}

async function answer(db: D1Database, requestUrl: string, orgId: string, interviewId: string): Promise<{ interview: Interview }> {
  const interview = await findInterview(db, orgId, interviewId);
  if (!interview) throw notFound('No such interview');
  return { interview: await interviewView(db, requestUrl, interview) };
}

const sameContent = (a: InterviewContent, b: InterviewContent) =>
  a.name === b.name &&
  a.format === b.format &&
  a.intro === b.intro &&
  a.closing === b.closing &&
  a.deadlineHours === b.deadlineHours &&
  a.deadlineAt === b.deadlineAt &&
  a.questionIds.join() === b.questionIds.join();

export const manageInterviews = new Hono<AppEnv>()
  .get('/', requirePermission('interviews.read'), validate('query', interviewListQuerySchema), async (c) => {
    return c.json({ interviews: await listInterviews(c.env.DB, c.var.member.orgId, c.req.valid('query').archived) }, 200);
  })

  .post('/', requirePermission('interviews.write'), validate('json', interviewInputSchema), async (c) => {
    const me = c.var.member;
    const { expectedVersion: _ignored, ...content } = c.req.valid('json');
    const questions = await checkedQuestions(c.env.DB, me.orgId, content, []);
    const id = crypto.randomUUID();
    await insertInterview(c.env.DB, { id, orgId: me.orgId, content, questions, createdBy: me.memberId, now: Date.now() });
    return c.json(await answer(c.env.DB, c.req.url, me.orgId, id), 201);
  })

  .get('/:interviewId', requirePermission('interviews.read'), ownInterview, async (c) => {
    return c.json({ interview: await interviewView(c.env.DB, c.req.url, c.var.interview) }, 200);
  })

  /**
   * Replaces the interview's content and makes it the next version; the previous version stays
   * (sessions started from it keep their copy). Saving unchanged content makes no new version.
   */
  .put('/:interviewId', requirePermission('interviews.write'), ownInterview, validate('json', interviewInputSchema), async (c) => {
    const me = c.var.member;
    const current = c.var.interview;
    const { expectedVersion, ...content } = c.req.valid('json');
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw conflict('version_conflict', `This interview changed since you opened it (now version ${current.version}). Reload it and try again.`);
    }
    if (!sameContent(content, current)) {
      const questions = await checkedQuestions(c.env.DB, me.orgId, content, current.questionIds);
      await updateInterviewContent(c.env.DB, { id: current.id, orgId: me.orgId, fromVersion: current.version, content, questions, updatedBy: me.memberId, now: Date.now() });
    }
    return c.json(await answer(c.env.DB, c.req.url, me.orgId, current.id), 200);
  })

  .get('/:interviewId/versions', requirePermission('interviews.read'), ownInterview, async (c) => {
    return c.json({ versions: await listInterviewVersions(c.env.DB, c.var.member.orgId, c.var.interview.id) }, 200);
  })

  .get(
    '/:interviewId/versions/:version',
    requirePermission('interviews.read'),
    ownInterview,
    validate('param', z.object({ interviewId: z.string(), version: z.coerce.number().int().min(1).max(1_000_000) })),
    async (c) => {
      const snapshot = await findInterviewVersion(c.env.DB, c.var.member.orgId, c.var.interview.id, c.req.valid('param').version);
      if (!snapshot) throw notFound('No such version');
      return c.json({ snapshot }, 200);
    },
  )

  /** The Shareable Link: off by default; switching it on twice keeps the same link. */
  .put('/:interviewId/public-link', requirePermission('interviews.write'), ownInterview, validate('json', publicLinkRequestSchema), async (c) => {
    const interview = c.var.interview;
    const { enabled } = c.req.valid('json');
    if (enabled !== (interview.publicLinkToken !== null)) {
      await setPublicLinkToken(c.env.DB, interview.orgId, interview.id, enabled ? randomToken() : null, Date.now());
    }
    return c.json(await answer(c.env.DB, c.req.url, interview.orgId, interview.id), 200);
  })

  /** A new link; the old one stops working at once. */
  .post('/:interviewId/public-link/rotate', requirePermission('interviews.write'), ownInterview, async (c) => {
    const interview = c.var.interview;
    if (interview.publicLinkToken === null) throw conflict('public_link_off', 'Switch the Shareable Link on before rotating it.');
    await setPublicLinkToken(c.env.DB, interview.orgId, interview.id, randomToken(), Date.now());
    return c.json(await answer(c.env.DB, c.req.url, interview.orgId, interview.id), 200);
  })

  /** Archived interviews leave the list and their Shareable Link stops working; sessions stay. */
  .post('/:interviewId/archive', requirePermission('interviews.write'), ownInterview, async (c) => {
    const interview = c.var.interview;
    const now = Date.now();
    if (interview.archivedAt === null) await setInterviewArchived(c.env.DB, interview.orgId, interview.id, now, now);
    return c.json(await answer(c.env.DB, c.req.url, interview.orgId, interview.id), 200);
  })

  .post('/:interviewId/restore', requirePermission('interviews.write'), ownInterview, async (c) => {
    const interview = c.var.interview;
    if (interview.archivedAt !== null) await setInterviewArchived(c.env.DB, interview.orgId, interview.id, null, Date.now());
    return c.json(await answer(c.env.DB, c.req.url, interview.orgId, interview.id), 200);
  });
