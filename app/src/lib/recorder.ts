import type { IDBPDatabase } from 'idb';
import { MAX_CHUNK_BYTES } from '../../../worker/schemas/limits';
import { type HoldfastDB, nextOrder } from './store';

const VIDEO_TYPES = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm', 'video/mp4;codecs=avc1,mp4a.40.2', 'video/mp4'];
const AUDIO_TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4;codecs=mp4a.40.2', 'audio/mp4'];

/** WebM on Chromium and Firefox, MP4 on Safari: the first type this browser can record. */
export function chooseMimeType(kind: 'video' | 'audio'): string {
  const types = kind === 'video' ? VIDEO_TYPES : AUDIO_TYPES;
  if (typeof MediaRecorder === 'undefined') return '';
  return types.find((type) => MediaRecorder.isTypeSupported(type)) ?? '';
}

export function newId(): string {
  return crypto.randomUUID();
}

async function sha256Hex(data: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function openMedia(kind: 'video' | 'audio'): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia(
    kind === 'video' ? { audio: true, video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 24 } } } : { audio: true },
  );
}

export interface SegmentResult {
  segmentId: string;
  chunkCount: number;
  durationMs: number;
  mimeType: string;
}

export interface SegmentTarget {
  sessionId: string;
  answerId: string;
  segmentId: string;
}

/**
 * Records one segment: a MediaRecorder run whose first chunk carries the header. Every chunk is
 * written to IndexedDB (strict durability) with its outbox item the moment it arrives, in one
 * transaction, so a chunk is either safely stored and queued or not at all. Recording never waits
 * for the network.
 */
export class SegmentRecorder {
  private recorder: MediaRecorder;
  private seq = 0;
  private writes: Promise<void> = Promise.resolve();
  private startedAt = 0;
  private stopped: Promise<void>;
  private onHidden = () => {
    // Locking the screen can silently kill capture: get what is buffered onto the disk now.
    if (document.visibilityState === 'hidden' && this.recorder.state === 'recording') this.recorder.requestData();
  };
  readonly mimeType: string;
  /** Called after each chunk is durable, with the bytes stored so far. */
  onChunkStored: ((seq: number, bytes: number) => void) | undefined;
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
    // A timeslice of about a second: at most a second of recording is only in memory.
    this.recorder.start(1_000);
  }

  get recording(): boolean {
    return this.recorder.state === 'recording';
  }

  elapsedMs(): number {
    return this.startedAt ? performance.now() - this.startedAt : 0;
  }

  async stop(): Promise<SegmentResult> {
    document.removeEventListener('visibilitychange', this.onHidden);
    const durationMs = Math.round(this.elapsedMs());
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    await this.stopped;
    await this.writes;
    return { segmentId: this.target.segmentId, chunkCount: this.seq, durationMs, mimeType: this.recorder.mimeType || this.mimeType };
  }

  /**
   * The timeslice is only a hint: after a sleep Chrome can hand over one huge blob. A segment is
   * the concatenation of its chunks, so an oversized blob is stored as several chunks.
   */
  private async storeBlob(blob: Blob): Promise<void> {
    for (let offset = 0; offset < blob.size; offset += MAX_CHUNK_BYTES) {
      await this.store(this.seq++, await blob.slice(offset, offset + MAX_CHUNK_BYTES).arrayBuffer());
    }
  }

  private async store(seq: number, data: ArrayBuffer): Promise<void> {
    const sha256 = await sha256Hex(data);
    const now = Date.now();
    const tx = this.db.transaction(['recordingChunks', 'outbox'], 'readwrite', { durability: 'strict' });
    await tx.objectStore('recordingChunks').put({ ...this.target, seq, mimeType: this.recorder.mimeType || this.mimeType, data, sha256, recordedAt: now });
    await tx.objectStore('outbox').put({
      id: `chunk:${this.target.segmentId}:${seq}`,
      sessionId: this.target.sessionId,
      kind: 'recordingChunk',
      createdAt: nextOrder(),
      attempts: 0,
      nextAttemptAt: 0,
      body: { segmentId: this.target.segmentId, seq },
      bytes: data.byteLength,
    });
    await tx.done;
    this.bytesStored += data.byteLength;
    this.onChunkStored?.(seq, this.bytesStored);
  }
}

/** The recorded part of a segment that is still on this device, as one playable blob. */
export async function localSegmentBlob(db: IDBPDatabase<HoldfastDB>, segmentId: string): Promise<{ blob: Blob; chunks: number } | null> {
  const chunks = await db.getAllFromIndex('recordingChunks', 'bySegment', segmentId);
  chunks.sort((a, b) => a.seq - b.seq);
  const [first] = chunks;
  if (!first) return null;
  return {
    blob: new Blob(
      chunks.map((c) => c.data),
      { type: first.mimeType },
    ),
    chunks: chunks.length,
  };
}
