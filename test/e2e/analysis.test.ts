/**
 * The review page's AI analysis panel in Chromium, for a session a candidate took on a phone:
 * with the recorded provider double switched on in the development server (AI_DOUBLE, ignored in
 * production) the rubric shows with evidence and times, and a time seeks the answer's player;
 * without a provider the panel shows the built-in results and says what needs a provider.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE, passDeviceCheck, recordFor, startInvite } from './candidate-support.ts';
import { RecruiterApi, reviewerDashboard } from './recruiter-api.ts';
import { holdfastAndChromium, launchBrowser, type Running, tempDir } from './support.ts';

const VIDEO = {
  type: 'video',
  title: 'A migration you led',
  prompt: 'Tell us about it.',
  maxAnswerSeconds: 60,
  thinkTimeSeconds: 0,
  attempts: 2,
  mayReviewTake: false,
  goodAnswer: 'Describes the migration of the billing system\nMoved one service at a time\nMentions hiring a team',
};
const TEXT = { type: 'text', title: 'Bad networks', prompt: 'What goes wrong?', wordLimit: null, goodAnswer: 'Names a network problem\nSays how the app survives it' };
const CHOICE = {
  type: 'choice',
  title: 'Pick the prime',
  prompt: 'Which?',
  mode: 'single',
  options: [
    { id: 'four', label: '4' },
    { id: 'seven', label: '7' },
  ],
  correctOptionIds: ['seven'],
  points: 2,
};

interface Analysis {
  status: string;
}

/**
 * A microphone that keeps talking: speech-like syllables (four a second, changing pitch) as a WAV
 * for Chromium's fake capture device. Its default sound is a short beep a second, which the device
 * rightly measures as too little speech; a steady tone is taken for noise and suppressed.
 */
function speakingMicrophone(): string {
  const rate = 16_000;
  const samples = rate * 10;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  const pitches = [180, 240, 210, 300, 160, 270];
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    const f = pitches[Math.floor(t * 4) % pitches.length] ?? 200;
    const envelope = Math.sin(Math.PI * ((t * 4) % 1));
    const voice = Math.sin(2 * Math.PI * f * t) + 0.5 * Math.sin(4 * Math.PI * f * t) + 0.3 * Math.sin(2 * Math.PI * 3.1 * f * t);
    wav.writeInt16LE(Math.max(-32_767, Math.min(32_767, Math.round(9_000 * envelope * voice))), 44 + i * 2);
  }
  const path = join(tempDir('voice'), 'voice.wav');
  writeFileSync(path, wav);
  return path;
}

/** A candidate takes the interview on a phone: 7 s of video, a text answer, a choice. */
async function takenSession(running: Running, label: string): Promise<{ recruiter: RecruiterApi; sessionId: string; interviewId: string }> {
  const recruiter = await RecruiterApi.register(running.server.url, label);
  const interview = await recruiter.interview([VIDEO, TEXT, CHOICE]);
  const { inviteUrl, sessionId } = await recruiter.addCandidate(interview.id, 'Ana Lysed', `${label}@candidates.test`);
  const browser = await launchBrowser([`--use-file-for-fake-audio-capture=${speakingMicrophone()}`]);
  const candidate = await browser.newContext({ ...PHONE, baseURL: running.server.url });
  const phone = await candidate.newPage();
  await startInvite(phone, inviteUrl);
  await passDeviceCheck(phone);
  await phone.getByText('Question 1 of 3').waitFor();
  await recordFor(phone, 7);
  await phone.getByRole('button', { name: 'Submit answer' }).click();
  await phone.getByText('Question 2 of 3').waitFor();
  await phone.getByLabel('Your answer').fill('Phones lose the network in lifts and trains. The app survives it by saving every answer on the device first.');
  await phone.getByRole('button', { name: 'Save and continue' }).click();
  await phone.getByText('Question 3 of 3').waitFor();
  await phone.getByRole('radio', { name: '7' }).check();
  await phone.getByRole('button', { name: 'Save and continue' }).click();
  await phone.getByText('Your interview is submitted. You can close this page.').waitFor({ timeout: 60_000 });
  await browser.close();
  return { recruiter, sessionId, interviewId: interview.id };
}

/** The job runs from the session object's alarm once the session finished (and its recording is assembled). */
async function analysed(recruiter: RecruiterApi, sessionId: string): Promise<Analysis> {
  const deadline = Date.now() + 100_000;
  for (;;) {
    const analysis = await recruiter.call<Analysis>('GET', `/api/sessions/${sessionId}/analysis`);
    if (analysis.status !== 'pending') return analysis;
    if (Date.now() > deadline) throw new Error('the analysis stayed pending');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function openSession(running: Running, recruiter: RecruiterApi, sessionId: string): Promise<Page> {
  const { page } = await reviewerDashboard(running.browser, running.server.url, recruiter, 'Ravi Reviewer');
  await page.goto(`/dashboard/sessions/${sessionId}`);
  await page.getByRole('heading', { name: 'Ana Lysed' }).waitFor();
  return page;
}

describe('the AI analysis panel with a provider', () => {
  const running = holdfastAndChromium({ AI_DOUBLE: 'recorded' });

  it('shows rubric results with quoted evidence; a time plays the recording from there; a reviewer’s score stands beside the AI’s', async () => {
    const { recruiter, sessionId, interviewId } = await takenSession(running, 'ai-panel');
    expect((await analysed(recruiter, sessionId)).status).toBe('done');
    const page = await openSession(running, recruiter, sessionId);

    const panel = page.getByRole('region', { name: 'AI analysis' });
    await panel.getByText('AI-generated', { exact: true }).waitFor();
    await panel.getByText(/@cf\/openai\/whisper-large-v3-turbo and @cf\/meta\/llama-3\.3-70b-instruct-fp8-fast/).waitFor();
    const rubric = panel.getByRole('table', { name: 'Rubric for “A migration you led” (AI-generated)' });
    await expect(rubric.textContent()).resolves.toMatch(/Describes the migration of the billing systemMet.*I led the migration of our billing system to a new database\./s);
    await expect(rubric.textContent()).resolves.toMatch(/Mentions hiring a teamNot metnothing in the answer/);
    await panel.getByRole('table', { name: 'Rubric for “Bad networks” (AI-generated)' }).waitFor();
    await expect(panel.getByRole('region', { name: 'Overall AI score' }).textContent()).resolves.toMatch(/Overall \(AI\): \d+ \/ 100/);

    // The second criterion's evidence is said 4.2 s in: its time seeks the answer's player there.
    const player = page.getByRole('group', { name: 'Recording: A migration you led' });
    expect(Number(await player.getAttribute('data-position'))).toBe(0);
    // Clicked while another answer is shown: the recorded answer comes up and plays from there.
    await page
      .getByRole('navigation', { name: 'Questions' })
      .getByRole('link', { name: /^2\. Bad networks/ })
      .click();
    await page.getByRole('region', { name: '2. Bad networks' }).waitFor();
    expect(await player.count()).toBe(0);
    await rubric.getByRole('button', { name: 'Play “A migration you led” from 0:04' }).click();
    await page.getByRole('region', { name: '1. A migration you led' }).waitFor();
    await expect.poll(async () => Number(await player.getAttribute('data-position')), { timeout: 10_000 }).toBeCloseTo(4.2, 1);
    await expect.poll(() => player.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeCloseTo(4.2, 1);

    // A reviewer's score is kept beside the AI's.
    const video = panel.getByRole('article', { name: 'AI analysis of “A migration you led”' });
    const aiScore = await video.getByText(/AI score: \d+ \/ 100/).textContent();
    await video.getByLabel('Your score for “A migration you led” (0–100, empty to withdraw)').fill('90');
    await video.getByRole('button', { name: 'Save score for “A migration you led”' }).click();
    await video.getByText('Reviewer’s score: 90 / 100').waitFor();
    expect(await video.getByText(/AI score: \d+ \/ 100/).textContent()).toBe(aiScore);

    // The Sessions tab shows the score.
    await page.goto(`/dashboard/interviews/${interviewId}/sessions`);
    const row = page.getByRole('row', { name: 'Session of Ana Lysed' });
    await expect.poll(async () => row.textContent()).toMatch(/\d+ \/ 100/);
  });
});

describe('the AI analysis panel without a provider', () => {
  const running = holdfastAndChromium();

  it('shows every built-in result and says which parts need a provider', async () => {
    const { recruiter, sessionId } = await takenSession(running, 'no-ai');
    expect((await analysed(recruiter, sessionId)).status).toBe('not_configured');
    const page = await openSession(running, recruiter, sessionId);

    const panel = page.getByRole('region', { name: 'AI analysis' });
    await panel.getByText('Not configured').waitFor();
    const needs = panel.getByRole('list', { name: 'Needs an AI provider' });
    await expect(needs.textContent()).resolves.toBe('Transcripts of recorded answersRubric assessment against "What a good answer covers"The 0–100 overall score');
    expect(await panel.getByText('AI-generated', { exact: true }).count()).toBe(0);

    const builtins = panel.getByRole('region', { name: 'Built-in results' });
    await expect(builtins.getByRole('list', { name: 'Choice scores' }).textContent()).resolves.toBe('Pick the prime: 2 of 2 points');
    // Speaking time comes from the levels the phone metered while recording.
    const videoRow = builtins.getByRole('row', { name: /A migration you led/ });
    const cells = await videoRow.getByRole('cell').allTextContents();
    expect(Number(cells[2]?.replace(' s', ''))).toBeGreaterThanOrEqual(6);
    // The fake microphone talks all the way through: speech most of the time, no long silence.
    expect(Number(cells[4]?.replace(' s', ''))).toBeGreaterThanOrEqual(4);
    expect(cells[5]).toBe('none');
    await builtins.getByText(/Time away during the interview: \d+ s/).waitFor();
  });
});
