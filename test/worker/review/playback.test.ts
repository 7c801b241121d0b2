import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { sessionStub } from '../../../worker/sessions';
import { type Account, addMember, as, register } from '../support/auth-helpers';
import { api } from '../support/helpers';
import { concatBytes, webmFixture } from '../support/recording-fixture';
import { startOn, videoQuestion } from '../support/recording-helpers';
import { candidateDevice, orgOf, recordSegment, sessionIn } from '../support/review-helpers';

const chunks = webmFixture.chunks.map((c) => c.bytes);

let owner: Account;
let sessionId: string;
let segmentId: string;
let path: string;
/** The assembled object as R2 holds it (assembly writes the WebM duration, so not just the chunks). */
let whole: Uint8Array;
let size: number;
let mimeType: string;

beforeAll(async () => {
  owner = await register('playback');
  sessionId = await sessionIn(orgOf(owner));
  await startOn(sessionStub(env, sessionId), [videoQuestion('answer-playback-1'), videoQuestion('answer-open-1')]);
  segmentId = await recordSegment(sessionId, 'answer-playback-1', chunks, webmFixture.mimeType);
  path = `/api/sessions/${sessionId}/recordings/${segmentId}`;
  const recording = await sessionStub(env, sessionId).recordingObject(segmentId);
  const object = await env.MEDIA.get(recording!.key);
  whole = new Uint8Array(await object!.arrayBuffer());
  size = whole.length;
  mimeType = recording!.mimeType;
  // The recording really is the candidate's bytes: the assembled object starts with the first chunk's header.
  expect(whole.slice(0, 4)).toEqual(chunks[0]!.slice(0, 4));
  expect(size).toBeGreaterThanOrEqual(concatBytes(chunks).length);
});

const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());
const withRange = (range: string) => api(path, { headers: { cookie: owner.cookie, range } });

describe('recording playback: byte ranges', () => {
  it('streams the whole assembled segment with its type and length, and says ranges are accepted', async () => {
    const res = await as(owner).get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(mimeType);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-length')).toBe(String(size));
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(await bytesOf(res)).toEqual(whole);
  });

  it('answers a range with 206, its Content-Range and exactly those bytes', async () => {
    const res = await withRange('bytes=0-99');
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-99/${size}`);
    expect(res.headers.get('content-length')).toBe('100');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(await bytesOf(res)).toEqual(whole.slice(0, 100));
  });

  it('answers an open-ended range from the middle (a seek into the second half)', async () => {
    const start = Math.floor(size / 2) + 7;
    const res = await withRange(`bytes=${start}-`);
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${size - 1}/${size}`);
    expect(res.headers.get('content-length')).toBe(String(size - start));
    expect(await bytesOf(res)).toEqual(whole.slice(start));
  });

  it('answers a suffix range with the last bytes', async () => {
    const res = await withRange('bytes=-50');
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${size - 50}-${size - 1}/${size}`);
    expect(await bytesOf(res)).toEqual(whole.slice(size - 50));
  });

  it('clamps a range that runs past the end', async () => {
    const res = await withRange(`bytes=${size - 10}-${size + 1000}`);
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    expect(await bytesOf(res)).toEqual(whole.slice(size - 10));
  });

  it('answers 416 with the size for a range that starts past the end', async () => {
    const res = await withRange(`bytes=${size}-${size + 10}`);
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${size}`);
    expect(await res.json()).toMatchObject({ error: { code: 'range_not_satisfiable' } });
  });

  it('ignores a malformed Range header and a stale If-Range, answering the whole segment', async () => {
    const malformed = await withRange('bytes=abc');
    expect(malformed.status).toBe(200);
    expect(await bytesOf(malformed)).toEqual(whole);
    const stale = await api(path, { headers: { cookie: owner.cookie, range: 'bytes=0-9', 'if-range': '"some-other-version"' } });
    expect(stale.status).toBe(200);
    const current = await as(owner).get(path);
    const etag = current.headers.get('etag')!;
    await current.arrayBuffer();
    const fresh = await api(path, { headers: { cookie: owner.cookie, range: 'bytes=0-9', 'if-range': etag } });
    expect(fresh.status).toBe(206);
    expect(await bytesOf(fresh)).toEqual(whole.slice(0, 10));
  });

  it('answers HEAD with the length and no body', async () => {
    const res = await api(path, { method: 'HEAD', headers: { cookie: owner.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(size));
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });
});

describe('recording playback: who may watch', () => {
  const expectNotFound = async (res: Response) => {
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  };

  it('tells a logged-out visitor, a candidate device and another organization that it does not exist', async () => {
    await expectNotFound(await api(path));
    await expectNotFound(await api(path, { headers: { range: 'bytes=0-10' } }));
    const token = await candidateDevice(sessionId, orgOf(owner));
    await expectNotFound(await api(path, { headers: { authorization: `Bearer ${token}` } }));
    const stranger = await register('playback-stranger');
    await expectNotFound(await as(stranger).get(path));
    await expectNotFound(await api(path, { headers: { cookie: stranger.cookie, range: 'bytes=0-10' } }));
  });

  it('lets every role of the organization watch', async () => {
    for (const role of ['reviewer', 'interviewer', 'recruiter'] as const) {
      const member = await addMember(owner, role);
      const res = await api(path, { headers: { cookie: member.cookie, range: 'bytes=0-3' } });
      expect(res.status, role).toBe(206);
      expect(await bytesOf(res)).toEqual(whole.slice(0, 4));
    }
  });

  it('does not serve a segment under another session of the same organization, an unknown one, or an unfinished one', async () => {
    const other = await sessionIn(orgOf(owner));
    await expectNotFound(await as(owner).get(`/api/sessions/${other}/recordings/${segmentId}`));
    await expectNotFound(await as(owner).get(`/api/sessions/${sessionId}/recordings/segment-${crypto.randomUUID()}`));
    await expectNotFound(await as(owner).get(`/api/sessions/${sessionId}/recordings/not%20an%20id`));
    const open = `segment-${crypto.randomUUID()}`;
    const bytes = chunks[0]!;
    const digest = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
    const stored = await sessionStub(env, sessionId).recordChunk({
      answerId: 'answer-open-1',
      segmentId: open,
      seq: 0,
      mimeType: webmFixture.mimeType,
      sha256: digest,
      bytes: bytes.slice().buffer,
    });
    expect(stored.kind).toBe('stored');
    await expectNotFound(await as(owner).get(`/api/sessions/${sessionId}/recordings/${open}`));
  });
});

describe('recording download', () => {
  it('answers the whole recording as an attachment named for the question, to every role that may review', async () => {
    for (const account of [owner, await addMember(owner, 'reviewer'), await addMember(owner, 'recruiter')]) {
      const res = await api(`${path}?download=1`, { headers: { cookie: account.cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="Candidate - Q1 Introduce yourself.webm"; filename*=UTF-8''Candidate%20-%20Q1%20Introduce%20yourself.webm`,
      );
      expect(res.headers.get('content-type')).toBe(mimeType);
      expect(await bytesOf(res)).toEqual(whole);
    }
    // Playing is not downloading: no attachment header without the parameter.
    expect((await as(owner).get(path)).headers.get('content-disposition')).toBeNull();
  }, 30_000);

  it('refuses an interviewer, who may watch but not review, with 403; and an unknown value with 400', async () => {
    const interviewer = await addMember(owner, 'interviewer');
    const refused = await api(`${path}?download=1`, { headers: { cookie: interviewer.cookie } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringContaining('may watch recordings but not download them') } });
    expect((await api(path, { headers: { cookie: interviewer.cookie, range: 'bytes=0-3' } })).status).toBe(206);
    const bad = await api(`${path}?download=yes`, { headers: { cookie: owner.cookie } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_request' } });
  }, 30_000);
});
