/**
 * Login throttling, stored in D1 so every Worker instance sees the same counts. Three rules,
 * checked before any password work:
 *
 * 1. Per (account email, client address): after PAIR_FREE_FAILURES failures from one client on
 *    one account, that client waits a delay that doubles with each further failure (2 s, 4 s, …,
 *    at most PAIR_MAX_DELAY_MS). Only that client waits: the owner elsewhere is not slowed down,
 *    so knowing a member's email is not enough to lock them out.
 * 2. Per client, across accounts: MAX_FAILURES_PER_CLIENT failures in a window stop password
 *    spraying from one address.
 * 3. Per account, across clients: MAX_FAILURES_PER_EMAIL failures in a window (an attack spread
 *    over many addresses) stop every client of that account except its usual ones, those that
 *    logged in to it successfully within USUAL_CLIENT_MS. The last resort, so the limit is high.
 *
 * A refused attempt is not counted: waiting out the delay is all a client has to do.
 */
import type { Context } from 'hono';
import { countLoginFailure, type LoginThrottleState, readLoginThrottle, recordLoginSuccess } from '../db/login-attempts';
import { HttpError } from '../errors';

const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
/** A person mistyping stays under this; beyond it the same client waits longer each time. */
export const PAIR_FREE_FAILURES = 3;
const PAIR_FIRST_DELAY_MS = 2_000;
export const PAIR_MAX_DELAY_MS = 15 * 60 * 1000;
/** A pair's failures are forgotten a day after its last one. */
const PAIR_FORGET_MS = 24 * 60 * 60 * 1000;
/** Higher than one person's mistakes: several people may share one office or mobile network address. */
export const MAX_FAILURES_PER_CLIENT = 30;
/** Far above what rule 1 lets one client try: only many addresses together reach it. */
export const MAX_FAILURES_PER_EMAIL = 100;
const USUAL_CLIENT_MS = 90 * 24 * 60 * 60 * 1000;

export function clientAddress(c: Context): string {
  return c.req.header('cf-connecting-ip') ?? 'unknown';
}

/** How long a pair with `failures` failures waits after its last one. */
export function pairDelayMs(failures: number): number {
  if (failures <= PAIR_FREE_FAILURES) return 0;
  return Math.min(PAIR_MAX_DELAY_MS, PAIR_FIRST_DELAY_MS * 2 ** (failures - PAIR_FREE_FAILURES - 1));
}

/** When this client may try this account again; null when it may now. */
function throttledUntil(state: LoginThrottleState, now: number): number | null {
  const { pair } = state;
  const usual = pair?.lastSuccessAt != null && now - pair.lastSuccessAt < USUAL_CLIENT_MS;
  const waits: number[] = [];
  if (pair?.lastFailureAt != null && now - pair.lastFailureAt < PAIR_FORGET_MS) {
    const until = pair.lastFailureAt + pairDelayMs(pair.failures);
    if (until > now) waits.push(until);
  }
  if (!usual && state.clientFailures >= MAX_FAILURES_PER_CLIENT && state.clientWindowStartedAt !== null) {
    waits.push(state.clientWindowStartedAt + THROTTLE_WINDOW_MS);
  }
  if (!usual && state.emailFailures >= MAX_FAILURES_PER_EMAIL && state.emailWindowStartedAt !== null) {
    waits.push(state.emailWindowStartedAt + THROTTLE_WINDOW_MS);
  }
  return waits.length > 0 ? Math.max(...waits) : null;
}

/** Throws 429 `too_many_attempts` with `Retry-After` while this client must wait for this account. */
export async function refuseWhileThrottled(db: D1Database, email: string, client: string, now = Date.now()): Promise<void> {
  const state = await readLoginThrottle(db, { email, client, since: now - THROTTLE_WINDOW_MS });
  const until = throttledUntil(state, now);
  if (until === null) return;
  const retryAfter = Math.max(1, Math.ceil((until - now) / 1000));
  const wait = retryAfter < 120 ? `${retryAfter} second(s)` : `${Math.ceil(retryAfter / 60)} minute(s)`;
  throw new HttpError(429, 'too_many_attempts', `Too many failed logins from here. Try again in ${wait}.`, undefined, { 'retry-after': String(retryAfter) });
}

export async function recordFailedLogin(db: D1Database, email: string, client: string, now = Date.now()): Promise<void> {
  await countLoginFailure(db, { email, client, now, windowMs: THROTTLE_WINDOW_MS, pairForgetMs: PAIR_FORGET_MS });
}

/**
 * Forgives this client's failures on the account and makes it a usual client of it. The
 * account-wide and per-client windows keep counting, so an attack in progress still adds up.
 */
export async function recordSuccessfulLogin(db: D1Database, email: string, client: string, now = Date.now()): Promise<void> {
  await recordLoginSuccess(db, email, client, now);
}
