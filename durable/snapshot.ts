/**
 * The session's own copy of its interview, taken once when the session starts. Later edits of
 * the interview or its questions make new versions in D1 and never reach this copy. One row per
 * question keeps every row far below the 2 MB a Durable Object SQLite row may hold.
 */
import type { InterviewSnapshot, SnapshotQuestion } from '../worker/schemas/interviews';

/** Durable Object migration 2 (listed in durable/migrations.ts). */
export const INTERVIEW_COPY_MIGRATION_SQL = `
  CREATE TABLE interview_copy (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    interview_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    header TEXT NOT NULL,
    started_at INTEGER NOT NULL
  );
  CREATE TABLE interview_copy_questions (
    position INTEGER PRIMARY KEY,
    question_id TEXT NOT NULL,
    body TEXT NOT NULL
  );
`;

export type StartResult =
  | { kind: 'started' | 'already_started'; interviewId: string; version: number; questionCount: number; startedAt: number }
  | { kind: 'session_not_found' };

type SnapshotHeader = Omit<InterviewSnapshot, 'questions'>;

/**
 * Stores the copy unless one is already there: a session's questions never change once it has
 * started, so a repeated start (a retry, a second device racing) answers the copy it already has.
 */
export function storeInterviewCopy(storage: DurableObjectStorage, snapshot: InterviewSnapshot, now: number): StartResult {
  return storage.transactionSync(() => {
    const sql = storage.sql;
    const existing = sql
      .exec<{ interview_id: string; version: number; started_at: number; n: number }>(
        'SELECT interview_id, version, started_at, (SELECT count(*) FROM interview_copy_questions) AS n FROM interview_copy WHERE id = 1',
      )
      .toArray()[0];
    if (existing) {
      return { kind: 'already_started', interviewId: existing.interview_id, version: existing.version, questionCount: existing.n, startedAt: existing.started_at };
    }
    const { questions, ...header } = snapshot;
    sql.exec('INSERT INTO interview_copy (id, interview_id, version, header, started_at) VALUES (1, ?, ?, ?, ?)', header.interviewId, header.version, JSON.stringify(header), now);
    questions.forEach((question, position) => {
      sql.exec('INSERT INTO interview_copy_questions (position, question_id, body) VALUES (?, ?, ?)', position, question.id, JSON.stringify(question));
    });
    return { kind: 'started', interviewId: header.interviewId, version: header.version, questionCount: questions.length, startedAt: now };
  });
}

/** The copy the session started with, questions in order; null before the session started. */
export function readInterviewCopy(sql: SqlStorage): InterviewSnapshot | null {
  const header = sql.exec<{ header: string }>('SELECT header FROM interview_copy WHERE id = 1').toArray()[0];
  if (!header) return null;
  // Both columns hold only what storeInterviewCopy wrote from a snapshot made by the Worker.
  const questions = sql
    .exec<{ body: string }>('SELECT body FROM interview_copy_questions ORDER BY position')
    .toArray()
    .map((row) => JSON.parse(row.body) as SnapshotQuestion);
  return { ...(JSON.parse(header.header) as SnapshotHeader), questions };
}
