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
    const before = queryLocalD1(persistTo, 'SELECT id, name, slug, created_at FROM organizations ORDER BY id');

    const second = npmStart(persistTo, await freePort());
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('already there: organization holdfast-demo');
    expect(second.stdout).not.toContain('seeded ');
    const after = queryLocalD1(persistTo, 'SELECT id, name, slug, created_at FROM organizations ORDER BY id');
    expect(after).toEqual(before);
    expect(after).toHaveLength(1);
  });
});
