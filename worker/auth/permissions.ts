/**
 * The one table of what each role may do (../shared/PRODUCT.md, "People" and "Recruiter features").
 * Routes ask `can(role, permission)` through `requirePermission`; nothing else decides access.
 */

import { PERMISSION_NAMES, type Permission, ROLES, type Role } from '../schemas/auth';

export { PERMISSION_NAMES, type Permission, ROLES, type Role };

const EVERYONE: readonly Role[] = ROLES;
const ADMINS: readonly Role[] = ['owner', 'admin'];
const BUILDERS: readonly Role[] = ['owner', 'admin', 'recruiter'];

const PERMISSIONS = {
  /** See the organization's settings, members, questions, interviews and sessions. */
  'org.read': EVERYONE,
  'members.read': EVERYONE,
  'questions.read': EVERYONE,
  'interviews.read': EVERYONE,
  'sessions.read': EVERYONE,
  /** Try the organization's sandbox interview as a candidate. */
  'sandbox.take': EVERYONE,
  /** Name, branding, retention. */
  'org.manage': ADMINS,
  /** Invite, change roles, remove. */
  'members.manage': ADMINS,
  /** Grant or take away the owner role, remove an owner: only an owner may touch owners. */
  'owners.manage': ['owner'],
  'integrations.manage': ADMINS,
  'questions.write': BUILDERS,
  'interviews.write': BUILDERS,
  /** Add, import, invite, retake and delete candidates and their sessions. */
  'candidates.manage': BUILDERS,
  /** Rate, write notes, Finish Review. */
  'reviews.write': ['owner', 'admin', 'recruiter', 'reviewer'],
  /** Reopen a review someone finished (Reviewed back to review). */
  'reviews.reopen': ADMINS,
  /** Admit candidates to a live pad, run it, End Interview. */
  'pads.run': ['owner', 'admin', 'interviewer'],
} as const satisfies Record<Permission, readonly Role[]>;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return PERMISSION_NAMES.filter((permission) => can(role, permission));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
