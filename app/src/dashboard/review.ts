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
  SessionSummaryView,
  TimelineEntry,
} from '../../../worker/schemas/review';
import type { SessionState } from './candidates';
import { get, post, put } from './data';

export type {
  AnswerReviewView,
  AnswerView,
  CompareView,
  OverallReviewView,
  Recommendation,
  RecordingSegmentView,
  ReviewedAnswer,
  ScaleDimension,
  SessionPage,
  SessionSummaryView,
  TimelineEntry,
};

export const RECOMMENDATION_LABELS: Record<Recommendation, string> = { advance: 'Advance', hold: 'Hold', reject: 'Reject' };

/** What a rating or note save answers: everyone's ratings of that answer, and the new averages. */
export interface AnswerReviewSaved {
  reviews: AnswerReviewView[];
  averageRating: number | null;
  overallAverageRating: number | null;
}

const session = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;

/** The review screens' server calls. Every write is a PUT of the reviewer's own state, so a retry is harmless. */
export const review = {
  page: (sessionId: string) => get<SessionPage>(session(sessionId)),
  saveAnswerReview: (sessionId: string, questionId: string, body: AnswerReviewRequest) =>
    put<AnswerReviewSaved>(`${session(sessionId)}/answers/${encodeURIComponent(questionId)}/review`, body),
  saveSessionReview: (sessionId: string, body: SessionReviewRequest) => put<{ reviews: OverallReviewView[] }>(`${session(sessionId)}/review`, body),
  finish: (sessionId: string) => post<{ status: SessionState }>(`${session(sessionId)}/finish-review`),
  reopen: (sessionId: string) => post<{ status: SessionState }>(`${session(sessionId)}/reopen-review`),
  compare: (sessionId: string) => get<CompareView>(`${session(sessionId)}/compare`),
  exportUrl: (interviewId: string) => `/api/interviews/${encodeURIComponent(interviewId)}/export.csv`,
};

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
