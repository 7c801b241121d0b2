/**
 * The candidate's fast write paths (worker/routes/candidate/fast-writes.ts) answer exactly as the
 * Hono routes do: every request here is sent both ways, the same status, body and headers come
 * back, and the ordinary ones are shown to have been served by the fast path itself (not handed
 * to the app), so a change to a route that the fast path does not follow fails here.
 */
import { createExecutionContext, env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../../worker/index';
import { fastWrite } from '../../../worker/routes/candidate/fast-writes';
import { answerRequestSchema, plainTextAnswer } from '../../../worker/schemas/candidate';
import { chunkFieldsSchema, wellFormedChunkFields } from '../../../worker/schemas/recording';
import { addCandidate, bearer, EXAMPLE_IDS, recruiting, startedEntry, uniqueCandidateEmail } from '../support/candidates-helpers';
import { BASE } from '../support/helpers';
import { webmFixture } from '../support/recording-fixture';

const REQUEST_ID = 'fast-writes-test-0001';

interface Sent {
  status: number;
  body: string;
  headers: [string, string][];
  /** Served by the fast path without the app. */
  fast: boolean;
}

/** A request id the server made up differs each time; only whether it kept the caller's is compared. */
const requestIdOf = (value: string) => (value === REQUEST_ID ? value : /^[0-9a-f-]{36}$/.test(value) ? '(generated)' : value);

const snapshot = async (res: Response, fast: boolean): Promise<Sent> => ({
  status: res.status,
  body: await res.text(),
  headers: [...res.headers].map(([name, value]): [string, string] => [name, name === 'x-request-id' ? requestIdOf(value) : value]).sort(),
  fast,
});

/** The request sent through the fast path first, then the same request through the app alone. */
async function bothWays(make: () => Request): Promise<{ fast: Sent; app: Sent }> {
  let appCalls = 0;
  const viaApp = (request: Request, e: Env, ctx: ExecutionContext) => {
    appCalls++;
    return app.fetch(request, e, ctx);
  };
  const first = make();
  const fastRes = (await fastWrite(first, env, createExecutionContext(), viaApp)) ?? (await viaApp(first, env, createExecutionContext()));
  const fast = await snapshot(fastRes, appCalls === 0);
  const appRes = await app.fetch(make(), env, createExecutionContext());
  return { fast, app: await snapshot(appRes, false) };
}

async function expectSame(make: () => Request, served: 'fast' | 'app'): Promise<Sent> {
  const { fast, app: viaApp } = await bothWays(make);
  expect({ ...fast, fast: undefined }).toEqual({ ...viaApp, fast: undefined });
  expect(fast.fast, `served by the ${served === 'fast' ? 'fast path' : 'app'}`).toBe(served === 'fast');
  return fast;
}

let deviceToken = '';

function answer(body: unknown, headers: Record<string, string> = {}): () => Request {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return () =>
    new Request(`${BASE}/api/candidate/answers`, {
      method: 'POST',
      headers: { ...bearer(deviceToken), 'content-type': 'application/json', 'x-request-id': REQUEST_ID, ...headers },
      body: text,
    });
}

function chunk(path: string, bytes: Uint8Array, headers: Record<string, string>): () => Request {
  return () =>
    new Request(`${BASE}/api/candidate/recordings/${path}`, {
      method: 'PUT',
      headers: {
        ...bearer(deviceToken),
        'content-type': 'application/octet-stream',
        'x-answer-id': EXAMPLE_IDS.video,
        'x-media-type': webmFixture.mimeType,
        'x-chunk-sha256': webmFixture.chunks[0]!.sha256,
        'x-request-id': REQUEST_ID,
        // As a browser sends it for a Blob; a request built here has none unless given.
        'content-length': String(bytes.byteLength),
        ...headers,
      },
      body: bytes,
    });
}

beforeAll(async () => {
  const r = await recruiting('fast-writes', { questionIds: [EXAMPLE_IDS.video, EXAMPLE_IDS.text, EXAMPLE_IDS.choice] });
  const email = uniqueCandidateEmail('fast-writes');
  const added = await addCandidate(r, { name: 'Fast Writes', email });
  deviceToken = (await startedEntry(added.inviteToken, { email })).deviceToken;
  // A token is verified once per isolate, by the app; only then may the fast path take it.
  const first = await app.fetch(answer({ clientId: crypto.randomUUID(), questionId: 'no-such-question', value: 'x' })(), env, createExecutionContext());
  expect(first.status).toBe(400);
});

describe('the fast text answer path', () => {
  it('stores an answer and answers its repeat as the route does, headers included', async () => {
    const sent = await expectSame(answer({ clientId: crypto.randomUUID(), questionId: EXAMPLE_IDS.text, value: 'A few honest sentences.' }), 'fast');
    expect(sent.status).toBe(200);
    expect(JSON.parse(sent.body)).toMatchObject({ receipt: { questionId: EXAMPLE_IDS.text } });
    const headers = new Map(sent.headers);
    expect(headers.get('x-request-id')).toBe(REQUEST_ID);
    expect(headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('cache-control')).toBe('no-store');
  });

  it("refuses what the session's object refuses, in the same words", async () => {
    const cases = [
      { clientId: crypto.randomUUID(), questionId: EXAMPLE_IDS.text, value: 'Another answer to the same question.' },
      { clientId: crypto.randomUUID(), questionId: 'no-such-question', value: 'text' },
      { clientId: crypto.randomUUID(), questionId: EXAMPLE_IDS.video, value: 'text for a video question' },
      { clientId: crypto.randomUUID(), questionId: EXAMPLE_IDS.choice, value: '   ' },
    ];
    const statuses: number[] = [];
    for (const body of cases) statuses.push((await expectSame(answer(body), 'fast')).status);
    expect(statuses).toEqual([409, 400, 400, 400]);
    // A malformed request id is replaced by one of the server's own, as the app does.
    const renamed = await expectSame(answer({ clientId: crypto.randomUUID(), questionId: EXAMPLE_IDS.choice, value: 'x' }, { 'x-request-id': 'bad id!' }), 'fast');
    expect(new Map(renamed.headers).get('x-request-id')).toBe('(generated)');
  });

  it('leaves anything unusual to the route', async () => {
    const deep = `{"clientId":"${crypto.randomUUID()}","questionId":"q","value":"v","extra":${'['.repeat(100)}${']'.repeat(100)}}`;
    const cases: (() => Request)[] = [
      answer('{"clientId": '),
      answer(deep),
      answer({ clientId: 'short', questionId: EXAMPLE_IDS.choice, value: 'x' }),
      answer({ clientId: crypto.randomUUID(), questionId: EXAMPLE_IDS.choice, value: ['no-such-option'] }),
      answer({ clientId: crypto.randomUUID(), questionId: 'q'.repeat(101), value: 'x' }),
      answer({ clientId: crypto.randomUUID(), questionId: EXAMPLE_IDS.choice, value: 'x' }, { 'content-type': 'text/plain' }),
      answer({ clientId: crypto.randomUUID(), questionId: EXAMPLE_IDS.choice, value: 'x' }, { authorization: 'Bearer not-a-device-token-at-all-0000000000' }),
    ];
    const statuses: number[] = [];
    for (const make of cases) statuses.push((await expectSame(make, 'app')).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400, 401]);
  });
});

describe('the fast recording chunk path', () => {
  const [first, second] = webmFixture.chunks;

  it('stores a chunk and answers its repeat as the route does', async () => {
    const segmentId = crypto.randomUUID();
    const sent = await expectSame(chunk(`${segmentId}/chunks/0`, first!.bytes, {}), 'fast');
    expect(sent.status).toBe(200);
    expect(JSON.parse(sent.body)).toMatchObject({ receipt: { segmentId, seq: 0, size: first!.bytes.byteLength, sha256: first!.sha256 } });
    expect(new Map(sent.headers).get('strict-transport-security')).toContain('max-age=');
  });

  it("refuses what the session's object refuses, in the same words", async () => {
    const segmentId = crypto.randomUUID();
    expect((await expectSame(chunk(`${segmentId}/chunks/0`, first!.bytes, {}), 'fast')).status).toBe(200);
    const statuses = [
      // Other bytes under a held seq.
      (await expectSame(chunk(`${segmentId}/chunks/0`, second!.bytes, { 'x-chunk-sha256': second!.sha256 }), 'fast')).status,
      // Bytes that do not match their digest.
      (await expectSame(chunk(`${crypto.randomUUID()}/chunks/0`, second!.bytes, {}), 'fast')).status,
      // A text question takes no recording.
      (await expectSame(chunk(`${crypto.randomUUID()}/chunks/0`, first!.bytes, { 'x-answer-id': EXAMPLE_IDS.text }), 'fast')).status,
      // The segment is WebM.
      (await expectSame(chunk(`${segmentId}/chunks/1`, second!.bytes, { 'x-chunk-sha256': second!.sha256, 'x-media-type': 'video/mp4' }), 'fast')).status,
    ];
    expect(statuses).toEqual([409, 400, 400, 409]);
  });

  it('leaves anything unusual to the route', async () => {
    const segmentId = crypto.randomUUID();
    const cases = [
      chunk(`${segmentId}/chunks/007`, first!.bytes, {}),
      chunk(`${segmentId}/chunks/20000`, first!.bytes, {}),
      chunk(`short/chunks/0`, first!.bytes, {}),
      chunk(`${segmentId}/chunks/0`, new Uint8Array(0), {}),
      chunk(`${segmentId}/chunks/0`, first!.bytes, { 'x-media-type': 'text/plain' }),
      chunk(`${segmentId}/chunks/0`, first!.bytes, { 'x-chunk-sha256': 'abc' }),
      chunk(`${segmentId}/chunks/0`, first!.bytes, { 'x-answer-id': 'no' }),
      chunk(`${segmentId}/chunks/0`, first!.bytes, { authorization: 'Bearer not-a-device-token-at-all-0000000000' }),
    ];
    const statuses: number[] = [];
    for (const make of cases) statuses.push((await expectSame(make, 'app')).status);
    // The route reads seq 007 as 7.
    expect(statuses).toEqual([200, 400, 400, 400, 400, 400, 400, 401]);
  });
});

describe("the fast paths' hand checks", () => {
  it('accept exactly what the schemas accept', () => {
    const id = crypto.randomUUID();
    const answers: unknown[] = [
      { clientId: id, questionId: 'q', value: 'text' },
      { clientId: id, questionId: 'q', value: '' },
      { clientId: id, questionId: 'q', value: 'x'.repeat(64 * 1024) },
      { clientId: id, questionId: 'q', value: 'x'.repeat(64 * 1024 + 1) },
      { clientId: id, questionId: '', value: 'text' },
      { clientId: id, questionId: 'q'.repeat(100), value: 'text' },
      { clientId: id, questionId: 'q'.repeat(101), value: 'text' },
      { clientId: 'short', questionId: 'q', value: 'text' },
      { clientId: `${id}!`, questionId: 'q', value: 'text' },
      { clientId: id, questionId: 7, value: 'text' },
      { clientId: id, questionId: 'q', value: 'text', extra: true },
      { clientId: id, questionId: 'q' },
      [id, 'q', 'text'],
      null,
    ];
    for (const body of answers) {
      const parsed = answerRequestSchema.safeParse(body);
      const byHand = plainTextAnswer(body);
      expect(byHand, JSON.stringify(body)?.slice(0, 80)).toEqual(parsed.success && typeof parsed.data.value === 'string' ? parsed.data : null);
    }
    const sha256 = 'ab'.repeat(32);
    const good = { answerId: id, segmentId: id, seq: 0, mimeType: 'video/webm;codecs="vp8,opus"', sha256 };
    const chunks: Record<string, unknown>[] = [
      good,
      { ...good, seq: 19_999 },
      { ...good, seq: 20_000 },
      { ...good, seq: -1 },
      { ...good, seq: 1.5 },
      { ...good, seq: '1' },
      { ...good, mimeType: 'audio/MP4' },
      { ...good, mimeType: 'video/ogg' },
      { ...good, mimeType: `video/webm; codecs="${'a'.repeat(120)}"` },
      { ...good, sha256: sha256.toUpperCase() },
      { ...good, sha256: sha256.slice(1) },
      { ...good, answerId: 'short' },
      { ...good, segmentId: undefined },
    ];
    for (const fields of chunks) expect(wellFormedChunkFields(fields), JSON.stringify(fields)).toBe(chunkFieldsSchema.safeParse(fields).success);
  });
});
