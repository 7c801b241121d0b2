/**
 * What an interview's overview is computed from: its sessions (practice ones left out), their
 * status changes, and the ratings given to their answers. Rows only; the figures are made in
 * worker/review/overview.ts.
 */

export interface OverviewSessionRow {
  id: string;
  status: string;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface OverviewEventRow {
  sessionId: string;
  toStatus: string;
  at: number;
}

export async function listOverviewSessions(db: D1Database, orgId: string, interviewId: string): Promise<OverviewSessionRow[]> {
  const { results } = await db
    .prepare('SELECT id, status, created_at, started_at, finished_at FROM sessions WHERE interview_id = ?1 AND org_id = ?2 AND practice = 0')
    .bind(interviewId, orgId)
    .all<{ id: string; status: string; created_at: number; started_at: number | null; finished_at: number | null }>();
  return results.map((r) => ({ id: r.id, status: r.status, createdAt: r.created_at, startedAt: r.started_at, finishedAt: r.finished_at }));
}

/** Status changes of the interview's sessions up to `until`, oldest first. */
export async function listOverviewEvents(db: D1Database, orgId: string, interviewId: string, until: number): Promise<OverviewEventRow[]> {
  const { results } = await db
    .prepare(
      `SELECT e.session_id, e.to_status, e.at FROM session_events e JOIN sessions s ON s.id = e.session_id
       WHERE s.interview_id = ?1 AND s.org_id = ?2 AND e.org_id = ?2 AND s.practice = 0 AND e.at <= ?3
       ORDER BY e.at, e.id`,
    )
    .bind(interviewId, orgId, until)
    .all<{ session_id: string; to_status: string; at: number }>();
  return results.map((r) => ({ sessionId: r.session_id, toStatus: r.to_status, at: r.at }));
}

/** How many answers got each rating, every reviewer's rating counted. */
export async function countOverviewRatings(db: D1Database, orgId: string, interviewId: string): Promise<{ rating: number; count: number }[]> {
  const { results } = await db
    .prepare(
      `SELECT r.rating, count(*) AS n FROM answer_reviews r JOIN sessions s ON s.id = r.session_id
       WHERE s.interview_id = ?1 AND s.org_id = ?2 AND r.org_id = ?2 AND s.practice = 0 AND r.rating IS NOT NULL
       GROUP BY r.rating`,
    )
    .bind(interviewId, orgId)
    .all<{ rating: number; n: number }>();
  return results.map((r) => ({ rating: r.rating, count: r.n }));
}
