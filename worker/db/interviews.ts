/**
 * Typed D1 queries for interviews and their versions. Every content change writes a new version
 * row holding the complete snapshot (question bodies included), in the same batch (one
 * transaction) as the change itself; the primary key (interview_id, version) makes two racing
 * edits unable to both claim the same version.
 */
import { HttpError } from '../errors';
import type { InterviewFormat, InterviewListItem, InterviewSnapshot, InterviewVersionSummary } from '../schemas/interviews';
import type { Question, QuestionBody } from '../schemas/questions';
import { findBankQuestions, questionBodyOf } from './questions';

/** D1 refuses values over 2 MB; a snapshot stays well under it. */
const MAX_SNAPSHOT_BYTES = 1_500_000;

export interface InterviewRow {
  id: string;
  orgId: string;
  name: string;
  format: InterviewFormat;
  intro: string;
  closing: string;
  deadlineHours: number | null;
  deadlineAt: number | null;
  version: number;
  publicLinkToken: string | null;
  archivedAt: number | null;
  createdAt: number;
  updatedAt: number;
  questionIds: string[];
}

interface InterviewRecord {
  id: string;
  org_id: string;
  name: string;
  format: InterviewFormat;
  intro: string;
  closing: string;
  deadline_hours: number | null;
  deadline_at: number | null;
  version: number;
  public_link_token: string | null;
  archived_at: number | null;
  created_at: number;
  updated_at: number;
  question_ids: string;
}

const SELECT_INTERVIEW = `SELECT i.*, (SELECT coalesce(json_group_array(question_id), '[]') FROM
    (SELECT question_id FROM interview_questions WHERE interview_id = i.id ORDER BY position)) AS question_ids
  FROM interviews i`;

const toInterview = (r: InterviewRecord): InterviewRow => ({
  id: r.id,
  orgId: r.org_id,
  name: r.name,
  format: r.format,
  intro: r.intro,
  closing: r.closing,
  deadlineHours: r.deadline_hours,
  deadlineAt: r.deadline_at,
  version: r.version,
  publicLinkToken: r.public_link_token,
  archivedAt: r.archived_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  questionIds: JSON.parse(r.question_ids) as string[],
});

/** The interview's content: what a version captures. */
export interface InterviewContent {
  name: string;
  format: InterviewFormat;
  intro: string;
  closing: string;
  deadlineHours: number | null;
  deadlineAt: number | null;
  questionIds: string[];
}

function buildSnapshot(
  interviewId: string,
  version: number,
  content: InterviewContent,
  questions: Map<string, Question>,
  replaced?: { id: string; body: QuestionBody },
): InterviewSnapshot {
  const snapshot: InterviewSnapshot = {
    interviewId,
    version,
    name: content.name,
    format: content.format,
    intro: content.intro,
    closing: content.closing,
    deadlineHours: content.deadlineHours,
    deadlineAt: content.deadlineAt,
    questions: content.questionIds.map((id) => {
      const question = questions.get(id);
      if (!question) throw new Error(`question ${id} of interview ${interviewId} is missing`);
      return { ...(replaced?.id === id ? replaced.body : questionBodyOf(question)), id };
    }),
  };
  if (new TextEncoder().encode(JSON.stringify(snapshot)).byteLength > MAX_SNAPSHOT_BYTES) {
    throw new HttpError(400, 'invalid_request', 'This interview would be too large: use fewer or shorter questions.', { questionIds: 'too much content for one interview' });
  }
  return snapshot;
}

function contentStatements(db: D1Database, orgId: string, snapshot: InterviewSnapshot, createdBy: string, now: number): D1PreparedStatement[] {
  return [
    db.prepare('DELETE FROM interview_questions WHERE interview_id = ?').bind(snapshot.interviewId),
    db
      .prepare(`INSERT INTO interview_questions (interview_id, position, question_id) SELECT ?1, key, value FROM json_each(?2)`)
      .bind(snapshot.interviewId, JSON.stringify(snapshot.questions.map((q) => q.id))),
    db
      .prepare('INSERT INTO interview_versions (interview_id, version, org_id, snapshot, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .bind(snapshot.interviewId, snapshot.version, orgId, JSON.stringify(snapshot), createdBy, now),
  ];
}

const isUniqueViolation = (err: unknown) => err instanceof Error && /UNIQUE constraint failed|PRIMARY KEY/i.test(err.message);
const versionConflict = () => new HttpError(409, 'version_conflict', 'Someone else changed this interview at the same time. Reload it and try again.');

async function runVersioned(db: D1Database, statements: D1PreparedStatement[]): Promise<void> {
  try {
    await db.batch(statements);
  } catch (err) {
    if (isUniqueViolation(err)) throw versionConflict();
    throw err;
  }
}

export async function insertInterview(
  db: D1Database,
  interview: { id: string; orgId: string; content: InterviewContent; questions: Map<string, Question>; createdBy: string; now: number },
): Promise<void> {
  const { id, orgId, content, createdBy, now } = interview;
  const snapshot = buildSnapshot(id, 1, content, interview.questions);
  await runVersioned(db, [
    db
      .prepare(
        `INSERT INTO interviews (id, org_id, name, format, intro, closing, deadline_hours, deadline_at, version, created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?10, ?10)`,
      )
      .bind(id, orgId, content.name, content.format, content.intro, content.closing, content.deadlineHours, content.deadlineAt, createdBy, now),
    ...contentStatements(db, orgId, snapshot, createdBy, now),
  ]);
}

/** Writes the content as the next version, only if the interview is still at `fromVersion`. */
export async function updateInterviewContent(
  db: D1Database,
  interview: { id: string; orgId: string; fromVersion: number; content: InterviewContent; questions: Map<string, Question>; updatedBy: string; now: number },
): Promise<void> {
  const { id, orgId, fromVersion, content, updatedBy, now } = interview;
  const snapshot = buildSnapshot(id, fromVersion + 1, content, interview.questions);
  await runVersioned(db, [
    db
      .prepare(
        `UPDATE interviews SET name = ?, format = ?, intro = ?, closing = ?, deadline_hours = ?, deadline_at = ?, version = ?, updated_at = ?
         WHERE id = ? AND org_id = ? AND version = ?`,
      )
      .bind(content.name, content.format, content.intro, content.closing, content.deadlineHours, content.deadlineAt, fromVersion + 1, now, id, orgId, fromVersion),
    ...contentStatements(db, orgId, snapshot, updatedBy, now),
  ]);
}

/**
 * Statements that give every interview using this question a new version with the question's
 * new body. The caller runs them in one batch with the question's own update.
 */
export async function interviewRefreshStatements(
  db: D1Database,
  change: { orgId: string; questionId: string; body: QuestionBody; updatedBy: string; now: number },
): Promise<D1PreparedStatement[]> {
  const { results } = await db
    .prepare(`${SELECT_INTERVIEW} WHERE i.org_id = ? AND i.id IN (SELECT interview_id FROM interview_questions WHERE question_id = ?)`)
    .bind(change.orgId, change.questionId)
    .all<InterviewRecord>();
  const statements: D1PreparedStatement[] = [];
  for (const interview of results.map(toInterview)) {
    const questions = await findBankQuestions(db, change.orgId, interview.questionIds);
    const snapshot = buildSnapshot(interview.id, interview.version + 1, interview, questions, { id: change.questionId, body: change.body });
    statements.push(
      db
        .prepare('UPDATE interviews SET version = ?, updated_at = ? WHERE id = ? AND org_id = ? AND version = ?')
        .bind(snapshot.version, change.now, interview.id, change.orgId, interview.version),
      ...contentStatements(db, change.orgId, snapshot, change.updatedBy, change.now),
    );
  }
  return statements;
}

export { runVersioned as runInterviewBatch };

/** The organization's interview; another organization's id finds nothing. */
export async function findInterview(db: D1Database, orgId: string, interviewId: string): Promise<InterviewRow | null> {
  const row = await db.prepare(`${SELECT_INTERVIEW} WHERE i.id = ? AND i.org_id = ?`).bind(interviewId, orgId).first<InterviewRecord>();
  return row ? toInterview(row) : null;
}

/**
 * The interview behind a Shareable Link, while the link is on and the interview not archived.
 * A rotated or switched-off token finds nothing.
 */
export async function findInterviewByPublicToken(db: D1Database, token: string): Promise<InterviewRow | null> {
  if (!/^[A-Za-z0-9_-]{22,100}$/.test(token)) return null;
  const row = await db.prepare(`${SELECT_INTERVIEW} WHERE i.public_link_token = ? AND i.archived_at IS NULL`).bind(token).first<InterviewRecord>();
  return row ? toInterview(row) : null;
}

export async function listInterviews(db: D1Database, orgId: string, archived: boolean): Promise<InterviewListItem[]> {
  const { results } = await db
    .prepare(
      `SELECT i.id, i.name, i.format, i.version, i.public_link_token IS NOT NULL AS public_link_enabled, i.archived_at, i.updated_at,
         (SELECT count(*) FROM interview_questions WHERE interview_id = i.id) AS question_count
       FROM interviews i WHERE i.org_id = ? AND (CASE WHEN ? THEN i.archived_at IS NOT NULL ELSE i.archived_at IS NULL END)
       ORDER BY i.updated_at DESC, i.id LIMIT 500`,
    )
    .bind(orgId, archived ? 1 : 0)
    .all<{
      id: string;
      name: string;
      format: InterviewFormat;
      version: number;
      public_link_enabled: number;
      archived_at: number | null;
      updated_at: number;
      question_count: number;
    }>();
  return results.map((r) => ({
    id: r.id,
    name: r.name,
    format: r.format,
    version: r.version,
    questionCount: r.question_count,
    publicLinkEnabled: r.public_link_enabled === 1,
    archivedAt: r.archived_at,
    updatedAt: r.updated_at,
  }));
}

export async function setPublicLinkToken(db: D1Database, orgId: string, interviewId: string, token: string | null, now: number): Promise<void> {
  await db.prepare('UPDATE interviews SET public_link_token = ?, updated_at = ? WHERE id = ? AND org_id = ?').bind(token, now, interviewId, orgId).run();
}

export async function setInterviewArchived(db: D1Database, orgId: string, interviewId: string, archivedAt: number | null, now: number): Promise<void> {
  await db.prepare('UPDATE interviews SET archived_at = ?, updated_at = ? WHERE id = ? AND org_id = ?').bind(archivedAt, now, interviewId, orgId).run();
}

export async function listInterviewVersions(db: D1Database, orgId: string, interviewId: string): Promise<InterviewVersionSummary[]> {
  const { results } = await db
    .prepare('SELECT version, created_at, created_by FROM interview_versions WHERE interview_id = ? AND org_id = ? ORDER BY version DESC')
    .bind(interviewId, orgId)
    .all<{ version: number; created_at: number; created_by: string }>();
  return results.map((r) => ({ version: r.version, createdAt: r.created_at, createdBy: r.created_by }));
}

export async function findInterviewVersion(db: D1Database, orgId: string, interviewId: string, version: number): Promise<InterviewSnapshot | null> {
  const row = await db
    .prepare('SELECT snapshot FROM interview_versions WHERE interview_id = ? AND org_id = ? AND version = ?')
    .bind(interviewId, orgId, version)
    .first<{ snapshot: string }>();
  // Written only by contentStatements, from buildSnapshot.
  return row ? (JSON.parse(row.snapshot) as InterviewSnapshot) : null;
}

/**
 * The interview's current version, complete with question bodies in order: what a session
 * passes to its Durable Object's `start(snapshot)`. Null for another organization's interview.
 */
export async function snapshotInterview(db: D1Database, orgId: string, interviewId: string): Promise<InterviewSnapshot | null> {
  const row = await db
    .prepare(
      `SELECT v.snapshot FROM interviews i JOIN interview_versions v ON v.interview_id = i.id AND v.version = i.version
       WHERE i.id = ? AND i.org_id = ?`,
    )
    .bind(interviewId, orgId)
    .first<{ snapshot: string }>();
  return row ? (JSON.parse(row.snapshot) as InterviewSnapshot) : null;
}
