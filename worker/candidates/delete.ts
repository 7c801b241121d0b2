/**
 * Deleting a session is permanent (../shared/PRODUCT.md, "Quota"): its Durable Object's storage, every R2
 * object under its prefix, and its D1 rows; the candidate too when this was their last session.
 * The order makes a failure safe to retry: devices are shut out first, then the object and the
 * media go, and the D1 rows that lead to them go last, so a half-done delete can be run again.
 */
import { deleteCandidateStatement, findCandidate } from '../db/candidates';
import { deleteSessionDevicesStatement } from '../db/devices';
import { deleteSessionVerificationsStatement } from '../db/email-verifications';
import { deleteSessionEventsStatement } from '../db/session-events';
import { deleteSessionStatements, type SessionRow } from '../db/sessions';
import { r2Keys } from '../keys';
import { sessionStub } from '../sessions';
import { refundStatement } from './quota';

/** R2's delete takes at most 1,000 keys at once. */
const R2_DELETE_BATCH = 1000;

async function deleteR2Prefix(bucket: R2Bucket, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, limit: R2_DELETE_BATCH, ...(cursor ? { cursor } : {}) });
    const keys = page.objects.map((o) => o.key);
    if (keys.length > 0) await bucket.delete(keys);
    deleted += keys.length;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return deleted;
}

export interface DeleteReport {
  refunded: boolean;
  candidateDeleted: boolean;
}

export async function deleteSession(env: Env, session: SessionRow, now = Date.now()): Promise<DeleteReport> {
  const db = env.DB;
  await db.batch([deleteSessionDevicesStatement(db, session.id), deleteSessionVerificationsStatement(db, session.id)]);
  await sessionStub(env, session.id).erase();
  await deleteR2Prefix(env.MEDIA, r2Keys.sessionPrefix(session.orgId, session.id));

  const candidate = session.candidateId ? await findCandidate(db, session.orgId, session.candidateId) : null;
  const results = await db.batch([
    // Only a counted session has a charge; practice sessions never had one.
    refundStatement(db, session.orgId, session.id, now),
    deleteSessionEventsStatement(db, session.id),
    // The retake chain skips the deleted session rather than pointing at nothing.
    ...deleteSessionStatements(db, session.orgId, session.id),
    ...(candidate ? [deleteCandidateStatement(db, session.orgId, candidate.id)] : []),
  ]);
  const candidateDeleted = candidate !== null && (results.at(-1)?.meta.changes ?? 0) > 0;
  if (candidateDeleted && candidate?.resumeKey) await env.MEDIA.delete(candidate.resumeKey);
  return { refunded: (results[0]?.meta.changes ?? 0) > 0, candidateDeleted };
}
