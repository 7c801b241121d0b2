/**
 * The review side of a session, shared by the Worker and the dashboard: the session page, ratings
 * and notes, recommendations, compare and export.
 *
 * Privacy of notes: a reviewer's note on an answer is theirs alone (others see their rating, never
 * the note), so a reviewer can jot down anything while watching. Overall notes go with the
 * recommendation and are shared with everyone who may read the session: they are the reviewer's
 * case to the team.
 */
import { z } from 'zod';
import type { SessionState } from '../state/session-states';
import { idSchema } from './core';
import type { SnapshotQuestion } from './interviews';

const RECOMMENDATIONS = ['advance', 'hold', 'reject'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

const MAX_NOTE_CHARS = 5_000;
const MAX_OVERALL_NOTES_CHARS = 20_000;

/** Question ids come from the bank or the shipped examples; bounded like the answer route's. */
const questionIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be a question id');

export const answerReviewParamsSchema = z.object({ sessionId: idSchema, questionId: questionIdSchema });

const atLeastOne = (fields: readonly string[]) => (body: Record<string, unknown>) => fields.some((f) => body[f] !== undefined);

/** Absent fields stay as they are; `rating: null` clears a rating, `note: ''` clears a note. */
export const answerReviewRequestSchema = z
  .strictObject({
    rating: z.number().int('must be a whole number from 1 to 5').min(1, 'must be from 1 to 5').max(5, 'must be from 1 to 5').nullable().optional(),
    note: z.string().max(MAX_NOTE_CHARS, `must be at most ${MAX_NOTE_CHARS} characters`).optional(),
  })
  .refine(atLeastOne(['rating', 'note']), { message: 'give a rating, a note or both' });
export type AnswerReviewRequest = z.infer<typeof answerReviewRequestSchema>;

/** Absent fields stay as they are; `recommendation: null` withdraws it. */
export const sessionReviewRequestSchema = z
  .strictObject({
    recommendation: z
      .enum(RECOMMENDATIONS, { error: `must be one of ${RECOMMENDATIONS.join(', ')}` })
      .nullable()
      .optional(),
    notes: z.string().max(MAX_OVERALL_NOTES_CHARS, `must be at most ${MAX_OVERALL_NOTES_CHARS} characters`).optional(),
  })
  .refine(atLeastOne(['recommendation', 'notes']), { message: 'give a recommendation, notes or both' });
export type SessionReviewRequest = z.infer<typeof sessionReviewRequestSchema>;

export const exportParamsSchema = z.object({ interviewId: idSchema });

// ---- Answers as a reviewer sees them ----

export interface RecordingSegmentView {
  segmentId: string;
  /** Streamed through the Worker with Range support and an access check on every request. */
  url: string;
  durationMs: number;
  mimeType: string;
}

export interface ScaleDimension {
  /** The trait (or scenario dimension) as the question names it, lower-cased: the profile's key. */
  key: string;
  label: string;
  score: number;
  max: number;
}

export type AnswerView =
  | {
      type: 'recording';
      /** The take's segments in recording order: played one after another they are one take. */
      segments: RecordingSegmentView[];
      totalDurationMs: number;
      /** Segments the device has sent but the session has not finished assembling yet. */
      pendingSegments: number;
    }
  | { type: 'text'; text: string; wordCount: number }
  | {
      type: 'choice';
      chosen: { id: string; label: string; correct: boolean | null }[];
      /** null when the question is not scored (no correct options). */
      points: number | null;
      maxPoints: number | null;
    }
  | {
      type: 'scale';
      keyedTo: 'trait' | 'scenario';
      /** The step chosen for each item, by item id. */
      value: Record<string, number>;
      /** This question's contribution to the profile, one entry per trait. */
      profile: ScaleDimension[];
      score: number;
      maxScore: number;
    }
  | { type: 'code'; code: string };

export interface AnswerReviewView {
  reviewerId: string;
  reviewerName: string;
  rating: number | null;
  /** Only the caller's own note; another reviewer's note is always null here. */
  note: string | null;
  mine: boolean;
}

export interface ReviewedAnswer {
  question: SnapshotQuestion;
  answer: AnswerView | null;
  answeredAt: number | null;
  reviews: AnswerReviewView[];
  averageRating: number | null;
}

export interface OverallReviewView {
  reviewerId: string;
  reviewerName: string;
  recommendation: Recommendation | null;
  notes: string;
  mine: boolean;
}

type TimelineKind =
  | 'created'
  | 'started'
  | 'answer_recorded'
  | 'answer_uploaded'
  | 'answered'
  | 'disconnected'
  | 'finished_later'
  | 'resumed'
  | 'completed'
  | 'reviewed'
  | 'review_reopened';

export interface TimelineEntry {
  at: number;
  kind: TimelineKind;
  /** Words for the dashboard: which question, how long a disconnect lasted. */
  detail: string;
  questionId?: string;
  /** For a disconnect: how long it lasted; null while it still lasts. */
  durationMs?: number | null;
}

export interface SessionSummaryView {
  id: string;
  status: SessionState;
  practice: boolean;
  interviewId: string | null;
  interviewName: string | null;
  createdAt: number;
  updatedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  retakeOf: string | null;
  retakenBy: string | null;
}

export interface CandidateView {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  school: string | null;
  workExperience: string | null;
  resumeUrl: string | null;
}

/** `GET /api/sessions/:sessionId`. */
export interface SessionPage {
  session: SessionSummaryView;
  candidate: CandidateView | null;
  timeline: TimelineEntry[];
  answers: ReviewedAnswer[];
  scaleProfile: ScaleDimension[];
  overall: { reviews: OverallReviewView[]; averageRating: number | null };
  canReview: boolean;
  canReopen: boolean;
}

/** `GET /api/sessions/:sessionId/compare`: the original first, then each retake in order. */
export interface CompareView {
  sessions: { session: SessionSummaryView; answers: ReviewedAnswer[]; scaleProfile: ScaleDimension[]; averageRating: number | null }[];
}
