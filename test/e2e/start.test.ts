import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { queryLocalD1, ROOT } from '../../scripts/dev-server.ts';
import { freePort, tempDir } from './support.ts';

function npmStart(persistTo: string, port: number) {
  return spawnSync('npm', ['start', '--', '--skip-build', '--exit-when-ready', '--port', String(port), '--persist-to', persistTo], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
}

describe('npm start', () => {
  it('works twice in a row on the same checkout and seeds nothing twice', async () => {
    const persistTo = tempDir('start');
    const first = npmStart(persistTo, await freePort());
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('seeded organization holdfast-demo');
    expect(first.stdout).toContain('seeded owner demo@holdfast.test');
    expect(first.stdout).toMatch(/Candidate invite: http:\/\/localhost:\d+\/i\/[A-Za-z0-9_-]{22,}/);
    const snapshot = () =>
      ['organizations', 'users', 'members', 'interviews', 'interview_versions', 'candidates', 'sessions'].map((table) => ({
        table,
        rows: queryLocalD1(persistTo, `SELECT * FROM ${table} ORDER BY rowid`),
      }));
    const before = snapshot();

    const second = npmStart(persistTo, await freePort());
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('already there: organization holdfast-demo');
    expect(second.stdout).not.toContain('seeded ');
    const after = snapshot();
    expect(after).toEqual(before);
    expect(after.find((t) => t.table === 'organizations')?.rows).toHaveLength(1);
    expect(after.find((t) => t.table === 'sessions')?.rows).toHaveLength(1);
    // The demo owner can log in with the printed password.
    expect(second.stdout).toContain('log in as demo@holdfast.test / holdfast-demo-password');
  });
});
