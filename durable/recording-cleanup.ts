/**
 * The recordings' share of the object's alarm. Each run:
 * 1. aborts every multipart upload this object recorded and did not finish (an assembly that
 *    died with the object: R2 would keep its parts for 7 days);
 * 2. finishes again every segment left half finished;
 * 3. finishes every segment abandoned for long, with the playable part that arrived (the chunks
 *    0..k-1 in a row): a half-recorded answer is kept, never thrown away;
 * 4. sweeps the chunk objects no longer needed: those of finished segments whose delete failed,
 *    and those written by a request that died before the manifest recorded them.
 * It then books its next run while anything is left open.
 */
import { r2Keys } from '../worker/keys';
import type { SessionIdentity } from './InterviewSession';
import { ABANDONED_AFTER_MS, CLEANUP_RETRY_MS, type RecordingStore } from './recording';
import * as db from './recording-db';

export async function cleanUpRecordings(store: RecordingStore, now = Date.now()): Promise<void> {
  const identity = store.deps.identity();
  if (!identity) return;
  let failed = false;
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (err) {
      failed = true;
      console.error(JSON.stringify({ level: 'error', sessionId: identity.sessionId, message: `recording cleanup: ${what}: ${String(err)}` }));
    }
  };

  for (const upload of db.uploadLedger.list(store.sql)) {
    await attempt(`abort upload ${upload.uploadId}`, () => store.locks.run(upload.segmentId, () => abortUpload(store, upload)));
  }
  for (const segment of db.listSegments(store.sql, { state: 'finishing' })) {
    await attempt(`finish segment ${segment.segmentId}`, () =>
      store.locks.run(segment.segmentId, async () => {
        if (db.findSegment(store.sql, segment.segmentId)?.state !== 'finishing') return;
        const result = await store.assemble(identity, segment.segmentId);
        if (result.kind === 'deferred') throw new Error(result.message);
      }),
    );
  }
  for (const segment of db.listSegments(store.sql, { state: 'open' })) {
    if (segment.lastActivityAt + ABANDONED_AFTER_MS > now) continue;
    await attempt(`salvage segment ${segment.segmentId}`, () => store.locks.run(segment.segmentId, () => salvage(store, identity, segment.segmentId, now)));
  }
  await attempt('sweep chunk objects', () => sweepChunkObjects(store, identity));

  const open = db.listSegments(store.sql, { state: 'open' });
  const nextAbandonment = Math.min(...open.map((s) => s.lastActivityAt + ABANDONED_AFTER_MS));
  if (failed) await store.deps.scheduleCleanup(Date.now() + CLEANUP_RETRY_MS);
  else if (open.length > 0) await store.deps.scheduleCleanup(Math.max(nextAbandonment, Date.now() + CLEANUP_RETRY_MS));
}

async function abortUpload(store: RecordingStore, upload: db.UploadRow): Promise<void> {
  // The lock is held, so no assembly of this segment is running: the upload is stale.
  if (!db.uploadLedger.list(store.sql).some((u) => u.uploadId === upload.uploadId)) return;
  try {
    await store.deps.bucket.resumeMultipartUpload(upload.objectKey, upload.uploadId).abort();
  } catch (err) {
    // R2 already dropped it (completed, aborted, or expired after 7 days): nothing left to abort.
    if (!/does not exist|NoSuchUpload/i.test(String(err))) throw err;
  }
  db.uploadLedger.ended(store.sql, upload.uploadId);
}

async function salvage(store: RecordingStore, identity: SessionIdentity, segmentId: string, now: number): Promise<void> {
  const segment = db.findSegment(store.sql, segmentId);
  if (segment?.state !== 'open' || segment.lastActivityAt + ABANDONED_AFTER_MS > now) return;
  const held = db.listChunks(store.sql, segmentId);
  let playable = 0;
  while (held[playable]?.seq === playable) playable++;
  if (playable === 0) {
    // Without chunk 0 there is no header, and nothing after it can be played.
    db.markDiscarded(store.sql, segmentId, now);
    await store.deleteChunkObjects(held.map((c) => r2Keys.recordingChunk(identity.orgId, identity.sessionId, segmentId, c.seq)));
    return;
  }
  db.markFinishing(store.sql, segmentId, { chunkCount: playable, claimedDurationMs: null, limitMs: segment.limitMs, flags: ['salvaged'], now });
  const result = await store.assemble(identity, segmentId);
  if (result.kind === 'deferred') throw new Error(result.message);
}

async function sweepChunkObjects(store: RecordingStore, identity: SessionIdentity): Promise<void> {
  const prefix = r2Keys.recordingChunksPrefix(identity.orgId, identity.sessionId);
  const bySegment = new Map<string, { key: string; seq: number }[]>();
  let cursor: string | undefined;
  do {
    const page = await store.deps.bucket.list({ prefix, cursor });
    for (const object of page.objects) {
      const [segmentId, seqText] = object.key.slice(prefix.length).split('/');
      const seq = Number(seqText);
      if (!segmentId || !Number.isInteger(seq)) continue;
      bySegment.set(segmentId, [...(bySegment.get(segmentId) ?? []), { key: object.key, seq }]);
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);

  for (const [segmentId, objects] of bySegment) {
    await store.locks.run(segmentId, async () => {
      // Decided under the lock: no chunk of this segment is being written or assembled now.
      const segment = db.findSegment(store.sql, segmentId);
      const stillNeeded = (seq: number) =>
        (segment?.state === 'open' || segment?.state === 'finishing') && db.findChunk(store.sql, segmentId, seq) !== null;
      const orphans = objects.filter((o) => !stillNeeded(o.seq)).map((o) => o.key);
      await store.deleteChunkObjects(orphans);
    });
  }
}
