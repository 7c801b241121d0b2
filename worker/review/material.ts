/**
 * What a session's Durable Object hands the review routes in one call: its copy of the interview,
 * the answers, the recording manifest and the live-status history. D1 holds the rest (state
 * events, reviews, the candidate).
 */
import type { SnapshotQuestion } from '../schemas/interviews';
import type { RecordingManifest } from '../schemas/recording';
import type { StoredAnswer } from './answers';

export interface ReviewMaterial {
  /** The questions the session started with, in order; null before it started. */
  questions: SnapshotQuestion[] | null;
  answers: Record<string, StoredAnswer>;
  manifest: RecordingManifest;
  disconnects: { startedAt: number; endedAt: number | null }[];
  finishedLaterAt: number | null;
  completedAt: number | null;
}
