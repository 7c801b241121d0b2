/**
 * Members' login sessions: a random token in a `__Host-` cookie, its SHA-256 in D1, and a CSRF
 * token derived from it. The CSRF token is a digest of the session token under another label, so
 * it needs no storage and reveals neither the session token nor the stored digest.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../context';
import { deleteExpiredLoginSessions, deleteLoginSession, findSignedInMember, insertLoginSession, type SignedInMember } from '../db/login-sessions';
import { randomToken, sha256 } from './tokens';

/** Sent as `__Host-hf_session`: Secure, Path=/ and no Domain, so no subdomain can set or read it. */
const COOKIE_NAME = 'hf_session';
const SESSION_TTL_SECONDS = 14 * 24 * 60 * 60;

export const csrfTokenFor = (sessionToken: string) => sha256(`csrf:${sessionToken}`);
const storedDigestOf = (sessionToken: string) => sha256(`session:${sessionToken}`);

export function sessionTokenFrom(c: Context): string | undefined {
  const token = getCookie(c, COOKIE_NAME, 'host');
  return token && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : undefined;
}

/** A brand-new session id every time: a token that existed before login never becomes valid. */
export async function startLoginSession(c: Context<AppEnv>, member: { memberId: string; orgId: string }): Promise<{ csrfToken: string }> {
  const previous = sessionTokenFrom(c);
  if (previous) await deleteLoginSession(c.env.DB, await storedDigestOf(previous));
  const token = randomToken();
  const now = Date.now();
  await deleteExpiredLoginSessions(c.env.DB, member.memberId, now);
  await insertLoginSession(c.env.DB, {
    tokenHash: await storedDigestOf(token),
    memberId: member.memberId,
    orgId: member.orgId,
    now,
    expiresAt: now + SESSION_TTL_SECONDS * 1000,
  });
  setCookie(c, COOKIE_NAME, token, { prefix: 'host', httpOnly: true, secure: true, sameSite: 'Lax', maxAge: SESSION_TTL_SECONDS });
  return { csrfToken: await csrfTokenFor(token) };
}

export async function signedInMember(c: Context<AppEnv>): Promise<{ member: SignedInMember; token: string } | null> {
  const token = sessionTokenFrom(c);
  if (!token) return null;
  const member = await findSignedInMember(c.env.DB, await storedDigestOf(token), Date.now());
  return member ? { member, token } : null;
}

/** Deletes the session server-side (the cookie alone proves nothing afterwards) and the cookie. */
export async function endLoginSession(c: Context<AppEnv>): Promise<void> {
  const token = sessionTokenFrom(c);
  if (token) await deleteLoginSession(c.env.DB, await storedDigestOf(token));
  deleteCookie(c, COOKIE_NAME, { prefix: 'host', httpOnly: true, secure: true, sameSite: 'Lax' });
}
