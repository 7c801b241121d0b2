import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { listSessionEvents } from '../../../worker/state/session-states';
import { candidatePost, statusOf } from '../support/candidates-helpers';
import { codeQuestion, codeSession, Typist } from '../support/code-helpers';

function postEvents(deviceToken: string, questionId: string, body: unknown): Promise<Response> {
  return candidatePost(`/api/candidate/code/${questionId}/events`, body, deviceToken);
}

/** The session's state in D1 once the object's alarm has run (rung here if the runtime has not yet). */
async function settledStatus(sessionId: string, stub: Parameters<typeof runDurableObjectAlarm>[0]): Promise<string | undefined> {
  for (let i = 0; i < 50; i++) {
    const status = await statusOf(sessionId);
    if (status === 'ready_for_review') return status;
    await runDurableObjectAlarm(stub);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return statusOf(sessionId);
}

/** Waits, on the real clock, until `at` has passed: the object's own clock decides the deadline. */
async function until(at: number): Promise<void> {
  while (Date.now() <= at) await new Promise((resolve) => setTimeout(resolve, Math.max(1, at - Date.now() + 1)));
}

describe('a take-home deadline', () => {
  it('is fixed at the first start: the earlier of its hours and its absolute date', async () => {
    const absolute = Date.now() + 60 * 60_000;
    const s = await codeSession([codeQuestion('py')], { deadlineHours: 3, deadlineAt: absolute });
    const view = await s.stub.candidateView();
    expect(view.kind === 'ready' && view.deadlineAt).toBe(absolute);
  });

  it('moves a take-home whose candidate is offline to Ready for review by its alarm, with the drafts the server holds as answers', async () => {
    const deadlineAt = Date.now() + 1_500;
    const s = await codeSession([codeQuestion('py', ''), codeQuestion('ts', '', 'typescript')], { deadlineHours: 3, deadlineAt });
    const typist = new Typist('').type('print(3)\n').run('3\n');
    expect((await postEvents(s.deviceToken, 'py', { fromSeq: 0, events: typist.events, code: typist.doc })).status).toBe(200);
    // The device goes offline here; nothing more arrives before the deadline.
    await until(deadlineAt);
    // Nothing calls the object now: only its alarm (rung by the runtime at the deadline, or here
    // if it has not rung yet) can move the session. D1 is read directly, never through the object.
    expect(await settledStatus(s.sessionId, s.stub)).toBe('ready_for_review');
    const events = await listSessionEvents(env.DB, s.orgId, s.sessionId);
    expect(events.at(-1)).toMatchObject({ from: 'in_progress', to: 'ready_for_review', actor: { kind: 'system' } });
    const summary = await s.stub.summary();
    expect(summary).toMatchObject({ status: 'ready_for_review', answeredCount: 1, finishedAt: deadlineAt });
    expect((await s.stub.codeTimeline('py'))?.finalCode).toBe('print(3)\n');
  });

  it('refuses work reaching the server after the deadline with 409 deadline_passed, and counts it for the reviewer', async () => {
    const deadlineAt = Date.now() + 1_000;
    const s = await codeSession([codeQuestion('py', '')], { deadlineHours: 3, deadlineAt });
    const typist = new Typist('').type('print(1)\n');
    await postEvents(s.deviceToken, 'py', { fromSeq: 0, events: typist.events, code: typist.doc });
    // Typed offline before the deadline, sent after it (and before the alarm rang): the server's clock decides.
    typist.type('print(2)\n').type('print(3)\n');
    await until(deadlineAt);
    const late = await postEvents(s.deviceToken, 'py', { fromSeq: 1, events: typist.events.slice(1), code: typist.doc });
    expect(late.status).toBe(409);
    const error = ((await late.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('deadline_passed');
    expect(error.message).toMatch(/not included/);
    // The batch that arrived before the deadline is still acknowledged when repeated.
    const repeat = await postEvents(s.deviceToken, 'py', { fromSeq: 0, events: typist.events.slice(0, 1), code: 'print(1)\n' });
    expect(await repeat.json()).toEqual({ receipt: { heldThrough: 1 } });

    expect(await statusOf(s.sessionId)).toBe('ready_for_review');
    const timeline = await s.stub.codeTimeline('py');
    expect(timeline?.finalCode).toBe('print(1)\n');
    expect(timeline?.lateRefused).toMatchObject({ batches: 1, events: 2 });
    // A late answer is refused the same way.
    const answer = await candidatePost('/api/candidate/answers', { clientId: 'answer-late-001', questionId: 'py', value: { code: typist.doc } }, s.deviceToken);
    expect(answer.status).toBe(409);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('deadline_passed');
  });

  it('Submit Take-Home: complete moves it to Ready for review with each draft as its answer, and the deadline alarm is cancelled', async () => {
    const s = await codeSession([codeQuestion('py', ''), codeQuestion('ts', '', 'typescript')]);
    const typist = new Typist('').type('print(3)\n');
    await postEvents(s.deviceToken, 'py', { fromSeq: 0, events: typist.events, code: typist.doc });
    const res = await candidatePost('/api/candidate/complete', { clientId: 'complete-take-01' }, s.deviceToken);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready_for_review' });
    expect(await statusOf(s.sessionId)).toBe('ready_for_review');
    const events = await listSessionEvents(env.DB, s.orgId, s.sessionId);
    expect(events.at(-1)).toMatchObject({ to: 'ready_for_review', actor: { kind: 'candidate' } });
    expect((await s.stub.reviewMaterial()).answers.py?.value).toEqual({ code: 'print(3)\n' });
    const after = await postEvents(s.deviceToken, 'py', { fromSeq: 1, events: new Typist(typist.doc).type('x').events, code: `${typist.doc}x` });
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe('session_completed');
  });
});
