/**
 * Creating candidates and their sessions, for every way a candidate arrives: one by one, from a
 * spreadsheet, from reviewed resumes, through the public link, into the sandbox. A candidate and
 * the session (and quota charge) made for it are written in one D1 batch, which is one
 * transaction: a row is never half-imported, and a batch that would pass the quota is refused whole.
 */
import { randomToken } from '../auth/tokens';
import { type Candidate, type CandidateSource, dedupeKeyOf, existingDedupeKeys, insertCandidatesStatement } from '../db/candidates';
import type { InterviewRow } from '../db/interviews';
import { chargeRetakeStatement, chargeSessionsStatement } from '../db/quota';
import { insertFurtherSessionStatement, insertSessionsStatement, markRetakenStatement, type NewSessionBatch, type NewSessionRow, type SessionRow } from '../db/sessions';
import { conflict } from '../errors';
import type { CandidateInput } from '../schemas/candidates';
import type { InterviewFormat } from '../state/session-states';
import { isQuotaAbort, quotaExceeded, readQuota, requireQuota } from './quota';

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

interface CreatedCandidate {
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
  const keyed = entries.map((entry) => ({ entry, key: dedupeKeyOf(entry) }));
  const existing = await existingDedupeKeys(
    db,
    interview.id,
    keyed.map(({ key }) => key),
  );
  const duplicates: number[] = [];
  const fresh: { entry: NewCandidate; key: string }[] = [];
  const seen = new Set<string>();
  keyed.forEach(({ entry, key }, index) => {
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
    statements.push(
      insertCandidatesStatement(
        db,
        { orgId: interview.orgId, interviewId: interview.id, source, now },
        chunk.map(({ candidate, key }) => ({ ...candidate, dedupeKey: key })),
      ),
    );
    statements.push(
      insertSessionsStatement(
        db,
        sessionBatchOf(interview, practice, now),
        chunk.map((c) => newSessionRow(c.session, c.candidate)),
      ),
    );
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
  const statements: D1PreparedStatement[] = [];
  if (!practice) statements.push(chargeRetakeStatement(db, { sessionId: session.id, orgId: interview.orgId, now, retakeOf }));
  statements.push(
    insertFurtherSessionStatement(db, { ...sessionBatchOf(interview, practice, now), interviewId: interview.id }, { ...newSessionRow(session, candidate), retakeOf }),
  );
  if (retakeOf) statements.push(markRetakenStatement(db, interview.orgId, retakeOf, session.id));
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
    startedAt: null,
    finishedAt: null,
    createdAt: options.now,
    updatedAt: options.now,
    analysisState: null,
    analysisScore: null,
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

function sessionBatchOf(interview: InterviewForSessions, practice: boolean, now: number): NewSessionBatch {
  return { orgId: interview.orgId, interviewId: interview.id, format: interview.format, practice, questionCount: interview.questionCount, now };
}

function newSessionRow(session: SessionRow, candidate: Candidate): NewSessionRow {
  return { id: session.id, candidateId: candidate.id, inviteToken: session.inviteToken, sortName: sortNameOf(candidate.name), candidateEmail: candidate.email };
}
