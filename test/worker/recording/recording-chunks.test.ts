import { env, evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { SnapshotQuestion } from '../../../worker/schemas/interviews';
import { MAX_CHUNK_BYTES, RECORDING_BYTES_PER_SECOND, recordingRejectionStatus, sessionRecordingByteCap } from '../../../worker/schemas/recording';
import { sessionStub } from '../../../worker/sessions';
import { seedSession, storeOf } from '../support/helpers';
import { sha256Hex, webmFixture } from '../support/recording-fixture';
import { chunkInput, chunkObject, newTake, sendAll, sql, videoQuestion } from '../support/recording-helpers';

const fixture = webmFixture.chunks.map((c) => c.bytes);

describe('recording chunks: intake', () => {
  it('stores a chunk in R2 and records its size and SHA-256 in the manifest', async () => {
    const take = await newTake();
    const input = await chunkInput(take, 0, fixture[0]!);
    const result = await take.stub.recordChunk(input);
    expect(result).toMatchObject({
      kind: 'stored',
      receipt: { answerId: take.answerId, segmentId: take.segmentId, seq: 0, size: fixture[0]!.length, sha256: webmFixture.chunks[0]!.sha256 },
    });
    expect(await chunkObject(take, 0)).toEqual(fixture[0]);
    const manifest = await take.stub.manifest();
    expect(manifest.segments).toEqual([
      {
        answerId: take.answerId,
        segmentId: take.segmentId,
        mimeType: webmFixture.mimeType,
        state: 'open',
        chunks: [{ seq: 0, size: fixture[0]!.length, sha256: webmFixture.chunks[0]!.sha256 }],
        chunkCount: null,
        recording: null,
      },
    ]);
  });

  it('answers a repeated chunk with the first receipt and changes nothing', async () => {
    const take = await newTake();
    const first = await take.stub.recordChunk(await chunkInput(take, 0, fixture[0]!));
    const again = await take.stub.recordChunk(await chunkInput(take, 0, fixture[0]!));
    expect(first.kind).toBe('stored');
    expect(again).toEqual({ kind: 'duplicate', receipt: first.kind === 'stored' ? first.receipt : null });
    expect(await sql(take, 'SELECT seq FROM recording_chunks WHERE segment_id = ?', take.segmentId)).toHaveLength(1);
  });

  it('takes chunks in any order and lists exactly the ones held', async () => {
    const take = await newTake();
    for (const seq of [3, 1, 4]) expect((await take.stub.recordChunk(await chunkInput(take, seq, fixture[seq]!))).kind).toBe('stored');
    const [segment] = (await take.stub.manifest(take.answerId)).segments;
    expect(segment?.chunks.map((c) => c.seq)).toEqual([1, 3, 4]);
    expect(segment?.chunks.map((c) => c.sha256)).toEqual([1, 3, 4].map((seq) => webmFixture.chunks[seq]!.sha256));
    expect((await take.stub.manifest('answer-of-someone-else')).segments).toEqual([]);
  });

  it('refuses other bytes under a held seq (409) and keeps the stored chunk', async () => {
    const take = await newTake();
    await sendAll(take, [fixture[0]!]);
    const result = await take.stub.recordChunk(await chunkInput(take, 0, fixture[1]!));
    expect(result).toMatchObject({ kind: 'rejected', code: 'chunk_conflict' });
    expect(result.kind === 'rejected' && recordingRejectionStatus(result.code)).toBe(409);
    expect(await chunkObject(take, 0)).toEqual(fixture[0]);
    const [segment] = (await take.stub.manifest()).segments;
    expect(segment?.chunks).toEqual([{ seq: 0, size: fixture[0]!.length, sha256: webmFixture.chunks[0]!.sha256 }]);
  });

  it('lets only one of several racing uploads of one seq with different bytes in, and R2 holds the winner', async () => {
    const take = await newTake();
    const inputs = await Promise.all(fixture.map((bytes) => chunkInput(take, 2, bytes)));
    const results = await Promise.all(inputs.map((input) => take.stub.recordChunk(input)));
    expect(results.filter((r) => r.kind === 'stored')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'rejected' && r.code === 'chunk_conflict')).toHaveLength(fixture.length - 1);
    const winner = fixture[results.findIndex((r) => r.kind === 'stored')]!;
    expect(await chunkObject(take, 2)).toEqual(winner);
    const [segment] = (await take.stub.manifest()).segments;
    expect(segment?.chunks).toEqual([{ seq: 2, size: winner.length, sha256: await sha256Hex(winner) }]);
  });

  it('refuses an oversized chunk (413) without storing anything', async () => {
    const take = await newTake();
    const result = await take.stub.recordChunk(await chunkInput(take, 0, new Uint8Array(MAX_CHUNK_BYTES + 1)));
    expect(result).toMatchObject({ kind: 'rejected', code: 'chunk_too_large' });
    expect(result.kind === 'rejected' && recordingRejectionStatus(result.code)).toBe(413);
    expect(await chunkObject(take, 0)).toBeNull();
    expect((await take.stub.manifest()).segments).toEqual([]);
  });

  it('refuses bytes that do not match their SHA-256 without storing anything', async () => {
    const take = await newTake();
    const input = { ...(await chunkInput(take, 0, fixture[0]!)), sha256: webmFixture.chunks[1]!.sha256 };
    const result = await take.stub.recordChunk(input);
    expect(result).toMatchObject({ kind: 'rejected', code: 'hash_mismatch' });
    expect(result.kind === 'rejected' && recordingRejectionStatus(result.code)).toBe(400);
    expect(await chunkObject(take, 0)).toBeNull();
    expect((await take.stub.manifest()).segments).toEqual([]);
  });

  it('refuses malformed fields and empty chunks, naming what is wrong', async () => {
    const take = await newTake();
    const good = await chunkInput(take, 0, fixture[0]!);
    const cases: [Partial<typeof good>, RegExp][] = [
      [{ seq: -1 }, /seq/],
      [{ seq: 1.5 }, /seq/],
      [{ segmentId: 'x' }, /segmentId/],
      [{ mimeType: 'application/pdf' }, /mimeType/],
      [{ sha256: 'abc' }, /sha256/],
      [{ bytes: new ArrayBuffer(0) }, /empty/],
    ];
    for (const [change, message] of cases) {
      const result = await take.stub.recordChunk({ ...good, ...change });
      expect(result).toMatchObject({ kind: 'rejected', code: 'invalid_chunk', message: expect.stringMatching(message) });
    }
    expect((await take.stub.manifest()).segments).toEqual([]);
  });

  it('keeps one mime type and one answer per segment', async () => {
    const take = await newTake({ otherQuestions: [videoQuestion('answer-second-video')] });
    await sendAll(take, [fixture[0]!]);
    const otherType = await take.stub.recordChunk(await chunkInput(take, 1, fixture[1]!, 'video/mp4'));
    expect(otherType).toMatchObject({ kind: 'rejected', code: 'mime_type_mismatch' });
    const sameTypeSpelledOtherwise = await take.stub.recordChunk(await chunkInput(take, 1, fixture[1]!, 'video/webm; codecs="vp8, opus"'));
    expect(sameTypeSpelledOtherwise.kind).toBe('stored');
    const otherAnswer = await take.stub.recordChunk({ ...(await chunkInput(take, 2, fixture[2]!)), answerId: 'answer-another-one' });
    expect(otherAnswer).toMatchObject({ kind: 'rejected', code: 'not_a_recorded_question' });
    const otherRecordedAnswer = await take.stub.recordChunk({ ...(await chunkInput(take, 2, fixture[2]!)), answerId: 'answer-second-video' });
    expect(otherRecordedAnswer).toMatchObject({ kind: 'rejected', code: 'segment_answer_mismatch' });
  });

  it('refuses chunks for a text question, an unknown id, or a session not started yet', async () => {
    const text: SnapshotQuestion = { id: 'text-question-1', type: 'text', title: 'Why us?', prompt: 'Tell us.', tags: [], wordLimit: null };
    const take = await newTake({ otherQuestions: [text] });
    for (const answerId of [text.id, 'made-up-answer-id']) {
      const refused = await take.stub.recordChunk({ ...(await chunkInput(take, 0, fixture[0]!)), answerId });
      expect(refused, answerId).toMatchObject({ kind: 'rejected', code: 'not_a_recorded_question' });
      expect(recordingRejectionStatus('not_a_recorded_question')).toBe(400);
    }
    const { sessionId } = await seedSession('not-started');
    const notStarted = await sessionStub(env, sessionId).recordChunk({ ...(await chunkInput(take, 0, fixture[0]!)), answerId: take.answerId });
    expect(notStarted).toMatchObject({ kind: 'rejected', code: 'not_a_recorded_question' });
    expect((await env.MEDIA.list()).objects.filter((o) => o.key.includes(sessionId))).toEqual([]);
    expect(await chunkObject(take, 0)).toBeNull();
    expect((await take.stub.manifest()).segments).toEqual([]);
  });

  it('caps the bytes one session stores at what its recorded questions allow, refusing more with 413', async () => {
    // 10 seconds × 1 attempt: a budget of 2 × 10 s × RECORDING_BYTES_PER_SECOND.
    const take = await newTake({ maxAnswerSeconds: 10 });
    const cap = 2 * 10 * RECORDING_BYTES_PER_SECOND;
    const big = new Uint8Array(MAX_CHUNK_BYTES).fill(7);
    let seq = 0;
    for (; (seq + 1) * big.length <= cap; seq++) expect((await take.stub.recordChunk(await chunkInput(take, seq, big))).kind).toBe('stored');
    const over = await take.stub.recordChunk(await chunkInput(take, seq, big));
    expect(over).toMatchObject({ kind: 'rejected', code: 'session_recording_full' });
    expect(recordingRejectionStatus('session_recording_full')).toBe(413);
    expect(await chunkObject(take, seq)).toBeNull();
    // A repeat of a held chunk is still answered: the device learns it is safe.
    expect((await take.stub.recordChunk(await chunkInput(take, 0, big))).kind).toBe('duplicate');
    // Another segment of the same session is refused too: the budget is the session's.
    const other = await take.stub.recordChunk({ ...(await chunkInput(take, 0, big)), segmentId: `segment-${crypto.randomUUID()}` });
    expect(other).toMatchObject({ kind: 'rejected', code: 'session_recording_full' });
    // What fits still fits.
    const small = fixture[0]!;
    expect((await take.stub.recordChunk({ ...(await chunkInput(take, 0, small)), segmentId: `segment-${crypto.randomUUID()}` })).kind).toBe('stored');
  });

  it('allows each recorded question its maximum length × attempts in the budget', () => {
    const questions: SnapshotQuestion[] = [
      { id: 'v', type: 'video', title: 'v', prompt: 'v', tags: [], thinkTimeSeconds: 0, maxAnswerSeconds: 1800, attempts: 10, mayReviewTake: true },
      { id: 'a', type: 'audio', title: 'a', prompt: 'a', tags: [], thinkTimeSeconds: 0, maxAnswerSeconds: 60, attempts: 2, mayReviewTake: true },
      { id: 't', type: 'text', title: 't', prompt: 't', tags: [], wordLimit: null },
    ];
    expect(sessionRecordingByteCap(questions)).toBe(2 * (1800 * 10 + 60 * 2) * RECORDING_BYTES_PER_SECOND);
    expect(sessionRecordingByteCap([])).toBe(0);
  });

  it('refuses new chunks once the session is completed, still answers repeats, and keeps what it holds', async () => {
    const take = await newTake();
    await sendAll(take, fixture.slice(0, 2));
    // Completion is recorded by the session's completion step; the recordings read this key.
    await runInDurableObject(take.stub, (instance) => storeOf(instance).setMeta('completed_at', String(Date.now())));
    const late = await take.stub.recordChunk(await chunkInput(take, 2, fixture[2]!));
    expect(late).toMatchObject({ kind: 'rejected', code: 'session_completed' });
    expect(await chunkObject(take, 2)).toBeNull();
    expect((await take.stub.recordChunk(await chunkInput(take, 1, fixture[1]!))).kind).toBe('duplicate');
    expect((await take.stub.manifest()).segments[0]?.chunks.map((c) => c.seq)).toEqual([0, 1]);
    expect(await chunkObject(take, 1)).toEqual(fixture[1]);
  });

  it('refuses chunks for an object that belongs to no session', async () => {
    const take = { ...(await newTake()), stub: sessionStub(env, `orphan-${crypto.randomUUID()}`) };
    expect(await take.stub.recordChunk(await chunkInput(take, 0, fixture[0]!))).toMatchObject({ kind: 'rejected', code: 'session_not_found' });
  });
});

describe('recording chunks: durability', () => {
  it('keeps the manifest when the object is evicted, and answers repeats with the same receipts', async () => {
    const take = await newTake();
    const receipts = [];
    for (const seq of [0, 1, 2]) receipts.push(await take.stub.recordChunk(await chunkInput(take, seq, fixture[seq]!)));
    const before = await take.stub.manifest();
    await evictDurableObject(take.stub);

    const again = { ...take, stub: sessionStub(env, take.sessionId) };
    expect(await again.stub.manifest()).toEqual(before);
    for (const seq of [0, 1, 2]) {
      const repeat = await again.stub.recordChunk(await chunkInput(again, seq, fixture[seq]!));
      const first = receipts[seq]!;
      expect(repeat).toEqual({ kind: 'duplicate', receipt: first.kind === 'stored' ? first.receipt : null });
    }
    for (const seq of [3, 4, 5]) expect((await again.stub.recordChunk(await chunkInput(again, seq, fixture[seq]!))).kind).toBe('stored');
    const finished = await again.stub.finishSegment({ answerId: take.answerId, segmentId: take.segmentId, chunkCount: fixture.length, durationMs: 5000 });
    expect(finished.kind).toBe('finalized');
  });
});
