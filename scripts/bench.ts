/**
 * `npm run bench`: prints Holdfast's speed and size figures. Figures, not assertions: the tests
 * check behaviour, this measures it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { benchCode } from './bench-code.ts';
import { benchCodeLog } from './bench-code-log.ts';
import { benchLighthouse } from './bench-lighthouse.ts';
import { benchPads } from './bench-pads.ts';
import { benchRecording } from './bench-recording.ts';
import { benchWritePaths, bundleSizes } from './bench-write-paths.ts';
import { buildApp, ROOT } from './dev-server.ts';

const dist = join(ROOT, 'dist/app');

/**
 * The JavaScript that loading `start` brings: those files and what they import statically, less
 * what is already loaded (`loaded`). Lazy chunks are not followed.
 */
function loadedJs(start: string[], loaded: readonly string[] = []): { files: string[]; raw: number; gzip: number } {
  const queue = [...start];
  const seen = new Set<string>(loaded);
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    // Static imports only: lazy chunks (the dashboard) are not part of the first load.
    for (const m of code.matchAll(/(?:^|[;\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) queue.push(`assets/${m[1]}`);
  }
  for (const file of loaded) seen.delete(file);
  let raw = 0;
  let gzip = 0;
  for (const file of seen) {
    const bytes = readFileSync(join(dist, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: [...seen], raw, gzip };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

await buildApp();
// The candidate's first visit: index.html's module scripts and what they import.
const indexHtml = readFileSync(join(dist, 'index.html'), 'utf8');
const shell = loadedJs([...indexHtml.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!));
/** A lazy chunk by its name's prefix, with what it imports beyond the shell. */
const lazyJs = (prefix: string) =>
  loadedJs(
    readdirSync(join(dist, 'assets'))
      .filter((f) => f.startsWith(prefix) && f.endsWith('.js'))
      .map((f) => `assets/${f}`),
    shell.files,
  );
const recordingScreens = lazyJs('recording-screens-');
const codeScreens = lazyJs('code-code-screens-');
const dashboard = readdirSync(join(dist, 'assets')).filter((f) => f.startsWith('dashboard-') && f.endsWith('.js'));
const sw = readFileSync(join(dist, 'sw.js'));

console.log('\nHoldfast benchmarks');
console.log('-------------------');
console.log(`candidate shell JavaScript (initial load): ${kb(shell.gzip)} gzipped, ${kb(shell.raw)} raw, ${shell.files.length} file(s)`);
console.log(`  + recorded answers (interviews with video or audio, loaded at start): ${kb(recordingScreens.gzip)} gzipped`);
console.log(`  + code screens with CodeMirror (interviews with code, loaded at start): ${kb(codeScreens.gzip)} gzipped`);
console.log(`service worker: ${kb(gzipSync(sw, { level: 9 }).length)} gzipped`);
const dashboardSizes = dashboard
  .map((f) => ({ name: f.replace(/^dashboard-|-[\w-]{8}\.js$/g, ''), gzip: gzipSync(readFileSync(join(dist, 'assets', f)), { level: 9 }).length }))
  .sort((a, b) => b.gzip - a.gzip);
console.log(`dashboard chunks (not loaded by candidates): ${dashboard.length} file(s), ${kb(dashboardSizes.reduce((n, c) => n + c.gzip, 0))} gzipped`);
for (const chunk of dashboardSizes) console.log(`  ${chunk.name}: ${kb(chunk.gzip)} gzipped`);

console.log("\nThe candidate's invite page in Lighthouse (mobile: simulated Moto G Power on slow 4G, Chromium against wrangler dev)…");
for (const line of await benchLighthouse()) console.log(line);

console.log('\nWorker cold start (a dry-run deploy build)…');
for (const line of bundleSizes()) console.log(line);

console.log('\nCandidate write paths against a bare Worker, alone and behind the static-asset router, interleaved rounds on this machine (wrangler dev)…');
for (const line of await benchWritePaths()) console.log(line);

console.log('\nRecording resilience (Chromium with a fake camera, against wrangler dev)…');
for (const line of await benchRecording()) console.log(line);

console.log('\nCode questions (Chromium against wrangler dev, the sandboxed runner on /dev/code)…');
for (const line of await benchCode()) console.log(line);

console.log("\nCode answer event log (Chromium typing into the candidate's code screen for one minute)…");
for (const line of await benchCodeLog()) console.log(line);

console.log('\nLive coding pads (two Chromium pages against wrangler dev)…');
for (const line of await benchPads()) console.log(line);
