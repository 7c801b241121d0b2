/** Typed D1 queries for users and their memberships. Database first, explicit row mapping. */
import type { Role } from '../auth/permissions';

export interface User {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
}

export interface Member {
  id: string;
  orgId: string;
  userId: string;
  role: Role;
  name: string;
  email: string;
  createdAt: number;
}

interface UserRecord {
  id: string;
  email: string;
  name: string;
  password_hash: string;
}

interface MemberRecord {
  id: string;
  org_id: string;
  user_id: string;
  role: Role;
  name: string;
  email: string;
  created_at: number;
}

const toUser = (r: UserRecord): User => ({ id: r.id, email: r.email, name: r.name, passwordHash: r.password_hash });
const toMember = (r: MemberRecord): Member => ({
  id: r.id,
  orgId: r.org_id,
  userId: r.user_id,
  role: r.role,
  name: r.name,
  email: r.email,
  createdAt: r.created_at,
});

const MEMBER_COLUMNS = 'm.id, m.org_id, m.user_id, m.role, m.created_at, u.name, u.email';

export async function findUserByEmail(db: D1Database, email: string): Promise<User | null> {
  const row = await db.prepare('SELECT id, email, name, password_hash FROM users WHERE email = ?').bind(email).first<UserRecord>();
  return row ? toUser(row) : null;
}

export function insertUserStatement(db: D1Database, user: { id: string; email: string; name: string; passwordHash: string; now: number }): D1PreparedStatement {
  return db
    .prepare('INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(user.id, user.email, user.name, user.passwordHash, user.now, user.now);
}

export function updateUserStatement(db: D1Database, userId: string, changes: { name: string; passwordHash?: string }, now: number): D1PreparedStatement {
  return db
    .prepare('UPDATE users SET name = ?, password_hash = coalesce(?, password_hash), updated_at = ? WHERE id = ?')
    .bind(changes.name, changes.passwordHash ?? null, now, userId);
}

/**
 * Adds the user to the organization, or brings back a member who was removed earlier (the
 * membership row is kept so their past records still point at it).
 */
export function upsertMemberStatement(db: D1Database, member: { id: string; orgId: string; userId: string; role: Role; now: number }): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO members (id, org_id, user_id, role, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)
       ON CONFLICT (org_id, user_id) DO UPDATE SET role = ?4, removed_at = NULL, created_at = ?5, updated_at = ?5`,
    )
    .bind(member.id, member.orgId, member.userId, member.role, member.now);
}

/** Active member of this organization, or null: another organization's member id finds nothing. */
export async function findMember(db: D1Database, orgId: string, memberId: string): Promise<Member | null> {
  const row = await db
    .prepare(`SELECT ${MEMBER_COLUMNS} FROM members m JOIN users u ON u.id = m.user_id WHERE m.id = ? AND m.org_id = ? AND m.removed_at IS NULL`)
    .bind(memberId, orgId)
    .first<MemberRecord>();
  return row ? toMember(row) : null;
}

export async function findMemberByUser(db: D1Database, orgId: string, userId: string): Promise<Member | null> {
  const row = await db
    .prepare(`SELECT ${MEMBER_COLUMNS} FROM members m JOIN users u ON u.id = m.user_id WHERE m.user_id = ? AND m.org_id = ? AND m.removed_at IS NULL`)
    .bind(userId, orgId)
    .first<MemberRecord>();
  return row ? toMember(row) : null;
}

export async function listMembers(db: D1Database, orgId: string): Promise<Member[]> {
  const { results } = await db
    .prepare(`SELECT ${MEMBER_COLUMNS} FROM members m JOIN users u ON u.id = m.user_id WHERE m.org_id = ? AND m.removed_at IS NULL ORDER BY m.created_at, m.id`)
    .bind(orgId)
    .all<MemberRecord>();
  return results.map(toMember);
}

export interface Membership {
  memberId: string;
  organizationId: string;
  organizationName: string;
  role: Role;
}

/** Every organization the user belongs to, the latest joined first. */
export async function listMemberships(db: D1Database, userId: string): Promise<Membership[]> {
  const { results } = await db
    .prepare(
      `SELECT m.id AS member_id, o.id AS org_id, o.name AS org_name, m.role FROM members m JOIN organizations o ON o.id = m.org_id
       WHERE m.user_id = ? AND m.removed_at IS NULL ORDER BY m.created_at DESC, m.id`,
    )
    .bind(userId)
    .all<{ member_id: string; org_id: string; org_name: string; role: Role }>();
  return results.map((r) => ({ memberId: r.member_id, organizationId: r.org_id, organizationName: r.org_name, role: r.role }));
}

/**
 * Changes a role, unless that would leave the organization without an owner. The guard is in
 * the statement itself, so two admins demoting the last two owners at once cannot both win.
 */
export async function changeMemberRole(db: D1Database, orgId: string, memberId: string, role: Role, now: number): Promise<'changed' | 'last_owner'> {
  const result = await db
    .prepare(
      `UPDATE members SET role = ?1, updated_at = ?2 WHERE id = ?3 AND org_id = ?4 AND removed_at IS NULL
         AND (?1 = 'owner' OR role <> 'owner'
              OR (SELECT count(*) FROM members WHERE org_id = ?4 AND role = 'owner' AND removed_at IS NULL) > 1)`,
    )
    .bind(role, now, memberId, orgId)
    .run();
  return result.meta.changes > 0 ? 'changed' : 'last_owner';
}

/** Removes a member and ends their login sessions; the last owner stays. */
export async function removeMember(db: D1Database, orgId: string, memberId: string, now: number): Promise<'removed' | 'last_owner'> {
  const [update] = await db.batch([
    db
      .prepare(
        `UPDATE members SET removed_at = ?1, updated_at = ?1 WHERE id = ?2 AND org_id = ?3 AND removed_at IS NULL
           AND (role <> 'owner' OR (SELECT count(*) FROM members WHERE org_id = ?3 AND role = 'owner' AND removed_at IS NULL) > 1)`,
      )
      .bind(now, memberId, orgId),
    db.prepare('DELETE FROM login_sessions WHERE member_id = ?1 AND EXISTS (SELECT 1 FROM members WHERE id = ?1 AND org_id = ?2 AND removed_at IS NOT NULL)').bind(memberId, orgId),
  ]);
  return (update?.meta.changes ?? 0) > 0 ? 'removed' : 'last_owner';
}
