/**
 * `npm run bench`: prints Holdfast's speed and size figures. Figures, not assertions: the tests
 * check behaviour, this measures it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { benchCode } from './bench-code.ts';
import { benchCodeLog } from './bench-code-log.ts';
import { benchRecording } from './bench-recording.ts';
import { benchWritePaths, bundleSizes } from './bench-write-paths.ts';
import { buildApp, ROOT } from './dev-server.ts';

const dist = join(ROOT, 'dist/app');

/** The JavaScript a candidate's first visit loads: index.html's module scripts and what they import. */
function candidateShellJs(): { files: string[]; raw: number; gzip: number } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const queue = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    // Static imports only: lazy chunks (the dashboard) are not part of the first load.
    for (const m of code.matchAll(/(?:^|[;\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) queue.push(`assets/${m[1]}`);
  }
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
const shell = candidateShellJs();
const dashboard = readdirSync(join(dist, 'assets')).filter((f) => f.startsWith('dashboard-') && f.endsWith('.js'));
const sw = readFileSync(join(dist, 'sw.js'));

console.log('\nHoldfast benchmarks');
console.log('-------------------');
console.log(`candidate shell JavaScript (initial load): ${kb(shell.gzip)} gzipped, ${kb(shell.raw)} raw, ${shell.files.length} file(s)`);
console.log(`service worker: ${kb(gzipSync(sw, { level: 9 }).length)} gzipped`);
console.log(
  `dashboard chunks (not loaded by candidates): ${dashboard.length} file(s), ${kb(dashboard.reduce((n, f) => n + gzipSync(readFileSync(join(dist, 'assets', f))).length, 0))} gzipped`,
);

for (const line of benchCodeLog()) console.log(line);

console.log('\nWorker cold start (a dry-run deploy build)…');
for (const line of bundleSizes()) console.log(line);

console.log('\nCandidate write paths against a bare Worker, interleaved rounds on this machine (wrangler dev)…');
for (const line of await benchWritePaths()) console.log(line);

console.log('\nRecording resilience (Chromium with a fake camera, against wrangler dev)…');
for (const line of await benchRecording()) console.log(line);

console.log('\nCode questions (Chromium against wrangler dev, the sandboxed runner on /dev/code)…');
for (const line of await benchCode()) console.log(line);
