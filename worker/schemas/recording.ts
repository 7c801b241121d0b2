/**
 * Recording upload contract, shared by the Worker, the session's Durable Object and the app:
 * chunks of a segment of an answer go up one at a time, the session answers with a receipt, and
 * a finished segment becomes one playable object in R2.
 */
import { z } from 'zod';
import { speechLevelsSchema } from './analysis';
import { ID_PATTERN, idSchema } from './core';
import type { SnapshotQuestion } from './interviews';

export { MAX_CHUNK_BYTES } from './limits';
/** Five and a half hours of one-second chunks: far beyond any answer's maximum length. */
export const MAX_CHUNKS_PER_SEGMENT = 20_000;
const MAX_SEGMENT_DURATION_MS = 6 * 60 * 60 * 1000;

/**
 * The bytes per second of recording a session's budget allows: 8 Mbit/s, about twice what
 * MediaRecorder writes for 1080p video by default (audio alone is far less).
 */
export const RECORDING_BYTES_PER_SECOND = 1_000_000;

/**
 * The most one session may upload in recording chunks: every video and audio question's maximum
 * length × its attempts at RECORDING_BYTES_PER_SECOND, twice over for bursts and takes continued
 * after a crash. At the schema's limits (30 minutes × 10 attempts) that is 36 GB per question; a
 * session that reaches it is refused, not the bucket filled.
 */
export function sessionRecordingByteCap(questions: readonly SnapshotQuestion[]): number {
  let seconds = 0;
  for (const q of questions) if (q.type === 'video' || q.type === 'audio') seconds += q.maxAnswerSeconds * q.attempts;
  return 2 * seconds * RECORDING_BYTES_PER_SECOND;
}

/** What MediaRecorder produces: WebM on Chromium and Firefox, MP4 on Safari, with codecs. */
const MAX_MIME_TYPE_LENGTH = 120;
const MIME_TYPE_PATTERN = /^(video|audio)\/(webm|mp4)(\s*;\s*codecs="?[A-Za-z0-9.,\s-]+"?)?$/i;
const recordingMimeTypeSchema = z.string().max(MAX_MIME_TYPE_LENGTH).regex(MIME_TYPE_PATTERN, 'must be a WebM or MP4 audio or video type');

const SHA256_HEX_PATTERN = /^[0-9a-fA-F]{64}$/;
const sha256HexSchema = z.string().regex(SHA256_HEX_PATTERN, 'must be a SHA-256 in hex');

export const chunkFieldsSchema = z.object({
  answerId: idSchema,
  segmentId: idSchema,
  seq: z
    .number()
    .int()
    .min(0)
    .max(MAX_CHUNKS_PER_SEGMENT - 1),
  mimeType: recordingMimeTypeSchema,
  sha256: sha256HexSchema,
});

/**
 * Whether a chunk's fields pass chunkFieldsSchema, checked by hand for the paths every chunk takes
 * (the fast write path, the session object's intake); the schema still words a refusal.
 */
export function wellFormedChunkFields<T extends { answerId?: unknown; segmentId?: unknown; seq?: unknown; mimeType?: unknown; sha256?: unknown }>(
  f: T,
): f is T & z.output<typeof chunkFieldsSchema> {
  return (
    typeof f.answerId === 'string' &&
    ID_PATTERN.test(f.answerId) &&
    typeof f.segmentId === 'string' &&
    ID_PATTERN.test(f.segmentId) &&
    Number.isInteger(f.seq) &&
    (f.seq as number) >= 0 &&
    (f.seq as number) < MAX_CHUNKS_PER_SEGMENT &&
    typeof f.mimeType === 'string' &&
    f.mimeType.length <= MAX_MIME_TYPE_LENGTH &&
    MIME_TYPE_PATTERN.test(f.mimeType) &&
    typeof f.sha256 === 'string' &&
    SHA256_HEX_PATTERN.test(f.sha256)
  );
}

export const finishSegmentRequestSchema = z.object({
  answerId: idSchema,
  segmentId: idSchema,
  chunkCount: z.number().int().min(1).max(MAX_CHUNKS_PER_SEGMENT),
  /** What the device measured; the server measures the media itself and compares. */
  durationMs: z.number().int().min(0).max(MAX_SEGMENT_DURATION_MS),
  /**
   * The sound levels the device metered while recording, for speaking time and long silences
   * (worker/analysis/speech.ts). Optional: older devices send none, and a finish is never refused for them.
   */
  speech: speechLevelsSchema.optional(),
});
export type FinishSegmentRequest = z.infer<typeof finishSegmentRequestSchema>;

export interface ChunkReceipt {
  answerId: string;
  segmentId: string;
  seq: number;
  size: number;
  sha256: string;
  /** When the session first held this chunk; a repeat answers the same time. */
  receivedAt: number;
}

export type ChunkRejectionCode =
  | 'session_not_found'
  | 'session_completed'
  | 'invalid_chunk'
  | 'not_a_recorded_question'
  | 'chunk_too_large'
  | 'session_recording_full'
  | 'hash_mismatch'
  | 'chunk_conflict'
  | 'mime_type_mismatch'
  | 'segment_answer_mismatch'
  | 'segment_closed';

export type RecordChunkResult =
  | { kind: 'stored'; receipt: ChunkReceipt }
  | { kind: 'duplicate'; receipt: ChunkReceipt }
  | { kind: 'rejected'; code: ChunkRejectionCode; message: string };

export type SegmentState = 'open' | 'finishing' | 'finalized' | 'discarded';

export type RecordingFlag =
  /** The device's duration and the media's differ by more than the tolerance. */
  | 'duration_claim_mismatch'
  /** The claimed or measured duration exceeds the allowed length by more than the tolerance. */
  | 'over_time_limit'
  /** The media could not be measured (not WebM, or unreadable): the device's claim stands. */
  | 'duration_unmeasured'
  /** Finished by the server after the device went away: the playable part that arrived. */
  | 'salvaged';

export interface FinishedRecording {
  size: number;
  durationMs: number;
  durationSource: 'media' | 'device';
  claimedDurationMs: number | null;
  flags: RecordingFlag[];
  finalizedAt: number;
}

export interface HeldChunk {
  seq: number;
  size: number;
  sha256: string;
}

export interface SegmentManifest {
  answerId: string;
  segmentId: string;
  mimeType: string;
  state: SegmentState;
  /** Every chunk the session has recorded, by seq, kept after assembly so a device can compare. */
  chunks: HeldChunk[];
  /** Fixed when the device finished the segment. */
  chunkCount: number | null;
  recording: FinishedRecording | null;
}

export interface RecordingManifest {
  segments: SegmentManifest[];
}

export type FinishRejectionCode = 'session_not_found' | 'invalid_request' | 'segment_not_found' | 'segment_answer_mismatch' | 'chunk_count_mismatch' | 'segment_discarded';

export type FinishSegmentResult =
  | { kind: 'finalized'; segmentId: string; recording: FinishedRecording }
  /** Some chunks 0..chunkCount-1 are not held yet: the device sends these, then asks again. */
  | { kind: 'incomplete'; segmentId: string; missing: number[] }
  /**
   * Every chunk is held but writing the object failed this time (R2 unavailable, or a stored
   * chunk unreadable). The chunks stay safe and the session retries on its own alarm; asking
   * again later answers the outcome. Nothing for the device to resend.
   */
  | { kind: 'deferred'; segmentId: string; message: string }
  | { kind: 'rejected'; code: FinishRejectionCode; message: string };

/** The HTTP status each refusal maps to, for the routes that call the session. */
export function recordingRejectionStatus(code: ChunkRejectionCode | FinishRejectionCode): 400 | 404 | 409 | 413 {
  switch (code) {
    case 'session_not_found':
    case 'segment_not_found':
      return 404;
    case 'chunk_too_large':
    case 'session_recording_full':
      return 413;
    case 'invalid_chunk':
    case 'not_a_recorded_question':
    case 'invalid_request':
    case 'hash_mismatch':
      return 400;
    case 'session_completed':
    case 'chunk_conflict':
    case 'mime_type_mismatch':
    case 'segment_answer_mismatch':
    case 'segment_closed':
    case 'chunk_count_mismatch':
    case 'segment_discarded':
      return 409;
    default: {
      const unreachable: never = code;
      throw new Error(`unknown recording refusal ${String(unreachable)}`);
    }
  }
}
