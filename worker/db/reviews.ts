/** Typed D1 queries for reviews: ratings and notes per answer, recommendations per session. */
import type { Recommendation } from '../schemas/review';

export interface AnswerReviewRow {
  questionId: string;
  memberId: string;
  reviewerName: string;
  rating: number | null;
  note: string | null;
  updatedAt: number;
}

interface AnswerReviewRecord {
  question_id: string;
  member_id: string;
  reviewer_name: string;
  rating: number | null;
  note: string | null;
  updated_at: number;
}

export interface SessionReviewRow {
  memberId: string;
  reviewerName: string;
  recommendation: Recommendation | null;
  notes: string;
  updatedAt: number;
}

interface SessionReviewRecord {
  member_id: string;
  reviewer_name: string;
  recommendation: Recommendation | null;
  notes: string;
  updated_at: number;
}

/**
 * Sets one reviewer's rating and note on one answer. A field left undefined keeps its stored
 * value, so a rating and a note can be saved from separate controls without racing each other.
 */
export async function saveAnswerReview(
  db: D1Database,
  review: { orgId: string; sessionId: string; questionId: string; memberId: string; rating?: number | null; note?: string | null },
  now: number,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO answer_reviews (session_id, question_id, member_id, org_id, rating, note, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
       ON CONFLICT (session_id, question_id, member_id) DO UPDATE SET
         rating = CASE WHEN ?8 THEN excluded.rating ELSE rating END,
         note = CASE WHEN ?9 THEN excluded.note ELSE note END,
         updated_at = excluded.updated_at`,
    )
    .bind(
      review.sessionId,
      review.questionId,
      review.memberId,
      review.orgId,
      review.rating ?? null,
      review.note ?? null,
      now,
      review.rating === undefined ? 0 : 1,
      review.note === undefined ? 0 : 1,
    )
    .run();
}

/** Every reviewer's rating and note on every answer of a session, oldest first. */
export async function listAnswerReviews(db: D1Database, orgId: string, sessionId: string): Promise<AnswerReviewRow[]> {
  const { results } = await db
    .prepare(
      `SELECT r.question_id, r.member_id, u.name AS reviewer_name, r.rating, r.note, r.updated_at
       FROM answer_reviews r JOIN members m ON m.id = r.member_id JOIN users u ON u.id = m.user_id
       WHERE r.session_id = ? AND r.org_id = ? ORDER BY r.created_at, r.member_id`,
    )
    .bind(sessionId, orgId)
    .all<AnswerReviewRecord>();
  return results.map((r) => ({ questionId: r.question_id, memberId: r.member_id, reviewerName: r.reviewer_name, rating: r.rating, note: r.note, updatedAt: r.updated_at }));
}

/** Sets one reviewer's overall recommendation and notes; an undefined field keeps its value. */
export async function saveSessionReview(
  db: D1Database,
  review: { orgId: string; sessionId: string; memberId: string; recommendation?: Recommendation | null; notes?: string },
  now: number,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO session_reviews (session_id, member_id, org_id, recommendation, notes, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
       ON CONFLICT (session_id, member_id) DO UPDATE SET
         recommendation = CASE WHEN ?7 THEN excluded.recommendation ELSE recommendation END,
         notes = CASE WHEN ?8 THEN excluded.notes ELSE notes END,
         updated_at = excluded.updated_at`,
    )
    .bind(
      review.sessionId,
      review.memberId,
      review.orgId,
      review.recommendation ?? null,
      review.notes ?? '',
      now,
      review.recommendation === undefined ? 0 : 1,
      review.notes === undefined ? 0 : 1,
    )
    .run();
}

export async function listSessionReviews(db: D1Database, orgId: string, sessionId: string): Promise<SessionReviewRow[]> {
  const { results } = await db
    .prepare(
      `SELECT r.member_id, u.name AS reviewer_name, r.recommendation, r.notes, r.updated_at
       FROM session_reviews r JOIN members m ON m.id = r.member_id JOIN users u ON u.id = m.user_id
       WHERE r.session_id = ? AND r.org_id = ? ORDER BY r.created_at, r.member_id`,
    )
    .bind(sessionId, orgId)
    .all<SessionReviewRecord>();
  return results.map((r) => ({ memberId: r.member_id, reviewerName: r.reviewer_name, recommendation: r.recommendation, notes: r.notes, updatedAt: r.updated_at }));
}

// ---- The export: every session of an interview at once ----

export interface InterviewRatingRow {
  sessionId: string;
  questionId: string;
  ratingSum: number;
  ratingCount: number;
}

/** Sum and count of ratings per answer of every session of an interview (averages are made by the caller). */
export async function listInterviewRatings(db: D1Database, orgId: string, interviewId: string): Promise<InterviewRatingRow[]> {
  const { results } = await db
    .prepare(
      `SELECT r.session_id, r.question_id, sum(r.rating) AS rating_sum, count(r.rating) AS rating_count
       FROM answer_reviews r JOIN sessions s ON s.id = r.session_id
       WHERE s.interview_id = ?1 AND s.org_id = ?2 AND r.org_id = ?2 AND r.rating IS NOT NULL
       GROUP BY r.session_id, r.question_id`,
    )
    .bind(interviewId, orgId)
    .all<{ session_id: string; question_id: string; rating_sum: number; rating_count: number }>();
  return results.map((r) => ({ sessionId: r.session_id, questionId: r.question_id, ratingSum: r.rating_sum, ratingCount: r.rating_count }));
}

export interface InterviewRecommendationRow {
  sessionId: string;
  reviewerName: string;
  recommendation: Recommendation;
}

export async function listInterviewRecommendations(db: D1Database, orgId: string, interviewId: string): Promise<InterviewRecommendationRow[]> {
  const { results } = await db
    .prepare(
      `SELECT r.session_id, u.name AS reviewer_name, r.recommendation
       FROM session_reviews r JOIN sessions s ON s.id = r.session_id
         JOIN members m ON m.id = r.member_id JOIN users u ON u.id = m.user_id
       WHERE s.interview_id = ?1 AND s.org_id = ?2 AND r.org_id = ?2 AND r.recommendation IS NOT NULL
       ORDER BY r.created_at, r.member_id`,
    )
    .bind(interviewId, orgId)
    .all<{ session_id: string; reviewer_name: string; recommendation: Recommendation }>();
  return results.map((r) => ({ sessionId: r.session_id, reviewerName: r.reviewer_name, recommendation: r.recommendation }));
}

// ---- For the timeline ----

/** Names of members of the organization, removed ones included (their past actions keep a name). */
export async function memberNames(db: D1Database, orgId: string, memberIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return new Map();
  const { results } = await db
    .prepare(
      `SELECT m.id, u.name FROM members m JOIN users u ON u.id = m.user_id
       WHERE m.org_id = ? AND m.id IN (SELECT value FROM json_each(?))`,
    )
    .bind(orgId, JSON.stringify(ids))
    .all<{ id: string; name: string }>();
  return new Map(results.map((r) => [r.id, r.name]));
}

/** When each candidate device entered the session, oldest first. */
export async function listDeviceStarts(db: D1Database, orgId: string, sessionId: string): Promise<number[]> {
  const { results } = await db
    .prepare('SELECT created_at FROM candidate_devices WHERE session_id = ? AND org_id = ? ORDER BY created_at')
    .bind(sessionId, orgId)
    .all<{ created_at: number }>();
  return results.map((r) => r.created_at);
}

// ---- Scores that need no model, mirrored by the session's object ----

export interface AnswerScoreRow {
  questionId: string;
  kind: 'choice' | 'scale';
  score: number;
  maxScore: number;
  /** Scale only: this question's part of the trait profile. */
  profile: { key: string; label: string; score: number; max: number }[] | null;
}

/** Answers never change once given, so a score once written stays; repeats change nothing. */
export async function saveAnswerScores(db: D1Database, identity: { orgId: string; sessionId: string }, scores: readonly AnswerScoreRow[]): Promise<void> {
  if (scores.length === 0) return;
  await db.batch(
    scores.map((s) =>
      db
        .prepare(
          `INSERT OR IGNORE INTO answer_scores (session_id, question_id, org_id, kind, score, max_score, profile)
           SELECT id, ?2, org_id, ?3, ?4, ?5, ?6 FROM sessions WHERE id = ?1 AND org_id = ?7`,
        )
        .bind(identity.sessionId, s.questionId, s.kind, s.score, s.maxScore, s.profile ? JSON.stringify(s.profile) : null, identity.orgId),
    ),
  );
}

export async function listInterviewScores(db: D1Database, orgId: string, interviewId: string): Promise<(AnswerScoreRow & { sessionId: string })[]> {
  const { results } = await db
    .prepare(
      `SELECT a.session_id, a.question_id, a.kind, a.score, a.max_score, a.profile
       FROM answer_scores a JOIN sessions s ON s.id = a.session_id
       WHERE s.interview_id = ?1 AND s.org_id = ?2 AND a.org_id = ?2`,
    )
    .bind(interviewId, orgId)
    .all<{ session_id: string; question_id: string; kind: 'choice' | 'scale'; score: number; max_score: number; profile: string | null }>();
  return results.map((r) => ({
    sessionId: r.session_id,
    questionId: r.question_id,
    kind: r.kind,
    score: r.score,
    maxScore: r.max_score,
    profile: r.profile ? (JSON.parse(r.profile) as AnswerScoreRow['profile']) : null,
  }));
}

export interface ExportSessionRow {
  id: string;
  candidateName: string;
  candidateEmail: string | null;
  status: string;
  practice: boolean;
  retakeOf: string | null;
  createdAt: number;
  finishedAt: number | null;
}

/** Every session of an interview with its candidate, oldest first, for the export. */
export async function listExportSessions(db: D1Database, orgId: string, interviewId: string): Promise<ExportSessionRow[]> {
  const { results } = await db
    .prepare(
      `SELECT s.id, c.name AS candidate_name, c.email AS candidate_email, s.status, s.practice, s.retake_of, s.created_at, s.finished_at
       FROM sessions s LEFT JOIN candidates c ON c.id = s.candidate_id
       WHERE s.interview_id = ?1 AND s.org_id = ?2 ORDER BY s.created_at, s.id`,
    )
    .bind(interviewId, orgId)
    .all<{
      id: string;
      candidate_name: string | null;
      candidate_email: string | null;
      status: string;
      practice: number;
      retake_of: string | null;
      created_at: number;
      finished_at: number | null;
    }>();
  return results.map((r) => ({
    id: r.id,
    candidateName: r.candidate_name ?? '',
    candidateEmail: r.candidate_email,
    status: r.status,
    practice: r.practice === 1,
    retakeOf: r.retake_of,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  }));
}
