/**
 * Runs the Worker locally with `wrangler dev` (workerd; local D1, R2 and Durable Objects persisted
 * in a folder). Shared by `npm start`, the end-to-end tests and the benchmarks.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WRANGLER = fileURLToPath(new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url));
const VITE = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
const SUPERVISOR = fileURLToPath(new URL('./supervise.ts', import.meta.url));
const NODE_TS = ['--experimental-strip-types', '--no-warnings=ExperimentalWarning'];

/** wrangler never needs an account or the network locally. */
export const LOCAL_ENV: NodeJS.ProcessEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? '', NO_D1_WARNING: 'true' };

export function runWrangler(args: string[], options: { quiet?: boolean } = {}): string {
  const result = spawnSync(process.execPath, [WRANGLER, ...args], { cwd: ROOT, env: LOCAL_ENV, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`wrangler ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  if (!options.quiet) process.stdout.write(result.stdout);
  return result.stdout;
}

/** Runs a Node script without blocking, keeping its output to show only if it fails. */
function runQuietly(args: string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: LOCAL_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (data: Buffer) => output.push(data));
    child.stderr.on('data', (data: Buffer) => output.push(data));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${what} failed (${code}):\n${Buffer.concat(output).toString()}`))));
  });
}

/** The app, then the development pages beside it (vite.config.ts: the code sandbox at /dev/code). */
export async function buildApp(): Promise<void> {
  for (const extra of [[], ['--mode', 'dev-pages']]) {
    await runQuietly([VITE, 'build', '--logLevel', 'warn', ...extra], `vite build ${extra.join(' ')}`.trim());
  }
}

/** Applies the numbered D1 migrations to the local database; applied ones are skipped. */
export function applyMigrations(persistTo: string, quiet = true): void {
  runWrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], { quiet });
}

/** The same, without blocking (so `npm start` can show the time going by). */
export function applyMigrationsInBackground(persistTo: string): Promise<void> {
  return runQuietly([WRANGLER, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], 'applying the D1 migrations');
}

/** Who listens on a TCP port, as far as this machine's tools can tell (other users' processes may be hidden). */
function portHolder(port: number): string | null {
  const ss = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const fromSs = ss.status === 0 ? ss.stdout.match(/users:\(\("([^"]+)",pid=(\d+)/) : null;
  if (fromSs) return `${fromSs[1]} (pid ${fromSs[2]})`;
  const lsof = spawnSync('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc'], { encoding: 'utf8' });
  const pid = lsof.status === 0 ? lsof.stdout.match(/^p(\d+)$/m)?.[1] : undefined;
  if (pid) return `${lsof.stdout.match(/^c(.+)$/m)?.[1] ?? 'a process'} (pid ${pid})`;
  return null;
}

function tryListen(port: number, host: string): Promise<'free' | 'taken' | 'no-such-address'> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') resolve('taken');
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'EAFNOSUPPORT') resolve('no-such-address');
      else reject(err);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve('free')));
  });
}

/**
 * Fails at once, naming the process that holds it, when something already listens on the port:
 * otherwise wrangler would fail only after seconds, and meanwhile the other server would answer
 * our health check as if it were us. `localhost` may be either address, so both are tried.
 */
export async function assertPortFree(port: number): Promise<void> {
  for (const host of ['127.0.0.1', '::1']) {
    if ((await tryListen(port, host)) !== 'taken') continue;
    const holder = portHolder(port);
    throw new Error(`Port ${port} is already in use${holder ? ` by ${holder}` : ' by another process'}. Stop it, or choose another port: npm start -- --port ${port + 1}`);
  }
}

/** Runs SQL against the local D1 database and returns the rows of its last statement. */
export function queryLocalD1<T = Record<string, unknown>>(persistTo: string, sql: string): T[] {
  const out = runWrangler(['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--json', '--command', sql], { quiet: true });
  const parsed = JSON.parse(out) as { results: T[] }[];
  return parsed.at(-1)?.results ?? [];
}

export interface DevServer {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startDevServer(options: {
  port: number;
  persistTo: string;
  log?: (line: string) => void;
  config?: string;
  /** More `--var`s, e.g. AI_DOUBLE:recorded (development only: worker/analysis/provider.ts). */
  vars?: Record<string, string>;
}): Promise<DevServer> {
  await assertPortFree(options.port);
  // Through the supervisor, which ends wrangler and its workerd when this process ends, however it ends.
  const child = spawn(
    process.execPath,
    [
      ...NODE_TS,
      SUPERVISOR,
      process.execPath,
      WRANGLER,
      'dev',
      '--port',
      String(options.port),
      '--ip',
      '127.0.0.1',
      '--persist-to',
      options.persistTo,
      '--var',
      'ENVIRONMENT:development',
      ...Object.entries(options.vars ?? {}).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
      '--show-interactive-dev-session=false',
      '--log-level',
      'warn',
      ...(options.config ? ['--config', options.config] : []),
    ],
    // Detached: the supervisor leads a process group of its own, so stop() can end it all at once.
    { cwd: ROOT, env: LOCAL_ENV, stdio: ['pipe', 'pipe', 'pipe'], detached: true },
  );
  const output: string[] = [];
  const collect = (data: Buffer) => {
    const text = data.toString();
    output.push(text);
    if (output.length > 200) output.shift();
    options.log?.(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `http://localhost:${options.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // wrangler runs workerd as a child: end the whole process group the supervisor leads.
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early (${child.exitCode}):\n${output.join('')}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) return { url, port: options.port, process: child, stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not become healthy on ${url} in 90 s:\n${output.join('')}`);
}

/** Creates the demo organization through the running Worker (development only, idempotent). */
export interface SeedReport {
  created: string[];
  existing: string[];
  login: { email: string; password: string };
  invitePath: string | null;
  /** The candidate whose session `npm start` completes for review (scripts/demo-session.ts). */
  reviewed: { name: string; email: string; sessionId: string; status: string; inviteToken: string | null } | null;
}

export async function seed(url: string): Promise<SeedReport> {
  const res = await fetch(`${url}/api/dev/seed`, { method: 'POST', headers: { origin: url } });
  if (!res.ok) throw new Error(`seeding failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as SeedReport;
}
