/** Typed D1 queries for one-time codes mailed to prove an email (worker/candidates/verification.ts). Only a code's digest is stored. */

export interface Verification {
  id: string;
  sessionId: string;
  orgId: string;
  email: string;
  codeHash: string;
  expiresAt: number;
  usedAt: number | null;
  failedAttempts: number;
  lockedUntil: number | null;
}

interface VerificationRecord {
  id: string;
  session_id: string;
  org_id: string;
  email: string;
  code_hash: string;
  expires_at: number;
  used_at: number | null;
  failed_attempts: number;
  locked_until: number | null;
}

/** How many codes the session was sent after `since`, and when the first of them was. */
export async function countCodesSince(db: D1Database, sessionId: string, since: number): Promise<{ count: number; first: number | null }> {
  const row = await db
    .prepare('SELECT count(*) AS n, min(created_at) AS first FROM email_verifications WHERE session_id = ? AND created_at > ?')
    .bind(sessionId, since)
    .first<{ n: number; first: number | null }>();
  return { count: row?.n ?? 0, first: row?.first ?? null };
}

export async function insertVerification(
  db: D1Database,
  verification: { id: string; sessionId: string; orgId: string; email: string; codeHash: string; now: number; expiresAt: number },
): Promise<void> {
  await db
    .prepare('INSERT INTO email_verifications (id, session_id, org_id, email, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .bind(verification.id, verification.sessionId, verification.orgId, verification.email, verification.codeHash, verification.now, verification.expiresAt)
    .run();
}

export async function findVerification(db: D1Database, id: string): Promise<Verification | null> {
  const r = await db.prepare('SELECT * FROM email_verifications WHERE id = ?').bind(id).first<VerificationRecord>();
  return r
    ? {
        id: r.id,
        sessionId: r.session_id,
        orgId: r.org_id,
        email: r.email,
        codeHash: r.code_hash,
        expiresAt: r.expires_at,
        usedAt: r.used_at,
        failedAttempts: r.failed_attempts,
        lockedUntil: r.locked_until,
      }
    : null;
}

/**
 * Counts a wrong code, and locks the verification until `lockUntil` once `maxWrong` are counted.
 * Counted in the statement itself, so parallel guesses cannot slip past the limit.
 */
export async function countWrongCode(db: D1Database, id: string, maxWrong: number, lockUntil: number): Promise<{ failedAttempts: number; lockedUntil: number | null } | null> {
  const row = await db
    .prepare(
      `UPDATE email_verifications SET failed_attempts = failed_attempts + 1,
         locked_until = CASE WHEN failed_attempts + 1 >= ?1 THEN ?2 ELSE locked_until END
       WHERE id = ?3 RETURNING failed_attempts, locked_until`,
    )
    .bind(maxWrong, lockUntil, id)
    .first<{ failed_attempts: number; locked_until: number | null }>();
  return row ? { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until } : null;
}

/**
 * Marks the code used unless it already is or is locked. One guarded statement: of two devices
 * sending the same code at once, one wins. Answers whether this call spent it.
 */
export async function spendVerification(db: D1Database, id: string, now: number): Promise<boolean> {
  const spent = await db
    .prepare('UPDATE email_verifications SET used_at = ?1 WHERE id = ?2 AND used_at IS NULL AND (locked_until IS NULL OR locked_until <= ?1)')
    .bind(now, id)
    .run();
  return spent.meta.changes > 0;
}

export function deleteSessionVerificationsStatement(db: D1Database, sessionId: string): D1PreparedStatement {
  return db.prepare('DELETE FROM email_verifications WHERE session_id = ?').bind(sessionId);
}
