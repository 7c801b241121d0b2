import type { IDBPDatabase } from 'idb';
import { MAX_CHUNK_BYTES } from '../../../worker/schemas/limits';
import type { HoldfastDB, RecordingChunk, RecordingPiece } from './store';

/**
 * Saving and sending are sized separately. The recorder saves a piece about every 250 ms, so a
 * dead device loses little; uploading each piece on its own would spend a request's headers on
 * every 15 KB. So pieces are joined, in order, into upload chunks of at least this size (or
 * everything a segment has left, when it ends or nobody is recording it any more).
 */
export const UPLOAD_CHUNK_BYTES = 256 * 1024;

async function sha256Hex(data: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Every key of one segment in a store keyed [segmentId, seq], in seq order. */
function segmentRange(segmentId: string): IDBKeyRange {
  return IDBKeyRange.bound([segmentId, 0], [segmentId, Number.POSITIVE_INFINITY]);
}

export const pieceOutboxId = (segmentId: string, seq: number) => `piece:${segmentId}:${seq}`;
export const chunkOutboxId = (segmentId: string, seq: number) => `chunk:${segmentId}:${seq}`;

/**
 * Joins the segment's earliest saved pieces into one upload chunk, when they add up to at least
 * `minBytes` (0: whatever is there). Returns how many pieces it joined.
 *
 * The chunk, its outbox item and the removal of the pieces (and theirs) are one transaction: a
 * tab that dies at any moment leaves either the pieces or the chunk, never both and never
 * neither, so every byte is sent exactly once under one (seq, sha256). The hash needs an await
 * that would end an IndexedDB transaction, so it is computed first and the transaction checks
 * that nobody (another tab, the uploader) joined the same pieces meanwhile; if someone did,
 * it reads again.
 */
export async function sealPieces(db: IDBPDatabase<HoldfastDB>, segmentId: string, minBytes = 0): Promise<number> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const pieces: RecordingPiece[] = [];
    let bytes = 0;
    const read = db.transaction(['recordingPieces', 'recordingChunks'], 'readonly');
    for (let cursor = await read.objectStore('recordingPieces').openCursor(segmentRange(segmentId)); cursor; cursor = await cursor.continue()) {
      // A chunk never grows past what the server takes in one request.
      if (pieces.length > 0 && bytes + cursor.value.data.byteLength > MAX_CHUNK_BYTES) break;
      pieces.push(cursor.value);
      bytes += cursor.value.data.byteLength;
      if (minBytes > 0 && bytes >= minBytes) break;
    }
    const lastChunk = await read.objectStore('recordingChunks').openCursor(segmentRange(segmentId), 'prev');
    const seq = lastChunk ? lastChunk.value.seq + 1 : 0;
    await read.done;
    const first = pieces[0];
    const last = pieces.at(-1);
    if (!first || !last || bytes < minBytes) return 0;

    const data = new Uint8Array(bytes);
    let offset = 0;
    for (const piece of pieces) {
      data.set(new Uint8Array(piece.data), offset);
      offset += piece.data.byteLength;
    }
    const chunk: RecordingChunk = {
      segmentId,
      seq,
      sessionId: first.sessionId,
      answerId: first.answerId,
      mimeType: first.mimeType,
      data: data.buffer,
      sha256: await sha256Hex(data.buffer),
      recordedAt: last.recordedAt,
      startedAt: first.startedAt,
    };

    const tx = db.transaction(['recordingPieces', 'recordingChunks', 'outbox'], 'readwrite', { durability: 'strict' });
    const piecesStore = tx.objectStore('recordingPieces');
    const stillThere = await Promise.all(pieces.map((p) => piecesStore.getKey([segmentId, p.seq])));
    const seqTaken = (await tx.objectStore('recordingChunks').getKey([segmentId, seq])) !== undefined;
    if (seqTaken || stillThere.some((key) => key === undefined)) {
      tx.abort();
      await tx.done.catch(() => undefined);
      continue;
    }
    for (const piece of pieces) {
      await piecesStore.delete([segmentId, piece.seq]);
      await tx.objectStore('outbox').delete(pieceOutboxId(segmentId, piece.seq));
    }
    await tx.objectStore('recordingChunks').put(chunk);
    await tx.objectStore('outbox').put({
      id: chunkOutboxId(segmentId, seq),
      sessionId: first.sessionId,
      kind: 'recordingChunk',
      // Where its first piece stood: the chunk goes before anything made after that piece.
      createdAt: first.order,
      attempts: 0,
      nextAttemptAt: 0,
      body: { segmentId, seq },
      bytes,
    });
    await tx.done;
    return pieces.length;
  }
  return 0;
}

/** Joins every piece the segment still has; returns the segment's chunk count afterwards. */
export async function sealSegment(db: IDBPDatabase<HoldfastDB>, segmentId: string): Promise<number> {
  while ((await sealPieces(db, segmentId)) > 0);
  const last = await db.transaction('recordingChunks').store.openCursor(segmentRange(segmentId), 'prev');
  return last ? last.value.seq + 1 : 0;
}

/**
 * The part of a segment still on this device, as one playable blob, read in one transaction so a
 * seal running meanwhile can neither hide nor double a piece: chunks hold the segment's first
 * bytes, the pieces not yet joined the rest. `recordedMs` is how long it recorded, as the device
 * saw it.
 */
export async function localSegmentBlob(db: IDBPDatabase<HoldfastDB>, segmentId: string): Promise<{ blob: Blob; recordedMs: number } | null> {
  const tx = db.transaction(['recordingChunks', 'recordingPieces'], 'readonly');
  const chunks = await tx.objectStore('recordingChunks').getAll(segmentRange(segmentId));
  const pieces = await tx.objectStore('recordingPieces').getAll(segmentRange(segmentId));
  await tx.done;
  const parts: (RecordingChunk | RecordingPiece)[] = [...chunks, ...pieces];
  const first = parts[0];
  const last = parts.at(-1);
  if (!first || !last) return null;
  const startedAt = first.startedAt;
  // Chunks from before version 2 were one second each and did not keep when their segment started.
  const recordedMs = startedAt === undefined ? chunks.length * 1000 : Math.max(0, last.recordedAt - startedAt);
  return {
    blob: new Blob(
      parts.map((p) => p.data),
      { type: first.mimeType },
    ),
    recordedMs,
  };
}
