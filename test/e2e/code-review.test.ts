import { ChangeSet, type ChangeSpec, Text } from '@codemirror/state';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CodeEvent } from '../../worker/schemas/code.ts';
import { RecruiterApi, reviewerDashboard } from './recruiter-api.ts';
import { holdfastAndChromium } from './support.ts';

/** Reads a number and prints it doubled; the hidden test expects a negative number's double too. */
const QUESTION = {
  type: 'code',
  title: 'Double it',
  prompt: 'Read a whole number and print it doubled.',
  language: 'javascript',
  starterCode: '// read the number from input\n',
  tests: [
    { id: 'four', name: 'doubles 4', input: '4', expectedOutput: '8', hidden: false },
    { id: 'big', name: 'doubles 21', input: '21', expectedOutput: '42', hidden: true },
    // The candidate's program gets this one wrong: the results show a failure with both outputs.
    { id: 'padded', name: 'keeps two decimals', input: '1.5', expectedOutput: '3.00', hidden: true },
  ],
};
const SOLUTION = "const n = Number(require('fs').readFileSync(0, 'utf8').trim());\nconsole.log(String(n * 2));\n";
const IDLE_CAP_MS = 2_000;
/** The playback starts a second before the first edit, on the starter code. */
const LEAD_IN_MS = 1_000;

interface Log {
  events: CodeEvent[];
  /** The document after the first k events. */
  docs: string[];
}

/**
 * A candidate writing SOLUTION with a paste, a run, time away and long detours of typing and
 * deleting (so the log runs to a couple of thousand events), as the device records it: each
 * change a ChangeSet's JSON, made on a real CodeMirror document.
 */
function candidateLog(): Log {
  let doc = Text.of(QUESTION.starterCode.split('\n'));
  let t = Date.UTC(2026, 10, 26, 10, 0, 0);
  const events: CodeEvent[] = [];
  const docs: string[] = [doc.toString()];
  const push = (e: CodeEvent) => {
    events.push(e);
    docs.push(doc.toString());
  };
  const change = (spec: ChangeSpec, gap = 180) => {
    t += gap;
    const set = ChangeSet.of(spec, doc.length);
    doc = set.apply(doc);
    push({ k: 'change', t, changes: set.toJSON() as never });
  };
  const type = (text: string) => {
    for (const ch of text) change({ from: doc.length, insert: ch });
  };
  // Detours: a scratch line typed and deleted again, many times.
  for (let round = 0; round < 60; round++) {
    const before = doc.length;
    type(`// try ${round}: maybe parseInt?`);
    for (let i = 0; i < 5; i++) change({ from: doc.length - 1, to: doc.length });
    change({ from: before, to: doc.length }, round % 7 === 0 ? 9_000 : 300);
    if (round === 20) {
      t += 500;
      push({ k: 'blur', t });
      t += 45_000;
      push({ k: 'focus', t });
    }
  }
  change({ from: QUESTION.starterCode.length, to: doc.length });
  type("const n = Number(require('fs').readFileSync(0, 'utf8').trim());\n");
  t += 400;
  const pasted = 'console.log(String(n * 2));\n';
  push({ k: 'paste', t, size: pasted.length });
  change({ from: doc.length, insert: pasted }, 0);
  t += 3_000;
  push({ k: 'run', t, stdin: '4', result: { status: 'ok', stdout: '8\n', stderr: '', ms: 31 } });
  change({ from: 0, to: QUESTION.starterCode.length }, 1_500);
  expect(doc.toString()).toBe(SOLUTION);
  return { events, docs };
}

/** The compressed playback axis, as the issue defines it: every pause longer than the cap counts as the cap. */
function documentAt(log: Log, at: number): string {
  let position = LEAD_IN_MS;
  let applied = 0;
  for (let i = 0; i < log.events.length; i++) {
    if (i > 0) position += Math.min(Math.max(0, log.events[i]!.t - log.events[i - 1]!.t), IDLE_CAP_MS);
    if (position > at) break;
    applied = i + 1;
  }
  return log.docs[applied]!;
}

async function candidate(baseUrl: string, inviteUrl: string, email: string) {
  const token = inviteUrl.split('/i/')[1]!;
  const call = async (path: string, body: unknown, deviceToken?: string) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl, ...(deviceToken ? { authorization: `Bearer ${deviceToken}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const entry = (await call(`/api/links/${token}/start`, { email })) as { deviceToken: string; sessionId: string };
  return { sessionId: entry.sessionId, post: (path: string, body: unknown) => call(path, body, entry.deviceToken) };
}

const codeShown = (page: Page) => page.getByRole('figure', { name: 'Code at this moment' }).locator('pre');

describe('reviewing a code answer', () => {
  const running = holdfastAndChromium();

  it('runs the hidden tests once for two reviewers opening at once, exports the score, and plays the answer back to the submitted code', async () => {
    const baseUrl = running.server.url;
    const recruiter = await RecruiterApi.register(baseUrl, 'code-review');
    const interview = await recruiter.interview([QUESTION]);
    const questionId = interview.questionIds[0]!;
    const email = `coder-${crypto.randomUUID().slice(0, 6)}@candidates.test`;
    const { inviteUrl } = await recruiter.addCandidate(interview.id, 'Grace Coder', email);

    // The candidate's device: the event log in batches, the program as the answer, then done.
    const device = await candidate(baseUrl, inviteUrl, email);
    const log = candidateLog();
    expect(log.events.length).toBeGreaterThan(1_500);
    for (let from = 0; from < log.events.length; from += 500) {
      const events = log.events.slice(from, from + 500);
      await device.post(`/api/candidate/code/${questionId}/events`, { fromSeq: from, events, code: log.docs[from + events.length] });
    }
    await device.post('/api/candidate/answers', { clientId: crypto.randomUUID(), questionId, value: { code: SOLUTION } });
    await device.post('/api/candidate/complete', { clientId: crypto.randomUUID() });

    // Two reviewers open the answer at the same moment: both browsers run the tests, one run is stored.
    const [ada, bob] = await Promise.all([
      reviewerDashboard(running.browser, baseUrl, recruiter, 'Ada Reviewer'),
      reviewerDashboard(running.browser, baseUrl, recruiter, 'Bob Reviewer'),
    ]);
    const sessionUrl = `/dashboard/sessions/${device.sessionId}`;
    await Promise.all([ada.page.goto(sessionUrl), bob.page.goto(sessionUrl)]);
    for (const page of [ada.page, bob.page]) {
      const tests = page.getByRole('region', { name: 'Tests of “Double it”' });
      await tests.getByText('2 of 3 tests passed').waitFor({ timeout: 60_000 });
      const results = tests.getByRole('list', { name: 'Test results' });
      await expect(results.getByRole('listitem').filter({ hasText: 'doubles 21' }).getByText('✓ passed').count()).resolves.toBe(1);
      const failed = results.getByRole('listitem').filter({ hasText: 'keeps two decimals' });
      await failed.getByText('✗ failed').waitFor();
      // A failure shows what was expected and what came out.
      await failed.getByText('Expected and actual output').waitFor();
      await failed.getByText('3.00', { exact: true }).waitFor();
      await failed.getByText('3', { exact: true }).waitFor();
    }
    // The question list of the review workspace says how the answer's tests went.
    await expect
      .poll(() =>
        ada.page
          .getByRole('navigation', { name: 'Questions' })
          .getByRole('link', { name: /^1\. Double it/ })
          .textContent(),
      )
      .toMatch(/Code · answered · tests 2 of 3$/);
    const stored = await recruiter.call<{ runs: { runId: string; auto: boolean; passed: number }[] }>('GET', `/api/sessions/${device.sessionId}/code/${questionId}/tests`);
    expect(stored.runs).toHaveLength(1);
    expect(stored.runs[0]).toMatchObject({ auto: true, passed: 2 });

    // A reload shows the stored run and runs nothing new.
    await bob.page.reload();
    // In the tests' own region: the AI analysis panel shows the same score among its built-ins.
    await bob.page.getByRole('region', { name: 'Tests of “Double it”' }).getByText('2 of 3 tests passed').waitFor();
    expect((await recruiter.call<{ runs: unknown[] }>('GET', `/api/sessions/${device.sessionId}/code/${questionId}/tests`)).runs).toHaveLength(1);

    // "Run tests again" stores a new run, which every reviewer then sees as the latest.
    await ada.page.getByRole('button', { name: 'Run tests again' }).click();
    await expect
      .poll(async () => (await recruiter.call<{ runs: unknown[] }>('GET', `/api/sessions/${device.sessionId}/code/${questionId}/tests`)).runs.length, { timeout: 60_000 })
      .toBe(2);
    await bob.page.reload();
    await bob.page.getByText('Run again by Ada Reviewer', { exact: false }).waitFor();

    // The export has the score of the latest run.
    const csv = await (await fetch(`${baseUrl}/api/interviews/${interview.id}/export.csv`, { headers: await recruiter.authHeaders() })).text();
    const [row] = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    expect(row).toMatchObject({ Candidate: 'Grace Coder', 'Q1 Double it: tests passed': '2', 'Q1 Double it: tests total': '3' });

    // Playback: the end of the timeline is the submitted code; the middle is the code of that moment.
    const page = ada.page;
    const slider = page.getByRole('slider', { name: 'Playback position' });
    await slider.focus();
    await page.keyboard.press('End');
    await expect.poll(() => codeShown(page).textContent()).toBe(SOLUTION);
    await page.keyboard.press('Home');
    await expect.poll(() => codeShown(page).textContent()).toBe(QUESTION.starterCode);
    const max = Number(await slider.getAttribute('max'));
    for (let i = 0; i < 5; i++) await page.keyboard.press('PageUp');
    const middle = Number(await slider.inputValue());
    expect(middle).toBeGreaterThan(max * 0.3);
    expect(middle).toBeLessThan(max * 0.7);
    await expect.poll(() => codeShown(page).textContent()).toBe(documentAt(log, middle));
    expect(documentAt(log, middle)).not.toBe(SOLUTION);

    if (process.env.HOLDFAST_SCREENSHOTS) await page.screenshot({ path: `${process.env.HOLDFAST_SCREENSHOTS}/code-review.png`, fullPage: true });
    // Signals: the paste with its size, the run with its output, the time away.
    const signals = page.getByRole('list', { name: 'Signals' });
    await signals.getByRole('button', { name: /Pasted 28 characters/ }).waitFor();
    await signals.getByRole('button', { name: /Away from the tab for 45 s/ }).waitFor();
    await signals.getByRole('button', { name: /Ran the program/ }).click();
    const output = page.getByRole('region', { name: 'Run output' });
    await expect.poll(() => output.locator('pre').nth(1).textContent()).toBe('8\n');
    // Play runs to the end at 16×.
    await page.getByLabel('Speed').selectOption('16');
    await page.getByRole('button', { name: 'Play' }).click();
    await page.getByRole('button', { name: 'Play' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => codeShown(page).textContent()).toBe(SOLUTION);

    await Promise.all([ada.context.close(), bob.context.close()]);
  });
});
