import 'fake-indexeddb/auto';
import type { IDBPDatabase } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sealPieces, UPLOAD_CHUNK_BYTES } from '../../app/src/lib/recording-pieces';
import { enqueue, type HoldfastDB, openStore, pending } from '../../app/src/lib/store';
import { RECONNECT_PROBE_MS, Uploader } from '../../app/src/lib/uploader';

/**
 * The candidate uploader against a fake server behind the global `fetch` (not the app's API
 * module), with the device's real IndexedDB store (fake-indexeddb). Every test asserts on the
 * requests that went out and on what is left on the device.
 */

let n = 0;
const freshName = () => `holdfast-uploader-test-${++n}-${Math.random()}`;
const SESSION = 'session-1';
const sha256 = async (bytes: Uint8Array<ArrayBuffer>) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');

/** What happens to one request: the network drops it before or after the server acted on it, or the server refuses it. */
type Outcome = 'offline' | 'lost-response' | { status: number; code: string; fields?: Record<string, string> };

/** A stand-in for the Worker's candidate routes, keeping what the session's Durable Object would hold. */
class FakeServer {
  /** Every request the device made, reached the server or not: "METHOD path". */
  readonly requests: string[] = [];
  readonly answerBodies: unknown[] = [];
  /** Authorization headers seen (request() turns anything fetch throws into a network failure, so no expect() in here). */
  readonly authorizations = new Set<string | null>();
  /** segmentId → seq → SHA-256 of the chunk the session holds. */
  readonly held = new Map<string, Map<number, string>>();
  /** "segmentId/seq" → the bytes of the last upload of that chunk that reached the server. */
  readonly chunkBodies = new Map<string, Uint8Array>();
  readonly finalized = new Set<string>();
  private readonly plans: { request: string; outcome: Outcome }[] = [];
  private inFlight = 0;
  maxInFlight = 0;

  /** The next request equal to `request` ("METHOD path") gets `outcome` instead of the usual answer. */
  plan(request: string, outcome: Outcome): void {
    this.plans.push({ request, outcome });
  }

  fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const method = (init.method ?? 'GET').toUpperCase();
    const path = String(input);
    const request = `${method} ${path}`;
    this.requests.push(request);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise<void>((resolve) => queueMicrotask(resolve)); // let a second request in, if the uploader sent one
      this.authorizations.add(new Headers(init.headers).get('authorization'));
      const index = this.plans.findIndex((p) => p.request === request);
      const outcome = index === -1 ? undefined : this.plans.splice(index, 1)[0]?.outcome;
      if (outcome === 'offline') throw new TypeError('fetch failed');
      if (outcome && outcome !== 'lost-response') {
        // 202: the session holds every chunk and assembles the segment later, on its own alarm.
        if (outcome.status === 202) return Response.json({ segment: { segmentId: path.split('/').at(-2), state: outcome.code } }, { status: 202 });
        return Response.json({ error: { code: outcome.code, message: `refused: ${outcome.code}`, fields: outcome.fields } }, { status: outcome.status });
      }
      const response = this.handle(method, path, init);
      if (outcome === 'lost-response') throw new TypeError('fetch failed');
      return response;
    } finally {
      this.inFlight--;
    }
  };

  private handle(method: string, path: string, init: RequestInit): Response {
    if (method === 'GET' && path === '/api/candidate/recordings/manifest') {
      const segments = [...this.held].map(([segmentId, chunks]) => ({
        segmentId,
        chunks: [...chunks].map(([seq, sha]) => ({ seq, size: 1, sha256: sha })),
      }));
      return Response.json({ segments });
    }
    const chunk = path.match(/^\/api\/candidate\/recordings\/([^/]+)\/chunks\/(\d+)$/);
    if (method === 'PUT' && chunk) {
      const [, segmentId = '', seq = ''] = chunk;
      const headers = new Headers(init.headers);
      const chunks = this.held.get(segmentId) ?? new Map<number, string>();
      chunks.set(Number(seq), headers.get('x-chunk-sha256') ?? '');
      this.held.set(segmentId, chunks);
      if (init.body instanceof ArrayBuffer) this.chunkBodies.set(`${segmentId}/${seq}`, new Uint8Array(init.body.slice(0)));
      return Response.json({ receipt: { segmentId, seq: Number(seq) } });
    }
    const finish = path.match(/^\/api\/candidate\/recordings\/([^/]+)\/finish$/);
    if (method === 'POST' && finish) {
      this.finalized.add(finish[1] ?? '');
      return Response.json({ segment: { segmentId: finish[1], state: 'finalized' } });
    }
    if (method === 'POST' && ['/api/candidate/answers', '/api/candidate/complete', '/api/candidate/finish-later'].includes(path)) {
      if (path === '/api/candidate/answers') this.answerBodies.push(JSON.parse(String(init.body)));
      return Response.json({ ok: true });
    }
    return Response.json({ error: { code: 'not_found', message: `no route ${method} ${path}` } }, { status: 404 });
  }
}

const chunkPath = (segmentId: string, seq: number) => `PUT /api/candidate/recordings/${segmentId}/chunks/${seq}`;
const finishPath = (segmentId: string) => `POST /api/candidate/recordings/${segmentId}/finish`;
const MANIFEST = 'GET /api/candidate/recordings/manifest';
const ANSWER = 'POST /api/candidate/answers';
const COMPLETE = 'POST /api/candidate/complete';

/** The device's side, written the way the recorder and the question screens write it. */
function device(db: IDBPDatabase<HoldfastDB>) {
  return {
    answer: (questionId: string, createdAt: number) =>
      enqueue(db, { id: `answer:${questionId}`, sessionId: SESSION, kind: 'answer', createdAt, body: { questionId, value: `text for ${questionId}` }, bytes: 0 }),
    complete: (createdAt: number) => enqueue(db, { id: 'complete', sessionId: SESSION, kind: 'complete', createdAt, body: {}, bytes: 0 }),
    async chunk(segmentId: string, seq: number, createdAt: number) {
      const data = new Uint8Array([seq, 1, 2, 3, segmentId.length]);
      const hash = await sha256(data);
      await db.put('recordingChunks', {
        segmentId,
        seq,
        sessionId: SESSION,
        answerId: 'q-video',
        mimeType: 'video/webm',
        data: data.buffer,
        sha256: hash,
        recordedAt: createdAt,
      });
      await enqueue(db, { id: `chunk:${segmentId}:${seq}`, sessionId: SESSION, kind: 'recordingChunk', createdAt, body: { segmentId, seq }, bytes: data.byteLength });
      return hash;
    },
    /** A recorded piece saved the way the recorder saves it: its bytes and its outbox item. */
    async piece(segmentId: string, seq: number, createdAt: number, size = 5) {
      const data = new Uint8Array(size).fill(seq + 1);
      await db.put('recordingPieces', {
        segmentId,
        seq,
        sessionId: SESSION,
        answerId: 'q-video',
        mimeType: 'video/webm',
        data: data.buffer,
        recordedAt: createdAt,
        startedAt: 0,
        order: createdAt,
      });
      await enqueue(db, { id: `piece:${segmentId}:${seq}`, sessionId: SESSION, kind: 'recordingPiece', createdAt, body: { segmentId, seq }, bytes: size });
      return data;
    },
    finishSegment: (segmentId: string, chunkCount: number, createdAt: number) =>
      enqueue(db, {
        id: `segment:${segmentId}`,
        sessionId: SESSION,
        kind: 'finishSegment',
        createdAt,
        body: { answerId: 'q-video', segmentId, chunkCount, durationMs: 1000 * chunkCount, mimeType: 'video/webm' },
        bytes: 0,
      }),
    outboxIds: async () => (await pending(db)).map((item) => item.id),
    chunkKeys: async () => (await db.getAllKeys('recordingChunks')).map(([segmentId, seq]) => `${segmentId}/${seq}`),
    pieceKeys: async () => (await db.getAllKeys('recordingPieces')).map(([segmentId, seq]) => `${segmentId}/${seq}`),
  };
}

let server: FakeServer;
let db: IDBPDatabase<HoldfastDB>;
let uploader: Uploader;
/** Every drain that ran, the ones the uploader's own timer started included, so a test can wait for them. */
let drains: Promise<void>[];

beforeEach(async () => {
  // Only the uploader's timers are faked: fake-indexeddb schedules its work with setImmediate.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  // No jitter: the backoff after the n-th failure in a row is then exactly 2^(n-1) seconds.
  vi.spyOn(Math, 'random').mockReturnValue(0);
  server = new FakeServer();
  vi.stubGlobal('fetch', server.fetch);
  db = await openStore(freshName());
  uploader = new Uploader(db, async () => 'device-token');
  drains = [];
  const drain = uploader.drain.bind(uploader);
  uploader.drain = () => {
    const run = drain();
    drains.push(run);
    return run;
  };
});

afterEach(async () => {
  await Promise.all(drains);
  vi.clearAllTimers();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  db.close();
});

/** Lets fake time pass, then waits for any drain the uploader's timer started meanwhile. */
async function passTime(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await Promise.all(drains);
}

describe('the uploader drains the outbox in order', () => {
  it('sends every write one at a time in the order it was made, not the order it was stored', async () => {
    const d = device(db);
    await d.complete(6);
    await d.answer('q1', 1);
    await d.answer('q2', 5);
    await d.finishSegment('seg-1', 2, 4);
    await d.chunk('seg-1', 1, 3);
    await d.chunk('seg-1', 0, 2);

    await uploader.drain();

    expect(server.requests).toEqual([ANSWER, MANIFEST, chunkPath('seg-1', 0), chunkPath('seg-1', 1), finishPath('seg-1'), ANSWER, COMPLETE]);
    expect(server.answerBodies).toEqual([
      { questionId: 'q1', value: 'text for q1' },
      { questionId: 'q2', value: 'text for q2' },
    ]);
    expect(server.maxInFlight).toBe(1);
    expect(server.authorizations).toEqual(new Set(['Bearer device-token']));
    expect(await d.outboxIds()).toEqual([]);
    expect(uploader.status).toMatchObject({ online: true, pendingItems: 0, failedItems: 0 });
  });
});

describe('backoff after failures', () => {
  it('stops at the write a busy server refused, sends nothing after it, and retries it after a backoff that doubles', async () => {
    const d = device(db);
    await d.answer('q1', 1);
    await d.answer('q2', 2);
    server.plan(ANSWER, { status: 503, code: 'unavailable' });
    server.plan(ANSWER, { status: 503, code: 'unavailable' });

    await uploader.drain();
    expect(server.requests).toEqual([ANSWER]);
    expect(uploader.status.online).toBe(false);
    expect(await d.outboxIds()).toEqual(['answer:q1', 'answer:q2']);
    expect((await db.get('outbox', 'answer:q1'))?.attempts).toBe(1);
    expect((await db.get('outbox', 'answer:q2'))?.attempts).toBe(0);

    // First failure: one second.
    await passTime(999);
    expect(server.requests).toHaveLength(1);
    await passTime(1);
    expect(server.requests).toEqual([ANSWER, ANSWER]);
    expect((await db.get('outbox', 'answer:q1'))?.attempts).toBe(2);
    expect(await d.outboxIds()).toEqual(['answer:q1', 'answer:q2']);

    // Second failure in a row: two seconds.
    await passTime(1999);
    expect(server.requests).toHaveLength(2);
    await passTime(1);
    expect(server.requests).toEqual([ANSWER, ANSWER, ANSWER, ANSWER]);
    expect(server.answerBodies).toEqual([
      { questionId: 'q1', value: 'text for q1' },
      { questionId: 'q2', value: 'text for q2' },
    ]);
    expect(await d.outboxIds()).toEqual([]);
    expect(uploader.status.online).toBe(true);

    // Nothing left: no more wake-ups, no more requests.
    expect(vi.getTimerCount()).toBe(0);
    await passTime(10 * 60_000);
    expect(server.requests).toHaveLength(4);
  });

  it('asks again every second while the server cannot be reached, so the network coming back is noticed within a second', async () => {
    const d = device(db);
    await d.answer('q1', 1);
    await d.chunk('seg-1', 0, 2);
    for (let i = 0; i < 5; i++) server.plan(ANSWER, 'offline');

    await uploader.drain();
    expect(server.requests).toEqual([ANSWER]);
    expect(uploader.status.online).toBe(false);
    // Five failures in a row: still one second apart, never a doubling wait.
    for (let i = 1; i < 5; i++) {
      await passTime(RECONNECT_PROBE_MS - 1);
      expect(server.requests).toHaveLength(i);
      await passTime(1);
      expect(server.requests).toHaveLength(i + 1);
    }
    expect((await db.get('outbox', 'answer:q1'))?.attempts).toBe(5);
    // The network is back: the next probe finds it and everything goes.
    await passTime(RECONNECT_PROBE_MS);
    expect(server.requests.slice(5)).toEqual([ANSWER, MANIFEST, chunkPath('seg-1', 0)]);
    expect(await d.outboxIds()).toEqual([]);
    expect(uploader.status.online).toBe(true);
  });

  it('a server error (5xx) backs off and keeps the write', async () => {
    const d = device(db);
    await d.answer('q1', 1);
    server.plan(ANSWER, { status: 503, code: 'unavailable' });

    await uploader.drain();
    expect(await d.outboxIds()).toEqual(['answer:q1']);
    expect((await db.get('outbox', 'answer:q1'))?.failedWith).toBeUndefined();

    await passTime(1000);
    expect(server.requests).toEqual([ANSWER, ANSWER]);
    expect(await d.outboxIds()).toEqual([]);
  });
});

describe('compare after reconnect', () => {
  it('after a network failure reads the manifest again and skips the chunk the server already holds', async () => {
    const d = device(db);
    await d.chunk('seg-1', 0, 1);
    await d.chunk('seg-1', 1, 2);
    await d.chunk('seg-1', 2, 3);
    await d.finishSegment('seg-1', 3, 4);
    // Chunk 1 reaches the session, but the answer is lost on the way back.
    server.plan(chunkPath('seg-1', 1), 'lost-response');

    await uploader.drain();
    expect(server.requests).toEqual([MANIFEST, chunkPath('seg-1', 0), chunkPath('seg-1', 1)]);
    expect(await d.outboxIds()).toEqual(['chunk:seg-1:1', 'chunk:seg-1:2', 'segment:seg-1']);

    // Reconnected (an `online` event, a visible tab, a new item: all call drain).
    await uploader.drain();
    expect(server.requests.slice(3)).toEqual([MANIFEST, chunkPath('seg-1', 2), finishPath('seg-1')]);
    expect(await d.outboxIds()).toEqual([]);
  });

  it('sends again a chunk the server holds under the same seq with a different SHA-256', async () => {
    const d = device(db);
    const sha0 = await d.chunk('seg-1', 0, 1);
    await d.chunk('seg-1', 1, 2);
    await d.finishSegment('seg-1', 2, 3);
    server.held.set(
      'seg-1',
      new Map([
        [0, sha0],
        [1, 'f'.repeat(64)],
      ]),
    );

    await uploader.drain();

    expect(server.requests).toEqual([MANIFEST, chunkPath('seg-1', 1), finishPath('seg-1')]);
    expect(await d.outboxIds()).toEqual([]);
  });
});

describe('409 answers are final', () => {
  it('drops a write the session already holds a final state for (answered, completed, segment closed) and never retries it', async () => {
    const d = device(db);
    await d.answer('q1', 1);
    await d.chunk('seg-1', 0, 2);
    await d.answer('q2', 3);
    await d.complete(4);
    server.plan(ANSWER, { status: 409, code: 'already_answered' });
    server.plan(chunkPath('seg-1', 0), { status: 409, code: 'segment_closed' });
    server.plan(COMPLETE, { status: 409, code: 'session_completed' });

    await uploader.drain();

    expect(server.requests).toEqual([ANSWER, MANIFEST, chunkPath('seg-1', 0), ANSWER, COMPLETE]);
    expect(await d.outboxIds()).toEqual([]);
    expect(uploader.status).toMatchObject({ online: true, pendingItems: 0, failedItems: 0 });
    expect(vi.getTimerCount()).toBe(0);
    await passTime(10 * 60_000);
    await uploader.drain();
    expect(server.requests).toHaveLength(5);
  });

  it('keeps any other refusal with its reason, goes on with the next write, and does not retry the refused one', async () => {
    const d = device(db);
    await d.answer('q1', 1);
    await d.answer('q2', 2);
    server.plan(ANSWER, { status: 400, code: 'invalid_request' });

    await uploader.drain();
    expect(server.requests).toEqual([ANSWER, ANSWER]);
    expect(await d.outboxIds()).toEqual(['answer:q1']);
    expect((await db.get('outbox', 'answer:q1'))?.failedWith).toEqual({ status: 400, code: 'invalid_request', message: 'refused: invalid_request' });
    expect(uploader.status).toMatchObject({ pendingItems: 1, failedItems: 1 });

    expect(vi.getTimerCount()).toBe(0);
    await passTime(10 * 60_000);
    await uploader.drain();
    expect(server.requests).toHaveLength(2);
  });
});

describe('media leaves the device only after its segment is assembled', () => {
  it('keeps acknowledged chunks until the finish is acknowledged, then deletes that segment’s chunks only', async () => {
    const d = device(db);
    await d.chunk('seg-A', 0, 1);
    await d.chunk('seg-A', 1, 2);
    await d.finishSegment('seg-A', 2, 3);
    await d.chunk('seg-B', 0, 4); // the next take, still recording: no finish yet
    server.plan(finishPath('seg-A'), 'offline');
    server.plan(finishPath('seg-A'), { status: 500, code: 'internal' });

    await uploader.drain();
    expect(server.requests).toEqual([MANIFEST, chunkPath('seg-A', 0), chunkPath('seg-A', 1), finishPath('seg-A')]);
    // The chunk writes are acknowledged and gone from the outbox, their bytes are not.
    expect(await d.outboxIds()).toEqual(['segment:seg-A', 'chunk:seg-B:0']);
    expect(await d.chunkKeys()).toEqual(['seg-A/0', 'seg-A/1', 'seg-B/0']);

    // The server fails to assemble it this time: still kept.
    await passTime(1000);
    expect(server.requests.slice(4)).toEqual([finishPath('seg-A')]);
    expect(await d.chunkKeys()).toEqual(['seg-A/0', 'seg-A/1', 'seg-B/0']);

    await passTime(2000);
    expect(server.requests.slice(5)).toEqual([finishPath('seg-A'), MANIFEST, chunkPath('seg-B', 0)]);
    expect(server.finalized).toEqual(new Set(['seg-A']));
    expect(await d.outboxIds()).toEqual([]);
    expect(await d.chunkKeys()).toEqual(['seg-B/0']);
  });

  it('keeps the chunks while the server answers 202 finishing, and deletes them once a later finish answers finalized', async () => {
    const d = device(db);
    await d.chunk('seg-A', 0, 1);
    await d.finishSegment('seg-A', 1, 2);
    await d.answer('q2', 3);
    server.plan(finishPath('seg-A'), { status: 202, code: 'finishing' });

    await uploader.drain();
    expect(server.requests).toEqual([MANIFEST, chunkPath('seg-A', 0), finishPath('seg-A'), ANSWER]);
    // Neither failed nor offline, and the next write went ahead: the finish is simply asked again.
    expect(uploader.status).toMatchObject({ online: true, pendingItems: 1, failedItems: 0 });
    expect(await d.outboxIds()).toEqual(['segment:seg-A']);
    expect(await d.chunkKeys()).toEqual(['seg-A/0']);

    await passTime(15_000);
    expect(server.requests.slice(4)).toEqual([finishPath('seg-A')]);
    expect(server.finalized).toEqual(new Set(['seg-A']));
    expect(await d.outboxIds()).toEqual([]);
    expect(await d.chunkKeys()).toEqual([]);
  });

  it('sends again the chunks a 409 chunks_missing names, from the bytes kept on the device, then finishes the segment', async () => {
    const d = device(db);
    await d.chunk('seg-A', 0, 1);
    const second = await d.chunk('seg-A', 1, 2);
    await d.finishSegment('seg-A', 2, 3);
    server.plan(finishPath('seg-A'), { status: 409, code: 'chunks_missing', fields: { missing: '1' } });

    await uploader.drain();
    expect(server.requests).toEqual([MANIFEST, chunkPath('seg-A', 0), chunkPath('seg-A', 1), finishPath('seg-A'), chunkPath('seg-A', 1), finishPath('seg-A')]);
    expect(server.held.get('seg-A')?.get(1)).toBe(second);
    expect(server.finalized).toEqual(new Set(['seg-A']));
    expect(await d.outboxIds()).toEqual([]);
    expect(await d.chunkKeys()).toEqual([]);
  });

  it('keeps a finish as failed when the device no longer has a chunk the server asks for, and stops asking', async () => {
    const d = device(db);
    await d.chunk('seg-A', 0, 1);
    await d.finishSegment('seg-A', 2, 2);
    server.plan(finishPath('seg-A'), { status: 409, code: 'chunks_missing', fields: { missing: '1' } });

    await uploader.drain();
    expect(server.requests).toEqual([MANIFEST, chunkPath('seg-A', 0), finishPath('seg-A')]);
    expect((await db.get('outbox', 'segment:seg-A'))?.failedWith?.code).toBe('chunks_missing');
    expect(await d.chunkKeys()).toEqual(['seg-A/0']);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('saved in short pieces, sent in batches', () => {
  const joined = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };

  it('sends nothing of a segment while it is recorded here, then everything left as one chunk once it stops', async () => {
    const d = device(db);
    uploader.recordingStarted('seg-A');
    expect(uploader.status.recording).toBe(true);
    const pieces = [await d.piece('seg-A', 0, 1), await d.piece('seg-A', 1, 2), await d.piece('seg-A', 2, 3)];
    await d.answer('q-other', 4);

    await uploader.drain();
    // The pieces wait for their batch; nothing that depends on them exists yet, so the answer went.
    expect(server.requests).toEqual([ANSWER]);
    expect(await d.outboxIds()).toEqual(['piece:seg-A:0', 'piece:seg-A:1', 'piece:seg-A:2']);
    expect(uploader.status).toMatchObject({ pendingItems: 3, bytesLeft: 15 });

    uploader.recordingStopped('seg-A');
    expect(uploader.status.recording).toBe(false);
    await uploader.drain();
    expect(server.requests.slice(1)).toEqual([MANIFEST, chunkPath('seg-A', 0)]);
    const body = joined(...pieces);
    expect(server.chunkBodies.get('seg-A/0')).toEqual(body);
    expect(server.held.get('seg-A')?.get(0)).toBe(await sha256(body));
    expect(await d.pieceKeys()).toEqual([]);
    expect(await d.chunkKeys()).toEqual(['seg-A/0']);
    expect(await d.outboxIds()).toEqual([]);
  });

  it('joins pieces into a chunk only once they reach the batch size, earliest first, and numbers chunks in order', async () => {
    const d = device(db);
    const size = UPLOAD_CHUNK_BYTES / 2 + 1;
    const first = await d.piece('seg-A', 0, 1, size);
    expect(await sealPieces(db, 'seg-A', UPLOAD_CHUNK_BYTES)).toBe(0);
    expect(await d.chunkKeys()).toEqual([]);
    const second = await d.piece('seg-A', 1, 2, size);
    const third = await d.piece('seg-A', 2, 3, size);
    expect(await sealPieces(db, 'seg-A', UPLOAD_CHUNK_BYTES)).toBe(2);
    expect(await d.pieceKeys()).toEqual(['seg-A/2']);
    expect(await d.outboxIds()).toEqual(['chunk:seg-A:0', 'piece:seg-A:2']);
    expect((await db.get('outbox', 'chunk:seg-A:0'))?.bytes).toBe(2 * size);

    await uploader.drain(); // nobody records seg-A here: the last piece goes too, as chunk 1
    expect(server.requests).toEqual([MANIFEST, chunkPath('seg-A', 0), chunkPath('seg-A', 1)]);
    expect(server.chunkBodies.get('seg-A/0')).toEqual(joined(first, second));
    expect(server.chunkBodies.get('seg-A/1')).toEqual(third);
    for (const [key, bytes] of server.chunkBodies) if (key !== 'seg-A/1') expect(bytes.length).toBeGreaterThanOrEqual(UPLOAD_CHUNK_BYTES);
  });

  it('two sealers racing for the same pieces make one chunk: each byte is kept exactly once', async () => {
    const d = device(db);
    await d.piece('seg-A', 0, 1);
    await d.piece('seg-A', 1, 2);
    const joinedBy = await Promise.all([sealPieces(db, 'seg-A'), sealPieces(db, 'seg-A'), sealPieces(db, 'seg-A')]);
    expect(joinedBy.sort()).toEqual([0, 0, 2]);
    expect(await d.chunkKeys()).toEqual(['seg-A/0']);
    expect(await d.pieceKeys()).toEqual([]);
    expect(await d.outboxIds()).toEqual(['chunk:seg-A:0']);
  });

  it('after a crash sends the pieces a dead tab left, once: a lost answer is compared, not sent again', async () => {
    const d = device(db);
    const pieces = [await d.piece('seg-A', 0, 1), await d.piece('seg-A', 1, 2)];
    await d.finishSegment('seg-A', 1, 3);
    server.plan(chunkPath('seg-A', 0), 'lost-response');

    await uploader.drain();
    expect(server.requests).toEqual([MANIFEST, chunkPath('seg-A', 0)]);
    expect(await d.pieceKeys()).toEqual([]);

    await passTime(RECONNECT_PROBE_MS);
    // The server holds chunk 0 with the same SHA-256: its bytes do not move again.
    expect(server.requests.slice(2)).toEqual([MANIFEST, finishPath('seg-A')]);
    expect(server.chunkBodies.get('seg-A/0')).toEqual(joined(...pieces));
    expect(server.finalized).toEqual(new Set(['seg-A']));
    expect(await d.outboxIds()).toEqual([]);
    expect(await d.chunkKeys()).toEqual([]);
  });
});
