/**
 * The session page and the compare view, put together from D1 (session, candidate, interview,
 * state events, reviews) and the session's Durable Object (questions, answers, recordings, live
 * history), in as few round trips as they allow: D1 reads run side by side with the object's call.
 */
import { can } from '../auth/permissions';
import { findCandidate } from '../db/candidates';
import { findInterview, snapshotInterview } from '../db/interviews';
import type { SignedInMember } from '../db/login-sessions';
import { listAnswerReviews, listDeviceStarts, listSessionReviews, memberNames } from '../db/reviews';
import type { SessionRow } from '../db/sessions';
import type { CandidateView, OverallReviewView, SessionPage, SessionSummaryView } from '../schemas/review';
import { sessionStub } from '../sessions';
import { isFinished, listSessionEvents } from '../state/session-states';
import { type ReviewedSession, reviewedAnswers } from './answers';
import type { ReviewMaterial } from './material';
import { sessionTimeline } from './timeline';

const resumeUrl = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/resume`;

/**
 * The object's material; before the session started its object has no copy of the interview,
 * so the questions are the interview's current version (what the candidate will be asked).
 */
export async function loadMaterial(env: Env, session: SessionRow): Promise<ReviewMaterial> {
  const material = await sessionStub(env, session.id).reviewMaterial();
  if (material.questions !== null || session.interviewId === null) return material;
  const snapshot = await snapshotInterview(env.DB, session.orgId, session.interviewId);
  return { ...material, questions: snapshot?.questions ?? [] };
}

export function summaryView(session: SessionRow, interviewName: string | null): SessionSummaryView {
  return {
    id: session.id,
    status: session.status,
    practice: session.practice,
    interviewId: session.interviewId,
    interviewName,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    startedAt: session.startedAt,
    finishedAt: session.finishedAt,
    retakeOf: session.retakeOf,
    retakenBy: session.retakenBy,
  };
}

/** Whether the caller may still rate, note and recommend: not once the review is finished. */
const canReview = (member: SignedInMember, session: SessionRow) => can(member.role, 'reviews.write') && session.status !== 'reviewed';

export async function reviewedSession(env: Env, session: SessionRow, viewer: SignedInMember, material?: ReviewMaterial): Promise<ReviewedSession> {
  const [loaded, reviews] = await Promise.all([material ?? loadMaterial(env, session), listAnswerReviews(env.DB, session.orgId, session.id)]);
  return reviewedAnswers({ sessionId: session.id, questions: loaded.questions ?? [], answers: loaded.answers, manifest: loaded.manifest }, reviews, viewer.memberId);
}

export async function sessionPage(env: Env, session: SessionRow, viewer: SignedInMember): Promise<SessionPage> {
  const db = env.DB;
  const [material, candidate, interview, events, overallRows, deviceStarts] = await Promise.all([
    loadMaterial(env, session),
    session.candidateId ? findCandidate(db, session.orgId, session.candidateId) : null,
    session.interviewId ? findInterview(db, session.orgId, session.interviewId) : null,
    listSessionEvents(db, session.orgId, session.id),
    listSessionReviews(db, session.orgId, session.id),
    listDeviceStarts(db, session.orgId, session.id),
  ]);
  const reviewed = await reviewedSession(env, session, viewer, material);
  const names = await memberNames(
    db,
    session.orgId,
    events.flatMap((e) => (e.actor.kind === 'member' ? [e.actor.memberId] : [])),
  );
  const overall: OverallReviewView[] = overallRows.map((r) => ({
    reviewerId: r.memberId,
    reviewerName: r.reviewerName,
    recommendation: r.recommendation,
    notes: r.notes,
    mine: r.memberId === viewer.memberId,
  }));
  const candidateView: CandidateView | null = candidate && {
    id: candidate.id,
    name: candidate.name,
    email: candidate.email,
    phone: candidate.phone,
    school: candidate.school,
    workExperience: candidate.workExperience,
    resumeUrl: candidate.resumeKey ? resumeUrl(session.id) : null,
  };
  return {
    session: summaryView(session, interview?.name ?? null),
    candidate: candidateView,
    timeline: sessionTimeline({ session, events, memberNames: names, material, deviceStarts }),
    answers: reviewed.answers,
    scaleProfile: reviewed.scaleProfile,
    overall: { reviews: overall, averageRating: reviewed.averageRating },
    canReview: canReview(viewer, session),
    canReopen: session.status === 'reviewed' && can(viewer.role, 'reviews.reopen'),
  };
}

/** Finish Review is offered from a finished state only (completed, ready for review, ended). */
export const canFinishReview = (session: SessionRow) => isFinished(session.status) && session.status !== 'reviewed';
