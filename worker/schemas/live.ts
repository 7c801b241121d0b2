/**
 * Live status of a session in progress, over WebSockets to the session's Durable Object. The
 * candidate's device reports where it is; the dashboard watches. Every frame either side sends
 * is parsed with these schemas before anything else looks at it.
 */
import { z } from 'zod';
import { sessionStateSchema } from '../state/session-states';

export { LIVE_SILENCE_MS, PING_FRAME, PONG_FRAME } from './limits';

/** Largest frame either side may send: a frame is a few numbers, never content. */
export const MAX_LIVE_FRAME_BYTES = 1024;

const count = z.number().int().min(0).max(10_000);

export const candidateFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('progress'),
    /** The step the candidate is on, from 0; equal to questionCount on the closing screen. */
    questionIndex: count,
    questionCount: count,
    /** What the device still has to upload (answers and recording chunks). */
    bytesLeft: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    /** The candidate chose "Finish later" and is on the "answers saved" screen. */
    paused: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type CandidateFrame = z.infer<typeof candidateFrameSchema>;

export const watcherFrameSchema = z.discriminatedUnion('type', [z.strictObject({ type: z.literal('ping') })]);

/** What watchers are told on connecting and on every change. */
const liveStatusSchema = z.strictObject({
  type: z.literal('status'),
  online: z.boolean(),
  /** Since when the candidate has been offline (ms since the epoch); null while online or never seen. */
  offlineSince: z.number().int().nullable(),
  /** "Question 3 of 8": from 1; null before the device has said where it is. */
  currentQuestion: z.number().int().min(1).nullable(),
  questionCount: z.number().int().min(0).nullable(),
  bytesLeft: z.number().int().min(0).nullable(),
  /** The candidate chose "Finish later" and has not taken up a question since. */
  paused: z.boolean(),
  /** Answers the session holds: the Progress column follows it without a reload. */
  answeredCount: z.number().int().min(0),
  status: sessionStateSchema,
});
export type LiveStatus = z.infer<typeof liveStatusSchema>;

/** Sent back to a socket whose frame did not parse; the socket stays open. */
export interface LiveFrameError {
  type: 'error';
  code: 'invalid_frame';
  message: string;
}
