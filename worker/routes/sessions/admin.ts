import { Hono } from 'hono';
import { requirePermission } from '../../auth/guard';
import { owned } from '../../auth/owned';
import { createSessionForCandidate, interviewForSessions } from '../../candidates/create';
import { deleteSession } from '../../candidates/delete';
import { sessionItemOf } from '../../candidates/list';
import type { AppEnv } from '../../context';
import { findCandidate } from '../../db/candidates';
import { findInterview } from '../../db/interviews';
import { findOrgSession } from '../../db/sessions';
import { conflict, HttpError, notFound } from '../../errors';
import { deleteSessionRequestSchema } from '../../schemas/candidate';
import { validate } from '../../validate';

const ownSession = owned('session', 'sessionId', 'session', (db, me, id) => findOrgSession(db, me.orgId, id));

/** A session, from the Sessions tab: retake and delete. */
export const sessionAdmin = new Hono<AppEnv>()
  .post('/:sessionId/retake', requirePermission('candidates.manage'), ownSession, async (c) => {
    const previous = c.var.session;
    if (previous.status === 'not_started') throw conflict('not_started', 'This session has not been started yet: send the candidate their link instead.');
    if (previous.retakenBy) throw conflict('already_retaken', 'This session was already retaken; retake the newest one.');
    const [candidate, interview] = await Promise.all([
      previous.candidateId ? findCandidate(c.env.DB, previous.orgId, previous.candidateId) : null,
      previous.interviewId ? findInterview(c.env.DB, previous.orgId, previous.interviewId) : null,
    ]);
    if (!candidate || !interview) throw notFound('This session has no candidate to retake');
    const session = await createSessionForCandidate(c.env.DB, {
      interview: interviewForSessions(interview),
      candidate,
      practice: previous.practice,
      retakeOf: previous.id,
      now: Date.now(),
    });
    return c.json({ session: sessionItemOf(c.req.url, session, candidate) }, 201);
  })

  /** Permanent. The body must name the candidate, as the confirmation dialog asks. */
  .delete('/:sessionId', requirePermission('candidates.manage'), ownSession, validate('json', deleteSessionRequestSchema), async (c) => {
    const session = c.var.session;
    const candidate = session.candidateId ? await findCandidate(c.env.DB, session.orgId, session.candidateId) : null;
    const expected = candidate?.name ?? '';
    const normalize = (name: string) => name.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
    if (normalize(c.req.valid('json').confirmName) !== normalize(expected)) {
      throw new HttpError(400, 'confirmation_mismatch', `Type the candidate's name, ${expected}, to delete this session.`, { confirmName: "must be the candidate's name" });
    }
    await deleteSession(c.env, session);
    return c.body(null, 204);
  });
