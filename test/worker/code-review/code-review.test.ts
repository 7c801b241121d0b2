import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CodeTimeline, TestOutcome } from '../../../worker/schemas/code';
import type { CodeTestsView, TestRunAnswer } from '../../../worker/schemas/code-review';
import type { Interview } from '../../../worker/schemas/interviews';
import { type Account, addMember, as, register } from '../support/auth-helpers';
import { addCandidate, candidatePost, createInterview, startedEntry, uniqueCandidateEmail } from '../support/candidates-helpers';

const JS = 'example-code-fizzbuzz-js';
const PY = 'example-code-sum-python';
const TEXT = 'example-text-why-this-role';
const FIZZ = 'const n = Number(input.trim());\nconsole.log("1\\n2\\nFizz");\n';

interface CodeSession {
  owner: Account;
  interviewId: string;
  sessionId: string;
}

/** An interview with two code questions and a text one, answered through the candidate routes and completed. */
async function codeSession(label: string): Promise<CodeSession> {
  const owner = await register(label);
  const interviewId = (await createInterview(owner, { questionIds: [JS, PY, TEXT] })).id;
  const email = uniqueCandidateEmail('coder');
  const added = await addCandidate({ owner, interview: { id: interviewId } as Interview }, { name: 'Grace Coder', email });
  const entry = await startedEntry(added.inviteToken, { email });
  for (const [questionId, value] of [
    [JS, { code: FIZZ }],
    [PY, { code: 'print(1)\n' }],
    [TEXT, 'Because.'],
  ] as const) {
    const res = await candidatePost('/api/candidate/answers', { clientId: crypto.randomUUID(), questionId, value }, entry.deviceToken);
    expect(res.status, await res.clone().text()).toBe(200);
  }
  const done = await candidatePost('/api/candidate/complete', { clientId: crypto.randomUUID() }, entry.deviceToken);
  expect(done.status, await done.clone().text()).toBe(200);
  return { owner, interviewId, sessionId: entry.sessionId };
}

const outcome = (testId: string, passed: boolean, stdout = passed ? 'ok' : 'no'): TestOutcome => ({
  testId,
  name: testId,
  passed,
  result: { status: 'ok', stdout, stderr: '', ms: 12 },
});
const runId = () => `run-${crypto.randomUUID()}`;
const base = (s: CodeSession, questionId = JS) => `/api/sessions/${s.sessionId}/code/${questionId}`;
const postRun = (account: Account, s: CodeSession, body: unknown, questionId = JS) => as(account).send('POST', `${base(s, questionId)}/test-runs`, body);
const testsOf = async (account: Account, s: CodeSession, questionId = JS) => {
  const res = await as(account).get(`${base(s, questionId)}/tests`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as CodeTestsView;
};
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } }).error;

describe('a code answer for reviewers', () => {
  let s: CodeSession;
  let reviewer: Account;
  beforeAll(async () => {
    s = await codeSession('code-review');
    reviewer = await addMember(s.owner, 'reviewer');
  });

  it('gives the timeline: the starter code, the events and the submitted code', async () => {
    const res = await as(reviewer).get(`${base(s)}/timeline`);
    expect(res.status, await res.clone().text()).toBe(200);
    const timeline = (await res.json()) as CodeTimeline;
    expect(timeline).toMatchObject({ questionId: JS, language: 'javascript', finalCode: FIZZ });
    expect(timeline.starterCode).toContain("Number(require('fs').readFileSync(0, 'utf8').trim())");
    expect(Array.isArray(timeline.events)).toBe(true);
  });

  it('gives the full tests, hidden ones included, to a member who may review', async () => {
    const view = await testsOf(reviewer, s);
    expect(view.language).toBe('javascript');
    expect(view.tests.map((t) => [t.id, t.hidden])).toEqual([
      ['three', false],
      ['fifteen', true],
    ]);
    expect(view.tests[1]?.expectedOutput).toContain('FizzBuzz');
    expect(view.runs).toEqual([]);
  });

  it('keeps hidden tests from a member who may not review, and says which question is not code', async () => {
    const interviewer = await addMember(s.owner, 'interviewer');
    const refused = await as(interviewer).get(`${base(s)}/tests`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain('FizzBuzz');
    const run = await postRun(interviewer, s, { runId: runId(), auto: true, outcomes: [outcome('three', true)] });
    expect(run.status).toBe(403);
    // The interviewer may still watch the playback.
    expect((await as(interviewer).get(`${base(s)}/timeline`)).status).toBe(200);

    for (const path of [`${base(s, TEXT)}/tests`, `${base(s, TEXT)}/timeline`, `${base(s, 'no-such-question')}/tests`]) {
      const res = await as(reviewer).get(path);
      expect(res.status, path).toBe(404);
      expect((await errorOf(res)).code).toBe('not_found');
    }
  });

  it('answers 404 to another organization, whatever it asks', async () => {
    const stranger = await register('code-stranger');
    for (const path of ['timeline', 'tests']) {
      const res = await as(stranger).get(`${base(s)}/${path}`);
      expect(res.status, path).toBe(404);
    }
    const res = await postRun(stranger, s, { runId: runId(), auto: true, outcomes: [outcome('three', true)] });
    expect(res.status).toBe(404);
    expect((await testsOf(reviewer, s)).runs).toEqual([]);
  });

  it('refuses a run naming tests the question does not have, or repeating one, with the field named', async () => {
    const unknown = await postRun(reviewer, s, { runId: runId(), auto: true, outcomes: [outcome('nope', true)] });
    expect(unknown.status).toBe(400);
    expect((await errorOf(unknown)).fields).toHaveProperty('outcomes');
    const repeated = await postRun(reviewer, s, { runId: runId(), outcomes: [outcome('three', true), outcome('three', false)] });
    expect(repeated.status).toBe(400);
    expect(Object.keys((await errorOf(repeated)).fields ?? {})).toEqual(['outcomes.1.testId']);
    const badId = await postRun(reviewer, s, { runId: 'x', outcomes: [] });
    expect(badId.status).toBe(400);
    expect((await errorOf(badId)).fields).toHaveProperty('runId');
    expect((await testsOf(reviewer, s)).runs).toEqual([]);
  });
});

describe('storing test runs', () => {
  let s: CodeSession;
  let reviewer: Account;
  beforeAll(async () => {
    s = await codeSession('code-runs');
    reviewer = await addMember(s.owner, 'reviewer');
  });

  it('stores the automatic run once when two reviewers open the answer at once', async () => {
    const mine = { runId: runId(), auto: true, outcomes: [outcome('three', true), outcome('fifteen', false)] };
    const theirs = { runId: runId(), auto: true, outcomes: [outcome('three', true), outcome('fifteen', true)] };
    const [a, b] = await Promise.all([postRun(s.owner, s, mine), postRun(reviewer, s, theirs)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const [bodyA, bodyB] = (await Promise.all([a.json(), b.json()])) as [TestRunAnswer, TestRunAnswer];
    // Both answer the one run that was stored, whichever it was.
    expect(bodyA.run.runId).toBe(bodyB.run.runId);
    expect([bodyA.stored, bodyB.stored].sort()).toEqual([false, true]);
    const view = await testsOf(s.owner, s);
    expect(view.runs).toHaveLength(1);
    expect(view.runs[0]).toMatchObject({ runId: bodyA.run.runId, auto: true, total: 2 });

    // A third reviewer opening later gets the stored run, not a new one.
    const late = await postRun(reviewer, s, { runId: runId(), auto: true, outcomes: [outcome('three', false)] });
    expect(late.status).toBe(200);
    expect(((await late.json()) as TestRunAnswer).run.runId).toBe(bodyA.run.runId);
    expect((await testsOf(reviewer, s)).runs).toHaveLength(1);
  });

  it('adds a run with "Run tests again", which becomes the latest; a repeated run id stores nothing', async () => {
    const again = { runId: runId(), auto: false, outcomes: [outcome('three', true), outcome('fifteen', true, '1\n2\nFizz')] };
    const first = await postRun(reviewer, s, again);
    expect(first.status).toBe(201);
    const stored = (await first.json()) as TestRunAnswer;
    expect(stored).toMatchObject({ stored: true, run: { runId: again.runId, auto: false, passed: 2, total: 2, ranBy: { name: 'A reviewer' } } });
    expect(stored.runs.at(-1)?.runId).toBe(again.runId);
    expect(stored.run.outcomes[1]?.result.stdout).toBe('1\n2\nFizz');

    const retry = await postRun(reviewer, s, again);
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as TestRunAnswer).stored).toBe(false);
    // The same id with other results is still the first run: a retry never rewrites a result.
    const changed = await postRun(reviewer, s, { ...again, outcomes: [outcome('three', false)] });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as TestRunAnswer).run.passed).toBe(2);

    const view = await testsOf(s.owner, s);
    expect(view.runs.map((r) => r.auto)).toEqual([true, false]);
    // The run id names one run of one question.
    const elsewhere = await postRun(reviewer, s, { ...again, outcomes: [outcome('basic', true)] }, PY);
    expect(elsewhere.status).toBe(409);
    expect((await errorOf(elsewhere)).code).toBe('run_id_taken');
  });

  it('puts the latest run’s tests passed and total in the CSV export, keeping the other columns', async () => {
    await postRun(reviewer, s, { runId: runId(), auto: true, outcomes: [outcome('basic', true), outcome('negative', false)] }, PY);
    const res = await as(s.owner).get(`/api/interviews/${s.interviewId}/export.csv`);
    expect(res.status).toBe(200);
    const rows = Papa.parse<Record<string, string>>((await res.text()).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ Candidate: 'Grace Coder', Status: 'Completed', Session: s.sessionId, 'Q1 FizzBuzz: tests passed': '2', 'Q1 FizzBuzz: tests total': '2' });
    expect(row['Q2 Running total: tests passed']).toBe('1');
    expect(row['Q2 Running total: tests total']).toBe('2');
    expect(Object.keys(row)).toEqual(
      expect.arrayContaining(['Email', 'Created', 'Completed', 'Q1 FizzBuzz: average rating', 'Q3 Why this role?: average rating', 'Average rating', 'Recommendations']),
    );

    // A newer rerun replaces the score: the latest run counts.
    await postRun(s.owner, s, { runId: runId(), outcomes: [outcome('three', false), outcome('fifteen', false)] });
    const after = await as(s.owner).get(`/api/interviews/${s.interviewId}/export.csv`);
    const [latest] = Papa.parse<Record<string, string>>((await after.text()).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    expect(latest?.['Q1 FizzBuzz: tests passed']).toBe('0');
  });
});
