/**
 * Tenancy: with two organizations A and B, every member route that takes an id answers 404 to
 * B's member for A's object, for every method, and no response to B carries an A identifier.
 * The matrix is built from the app's own route list, so a new route is covered the day it is
 * mounted, and a route nobody classified fails here.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type ApiRoute, apiRoutes, routeKey, UNTAGGED_ROUTES } from '../../../worker/auth/route-access';
import { app } from '../../../worker/index';
import { type Account, as, register } from '../support/auth-helpers';
import { fillPath, OWNER_MAY_GET_404, PARAM_FIXTURES } from '../support/tenancy-fixtures';

const routes = apiRoutes(app);
const memberRoutes = routes.filter((r) => (r.guard !== null && r.guard !== 'candidate') || UNTAGGED_ROUTES[routeKey(r)]?.access === 'member');

/** Everything that identifies organization A or something in it. */
async function identifiersOf(account: Account, extra: readonly string[]): Promise<string[]> {
  const orgId = account.signedIn.organization.id;
  const [members, tokens] = await Promise.all([
    env.DB.prepare('SELECT m.id, u.email FROM members m JOIN users u ON u.id = m.user_id WHERE m.org_id = ?').bind(orgId).all<{ id: string; email: string }>(),
    env.DB.prepare('SELECT public_link_token AS token FROM interviews WHERE org_id = ? AND public_link_token IS NOT NULL').bind(orgId).all<{ token: string }>(),
  ]);
  return [orgId, account.signedIn.organization.name, ...members.results.flatMap((m) => [m.id, m.email]), ...tokens.results.map((t) => t.token), ...extra];
}

/** A route that only speaks WebSocket (426 without an upgrade) is asked with the upgrade headers. */
async function request(account: Account, route: ApiRoute, url: string): Promise<Response> {
  if (route.method !== 'GET') return as(account).send(route.method, url, {});
  const res = await as(account).get(url);
  if (res.status !== 426) return res;
  return as(account).raw('GET', url, { headers: { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
}

describe('the route list', () => {
  it('classifies every API route: a tagged guard, or an entry in UNTAGGED_ROUTES', () => {
    const unclassified = routes.filter((r) => r.guard === null && !UNTAGGED_ROUTES[routeKey(r)]).map(routeKey);
    expect(unclassified, 'add a guard (requirePermission / markGuard) or an UNTAGGED_ROUTES entry in worker/auth/route-access.ts').toEqual([]);
    const stale = Object.keys(UNTAGGED_ROUTES).filter((key) => !routes.some((r) => routeKey(r) === key));
    expect(stale, 'UNTAGGED_ROUTES entries for routes that no longer exist').toEqual([]);
  });

  it('has a fixture for every path parameter of a member route', () => {
    const missing = [...new Set(memberRoutes.flatMap((r) => r.params))].filter((p) => !PARAM_FIXTURES[p]);
    expect(missing, 'add them to test/worker/support/tenancy-fixtures.ts').toEqual([]);
  });

  it('sees the routes this matrix is meant to cover', () => {
    const keys = memberRoutes.map(routeKey);
    for (const key of [
      'GET /api/questions/:questionId',
      'PUT /api/interviews/:interviewId',
      'DELETE /api/members/:memberId',
      'DELETE /api/members/invitations/:invitationId',
      'GET /api/sessions/:sessionId/analysis',
      'POST /api/sessions/:sessionId/analysis',
      'PUT /api/sessions/:sessionId/analysis/overrides/:target',
    ]) {
      expect(keys).toContain(key);
    }
  });
});

describe('tenancy', () => {
  const withIds = memberRoutes.filter((r) => r.params.length > 0);

  it.each(withIds.map((r) => [routeKey(r), r] as const))(
    '%s answers 404 to another organization',
    async (_key, route) => {
      const a = await register('tenant-a');
      const b = await register('tenant-b');
      const { url, fixtures } = await fillPath(route.path, route.params, a);

      const res = await request(b, route, url);
      const text = await res.text();
      expect(res.status, `${route.method} ${url} as B: ${text}`).toBe(404);
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'not_found' } });
      for (const id of await identifiersOf(
        a,
        fixtures.map((f) => f.id).filter((id) => id.length > 8),
      )) {
        expect(text, `B's answer leaks A's ${id}`).not.toContain(id);
      }
      // The same request from A's own owner finds the object: the 404 above is about tenancy.
      if (fixtures.every((f) => f.exists) && !OWNER_MAY_GET_404.has(routeKey(route))) {
        const own = await request(a, route, url);
        expect(own.status, `${route.method} ${url} as A`).not.toBe(404);
        own.webSocket?.accept();
        own.webSocket?.close(1000, 'done');
      }
    },
    30_000,
  );

  it('answers B’s lists and settings without any of A’s identifiers', async () => {
    const a = await register('tenant-list-a');
    const b = await register('tenant-list-b');
    const made: string[] = [];
    for (const make of Object.values(PARAM_FIXTURES)) {
      const fixture = await make(a);
      if (fixture.id.length > 8) made.push(fixture.id);
    }
    const aIds = await identifiersOf(a, made);
    const lists = memberRoutes.filter((r) => r.params.length === 0 && r.method === 'GET');
    expect(lists.length).toBeGreaterThan(5);
    for (const route of lists) {
      const res = await as(b).get(route.path);
      const text = await res.text();
      expect(res.status, `${route.path}: ${text}`).toBeLessThan(500);
      for (const id of aIds) expect(text, `${route.path} leaks A's ${id}`).not.toContain(id);
    }
  }, 60_000);
});
