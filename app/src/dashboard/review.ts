import type {
  AnswerReviewRequest,
  AnswerReviewView,
  AnswerView,
  CompareView,
  OverallReviewView,
  Recommendation,
  RecordingSegmentView,
  ReviewedAnswer,
  ScaleDimension,
  SessionPage,
  SessionReviewRequest,
} from '../../../worker/schemas/review';
import { api, read } from '../lib/api';
import type { SessionState } from './candidates';

export type { AnswerReviewView, AnswerView, CompareView, OverallReviewView, Recommendation, RecordingSegmentView, ReviewedAnswer, ScaleDimension, SessionPage };

export const RECOMMENDATION_LABELS: Record<Recommendation, string> = { advance: 'Advance', hold: 'Hold', reject: 'Reject' };

const sessions = api.api.sessions[':sessionId'];
const one = (sessionId: string) => ({ param: { sessionId: encodeURIComponent(sessionId) } });

/** The review screens' server calls. Every write is a PUT of the reviewer's own state, so a retry is harmless. */
export const review = {
  page: (sessionId: string) => read(sessions.$get(one(sessionId))),
  saveAnswerReview: (sessionId: string, questionId: string, json: AnswerReviewRequest) =>
    read(sessions.answers[':questionId'].review.$put({ param: { sessionId: encodeURIComponent(sessionId), questionId: encodeURIComponent(questionId) }, json })),
  saveSessionReview: (sessionId: string, json: SessionReviewRequest) => read(sessions.review.$put({ ...one(sessionId), json })),
  finish: (sessionId: string) => read(sessions['finish-review'].$post(one(sessionId))),
  reopen: (sessionId: string) => read(sessions['reopen-review'].$post(one(sessionId))),
  compare: (sessionId: string) => read(sessions.compare.$get(one(sessionId))),
  exportUrl: (interviewId: string) => api.api.interviews[':interviewId']['export.csv'].$path({ param: { interviewId: encodeURIComponent(interviewId) } }),
};

/** What a rating or note save answers: everyone's ratings of that answer, and the new averages. */
export type AnswerReviewSaved = Awaited<ReturnType<typeof review.saveAnswerReview>>;

/** Finish Review is offered once the candidate is done and until a reviewer has finished it. */
export const awaitsReview = (status: SessionState) => status === 'completed' || status === 'ready_for_review' || status === 'ended';

/** "1:05": a position in a recording. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** Averages come rounded to two decimals from the server: 3.5, 4, 3.67. */
export const formatRating = (value: number | null) => (value === null ? '—' : String(Math.round(value * 100) / 100));
