/**
 * The session quota (../shared/PRODUCT.md, "Quota"): every session created counts against the
 * organization's limit, except practice sessions of the sandbox; a session deleted within 28 days
 * of its creation gives its place back. The ledger is `quota_charges`; its triggers keep the
 * running count in `quota_usage` and refuse a charge past the limit inside the transaction.
 */
import { findQuotaUsage, refundChargeStatement } from '../db/quota';
import { HttpError } from '../errors';
import type { QuotaView } from '../schemas/candidate';

const QUOTA_REFUND_WINDOW_DAYS = 28;
const REFUND_WINDOW_MS = QUOTA_REFUND_WINDOW_DAYS * 24 * 60 * 60 * 1000;

export async function readQuota(db: D1Database, orgId: string): Promise<QuotaView> {
  const row = await findQuotaUsage(db, orgId);
  return { used: row?.used ?? 0, limit: row?.limit ?? 0, refundWindowDays: QUOTA_REFUND_WINDOW_DAYS };
}

export function quotaExceeded(quota: QuotaView, wanted: number): HttpError {
  const left = Math.max(0, quota.limit - quota.used);
  const what = wanted === 1 ? 'a session' : `${wanted} sessions`;
  return new HttpError(
    402,
    'quota_exceeded',
    `Your organization has used ${quota.used} of its ${quota.limit} sessions, so ${what} cannot be created (${left} left). ` +
      `Delete sessions created in the last ${QUOTA_REFUND_WINDOW_DAYS} days or raise the quota.`,
  );
}

/** Refuses up front, with the numbers, a change that would need more places than are left. */
export async function requireQuota(db: D1Database, orgId: string, wanted: number): Promise<void> {
  if (wanted === 0) return;
  const quota = await readQuota(db, orgId);
  if (quota.used + wanted > quota.limit) throw quotaExceeded(quota, wanted);
}

/** True when D1 refused a write because the quota trigger aborted it (a race lost at the last place). */
export function isQuotaAbort(err: unknown): boolean {
  return err instanceof Error && /quota_exceeded/.test(err.message);
}

/** Gives the place back when the session is deleted within the window after its creation. */
export function refundStatement(db: D1Database, orgId: string, sessionId: string, now: number): D1PreparedStatement {
  return refundChargeStatement(db, { orgId, sessionId, now, windowMs: REFUND_WINDOW_MS });
}
