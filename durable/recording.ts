/**
 * The session's recordings: taking chunks in, answering what is held, and finishing segments
 * into one playable object each. Bytes go to R2 first and are recorded in the manifest second,
 * so whatever the manifest says it holds is really in R2; a chunk is acknowledged only then.
 */
import { z } from 'zod';
import { r2Keys } from '../worker/keys';
import {
  type ChunkReceipt,
  type ChunkRejectionCode,
  chunkFieldsSchema,
  type FinishedRecording,
  type FinishRejectionCode,
  type FinishSegmentRequest,
  type FinishSegmentResult,
  finishSegmentRequestSchema,
  MAX_CHUNK_BYTES,
  type RecordChunkResult,
  type RecordingFlag,
  type RecordingManifest,
  sessionRecordingByteCap,
  wellFormedChunkFields,
} from '../worker/schemas/recording';
import { type AssembledObject, assembleSegment, sha256Hex } from './assembly';
import { KeyedLock } from './keyed-lock';
import { abortUpload, chunkObjectsBySegment, playableChunkCount } from './recording-cleanup';
import * as db from './recording-db';
import type { SessionIdentity, SessionStore } from './store';

/** An open segment with no new chunk for this long is finished by the server (see cleanup). */
export const ABANDONED_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
const CLEANUP_RETRY_MS = 60_000;
/**
 * A segment's last activity is rewritten at most this often: it only decides abandonment a week
 * later, and a write per chunk was a measurable part of a chunk's intake (`npm run bench`).
 */
const ACTIVITY_RESOLUTION_MS = 60_000;
/** Device clocks and MediaRecorder timestamps differ a little; beyond this the claim is flagged. */
const CLAIM_TOLERANCE_MS = 1_500;
const LIMIT_TOLERANCE_MS = 2_000;

export interface RecordChunkInput extends z.input<typeof chunkFieldsSchema> {
  bytes: ArrayBuffer;
}

export interface RecordingObject {
  key: string;
  mimeType: string;
  size: number;
  durationMs: number;
}

const refuseChunk = (code: ChunkRejectionCode, message: string): RecordChunkResult => ({ kind: 'rejected', code, message });
const refuseFinish = (code: FinishRejectionCode, message: string): FinishSegmentResult => ({ kind: 'rejected', code, message });
const sameMimeType = (a: string, b: string) => a.replace(/[\s"]/g, '').toLowerCase() === b.replace(/[\s"]/g, '').toLowerCase();

export class RecordingStore {
  /** Every change to one segment runs alone: chunk intake, finishing, cleanup. */
  private readonly locks = new KeyedLock();
  private readonly sql: SqlStorage;

  constructor(
    private readonly store: SessionStore,
    private readonly bucket: R2Bucket,
  ) {
    this.sql = store.sql;
  }

  /**
   * Every byte of every chunk held (chunk rows are never deleted, only erased with the whole
   * store): summed once, then kept up to date, instead of a sum over all the session's chunks
   * for each new one.
   */
  private heldBytes: { generation: number; bytes: number } | null = null;

  private heldChunkBytes(): number {
    if (this.heldBytes?.generation !== this.store.generation) this.heldBytes = { generation: this.store.generation, bytes: db.heldChunkBytes(this.sql) };
    return this.heldBytes.bytes;
  }

  /** Books the cleanup alarm for `at`, or keeps an earlier booking. */
  private scheduleCleanup(at: number): Promise<void> {
    return this.store.alarms.schedule('recordingCleanup', at);
  }

  async recordChunk(input: RecordChunkInput): Promise<RecordChunkResult> {
    const identity = this.store.identity();
    if (!identity) return refuseChunk('session_not_found', 'This session does not exist.');
    const fields = { answerId: input.answerId, segmentId: input.segmentId, seq: input.seq, mimeType: input.mimeType, sha256: input.sha256 };
    // Checked by hand on every chunk; the schema words a refusal.
    if (!wellFormedChunkFields(fields)) {
      const parsed = chunkFieldsSchema.safeParse(fields);
      return refuseChunk('invalid_chunk', parsed.success ? 'The chunk is malformed.' : z.prettifyError(parsed.error));
    }
    if (!(input.bytes instanceof ArrayBuffer)) return refuseChunk('invalid_chunk', 'The chunk has no bytes.');
    const size = input.bytes.byteLength;
    if (size === 0) return refuseChunk('invalid_chunk', 'A chunk must not be empty.');
    if (size > MAX_CHUNK_BYTES) {
      return refuseChunk('chunk_too_large', `A chunk may carry at most ${MAX_CHUNK_BYTES} bytes; split larger ones.`);
    }
    const chunk = { ...fields, sha256: fields.sha256.toLowerCase() };
    // Only a video or audio question of this session's own copy takes a recording: any other id
    // (a text question's, or any string) would let a device store bytes nobody can review.
    const question = this.store.question(chunk.answerId);
    if (question?.type !== 'video' && question?.type !== 'audio') {
      return refuseChunk('not_a_recorded_question', `${chunk.answerId} is not a video or audio question of this interview; only those take recordings.`);
    }
    // A chunk damaged on the way is never stored, and a held chunk never replaced by a damaged one.
    // Hashed here, in one native call on bytes already in memory (about 30 µs for 50 KB), rather
    // than by R2's `sha256` put option: locally that streams the body through a digest and was
    // about a tenth of a chunk's intake (`npm run bench`).
    if ((await sha256Hex(input.bytes)) !== chunk.sha256) {
      return refuseChunk('hash_mismatch', 'The bytes received do not match their SHA-256: the chunk was damaged on the way. Send it again.');
    }
    return this.locks.run(chunk.segmentId, () => this.storeChunk(identity, chunk, input.bytes));
  }

  private async storeChunk(identity: SessionIdentity, chunk: z.output<typeof chunkFieldsSchema>, bytes: ArrayBuffer): Promise<RecordChunkResult> {
    const { answerId, segmentId, seq } = chunk;
    const { segment, chunk: held } = db.findSegmentChunk(this.sql, segmentId, seq);
    if (segment && segment.answerId !== answerId) {
      return refuseChunk('segment_answer_mismatch', `Segment ${segmentId} belongs to another answer.`);
    }
    if (segment && held) {
      // A retry whose acknowledgement was lost: the same answer, and nothing changes.
      if (held.sha256 === chunk.sha256) return { kind: 'duplicate', receipt: receiptOf(segment, held) };
      return refuseChunk('chunk_conflict', `Chunk ${seq} of segment ${segmentId} is already held with different bytes; it was kept.`);
    }
    if (this.store.completedAt() !== null) return refuseChunk('session_completed', 'This interview is already completed.');
    if (segment && !sameMimeType(segment.mimeType, chunk.mimeType)) {
      return refuseChunk('mime_type_mismatch', `Segment ${segmentId} is ${segment.mimeType}, not ${chunk.mimeType}.`);
    }
    if (segment && segment.state !== 'open') {
      return refuseChunk('segment_closed', `Segment ${segmentId} is already finished; a continued recording is a new segment.`);
    }
    // Checked under the segment's lock only: chunks of other segments arriving at the same moment
    // can pass it together, so the cap may be overrun by a chunk per concurrent segment at most.
    const cap = sessionRecordingByteCap(this.store.questions() ?? []);
    if (this.heldChunkBytes() + bytes.byteLength > cap) {
      return refuseChunk('session_recording_full', `This session has stored its ${cap} bytes of recordings, the most its questions allow.`);
    }

    const receivedAt = Date.now();
    // Booked before the bytes go out, so an object whose request dies before it is recorded
    // below is still found and removed by a later sweep.
    await this.scheduleCleanup(receivedAt + ABANDONED_AFTER_MS);
    await this.bucket.put(r2Keys.recordingChunk(identity.orgId, identity.sessionId, segmentId, seq), bytes);
    const row: db.ChunkRow = { seq, size: bytes.byteLength, sha256: chunk.sha256, receivedAt };
    const generation = this.store.generation;
    if (!segment) {
      this.store.transaction(() => {
        db.insertSegment(this.sql, { segmentId, answerId, mimeType: chunk.mimeType, now: receivedAt });
        db.insertChunk(this.sql, segmentId, row);
      });
    } else if (receivedAt - segment.lastActivityAt >= ACTIVITY_RESOLUTION_MS) {
      this.store.transaction(() => {
        db.insertChunk(this.sql, segmentId, row);
        db.touchSegment(this.sql, segmentId, receivedAt);
      });
    } else {
      // One statement per chunk while a segment streams in: its activity time was written moments ago.
      db.insertChunk(this.sql, segmentId, row);
    }
    if (this.heldBytes?.generation === generation) this.heldBytes.bytes += row.size;
    return { kind: 'stored', receipt: { answerId, segmentId, ...row } };
  }

  manifest(answerId?: string): RecordingManifest {
    return { segments: db.listSegments(this.sql, answerId ? { answerId } : {}).map((s) => db.segmentManifest(this.sql, s)) };
  }

  recordingObject(segmentId: string): RecordingObject | null {
    const segment = db.findSegment(this.sql, segmentId);
    const recording = segment && db.finishedRecording(segment);
    if (!segment?.objectKey || !recording) return null;
    return { key: segment.objectKey, mimeType: segment.mimeType, size: recording.size, durationMs: recording.durationMs };
  }

  async finishSegment(input: FinishSegmentRequest): Promise<FinishSegmentResult> {
    const identity = this.store.identity();
    if (!identity) return refuseFinish('session_not_found', 'This session does not exist.');
    const parsed = finishSegmentRequestSchema.safeParse(input);
    if (!parsed.success) return refuseFinish('invalid_request', z.prettifyError(parsed.error));
    return this.locks.run(parsed.data.segmentId, () => this.finishLocked(identity, parsed.data, this.limitMs(parsed.data.answerId)));
  }

  /**
   * The most one segment of this answer may last: the question's whole maximum length, from the
   * session's own copy, never the device's word; null when the answer is not a recorded question.
   * Not less what earlier segments used: until the answer names its segments this object cannot
   * tell a continued take (after a crash) from a new attempt, and the device stops recording at
   * the limit for the whole take.
   */
  private limitMs(answerId: string): number | null {
    const question = this.store.question(answerId);
    return question?.type === 'video' || question?.type === 'audio' ? question.maxAnswerSeconds * 1000 : null;
  }

  private async finishLocked(identity: SessionIdentity, request: FinishSegmentRequest, limitMs: number | null): Promise<FinishSegmentResult> {
    const { segmentId, chunkCount } = request;
    const segment = db.findSegment(this.sql, segmentId);
    if (!segment) return refuseFinish('segment_not_found', `No chunk of segment ${segmentId} has arrived.`);
    if (segment.answerId !== request.answerId) return refuseFinish('segment_answer_mismatch', `Segment ${segmentId} belongs to another answer.`);
    const countDiffers = () => refuseFinish('chunk_count_mismatch', `Segment ${segmentId} was finished with ${segment.chunkCount} chunks, not ${chunkCount}.`);

    switch (segment.state) {
      case 'discarded':
        return refuseFinish('segment_discarded', `Segment ${segmentId} was given up after the device stayed away.`);
      case 'finalized': {
        if (segment.chunkCount !== chunkCount) return countDiffers();
        const recording = db.finishedRecording(segment);
        if (!recording) throw new Error(`finalized segment ${segmentId} has no recording`);
        return { kind: 'finalized', segmentId, recording };
      }
      case 'finishing':
        // An earlier attempt stopped part way (this object restarted, or R2 failed): go again.
        if (segment.chunkCount !== chunkCount) return countDiffers();
        return this.assemble(identity, segmentId);
      case 'open': {
        const held = db.listChunks(this.sql, segmentId);
        const beyond = held.find((c) => c.seq >= chunkCount);
        if (beyond) {
          return refuseFinish('chunk_count_mismatch', `Segment ${segmentId} holds chunk ${beyond.seq}, beyond the ${chunkCount} chunks claimed.`);
        }
        const seqs = new Set(held.map((c) => c.seq));
        const missing = Array.from({ length: chunkCount }, (_, seq) => seq).filter((seq) => !seqs.has(seq));
        if (missing.length > 0) return { kind: 'incomplete', segmentId, missing };
        db.markFinishing(this.sql, segmentId, { chunkCount, claimedDurationMs: request.durationMs, limitMs, flags: [], now: Date.now() });
        return this.assemble(identity, segmentId);
      }
      default: {
        const unreachable: never = segment.state;
        throw new Error(`unknown segment state ${String(unreachable)}`);
      }
    }
  }

  /**
   * Called with the segment's lock held, for a segment in state `finishing`. On failure the
   * segment stays `finishing` and the alarm tries again, as does the device's next request.
   * An assembly that fails part way leaves no object behind: a single put is all or nothing,
   * and a multipart upload is aborted (or recorded, for the alarm to abort).
   */
  private async assemble(identity: SessionIdentity, segmentId: string): Promise<FinishSegmentResult> {
    const segment = db.findSegment(this.sql, segmentId);
    if (segment?.state !== 'finishing' || segment.chunkCount === null) throw new Error(`segment ${segmentId} is not being finished`);
    const chunkCount = segment.chunkCount;
    const chunks = db.listChunks(this.sql, segmentId).filter((c) => c.seq < chunkCount);
    const objectKey = r2Keys.recordingSegment(identity.orgId, identity.sessionId, segmentId, extensionOf(segment.mimeType));
    const claimed = segment.claimedDurationMs;
    const chunkKey = (seq: number) => r2Keys.recordingChunk(identity.orgId, identity.sessionId, segmentId, seq);

    let assembled: AssembledObject;
    try {
      assembled = await assembleSegment(
        this.bucket,
        {
          objectKey,
          mimeType: segment.mimeType,
          chunks: chunks.map((c) => ({ key: chunkKey(c.seq), size: c.size, sha256: c.sha256 })),
          metadata: (measured) => ({
            sessionId: identity.sessionId,
            answerId: segment.answerId,
            segmentId,
            mimeType: segment.mimeType,
            durationMs: String(measured ?? claimed ?? 0),
            durationSource: measured === null ? 'device' : 'media',
          }),
        },
        {
          started: (uploadId) => db.uploadLedger.started(this.sql, { uploadId, segmentId, objectKey, startedAt: Date.now() }),
          partUploaded: (uploadId, part) => db.uploadLedger.partUploaded(this.sql, uploadId, part),
          ended: (uploadId) => db.uploadLedger.ended(this.sql, uploadId),
        },
      );
    } catch (err) {
      console.error(JSON.stringify({ level: 'error', sessionId: identity.sessionId, segmentId, message: `assembly failed: ${String(err)}` }));
      await this.scheduleCleanup(Date.now() + CLEANUP_RETRY_MS);
      return { kind: 'deferred', segmentId, message: err instanceof Error ? err.message : String(err) };
    }

    const measured = assembled.measuredDurationMs;
    const recording: FinishedRecording = {
      size: assembled.size,
      durationMs: measured ?? claimed ?? 0,
      durationSource: measured === null ? 'device' : 'media',
      claimedDurationMs: claimed,
      flags: flagsFor(segment.flags, measured, claimed, segment.limitMs),
      finalizedAt: Date.now(),
    };
    db.markFinalized(this.sql, segmentId, { objectKey, recording });
    await this.deleteChunkObjects(db.listChunks(this.sql, segmentId).map((c) => chunkKey(c.seq)));
    return { kind: 'finalized', segmentId, recording };
  }

  /** Chunk objects are only a staging area; a failed delete is retried by the sweep. */
  private async deleteChunkObjects(keys: string[]): Promise<void> {
    try {
      for (let at = 0; at < keys.length; at += 1000) await this.bucket.delete(keys.slice(at, at + 1000));
    } catch (err) {
      console.error(JSON.stringify({ level: 'warn', message: `deleting recording chunks failed: ${String(err)}` }));
      await this.scheduleCleanup(Date.now() + CLEANUP_RETRY_MS);
    }
  }

  /**
   * The recordings' share of the object's alarm. Each run:
   * 1. aborts every multipart upload this object recorded and did not finish (an assembly that
   *    died with the object: R2 would keep its parts for 7 days);
   * 2. finishes again every segment left half finished;
   * 3. finishes every segment abandoned for long, with the playable part that arrived (the chunks
   *    0..k-1 in a row): a half-recorded answer is kept, never thrown away;
   * 4. sweeps the chunk objects no longer needed: those of finished segments whose delete failed,
   *    and those written by a request that died before the manifest recorded them.
   * It then books its next run while anything is left open. Every step holds its segment's lock.
   */
  async cleanUp(now = Date.now()): Promise<void> {
    const identity = this.store.identity();
    if (!identity) return;
    let failed = false;
    const attempt = async (what: string, segmentId: string, work: () => Promise<unknown>) => {
      try {
        await this.locks.run(segmentId, work);
      } catch (err) {
        failed = true;
        console.error(JSON.stringify({ level: 'error', sessionId: identity.sessionId, message: `recording cleanup: ${what}: ${String(err)}` }));
      }
    };

    for (const upload of db.uploadLedger.list(this.sql)) {
      await attempt(`abort upload ${upload.uploadId}`, upload.segmentId, async () => {
        // The lock is held, so no assembly of this segment is running: the upload is stale.
        if (!db.uploadLedger.list(this.sql).some((u) => u.uploadId === upload.uploadId)) return;
        await abortUpload(this.bucket, upload);
        db.uploadLedger.ended(this.sql, upload.uploadId);
      });
    }
    for (const segment of db.listSegments(this.sql, { state: 'finishing' })) {
      await attempt(`finish segment ${segment.segmentId}`, segment.segmentId, async () => {
        if (db.findSegment(this.sql, segment.segmentId)?.state !== 'finishing') return;
        const result = await this.assemble(identity, segment.segmentId);
        if (result.kind === 'deferred') throw new Error(result.message);
      });
    }
    for (const segment of db.listSegments(this.sql, { state: 'open' })) {
      if (segment.lastActivityAt + ABANDONED_AFTER_MS > now) continue;
      await attempt(`salvage segment ${segment.segmentId}`, segment.segmentId, () => this.salvage(identity, segment.segmentId, now));
    }
    try {
      const bySegment = await chunkObjectsBySegment(this.bucket, r2Keys.recordingChunksPrefix(identity.orgId, identity.sessionId));
      for (const [segmentId, objects] of bySegment) {
        await attempt(`sweep chunk objects of ${segmentId}`, segmentId, () => this.sweepChunkObjects(segmentId, objects));
      }
    } catch (err) {
      failed = true;
      console.error(JSON.stringify({ level: 'error', sessionId: identity.sessionId, message: `recording cleanup: listing chunk objects: ${String(err)}` }));
    }

    const open = db.listSegments(this.sql, { state: 'open' });
    const nextAbandonment = Math.min(...open.map((s) => s.lastActivityAt + ABANDONED_AFTER_MS));
    if (failed) await this.scheduleCleanup(Date.now() + CLEANUP_RETRY_MS);
    else if (open.length > 0) await this.scheduleCleanup(Math.max(nextAbandonment, Date.now() + CLEANUP_RETRY_MS));
  }

  /** With the segment's lock held: finishes an abandoned segment with what can be played. */
  private async salvage(identity: SessionIdentity, segmentId: string, now: number): Promise<void> {
    const segment = db.findSegment(this.sql, segmentId);
    if (segment?.state !== 'open' || segment.lastActivityAt + ABANDONED_AFTER_MS > now) return;
    const held = db.listChunks(this.sql, segmentId);
    const playable = playableChunkCount(held);
    if (playable === 0) {
      // Without chunk 0 there is no header, and nothing after it can be played.
      db.markDiscarded(this.sql, segmentId, now);
      await this.deleteChunkObjects(held.map((c) => r2Keys.recordingChunk(identity.orgId, identity.sessionId, segmentId, c.seq)));
      return;
    }
    db.markFinishing(this.sql, segmentId, { chunkCount: playable, claimedDurationMs: null, limitMs: segment.limitMs, flags: ['salvaged'], now });
    const result = await this.assemble(identity, segmentId);
    if (result.kind === 'deferred') throw new Error(result.message);
  }

  /** With the segment's lock held, so no chunk of it is being written or assembled now. */
  private async sweepChunkObjects(segmentId: string, objects: { key: string; seq: number }[]): Promise<void> {
    const segment = db.findSegment(this.sql, segmentId);
    const stillNeeded = (seq: number) => (segment?.state === 'open' || segment?.state === 'finishing') && db.findChunk(this.sql, segmentId, seq) !== null;
    await this.deleteChunkObjects(objects.filter((o) => !stillNeeded(o.seq)).map((o) => o.key));
  }
}

function receiptOf(segment: Pick<db.SegmentRow, 'answerId' | 'segmentId'>, chunk: db.ChunkRow): ChunkReceipt {
  return { answerId: segment.answerId, segmentId: segment.segmentId, seq: chunk.seq, size: chunk.size, sha256: chunk.sha256, receivedAt: chunk.receivedAt };
}

function extensionOf(mimeType: string): string {
  return /\/mp4\b/i.test(mimeType) ? 'mp4' : 'webm';
}

function flagsFor(initial: RecordingFlag[], measured: number | null, claimed: number | null, limitMs: number | null): RecordingFlag[] {
  const flags = new Set(initial);
  if (measured === null) flags.add('duration_unmeasured');
  if (measured !== null && claimed !== null && Math.abs(measured - claimed) > CLAIM_TOLERANCE_MS) flags.add('duration_claim_mismatch');
  if (limitMs !== null && Math.max(measured ?? 0, claimed ?? 0) > limitMs + LIMIT_TOLERANCE_MS) flags.add('over_time_limit');
  return [...flags];
}
