/**
 * Login throttling, stored in D1 so every Worker instance sees the same counts. Failures are
 * counted in a fixed window per email and per client address (`cf-connecting-ip`); once either
 * reaches its limit, logins for it are refused until the window ends, before any password work.
 */
import type { Context } from 'hono';
import { clearEmailLoginFailures, countLoginFailures, findThrottledWindows } from '../db/login-attempts';
import { HttpError } from '../errors';

const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
/** A person mistyping stays well under this; a guesser on one account is stopped quickly. */
export const MAX_FAILURES_PER_EMAIL = 5;
/** Higher: several people may share one office or mobile network address. */
export const MAX_FAILURES_PER_CLIENT = 30;

export function clientAddress(c: Context): string {
  return c.req.header('cf-connecting-ip') ?? 'unknown';
}

/** Throws 429 `too_many_attempts` with `Retry-After` while either counter is over its limit. */
export async function refuseWhileThrottled(db: D1Database, email: string, client: string, now = Date.now()): Promise<void> {
  const results = await findThrottledWindows(db, {
    email,
    client,
    maxPerEmail: MAX_FAILURES_PER_EMAIL,
    maxPerClient: MAX_FAILURES_PER_CLIENT,
    since: now - THROTTLE_WINDOW_MS,
  });
  if (results.length === 0) return;
  const until = Math.max(...results.map((r) => r.windowStartedAt + THROTTLE_WINDOW_MS));
  const retryAfter = Math.max(1, Math.ceil((until - now) / 1000));
  throw new HttpError(429, 'too_many_attempts', `Too many failed logins. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`, undefined, { 'retry-after': String(retryAfter) });
}

/** Counts one failure for both the email and the client; a window that has ended starts over. */
export async function recordFailedLogin(db: D1Database, email: string, client: string, now = Date.now()): Promise<void> {
  await countLoginFailures(
    db,
    [
      { scope: 'email', key: email },
      { scope: 'client', key: client },
    ],
    now,
    THROTTLE_WINDOW_MS,
  );
}

/** A successful login clears the email's count; the client's stays, so spraying still adds up. */
export async function clearFailedLogins(db: D1Database, email: string): Promise<void> {
  await clearEmailLoginFailures(db, email);
}
