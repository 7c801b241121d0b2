import type { IDBPDatabase } from 'idb';
import type { SpeechLevels } from '../../../worker/schemas/analysis';
import { MAX_CHUNK_BYTES } from '../../../worker/schemas/limits';
import { LevelRecorder } from './levels';
import { pieceOutboxId, sealPieces, sealSegment, UPLOAD_CHUNK_BYTES } from './recording-pieces';
import { type HoldfastDB, nextOrder } from './store';

/**
 * How often MediaRecorder hands over what it recorded. A piece still in memory is what a dead
 * device loses, so this is short; Safari may clamp it, Chrome treats it as a hint.
 */
const PIECE_TIMESLICE_MS = 250;

const VIDEO_TYPES = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm', 'video/mp4;codecs=avc1,mp4a.40.2', 'video/mp4'];
const AUDIO_TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4;codecs=mp4a.40.2', 'audio/mp4'];

/** WebM on Chromium and Firefox, MP4 on Safari: the first type this browser can record. */
function chooseMimeType(kind: 'video' | 'audio'): string {
  const types = kind === 'video' ? VIDEO_TYPES : AUDIO_TYPES;
  if (typeof MediaRecorder === 'undefined') return '';
  return types.find((type) => MediaRecorder.isTypeSupported(type)) ?? '';
}

export function newId(): string {
  return crypto.randomUUID();
}

export interface SegmentResult {
  segmentId: string;
  chunkCount: number;
  durationMs: number;
  mimeType: string;
  /** Sound levels metered while recording, for speaking time and silences; absent when none were. */
  speech?: SpeechLevels;
}

export interface SegmentTarget {
  sessionId: string;
  answerId: string;
  segmentId: string;
}

/**
 * Records one segment: a MediaRecorder run whose first piece carries the header. Every piece is
 * written to IndexedDB (strict durability) with its outbox item the moment it arrives, in one
 * transaction, so a piece is either safely stored and queued or not at all. Pieces are joined
 * into upload chunks of at least `UPLOAD_CHUNK_BYTES` as they accumulate, and the rest when the
 * segment stops. Recording never waits for the network.
 */
export class SegmentRecorder {
  private recorder: MediaRecorder;
  private pieceSeq = 0;
  private unsealedBytes = 0;
  private writes: Promise<void> = Promise.resolve();
  private seals: Promise<void> = Promise.resolve();
  private startedAt = 0;
  private startedAtEpoch = 0;
  private stopped: Promise<void>;
  private readonly meter = new LevelRecorder();
  private readonly source: MediaStream;
  private onHidden = () => {
    // Locking the screen can silently kill capture: get what is buffered onto the disk now.
    if (document.visibilityState === 'hidden' && this.recorder.state === 'recording') this.recorder.requestData();
  };
  readonly mimeType: string;
  /** Called after pieces were joined into a chunk that is ready to upload. */
  onChunkSealed: (() => void) | undefined;
  bytesStored = 0;

  constructor(
    private readonly db: IDBPDatabase<HoldfastDB>,
    stream: MediaStream,
    readonly target: SegmentTarget,
    kind: 'video' | 'audio',
  ) {
    this.mimeType = chooseMimeType(kind);
    // An audio answer records only the microphone, even when the camera is on for the interview.
    const source = kind === 'audio' ? new MediaStream(stream.getAudioTracks()) : stream;
    this.source = source;
    this.recorder = new MediaRecorder(source, {
      ...(this.mimeType ? { mimeType: this.mimeType } : {}),
      ...(kind === 'video' ? { videoBitsPerSecond: 500_000 } : {}),
      audioBitsPerSecond: 64_000,
    });
    this.recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size > 0) this.writes = this.writes.then(() => this.storeBlob(event.data));
    });
    this.stopped = new Promise((resolve) => this.recorder.addEventListener('stop', () => resolve(), { once: true }));
  }

  start(): void {
    document.addEventListener('visibilitychange', this.onHidden);
    this.startedAt = performance.now();
    this.startedAtEpoch = Date.now();
    this.recorder.start(PIECE_TIMESLICE_MS);
    this.meter.start(this.source);
  }

  get recording(): boolean {
    return this.recorder.state === 'recording';
  }

  elapsedMs(): number {
    return this.startedAt ? performance.now() - this.startedAt : 0;
  }

  /** Stops, saves the last piece, and joins every piece left into chunks: the segment is then ready to finish. */
  async stop(): Promise<SegmentResult> {
    document.removeEventListener('visibilitychange', this.onHidden);
    const durationMs = Math.round(this.elapsedMs());
    const speech = this.meter.stop();
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    await this.stopped;
    await this.writes;
    await this.seals;
    const chunkCount = await sealSegment(this.db, this.target.segmentId);
    return { segmentId: this.target.segmentId, chunkCount, durationMs, mimeType: this.recorder.mimeType || this.mimeType, ...(speech ? { speech } : {}) };
  }

  /**
   * The timeslice is only a hint: after a sleep Chrome can hand over one huge blob. A segment is
   * the concatenation of its pieces, so an oversized blob is stored as several pieces.
   */
  private async storeBlob(blob: Blob): Promise<void> {
    for (let offset = 0; offset < blob.size; offset += MAX_CHUNK_BYTES) {
      await this.store(this.pieceSeq++, await blob.slice(offset, offset + MAX_CHUNK_BYTES).arrayBuffer());
    }
  }

  private async store(seq: number, data: ArrayBuffer): Promise<void> {
    const order = nextOrder();
    const tx = this.db.transaction(['recordingPieces', 'outbox'], 'readwrite', { durability: 'strict' });
    await tx.objectStore('recordingPieces').put({
      ...this.target,
      seq,
      mimeType: this.recorder.mimeType || this.mimeType,
      data,
      recordedAt: Date.now(),
      startedAt: this.startedAtEpoch,
      order,
    });
    await tx.objectStore('outbox').put({
      id: pieceOutboxId(this.target.segmentId, seq),
      sessionId: this.target.sessionId,
      kind: 'recordingPiece',
      createdAt: order,
      attempts: 0,
      nextAttemptAt: 0,
      body: { segmentId: this.target.segmentId, seq },
      bytes: data.byteLength,
    });
    await tx.done;
    this.bytesStored += data.byteLength;
    this.unsealedBytes += data.byteLength;
    if (this.unsealedBytes >= UPLOAD_CHUNK_BYTES) {
      this.unsealedBytes = 0;
      // Off the write path: saving the next piece never waits for a chunk to be joined.
      this.seals = this.seals.then(async () => {
        if ((await sealPieces(this.db, this.target.segmentId, UPLOAD_CHUNK_BYTES)) > 0) this.onChunkSealed?.();
      });
    }
  }
}
