/**
 * `npm run screenshots`: builds the app, starts it on fresh local storage with the demo data (as
 * `npm start` does), and captures the README's screenshots into docs/screenshots/ under fixed
 * names, overwriting the last ones: the candidate flow on a phone (the seeded invite of Sam
 * Sample), then the review workspace, the Sessions tab and the Overview tab on a laptop (the
 * seeded, rated session of Riley Reviewed). Phone captures are JPEG (camera frames compress badly
 * as PNG); dashboard captures are PNG. `--skip-build` reuses the last build.
 */
import { mkdirSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { PHONE, passDeviceCheck } from '../test/e2e/candidate-support.ts';
import { freePort, launchBrowser, startHoldfast } from '../test/e2e/support.ts';
import { seedDemoSession } from './demo-session.ts';
import { buildApp, seed } from './dev-server.ts';

const { values } = parseArgs({ options: { 'skip-build': { type: 'boolean', default: false } } });
const OUT = new URL('../docs/screenshots/', import.meta.url);
const DEMO = { email: 'demo@holdfast.test', password: 'holdfast-demo-password', interviewId: 'demo-interview-000000001' };

mkdirSync(OUT, { recursive: true });
const saved: string[] = [];

async function shoot(page: Page, name: string): Promise<void> {
  // Nothing mid-transition, no blinking caret, no focus ring from the step's own heading focus.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const path = new URL(name, OUT).pathname;
  const jpeg = name.endsWith('.jpg');
  await page.screenshot({ path, animations: 'disabled', caret: 'hide', ...(jpeg ? { type: 'jpeg', quality: 72 } : { type: 'png' }) });
  saved.push(`${name} (${Math.round(statSync(path).size / 1024)} KB)`);
}

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 60_000 });

/** A recorded question: skip the think time, record a few seconds, capture while recording, submit. */
async function recordedAnswer(page: Page, capture?: string): Promise<void> {
  await page.getByRole('button', { name: 'Start recording now' }).click();
  await page
    .getByText(/Recording — 3 s/)
    .first()
    .waitFor({ timeout: 30_000 });
  if (capture) await shoot(page, capture);
  await page.getByRole('button', { name: 'Stop recording' }).click();
  await page.getByRole('button', { name: 'Submit answer' }).click();
}

if (!values['skip-build']) {
  console.log('Building the app…');
  await buildApp();
}
console.log('Starting Holdfast with the demo data…');
const server = await startHoldfast(undefined, await freePort());
const browser = await launchBrowser();
try {
  const report = await seed(server.url);
  await seedDemoSession(server.url, report);
  if (!report.invitePath || !report.reviewed) throw new Error('the demo seed made no invite to capture');

  const phone = await browser.newContext({ ...PHONE, baseURL: server.url });
  const candidate = await phone.newPage();
  await candidate.goto(report.invitePath);
  await heading(candidate, 'Customer support engineer');
  await shoot(candidate, 'candidate-1-intro.jpg');
  await candidate.getByRole('checkbox', { name: /I agree/ }).check();
  await candidate.getByRole('button', { name: 'Start interview' }).click();
  await heading(candidate, 'Check your camera and microphone');
  await candidate.waitForFunction(() => !(document.querySelector('button.hf-button:not(.hf-button--secondary)') as HTMLButtonElement | null)?.disabled);
  await shoot(candidate, 'candidate-2-device-check.jpg');
  await passDeviceCheck(candidate);
  await heading(candidate, 'Introduce yourself');
  await recordedAnswer(candidate, 'candidate-3-video-question.jpg');
  await heading(candidate, 'Explain it simply');
  await recordedAnswer(candidate);
  await heading(candidate, 'Why this role?');
  await candidate.getByLabel('Your answer').fill('I enjoy untangling problems with customers, and I like writing down what I learn so the next person is faster.');
  await shoot(candidate, 'candidate-4-text-question.jpg');
  await candidate.getByRole('button', { name: 'Save and continue' }).click();
  // The rest (a choice, a scale): the first option of each.
  for (let step = 0; step < 10 && !(await candidate.getByRole('heading', { level: 1, name: 'Thank you' }).isVisible()); step++) {
    // One choice per group of radio buttons (a scale has one group per statement), or the first box,
    // once the step's screen (some are loaded lazily) shows one.
    await candidate.locator('input[type=radio], input[type=checkbox], h1:text-is("Thank you")').first().waitFor();
    if (await candidate.getByRole('heading', { level: 1, name: 'Thank you' }).isVisible()) break;
    const names = await candidate.locator('input[type=radio]').evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLInputElement).name))]);
    for (const group of names) await candidate.locator(`input[type=radio][name="${group}"]`).first().check();
    if (names.length === 0) await candidate.getByRole('checkbox').first().check();
    await candidate.getByRole('button', { name: 'Save and continue' }).click();
    await candidate.waitForTimeout(300);
  }
  await heading(candidate, 'Thank you');
  await candidate.getByText('Your interview is submitted. You can close this page.').waitFor({ timeout: 60_000 });
  await shoot(candidate, 'candidate-5-thank-you.jpg');
  await phone.close();

  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: server.url });
  const dashboard = await desktop.newPage();
  await dashboard.goto('/dashboard/login');
  await dashboard.getByLabel('Email').fill(DEMO.email);
  await dashboard.getByLabel('Password').fill(DEMO.password);
  await dashboard.getByRole('button', { name: 'Log in' }).click();
  await heading(dashboard, 'Interviews');
  await dashboard.goto(`/dashboard/sessions/${report.reviewed.sessionId}`);
  await heading(dashboard, 'Riley Reviewed');
  const firstAnswer = dashboard.getByRole('heading', { name: /Introduce yourself/ }).first();
  await firstAnswer.waitFor();
  // The first frame of the video answer, when the page shows one (a capture without it still helps).
  await dashboard
    .locator('video')
    .first()
    .evaluate((v: HTMLVideoElement) => (v.readyState >= 2 ? null : new Promise((r) => v.addEventListener('loadeddata', r, { once: true }))), undefined, { timeout: 15_000 })
    .catch(() => console.warn('  (no video frame on the review page)'));
  // The answers, not the candidate's details above them.
  await firstAnswer.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shoot(dashboard, 'dashboard-review-workspace.png');
  await dashboard.goto(`/dashboard/interviews/${DEMO.interviewId}/sessions`);
  await heading(dashboard, 'Customer support engineer');
  await dashboard.getByText('Riley Reviewed').first().waitFor();
  await dashboard.getByText('Sam Sample').first().waitFor();
  await shoot(dashboard, 'dashboard-sessions-tab.png');
  await dashboard.goto(`/dashboard/interviews/${DEMO.interviewId}/overview`);
  await heading(dashboard, 'Customer support engineer');
  await dashboard.locator('svg').first().waitFor();
  await shoot(dashboard, 'dashboard-interview-overview.png');
  await desktop.close();
} finally {
  await browser.close();
  await server.stop();
}
console.log(`Saved in docs/screenshots/:\n  ${saved.join('\n  ')}`);
