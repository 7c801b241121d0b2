import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { acknowledge, DB_VERSION, enqueue, openStore, pending } from '../../app/src/lib/store';

let n = 0;
const freshName = () => `holdfast-test-${++n}-${Math.random()}`;

describe('the device store', () => {
  it('creates every store at the current version', async () => {
    const db = await openStore(freshName());
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['answers', 'outbox', 'recordingChunks', 'recordingPieces', 'sessions']);
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
});
