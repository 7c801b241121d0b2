import { describe, expect, it } from 'vitest';
import { localSegments, PHONE, passDeviceCheck, probeRecording, recordFor, startInvite, watchFinishedSegments } from './candidate-support.ts';
import { RecruiterApi } from './recruiter-api.ts';
import { holdfastAndChromium } from './support.ts';

const RECORDING = 'Recording — saved on this device as you go';

describe('a one-way interview on a phone', () => {
  const running = holdfastAndChromium();

  it('goes from invite to Completed, and the video in R2 plays for its recorded length', async () => {
    const recruiter = await RecruiterApi.register(running.server.url, 'happy');
    const interview = await recruiter.fourQuestionInterview();
    const { inviteUrl, sessionId } = await recruiter.addCandidate(interview.id, 'Hana Happy', 'hana@candidates.test');

    const context = await running.browser.newContext({ ...PHONE, baseURL: running.server.url });
    const page = await context.newPage();
    const finished = watchFinishedSegments(page);
    await startInvite(page, inviteUrl);
    await passDeviceCheck(page);

    await page.getByText('Question 1 of 4').waitFor();
    await expect(page.getByRole('status', { name: 'Upload status' }).isVisible()).resolves.toBe(true);
    await recordFor(page, 4);
    await page.getByRole('button', { name: 'Submit answer' }).click();

    await page.getByText('Question 2 of 4').waitFor();
    await recordFor(page, 2);
    await page.getByRole('button', { name: 'Submit answer' }).click();

    await page.getByText('Question 3 of 4').waitFor();
    await page.getByLabel('Your answer').fill('I like making things that keep working when the network does not.');
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await page.getByText('Question 4 of 4').waitFor();
    await page.getByRole('radio', { name: 'Remote' }).check();
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    await page.getByText('Your interview is submitted. You can close this page.').waitFor({ timeout: 60_000 });
    await expect(page.getByRole('status', { name: 'Upload status' }).textContent()).resolves.toContain('All answers saved');
    expect(await recruiter.sessionStatus(interview.id, sessionId)).toBe('completed');

    const [videoSegment] = await localSegments(page, interview.questionIds[0]!);
    expect(videoSegment).toBeDefined();
    const probe = await probeRecording(recruiter, sessionId, videoSegment!);
    expect(probe.streams.sort()).toEqual(['audio', 'video']);
    const recordedSeconds = finished.get(videoSegment!)! / 1000;
    expect(recordedSeconds).toBeGreaterThan(3.5);
    expect(Math.abs(probe.durationSeconds - recordedSeconds)).toBeLessThanOrEqual(0.5);
    await context.close();
  });

  it('keeps the status line calm while recording: one phrase, announced once, then "All answers saved"', async () => {
    const recruiter = await RecruiterApi.register(running.server.url, 'calm');
    const interview = await recruiter.fourQuestionInterview();
    const { inviteUrl } = await recruiter.addCandidate(interview.id, 'Cal Calm', 'cal@candidates.test');
    const context = await running.browser.newContext({ ...PHONE });
    const page = await context.newPage();
    try {
      await startInvite(page, inviteUrl);
      await passDeviceCheck(page);
      const status = page.getByRole('status', { name: 'Upload status' });
      // Every text the live region takes, however briefly: what a screen reader would announce.
      await status.evaluate((region) => {
        const w = window as unknown as { announced: string[] };
        w.announced = [];
        const note = () => {
          const text = region.textContent ?? '';
          if (text !== w.announced.at(-1)) w.announced.push(text);
        };
        note();
        new MutationObserver(note).observe(region, { childList: true, characterData: true, subtree: true });
      });
      const announced = () => page.evaluate(() => (window as unknown as { announced: string[] }).announced);

      await page.getByText(/Recording — 1 s/).waitFor();
      const afterStart = (await announced()).length;
      // Several seconds of recording online, while chunks are saved and uploaded in the background.
      const samples: string[] = [];
      while (!(await page.getByText(/Recording — 6 s/).isVisible())) {
        samples.push((await status.textContent()) ?? '');
        expect(await page.getByText(/0\.0 MB/).count()).toBe(0);
        await page.waitForTimeout(150);
      }
      expect(samples.length).toBeGreaterThan(10);
      expect(new Set(samples)).toEqual(new Set([RECORDING]));
      // Not one change while recording: the phrase was announced once.
      expect((await announced()).slice(afterStart - 1)).toEqual([RECORDING]);

      await page.getByRole('button', { name: 'Stop recording' }).click();
      await status.getByText('All answers saved').waitFor({ timeout: 30_000 });
      const all = await announced();
      expect(all.filter((text) => /0\.0 MB/.test(text))).toEqual([]);
      expect(all.at(-1)).toBe('All answers saved');
      // Said once, when it became true: never before the take's finish was even queued.
      expect(all.slice(all.lastIndexOf(RECORDING) + 1).filter((text) => text === 'All answers saved')).toEqual(['All answers saved']);
    } finally {
      await context.close();
    }
  });
});
