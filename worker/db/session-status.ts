/**
 * The one D1 read the session's Durable Object makes for its live status: the session's state,
 * which the state machine (worker/state/session-states.ts) writes to D1, not to the object.
 */

/** The stored state, unchecked (the caller checks it is a state); null when no such session. */
export async function readSessionStatus(db: D1Database, session: { sessionId: string; orgId: string }): Promise<string | null> {
  const row = await db.prepare('SELECT status FROM sessions WHERE id = ? AND org_id = ?').bind(session.sessionId, session.orgId).first<{ status: string }>();
  return row?.status ?? null;
}
