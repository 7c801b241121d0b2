import { describe, expect, it } from 'vitest';
import { localSegments, PHONE, passDeviceCheck, probeRecording, recordFor, startInvite, watchFinishedSegments } from './candidate-support.ts';
import { RecruiterApi } from './recruiter-api.ts';
import { holdfastAndChromium } from './support.ts';

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
});
