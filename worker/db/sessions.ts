/** Typed D1 queries for the sessions index. Database first, explicit row mapping. */
import type { AnalysisStatus } from '../schemas/analysis';
import type { InterviewFormat, SessionState } from '../state/session-states';

export interface SessionRow {
  id: string;
  orgId: string;
  interviewId: string | null;
  candidateId: string | null;
  candidateEmail: string | null;
  status: SessionState;
  format: InterviewFormat;
  practice: boolean;
  retakeOf: string | null;
  retakenBy: string | null;
  inviteToken: string | null;
  answeredCount: number;
  questionCount: number;
  startedAt: number | null;
  finishedAt: number | null;
  createdAt: number;
  updatedAt: number;
  /** The analysis the session's object mirrored (worker/db/analysis.ts); null before it finished. */
  analysisState: AnalysisStatus | null;
  analysisScore: number | null;
}

interface SessionRecord {
  id: string;
  org_id: string;
  interview_id: string | null;
  candidate_id: string | null;
  candidate_email: string | null;
  status: SessionState;
  format: InterviewFormat;
  practice: number;
  retake_of: string | null;
  retaken_by: string | null;
  invite_token: string | null;
  answered_count: number;
  question_count: number;
  started_at: number | null;
  finished_at: number | null;
  created_at: number;
  updated_at: number;
  analysis_state: AnalysisStatus | null;
  analysis_score: number;
}

/** The stored sort key is -1 without a score, so sorting needs no NULL handling. */
const scoreOf = (stored: number) => (stored < 0 ? null : stored);

const toSession = (r: SessionRecord): SessionRow => ({
  id: r.id,
  orgId: r.org_id,
  interviewId: r.interview_id,
  candidateId: r.candidate_id,
  candidateEmail: r.candidate_email,
  status: r.status,
  format: r.format,
  practice: r.practice === 1,
  retakeOf: r.retake_of,
  retakenBy: r.retaken_by,
  inviteToken: r.invite_token,
  answeredCount: r.answered_count,
  questionCount: r.question_count,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  analysisState: r.analysis_state,
  analysisScore: scoreOf(r.analysis_score),
});

export async function findSession(db: D1Database, sessionId: string): Promise<SessionRow | null> {
  const row = await db.prepare('SELECT * FROM sessions WHERE id = ?').bind(sessionId).first<SessionRecord>();
  return row ? toSession(row) : null;
}

/** A session of the caller's organization; another organization's session is simply not found. */
export async function findOrgSession(db: D1Database, orgId: string, sessionId: string): Promise<SessionRow | null> {
  const row = await db.prepare('SELECT * FROM sessions WHERE id = ? AND org_id = ?').bind(sessionId, orgId).first<SessionRecord>();
  return row ? toSession(row) : null;
}

export async function findSessionByInviteToken(db: D1Database, token: string): Promise<SessionRow | null> {
  const row = await db.prepare('SELECT * FROM sessions WHERE invite_token = ?').bind(token).first<SessionRecord>();
  return row ? toSession(row) : null;
}

/** The candidate's current session: the newest one that has not been retaken. */
export async function findCurrentSessionOfCandidate(db: D1Database, candidateId: string): Promise<SessionRow | null> {
  const row = await db
    .prepare('SELECT * FROM sessions WHERE candidate_id = ? AND retaken_by IS NULL ORDER BY created_at DESC, id DESC LIMIT 1')
    .bind(candidateId)
    .first<SessionRecord>();
  return row ? toSession(row) : null;
}

/** What a batch of new sessions shares: they are made at once for one interview (or none, for a bare session). */
export interface NewSessionBatch {
  orgId: string;
  interviewId: string | null;
  format: InterviewFormat;
  practice: boolean;
  questionCount: number;
  now: number;
}

export interface NewSessionRow {
  id: string;
  candidateId: string | null;
  inviteToken: string | null;
  /** The candidate's name as the Sessions tab sorts and searches it. */
  sortName: string;
  candidateEmail: string | null;
}

/**
 * Inserts many sessions in one statement, every one Not Started: the rows travel as one JSON
 * parameter (D1 binds at most 100 parameters), so keep each call's JSON well below D1's 2 MB
 * value limit. The one way sessions are made (worker/candidates/create.ts), tests included.
 */
export function insertSessionsStatement(db: D1Database, batch: NewSessionBatch, rows: readonly NewSessionRow[]): D1PreparedStatement {
  const json = JSON.stringify(
    rows.map((row) => ({
      id: row.id,
      candidateId: row.candidateId,
      token: row.inviteToken,
      sortName: row.sortName,
      email: row.candidateEmail,
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
    .bind(batch.orgId, batch.interviewId, batch.format, batch.practice ? 1 : 0, batch.questionCount, batch.now, json);
}

/**
 * A further session for a candidate who has one (a retake of `retakeOf`, or another try of the
 * sandbox), inserted only while `retakeOf` is not yet retaken: of two recruiters clicking Retake
 * at once, one makes the new session. Its `meta.changes` says whether this one did.
 */
export function insertFurtherSessionStatement(
  db: D1Database,
  batch: NewSessionBatch & { interviewId: string },
  row: NewSessionRow & { retakeOf: string | null },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO sessions (id, org_id, interview_id, candidate_id, format, practice, retake_of, invite_token, sort_name,
         candidate_email, question_count, created_at, updated_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?9, ?7, ?8, ?10, ?11, ?12, ?12 WHERE NOT EXISTS (SELECT 1 FROM sessions WHERE id = ?9 AND retaken_by IS NOT NULL)`,
    )
    .bind(
      row.id,
      batch.orgId,
      batch.interviewId,
      row.candidateId,
      batch.format,
      batch.practice ? 1 : 0,
      row.inviteToken,
      row.sortName,
      row.retakeOf,
      row.candidateEmail,
      batch.questionCount,
      batch.now,
    );
}

/** Points the previous session at its retake, unless another retake already took it. */
export function markRetakenStatement(db: D1Database, orgId: string, previousId: string, retakeId: string): D1PreparedStatement {
  return db.prepare('UPDATE sessions SET retaken_by = ?1 WHERE id = ?2 AND org_id = ?3 AND retaken_by IS NULL').bind(retakeId, previousId, orgId);
}

/** The copy of the candidate's email that the Sessions tab searches, on every session of theirs. */
export function setSessionsCandidateEmailStatement(db: D1Database, candidateId: string, email: string): D1PreparedStatement {
  return db.prepare('UPDATE sessions SET candidate_email = ?1 WHERE candidate_id = ?2').bind(email, candidateId);
}

/**
 * Deletes a session's row. The retake chain skips the deleted session rather than pointing at
 * nothing, so the statements unlink its neighbours first; run them in one batch, in this order.
 */
export function deleteSessionStatements(db: D1Database, orgId: string, sessionId: string): D1PreparedStatement[] {
  return [
    db.prepare('UPDATE sessions SET retaken_by = NULL WHERE retaken_by = ?1 AND org_id = ?2').bind(sessionId, orgId),
    db.prepare('UPDATE sessions SET retake_of = NULL WHERE retake_of = ?1 AND org_id = ?2').bind(sessionId, orgId),
    db.prepare('DELETE FROM sessions WHERE id = ? AND org_id = ?').bind(sessionId, orgId),
  ];
}

/** The invite token of the first session made for this email in the interview; null when there is none. */
export async function findFirstInviteOf(
  db: D1Database,
  interviewId: string,
  candidateEmail: string,
): Promise<{ sessionId: string; status: string; inviteToken: string | null } | null> {
  const row = await db
    .prepare('SELECT id, status, invite_token FROM sessions WHERE interview_id = ? AND candidate_email = ? ORDER BY created_at LIMIT 1')
    .bind(interviewId, candidateEmail)
    .first<{ id: string; status: string; invite_token: string | null }>();
  return row ? { sessionId: row.id, status: row.status, inviteToken: row.invite_token } : null;
}

/**
 * Marks the start once. The guard on `started_at` makes two devices racing to start the same
 * session agree on one winner: only the call that changed the row may hand out the first device token.
 */
export async function claimSessionStart(db: D1Database, sessionId: string, questionCount: number, now: number): Promise<boolean> {
  const result = await db
    .prepare('UPDATE sessions SET started_at = ?1, question_count = ?2, updated_at = max(updated_at, ?1) WHERE id = ?3 AND started_at IS NULL')
    .bind(now, questionCount, sessionId)
    .run();
  return result.meta.changes > 0;
}

/** The summary the session's Durable Object mirrors; an older version never overwrites a newer one. */
export async function mirrorSessionProgress(
  db: D1Database,
  identity: { sessionId: string; orgId: string },
  summary: { answeredCount: number; questionCount: number; finishedAt: number | null; version: number },
  now: number,
): Promise<void> {
  await db
    .prepare(
      `UPDATE sessions SET answered_count = ?1,
         question_count = CASE WHEN ?2 > 0 THEN ?2 ELSE question_count END,
         finished_at = coalesce(finished_at, ?3), summary_version = ?4, updated_at = max(updated_at, ?5)
       WHERE id = ?6 AND org_id = ?7 AND summary_version < ?4`,
    )
    .bind(summary.answeredCount, summary.questionCount, summary.finishedAt, summary.version, now, identity.sessionId, identity.orgId)
    .run();
}

export type SessionSort = 'created' | 'updated' | 'name' | 'analysis';
export type SortDirection = 'asc' | 'desc';

/** Each sort reads one index: (interview_id, <column>, id), see migrations/0004_candidates.sql. */
const SORT_COLUMNS: Record<SessionSort, string> = { created: 's.created_at', updated: 's.updated_at', name: 's.sort_name', analysis: 's.analysis_score' };

export interface SessionListQuery {
  orgId: string;
  interviewId: string;
  status?: SessionState | undefined;
  analysis?: AnalysisStatus | undefined;
  /** Part of the candidate's name or email, any case. */
  search?: string | undefined;
  sort: SessionSort;
  dir: SortDirection;
  /** The sort value and id of the last session of the previous page. */
  after?: { value: string | number; id: string } | undefined;
  limit: number;
}

export interface SessionListRow {
  id: string;
  candidateId: string | null;
  candidateName: string;
  candidateEmail: string | null;
  status: SessionState;
  answeredCount: number;
  questionCount: number;
  practice: boolean;
  retakeOf: string | null;
  retakenBy: string | null;
  inviteToken: string | null;
  createdAt: number;
  updatedAt: number;
  sortName: string;
  startedAt: number | null;
  finishedAt: number | null;
  analysisState: AnalysisStatus | null;
  analysisScore: number | null;
}

interface SessionListRecord {
  id: string;
  candidate_id: string | null;
  candidate_name: string | null;
  candidate_email: string | null;
  status: SessionState;
  answered_count: number;
  question_count: number;
  practice: number;
  retake_of: string | null;
  retaken_by: string | null;
  invite_token: string | null;
  created_at: number;
  updated_at: number;
  sort_name: string;
  started_at: number | null;
  finished_at: number | null;
  analysis_state: AnalysisStatus | null;
  analysis_score: number;
}

/**
 * The search text as `sort_name` stores names (worker/candidates/create.ts `sortNameOf`: NFKC,
 * lower case) and emails are stored (lower case), so `instr` can compare exactly.
 */
const searchNeedle = (text: string) => text.normalize('NFKC').toLowerCase();

export function sessionListSql(query: SessionListQuery): { sql: string; params: (string | number)[] } {
  const column = SORT_COLUMNS[query.sort];
  const order = query.dir === 'asc' ? 'ASC' : 'DESC';
  const comparison = query.dir === 'asc' ? '>' : '<';
  const where = ['s.interview_id = ?1', 's.org_id = ?2'];
  const params: (string | number)[] = [query.interviewId, query.orgId];
  const param = (value: string | number) => {
    params.push(value);
    return `?${params.length}`;
  };
  if (query.status) where.push(`s.status = ${param(query.status)}`);
  if (query.analysis) where.push(`s.analysis_state = ${param(query.analysis)}`);
  if (query.search) {
    // instr, not LIKE: D1 refuses LIKE patterns over 50 bytes ("pattern too complex"), and a
    // `%…%` pattern scans the same rows anyway. instr has no wildcards, so `%` and `_` are letters.
    const needle = param(searchNeedle(query.search));
    where.push(`(instr(s.sort_name, ${needle}) > 0 OR instr(s.candidate_email, ${needle}) > 0)`);
  }
  if (query.after) where.push(`(${column}, s.id) ${comparison} (${param(query.after.value)}, ${param(query.after.id)})`);
  const sql = `SELECT s.id, s.candidate_id, c.name AS candidate_name, c.email AS candidate_email, s.status, s.answered_count,
       s.question_count, s.practice, s.retake_of, s.retaken_by, s.invite_token, s.created_at, s.updated_at, s.sort_name,
       s.started_at, s.finished_at,
       s.analysis_state, s.analysis_score
     FROM sessions s LEFT JOIN candidates c ON c.id = s.candidate_id
     WHERE ${where.join(' AND ')}
     ORDER BY ${column} ${order}, s.id ${order}
     LIMIT ${param(query.limit + 1)}`;
  return { sql, params };
}

/**
 * One page of an interview's sessions, by keyset: the page starts strictly after the previous
 * page's last (sort value, id), so it costs the same on page 1 and page 500 and never skips or
 * repeats a session when several share a sort value. Answers `limit + 1` rows at most, so the
 * caller can tell whether another page follows.
 */
export async function listInterviewSessions(db: D1Database, query: SessionListQuery): Promise<SessionListRow[]> {
  const { sql, params } = sessionListSql(query);
  const { results } = await db
    .prepare(sql)
    .bind(...params)
    .all<SessionListRecord>();
  return results.map((r) => ({
    id: r.id,
    candidateId: r.candidate_id,
    candidateName: r.candidate_name ?? '',
    candidateEmail: r.candidate_email,
    status: r.status,
    answeredCount: r.answered_count,
    questionCount: r.question_count,
    practice: r.practice === 1,
    retakeOf: r.retake_of,
    retakenBy: r.retaken_by,
    inviteToken: r.invite_token,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    sortName: r.sort_name,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    analysisState: r.analysis_state,
    analysisScore: scoreOf(r.analysis_score),
  }));
}

/** The value a session is sorted by, for the next page's cursor. */
export function sortValueOf(row: SessionListRow, sort: SessionSort): string | number {
  if (sort === 'analysis') return row.analysisScore ?? -1;
  return sort === 'created' ? row.createdAt : sort === 'updated' ? row.updatedAt : row.sortName;
}
