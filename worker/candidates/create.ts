/**
 * Creating candidates and their sessions, for every way a candidate arrives: one by one, from a
 * spreadsheet, from reviewed resumes, through the public link, into the sandbox. A candidate and
 * the session (and quota charge) made for it are written in one D1 batch, which is one
 * transaction: a row is never half-imported, and a batch that would pass the quota is refused whole.
 */
import { randomToken } from '../auth/tokens';
import { dedupeKeyOf, existingDedupeKeys, type Candidate, type CandidateSource } from '../db/candidates';
import type { InterviewRow } from '../db/interviews';
import type { SessionRow } from '../db/sessions';
import { conflict } from '../errors';
import type { CandidateInput } from '../schemas/candidates';
import type { InterviewFormat } from '../state/session-states';
import { chargeSessionsStatement, isQuotaAbort, quotaExceeded, readQuota, requireQuota } from './quota';

/** What a session needs to know of its interview when it is created. */
export interface InterviewForSessions {
  id: string;
  orgId: string;
  format: InterviewFormat;
  questionCount: number;
}

export const interviewForSessions = (interview: InterviewRow): InterviewForSessions => ({
  id: interview.id,
  orgId: interview.orgId,
  format: interview.format,
  questionCount: interview.questionIds.length,
});

export interface NewCandidate extends CandidateInput {
  /** Chosen by the caller when it must name things after the candidate first (their resume's key). */
  id?: string | undefined;
  resumeKey?: string | undefined;
}

export interface CreatedCandidate {
  candidate: Candidate;
  session: SessionRow;
}

export interface CreateResult {
  created: CreatedCandidate[];
  /** Indexes (into the input) of entries that are already candidates of the interview, or repeat an earlier entry. */
  duplicates: number[];
}

/** 144 random bits, base64url: the invite link's token. */
export const newInviteToken = () => randomToken(18);

/** JSON parameters stay well below D1's 2 MB value limit whatever the candidates carry. */
const MAX_CHUNK_JSON = 256 * 1024;

const isUniqueViolation = (err: unknown) => err instanceof Error && /UNIQUE constraint failed: candidates/.test(err.message);

export async function createCandidates(
  db: D1Database,
  options: { interview: InterviewForSessions; source: CandidateSource; practice: boolean; now: number },
  entries: readonly NewCandidate[],
): Promise<CreateResult> {
  // A candidate created by a concurrent request between our read and our write makes the batch
  // fail on the unique key; the second attempt sees it and counts it as a duplicate.
  for (let attempt = 0; ; attempt++) {
    try {
      return await tryCreate(db, options, entries);
    } catch (err) {
      if (isUniqueViolation(err) && attempt < 2) continue;
      if (isQuotaAbort(err)) throw quotaExceeded(await readQuota(db, options.interview.orgId), entries.length);
      throw err;
    }
  }
}

async function tryCreate(
  db: D1Database,
  { interview, source, practice, now }: { interview: InterviewForSessions; source: CandidateSource; practice: boolean; now: number },
  entries: readonly NewCandidate[],
): Promise<CreateResult> {
  const keys = entries.map(dedupeKeyOf);
  const existing = await existingDedupeKeys(db, interview.id, keys);
  const duplicates: number[] = [];
  const fresh: { entry: NewCandidate; key: string }[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const key = keys[index]!;
    if (existing.has(key) || seen.has(key)) duplicates.push(index);
    else fresh.push({ entry, key });
    seen.add(key);
  });
  if (!practice) await requireQuota(db, interview.orgId, fresh.length);

  const created = fresh.map(({ entry, key }): CreatedCandidate & { key: string } => {
    const candidate: Candidate = {
      id: entry.id ?? crypto.randomUUID(),
      orgId: interview.orgId,
      interviewId: interview.id,
      name: entry.name,
      email: entry.email ?? null,
      phone: entry.phone ?? null,
      school: entry.school ?? null,
      workExperience: entry.workExperience ?? null,
      resumeKey: entry.resumeKey ?? null,
      source,
      createdAt: now,
    };
    return { candidate, session: newSession(interview, candidate, { practice, now, retakeOf: null }), key };
  });

  const statements: D1PreparedStatement[] = [];
  for (const chunk of chunksOf(created)) {
    const sessionIds = JSON.stringify(chunk.map((c) => c.session.id));
    if (!practice) statements.push(chargeSessionsStatement(db, interview.orgId, sessionIds, now));
    statements.push(insertCandidatesStatement(db, interview, source, now, chunk));
    statements.push(insertSessionsStatement(db, interview, practice, now, chunk.map((c) => ({ session: c.session, candidate: c.candidate }))));
  }
  if (statements.length > 0) await db.batch(statements);
  return { created: created.map(({ candidate, session }) => ({ candidate, session })), duplicates };
}

/**
 * A further session for a candidate who already has one: a retake (the previous session is
 * marked as retaken and points at the new one) or another try of the sandbox.
 */
export async function createSessionForCandidate(
  db: D1Database,
  options: { interview: InterviewForSessions; candidate: Candidate; practice: boolean; retakeOf: string | null; now: number },
): Promise<SessionRow> {
  const { interview, candidate, practice, retakeOf, now } = options;
  const session = newSession(interview, candidate, { practice, now, retakeOf });
  if (!practice) await requireQuota(db, interview.orgId, 1);
  // Each statement holds only while the previous session is not yet retaken, so two recruiters
  // clicking Retake at once make one new session between them.
  const notYetRetaken = 'NOT EXISTS (SELECT 1 FROM sessions WHERE id = ?9 AND retaken_by IS NOT NULL)';
  const statements: D1PreparedStatement[] = [];
  if (!practice) {
    statements.push(
      db
        .prepare(`INSERT INTO quota_charges (session_id, org_id, created_at) SELECT ?1, ?2, ?3 WHERE ${notYetRetaken.replace('?9', '?4')}`)
        .bind(session.id, interview.orgId, now, retakeOf),
    );
  }
  statements.push(
    db
      .prepare(
        `INSERT INTO sessions (id, org_id, interview_id, candidate_id, format, practice, retake_of, invite_token, sort_name,
           candidate_email, question_count, created_at, updated_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?9, ?7, ?8, ?10, ?11, ?12, ?12 WHERE ${notYetRetaken}`,
      )
      .bind(
        session.id,
        interview.orgId,
        interview.id,
        candidate.id,
        interview.format,
        practice ? 1 : 0,
        session.inviteToken,
        sortNameOf(candidate.name),
        retakeOf,
        candidate.email,
        interview.questionCount,
        now,
      ),
  );
  if (retakeOf) {
    statements.push(
      db.prepare('UPDATE sessions SET retaken_by = ?1 WHERE id = ?2 AND org_id = ?3 AND retaken_by IS NULL').bind(session.id, retakeOf, interview.orgId),
    );
  }
  let results: D1Result[];
  try {
    results = await db.batch(statements);
  } catch (err) {
    if (isQuotaAbort(err)) throw quotaExceeded(await readQuota(db, interview.orgId), 1);
    throw err;
  }
  if ((results[practice ? 0 : 1]?.meta.changes ?? 0) === 0) throw conflict('already_retaken', 'This session was already retaken; retake the newest one.');
  return session;
}

/** The name as the Sessions tab sorts and searches it. */
export const sortNameOf = (name: string) => name.normalize('NFKC').toLowerCase().trim();

function newSession(interview: InterviewForSessions, candidate: Candidate, options: { practice: boolean; now: number; retakeOf: string | null }): SessionRow {
  return {
    id: crypto.randomUUID(),
    orgId: interview.orgId,
    interviewId: interview.id,
    candidateId: candidate.id,
    candidateEmail: candidate.email,
    status: 'not_started',
    format: interview.format,
    practice: options.practice,
    retakeOf: options.retakeOf,
    retakenBy: null,
    inviteToken: newInviteToken(),
    answeredCount: 0,
    questionCount: interview.questionCount,
    checkpointCount: 0,
    lastCheckpointAt: null,
    startedAt: null,
    finishedAt: null,
    createdAt: options.now,
    updatedAt: options.now,
  };
}

function* chunksOf<T>(items: readonly T[]): Generator<T[]> {
  let chunk: T[] = [];
  let size = 0;
  for (const item of items) {
    const itemSize = JSON.stringify(item).length;
    if (chunk.length > 0 && size + itemSize > MAX_CHUNK_JSON) {
      yield chunk;
      chunk = [];
      size = 0;
    }
    chunk.push(item);
    size += itemSize;
  }
  if (chunk.length > 0) yield chunk;
}

function insertCandidatesStatement(
  db: D1Database,
  interview: InterviewForSessions,
  source: CandidateSource,
  now: number,
  rows: readonly (CreatedCandidate & { key: string })[],
): D1PreparedStatement {
  const json = JSON.stringify(
    rows.map(({ candidate, key }) => ({
      id: candidate.id,
      name: candidate.name,
      email: candidate.email,
      phone: candidate.phone,
      school: candidate.school,
      workExperience: candidate.workExperience,
      resumeKey: candidate.resumeKey,
      key,
    })),
  );
  return db
    .prepare(
      `INSERT INTO candidates (id, org_id, interview_id, name, email, phone, school, work_experience, resume_key, dedupe_key, source, created_at, updated_at)
       SELECT json_extract(value, '$.id'), ?1, ?2, json_extract(value, '$.name'), json_extract(value, '$.email'),
         json_extract(value, '$.phone'), json_extract(value, '$.school'), json_extract(value, '$.workExperience'),
         json_extract(value, '$.resumeKey'), json_extract(value, '$.key'), ?3, ?4, ?4
       FROM json_each(?5)`,
    )
    .bind(interview.orgId, interview.id, source, now, json);
}

function insertSessionsStatement(
  db: D1Database,
  interview: InterviewForSessions,
  practice: boolean,
  now: number,
  rows: readonly CreatedCandidate[],
): D1PreparedStatement {
  const json = JSON.stringify(
    rows.map(({ candidate, session }) => ({
      id: session.id,
      candidateId: candidate.id,
      token: session.inviteToken,
      sortName: sortNameOf(candidate.name),
      email: candidate.email,
    })),
  );
  return db
    .prepare(
      `INSERT INTO sessions (id, org_id, interview_id, candidate_id, format, practice, invite_token, sort_name, candidate_email,
         question_count, created_at, updated_at)
       SELECT json_extract(value, '$.id'), ?1, ?2, json_extract(value, '$.candidateId'), ?3, ?4, json_extract(value, '$.token'),
         json_extract(value, '$.sortName'), json_extract(value, '$.email'), ?5, ?6, ?6
       FROM json_each(?7)`,
    )
    .bind(interview.orgId, interview.id, interview.format, practice ? 1 : 0, interview.questionCount, now, json);
}
