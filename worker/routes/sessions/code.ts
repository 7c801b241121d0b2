/**
 * Reviewing code answers: the event log for playback, the question's full tests (hidden ones
 * too) with the runs stored so far, and storing a run made in a reviewer's browser. Hidden tests
 * are given only to members who may review; another organization's session is simply not found.
 */
import { Hono } from 'hono';
import { requirePermission } from '../../auth/guard';
import { owned } from '../../auth/owned';
import type { AppEnv } from '../../context';
import { findOrgSession } from '../../db/sessions';
import { badRequest, conflict, notFound } from '../../errors';
import type { TestRunAnswer } from '../../schemas/code-review';
import { testRunPostSchema } from '../../schemas/code-review';
import { answerReviewParamsSchema } from '../../schemas/review';
import { sessionStub } from '../../sessions';
import { validate } from '../../validate';

const ownSession = owned('session', 'sessionId', 'session', (db, member, id) => findOrgSession(db, member.orgId, id));
const noCodeQuestion = () => notFound('This session has no such code question');

export const sessionCode = new Hono<AppEnv>()
  .get('/:sessionId/code/:questionId/timeline', requirePermission('sessions.read'), ownSession, validate('param', answerReviewParamsSchema), async (c) => {
    const timeline = await sessionStub(c.env, c.var.session.id).codeTimeline(c.req.valid('param').questionId);
    if (!timeline) throw noCodeQuestion();
    return c.json(timeline, 200);
  })

  .get('/:sessionId/code/:questionId/tests', requirePermission('reviews.write'), ownSession, validate('param', answerReviewParamsSchema), async (c) => {
    const view = await sessionStub(c.env, c.var.session.id).codeTestsView(c.req.valid('param').questionId);
    if (!view) throw noCodeQuestion();
    return c.json(view, 200);
  })

  .post(
    '/:sessionId/code/:questionId/test-runs',
    requirePermission('reviews.write'),
    ownSession,
    validate('param', answerReviewParamsSchema),
    validate('json', testRunPostSchema),
    async (c) => {
      const member = c.var.member;
      const result = await sessionStub(c.env, c.var.session.id).recordTestRun(c.req.valid('param').questionId, c.req.valid('json'), {
        memberId: member.memberId,
        name: member.name,
      });
      switch (result.kind) {
        case 'stored':
        case 'already_stored': {
          const body: TestRunAnswer = { ...result.view, run: result.run, stored: result.kind === 'stored' };
          return c.json(body, result.kind === 'stored' ? 201 : 200);
        }
        case 'not_a_code_question':
          throw noCodeQuestion();
        case 'unknown_tests':
          throw badRequest(`The question has no test ${result.testIds.join(', ')}`, { outcomes: 'must name tests of this question' });
        case 'run_id_taken':
          throw conflict('run_id_taken', 'This run id belongs to a run of another question; send a new one.');
        default:
          return result satisfies never;
      }
    },
  );
