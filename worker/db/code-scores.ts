/** Code questions' test scores (D1 migration 0011), mirrored by the session's object for the export. */

export interface CodeScoreRow {
  questionId: string;
  /** The run's order in its session: the mirror never lets an older run replace a newer one. */
  runSeq: number;
  passed: number;
  total: number;
}

/** Writes the latest run's score of each question; repeats and late older writes change nothing. */
export async function saveCodeScores(db: D1Database, identity: { orgId: string; sessionId: string }, scores: readonly CodeScoreRow[]): Promise<void> {
  if (scores.length === 0) return;
  await db.batch(
    scores.map((s) =>
      db
        .prepare(
          `INSERT INTO code_test_scores (session_id, question_id, org_id, run_seq, passed, total)
           SELECT id, ?2, org_id, ?3, ?4, ?5 FROM sessions WHERE id = ?1 AND org_id = ?6
           ON CONFLICT (session_id, question_id) DO UPDATE SET run_seq = excluded.run_seq, passed = excluded.passed, total = excluded.total
           WHERE excluded.run_seq > code_test_scores.run_seq`,
        )
        .bind(identity.sessionId, s.questionId, s.runSeq, s.passed, s.total, identity.orgId),
    ),
  );
}

export async function listInterviewCodeScores(
  db: D1Database,
  orgId: string,
  interviewId: string,
): Promise<{ sessionId: string; questionId: string; passed: number; total: number }[]> {
  const { results } = await db
    .prepare(
      `SELECT t.session_id, t.question_id, t.passed, t.total
       FROM code_test_scores t JOIN sessions s ON s.id = t.session_id
       WHERE s.interview_id = ?1 AND s.org_id = ?2 AND t.org_id = ?2`,
    )
    .bind(interviewId, orgId)
    .all<{ session_id: string; question_id: string; passed: number; total: number }>();
  return results.map((r) => ({ sessionId: r.session_id, questionId: r.question_id, passed: r.passed, total: r.total }));
}
