/**
 * Refreshes docs/screenshots/review-workspace.png: the demo session's review workspace on a laptop
 * (1280×800), its video on the first frame. Run after `npm run build`:
 *
 *   node --experimental-strip-types scripts/screenshot-review.ts
 *
 * It starts its own Holdfast on a free port with fresh local storage, seeds the demo session as
 * `npm start` does, logs in as the demo owner and saves the picture; nothing else is kept.
 */
import { mkdirSync } from 'node:fs';
import { launchBrowser, startHoldfast } from '../test/e2e/support.ts';
import { seedDemoSession } from './demo-session.ts';
import { seed } from './dev-server.ts';

const OUT = new URL('../docs/screenshots/', import.meta.url);

const server = await startHoldfast();
const browser = await launchBrowser();
try {
  const report = await seed(server.url);
  const demo = await seedDemoSession(server.url, report);
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(demo.reviewPath);
  await page.getByLabel('Email').fill(report.login.email);
  await page.getByLabel('Password').fill(report.login.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Riley Reviewed', level: 1 }).waitFor();
  // The recording is assembled on the session's own time: reload until its first frame shows.
  for (let attempt = 0; ; attempt++) {
    const video = page.locator('video').first();
    const ready = await video
      .waitFor({ timeout: 5_000 })
      .then(async () => page.waitForFunction((el) => (el as HTMLVideoElement).readyState >= 2, await video.elementHandle(), { timeout: 10_000 }))
      .then(() => true)
      .catch(() => false);
    if (ready) break;
    if (attempt >= 10) throw new Error('the demo video never showed a frame');
    await page.reload();
  }
  mkdirSync(OUT, { recursive: true });
  const path = new URL('review-workspace.png', OUT).pathname;
  await page.screenshot({ path });
  console.log(`Saved ${path}`);
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
