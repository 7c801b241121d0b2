/**
 * `npm start`: build the app, apply the D1 migrations locally, serve everything with
 * `wrangler dev`, and seed the demo organization (idempotent). No account, no network.
 * Each step says what it does and how long it took; tools' own output shows only when they fail.
 *
 *   --port N            listen on N (default 8787)
 *   --persist-to DIR    where local D1/R2/Durable Objects live (default .wrangler/state)
 *   --skip-build        serve the last build
 *   --exit-when-ready   stop once seeded (used by the tests)
 *   --ai-double         answer AI analysis from recorded responses (no account needed)
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { seedDemoSession } from './demo-session.ts';
import { applyMigrationsInBackground, assertPortFree, buildApp, type DevServer, seed, startDevServer } from './dev-server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    'persist-to': { type: 'string', default: '.wrangler/state' },
    'skip-build': { type: 'boolean', default: false },
    'exit-when-ready': { type: 'boolean', default: false },
    'ai-double': { type: 'boolean', default: false },
  },
});

const tty = process.stdout.isTTY;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Runs one step, showing the time going by on a terminal and the time it took at the end. */
async function step<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  if (!tty) console.log(`${label}…`);
  const ticker = tty ? setInterval(() => process.stdout.write(`\r${label}… ${Math.round((performance.now() - started) / 1000)} s`), 1000) : undefined;
  if (tty) process.stdout.write(`${label}…`);
  try {
    const result = await work();
    const took = seconds(performance.now() - started);
    if (tty) process.stdout.write(`\r\x1b[K✓ ${label} (${took})\n`);
    else console.log(`  done in ${took}`);
    return result;
  } catch (err) {
    if (tty) process.stdout.write(`\r\x1b[K✗ ${label}\n`);
    throw err;
  } finally {
    clearInterval(ticker);
  }
}

function fail(err: unknown): never {
  console.error(`\n${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

const persistTo = values['persist-to'];
const port = Number(values.port);
const began = performance.now();
let server: DevServer | undefined;

// Checked first, so a taken port is said at once, not after the build.
await assertPortFree(port).catch(fail);
// Ended by SIGKILL, we cannot stop the server ourselves: the supervisor it runs under sees us go and
// ends it. `npm start` runs us through a shell; when npm is the one killed, the shell is left to
// another parent and so are we, then: end with it.
const ancestors = () => {
  const parent = process.ppid;
  // Linux: the shell's own parent (npm) from /proc; elsewhere only our parent is watched.
  const stat = (() => {
    try {
      return readFileSync(`/proc/${parent}/stat`, 'utf8');
    } catch {
      return '';
    }
  })();
  const grandparent = process.env.npm_lifecycle_event && stat ? stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] : '';
  return `${parent}/${grandparent}`;
};
const ancestry = ancestors();
setInterval(() => {
  if (ancestors() !== ancestry) void (server?.stop() ?? Promise.resolve()).then(() => process.exit(1));
}, 500).unref();

try {
  if (!values['skip-build']) await step('Building the app', buildApp);
  await step('Applying D1 migrations to the local database', () => applyMigrationsInBackground(persistTo));
  server = await step(`Starting wrangler dev on port ${port}`, () => startDevServer({ port, persistTo, ...(values['ai-double'] ? { vars: { AI_DOUBLE: 'recorded' } } : {}) }));
} catch (err) {
  await server?.stop();
  fail(err);
}
const url = server.url;
const report = await step('Seeding the demo organization', () => seed(url)).catch(async (err) => {
  await server?.stop();
  return fail(err);
});
const demo = await step('Seeding a completed, rated demo session to review', () => seedDemoSession(url, report)).catch(async (err) => {
  await server?.stop();
  return fail(err);
});
for (const line of [...report.created, ...demo.created]) console.log(`  seeded ${line}`);
for (const line of [...report.existing, ...demo.existing]) console.log(`  already there: ${line}`);

console.log(`
Holdfast is running at ${url} (ready in ${seconds(performance.now() - began)})
  Dashboard:        ${url}/dashboard   (log in as ${report.login.email} / ${report.login.password})
  Demo review:      ${url}${demo.reviewPath}
  Candidate invite: ${report.invitePath ? url + report.invitePath : '(none)'}
  Mail outbox:      ${url}/dashboard/outbox
  Health:           ${url}/api/health
Press Ctrl+C to stop.`);

if (values['exit-when-ready']) {
  await server.stop();
  process.exit(0);
}
const running = server;
let stopping = false;
const shutdown = () => {
  stopping = true;
  void running.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
running.process.once('exit', (code) => {
  if (stopping) return;
  console.error(`wrangler dev stopped (exit code ${code}).`);
  process.exit(code || 1);
});
