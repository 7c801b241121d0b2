import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { findSession } from '../../worker/db/sessions';
import { sessionStub } from '../../worker/sessions';
import { bearer, seedDevice } from './candidates-helpers';
import { postJson, seedSession } from './helpers';

async function storedCheckpoints(sessionId: string): Promise<number> {
  return runInDurableObject(sessionStub(env, sessionId), (_instance, state) =>
    state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM checkpoints').one().n,
  );
}

describe('InterviewSession checkpoint', () => {
  it('stores the same checkpoint once and answers both calls identically', async () => {
    const { sessionId } = await seedSession();
    const stub = sessionStub(env, sessionId);
    const first = await stub.checkpoint('answer-000001', { step: 1, text: 'hello' });
    const second = await stub.checkpoint('answer-000001', { step: 1, text: 'hello' });
    expect(first.kind).toBe('stored');
    expect(second).toEqual(first);
    expect(await storedCheckpoints(sessionId)).toBe(1);
  });

  it('is idempotent over HTTP too: a retried request answers the same receipt', async () => {
    const seeded = await seedSession();
    const { sessionId } = seeded;
    const device = bearer(await seedDevice(seeded));
    const body = { clientId: 'device-retry-01', payload: { step: 2 } };
    const a = await postJson('/api/candidate/checkpoints', body, device);
    const b = await postJson('/api/candidate/checkpoints', body, device);
    expect(a.status).toBe(200);
    expect(await b.json()).toEqual(await a.json());
    expect(await storedCheckpoints(sessionId)).toBe(1);
  });

  it('keeps its state when the object is evicted and recreated', async () => {
    const { sessionId } = await seedSession();
    const stub = sessionStub(env, sessionId);
    const first = await stub.checkpoint('before-evict-1', { n: 1 });
    await stub.checkpoint('before-evict-2', { n: 2 });
    await evictDurableObject(stub);
    const again = sessionStub(env, sessionId);
    expect(await again.checkpoint('before-evict-1', { n: 1 })).toEqual(first);
    const third = await again.checkpoint('after-evict-3', { n: 3 });
    expect(third.kind === 'stored' && third.receipt.seq).toBe(3);
    expect(await again.summary()).toMatchObject({ checkpointCount: 3 });
  });

  it('mirrors a summary row to D1 that matches its own state', async () => {
    const { sessionId } = await seedSession();
    const stub = sessionStub(env, sessionId);
    await stub.checkpoint('mirror-00001', { a: 1 });
    await stub.checkpoint('mirror-00002', { a: 2 });
    await stub.checkpoint('mirror-00001', { a: 1 });
    const summary = await stub.summary();
    const row = await findSession(env.DB, sessionId);
    expect(summary.checkpointCount).toBe(2);
    expect(row).toMatchObject({
      status: summary.status,
      checkpointCount: summary.checkpointCount,
      lastCheckpointAt: summary.lastCheckpointAt,
    });
    expect(row?.status).toBe('in_progress');
  });

  it('refuses checkpoints for an object that belongs to no session', async () => {
    const stub = sessionStub(env, `orphan-${crypto.randomUUID()}`);
    expect(await stub.checkpoint('orphan-00001', {})).toEqual({ kind: 'session_not_found' });
  });

  it('retries the D1 mirror from its alarm when D1 missed an update', async () => {
    const { sessionId } = await seedSession();
    const stub = sessionStub(env, sessionId);
    await stub.checkpoint('alarm-000001', {});
    // Simulate a lost mirror: the row falls behind and the object is marked dirty again.
    await env.DB.prepare('UPDATE sessions SET checkpoint_count = 0, summary_version = 0 WHERE id = ?').bind(sessionId).run();
    await runInDurableObject(stub, async (_instance, state) => {
      state.storage.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('summary_dirty', '1')");
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await findSession(env.DB, sessionId))?.checkpointCount).toBe(1);
  });
});
