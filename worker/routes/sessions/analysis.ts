/**
 * A session's analysis: the panel's content (built-in results, AI results, reviewers' overrides),
 * re-running it, and overriding an AI score beside it. A session of another organization is
 * simply not found. AI results inform reviewers; nothing here moves a session's state.
 */
import { Hono } from 'hono';
import { requirePermission } from '../../auth/guard';
import { owned } from '../../auth/owned';
import type { AppEnv } from '../../context';
import { listOverrides, saveOverride } from '../../db/analysis';
import { findOrgSession } from '../../db/sessions';
import { conflict, HttpError, notFound } from '../../errors';
import { type AnalysisView, OVERALL_KEY, overrideParamsSchema, overrideRequestSchema } from '../../schemas/analysis';
import { sessionStub } from '../../sessions';
import { isFinished } from '../../state/session-states';
import { validate } from '../../validate';

const ownSession = owned('session', 'sessionId', 'session', (db, member, id) => findOrgSession(db, member.orgId, id));

async function analysisOf(env: Env, orgId: string, sessionId: string): Promise<AnalysisView> {
  const [view, overrides] = await Promise.all([sessionStub(env, sessionId).analysisView(), listOverrides(env.DB, orgId, sessionId)]);
  return { ...view, overrides };
}

export const sessionAnalysis = new Hono<AppEnv>()
  .get('/:sessionId/analysis', requirePermission('sessions.read'), ownSession, async (c) => {
    return c.json(await analysisOf(c.env, c.var.session.orgId, c.var.session.id), 200);
  })

  .post('/:sessionId/analysis', requirePermission('reviews.write'), ownSession, async (c) => {
    const session = c.var.session;
    const notFinished = () => conflict('not_finished', 'Only a session the candidate has finished (completed, ready for review or ended) can be analysed.');
    if (!isFinished(session.status)) throw notFinished();
    const result = await sessionStub(c.env, session.id).requestAnalysis(c.var.member.memberId);
    switch (result.kind) {
      case 'queued':
      case 'already_pending':
        return c.json(await analysisOf(c.env, session.orgId, session.id), 202);
      case 'balance_short':
        throw new HttpError(402, 'ai_tokens_short', result.message);
      case 'not_finished':
        throw notFinished();
      default:
        return result satisfies never;
    }
  })

  .put(
    '/:sessionId/analysis/overrides/:target',
    requirePermission('reviews.write'),
    ownSession,
    validate('param', overrideParamsSchema),
    validate('json', overrideRequestSchema),
    async (c) => {
      const session = c.var.session;
      const { target } = c.req.valid('param');
      if (session.status === 'reviewed') {
        throw conflict('review_finished', 'The review of this session is finished. An admin can reopen it to change scores.');
      }
      const view = await sessionStub(c.env, session.id).analysisView();
      if (target !== OVERALL_KEY && !view.answers.some((a) => a.questionId === target)) throw notFound('This session has no analysed answer with that id');
      await saveOverride(c.env.DB, { orgId: session.orgId, sessionId: session.id, target, memberId: c.var.member.memberId, score: c.req.valid('json').score }, Date.now());
      return c.json({ overrides: await listOverrides(c.env.DB, session.orgId, session.id) }, 200);
    },
  );
