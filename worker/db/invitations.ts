/** Typed D1 queries for invitations. Only the token's digest is stored. */
import type { Role } from '../auth/permissions';

export interface Invitation {
  id: string;
  orgId: string;
  email: string;
  role: Role;
  invitedBy: string;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
  revokedAt: number | null;
}

interface InvitationRecord {
  id: string;
  org_id: string;
  email: string;
  role: Role;
  invited_by: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  revoked_at: number | null;
}

const toInvitation = (r: InvitationRecord): Invitation => ({
  id: r.id,
  orgId: r.org_id,
  email: r.email,
  role: r.role,
  invitedBy: r.invited_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  acceptedAt: r.accepted_at,
  revokedAt: r.revoked_at,
});

/** A new invitation replaces any still-open one for the same email: only the latest link works. */
export async function insertInvitation(
  db: D1Database,
  invitation: { id: string; orgId: string; email: string; role: Role; tokenHash: string; invitedBy: string; now: number; expiresAt: number },
): Promise<void> {
  await db.batch([
    db
      .prepare('UPDATE invitations SET revoked_at = ? WHERE org_id = ? AND email = ? AND accepted_at IS NULL AND revoked_at IS NULL')
      .bind(invitation.now, invitation.orgId, invitation.email),
    db
      .prepare('INSERT INTO invitations (id, org_id, email, role, token_hash, invited_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .bind(invitation.id, invitation.orgId, invitation.email, invitation.role, invitation.tokenHash, invitation.invitedBy, invitation.now, invitation.expiresAt),
  ]);
}

export async function findInvitationByTokenHash(db: D1Database, tokenHash: string): Promise<Invitation | null> {
  const row = await db.prepare('SELECT * FROM invitations WHERE token_hash = ?').bind(tokenHash).first<InvitationRecord>();
  return row ? toInvitation(row) : null;
}

/** An open invitation of this organization, or null: another organization's id finds nothing. */
export async function findOpenInvitation(db: D1Database, orgId: string, invitationId: string, now: number): Promise<Invitation | null> {
  const row = await db
    .prepare('SELECT * FROM invitations WHERE id = ? AND org_id = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?')
    .bind(invitationId, orgId, now)
    .first<InvitationRecord>();
  return row ? toInvitation(row) : null;
}

export async function listOpenInvitations(db: D1Database, orgId: string, now: number): Promise<Invitation[]> {
  const { results } = await db
    .prepare('SELECT * FROM invitations WHERE org_id = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id')
    .bind(orgId, now)
    .all<InvitationRecord>();
  return results.map(toInvitation);
}

export async function revokeInvitation(db: D1Database, orgId: string, invitationId: string, now: number): Promise<void> {
  await db.prepare('UPDATE invitations SET revoked_at = ? WHERE id = ? AND org_id = ? AND revoked_at IS NULL').bind(now, invitationId, orgId).run();
}

/**
 * Marks the invitation used, only if it still is open: of two accepts racing, exactly one gets
 * `true` (and with it, the membership).
 */
export async function claimInvitation(db: D1Database, invitationId: string, now: number): Promise<boolean> {
  const result = await db
    .prepare('UPDATE invitations SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?')
    .bind(now, invitationId, now)
    .run();
  return result.meta.changes > 0;
}

/** Undoes a claim whose membership could not be made. */
export async function releaseInvitation(db: D1Database, invitationId: string): Promise<void> {
  await db.prepare('UPDATE invitations SET accepted_at = NULL WHERE id = ?').bind(invitationId).run();
}
