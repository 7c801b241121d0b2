/**
 * Issue 14: no WCAG 2.2 AA violation (axe-core) on any candidate page or state, on a phone
 * (390×844) and a laptop (1280×800): the link's intro and consent, the device check, each question
 * type (a recorded question while thinking, recording and reviewing the take; text with its
 * error; choice; scale; code), "Finish later", the thank-you page, the already-submitted link, the
 * email code on a second device, a take-home, an unavailable link and a first visit while offline.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AxeAudit } from './axe.ts';
import { PHONE, passDeviceCheck, recordFor } from './candidate-support.ts';
import { RecruiterApi } from './recruiter-api.ts';
import { holdfastAndChromium } from './support.ts';

const VIEWPORTS = { phone: PHONE, desktop: { viewport: { width: 1280, height: 800 } } } as const;

const VIDEO = { type: 'video', title: 'Introduce yourself', prompt: 'Who are you?', maxAnswerSeconds: 60, thinkTimeSeconds: 30, attempts: 2, mayReviewTake: true };
const TEXT = { type: 'text', title: 'Why this role?', prompt: 'A few sentences.', wordLimit: 5 };
const CHOICE = {
  type: 'choice',
  title: 'Preferred setting',
  prompt: 'Pick one.',
  mode: 'single',
  options: [
    { id: 'remote', label: 'Remote' },
    { id: 'office', label: 'Office' },
  ],
};
const SCALE = {
  type: 'scale',
  title: 'Work style',
  prompt: 'How much do you agree?',
  keyedTo: 'trait',
  steps: 5,
  anchors: { low: 'Disagree', high: 'Agree' },
  items: [
    { id: 'finish', statement: 'I finish what I start.', trait: 'Conscientiousness' },
    { id: 'new', statement: 'I like trying new tools.', trait: 'Openness' },
  ],
};
const CODE = {
  type: 'code',
  title: 'Double it',
  prompt: 'Read a whole number and print it doubled.',
  language: 'javascript',
  starterCode: "const n = Number(require('fs').readFileSync(0, 'utf8'));\nconsole.log(n * 2);\n",
  tests: [{ id: 'four', name: 'doubles 4', input: '4', expectedOutput: '8', hidden: false }],
};

describe('candidate accessibility (axe, WCAG 2.2 AA)', () => {
  const running = holdfastAndChromium();
  let recruiter: RecruiterApi;
  const interviews = { oneWay: '', takeHome: '' };

  beforeAll(async () => {
    recruiter = await RecruiterApi.register(running.server.url, 'a11y');
    interviews.oneWay = (await recruiter.interview([VIDEO, TEXT, CHOICE, SCALE, CODE])).id;
    const code = await recruiter.question({ ...CODE, title: 'Double it again' });
    const { interview } = await recruiter.call<{ interview: { id: string } }>('POST', '/api/interviews', {
      name: 'Backend take-home',
      format: 'take_home',
      intro: 'One small program.',
      closing: 'Thanks!',
      deadlineHours: 3,
      questionIds: [code],
    });
    interviews.takeHome = interview.id;
  });

  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 30_000 });

  for (const [name, profile] of Object.entries(VIEWPORTS)) {
    it(`has no violations through a one-way interview, at ${name} size`, async () => {
      const results = new AxeAudit();
      const { inviteUrl } = await recruiter.addCandidate(interviews.oneWay, `Ada ${name}`, `ada-${name}@candidates.test`);
      const context = await running.browser.newContext({ ...profile, baseURL: running.server.url });
      const page = await context.newPage();
      try {
        await page.goto(inviteUrl);
        await heading(page, 'Support engineer');
        await results.check(page, `${name} intro and consent`);
        await page.getByRole('checkbox', { name: /I agree/ }).check();
        await page.getByRole('button', { name: 'Start interview' }).click();

        await heading(page, 'Check your camera and microphone');
        await page.waitForFunction(() => !(document.querySelector('button.hf-button:not(.hf-button--secondary)') as HTMLButtonElement | null)?.disabled);
        await results.check(page, `${name} device check`);
        await passDeviceCheck(page);

        await heading(page, 'Introduce yourself');
        await page
          .getByText(/Recording starts in \d+ s/)
          .first()
          .waitFor();
        await results.check(page, `${name} video question, thinking`);
        await page.getByRole('button', { name: 'Start recording now' }).click();
        await page.getByRole('button', { name: 'Stop recording' }).waitFor();
        await results.check(page, `${name} video question, recording`);
        await recordFor(page, 2);
        await page.getByRole('button', { name: 'Submit answer' }).waitFor();
        await results.check(page, `${name} video question, reviewing the take`);
        await page.getByRole('button', { name: 'Submit answer' }).click();

        await heading(page, 'Why this role?');
        await results.check(page, `${name} text question`);
        await page.getByLabel('Your answer').fill('one two three four five six seven');
        await page.getByText('Please shorten your answer to 5 words.').waitFor();
        await results.check(page, `${name} text question, too many words`);
        await page.getByRole('button', { name: 'Finish later' }).click();
        await heading(page, /Your answers are/);
        await results.check(page, `${name} finish later`);
        await page.getByRole('button', { name: 'Continue now' }).click();
        await heading(page, 'Why this role?');
        await page.getByLabel('Your answer').fill('I like hard problems.');
        await page.getByRole('button', { name: 'Save and continue' }).click();

        await heading(page, 'Preferred setting');
        await results.check(page, `${name} choice question`);
        await page.getByRole('radio', { name: 'Remote' }).check();
        await page.getByRole('button', { name: 'Save and continue' }).click();

        await heading(page, 'Work style');
        await results.check(page, `${name} scale question`);
        await page.getByRole('radio', { name: /^5/ }).first().check();
        await page.getByRole('radio', { name: /^3/ }).nth(1).check();
        await page.getByRole('button', { name: 'Save and continue' }).click();

        await heading(page, 'Double it');
        await page.getByRole('textbox', { name: 'Your code for Double it' }).waitFor();
        await results.check(page, `${name} code question`);
        await page.getByRole('button', { name: 'Run', exact: true }).click();
        await page.getByText('8', { exact: true }).first().waitFor({ timeout: 60_000 });
        await results.check(page, `${name} code question, after a run`);
        await page.getByRole('button', { name: 'Save and continue' }).click();

        await heading(page, 'Thank you');
        await page.getByText('Your interview is submitted. You can close this page.').waitFor({ timeout: 60_000 });
        await results.check(page, `${name} thank you`);

        // The same link on another device, once submitted.
        const other = await context.browser()!.newContext({ ...profile, baseURL: running.server.url });
        const again = await other.newPage();
        await again.goto(inviteUrl);
        await heading(again, 'This interview is already submitted');
        await results.check(again, `${name} already submitted`);
        await other.close();
      } finally {
        await context.close();
      }
      expect(results.report()).toBe('');
    });

    it(`has no violations on the email code, a take-home, an unavailable link and offline, at ${name} size`, async () => {
      const results = new AxeAudit();
      const context = await running.browser.newContext({ ...profile, baseURL: running.server.url });
      const page = await context.newPage();
      try {
        // Started on another device first: this one must prove the email.
        const second = await recruiter.addCandidate(interviews.oneWay, `Bo ${name}`, `bo-${name}@candidates.test`);
        const token = new URL(second.inviteUrl).pathname.split('/').at(-1)!;
        const started = await fetch(`${running.server.url}/api/links/${token}/start`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `bo-${name}@candidates.test` }),
        });
        expect(started.ok).toBe(true);
        await page.goto(second.inviteUrl);
        await page.getByRole('checkbox', { name: /I agree/ }).check();
        await page.getByRole('button', { name: 'Start interview' }).click();
        await heading(page, 'Check your email');
        await results.check(page, `${name} email code`);
        await page.getByLabel('Code').fill('000000');
        await page.getByRole('button', { name: 'Confirm code' }).click();
        await page.getByRole('alert').first().waitFor();
        await results.check(page, `${name} email code, wrong code`);

        const takeHome = await recruiter.addCandidate(interviews.takeHome, `Cy ${name}`, `cy-${name}@candidates.test`);
        await page.goto(takeHome.inviteUrl);
        await heading(page, 'Backend take-home');
        await page.getByRole('checkbox', { name: /I agree/ }).check();
        await page.getByRole('button', { name: 'Start interview' }).click();
        // Python would be prepared first; a JavaScript take-home may go straight to its question.
        await heading(page, /Getting your device ready|Double it again/);
        if (await page.getByRole('heading', { level: 1, name: 'Getting your device ready' }).isVisible()) {
          await page.waitForFunction(() => Array.from(document.querySelectorAll('button')).some((b) => b.textContent === 'Start the take-home' && !b.disabled));
          await results.check(page, `${name} take-home, getting ready`);
          await page.getByRole('button', { name: 'Start the take-home' }).click();
        }
        await heading(page, 'Double it again');
        await page.getByRole('textbox', { name: 'Your code for Double it again' }).waitFor();
        await results.check(page, `${name} take-home question`);
        await page.getByRole('button', { name: 'Submit Take-Home' }).click();
        await page.getByRole('heading', { name: 'Submit your take-home?' }).waitFor();
        await results.check(page, `${name} take-home, confirm submit`);
        await page.getByRole('button', { name: 'Keep working' }).click();

        await page.goto('/i/no-such-link-token');
        await page.getByText('This interview link is not available.', { exact: false }).waitFor();
        await results.check(page, `${name} link unavailable`);

        // A first visit while the server cannot be reached: nothing is on this device yet.
        const offline = await recruiter.addCandidate(interviews.oneWay, `Di ${name}`, `di-${name}@candidates.test`);
        await page.route('**/api/links/**', (route) => route.abort('internetdisconnected'));
        await page.goto(offline.inviteUrl);
        await page.getByText('You are offline, and this interview has not been started on this device yet.', { exact: false }).waitFor();
        await results.check(page, `${name} offline, no session`);
      } finally {
        await context.close();
      }
      expect(results.report()).toBe('');
    });
  }
});
