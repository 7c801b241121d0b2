/**
 * Roles: each role can do exactly what ../shared/PRODUCT.md gives it and gets 403 otherwise. The table is
 * written out here from ../shared/PRODUCT.md, then every guarded route of the app is called by a member of
 * each role: allowed roles get past the guard, the others get 403.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { can, PERMISSION_NAMES, type Permission, permissionsOf, ROLES, type Role } from '../../../worker/auth/permissions';
import { apiRoutes, routeKey } from '../../../worker/auth/route-access';
import { app } from '../../../worker/index';
import { type Account, addMember, as, register } from '../support/auth-helpers';
import { fillPath } from '../support/tenancy-fixtures';

/**
 * ../shared/PRODUCT.md: owner and admin manage members, roles, branding, quota, retention and
 * integrations (only an owner touches owners); owner, admin and recruiter build questions and
 * interviews and manage candidates; recruiters and reviewers (and owners and admins) review;
 * only owners and admins reopen a finished review; interviewers (and owners and admins) run
 * live pads; every member reads the organization's questions, interviews and sessions and may
 * try the sandbox.
 */
const EXPECTED: Record<Role, Permission[]> = {
  owner: [...PERMISSION_NAMES],
  admin: PERMISSION_NAMES.filter((p) => p !== 'owners.manage'),
  recruiter: [
    'org.read',
    'members.read',
    'questions.read',
    'interviews.read',
    'sessions.read',
    'sandbox.take',
    'questions.write',
    'interviews.write',
    'candidates.manage',
    'reviews.write',
  ],
  interviewer: ['org.read', 'members.read', 'questions.read', 'interviews.read', 'sessions.read', 'sandbox.take', 'pads.run'],
  reviewer: ['org.read', 'members.read', 'questions.read', 'interviews.read', 'sessions.read', 'sandbox.take', 'reviews.write'],
};

describe('the permission table', () => {
  it.each(ROLES)('gives %s exactly what the product spec gives it', (role) => {
    expect(permissionsOf(role).sort()).toEqual([...EXPECTED[role]].sort());
  });
});

describe('every guarded route, for every role', () => {
  const guarded = apiRoutes(app).filter((r) => r.guard !== null && r.guard !== 'candidate');

  it('covers the routes of this issue', () => {
    const guards = new Set(guarded.map((r) => r.guard));
    for (const permission of ['members.manage', 'org.manage', 'questions.write', 'interviews.write', 'questions.read', 'member'] as const) {
      expect(guards).toContain(permission);
    }
  });

  // One organization with a member of every role; each request gets fresh objects to act on.
  let owner: Account;
  const team = {} as Record<Role, Account>;
  beforeAll(async () => {
    owner = await register('roles');
    team.owner = owner;
    for (const role of ROLES.filter((r) => r !== 'owner')) team[role] = await addMember(owner, role);
  }, 60_000);

  it.each(guarded.map((r) => [routeKey(r), r] as const))(
    '%s',
    async (_key, route) => {
      for (const role of ROLES) {
        const { url } = await fillPath(route.path, route.params, owner);
        const member = as(team[role]);
        const res = route.method === 'GET' ? await member.get(url) : await member.send(route.method, url, {});
        const allowed = route.guard === 'member' || can(role, route.guard as Permission);
        const body = res.headers.get('content-type')?.includes('json') ? await res.text() : `(${res.headers.get('content-type')})`;
        if (allowed) {
          expect([401, 403], `${role} ${route.method} ${url} → ${res.status} ${body}`).not.toContain(res.status);
        } else {
          expect(res.status, `${role} ${route.method} ${url} → ${body}`).toBe(403);
          expect(JSON.parse(body)).toMatchObject({ error: { code: 'forbidden' } });
        }
        res.webSocket?.accept();
        res.webSocket?.close(1000, 'done');
      }
    },
    60_000,
  );
});
