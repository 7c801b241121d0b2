import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { countAppliedMigrations } from '../db/migrations';
import { r2Keys } from '../keys';
import type { CheckResult, HealthReport } from '../schemas/core';
import { sessionStub } from '../sessions';

async function check(probe: () => Promise<string | undefined>): Promise<CheckResult> {
  const started = Date.now();
  try {
    const detail = await probe();
    return { ok: true, ms: Date.now() - started, ...(detail ? { detail } : {}) };
  } catch (err) {
    return { ok: false, ms: Date.now() - started, detail: err instanceof Error ? err.message : String(err) };
  }
}

/** Each check makes its backend answer a real call; a binding that merely exists proves nothing. */
export const health = new Hono<AppEnv>().get('/', async (c) => {
  const [d1, r2, durableObject] = await Promise.all([
    check(async () => {
      return `${await countAppliedMigrations(c.env.DB)} migrations applied`;
    }),
    check(async () => {
      // A HEAD of a fixed key: R2 must answer, and nothing is written on every probe.
      const head = await c.env.MEDIA.head(r2Keys.healthProbe());
      return head ? 'probe object present' : 'bucket answered';
    }),
    check(async () => {
      const answer = await sessionStub(c.env, 'health-probe').ping();
      if (answer !== 'pong') throw new Error(`unexpected answer ${answer}`);
      return undefined;
    }),
  ]);
  const report: HealthReport = { ok: d1.ok && r2.ok && durableObject.ok, checks: { d1, r2, durableObject } };
  return c.json(report, report.ok ? 200 : 503);
});
