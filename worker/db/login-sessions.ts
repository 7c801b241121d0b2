/** Typed D1 queries for members' login sessions. Only token digests ever reach the database. */
import type { Role } from '../auth/permissions';

export interface SignedInMember {
  userId: string;
  memberId: string;
  orgId: string;
  role: Role;
  email: string;
  name: string;
}

interface SignedInRecord {
  user_id: string;
  member_id: string;
  org_id: string;
  role: Role;
  email: string;
  name: string;
}

export async function insertLoginSession(db: D1Database, session: { tokenHash: string; memberId: string; orgId: string; now: number; expiresAt: number }): Promise<void> {
  await db
    .prepare('INSERT INTO login_sessions (token_hash, member_id, org_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
    .bind(session.tokenHash, session.memberId, session.orgId, session.now, session.expiresAt)
    .run();
}

/**
 * The member behind a live login session. The role is read at every request, so a changed role
 * or a removal takes effect at once.
 */
export async function findSignedInMember(db: D1Database, tokenHash: string, now: number): Promise<SignedInMember | null> {
  const row = await db
    .prepare(
      `SELECT u.id AS user_id, m.id AS member_id, m.org_id, m.role, u.email, u.name
       FROM login_sessions s JOIN members m ON m.id = s.member_id JOIN users u ON u.id = m.user_id
       WHERE s.token_hash = ? AND s.expires_at > ? AND m.removed_at IS NULL`,
    )
    .bind(tokenHash, now)
    .first<SignedInRecord>();
  return row ? { userId: row.user_id, memberId: row.member_id, orgId: row.org_id, role: row.role, email: row.email, name: row.name } : null;
}

export async function deleteLoginSession(db: D1Database, tokenHash: string): Promise<void> {
  await db.prepare('DELETE FROM login_sessions WHERE token_hash = ?').bind(tokenHash).run();
}

/** Expired rows are useless; a login clears the user's own so the table does not grow forever. */
export async function deleteExpiredLoginSessions(db: D1Database, memberId: string, now: number): Promise<void> {
  await db.prepare('DELETE FROM login_sessions WHERE member_id = ? AND expires_at <= ?').bind(memberId, now).run();
}
