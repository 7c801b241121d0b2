import { Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/guard';
import { owned } from '../../auth/owned';
import { inviteUrlOf } from '../../candidates/list';
import type { AppEnv } from '../../context';
import { snapshotInterview } from '../../db/interviews';
import { findPad } from '../../db/pads';
import { findOrgSession } from '../../db/sessions';
import { conflict, HttpError } from '../../errors';
import { requireUpgrade, toPad } from '../../live-sockets';
import { CODE_LANGUAGES } from '../../schemas/code';
import type { PadView } from '../../schemas/pads';
import { sessionStub } from '../../sessions';
import { validate } from '../../validate';

const padLanguageSchema = z.object({ language: z.enum(CODE_LANGUAGES, { error: 'must be javascript, typescript or python' }) });

/** The pad the id names, in the caller's organization, before any body is read: 404 otherwise. */
const ownPad = owned('pad', 'sessionId', 'pad', (db, me, id) => findPad(db, me.orgId, id));

/**
 * An interviewer may open the pad before the candidate opened their link: the object is bound to
 * its session and takes its copy of the interview (the starter code comes from it) without the
 * session starting; the candidate's start later finds the copy already taken.
 */
async function preparePad(env: Env, orgId: string, sessionId: string): Promise<void> {
  const session = await findOrgSession(env.DB, orgId, sessionId);
  if (!session || session.startedAt !== null) return;
  const stub = sessionStub(env, sessionId);
  await stub.initialize({ sessionId, orgId });
  const snapshot = session.interviewId ? await snapshotInterview(env.DB, orgId, session.interviewId) : null;
  if (snapshot) await stub.start(snapshot);
}

/**
 * `/api/sessions/:sessionId/pad`: the interviewer's side of a pad (a session of a live interview).
 * The editor itself is a WebSocket to the session's object (durable/pad.ts).
 */
export const sessionPad = new Hono<AppEnv>()
  .get('/:sessionId/pad', requirePermission('sessions.read'), ownPad, async (c) => {
    const pad = c.var.pad;
    const status = await sessionStub(c.env, pad.sessionId).padStatus();
    const view: PadView = {
      sessionId: pad.sessionId,
      candidateName: pad.candidateName,
      interviewName: pad.interviewName,
      memberName: c.var.member.name,
      inviteUrl: inviteUrlOf(c.req.url, pad.inviteToken),
      state: status.state,
      language: status.language,
    };
    return c.json(view, 200);
  })

  .get('/:sessionId/pad/socket', requirePermission('pads.run'), ownPad, async (c) => {
    requireUpgrade(c.req.raw);
    // As for live status: a WebSocket handshake carries cookies from any page, so it must be ours.
    const origin = c.req.header('origin');
    if (origin && origin !== new URL(c.req.url).origin) throw new HttpError(403, 'csrf_failed', 'A pad may only be opened from the Holdfast page itself.');
    const pad = c.var.pad;
    await preparePad(c.env, c.var.member.orgId, pad.sessionId);
    return toPad(c.env, pad.sessionId, 'interviewer', { name: c.var.member.name });
  })

  /** Admit: the candidate leaves the waiting room and gets the pad. */
  .post('/:sessionId/pad/admit', requirePermission('pads.run'), ownPad, async (c) => {
    const pad = c.var.pad;
    if (pad.state === 'ended') throw conflict('pad_ended', 'This interview has ended.');
    return c.json(await sessionStub(c.env, pad.sessionId).admitToPad(), 200);
  })

  .put('/:sessionId/pad/language', requirePermission('pads.run'), ownPad, validate('json', padLanguageSchema), async (c) => {
    const pad = c.var.pad;
    if (pad.state === 'ended') throw conflict('pad_ended', 'This interview has ended.');
    return c.json(await sessionStub(c.env, pad.sessionId).padLanguage(c.req.valid('json').language), 200);
  })

  /** End Interview: idempotent; the candidate's sockets are closed and their API answers 404 from then on. */
  .post('/:sessionId/pad/end', requirePermission('pads.run'), ownPad, async (c) => {
    const pad = c.var.pad;
    const result = await sessionStub(c.env, pad.sessionId).endPad({ kind: 'member', memberId: c.var.member.memberId });
    if (result.kind === 'not_started') throw conflict('not_started', 'The candidate has not opened this pad yet: there is nothing to end.');
    return c.json({ state: 'ended' as const }, 200);
  })

  /** Playback: every update with its time and author, the runs, pastes and focus changes, and the final document. */
  .get('/:sessionId/pad/history', requirePermission('sessions.read'), ownPad, async (c) => {
    const pad = c.var.pad;
    return c.json(await sessionStub(c.env, pad.sessionId).padHistory(), 200);
  });
