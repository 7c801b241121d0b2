/**
 * Issue 14: no WCAG 2.2 AA violation (axe-core, test/e2e/axe.ts) on any page or state, on a phone
 * (390×844) and a laptop (1280×800), with real data. One server and one Chromium for all of it.
 *
 * Candidate: the link's intro and consent, the device check, each question type (a recorded
 * question while thinking, recording and reviewing the take; text with its error; choice; scale;
 * code, before and after a run), "Finish later", the thank-you page, the already-submitted link,
 * the email code on a second device, a take-home, an unavailable link, a first visit offline.
 *
 * Dashboard: signed out (home, log in and its error, sign up, accept invitation, 404) and signed
 * in as the seeded demo owner: interviews, the Sessions tab (rows, the actions menu, the add
 * dialogs, empty), Overview with its tables, Build, Settings, the completed and rated demo session
 * (video, audio, text, choice, scale, built-in analysis), a code answer, a retake compared, the
 * Question Bank (mine, examples), Members, Settings, the mail outbox, Pads and a pad.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoSession } from '../../scripts/demo-session.ts';
import { seed } from '../../scripts/dev-server.ts';
import { AxeAudit } from './axe.ts';
import { PHONE, passDeviceCheck, recordFor } from './candidate-support.ts';
import { RecruiterApi, SCALE_QUESTION } from './recruiter-api.ts';
import { holdfastAndChromium } from './support.ts';

const DESKTOP = { viewport: { width: 1280, height: 800 } } as const;

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
const CODE = {
  type: 'code',
  title: 'Double it',
  prompt: 'Read a whole number and print it doubled.',
  language: 'javascript',
  starterCode: "const n = Number(require('fs').readFileSync(0, 'utf8'));\nconsole.log(n * 2);\n",
  tests: [{ id: 'four', name: 'doubles 4', input: '4', expectedOutput: '8', hidden: false }],
};

const DEMO = { email: 'demo@holdfast.test', password: 'holdfast-demo-password', interviewId: 'demo-interview-000000001' };

/** A candidate who answers through the candidate API, as a device would, and submits. */
async function answerAsDevice(baseUrl: string, inviteUrl: string, email: string, answers: (questionId: string) => unknown): Promise<void> {
  const token = new URL(inviteUrl).pathname.split('/').at(-1)!;
  const post = async <T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  const { deviceToken } = await post<{ deviceToken: string }>(`/api/links/${token}/start`, { email });
  const auth = { authorization: `Bearer ${deviceToken}` };
  const session = (await (await fetch(`${baseUrl}/api/candidate/session`, { headers: auth })).json()) as { questions: { id: string }[] };
  for (const q of session.questions) await post('/api/candidate/answers', { clientId: crypto.randomUUID(), questionId: q.id, value: answers(q.id) }, auth);
  await post('/api/candidate/complete', { clientId: crypto.randomUUID() }, auth);
}

describe('accessibility (axe, WCAG 2.2 AA)', () => {
  const running = holdfastAndChromium();

  describe('candidate pages', () => {
    let recruiter: RecruiterApi;
    const interviews = { oneWay: '', takeHome: '' };

    beforeAll(async () => {
      recruiter = await RecruiterApi.register(running.server.url, 'a11y');
      interviews.oneWay = (await recruiter.interview([VIDEO, TEXT, CHOICE, SCALE_QUESTION, CODE])).id;
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

    for (const [name, profile] of Object.entries({ phone: PHONE, desktop: DESKTOP })) {
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
          // One step per statement, whatever the scale's labels say.
          const groups = await page.locator('input[type=radio]').evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLInputElement).name))]);
          for (const group of groups) await page.locator(`input[type=radio][name="${group}"]`).last().check();
          await page.getByRole('button', { name: 'Save and continue' }).click();

          await heading(page, 'Double it');
          await page.getByRole('textbox', { name: 'Your code for Double it' }).waitFor();
          await results.check(page, `${name} code question`);
          await page.getByRole('button', { name: 'Run', exact: true }).click();
          await page.getByRole('figure', { name: 'Standard output' }).waitFor({ timeout: 60_000 });
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
          // On the context: it sees the service worker's requests too.
          await context.route('**/api/links/**', (route) => route.abort('internetdisconnected'));
          // The invite page itself comes from the server first (with its first screen in it); the
          // service worker falls back to the precached shell when that fails.
          await context.route(/\/i\/[^/?]+$/, (route) => route.abort('internetdisconnected'));
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

  describe('dashboard pages', () => {
    const ids = { reviewed: '', code: '', empty: '', invite: '', pad: '' };

    beforeAll(async () => {
      const url = running.server.url;
      await seedDemoSession(url, await seed(url));
      const owner = await RecruiterApi.login(url, DEMO.email, DEMO.password);
      const { sessions } = await owner.call<{ sessions: { id: string; candidate?: { name: string }; candidateName?: string }[] }>(
        'GET',
        `/api/interviews/${DEMO.interviewId}/sessions?limit=50`,
      );
      ids.reviewed = sessions.find((s) => JSON.stringify(s).includes('Riley Reviewed'))!.id;
      // A retake of the reviewed session, so the compare page has two columns.
      await owner.call('POST', `/api/sessions/${ids.reviewed}/retake`);

      const codeQuestion = await owner.question(CODE);
      const { interview } = await owner.call<{ interview: { id: string } }>('POST', '/api/interviews', {
        name: 'Backend engineer',
        format: 'one_way',
        intro: 'One small program.',
        closing: 'Thanks!',
        questionIds: [codeQuestion],
      });
      const coded = await owner.addCandidate(interview.id, 'Cody Coder', 'cody@candidates.test');
      await answerAsDevice(url, coded.inviteUrl, 'cody@candidates.test', () => ({ code: "const n = Number(require('fs').readFileSync(0, 'utf8'));\nconsole.log(n * 2);\n" }));
      ids.code = coded.sessionId;

      const empty = await owner.call<{ interview: { id: string } }>('POST', '/api/interviews', {
        name: 'Nobody yet',
        format: 'one_way',
        intro: 'Hi.',
        closing: 'Bye.',
        questionIds: [codeQuestion],
      });
      ids.empty = empty.interview.id;

      await owner.call('POST', '/api/members/invitations', { email: 'rae@reviewers.test', role: 'reviewer' });
      const { messages } = await owner.call<{ messages: { text: string }[] }>('GET', `/api/dev/outbox?to=${encodeURIComponent('rae@reviewers.test')}`);
      const accept = new URL(messages.map((m) => m.text.match(/\S*\/accept-invite#token=[A-Za-z0-9_-]+/)?.[0]).find(Boolean)!);
      ids.invite = accept.pathname + accept.hash;
    });

    /** Opens a page, waits for its main heading (and what it loads), then audits it. */
    async function audit(page: Page, results: AxeAudit, where: string, path: string, heading: string | RegExp, ready?: (page: Page) => Promise<unknown>) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await ready?.(page);
      await results.check(page, where);
    }

    async function signedIn(context: BrowserContext): Promise<Page> {
      const page = await context.newPage();
      await page.goto('/dashboard/login');
      await page.getByLabel('Email').fill(DEMO.email);
      await page.getByLabel('Password').fill(DEMO.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Interviews' }).waitFor();
      return page;
    }

    for (const [name, profile] of Object.entries({ desktop: DESKTOP, phone: PHONE })) {
      it(`has no violations signed out, at ${name} size: home, log in, sign up, accept invitation, 404`, async () => {
        const results = new AxeAudit();
        const context = await running.browser.newContext({ ...profile, baseURL: running.server.url });
        const page = await context.newPage();
        try {
          await audit(page, results, `${name} home`, '/', 'Interviews that survive bad networks');
          await audit(page, results, `${name} log in`, '/dashboard/login', 'Log in');
          await audit(page, results, `${name} sign up`, '/dashboard/signup', 'Create your organization');
          await audit(page, results, `${name} accept invitation`, ids.invite, 'Join your team on Holdfast', (p) => p.getByLabel('Your name').waitFor());
          await audit(page, results, `${name} 404`, '/no/such/page', 'Page not found');
          // A wrong password: the error state of the form.
          await page.goto('/dashboard/login');
          await page.getByLabel('Email').fill(DEMO.email);
          await page.getByLabel('Password').fill('not the password');
          await page.getByRole('button', { name: 'Log in' }).click();
          await page.getByRole('alert').first().waitFor();
          await results.check(page, `${name} log in, wrong password`);
        } finally {
          await context.close();
        }
        expect(results.report()).toBe('');
      });

      it(`has no violations signed in, at ${name} size: every dashboard page with data`, async () => {
        const results = new AxeAudit();
        const context = await running.browser.newContext({ ...profile, baseURL: running.server.url });
        try {
          const page = await signedIn(context);
          await results.check(page, `${name} interviews list`);
          const demo = `/dashboard/interviews/${DEMO.interviewId}`;
          await audit(page, results, `${name} sessions tab`, `${demo}/sessions`, 'Customer support engineer', (p) => p.getByText('Riley Reviewed').first().waitFor());
          // A row's actions menu, open.
          const actions = page.getByRole('button', { name: 'Actions for Riley Reviewed' }).first();
          // Scrolled into place first: a scroll while the menu is open closes it.
          await actions.evaluate((el) => el.scrollIntoView({ block: 'center' }));
          await actions.click();
          await page.getByRole('menu').waitFor();
          await results.check(page, `${name} sessions tab, actions menu open`);
          await page.keyboard.press('Escape');
          // Adding candidates: the menu, then each form in its dialog.
          for (const form of ['Create individually', 'Import by Excel', 'Import by resumes']) {
            await page.getByText('+ Add').click();
            await page.getByRole('button', { name: form }).click();
            await page.getByRole('dialog').waitFor();
            await results.check(page, `${name} sessions tab, ${form}`);
            await page.keyboard.press('Escape');
            await page.getByRole('dialog').waitFor({ state: 'hidden' });
          }
          await audit(page, results, `${name} sessions tab, empty`, `/dashboard/interviews/${ids.empty}/sessions`, 'Nobody yet', (p) =>
            p
              .getByText(/No candidates|no sessions|No sessions/i)
              .first()
              .waitFor(),
          );
          await audit(page, results, `${name} overview tab`, `${demo}/overview`, 'Customer support engineer', (p) => p.locator('svg').first().waitFor());
          // Each chart's table too ("Show as a table").
          for (const summary of await page.getByText('Show as a table').all()) await summary.click();
          await results.check(page, `${name} overview tab, tables shown`);
          await audit(page, results, `${name} interview builder`, `${demo}/build`, 'Customer support engineer', (p) => p.getByText('Introduce yourself').first().waitFor());
          await audit(page, results, `${name} interview settings`, `${demo}/settings`, 'Customer support engineer', (p) =>
            p.getByRole('tabpanel').getByRole('heading').first().waitFor(),
          );
          // With the analysis the session's object ran once it was submitted (built-in results, no AI).
          const analysed = (p: Page) => p.getByRole('heading', { name: /Built-in results/ }).waitFor({ timeout: 60_000 });
          await audit(page, results, `${name} session review`, `/dashboard/sessions/${ids.reviewed}`, 'Riley Reviewed', async (p) => {
            await p
              .getByRole('heading', { name: /Introduce yourself/ })
              .first()
              .waitFor();
            await analysed(p);
          });
          await audit(page, results, `${name} session review, code answer`, `/dashboard/sessions/${ids.code}`, 'Cody Coder', async (p) => {
            await p.getByText('Double it').first().waitFor();
            await analysed(p);
          });
          await audit(page, results, `${name} compare retakes`, `/dashboard/sessions/${ids.reviewed}/compare`, 'Compare retakes', (p) => p.getByText('Retake 1').first().waitFor());
          await audit(page, results, `${name} question bank`, '/dashboard/questions', 'Question Bank', (p) => p.getByText('Double it').first().waitFor());
          await page.getByRole('tab', { name: 'Examples' }).click();
          await page
            .getByRole('button', { name: /Copy to My Content/ })
            .first()
            .waitFor();
          await results.check(page, `${name} question bank, examples`);
          await audit(page, results, `${name} members`, '/dashboard/members', 'Members', (p) => p.getByText('rae@reviewers.test').first().waitFor());
          await audit(page, results, `${name} settings`, '/dashboard/settings', 'Organization settings', (p) => p.getByRole('heading', { level: 2 }).first().waitFor());
          await audit(page, results, `${name} outbox`, '/dashboard/outbox', 'Mail outbox (development)', (p) => p.getByText('rae@reviewers.test').first().waitFor());
          await audit(page, results, `${name} pads`, '/dashboard/pads', 'Pads', (p) => p.getByRole('heading', { name: 'New pad' }).waitFor());
          if (!ids.pad) {
            await page.getByLabel('Candidate name').fill('Pat Pad');
            await page.getByLabel('Candidate email').fill('pat@candidates.test');
            await page.getByRole('button', { name: 'Create pad' }).click();
            await page.getByRole('heading', { level: 1, name: 'Pad: Pat Pad' }).waitFor();
            ids.pad = new URL(page.url()).pathname;
          } else await page.goto(ids.pad);
          await page.getByRole('heading', { level: 1, name: 'Pad: Pat Pad' }).waitFor();
          await page.getByText('The candidate has not opened their link yet.').waitFor();
          await results.check(page, `${name} pad`);
        } finally {
          await context.close();
        }
        expect(results.report()).toBe('');
      });
    }
  });
});
