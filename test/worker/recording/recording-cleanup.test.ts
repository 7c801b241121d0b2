import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ABANDONED_AFTER_MS } from '../../../durable/recording';
import { r2Keys } from '../../../worker/keys';
import { concatBytes, firstDifference, webmFixture } from '../support/recording-fixture';
import { chunkInput, chunkObject, newTake, segmentKey, sendAll, sql, type Take } from '../support/recording-helpers';

const fixture = webmFixture.chunks.map((c) => c.bytes);
const MiB = 1024 * 1024;

const chunkKey = (take: Take, seq: number, segmentId = take.segmentId) => r2Keys.recordingChunk(take.orgId, take.sessionId, segmentId, seq);

/** Makes the segment look untouched for longer than the abandonment window. */
async function age(take: Take, segmentId = take.segmentId) {
  await sql(take, 'UPDATE recording_segments SET last_activity_at = ? WHERE segment_id = ?', Date.now() - ABANDONED_AFTER_MS - 1, segmentId);
}

describe('recording cleanup on the alarm', () => {
  it('books a sweep with the first chunk, as the real alarm', async () => {
    const take = await newTake();
    const before = Date.now();
    await sendAll(take, [fixture[0]!]);
    const [alarm, booked] = await runInDurableObject(take.stub, async (_instance, state) => [
      await state.storage.getAlarm(),
      state.storage.sql.exec<{ due_at: number }>("SELECT due_at FROM alarms WHERE name = 'recordingCleanup'").one().due_at,
    ]);
    expect(alarm).toBe(booked);
    expect(booked).toBeGreaterThanOrEqual(before + ABANDONED_AFTER_MS);
  });

  it('removes orphan chunk objects and keeps every chunk the manifest holds', async () => {
    const take = await newTake();
    await sendAll(take, fixture.slice(0, 2));
    // Written to R2 by requests that died before the manifest recorded them.
    await env.MEDIA.put(chunkKey(take, 7), fixture[2]!);
    await env.MEDIA.put(chunkKey(take, 0, 'segment-never-recorded'), fixture[3]!);
    // A finished segment whose chunk deletes failed.
    const finished = { ...take, segmentId: `segment-${crypto.randomUUID()}` };
    await sendAll(finished, fixture);
    await finished.stub.finishSegment({ answerId: take.answerId, segmentId: finished.segmentId, chunkCount: fixture.length, durationMs: 5000 });
    await env.MEDIA.put(chunkKey(finished, 3), fixture[3]!);

    expect(await runDurableObjectAlarm(take.stub)).toBe(true);

    expect(await env.MEDIA.head(chunkKey(take, 7))).toBeNull();
    expect(await env.MEDIA.head(chunkKey(take, 0, 'segment-never-recorded'))).toBeNull();
    expect(await env.MEDIA.head(chunkKey(finished, 3))).toBeNull();
    expect(await chunkObject(take, 0)).toEqual(fixture[0]);
    expect(await chunkObject(take, 1)).toEqual(fixture[1]);
    expect(await env.MEDIA.head(segmentKey(finished))).not.toBeNull();
  });

  it('aborts a multipart upload the object started and never completed', async () => {
    const take = await newTake();
    await sendAll(take, [fixture[0]!]);
    // What an assembly leaves when its object dies between two parts.
    const upload = await env.MEDIA.createMultipartUpload(segmentKey(take));
    const part = await upload.uploadPart(1, new Uint8Array(5 * MiB));
    await sql(
      take,
      'INSERT INTO recording_uploads (upload_id, segment_id, object_key, started_at) VALUES (?, ?, ?, ?)',
      upload.uploadId,
      take.segmentId,
      segmentKey(take),
      Date.now(),
    );

    await runDurableObjectAlarm(take.stub);

    expect(await sql(take, 'SELECT upload_id FROM recording_uploads')).toEqual([]);
    await expect(env.MEDIA.resumeMultipartUpload(segmentKey(take), upload.uploadId).complete([part])).rejects.toThrow(/does not exist/);
    expect(await env.MEDIA.head(segmentKey(take))).toBeNull();
    expect(await chunkObject(take, 0)).toEqual(fixture[0]);
  });

  it('finishes a segment whose assembly failed, once its chunks are readable again', async () => {
    const take = await newTake();
    await sendAll(take, fixture);
    await env.MEDIA.put(chunkKey(take, 1), fixture[2]!);
    const deferred = await take.stub.finishSegment({ answerId: take.answerId, segmentId: take.segmentId, chunkCount: fixture.length, durationMs: 5000 });
    expect(deferred.kind).toBe('deferred');
    await env.MEDIA.put(chunkKey(take, 1), fixture[1]!);

    await runDurableObjectAlarm(take.stub);

    const [segment] = (await take.stub.manifest()).segments;
    expect(segment?.state).toBe('finalized');
    expect(segment?.recording?.durationSource).toBe('media');
    for (let seq = 0; seq < fixture.length; seq++) expect(await chunkObject(take, seq)).toBeNull();
  });

  it('keeps the playable part of a segment abandoned for long, and drops what follows a gap', async () => {
    const take = await newTake();
    for (const seq of [0, 1, 3]) await take.stub.recordChunk(await chunkInput(take, seq, fixture[seq]!));
    await age(take);

    await runDurableObjectAlarm(take.stub);

    const [segment] = (await take.stub.manifest()).segments;
    expect(segment).toMatchObject({ state: 'finalized', chunkCount: 2, recording: { flags: ['salvaged'], durationSource: 'media' } });
    const object = await env.MEDIA.get(segmentKey(take));
    const bytes = new Uint8Array(await object!.arrayBuffer());
    // The object is chunks 0 and 1 with a Duration added to the header (11 bytes).
    const joined = concatBytes(fixture.slice(0, 2));
    expect(bytes.length).toBe(joined.length + 11);
    expect(firstDifference(bytes.subarray(bytes.length - fixture[1]!.length), fixture[1]!)).toBe(-1);
    for (const seq of [0, 1, 3]) expect(await chunkObject(take, seq)).toBeNull();
  });

  it('gives up an abandoned segment without its first chunk, which nothing can play', async () => {
    const take = await newTake();
    for (const seq of [1, 2]) await take.stub.recordChunk(await chunkInput(take, seq, fixture[seq]!));
    await age(take);

    await runDurableObjectAlarm(take.stub);

    expect((await take.stub.manifest()).segments[0]?.state).toBe('discarded');
    for (const seq of [1, 2]) expect(await chunkObject(take, seq)).toBeNull();
    expect(await take.stub.finishSegment({ answerId: take.answerId, segmentId: take.segmentId, chunkCount: 3, durationMs: 3000 })).toMatchObject({
      kind: 'rejected',
      code: 'segment_discarded',
    });
  });

  it('leaves a segment still in use alone, and books the next sweep for when it could be abandoned', async () => {
    const take = await newTake();
    await sendAll(take, fixture.slice(0, 3));
    await runDurableObjectAlarm(take.stub);
    expect((await take.stub.manifest()).segments[0]).toMatchObject({ state: 'open', chunks: [{ seq: 0 }, { seq: 1 }, { seq: 2 }] });
    for (let seq = 0; seq < 3; seq++) expect(await chunkObject(take, seq)).toEqual(fixture[seq]);
    const due = await sql<{ due_at: number }>(take, "SELECT due_at FROM alarms WHERE name = 'recordingCleanup'");
    expect(due[0]?.due_at).toBeGreaterThan(Date.now() + ABANDONED_AFTER_MS - 60_000);
  });
});
