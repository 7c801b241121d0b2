import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { MAX_CHUNK_BYTES } from '../../../worker/schemas/recording';
import { addCandidate, bearer, candidatePost, EXAMPLE_IDS, recruiting, type startedCandidate, startedEntry, uniqueCandidateEmail } from '../support/candidates-helpers';
import { api } from '../support/helpers';
import { concatBytes, sha256Hex, webmFixture } from '../support/recording-fixture';

type Started = Awaited<ReturnType<typeof startedCandidate>>;

/** A started session whose interview asks a video question, then a text one. */
async function withVideo(label: string): Promise<Started> {
  const r = await recruiting(label, { questionIds: [EXAMPLE_IDS.video, EXAMPLE_IDS.text] });
  const email = uniqueCandidateEmail(label);
  const added = await addCandidate(r, { name: `Candidate ${label}`, email });
  const entry = await startedEntry(added.inviteToken, { email });
  return { ...r, ...added, email, deviceToken: entry.deviceToken, sessionId: entry.sessionId };
}

function putChunk(s: Started, segmentId: string, seq: number, bytes: Uint8Array, sha256: string, headers: Record<string, string> = {}) {
  return api(`/api/candidate/recordings/${segmentId}/chunks/${seq}`, {
    method: 'PUT',
    headers: {
      ...bearer(s.deviceToken),
      'content-type': 'application/octet-stream',
      'x-answer-id': EXAMPLE_IDS.video,
      'x-media-type': webmFixture.mimeType,
      'x-chunk-sha256': sha256,
      ...headers,
    },
    body: bytes,
  });
}

async function manifestOf(s: Started) {
  const res = await api('/api/candidate/recordings/manifest', { headers: bearer(s.deviceToken) });
  expect(res.status).toBe(200);
  return (await res.json()) as { segments: { segmentId: string; state: string; chunks: { seq: number; sha256: string; size: number }[] }[] };
}

function finish(s: Started, segmentId: string, chunkCount: number) {
  return candidatePost(`/api/candidate/recordings/${segmentId}/finish`, { answerId: EXAMPLE_IDS.video, chunkCount, durationMs: webmFixture.realDurationMs }, s.deviceToken);
}

const chunks = webmFixture.chunks;

describe('recording upload over HTTP', () => {
  it('takes chunks out of order and twice, and assembles exactly what was recorded', async () => {
    const s = await withVideo('rec-order');
    const segmentId = crypto.randomUUID();
    const order = [2, 0, 1, 0, 4, 3, 5, 2];
    const receipts = new Map<number, string>();
    for (const seq of order) {
      const res = await putChunk(s, segmentId, seq, chunks[seq]!.bytes, chunks[seq]!.sha256);
      expect(res.status, await res.clone().text()).toBe(200);
      const { receipt } = (await res.json()) as { receipt: { seq: number; receivedAt: number } };
      const key = JSON.stringify(receipt);
      if (receipts.has(seq)) expect(key).toBe(receipts.get(seq));
      receipts.set(seq, key);
    }
    const manifest = await manifestOf(s);
    const segment = manifest.segments.find((x) => x.segmentId === segmentId)!;
    expect(segment.chunks.map((c) => c.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(segment.chunks.map((c) => c.sha256)).toEqual(chunks.map((c) => c.sha256));

    const done = await finish(s, segmentId, chunks.length);
    expect(done.status, await done.clone().text()).toBe(200);
    const { segment: finished } = (await done.json()) as { segment: { recording: { key?: string; durationMs: number; size: number } } };
    expect(Math.abs(finished.recording.durationMs - webmFixture.realDurationMs)).toBeLessThanOrEqual(500);
    // The assembled object is the chunks' bytes (plus the duration written into the header).
    const raw = concatBytes(chunks.map((c) => c.bytes));
    expect(finished.recording.size).toBeGreaterThanOrEqual(raw.length);
    expect(finished.recording.size - raw.length).toBeLessThan(64);
  });

  it('refuses a second version of a chunk and keeps the first', async () => {
    const s = await withVideo('rec-conflict');
    const segmentId = crypto.randomUUID();
    expect((await putChunk(s, segmentId, 0, chunks[0]!.bytes, chunks[0]!.sha256)).status).toBe(200);
    const other = chunks[1]!;
    const res = await putChunk(s, segmentId, 0, other.bytes, other.sha256);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('chunk_conflict');
    const segment = (await manifestOf(s)).segments.find((x) => x.segmentId === segmentId)!;
    expect(segment.chunks).toEqual([expect.objectContaining({ seq: 0, sha256: chunks[0]!.sha256 })]);
  });

  it('refuses bytes that do not match their hash, and an oversized chunk, storing nothing', async () => {
    const s = await withVideo('rec-bad');
    const segmentId = crypto.randomUUID();
    const wrongHash = await putChunk(s, segmentId, 0, chunks[0]!.bytes, chunks[1]!.sha256);
    expect(wrongHash.status).toBe(400);
    expect(((await wrongHash.json()) as { error: { code: string } }).error.code).toBe('hash_mismatch');
    const huge = new Uint8Array(MAX_CHUNK_BYTES + 1);
    const tooBig = await putChunk(s, segmentId, 0, huge, await sha256Hex(huge));
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { error: { code: string } }).error.code).toBe('chunk_too_large');
    const missingHeaders = await api(`/api/candidate/recordings/${segmentId}/chunks/0`, { method: 'PUT', headers: bearer(s.deviceToken), body: chunks[0]!.bytes });
    expect(missingHeaders.status).toBe(400);
    expect((await manifestOf(s)).segments.find((x) => x.segmentId === segmentId)).toBeUndefined();
  });

  it('refuses chunks for an answer that is not a video or audio question of the session (400), storing nothing', async () => {
    const s = await withVideo('rec-not-recorded');
    for (const answerId of [EXAMPLE_IDS.text, EXAMPLE_IDS.choice, 'any-string-at-all', `answer-${crypto.randomUUID()}`]) {
      const segmentId = crypto.randomUUID();
      const res = await putChunk(s, segmentId, 0, chunks[0]!.bytes, chunks[0]!.sha256, { 'x-answer-id': answerId });
      expect(res.status, answerId).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('not_a_recorded_question');
      expect(body.error.message).toContain(answerId);
    }
    expect((await manifestOf(s)).segments).toEqual([]);
    const listed = await env.MEDIA.list({ prefix: '' });
    expect(listed.objects.filter((o) => o.key.includes(s.sessionId))).toEqual([]);
  });

  it('keeps sessions apart: a device writes only to its own session', async () => {
    const a = await withVideo('rec-a');
    const b = await withVideo('rec-b');
    const segmentId = crypto.randomUUID();
    expect((await putChunk(b, segmentId, 0, chunks[0]!.bytes, chunks[0]!.sha256)).status).toBe(200);
    // A's device sends a chunk naming B's segment: it lands in A's session, never in B's.
    expect((await putChunk(a, segmentId, 0, chunks[1]!.bytes, chunks[1]!.sha256)).status).toBe(200);
    const bSegment = (await manifestOf(b)).segments.find((x) => x.segmentId === segmentId)!;
    expect(bSegment.chunks).toEqual([expect.objectContaining({ seq: 0, sha256: chunks[0]!.sha256 })]);
    // Without a device token, or with a made-up one, nothing is accepted.
    const anonymous = await api(`/api/candidate/recordings/${segmentId}/chunks/1`, { method: 'PUT', body: chunks[1]!.bytes });
    expect(anonymous.status).toBe(401);
    const forged = await putChunk({ ...b, deviceToken: 'x'.repeat(32) }, segmentId, 1, chunks[1]!.bytes, chunks[1]!.sha256);
    expect(forged.status).toBe(401);
  });

  it('tells which chunks are missing when a segment is finished early', async () => {
    const s = await withVideo('rec-missing');
    const segmentId = crypto.randomUUID();
    for (const seq of [0, 1, 3]) await putChunk(s, segmentId, seq, chunks[seq]!.bytes, chunks[seq]!.sha256);
    const res = await finish(s, segmentId, 5);
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; fields: { missing: string } } };
    expect(body.error.code).toBe('chunks_missing');
    expect(body.error.fields.missing).toBe('2,4');
  });

  it('refuses chunks after the session is completed and leaves the recording intact', async () => {
    const s = await withVideo('rec-after');
    const segmentId = crypto.randomUUID();
    for (let seq = 0; seq < chunks.length; seq++) await putChunk(s, segmentId, seq, chunks[seq]!.bytes, chunks[seq]!.sha256);
    expect((await finish(s, segmentId, chunks.length)).status).toBe(200);
    const answer = (questionId: string, value: unknown) => candidatePost('/api/candidate/answers', { clientId: crypto.randomUUID(), questionId, value }, s.deviceToken);
    expect((await answer(EXAMPLE_IDS.video, { recording: { segments: [segmentId] } })).status).toBe(200);
    expect((await answer(EXAMPLE_IDS.text, 'Because I like hard problems.')).status).toBe(200);
    const complete = await candidatePost('/api/candidate/complete', { clientId: crypto.randomUUID() }, s.deviceToken);
    expect(complete.status, await complete.clone().text()).toBe(200);

    const before = await manifestOf(s);
    const late = await putChunk(s, crypto.randomUUID(), 0, chunks[0]!.bytes, chunks[0]!.sha256);
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('session_completed');
    expect(await manifestOf(s)).toEqual(before);
    const row = await env.DB.prepare('SELECT status FROM sessions WHERE id = ?').bind(s.sessionId).first<{ status: string }>();
    expect(row?.status).toBe('completed');
  });
});
