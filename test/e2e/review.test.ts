import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE, passDeviceCheck, recordFor, startInvite } from './candidate-support.ts';
import { RecruiterApi, reviewerDashboard, SCALE_QUESTION } from './recruiter-api.ts';
import { holdfastAndChromium } from './support.ts';

const VIDEO = { type: 'video', title: 'Introduce yourself', prompt: 'Who are you?', maxAnswerSeconds: 120, thinkTimeSeconds: 0, attempts: 2, mayReviewTake: true };
const TEXT = { type: 'text', title: 'Why this role?', prompt: 'A few sentences.', wordLimit: 100 };
const CHOICE = {
  type: 'choice',
  title: 'Pick the prime',
  prompt: 'One of these is prime.',
  mode: 'single',
  options: [
    { id: 'four', label: '4' },
    { id: 'seven', label: '7' },
  ],
  correctOptionIds: ['seven'],
  points: 2,
};
async function makeInterview(recruiter: RecruiterApi, questions: Record<string, unknown>[]): Promise<{ id: string; questionIds: string[] }> {
  const questionIds: string[] = [];
  for (const body of questions) questionIds.push(await recruiter.question(body));
  const { interview } = await recruiter.call<{ interview: { id: string } }>('POST', '/api/interviews', {
    name: 'Support engineer',
    format: 'one_way',
    intro: 'Hello.',
    closing: 'Thanks!',
    questionIds,
  });
  return { id: interview.id, questionIds };
}

/**
 * A reviewer invited by the recruiter accepts in the browser and lands in the dashboard: the one
 * who watches, rates and finishes, with the reviewer role's rights and no more.
 */
async function answerText(page: Page, text: string): Promise<void> {
  await page.getByLabel('Your answer').fill(text);
  await page.getByRole('button', { name: 'Save and continue' }).click();
}

/** The parts of `GET /api/sessions/:id` this test reads. */
interface SessionPage {
  session: { status: string };
  answers: { answer: { type: 'recording'; segments: { segmentId: string; durationMs: number }[]; pendingSegments: number } | { type: string } | null }[];
}

async function waitForRecording(recruiter: RecruiterApi, sessionId: string, segments: number): Promise<SessionPage> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const page = await recruiter.call<SessionPage>('GET', `/api/sessions/${sessionId}`);
    const recording = recordingOf(page);
    if (recording && recording.segments.length === segments && recording.pendingSegments === 0) return page;
    if (Date.now() > deadline) throw new Error(`the recording never had ${segments} assembled segments: ${JSON.stringify(recording)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function recordingOf(page: SessionPage) {
  const answer = page.answers[0]?.answer;
  return answer && 'segments' in answer ? answer : null;
}

/** The session page shows one answer at a time: its entry in the question list brings it up. */
async function openAnswer(page: Page, name: string): Promise<Locator> {
  await page
    .getByRole('navigation', { name: 'Questions' })
    .getByRole('link', { name: new RegExp(`^${name.replace(/[.?*+()[\]]/g, '\\$&')}`) })
    .click();
  const region = page.getByRole('region', { name });
  await region.waitFor();
  return region;
}

/** Where the answer's one media element is: which segment's source, and how far into it. */
function mediaState(player: Locator): Promise<{ src: string; currentTime: number; paused: boolean; playbackRate: number }> {
  return player.locator('video').evaluate((v: HTMLVideoElement) => ({ src: v.currentSrc, currentTime: v.currentTime, paused: v.paused, playbackRate: v.playbackRate }));
}

describe('reviewing a session', () => {
  const running = holdfastAndChromium();

  it('plays an interrupted video answer as one take across its two segments, rates every answer and finishes the review', async () => {
    const recruiter = await RecruiterApi.register(running.server.url, 'review');
    const interview = await makeInterview(recruiter, [VIDEO, TEXT, CHOICE, SCALE_QUESTION]);
    const { inviteUrl, sessionId } = await recruiter.addCandidate(interview.id, 'Rhea Review', 'rhea@candidates.test');

    // The candidate records, the tab reloads mid-answer, and they continue: two segments.
    const candidate = await running.browser.newContext({ ...PHONE, baseURL: running.server.url });
    const phone = await candidate.newPage();
    await startInvite(phone, inviteUrl);
    await passDeviceCheck(phone);
    await phone.getByText('Question 1 of 4').waitFor();
    await phone.getByRole('button', { name: 'Stop recording' }).waitFor();
    await phone.getByText(/Recording — 3 s/).waitFor({ timeout: 15_000 });
    await phone.reload();
    const interrupted = phone.getByText(/^Your recording was interrupted(\. \d+ seconds? of it (is|are) saved| before any of it was saved)/);
    await interrupted.waitFor();
    const keptSeconds = Number((await interrupted.textContent())!.match(/interrupted\. (\d+) second/)?.[1] ?? 0);
    await phone.getByRole('button', { name: 'Continue recording' }).click();
    await recordFor(phone, keptSeconds + 3);
    await phone.getByRole('button', { name: 'Submit answer' }).click();
    await phone.getByText('Question 2 of 4').waitFor();
    await answerText(phone, 'I like making things that keep working.');
    await phone.getByText('Question 3 of 4').waitFor();
    await phone.getByRole('radio', { name: '7' }).check();
    await phone.getByRole('button', { name: 'Save and continue' }).click();
    await phone.getByText('Question 4 of 4').waitFor();
    await phone.getByRole('radio', { name: '5 — Agree' }).first().check();
    await phone.getByRole('radio', { name: '3' }).nth(1).check();
    await phone.getByRole('button', { name: 'Save and continue' }).click();
    await phone.getByText('Your interview is submitted. You can close this page.').waitFor({ timeout: 60_000 });
    await candidate.close();

    const data = await waitForRecording(recruiter, sessionId, 2);
    expect(data.session.status).toBe('completed');
    const [first, second] = recordingOf(data)!.segments;
    const firstSeconds = first!.durationMs / 1000;
    expect(firstSeconds).toBeGreaterThan(1);
    expect(second!.durationMs).toBeGreaterThan(1500);

    // The owner has already rated the video answer; the reviewer will see it beside their own.
    await recruiter.call('PUT', `/api/sessions/${sessionId}/answers/${interview.questionIds[0]}/review`, { rating: 2, note: 'Owner only.' });

    const { context, page } = await reviewerDashboard(running.browser, running.server.url, recruiter, 'Rita Reviewer');
    await page.goto(`/dashboard/sessions/${sessionId}`);
    await page.getByRole('heading', { name: 'Rhea Review' }).waitFor();
    await expect(page.getByRole('list', { name: 'Timeline' }).textContent()).resolves.toContain('Completed');

    const videoAnswer = page.getByRole('region', { name: '1. Introduce yourself' });
    const player = videoAnswer.getByRole('group', { name: 'Recording: Introduce yourself' });
    await player.getByText('Recorded in 2 parts').waitFor();
    await expect(player.getByRole('slider', { name: 'Position in the recording' }).getAttribute('max')).resolves.toBe(String((first!.durationMs + second!.durationMs) / 1000));

    // Plays through the boundary at double speed: the one element moves on to the second segment by itself.
    await player.getByLabel('Speed').selectOption('2');
    await player.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction((el) => el?.getAttribute('data-part') === '2', await player.elementHandle(), { timeout: 30_000 });
    await expect.poll(async () => (await mediaState(player)).currentTime, { timeout: 15_000 }).toBeGreaterThan(0.5);
    const crossed = await mediaState(player);
    expect(crossed.src).toContain(`/recordings/${second!.segmentId}`);
    expect(crossed.paused).toBe(false);
    expect(crossed.playbackRate).toBe(2);
    expect(Number(await player.getAttribute('data-position'))).toBeGreaterThan(firstSeconds);
    await player.getByRole('button', { name: 'Pause' }).click();

    // Seeks back into the first segment, then into the second one, on the one timeline.
    const slider = player.getByRole('slider', { name: 'Position in the recording' });
    await slider.fill('0.5');
    await expect.poll(async () => (await mediaState(player)).src).toContain(`/recordings/${first!.segmentId}`);
    await expect.poll(async () => (await mediaState(player)).currentTime).toBeCloseTo(0.5, 0);
    const into = firstSeconds + 1;
    await slider.fill(String(into));
    await expect.poll(async () => (await mediaState(player)).src).toContain(`/recordings/${second!.segmentId}`);
    await expect.poll(async () => Math.abs((await mediaState(player)).currentTime - 1), { timeout: 10_000 }).toBeLessThan(0.3);
    expect(await player.getAttribute('data-part')).toBe('2');
    expect((await mediaState(player)).paused).toBe(true);

    // The other answers as a reviewer reads them.
    const text = await openAnswer(page, '2. Why this role?');
    await text.getByText('7 words (limit 100)').waitFor();
    const choice = await openAnswer(page, '3. Pick the prime');
    await choice.getByText('✓ right').waitFor();
    await choice.getByText('2 of 2 points').waitFor();
    const scale = await openAnswer(page, '4. Work style');
    await expect(scale.getByRole('table', { name: 'Trait profile from this question' }).textContent()).resolves.toMatch(/Conscientiousness\s*5\s*5.*Openness\s*3\s*5/s);

    // Rates every answer, notes one privately, recommends, and finishes.
    const ratings = [4, 5, 3, 4];
    for (const [index, title] of ['Introduce yourself', 'Why this role?', 'Pick the prime', 'Work style'].entries()) {
      const section = await openAnswer(page, `${index + 1}. ${title}`);
      await section
        .getByRole('group', { name: `Your rating of “${title}”` })
        .getByRole('radio', { name: String(ratings[index]) })
        .check();
      await section.getByText(`Rating ${ratings[index]} saved`).waitFor();
      await expect(section.getByRole('table', { name: `Ratings of “${title}”` }).textContent()).resolves.toContain(`Rita Reviewer (you)${ratings[index]} of 5`);
    }
    // Side by side: the owner's rating beside the reviewer's, with their average; never the owner's note.
    await openAnswer(page, '1. Introduce yourself');
    const videoRatings = videoAnswer.getByRole('table', { name: 'Ratings of “Introduce yourself”' });
    await expect(videoRatings.textContent()).resolves.toMatch(/Recruiter review2 of 5.*Rita Reviewer \(you\)4 of 5.*Average3/);
    expect(await page.getByText('Owner only.').count()).toBe(0);
    await videoAnswer.getByLabel('Private note on “Introduce yourself”').fill('Clear and calm, even after the interruption.');
    await videoAnswer.getByRole('button', { name: 'Save note' }).click();
    await videoAnswer.getByText('Note saved').waitFor();
    await page.getByText('Average rating of all answers: 3.6').waitFor();
    await page.getByRole('radio', { name: 'Advance' }).check();
    await page.getByLabel('Overall notes').fill('Strong communicator.');
    await page.getByRole('button', { name: 'Save recommendation' }).click();
    await page.getByText('Recommendation saved').waitFor();

    await page.getByRole('button', { name: 'Finish Review' }).click();
    await page.getByText('Review finished.').waitFor();
    expect(await page.getByRole('button', { name: 'Finish Review' }).count()).toBe(0);
    // Nobody can change a rating while it is finished, and only an admin may reopen it.
    expect(await page.getByRole('group', { name: 'Your rating of “Introduce yourself”' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reopen review' }).count()).toBe(0);

    // After a reload everything saved is still there, the private note included.
    await page.reload();
    await page.getByText('Review finished.').waitFor();
    await page.getByText('Clear and calm, even after the interruption.').waitFor();
    await page.getByText('Strong communicator.').waitFor();

    await page.getByRole('link', { name: /Sessions of Support engineer/ }).click();
    const row = page.getByRole('row', { name: 'Session of Rhea Review' });
    await row.locator('[data-status="reviewed"]').waitFor();
    await expect(row.getByRole('cell').nth(2).textContent()).resolves.toBe('Reviewed');
    await context.close();
  });

  it('shows a retake beside its original on the compare view, question by question', async () => {
    const recruiter = await RecruiterApi.register(running.server.url, 'compare');
    const interview = await makeInterview(recruiter, [TEXT, CHOICE]);
    const original = await recruiter.addCandidate(interview.id, 'Omar Again', 'omar@candidates.test');

    async function takeInterview(inviteUrl: string, why: string, pick: string) {
      const context = await running.browser.newContext({ ...PHONE, baseURL: running.server.url });
      const phone = await context.newPage();
      await startInvite(phone, inviteUrl);
      await phone.getByText('Question 1 of 2').waitFor();
      await answerText(phone, why);
      await phone.getByText('Question 2 of 2').waitFor();
      await phone.getByRole('radio', { name: pick }).check();
      await phone.getByRole('button', { name: 'Save and continue' }).click();
      await phone.getByText('Your interview is submitted. You can close this page.').waitFor({ timeout: 60_000 });
      await context.close();
    }
    await takeInterview(original.inviteUrl, 'I was nervous the first time.', '4');
    const { session: retake } = await recruiter.call<{ session: { id: string; inviteUrl: string } }>('POST', `/api/sessions/${original.sessionId}/retake`);
    await takeInterview(retake.inviteUrl, 'Calmer now, and I know why I want this.', '7');

    const { context, page } = await reviewerDashboard(running.browser, running.server.url, recruiter, 'Cora Compare');
    await page.goto(`/dashboard/interviews/${interview.id}/sessions`);
    await page.getByRole('link', { name: 'Compare retakes of Omar Again' }).first().click();
    await page.getByRole('heading', { name: 'Compare retakes' }).waitFor();
    const takes = page.getByRole('list', { name: 'Takes' }).getByRole('listitem');
    await expect.poll(() => takes.count()).toBe(2);
    await expect(takes.nth(0).getAttribute('data-session-id')).resolves.toBe(original.sessionId);
    await expect(takes.nth(1).getAttribute('data-session-id')).resolves.toBe(retake.id);

    const why = page.getByRole('region', { name: 'Question: Why this role?' });
    await why.getByRole('group', { name: 'Original: Why this role?' }).getByText('I was nervous the first time.').waitFor();
    await why.getByRole('group', { name: 'Retake 1: Why this role?' }).getByText('Calmer now, and I know why I want this.').waitFor();
    const prime = page.getByRole('region', { name: 'Question: Pick the prime' });
    await prime.getByRole('group', { name: 'Original: Pick the prime' }).getByText('✗ wrong').waitFor();
    await prime.getByRole('group', { name: 'Retake 1: Pick the prime' }).getByText('✓ right').waitFor();

    // Side by side on a laptop: the retake's column sits to the right of the original's.
    const left = await why.getByRole('group', { name: 'Original: Why this role?' }).boundingBox();
    const right = await why.getByRole('group', { name: 'Retake 1: Why this role?' }).boundingBox();
    expect(right!.x).toBeGreaterThan(left!.x + left!.width - 1);
    expect(Math.abs(right!.y - left!.y)).toBeLessThan(2);

    // The session page of the retake links to the same view.
    await takes.nth(1).getByRole('link', { name: 'Open retake 1' }).click();
    await page.getByRole('heading', { name: 'Omar Again' }).waitFor();
    await page.getByRole('link', { name: 'Compare retakes' }).click();
    await page.getByRole('heading', { name: 'Compare retakes' }).waitFor();
    await expect.poll(() => takes.count()).toBe(2);
    await context.close();
  });
});
