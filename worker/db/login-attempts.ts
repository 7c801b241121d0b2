/** Typed D1 queries for login throttling (worker/auth/throttle.ts): failures counted per email and per client address. */

type LoginAttemptScope = 'email' | 'client';

interface ThrottledWindow {
  scope: LoginAttemptScope;
  windowStartedAt: number;
}

/** The counters, of this email or this client, at or over their limit in a window that started after `since`. */
export async function findThrottledWindows(
  db: D1Database,
  query: { email: string; client: string; maxPerEmail: number; maxPerClient: number; since: number },
): Promise<ThrottledWindow[]> {
  const { results } = await db
    .prepare(
      `SELECT scope, window_started_at, failures FROM login_attempts
       WHERE ((scope = 'email' AND key = ?1 AND failures >= ?3) OR (scope = 'client' AND key = ?2 AND failures >= ?4))
         AND window_started_at > ?5`,
    )
    .bind(query.email, query.client, query.maxPerEmail, query.maxPerClient, query.since)
    .all<{ scope: LoginAttemptScope; window_started_at: number; failures: number }>();
  return results.map((r) => ({ scope: r.scope, windowStartedAt: r.window_started_at }));
}

/** Counts one failure for each key; a window that ended (`windowMs` after its start) starts over. In one batch. */
export async function countLoginFailures(db: D1Database, keys: readonly { scope: LoginAttemptScope; key: string }[], now: number, windowMs: number): Promise<void> {
  const upsert = (scope: LoginAttemptScope, key: string) =>
    db
      .prepare(
        `INSERT INTO login_attempts (scope, key, window_started_at, failures) VALUES (?1, ?2, ?3, 1)
         ON CONFLICT (scope, key) DO UPDATE SET
           failures = CASE WHEN window_started_at <= ?3 - ?4 THEN 1 ELSE failures + 1 END,
           window_started_at = CASE WHEN window_started_at <= ?3 - ?4 THEN ?3 ELSE window_started_at END`,
      )
      .bind(scope, key, now, windowMs);
  await db.batch(keys.map(({ scope, key }) => upsert(scope, key)));
}

export async function clearEmailLoginFailures(db: D1Database, email: string): Promise<void> {
  await db.prepare("DELETE FROM login_attempts WHERE scope = 'email' AND key = ?").bind(email).run();
}
