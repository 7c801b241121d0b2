/**
 * Cross-site request forgery defences. A cookie rides along with any request the browser makes,
 * so a cookie-authenticated state change must also prove it came from our own page:
 *  - signed in: the `x-csrf-token` header, which only our page can read (from the login answer
 *    or `GET /api/auth/me`), must match the session;
 *  - not signed in yet (register, login, invitations): the browser's `Origin` (or
 *    `Sec-Fetch-Site`) must say same-origin, which a cross-site page cannot forge.
 * A signed-in change needs both: the token and a same-origin request. Another header (an
 * `Authorization: Bearer …`, say) says nothing about where a request came from while the cookie
 * still rides along, so it never exempts a request the cookie authenticates. Anonymous requests
 * that carry a device token (the candidate app) have no ambient credential to abuse.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';
import { HttpError } from '../errors';
import { csrfTokenFor } from './session';
import { constantTimeEqualText } from './tokens';

const CSRF_HEADER = 'x-csrf-token';

const csrfFailed = (message: string) => new HttpError(403, 'csrf_failed', message);

function isStateChanging(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

function usesBearer(c: Context): boolean {
  return /^Bearer\s+\S/i.test(c.req.header('authorization') ?? '');
}

/** For cookie-authenticated state changes: the page's CSRF token, from our own origin. */
export async function checkCsrfToken(c: Context, sessionToken: string): Promise<void> {
  if (!isStateChanging(c.req.method)) return;
  if (!isSameOrigin(c)) throw csrfFailed('This request must come from the Holdfast page itself.');
  const sent = c.req.header(CSRF_HEADER);
  if (!sent || !constantTimeEqualText(sent, await csrfTokenFor(sessionToken))) {
    throw csrfFailed(`This change needs the ${CSRF_HEADER} header from GET /api/auth/me. Reload the page and try again.`);
  }
}

function isSameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin) return origin === new URL(c.req.url).origin;
  return c.req.header('sec-fetch-site') === 'same-origin';
}

/** For state changes made before there is a session: register, login, invitations. */
export const requireSameOrigin = createMiddleware<AppEnv>(async (c, next) => {
  if (isStateChanging(c.req.method) && !usesBearer(c) && !isSameOrigin(c)) {
    throw csrfFailed('This request must come from the Holdfast page itself.');
  }
  await next();
});
