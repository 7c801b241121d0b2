/**
 * Issue 14: no WCAG 2.2 AA violation (axe-core) on any dashboard page, at a phone's 390×844 and a
 * laptop's 1280×800, with real data: the seeded demo organization and its completed, rated demo
 * session (video, audio, text, choice, scale, with the built-in analysis), a code answer, a retake
 * to compare, an empty interview, a pad.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoSession } from '../../scripts/demo-session.ts';
import { seed } from '../../scripts/dev-server.ts';
import { AxeAudit } from './axe.ts';
import { PHONE } from './candidate-support.ts';
import { RecruiterApi } from './recruiter-api.ts';
import { holdfastAndChromium } from './support.ts';

const DEMO = { email: 'demo@holdfast.test', password: 'holdfast-demo-password', interviewId: 'demo-interview-000000001' };
// Desktop first: it creates the pad the phone run then opens from the list.
const VIEWPORTS = { desktop: { viewport: { width: 1280, height: 800 } }, phone: PHONE } as const;

const CODE_QUESTION = {
  type: 'code',
  title: 'Double it',
  prompt: 'Read a whole number and print it doubled.',
  language: 'javascript',
  starterCode: '// read the number from input\n',
  tests: [{ id: 'four', name: 'doubles 4', input: '4', expectedOutput: '8', hidden: false }],
};

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

describe('dashboard accessibility (axe, WCAG 2.2 AA)', () => {
  const running = holdfastAndChromium();
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

    const codeQuestion = await owner.question(CODE_QUESTION);
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

  for (const [name, profile] of Object.entries(VIEWPORTS)) {
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
        await page.getByRole('button', { name: 'Actions for Riley Reviewed' }).first().click();
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
        await audit(page, results, `${name} session review`, `/dashboard/sessions/${ids.reviewed}`, 'Riley Reviewed', (p) =>
          p
            .getByRole('region', { name: /Introduce yourself/ })
            .first()
            .waitFor(),
        );
        await audit(page, results, `${name} session review, code answer`, `/dashboard/sessions/${ids.code}`, 'Cody Coder', (p) => p.getByText('Double it').first().waitFor());
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
