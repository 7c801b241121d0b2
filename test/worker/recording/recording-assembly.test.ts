import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { finishWebm, WebmTimeline } from '../../../worker/media/webm';
import { concatBytes, cut, firstDifference, fixtureElements, voidElement, webmFixture } from '../support/recording-fixture';
import { chunkInput, chunkObject, newTake, segmentKey, sendAll, sql, type Take } from '../support/recording-helpers';

const fixture = webmFixture.chunks.map((c) => c.bytes);
const MiB = 1024 * 1024;

const finish = (take: Take, chunkCount: number, durationMs = webmFixture.realDurationMs) =>
  take.stub.finishSegment({ answerId: take.answerId, segmentId: take.segmentId, chunkCount, durationMs });

async function storedObject(take: Take, ext = 'webm') {
  const object = await env.MEDIA.get(segmentKey(take, ext));
  if (!object) throw new Error('no assembled object');
  return { object, bytes: new Uint8Array(await object.arrayBuffer()) };
}

/**
 * Reads the Segment Info straight from the bytes, independently of worker/media: where it is,
 * where it ends, and the Duration in it (the fixture's TimecodeScale is 1 ms).
 */
function infoOf(bytes: Uint8Array) {
  const infoId = [0x15, 0x49, 0xa9, 0x66];
  const at = bytes.findIndex((_, i) => infoId.every((b, k) => bytes[i + k] === b));
  if (at < 0 || at > 512) throw new Error('no Info near the start');
  const first = bytes[at + 4]!;
  const width = Math.clz32(first) - 23;
  let size = first & (0xff >> width);
  for (let k = 1; k < width; k++) size = size * 256 + bytes[at + 4 + k]!;
  const bodyStart = at + 4 + width;
  const body = bytes.subarray(bodyStart, bodyStart + size);
  const d = body.findIndex((_, i) => body[i] === 0x44 && body[i + 1] === 0x89 && body[i + 2] === 0x88);
  return {
    at,
    end: bodyStart + size,
    body,
    durationMs: d < 0 ? null : new DataView(body.buffer, body.byteOffset + d + 3, 8).getFloat64(0),
    bodyWithoutDuration: d < 0 ? body : concatBytes([body.subarray(0, d), body.subarray(d + 11)]),
  };
}

/** The assembled object is the chunks' bytes, except for a Duration added to the header's Info. */
function expectChunksWithDuration(assembled: Uint8Array, chunks: readonly Uint8Array[]) {
  const original = concatBytes(chunks);
  const before = infoOf(original);
  const after = infoOf(assembled);
  expect(before.durationMs).toBeNull();
  expect(after.at).toBe(before.at);
  expect(firstDifference(assembled.subarray(0, after.at), original.subarray(0, before.at))).toBe(-1);
  expect(firstDifference(after.bodyWithoutDuration, before.body)).toBe(-1);
  expect(assembled.length - after.end).toBe(original.length - before.end);
  expect(firstDifference(assembled.subarray(after.end), original.subarray(before.end))).toBe(-1);
  return after.durationMs;
}

describe('recording assembly', () => {
  it('assembles a complete segment into one object: the chunks in order, with its true Duration', async () => {
    const take = await newTake();
    await sendAll(take, fixture);
    const result = await finish(take, fixture.length);
    expect(result).toMatchObject({ kind: 'finalized', segmentId: take.segmentId, recording: { durationSource: 'media', flags: [] } });
    if (result.kind !== 'finalized') return;

    const { object, bytes } = await storedObject(take);
    const headerDuration = expectChunksWithDuration(bytes, fixture);
    expect(Math.abs(headerDuration! - webmFixture.realDurationMs)).toBeLessThanOrEqual(500);
    expect(Math.abs(Number(object.customMetadata?.durationMs) - webmFixture.realDurationMs)).toBeLessThanOrEqual(500);
    expect(Math.abs(result.recording.durationMs - webmFixture.realDurationMs)).toBeLessThanOrEqual(500);
    expect(object.customMetadata).toMatchObject({ durationSource: 'media', answerId: take.answerId, segmentId: take.segmentId });
    expect(object.httpMetadata?.contentType).toBe('video/webm');
    expect(result.recording.size).toBe(bytes.length);
  });

  it('ends a recording cut short by a crash on its last complete element, with the Duration of what was kept', async () => {
    const whole = concatBytes(fixture);
    // The recorder died part way through writing a block of the last chunk.
    const blocks = fixtureElements(whole).filter((e) => e.timeMs !== null);
    const lastBlock = blocks.at(-1)!;
    const crashAt = lastBlock.end - 7;
    const last = fixture.length - 1;
    const chunks = [...fixture.slice(0, last), fixture[last]!.subarray(0, fixture[last]!.length - (whole.length - crashAt))];
    expect(concatBytes(chunks).length).toBe(crashAt);
    const take = await newTake();
    await sendAll(take, chunks);
    const result = await finish(take, chunks.length);
    expect(result.kind).toBe('finalized');
    if (result.kind !== 'finalized') return;
    const { bytes } = await storedObject(take);
    const expected = finishWebm(concatBytes(chunks));
    expect(expected.droppedBytes).toBeGreaterThan(0);
    expect(bytes.length).toBe(expected.bytes.length);
    expect(firstDifference(bytes, expected.bytes)).toBe(-1);
    // Read again, the object ends exactly on a complete element and holds every block but the cut one.
    const reread = new WebmTimeline();
    reread.push(bytes);
    expect(reread.result()).toMatchObject({ malformedAt: null, wellFormedEnd: bytes.length, blocks: blocks.length - 1 });
    expect(result.recording.durationMs).toBe(expected.durationMs);
    expect(infoOf(bytes).durationMs).toBe(expected.durationMs);
    expect(result.recording.size).toBe(bytes.length);
  });

  it('ends a multipart recording cut short by a crash on its last complete element', async () => {
    const whole = concatBytes(fixture);
    const lastBlock = fixtureElements(whole)
      .filter((e) => e.timeMs !== null)
      .at(-1)!;
    const tail = whole.subarray(fixture[0]!.length, lastBlock.end - 7);
    // Over 5 MiB, so it goes up in parts: the cut falls in the last part.
    const chunks = [fixture[0]!, voidElement(6 * MiB), tail];
    const take = await newTake();
    await sendAll(take, chunks);
    const result = await finish(take, chunks.length);
    expect(result.kind).toBe('finalized');
    if (result.kind !== 'finalized') return;
    const { object, bytes } = await storedObject(take);
    expect(object.etag).toMatch(/-2$/);
    const expected = finishWebm(concatBytes(chunks));
    expect(expected.droppedBytes).toBeGreaterThan(0);
    expect(bytes.length).toBe(expected.bytes.length);
    expect(firstDifference(bytes, expected.bytes)).toBe(-1);
    expect(result.recording.durationMs).toBe(expected.durationMs);
  });

  it('removes the chunk objects once assembled, and keeps their hashes in the manifest', async () => {
    const take = await newTake();
    await sendAll(take, fixture);
    await finish(take, fixture.length);
    for (let seq = 0; seq < fixture.length; seq++) expect(await chunkObject(take, seq)).toBeNull();
    const [segment] = (await take.stub.manifest()).segments;
    expect(segment).toMatchObject({ state: 'finalized', chunkCount: fixture.length });
    expect(segment?.chunks.map((c) => c.sha256)).toEqual(webmFixture.chunks.map((c) => c.sha256));
  });

  it('is idempotent: finishing again answers the same and leaves the object alone', async () => {
    const take = await newTake();
    await sendAll(take, fixture);
    const first = await finish(take, fixture.length);
    const { object } = await storedObject(take);
    expect(await finish(take, fixture.length)).toEqual(first);
    expect((await storedObject(take)).object.etag).toBe(object.etag);
  });

  it('answers which chunks are missing, then finishes once they arrive out of order', async () => {
    const take = await newTake();
    for (const seq of [3, 0, 1]) await take.stub.recordChunk(await chunkInput(take, seq, fixture[seq]!));
    expect(await finish(take, fixture.length)).toEqual({ kind: 'incomplete', segmentId: take.segmentId, missing: [2, 4, 5] });
    expect(await env.MEDIA.head(segmentKey(take))).toBeNull();
    for (const seq of [5, 4, 2]) await take.stub.recordChunk(await chunkInput(take, seq, fixture[seq]!));
    expect((await finish(take, fixture.length)).kind).toBe('finalized');
    expectChunksWithDuration((await storedObject(take)).bytes, fixture);
  });

  it('refuses a chunk count that contradicts what is held or what was finished', async () => {
    const take = await newTake();
    await sendAll(take, fixture);
    expect(await finish(take, 3)).toMatchObject({ kind: 'rejected', code: 'chunk_count_mismatch' });
    await finish(take, fixture.length);
    expect(await finish(take, fixture.length - 1)).toMatchObject({ kind: 'rejected', code: 'chunk_count_mismatch' });
    const late = await take.stub.recordChunk(await chunkInput(take, fixture.length, fixture[4]!));
    expect(late).toMatchObject({ kind: 'rejected', code: 'segment_closed' });
    expect(await take.stub.finishSegment({ answerId: take.answerId, segmentId: 'segment-never-sent', chunkCount: 1, durationMs: 1 })).toMatchObject({
      kind: 'rejected',
      code: 'segment_not_found',
    });
  });

  it('gives the same object wherever the device cut the stream into chunks', async () => {
    const aligned = await newTake();
    await sendAll(aligned, fixture);
    await finish(aligned, fixture.length);
    const oddCuts = await newTake();
    const pieces = cut(concatBytes(fixture), 7_001);
    await sendAll(oddCuts, pieces);
    const result = await finish(oddCuts, pieces.length);
    expect(result.kind === 'finalized' && result.recording.durationSource).toBe('media');
    expect(firstDifference((await storedObject(oddCuts)).bytes, (await storedObject(aligned)).bytes)).toBe(-1);
  });

  it('writes a segment larger than one part as a multipart upload of equal parts, and forgets the upload after', async () => {
    const take = await newTake();
    // Void elements are valid WebM that players skip: a real recording made 11 MiB larger.
    const chunks = [fixture[0]!, voidElement(4 * MiB), fixture[1]!, voidElement(4 * MiB), fixture[2]!, voidElement(3 * MiB), fixture[3]!, fixture[4]!];
    await sendAll(take, chunks);
    const result = await finish(take, chunks.length);
    expect(result.kind).toBe('finalized');
    const { object, bytes } = await storedObject(take);
    expect(bytes.length).toBeGreaterThan(10 * MiB);
    // R2 names a multipart object's etag after its part count: 11+ MiB in 5 MiB parts is 3.
    expect(object.etag).toMatch(/-3$/);
    const headerDuration = expectChunksWithDuration(bytes, chunks);
    expect(Math.abs(headerDuration! - webmFixture.realDurationMs)).toBeLessThanOrEqual(500);
    expect(await sql(take, 'SELECT upload_id FROM recording_uploads')).toEqual([]);
  });

  it("compares the device's duration and the time limit with the media, and flags what is off", async () => {
    // The limit is the object's to know, from its copy of the question: 60 s, then 3 s.
    const honest = await newTake({ maxAnswerSeconds: 60 });
    await sendAll(honest, fixture);
    expect(await finish(honest, fixture.length, webmFixture.realDurationMs + 400)).toMatchObject({ recording: { flags: [] } });

    const tooLong = await newTake({ maxAnswerSeconds: 3 });
    await sendAll(tooLong, fixture);
    const flagged = await finish(tooLong, fixture.length, 9_000);
    expect(flagged).toMatchObject({ kind: 'finalized', recording: { durationSource: 'media', claimedDurationMs: 9_000 } });
    expect(flagged.kind === 'finalized' && [...flagged.recording.flags].sort()).toEqual(['duration_claim_mismatch', 'over_time_limit']);
  });

  it("stores a recording it cannot measure (Safari's MP4) as the plain concatenation, with the device's duration", async () => {
    const take = await newTake();
    const chunks = [new TextEncoder().encode('....ftypisom fragmented mp4 stand-in'), new Uint8Array(3000).fill(7)];
    await sendAll(take, chunks, 'video/mp4');
    const result = await finish(take, 2, 1_250);
    expect(result).toMatchObject({ kind: 'finalized', recording: { durationMs: 1_250, durationSource: 'device', flags: ['duration_unmeasured'] } });
    const { object, bytes } = await storedObject(take, 'mp4');
    expect(firstDifference(bytes, concatBytes(chunks))).toBe(-1);
    expect(object.httpMetadata?.contentType).toBe('video/mp4');
  });

  it('refuses to assemble from a chunk damaged in storage, keeps the segment, and finishes once it is whole', async () => {
    const take = await newTake();
    await sendAll(take, fixture);
    const key = `${segmentKey(take).replace(/segments\/.*$/, '')}chunks/${take.segmentId}/000002`;
    await env.MEDIA.put(key, fixture[3]!);
    expect(await finish(take, fixture.length)).toMatchObject({ kind: 'deferred', message: expect.stringMatching(/does not match the SHA-256/) });
    expect((await take.stub.manifest()).segments[0]?.state).toBe('finishing');
    expect(await env.MEDIA.head(segmentKey(take))).toBeNull();
    await env.MEDIA.put(key, fixture[2]!);
    expect((await finish(take, fixture.length)).kind).toBe('finalized');
  });
});
