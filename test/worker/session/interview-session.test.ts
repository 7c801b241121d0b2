import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { findSession } from '../../../worker/db/sessions';
import type { InterviewSnapshot } from '../../../worker/schemas/interviews';
import { sessionStub } from '../../../worker/sessions';
import { bearer, seedDevice } from '../support/candidates-helpers';
import { postJson, seedSession, storeOf } from '../support/helpers';

async function storedAnswers(sessionId: string): Promise<number> {
  return runInDurableObject(sessionStub(env, sessionId), (_instance, state) => state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM answers').one().n);
}

/** A session started on an interview of `count` free-text questions, q1 to q<count>. */
async function startedSession(count = 3) {
  const seeded = await seedSession();
  const stub = sessionStub(env, seeded.sessionId);
  const snapshot: InterviewSnapshot = {
    interviewId: crypto.randomUUID(),
    version: 1,
    name: 'Written',
    format: 'one_way',
    intro: '',
    closing: '',
    deadlineHours: null,
    questions: Array.from({ length: count }, (_, i) => ({ id: `q${i + 1}`, type: 'text', title: `Question ${i + 1}`, prompt: 'Tell us.', tags: [], wordLimit: null })),
  };
  await stub.start(snapshot);
  return { ...seeded, stub };
}

describe('InterviewSession writes', () => {
  it('stores the same answer once and answers both calls identically', async () => {
    const { sessionId, stub } = await startedSession();
    const first = await stub.answer('answer-000001', 'q1', 'hello');
    const second = await stub.answer('answer-000001', 'q1', 'hello');
    expect(first.kind).toBe('stored');
    expect(second).toEqual(first);
    expect(await storedAnswers(sessionId)).toBe(1);
  });

  it('is idempotent over HTTP too: a retried request answers the same receipt', async () => {
    const seeded = await startedSession();
    const { sessionId } = seeded;
    const device = bearer(await seedDevice(seeded));
    const body = { clientId: 'device-retry-01', questionId: 'q2', value: 'step two' };
    const a = await postJson('/api/candidate/answers', body, device);
    const b = await postJson('/api/candidate/answers', body, device);
    expect(a.status).toBe(200);
    expect(await b.json()).toEqual(await a.json());
    expect(await storedAnswers(sessionId)).toBe(1);
  });

  it('keeps its state when the object is evicted and recreated', async () => {
    const { sessionId, stub } = await startedSession();
    const first = await stub.answer('before-evict-1', 'q1', 'one');
    await stub.answer('before-evict-2', 'q2', 'two');
    await evictDurableObject(stub);
    const again = sessionStub(env, sessionId);
    expect(await again.answer('before-evict-1', 'q1', 'one')).toEqual(first);
    const third = await again.answer('after-evict-3', 'q3', 'three');
    expect(third.kind).toBe('stored');
    expect(await again.summary()).toMatchObject({ answeredCount: 3 });
  });

  it('mirrors a summary row to D1 that matches its own state', async () => {
    const { sessionId, stub } = await startedSession();
    await stub.answer('mirror-00001', 'q1', 'a');
    await stub.answer('mirror-00002', 'q2', 'b');
    await stub.answer('mirror-00001', 'q1', 'a');
    // Answers reach D1 from the object's alarm (see the next test).
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const summary = await stub.summary();
    const row = await findSession(env.DB, sessionId);
    expect(summary.answeredCount).toBe(2);
    expect(row).toMatchObject({
      status: summary.status,
      answeredCount: summary.answeredCount,
      questionCount: summary.questionCount,
    });
    expect(row?.status).toBe('in_progress');
  });

  it('acknowledges an answer once the object holds it, and mirrors the summary to D1 from its alarm', async () => {
    const { sessionId, stub } = await startedSession();
    expect((await stub.answer('defer-00001', 'q1', 'a')).kind).toBe('stored');
    expect((await stub.answer('defer-00002', 'q2', 'b')).kind).toBe('stored');
    // Acknowledged without waiting for D1: the row has not moved yet, and a mirror is booked.
    expect(await findSession(env.DB, sessionId)).toMatchObject({ answeredCount: 0 });
    expect(await runInDurableObject(stub, (_instance, state) => state.storage.getAlarm())).not.toBeNull();
    // One mirror carries both answers.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await findSession(env.DB, sessionId)).toMatchObject({ status: 'in_progress', answeredCount: 2 });
    expect(await runInDurableObject(stub, (_instance, state) => state.storage.sql.exec("SELECT 1 FROM meta WHERE key = 'summary_dirty'").toArray())).toEqual([]);
  });

  it('mirrors an answer the object took after its last mirror, even when it restarted before the next', async () => {
    const { sessionId, stub } = await startedSession();
    await stub.answer('restart-0001', 'q1', 'a');
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await findSession(env.DB, sessionId)).toMatchObject({ answeredCount: 1 });
    // A change writes no version of its own: the restarted object must still send one D1 has not seen.
    await stub.answer('restart-0002', 'q2', 'b');
    await evictDurableObject(stub);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await findSession(env.DB, sessionId)).toMatchObject({ answeredCount: 2 });
  });

  it('refuses answers for an object that belongs to no session', async () => {
    const stub = sessionStub(env, `orphan-${crypto.randomUUID()}`);
    expect(await stub.answer('orphan-00001', 'q1', 'hello')).toEqual({ kind: 'not_started' });
  });

  it('retries the D1 mirror from its alarm when D1 missed an update', async () => {
    const { sessionId, stub } = await startedSession();
    await stub.answer('alarm-000001', 'q1', 'hello');
    // Simulate a lost mirror: the row falls behind and the object is marked dirty again.
    await env.DB.prepare('UPDATE sessions SET answered_count = 0, summary_version = 0 WHERE id = ?').bind(sessionId).run();
    await runInDurableObject(stub, async (instance, state) => {
      storeOf(instance).setMeta('summary_dirty', '1');
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await findSession(env.DB, sessionId))?.answeredCount).toBe(1);
  });
});
