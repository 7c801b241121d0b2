/**
 * Every answer of a session as a reviewer sees it: the session's own copy of each question, what
 * the candidate answered (recordings as their playable segments), the scores that need no model,
 * and each reviewer's rating side by side.
 */
import { z } from 'zod';
import type { StoredAnswer } from '../../durable/answers';
import type { AnswerReviewRow, AnswerScoreRow } from '../db/reviews';
import type { SnapshotQuestion } from '../schemas/interviews';
import { countWords } from '../schemas/limits';
import type { RecordingManifest } from '../schemas/recording';
import type { AnswerReviewView, AnswerView, ReviewedAnswer, ScaleDimension } from '../schemas/review';
import { average, mergeProfiles, scoreChoice, scoreScale } from './scoring';

export type { StoredAnswer } from '../../durable/answers';

export interface SessionMaterial {
  sessionId: string;
  questions: readonly SnapshotQuestion[];
  answers: Readonly<Record<string, StoredAnswer>>;
  manifest: RecordingManifest;
}

/** The stored shapes (worker/schemas/candidate.ts), read back defensively: storage is not a type. */
const recordingValue = z.object({ recording: z.object({ segments: z.array(z.string()) }) });
const codeValue = z.object({ code: z.string() });
const choiceValue = z.union([z.string().transform((id) => [id]), z.array(z.string())]);
const scaleValue = z.record(z.string(), z.number());

const recordingUrl = (sessionId: string, segmentId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/recordings/${encodeURIComponent(segmentId)}`;

/** What the candidate answered, shaped for the question's type; null when the value does not fit. */
function answerView(material: SessionMaterial, question: SnapshotQuestion, value: unknown): AnswerView | null {
  switch (question.type) {
    case 'video':
    case 'audio': {
      const parsed = recordingValue.safeParse(value);
      if (!parsed.success) return null;
      const finished = new Map(material.manifest.segments.map((s) => [s.segmentId, s]));
      const segments = [];
      let pendingSegments = 0;
      for (const segmentId of parsed.data.recording.segments) {
        const segment = finished.get(segmentId);
        if (segment?.state === 'finalized' && segment.recording) {
          segments.push({ segmentId, url: recordingUrl(material.sessionId, segmentId), durationMs: segment.recording.durationMs, mimeType: segment.mimeType });
        } else if (segment?.state !== 'discarded') {
          pendingSegments++;
        }
      }
      return { type: 'recording', segments, totalDurationMs: segments.reduce((sum, s) => sum + s.durationMs, 0), pendingSegments };
    }
    case 'text':
      return typeof value === 'string' ? { type: 'text', text: value, wordCount: countWords(value) } : null;
    case 'choice': {
      const parsed = choiceValue.safeParse(value);
      return parsed.success ? { type: 'choice', ...scoreChoice(question, parsed.data) } : null;
    }
    case 'scale': {
      const parsed = scaleValue.safeParse(value);
      return parsed.success ? { type: 'scale', keyedTo: question.keyedTo, value: parsed.data, ...scoreScale(question, parsed.data) } : null;
    }
    case 'code': {
      const parsed = codeValue.safeParse(value);
      return parsed.success ? { type: 'code', code: parsed.data.code } : null;
    }
    default:
      return question satisfies never;
  }
}

/** Ratings side by side; a note is shown only to the reviewer who wrote it. */
function reviewsOf(rows: readonly AnswerReviewRow[], viewerId: string): AnswerReviewView[] {
  return rows.map((r) => {
    const mine = r.memberId === viewerId;
    return { reviewerId: r.memberId, reviewerName: r.reviewerName, rating: r.rating, note: mine ? r.note : null, mine };
  });
}

export interface ReviewedSession {
  answers: ReviewedAnswer[];
  scaleProfile: ScaleDimension[];
  /** Mean of every rating of every answer by every reviewer. */
  averageRating: number | null;
}

export function reviewedAnswers(material: SessionMaterial, reviews: readonly AnswerReviewRow[], viewerId: string): ReviewedSession {
  const byQuestion = new Map<string, AnswerReviewRow[]>();
  for (const review of reviews) byQuestion.set(review.questionId, [...(byQuestion.get(review.questionId) ?? []), review]);
  const profiles: ScaleDimension[][] = [];
  const answers = material.questions.map((question): ReviewedAnswer => {
    const stored = material.answers[question.id];
    const answer = stored ? answerView(material, question, stored.value) : null;
    if (answer?.type === 'scale') profiles.push(answer.profile);
    const rows = byQuestion.get(question.id) ?? [];
    return {
      question,
      answer,
      answeredAt: stored?.answeredAt ?? null,
      reviews: reviewsOf(rows, viewerId),
      averageRating: average(rows.flatMap((r) => (r.rating === null ? [] : [r.rating]))),
    };
  });
  const asked = new Set(material.questions.map((q) => q.id));
  const ratings = reviews.filter((r) => asked.has(r.questionId)).flatMap((r) => (r.rating === null ? [] : [r.rating]));
  return { answers, scaleProfile: mergeProfiles(profiles), averageRating: average(ratings) };
}

/** The scores of every answered choice (when scored) and scale question, for the D1 mirror. */
export function answerScores(material: Omit<SessionMaterial, 'manifest'>): AnswerScoreRow[] {
  const rows: AnswerScoreRow[] = [];
  const noRecordings: SessionMaterial = { ...material, manifest: { segments: [] } };
  for (const question of material.questions) {
    if (question.type !== 'choice' && question.type !== 'scale') continue;
    const stored = material.answers[question.id];
    const view = stored ? answerView(noRecordings, question, stored.value) : null;
    if (view?.type === 'choice' && view.points !== null && view.maxPoints !== null) {
      rows.push({ questionId: question.id, kind: 'choice', score: view.points, maxScore: view.maxPoints, profile: null });
    } else if (view?.type === 'scale') {
      rows.push({ questionId: question.id, kind: 'scale', score: view.score, maxScore: view.maxScore, profile: view.profile });
    }
  }
  return rows;
}
