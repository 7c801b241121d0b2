/**
 * The guard every member route starts with: who is calling (session cookie), did the page send
 * the CSRF token, and may their role do this. Guards are tagged so the route list can be checked
 * (worker/auth/route-access.ts): a route without one must be declared public.
 */
import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { H } from 'hono/types';
import type { AppEnv } from '../context';
import { HttpError } from '../errors';
import { checkCsrfToken } from './csrf';
import { can, type Permission } from './permissions';
import { signedInMember } from './session';

/**
 * `member`: any signed-in member of the organization, whatever the role. `candidate`: a
 * candidate's device (Bearer token), checked by the candidate routes' own guard.
 */
export type Guard = Permission | 'member' | 'candidate';

const guards = new WeakMap<H, Guard>();

/** The guard a route handler (`app.routes[].handler`, middleware or endpoint) stands for, if it is one. */
export function guardOf(handler: H): Guard | undefined {
  return guards.get(handler);
}

/**
 * Tags a middleware as a guard, so the route list (worker/auth/route-access.ts) knows the routes
 * that use it are protected. requirePermission and requireMember are tagged already.
 */
export function markGuard<T extends MiddlewareHandler>(middleware: T, guard: Guard): T {
  guards.set(middleware, guard);
  return middleware;
}

export const unauthenticated = () => new HttpError(401, 'unauthenticated', 'Please log in.');

function guard(required: Permission | 'member'): MiddlewareHandler<AppEnv> {
  const middleware = createMiddleware<AppEnv>(async (c, next) => {
    const session = await signedInMember(c);
    if (!session) throw unauthenticated();
    await checkCsrfToken(c, session.token);
    if (required !== 'member' && !can(session.member.role, required)) {
      throw new HttpError(403, 'forbidden', `Your role (${session.member.role}) may not do this.`);
    }
    c.set('member', session.member);
    await next();
  });
  return markGuard(middleware, required);
}

/**
 * 401 `unauthenticated` without a live session, 403 `csrf_failed` for a state change without the
 * CSRF token, 403 `forbidden` when the role lacks the permission. Sets `c.var.member`.
 */
export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  return guard(permission);
}

/** Any signed-in member (their own account, the organization's name). */
export const requireMember = guard('member');
