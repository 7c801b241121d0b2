/**
 * The invite page's first screen as Lighthouse scores it (issue 14, "Speed of the first screen"):
 * its default mobile run (a Moto G Power on slow 4G, simulated throttling), five times against
 * `wrangler dev` on this machine, medians printed; and, under the same throttling, a bare static
 * page served by Node for comparison. Each run is a fresh Chromium profile: a first visit. Run by
 * `npm run bench`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import lighthouse from 'lighthouse';
import { chromiumPath, startHoldfast, tempDir } from '../test/e2e/support.ts';

const RUNS = 5;

interface Run {
  lcp: number;
  fcp: number;
  tbt: number;
  cls: number;
  score: number;
}

/** A headless Chromium with its DevTools port, for Lighthouse to drive. */
async function chromium(): Promise<{ port: number; stop(): Promise<void> }> {
  const profile = tempDir('lighthouse');
  const child: ChildProcess = spawn(
    chromiumPath(),
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (data: Buffer) => {
      err += data.toString();
      const found = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
      if (found) resolve(Number(found[1]));
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (${code}) before listening:\n${err}`)));
  });
  return {
    port,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

async function measure(url: string): Promise<Run> {
  const browser = await chromium();
  try {
    const result = await lighthouse(url, { port: browser.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
    if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
    const { audits, categories, runtimeError } = result.lhr;
    if (runtimeError) throw new Error(`Lighthouse: ${runtimeError.code} ${runtimeError.message}`);
    const value = (id: string) => audits[id]?.numericValue ?? Number.NaN;
    return {
      lcp: value('largest-contentful-paint'),
      fcp: value('first-contentful-paint'),
      tbt: value('total-blocking-time'),
      cls: value('cumulative-layout-shift'),
      score: categories.performance?.score ?? Number.NaN,
    };
  } finally {
    await browser.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function medians(url: string): Promise<Run & { lcps: number[] }> {
  const runs: Run[] = [];
  // A run Lighthouse itself gives up on (a busy machine can make it miss its own timeouts) is retried once.
  for (let i = 0; i < RUNS; i++) runs.push(await measure(url).catch(() => measure(url)));
  const of = (key: keyof Run) => median(runs.map((r) => r[key]));
  return { lcp: of('lcp'), fcp: of('fcp'), tbt: of('tbt'), cls: of('cls'), score: of('score'), lcps: runs.map((r) => r.lcp) };
}

/** A page with nothing to wait for: the floor the throttling itself puts under any first paint. */
const BARE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Bare</title></head>
<body><main><h1>Customer support engineer</h1><p>Welcome! Five short questions. Your answers are saved on your device as you go, so a bad connection loses nothing.</p></main></body></html>`;

async function bareServer(): Promise<{ url: string; close(): void }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(BARE_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://localhost:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function benchLighthouse(): Promise<string[]> {
  const server = await startHoldfast();
  const bare = await bareServer();
  try {
    const seeded = await (await fetch(`${server.url}/api/dev/seed`, { method: 'POST', headers: { origin: server.url } })).json();
    const invitePath = (seeded as { invitePath: string | null }).invitePath;
    if (!invitePath) throw new Error('the demo seed made no invite link');
    const invite = await medians(`${server.url}${invitePath}`);
    const floor = await medians(bare.url);
    return [
      `invite page (/i/:token), median of ${RUNS}: LCP ${s(invite.lcp)} (runs: ${invite.lcps.map(s).join(', ')}), FCP ${s(invite.fcp)}, TBT ${Math.round(invite.tbt)} ms, CLS ${invite.cls.toFixed(3)}, performance ${invite.score.toFixed(2)}`,
      `bare static page, same throttling, median of ${RUNS}: LCP ${s(floor.lcp)}, FCP ${s(floor.fcp)}, TBT ${Math.round(floor.tbt)} ms`,
      // Lighthouse scales the CPU time it observes: a busy machine shows as blocking time.
      `load average while measuring: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${availableParallelism()} CPU(s)`,
    ];
  } finally {
    bare.close();
    await server.stop();
  }
}
