/**
 * Typed D1 queries for the session quota (worker/candidates/quota.ts). The ledger is
 * `quota_charges`; its triggers keep the running count in `quota_usage` and abort a charge past
 * the organization's limit inside the transaction.
 */

/** The organization's limit and how many places are used; null when there is no such organization. */
export async function findQuotaUsage(db: D1Database, orgId: string): Promise<{ limit: number; used: number } | null> {
  const row = await db
    .prepare('SELECT o.session_quota AS quota, coalesce(u.used, 0) AS used FROM organizations o LEFT JOIN quota_usage u ON u.org_id = o.id WHERE o.id = ?')
    .bind(orgId)
    .first<{ quota: number; used: number }>();
  return row ? { limit: row.quota, used: row.used } : null;
}

/** Charges one session per row of `sessionIds` (a JSON array bound as the statement's parameter). */
export function chargeSessionsStatement(db: D1Database, orgId: string, sessionIdsJson: string, now: number): D1PreparedStatement {
  return db.prepare('INSERT INTO quota_charges (session_id, org_id, created_at) SELECT value, ?1, ?2 FROM json_each(?3)').bind(orgId, now, sessionIdsJson);
}

/** Charges a retake's new session, only while the previous session is not yet retaken (see insertRetakeSessionStatement). */
export function chargeRetakeStatement(db: D1Database, charge: { sessionId: string; orgId: string; now: number; retakeOf: string | null }): D1PreparedStatement {
  return db
    .prepare('INSERT INTO quota_charges (session_id, org_id, created_at) SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM sessions WHERE id = ?4 AND retaken_by IS NOT NULL)')
    .bind(charge.sessionId, charge.orgId, charge.now, charge.retakeOf);
}

/** Gives the place back when the session is deleted less than `windowMs` after its charge. */
export function refundChargeStatement(db: D1Database, refund: { orgId: string; sessionId: string; now: number; windowMs: number }): D1PreparedStatement {
  return db
    .prepare('UPDATE quota_charges SET refunded_at = ?1 WHERE session_id = ?2 AND org_id = ?3 AND refunded_at IS NULL AND ?1 - created_at < ?4')
    .bind(refund.now, refund.sessionId, refund.orgId, refund.windowMs);
}
