import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { localSegmentBlob } from '../../app/src/lib/recording-pieces';
import { acknowledge, DB_VERSION, enqueue, openStore, pending } from '../../app/src/lib/store';

let n = 0;
const freshName = () => `holdfast-test-${++n}-${Math.random()}`;

describe('the device store', () => {
  it('creates every store at the current version', async () => {
    const db = await openStore(freshName());
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['answers', 'codeDocs', 'codeEvents', 'outbox', 'recordingChunks', 'recordingPieces', 'sessions']);
    db.close();
  });

  it('keeps outbox writes in the order they were made and ignores a repeated id', async () => {
    const db = await openStore(freshName());
    await enqueue(db, { id: 'w-2', sessionId: 's1', kind: 'answer', createdAt: 2, body: { v: 'second' }, bytes: 0 });
    await enqueue(db, { id: 'w-1', sessionId: 's1', kind: 'answer', createdAt: 1, body: { v: 'first' }, bytes: 0 });
    await enqueue(db, { id: 'w-3', sessionId: 's2', kind: 'finishLater', createdAt: 3, body: {}, bytes: 0 });
    await enqueue(db, { id: 'w-1', sessionId: 's1', kind: 'answer', createdAt: 9, body: { v: 'changed' }, bytes: 0 });
    const all = await pending(db);
    expect(all.map((i) => i.id)).toEqual(['w-1', 'w-2', 'w-3']);
    expect(all[0]?.body).toEqual({ v: 'first' });
    expect((await pending(db, 's1')).map((i) => i.id)).toEqual(['w-1', 'w-2']);
    db.close();
  });

  it('removes an item only when it is acknowledged', async () => {
    const db = await openStore(freshName());
    await enqueue(db, { id: 'a', sessionId: 's', kind: 'answer', createdAt: 1, body: {}, bytes: 10 });
    await enqueue(db, { id: 'b', sessionId: 's', kind: 'answer', createdAt: 2, body: {}, bytes: 20 });
    await acknowledge(db, 'a');
    expect((await pending(db)).map((i) => i.id)).toEqual(['b']);
    db.close();
  });

  it('stores recording chunks as ArrayBuffers keyed by segment and sequence', async () => {
    const db = await openStore(freshName());
    const data = new Uint8Array([1, 2, 3]).buffer;
    await db.put('recordingChunks', { segmentId: 'seg', seq: 0, sessionId: 's', answerId: 'q', mimeType: 'video/webm', data, sha256: 'x', recordedAt: 1 });
    const back = await db.get('recordingChunks', ['seg', 0]);
    expect(new Uint8Array(back!.data)).toEqual(new Uint8Array([1, 2, 3]));
    expect(await db.countFromIndex('recordingChunks', 'bySegment', 'seg')).toBe(1);
    db.close();
  });

  it('upgrades a version 1 device in place: what it queued and recorded stays, pieces get their own store', async () => {
    const name = freshName();
    // Version 1 exactly as it shipped: the same stores, a chunk of one second still to upload.
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
        outbox.createIndex('bySession', 'sessionId');
        outbox.createIndex('byCreatedAt', 'createdAt');
        const chunks = db.createObjectStore('recordingChunks', { keyPath: ['segmentId', 'seq'] });
        chunks.createIndex('bySession', 'sessionId');
        chunks.createIndex('bySegment', 'segmentId');
        db.createObjectStore('sessions', { keyPath: 'sessionId' }).createIndex('byLink', 'linkToken');
        db.createObjectStore('answers', { keyPath: ['sessionId', 'questionId'] }).createIndex('bySession', 'sessionId');
      },
    });
    await v1.put('recordingChunks', {
      segmentId: 'seg',
      seq: 0,
      sessionId: 's',
      answerId: 'q',
      mimeType: 'video/webm',
      data: new Uint8Array([7]).buffer,
      sha256: 'x',
      recordedAt: 1,
    });
    await v1.put('outbox', {
      id: 'chunk:seg:0',
      sessionId: 's',
      kind: 'recordingChunk',
      createdAt: 1,
      attempts: 0,
      nextAttemptAt: 0,
      body: { segmentId: 'seg', seq: 0 },
      bytes: 1,
    });
    v1.close();

    const db = await openStore(name);
    expect(db.version).toBe(DB_VERSION);
    expect((await pending(db)).map((i) => i.id)).toEqual(['chunk:seg:0']);
    expect(await db.count('recordingPieces')).toBe(0);
    expect(await db.count('codeEvents')).toBe(0);
    // A take recorded before the upgrade still plays and still says how long it is.
    expect(await localSegmentBlob(db, 'seg')).toMatchObject({ recordedMs: 1000 });
    db.close();
  });

  it('upgrades a version 2 device in place: its outbox and answers stay, code logs get their own stores', async () => {
    const name = freshName();
    // Version 2's stores (indexes aside), with a write still queued.
    const downgraded = await openDB(name, 2, {
      upgrade(db) {
        db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byCreatedAt', 'createdAt');
        db.createObjectStore('sessions', { keyPath: 'sessionId' }).createIndex('byLink', 'linkToken');
        db.createObjectStore('answers', { keyPath: ['sessionId', 'questionId'] }).createIndex('bySession', 'sessionId');
        db.createObjectStore('recordingChunks', { keyPath: ['segmentId', 'seq'] });
        db.createObjectStore('recordingPieces', { keyPath: ['segmentId', 'seq'] });
      },
    });
    await downgraded.put('outbox', { id: 'answer:v2', sessionId: 's', kind: 'answer', createdAt: 1, attempts: 0, nextAttemptAt: 0, body: {}, bytes: 0 });
    downgraded.close();
    const db = await openStore(name);
    expect(db.version).toBe(DB_VERSION);
    expect((await db.getAll('outbox')).map((i) => i.id)).toEqual(['answer:v2']);
    expect([...db.objectStoreNames]).toContain('codeEvents');
    expect([...db.objectStoreNames]).toContain('codeDocs');
    db.close();
  });
});
