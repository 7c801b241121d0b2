/**
 * Limits shared by the Worker and the app, kept free of imports so the candidate app can use them
 * without pulling the schema library into its first load.
 */

/**
 * The most one chunk may carry. MediaRecorder's timeslice is only a hint (Chrome can hand over a
 * huge blob after the device slept), so the device splits anything larger into several chunks:
 * a segment is the concatenation of its chunks, and where it is cut does not matter.
 */
export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * The ping every socket sends, byte for byte. The object answers this exact text with
 * `PONG_FRAME` without waking up (a hibernation auto-response) and reads the time of the last
 * one from the runtime, so a ping costs no storage write and no wake-up.
 */
export const PING_FRAME = '{"type":"ping"}';
export const PONG_FRAME = '{"type":"pong"}';

/** A device sends a ping at least this often; after `LIVE_SILENCE_MS` without one it is offline. */
export const LIVE_PING_INTERVAL_MS = 10_000;
export const LIVE_SILENCE_MS = 30_000;

/**
 * Words in a text answer, as a text question's word limit counts them: the device shows this
 * count while the candidate types, and the session checks the same count when the answer arrives.
 */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/u).length : 0;
}

/** Shortest step of the sound levels a device sends with a recorded segment (worker/schemas/analysis.ts). */
export const MIN_LEVEL_INTERVAL_MS = 50;
