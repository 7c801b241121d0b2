/**
 * Reviewing a session: the session page, ratings and private notes per answer, an overall
 * recommendation, Finish Review and reopening it, retakes side by side, and the candidate's resume.
 * A session of another organization is simply not found.
 */
import { Hono } from 'hono';
import { requirePermission } from '../../auth/guard';
import { owned } from '../../auth/owned';
import type { AppEnv } from '../../context';
import { findCandidate } from '../../db/candidates';
import { findInterview } from '../../db/interviews';
import { listSessionReviews, saveAnswerReview, saveSessionReview } from '../../db/reviews';
import { findOrgSession, type SessionRow } from '../../db/sessions';
import { conflict, notFound } from '../../errors';
import { canFinishReview, loadMaterial, reviewedSession, sessionPage, summaryView } from '../../review/page';
import { answerReviewParamsSchema, answerReviewRequestSchema, type CompareView, sessionReviewRequestSchema } from '../../schemas/review';
import { sessionStub } from '../../sessions';
import { FINISHED_STATE, transition } from '../../state/session-states';
import { validate } from '../../validate';

const ownSession = owned('session', 'sessionId', 'session', (db, member, id) => findOrgSession(db, member.orgId, id));

const reviewFinished = () => conflict('review_finished', 'The review of this session is finished. An admin can reopen it to change ratings, notes or recommendations.');

/** Watchers of the session's live status hear about its new state; a failure here changes nothing saved. */
async function announce(env: Env, sessionId: string): Promise<void> {
  try {
    await sessionStub(env, sessionId).announceLiveStatus();
  } catch (err) {
    console.error(JSON.stringify({ level: 'warn', sessionId, message: `live status announce failed: ${String(err)}` }));
  }
}

/** A retake chain is short; this bounds a loop over data that should never cycle. */
const MAX_RETAKES = 50;

async function retakeChain(db: D1Database, session: SessionRow): Promise<SessionRow[]> {
  let first = session;
  for (let i = 0; i < MAX_RETAKES && first.retakeOf; i++) {
    const earlier = await findOrgSession(db, first.orgId, first.retakeOf);
    if (!earlier) break;
    first = earlier;
  }
  const chain = [first];
  for (let last = first; chain.length <= MAX_RETAKES && last.retakenBy; ) {
    const next = await findOrgSession(db, last.orgId, last.retakenBy);
    if (!next || chain.some((s) => s.id === next.id)) break;
    chain.push(next);
    last = next;
  }
  return chain;
}

export const sessionReview = new Hono<AppEnv>()
  .get('/:sessionId', requirePermission('sessions.read'), ownSession, async (c) => {
    return c.json(await sessionPage(c.env, c.var.session, c.var.member), 200);
  })

  .put(
    '/:sessionId/answers/:questionId/review',
    requirePermission('reviews.write'),
    ownSession,
    validate('param', answerReviewParamsSchema),
    validate('json', answerReviewRequestSchema),
    async (c) => {
      const session = c.var.session;
      const { questionId } = c.req.valid('param');
      const body = c.req.valid('json');
      if (session.status === 'reviewed') throw reviewFinished();
      const material = await loadMaterial(c.env, session);
      if (!(material.questions ?? []).some((q) => q.id === questionId)) throw notFound('This session has no such question');
      if (!material.answers[questionId]) throw conflict('not_answered', 'The candidate has not answered this question yet: there is nothing to rate.');
      const note = body.note === undefined ? undefined : body.note.trim() === '' ? null : body.note;
      await saveAnswerReview(c.env.DB, { orgId: session.orgId, sessionId: session.id, questionId, memberId: c.var.member.memberId, rating: body.rating, note }, Date.now());
      const reviewed = await reviewedSession(c.env, session, c.var.member, material);
      const answer = reviewed.answers.find((a) => a.question.id === questionId);
      return c.json({ reviews: answer?.reviews ?? [], averageRating: answer?.averageRating ?? null, overallAverageRating: reviewed.averageRating }, 200);
    },
  )

  .put('/:sessionId/review', requirePermission('reviews.write'), ownSession, validate('json', sessionReviewRequestSchema), async (c) => {
    const session = c.var.session;
    if (session.status === 'reviewed') throw reviewFinished();
    const body = c.req.valid('json');
    await saveSessionReview(
      c.env.DB,
      { orgId: session.orgId, sessionId: session.id, memberId: c.var.member.memberId, recommendation: body.recommendation, notes: body.notes },
      Date.now(),
    );
    const rows = await listSessionReviews(c.env.DB, session.orgId, session.id);
    const reviews = rows.map((r) => ({
      reviewerId: r.memberId,
      reviewerName: r.reviewerName,
      recommendation: r.recommendation,
      notes: r.notes,
      mine: r.memberId === c.var.member.memberId,
    }));
    return c.json({ reviews }, 200);
  })

  .post('/:sessionId/finish-review', requirePermission('reviews.write'), ownSession, async (c) => {
    const session = c.var.session;
    if (session.status !== 'reviewed' && !canFinishReview(session)) {
      throw conflict('not_finished', 'Only a session the candidate has finished (completed, ready for review or ended) can be reviewed.');
    }
    const result = await transition(c.env.DB, session.id, 'reviewed', { kind: 'member', memberId: c.var.member.memberId });
    switch (result.kind) {
      case 'changed':
      case 'unchanged':
        // Finishing twice (a double click, a retry) answers the same: the session is reviewed.
        await announce(c.env, session.id);
        return c.json({ status: 'reviewed' as const }, 200);
      case 'not_allowed':
        throw conflict('not_finished', 'Only a session the candidate has finished (completed, ready for review or ended) can be reviewed.');
      case 'session_not_found':
        throw notFound('No such session');
      default:
        return result satisfies never;
    }
  })

  .post('/:sessionId/reopen-review', requirePermission('reviews.reopen'), ownSession, async (c) => {
    const session = c.var.session;
    const to = FINISHED_STATE[session.format];
    // Reopening twice answers the same; anything but a reviewed session has no review to reopen
    // (and the machine's own finishing step, in progress → completed, is the candidate's alone).
    if (session.status === to) return c.json({ status: to }, 200);
    if (session.status !== 'reviewed') throw conflict('not_reviewed', 'Only a reviewed session can be reopened.');
    const result = await transition(c.env.DB, session.id, to, { kind: 'member', memberId: c.var.member.memberId });
    switch (result.kind) {
      case 'changed':
      case 'unchanged':
        await announce(c.env, session.id);
        return c.json({ status: to }, 200);
      case 'not_allowed':
        throw conflict('not_reviewed', 'Only a reviewed session can be reopened.');
      case 'session_not_found':
        throw notFound('No such session');
      default:
        return result satisfies never;
    }
  })

  .get('/:sessionId/compare', requirePermission('sessions.read'), ownSession, async (c) => {
    const chain = await retakeChain(c.env.DB, c.var.session);
    const interviewId = c.var.session.interviewId;
    const interview = interviewId ? await findInterview(c.env.DB, c.var.member.orgId, interviewId) : null;
    const sessions: CompareView['sessions'] = await Promise.all(
      chain.map(async (session) => {
        const reviewed = await reviewedSession(c.env, session, c.var.member);
        return { session: summaryView(session, interview?.name ?? null), ...reviewed };
      }),
    );
    return c.json({ sessions } satisfies CompareView, 200);
  })

  .get('/:sessionId/resume', requirePermission('sessions.read'), ownSession, async (c) => {
    const session = c.var.session;
    const candidate = session.candidateId ? await findCandidate(c.env.DB, session.orgId, session.candidateId) : null;
    const object = candidate?.resumeKey ? await c.env.MEDIA.get(candidate.resumeKey) : null;
    if (!candidate || !object) throw notFound('This candidate has no resume');
    return c.body(object.body, 200, {
      'content-type': 'application/pdf',
      'content-length': String(object.size),
      'content-disposition': `inline; filename="resume.pdf"`,
      'cache-control': 'private, no-store',
    });
  });
