/**
 * Runs the Worker locally with `wrangler dev` (workerd; local D1, R2 and Durable Objects persisted
 * in a folder). Shared by `npm start`, the end-to-end tests and the benchmarks.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WRANGLER = fileURLToPath(new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url));

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

export function buildApp(): void {
  const result = spawnSync(process.execPath, [fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url)), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('vite build failed');
}

/** Applies the numbered D1 migrations to the local database; applied ones are skipped. */
export function applyMigrations(persistTo: string, quiet = true): void {
  runWrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], { quiet });
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
  const child = spawn(
    process.execPath,
    [
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
    { cwd: ROOT, env: LOCAL_ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
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
    // wrangler runs workerd as a child: end the whole process group.
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
}

export async function seed(url: string): Promise<SeedReport> {
  const res = await fetch(`${url}/api/dev/seed`, { method: 'POST', headers: { origin: url } });
  if (!res.ok) throw new Error(`seeding failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as SeedReport;
}
