/**
 * Who may call each API route, read from Hono's own route list (`app.routes`), so a new route is
 * classified the moment it is mounted. A route is either guarded (its handlers include a tagged
 * guard: requirePermission, requireMember, or any guard tagged with `markGuard`) or declared in
 * UNTAGGED_ROUTES with how it is protected. The tenancy and role matrices
 * (test/worker/auth/tenancy.test.ts, roles.test.ts) fail for a route that is neither.
 */
import type { RouterRoute } from 'hono/types';
import { type Guard, guardOf } from './guard';

/**
 * Routes without a tagged guard, keyed `METHOD /path`, with how they are protected:
 * - `public`: no session needed, and why that is safe;
 * - `candidate`: a candidate's device token or link token;
 * - `development`: 404 outside local development;
 * - `member`: checks a member's session in its own middleware; still swept by the tenancy
 *   matrix (another organization's member must get 404). Prefer tagging it with `markGuard`.
 */
export type UntaggedAccess = 'public' | 'candidate' | 'development' | 'member';

export const UNTAGGED_ROUTES: Record<string, { access: UntaggedAccess; why: string }> = {
  'GET /api/health': { access: 'public', why: 'monitoring; answers no data of any organization' },
  'POST /api/auth/register': { access: 'public', why: 'creates a new organization; same-origin check' },
  'POST /api/auth/login': { access: 'public', why: 'same-origin check and login throttling' },
  'POST /api/auth/logout': { access: 'public', why: 'ends the caller’s own session; CSRF token checked when one is live' },
  'POST /api/auth/invitations/preview': { access: 'public', why: 'needs the invitation token (256 random bits)' },
  'POST /api/auth/invitations/accept': { access: 'public', why: 'needs the invitation token (256 random bits)' },
  'GET /api/links/:token': { access: 'candidate', why: "needs an invite or Shareable Link token (>= 128 random bits); answers that link's interview only" },
  'GET /api/links/:token/logo': { access: 'candidate', why: 'needs a link token; answers the logo candidates see on that link anyway' },
  'POST /api/links/:token/start': { access: 'candidate', why: 'needs a link token; a started session is resumed only by its device token or a mailed one-time code' },
  'POST /api/links/:token/verify': { access: 'candidate', why: "needs a link token and the one-time code mailed to the session's email (5 tries, then locked)" },
  'GET /api/dev/outbox': { access: 'development', why: 'answers 404 unless ENVIRONMENT is development' },
  'POST /api/dev/seed': { access: 'development', why: 'answers 404 unless ENVIRONMENT is development' },
  'GET /api/candidate/live': { access: 'candidate', why: 'device token in the query (WebSocket upgrade)' },
  'GET /api/candidate/pad/socket': { access: 'candidate', why: 'device token in the query (WebSocket upgrade); 404 once the pad ended' },
  'GET /api/sessions/:sessionId/recordings/:segmentId': { access: 'member', why: 'memberOrNotFound: sessions.read, 404 to everyone else' },
};

export interface ApiRoute {
  method: string;
  path: string;
  /** The guard among its handlers; null when it has none. */
  guard: Guard | null;
  /** Path parameters, in order (`:interviewId` → `interviewId`). */
  params: string[];
}

type RouterEntry = Pick<RouterRoute, 'method' | 'path' | 'handler'>;
type RouteHandler = RouterRoute['handler'];

/** Hono wraps a sub-app's handlers when that sub-app has its own error handler. */
const innerHandler = (handler: RouteHandler): RouteHandler => (handler as RouteHandler & { __COMPOSED_HANDLER?: RouteHandler }).__COMPOSED_HANDLER ?? handler;

/**
 * Every API endpoint: one entry per method and path, middleware (paths with `*`) left out. A path
 * registered under several methods appears once per method.
 */
export function apiRoutes(app: { routes: readonly RouterEntry[] }): ApiRoute[] {
  const byKey = new Map<string, ApiRoute>();
  for (const entry of app.routes) {
    if (!entry.path.startsWith('/api/') || entry.path.includes('*')) continue;
    const key = `${entry.method} ${entry.path}`;
    const route = byKey.get(key) ?? { method: entry.method, path: entry.path, guard: null, params: entry.path.match(/(?<=:)[A-Za-z0-9_]+/g) ?? [] };
    route.guard ??= guardOf(innerHandler(entry.handler)) ?? null;
    byKey.set(key, route);
  }
  return [...byKey.values()];
}

export const routeKey = (route: Pick<ApiRoute, 'method' | 'path'>) => `${route.method} ${route.path}`;
