import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { seedDemoSession } from '../../scripts/demo-session.ts';
import { queryLocalD1, ROOT, seed } from '../../scripts/dev-server.ts';
import { freePort, launchBrowser, startHoldfast, tempDir } from './support.ts';

const START_ARGS = ['--skip-build', '--port'];

function npmStart(persistTo: string, port: number) {
  return spawnSync('npm', ['start', '--', ...START_ARGS, String(port), '--exit-when-ready', '--persist-to', persistTo], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
}

/** Processes whose command line names this folder (every wrangler and workerd a start made for it does). */
function processesUsing(persistTo: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
      if (cmdline.includes(persistTo) && state !== 'Z') found.push(`${pid} ${cmdline.slice(0, 120)}`);
    } catch {
      /* ended while we looked */
    }
  }
  return found;
}

async function answers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

function waitForOutput(child: ChildProcess, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (data: Buffer) => {
      out += data.toString();
      if (out.includes(text)) resolve(out);
    });
    child.stderr?.on('data', (data: Buffer) => {
      out += data.toString();
    });
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before "${text}":\n${out}`)));
  });
}

describe('npm start', () => {
  it('works twice in a row on the same checkout, says each step with its time and seeds nothing twice', async () => {
    const persistTo = tempDir('start');
    const first = npmStart(persistTo, await freePort());
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Applying D1 migrations to the local database…\s+done in \d+\.\d s/);
    expect(first.stdout).toMatch(/Starting wrangler dev on port \d+…\s+done in \d+\.\d s/);
    expect(first.stdout).toContain('seeded organization holdfast-demo');
    expect(first.stdout).toContain('seeded owner demo@holdfast.test');
    expect(first.stdout).toContain('seeded completed session of riley@candidates.test');
    expect(first.stdout).toContain("seeded rating of riley@candidates.test's answers");
    expect(first.stdout).toMatch(/Candidate invite: http:\/\/localhost:\d+\/i\/[A-Za-z0-9_-]{22,}/);
    expect(first.stdout).toMatch(/Demo review: +http:\/\/localhost:\d+\/dashboard\/sessions\/[\w-]+/);
    const snapshot = () =>
      ['organizations', 'users', 'members', 'interviews', 'interview_versions', 'candidates', 'sessions', 'answer_reviews', 'session_reviews'].map((table) => ({
        table,
        rows: queryLocalD1(persistTo, `SELECT * FROM ${table} ORDER BY 1, 2, 3`),
      }));
    const before = snapshot();

    const second = npmStart(persistTo, await freePort());
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('already there: organization holdfast-demo');
    expect(second.stdout).toContain('already there: completed session of riley@candidates.test');
    expect(second.stdout).not.toContain('seeded ');
    const after = snapshot();
    expect(after).toEqual(before);
    expect(after.find((t) => t.table === 'organizations')?.rows).toHaveLength(1);
    // Sam, still invited, and Riley, submitted and rated.
    expect(after.find((t) => t.table === 'sessions')?.rows).toHaveLength(2);
    expect(after.find((t) => t.table === 'answer_reviews')?.rows).toHaveLength(5);
    // The demo owner can log in with the printed password.
    expect(second.stdout).toContain('log in as demo@holdfast.test / holdfast-demo-password');
    // Two starts and eighteen `wrangler d1 execute` runs: minutes on a busy two-core machine.
  }, 300_000);

  it('on a port already in use says so at once, names the process holding it and exits non-zero', async () => {
    const port = await freePort();
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      const result = npmStart(tempDir('start-taken'), port);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`Port ${port} is already in use by node (pid ${process.pid})`);
      expect(result.stdout).not.toContain('Holdfast is running');
      expect(result.stdout).not.toContain('Applying D1 migrations');
    } finally {
      holder.close();
    }
  });

  // npm runs the script through a shell: killing npm itself leaves that shell to another parent.
  it.each([
    ['the npm process', (npm: ChildProcess) => npm.pid!],
    ['the start script itself', (npm: ChildProcess) => startScriptPid(npm.pid!)],
  ])('killed hard (SIGKILL to %s), leaves no wrangler or workerd serving the port', async (_, victim) => {
    const persistTo = tempDir('start-killed');
    const port = await freePort();
    const npm = spawn('npm', ['start', '--', ...START_ARGS, String(port), '--persist-to', persistTo], { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
    await waitForOutput(npm, 'Holdfast is running');
    expect(await answers(port)).toBe(true);
    expect(processesUsing(persistTo).length).toBeGreaterThan(0);

    process.kill(victim(npm), 'SIGKILL');
    await expect.poll(() => processesUsing(persistTo), { timeout: 20_000, interval: 250 }).toEqual([]);
    expect(await answers(port)).toBe(false);
    npm.kill('SIGKILL');
  });

  it("seeds a completed demo session a newcomer can review at once: its video plays and the owner's rating shows", async () => {
    const server = await startHoldfast();
    const browser = await launchBrowser();
    try {
      const demo = await seedDemoSession(server.url, await seed(server.url));
      expect(demo.created).toContain('completed session of riley@candidates.test');
      const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(demo.reviewPath);
      await page.getByLabel('Email').fill('demo@holdfast.test');
      await page.getByLabel('Password').fill('holdfast-demo-password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Riley Reviewed' }).waitFor();
      // The owner's own rating note on the video answer, in its note field.
      await expect.poll(() => page.getByRole('textbox', { name: /note/i }).first().inputValue()).toBe('Confident, concrete examples.');

      const video = page.locator('video').first();
      await video.waitFor();
      await page.waitForFunction((el) => (el as HTMLVideoElement).readyState >= 1, await video.elementHandle());
      const duration = await video.evaluate((el: HTMLVideoElement) => el.duration);
      expect(duration).toBeGreaterThan(4.5);
      expect(duration).toBeLessThan(5.5);
      await video.evaluate((el: HTMLVideoElement) => {
        el.muted = true;
        return el.play();
      });
      await expect.poll(() => video.evaluate((el: HTMLVideoElement) => el.currentTime), { timeout: 15_000 }).toBeGreaterThan(0.5);
      // One answer at a time: the audio answer is the second in the question list.
      await page.getByRole('navigation', { name: 'Questions' }).getByRole('link', { name: /^2\. / }).click();
      await page.locator('audio').waitFor({ state: 'attached' });
      expect(await page.locator('audio').count()).toBeGreaterThan(0);
      await context.close();
    } finally {
      await browser.close();
      await server.stop();
    }
  });
});

/** The `node scripts/start.ts` under npm's shell. */
function startScriptPid(npmPid: number): number {
  const out = spawnSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' }).stdout;
  const rows = out
    .trim()
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/)!)
    .map(([, pid, ppid, args]) => ({ pid: Number(pid), ppid: Number(ppid), args: args! }));
  const descendants = new Set([npmPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows) {
      if (descendants.has(row.ppid) && !descendants.has(row.pid)) {
        descendants.add(row.pid);
        grew = true;
      }
    }
  }
  const script = rows.find((r) => descendants.has(r.pid) && r.args.includes('scripts/start.ts') && !r.args.startsWith('sh '));
  if (!script) throw new Error('no start script under npm');
  return script.pid;
}
