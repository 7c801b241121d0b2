import 'fake-indexeddb/auto';
import { ChangeSet } from '@codemirror/state';
import type { IDBPDatabase } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openCodeDoc, recordCodeEvent } from '../../app/src/lib/code-log';
import { enqueue, type HoldfastDB, nextOrder, openStore, pending } from '../../app/src/lib/store';
import { Uploader } from '../../app/src/lib/uploader';
import { applyChangeJson, type CodeEvent, MAX_EVENTS_PER_BATCH } from '../../worker/schemas/code';

/**
 * A code question's log through the one outbox, against a fake events route that keeps what the
 * session's object would (the events held and the document they make), with the device's real
 * IndexedDB store (fake-indexeddb).
 */
const SESSION = 'session-code';
const Q = 'q-py';
const EVENTS = `/api/candidate/code/${Q}/events`;

type Plan = 'offline' | 'lost-response' | { status: number; code: string; fields?: Record<string, string> };

class FakeEventsRoute {
  readonly requests: { path: string; fromSeq?: number; count?: number }[] = [];
  held: CodeEvent[] = [];
  doc = '';
  readonly answers: unknown[] = [];
  private readonly plans: Plan[] = [];
  /** Runs while a request is in flight (the candidate typing meanwhile). */
  during: (() => Promise<void>) | null = null;

  plan(outcome: Plan): void {
    this.plans.push(outcome);
  }

  fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const path = String(input);
    const body = JSON.parse(String(init.body ?? '{}')) as { fromSeq: number; events: CodeEvent[]; code: string };
    this.requests.push(path === EVENTS ? { path, fromSeq: body.fromSeq, count: body.events.length } : { path });
    if (this.during) {
      const during = this.during;
      this.during = null;
      await during();
    }
    const outcome = this.plans.shift();
    if (outcome === 'offline') throw new TypeError('fetch failed');
    if (outcome && outcome !== 'lost-response') return Response.json({ error: { code: outcome.code, message: outcome.code, fields: outcome.fields } }, { status: outcome.status });
    let response: Response;
    if (path === EVENTS) {
      if (body.fromSeq > this.held.length) {
        response = Response.json({ error: { code: 'code_events_gap', message: 'gap', fields: { expected: String(this.held.length) } } }, { status: 409 });
      } else {
        let doc: string | null = this.doc;
        const fresh = body.events.slice(this.held.length - body.fromSeq);
        for (const e of fresh) if (e.k === 'change' && doc !== null) doc = applyChangeJson(doc, e.changes);
        if (doc !== body.code) return Response.json({ error: { code: 'invalid_code_events', message: 'mismatch' } }, { status: 400 });
        this.held.push(...fresh);
        this.doc = doc;
        response = Response.json({ receipt: { heldThrough: this.held.length } });
      }
    } else {
      this.answers.push(body);
      response = Response.json({ receipt: {} });
    }
    if (outcome === 'lost-response') throw new TypeError('fetch failed');
    return response;
  };
}

let server: FakeEventsRoute;
let db: IDBPDatabase<HoldfastDB>;
let uploader: Uploader;
let n = 0;

beforeEach(async () => {
  server = new FakeEventsRoute();
  vi.stubGlobal('fetch', server.fetch);
  db = await openStore(`holdfast-code-log-${++n}-${Math.random()}`);
  uploader = new Uploader(db, async () => 'device-token');
});

afterEach(() => {
  vi.unstubAllGlobals();
  db.close();
});

/** Types `text` at the end of the document, one character per event, as the editor reports it. */
async function type(text: string): Promise<string> {
  let doc = (await db.get('codeDocs', [SESSION, Q]))?.doc ?? '';
  for (const ch of text) {
    const changes = ChangeSet.of({ from: doc.length, insert: ch }, doc.length).toJSON() as Extract<CodeEvent, { k: 'change' }>['changes'];
    doc += ch;
    await recordCodeEvent(db, SESSION, Q, { k: 'change', t: Date.now(), changes }, doc);
  }
  return doc;
}

/** Drains until the outbox is empty or stuck (the uploader's own timers are not running). */
async function drainAll(times = 5): Promise<void> {
  for (let i = 0; i < times && (await pending(db)).some((item) => !item.failedWith); i++) await uploader.drain();
}

describe('code events through the outbox', () => {
  it('sends a question’s pending events in batches of at most MAX_EVENTS_PER_BATCH, in order, then removes its one outbox item', async () => {
    await openCodeDoc(db, SESSION, Q, '', undefined);
    const doc = await type('x'.repeat(MAX_EVENTS_PER_BATCH * 2 + 37));
    expect((await pending(db)).map((item) => item.kind)).toEqual(['codeEvents']);
    await drainAll();
    expect(server.requests).toEqual([
      { path: EVENTS, fromSeq: 0, count: MAX_EVENTS_PER_BATCH },
      { path: EVENTS, fromSeq: MAX_EVENTS_PER_BATCH, count: MAX_EVENTS_PER_BATCH },
      { path: EVENTS, fromSeq: MAX_EVENTS_PER_BATCH * 2, count: 37 },
    ]);
    expect(server.doc).toBe(doc);
    expect(await pending(db)).toEqual([]);
    // The log stays on the device after it is acknowledged.
    expect(await db.count('codeEvents')).toBe(MAX_EVENTS_PER_BATCH * 2 + 37);
  });

  it('a lost receipt is harmless: the batch is sent again and the server keeps each event once', async () => {
    await openCodeDoc(db, SESSION, Q, 'print(', undefined);
    server.doc = 'print(';
    await type('1)');
    server.plan('lost-response');
    await drainAll();
    expect(server.requests.map((r) => r.fromSeq)).toEqual([0, 0]);
    expect(server.held).toHaveLength(2);
    expect(server.doc).toBe('print(1)');
    expect(await pending(db)).toEqual([]);
  });

  it('after a 409 gap sends again from the sequence the server expects', async () => {
    await openCodeDoc(db, SESSION, Q, '', undefined);
    await type('abc');
    await drainAll();
    // The server holds less than this device was told (as after a server restored from an older
    // state): the next batch starts past its end and is answered with the sequence it expects.
    server.held.length = 1;
    server.doc = 'a';
    const doc = await type('de');
    server.requests.length = 0;
    await drainAll();
    expect(server.requests.map((r) => [r.fromSeq, r.count])).toEqual([
      [3, 2],
      [1, 4],
    ]);
    expect(server.doc).toBe(doc);
    expect(await pending(db)).toEqual([]);
  });

  it('keeps the item while events recorded during an upload are still unsent, and answers wait behind the log', async () => {
    await openCodeDoc(db, SESSION, Q, '', undefined);
    await type('ab');
    server.during = async () => {
      await type('c');
    };
    await enqueue(db, { id: 'answer:1', sessionId: SESSION, kind: 'answer', createdAt: nextOrder(), body: { clientId: 'a1', questionId: Q, value: { code: 'abc' } }, bytes: 0 });
    await drainAll();
    expect(server.requests.map((r) => r.path)).toEqual([EVENTS, EVENTS, '/api/candidate/answers']);
    expect(server.doc).toBe('abc');
    expect(await pending(db)).toEqual([]);
  });

  it('after the deadline the refused events stay on the device, counted, and are not sent again', async () => {
    await openCodeDoc(db, SESSION, Q, '', undefined);
    await type('late');
    server.plan({ status: 409, code: 'deadline_passed', fields: { deadlineAt: '1' } });
    await drainAll();
    expect(server.requests).toHaveLength(1);
    expect(await pending(db)).toEqual([]);
    expect(await db.count('codeEvents')).toBe(4);
    expect((await db.get('codeDocs', [SESSION, Q]))?.lateEvents).toBe(4);
  });

  it('a new device resumes from the server’s draft and numbers its events after it', async () => {
    const record = await openCodeDoc(db, SESSION, Q, 'starter', { code: 'from another device', heldThrough: 7 });
    expect(record).toMatchObject({ doc: 'from another device', nextSeq: 7, ackedSeq: 7 });
    server.doc = 'from another device';
    server.held = Array.from({ length: 7 }, () => ({ k: 'focus', t: 0 }) as CodeEvent);
    await type('!');
    await drainAll();
    expect(server.requests).toEqual([{ path: EVENTS, fromSeq: 7, count: 1 }]);
    // Reopened on this device later, its own document is kept (it is as recent as the server's).
    expect((await openCodeDoc(db, SESSION, Q, 'starter', { code: 'from another device!', heldThrough: 8 })).doc).toBe('from another device!');
  });
});

describe('large pastes', () => {
  it('splits a run of large pastes into requests within the body limit, in order', async () => {
    await openCodeDoc(db, SESSION, Q, '', undefined);
    let doc = '';
    for (let i = 0; i < 12; i++) {
      const text = `${String(i).padStart(2, '0')}${'x'.repeat(60_000)}\n`;
      const changes = ChangeSet.of({ from: doc.length, insert: text }, doc.length).toJSON() as Extract<CodeEvent, { k: 'change' }>['changes'];
      doc += text;
      await recordCodeEvent(db, SESSION, Q, { k: 'paste', t: 1, size: text.length });
      await recordCodeEvent(db, SESSION, Q, { k: 'change', t: 1, changes }, doc);
    }
    await drainAll(10);
    expect(server.requests.length).toBeGreaterThan(1);
    expect(server.requests.map((r) => r.fromSeq)).toEqual(server.requests.map((_, i) => server.requests.slice(0, i).reduce((n, r) => n + (r.count ?? 0), 0)));
    expect(server.doc).toBe(doc);
  });
});
