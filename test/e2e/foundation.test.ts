import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../../scripts/dev-server.ts';
import { launchPersistent, startHoldfast, tempDir } from './support.ts';

describe('the app shell', () => {
  let server: DevServer & { persistTo: string };
  beforeAll(async () => {
    server = await startHoldfast();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('loads from wrangler dev, is controlled by its service worker, and reloads offline with the server stopped', async () => {
    const context = await launchPersistent(tempDir('profile'));
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await expect(page.getByRole('heading', { name: 'Interviews that survive bad networks' }).isVisible()).resolves.toBe(true);

      // The service worker installs, precaches the shell, and claims the page.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
      const controller = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
      expect(controller).toBe(`${server.url}/sw.js`);

      // Not setOffline: the server itself goes away, as when a laptop loses the network.
      await server.stop();
      const refused = await page.evaluate(async () =>
        fetch('/api/health').then(
          () => 'answered',
          () => 'refused',
        ),
      );
      expect(refused).toBe('refused');
      await page.reload();
      await expect(page.locator('main[data-app-shell="ready"]').count()).resolves.toBe(1);
      expect(await page.getByRole('heading', { name: 'Interviews that survive bad networks' }).isVisible()).toBe(true);
      // A deep link is a navigation too: the shell answers it offline and the app routes it.
      await page.goto(`${server.url}/somewhere/else`);
      expect(await page.getByRole('heading', { name: 'Page not found' }).isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describe('installability', () => {
  let server: DevServer & { persistTo: string };
  beforeAll(async () => {
    server = await startHoldfast();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('passes Chromium’s installability check with no errors', async () => {
    const context = await launchPersistent(tempDir('install'));
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
      expect(installabilityErrors).toEqual([]);
      const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[] };
      expect(manifest.url).toBe(`${server.url}/manifest.webmanifest`);
      expect(manifest.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
