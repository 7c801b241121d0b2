/**
 * Typed D1 queries for login throttling (worker/auth/throttle.ts): failures counted per
 * (email, client) pair with the pair's last success, and in fixed windows per email and per
 * client address.
 */

type LoginAttemptScope = 'email' | 'client';

interface LoginPair {
  failures: number;
  lastFailureAt: number | null;
  lastSuccessAt: number | null;
}

export interface LoginThrottleState {
  pair: LoginPair | null;
  /** Failures of this email from any client in the current window; 0 when the window ended. */
  emailFailures: number;
  emailWindowStartedAt: number | null;
  /** Failures from this client on any email in the current window; 0 when the window ended. */
  clientFailures: number;
  clientWindowStartedAt: number | null;
}

/** Everything the throttle decides on, read at once. */
export async function readLoginThrottle(db: D1Database, query: { email: string; client: string; since: number }): Promise<LoginThrottleState> {
  const [pair, windows] = await Promise.all([
    db
      .prepare('SELECT failures, last_failure_at, last_success_at FROM login_pair_attempts WHERE email = ?1 AND client = ?2')
      .bind(query.email, query.client)
      .first<{ failures: number; last_failure_at: number | null; last_success_at: number | null }>(),
    db
      .prepare(
        `SELECT scope, window_started_at, failures FROM login_attempts
         WHERE ((scope = 'email' AND key = ?1) OR (scope = 'client' AND key = ?2)) AND window_started_at > ?3`,
      )
      .bind(query.email, query.client, query.since)
      .all<{ scope: LoginAttemptScope; window_started_at: number; failures: number }>(),
  ]);
  const email = windows.results.find((r) => r.scope === 'email');
  const client = windows.results.find((r) => r.scope === 'client');
  return {
    pair: pair ? { failures: pair.failures, lastFailureAt: pair.last_failure_at, lastSuccessAt: pair.last_success_at } : null,
    emailFailures: email?.failures ?? 0,
    emailWindowStartedAt: email?.window_started_at ?? null,
    clientFailures: client?.failures ?? 0,
    clientWindowStartedAt: client?.window_started_at ?? null,
  };
}

/**
 * Counts one failure for the pair (starting over when its last failure is older than `pairForgetMs`)
 * and for the email's and the client's windows (a window that ended starts over). In one batch.
 */
export async function countLoginFailure(db: D1Database, failure: { email: string; client: string; now: number; windowMs: number; pairForgetMs: number }): Promise<void> {
  const window = (scope: LoginAttemptScope, key: string) =>
    db
      .prepare(
        `INSERT INTO login_attempts (scope, key, window_started_at, failures) VALUES (?1, ?2, ?3, 1)
         ON CONFLICT (scope, key) DO UPDATE SET
           failures = CASE WHEN window_started_at <= ?3 - ?4 THEN 1 ELSE failures + 1 END,
           window_started_at = CASE WHEN window_started_at <= ?3 - ?4 THEN ?3 ELSE window_started_at END`,
      )
      .bind(scope, key, failure.now, failure.windowMs);
  await db.batch([
    db
      .prepare(
        `INSERT INTO login_pair_attempts (email, client, failures, last_failure_at) VALUES (?1, ?2, 1, ?3)
         ON CONFLICT (email, client) DO UPDATE SET
           failures = CASE WHEN last_failure_at IS NULL OR last_failure_at <= ?3 - ?4 THEN 1 ELSE failures + 1 END,
           last_failure_at = ?3`,
      )
      .bind(failure.email, failure.client, failure.now, failure.pairForgetMs),
    window('email', failure.email),
    window('client', failure.client),
  ]);
}

/** The pair's failures are forgiven and it becomes a client this account logs in from. */
export async function recordLoginSuccess(db: D1Database, email: string, client: string, now: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO login_pair_attempts (email, client, failures, last_success_at) VALUES (?1, ?2, 0, ?3)
       ON CONFLICT (email, client) DO UPDATE SET failures = 0, last_failure_at = NULL, last_success_at = ?3`,
    )
    .bind(email, client, now)
    .run();
}
