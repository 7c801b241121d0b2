import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type DemoSessionReport, seedDemoSession } from '../../scripts/demo-session.ts';
import { seed } from '../../scripts/dev-server.ts';
import { RecruiterApi, reviewerDashboard } from './recruiter-api.ts';
import { holdfastAndChromium } from './support.ts';

/**
 * The session page as a review workspace, on the demo session (a real 5-second video, an audio
 * answer, text, a choice and a scale, rated by the demo owner): one answer at a time from the
 * question list, a first frame before Play, keyboard shortcuts that keep out of the way, the
 * download for members who may review and not for the others.
 */
describe('the review workspace', () => {
  const running = holdfastAndChromium();
  let demo: DemoSessionReport;
  let owner: RecruiterApi;

  async function demoSession(): Promise<void> {
    if (demo) return;
    const report = await seed(running.server.url);
    demo = await seedDemoSession(running.server.url, report);
    owner = await RecruiterApi.login(running.server.url, report.login.email, report.login.password);
    // The video is assembled on the session's own time: wait until the page would have it.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const page = await owner.call<{ answers: { answer: { type: string; segments?: unknown[]; pendingSegments?: number } | null }[] }>(
        'GET',
        `/api/sessions/${demo.reviewPath.split('/').pop()}`,
      );
      const recordings = page.answers.flatMap((a) => (a.answer?.type === 'recording' ? [a.answer] : []));
      if (recordings.length === 2 && recordings.every((r) => r.pendingSegments === 0 && r.segments?.length === 1)) return;
      if (Date.now() > deadline) throw new Error('the demo recordings were never assembled');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  const questions = (page: Page) => page.getByRole('navigation', { name: 'Questions' });
  const answerParam = (page: Page) => new URL(page.url()).searchParams.get('answer');
  const player = (page: Page) => page.getByRole('group', { name: 'Recording: Introduce yourself' });
  const ratingOf = (page: Page, title: string) => page.getByRole('group', { name: `Your rating of “${title}”` });

  /** A key that moves to another answer, and that answer shown. */
  async function press(page: Page, key: string, answer: string): Promise<void> {
    await page.keyboard.press(key);
    await page.getByRole('region', { name: answer }).waitFor();
  }

  /** Nothing focused: keys go to the page, as after reading with the mouse. */
  async function focusPage(page: Page): Promise<void> {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  }

  it('shows one answer at a time with a first frame, a summary, the question list, shortcuts and a download', async () => {
    await demoSession();
    const { context, page } = await reviewerDashboard(running.browser, running.server.url, owner, 'Wren Workspace');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(demo.reviewPath);
    await page.getByRole('heading', { name: 'Riley Reviewed', level: 1 }).waitFor();

    // The summary: answers, the team's average, recommendations from the overall reviews.
    await expect(page.locator('dl[aria-label="Review summary"]').textContent()).resolves.toMatch(/Answered5 of 5Average rating4Rated by you0 of 5RecommendationsAdvance 1/);

    // The list: every question with its state; the first is the one shown.
    const entries = questions(page).getByRole('link');
    await expect.poll(() => entries.count()).toBe(5);
    await expect(entries.nth(0).getAttribute('aria-current')).resolves.toBe('true');
    await expect(entries.nth(0).textContent()).resolves.toMatch(/^1\. Introduce yourself.*Video · answered · recording 0:05$/);
    await expect(entries.nth(2).textContent()).resolves.toMatch(/^3\. Why this role\?.*Text · answered$/);
    expect(await page.getByRole('region', { name: '1. Introduce yourself' }).count()).toBe(1);
    expect(await page.getByRole('region', { name: '3. Why this role?' }).count()).toBe(0);

    // A picture before Play: the first frame is decoded, the video has not started.
    const video = player(page).locator('video');
    await page.waitForFunction(
      (el) => {
        const v = el as HTMLVideoElement;
        return v.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && v.videoWidth > 0;
      },
      await video.elementHandle(),
    );
    expect(await video.evaluate((v: HTMLVideoElement) => ({ paused: v.paused, early: v.currentTime < 0.05 }))).toEqual({ paused: true, early: true });

    // Ratings and notes beside the answer on a laptop.
    const videoBox = (await video.boundingBox())!;
    const ratingBox = (await ratingOf(page, 'Introduce yourself').boundingBox())!;
    expect(ratingBox.x).toBeGreaterThanOrEqual(videoBox.x + videoBox.width);

    // The download: a real link, the file named for the candidate and the question.
    const link = player(page).getByRole('link', { name: 'Download recording' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('Riley Reviewed - Q1 Introduce yourself.webm');
    const res = await page.request.get((await link.getAttribute('href'))!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toMatch(/^attachment; filename="Riley Reviewed - Q1 Introduce yourself\.webm"/);
    expect((await res.body()).length).toBeGreaterThan(100_000);

    // Space plays and pauses; → and ← move 5 seconds (within the 5-second take).
    await focusPage(page);
    await page.keyboard.press('Space');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => !v.paused && v.currentTime > 0.2), { timeout: 15_000 }).toBe(true);
    await page.keyboard.press('Space');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);
    await player(page).getByRole('slider', { name: 'Position in the recording' }).fill('0');
    await focusPage(page);
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => Number(await player(page).getAttribute('data-position'))).toBeGreaterThan(4.9);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => Number(await player(page).getAttribute('data-position'))).toBeLessThan(0.1);
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeLessThan(0.1);

    // 1–5 rate the answer shown; K and J go to the next and previous answer, in the address too.
    await page.keyboard.press('4');
    await ratingOf(page, 'Introduce yourself').getByRole('radio', { name: '4' }).and(page.locator(':checked')).waitFor();
    await page.getByText('Rating 4 saved').waitFor();
    await expect(entries.nth(0).textContent()).resolves.toMatch(/rated 4 by you$/);
    await page.keyboard.press('k');
    await page.getByRole('region', { name: '2. Explain it simply' }).waitFor();
    expect(answerParam(page)).toBe('2');
    await page.keyboard.press('k');
    const text = page.getByRole('region', { name: '3. Why this role?' });
    await text.waitFor();
    expect(answerParam(page)).toBe('3');
    await expect(entries.nth(2).getAttribute('aria-current')).resolves.toBe('true');
    // The text answer reads as prose: the page's own font, a readable measure.
    const prose = text.locator('.hf-prose p').first();
    const style = await prose.evaluate((p) => ({
      font: getComputedStyle(p).fontFamily,
      width: p.getBoundingClientRect().width,
      size: Number.parseFloat(getComputedStyle(p).fontSize),
    }));
    expect(style.font).not.toMatch(/mono/i);
    expect(style.width).toBeLessThanOrEqual(style.size * 45);
    await page.keyboard.press('5');
    await page.getByText('Rating 5 saved').waitFor();
    await press(page, 'j', '2. Explain it simply');
    await press(page, 'j', '1. Introduce yourself');
    expect(answerParam(page)).toBe('1');

    // Typing a note is typing: no key in it moves, rates or plays. Neither does a key with Shift or Ctrl.
    const note = page.getByLabel('Private note on “Introduce yourself”');
    await note.click();
    await page.keyboard.type('Good 5 j k answer');
    await expect(note.inputValue()).resolves.toBe('Good 5 j k answer');
    expect(answerParam(page)).toBe('1');
    expect(await video.evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);
    await expect(ratingOf(page, 'Introduce yourself').getByRole('radio', { name: '4' }).isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.getByText('Note saved').waitFor();
    await focusPage(page);
    await page.keyboard.press('Shift+K');
    await page.keyboard.press('Control+5');
    expect(answerParam(page)).toBe('1');
    await expect(ratingOf(page, 'Introduce yourself').getByRole('radio', { name: '4' }).isChecked()).resolves.toBe(true);

    // After a reload: the same answer, the ratings given by key.
    await page.reload();
    await page.getByRole('region', { name: '1. Introduce yourself' }).waitFor();
    await expect(ratingOf(page, 'Introduce yourself').getByRole('radio', { name: '4' }).isChecked()).resolves.toBe(true);
    await expect(note.inputValue()).resolves.toBe('Good 5 j k answer');
    await questions(page)
      .getByRole('link', { name: /^3\. Why this role\?/ })
      .click();
    await expect(ratingOf(page, 'Why this role?').getByRole('radio', { name: '5' }).isChecked()).resolves.toBe(true);
    expect(answerParam(page)).toBe('3');

    // The shortcuts are listed, and can be turned off; the choice stays after a reload.
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog.getByRole('table').textContent()).resolves.toContain('Previous or next answer');
    await dialog.getByRole('checkbox', { name: 'Single-key shortcuts on' }).uncheck();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await focusPage(page);
    await page.keyboard.press('k');
    await page.keyboard.press('1');
    expect(answerParam(page)).toBe('3');
    await page.reload();
    await page.getByRole('region', { name: '3. Why this role?' }).waitFor();
    await page.getByText('Single-key shortcuts are off').waitFor();
    await page.keyboard.press('k');
    expect(answerParam(page)).toBe('3');
    await expect(ratingOf(page, 'Why this role?').getByRole('radio', { name: '5' }).isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await dialog.getByRole('checkbox', { name: 'Single-key shortcuts on' }).check();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await focusPage(page);
    await page.keyboard.press('k');
    await page.getByRole('region', { name: '4. Preferred way of working' }).waitFor();

    // Narrower than 1100 px the rating sits below the answer; on a phone the list folds above it.
    await page.setViewportSize({ width: 1000, height: 800 });
    await press(page, 'j', '3. Why this role?');
    await press(page, 'j', '2. Explain it simply');
    await press(page, 'j', '1. Introduce yourself');
    const below = (await ratingOf(page, 'Introduce yourself').boundingBox())!;
    const above = (await video.boundingBox())!;
    expect(below.y).toBeGreaterThanOrEqual(above.y + above.height);
    await page.setViewportSize({ width: 390, height: 844 });
    const toggle = questions(page).getByRole('button', { name: 'Questions (1 of 5)' });
    await expect(entries.first().isVisible()).resolves.toBe(false);
    await toggle.click();
    await questions(page)
      .getByRole('link', { name: /^5\. Work style/ })
      .click();
    await page.getByRole('region', { name: '5. Work style' }).waitFor();
    await expect(entries.first().isVisible()).resolves.toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await context.close();
  });

  it('gives a member who may not review (an interviewer) the player but no download, and the route refuses them', async () => {
    await demoSession();
    const { context, page } = await reviewerDashboard(running.browser, running.server.url, owner, 'Ivo Interviewer', 'interviewer');
    await page.goto(demo.reviewPath);
    await page.getByRole('heading', { name: 'Riley Reviewed', level: 1 }).waitFor();
    const video = player(page).locator('video');
    await page.waitForFunction((el) => (el as HTMLVideoElement).readyState >= HTMLMediaElement.HAVE_CURRENT_DATA, await video.elementHandle());
    expect(await page.getByRole('link', { name: /Download recording/ }).count()).toBe(0);
    const src = await video.evaluate((v: HTMLVideoElement) => v.currentSrc.split('#')[0]!);
    const refused = await page.request.get(`${src}?download=1`);
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await page.request.get(src, { headers: { range: 'bytes=0-99' } })).status()).toBe(206);
    await context.close();
  });
});
