/**
 * Typed D1 queries for a session's status and its history (`session_events`). Only the state
 * machine (worker/state/session-states.ts) calls them; states are plain strings here, and the
 * machine checks them, so this module needs nothing of it.
 */

interface SessionStatusRecord {
  status: string;
  format: string;
}

export async function findSessionStatus(db: D1Database, sessionId: string): Promise<SessionStatusRecord | null> {
  const row = await db.prepare('SELECT status, format FROM sessions WHERE id = ?').bind(sessionId).first<SessionStatusRecord>();
  return row ? { status: row.status, format: row.format } : null;
}

interface StatusChange {
  sessionId: string;
  from: string;
  to: string;
  actorKind: string;
  actorId: string | null;
  at: number;
}

/**
 * The update of `sessions.status`, guarded by the state it was read in, and the event, written
 * only when that update changed the row: run both in one batch, in this order. The first result's
 * `meta.changes` says whether the change was made.
 */
export function changeStatusStatements(db: D1Database, change: StatusChange): [D1PreparedStatement, D1PreparedStatement] {
  return [
    db.prepare('UPDATE sessions SET status = ?1, updated_at = max(updated_at, ?2) WHERE id = ?3 AND status = ?4').bind(change.to, change.at, change.sessionId, change.from),
    // changes() is the row count of the UPDATE just above: a batch runs in one transaction,
    // statement after statement, on one connection.
    db
      .prepare(
        `INSERT INTO session_events (session_id, org_id, from_status, to_status, actor_kind, actor_id, at)
         SELECT id, org_id, ?2, ?3, ?4, ?5, ?6 FROM sessions WHERE id = ?1 AND changes() = 1`,
      )
      .bind(change.sessionId, change.from, change.to, change.actorKind, change.actorId, change.at),
  ];
}

interface SessionEventRecord {
  from: string;
  to: string;
  actorKind: string;
  actorId: string | null;
  at: number;
}

/** A session's history of states, oldest first. */
export async function listSessionEventRecords(db: D1Database, orgId: string, sessionId: string): Promise<SessionEventRecord[]> {
  const { results } = await db
    .prepare('SELECT from_status, to_status, actor_kind, actor_id, at FROM session_events WHERE session_id = ? AND org_id = ? ORDER BY id')
    .bind(sessionId, orgId)
    .all<{ from_status: string; to_status: string; actor_kind: string; actor_id: string | null; at: number }>();
  return results.map((r) => ({ from: r.from_status, to: r.to_status, actorKind: r.actor_kind, actorId: r.actor_id, at: r.at }));
}

export function deleteSessionEventsStatement(db: D1Database, sessionId: string): D1PreparedStatement {
  return db.prepare('DELETE FROM session_events WHERE session_id = ?').bind(sessionId);
}
