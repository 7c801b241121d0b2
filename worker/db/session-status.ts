/**
 * The D1 reads the session's Durable Object makes for its live status: the session's state, which
 * the state machine (worker/state/session-states.ts) writes to D1, not to the object, and the
 * current roles of the members watching it.
 */

/** The stored state, unchecked (the caller checks it is a state); null when no such session. */
export async function readSessionStatus(db: D1Database, session: { sessionId: string; orgId: string }): Promise<string | null> {
  const row = await db.prepare('SELECT status FROM sessions WHERE id = ? AND org_id = ?').bind(session.sessionId, session.orgId).first<{ status: string }>();
  return row?.status ?? null;
}

/**
 * The role each of these members holds now in the organization, unchecked; a removed member (or
 * one of another organization) is missing from the answer.
 */
export async function readMemberRoles(db: D1Database, orgId: string, memberIds: readonly string[]): Promise<Map<string, string>> {
  const roles = new Map<string, string>();
  // D1 binds at most 100 parameters a query: a session rarely has more than a few watchers.
  for (let start = 0; start < memberIds.length; start += 90) {
    const ids = memberIds.slice(start, start + 90);
    const { results } = await db
      .prepare(`SELECT id, role FROM members WHERE org_id = ? AND removed_at IS NULL AND id IN (${ids.map(() => '?').join(', ')})`)
      .bind(orgId, ...ids)
      .all<{ id: string; role: string }>();
    for (const r of results) roles.set(r.id, r.role);
  }
  return roles;
}
