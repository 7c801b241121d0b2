import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type LaunchOptions } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { applyMigrations, type DevServer, seed, startDevServer } from '../../scripts/dev-server.ts';

/** Chromium from CHROMIUM_PATH, then Debian's; never a downloaded browser. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error('No Chromium found for the end-to-end tests. Install one (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROMIUM_PATH to its executable.');
  }
  return found;
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

function launchOptions(extra: LaunchOptions = {}): LaunchOptions {
  return { executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true, ...extra };
}

/** `extraArgs`: more Chromium switches, e.g. a file for the fake microphone to play. */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch(launchOptions({ args: [...CHROMIUM_ARGS, ...extraArgs] }));
}

/** A browser with a profile on disk, as an installed app has; it survives a relaunch. */
export function launchPersistent(profileDir: string, options: Parameters<typeof chromium.launchPersistentContext>[1] = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, { ...launchOptions(), ...options });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `holdfast-${prefix}-`));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A fresh Holdfast on its own port and its own local storage, migrated and seeded. */
export async function startHoldfast(persistTo = tempDir('state'), port?: number, vars?: Record<string, string>): Promise<DevServer & { persistTo: string }> {
  applyMigrations(persistTo);
  // HOLDFAST_E2E_LOG=1 shows the Worker's own log lines while a browser test runs.
  const log = process.env.HOLDFAST_E2E_LOG ? (line: string) => process.stderr.write(line) : undefined;
  const server = await startDevServer({ port: port ?? (await freePort()), persistTo, ...(log ? { log } : {}), ...(vars ? { vars } : {}) });
  await seed(server.url);
  return { ...server, persistTo };
}

export interface Running {
  readonly server: DevServer & { persistTo: string };
  readonly browser: Browser;
}

/**
 * A Holdfast server and a Chromium for the tests of one `describe`: started before them, stopped
 * after. Read `running.server` and `running.browser` inside the tests.
 */
export function holdfastAndChromium(vars?: Record<string, string>): Running {
  let server: (DevServer & { persistTo: string }) | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startHoldfast(undefined, undefined, vars);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('Chromium starts in beforeAll');
      return browser;
    },
  };
}
