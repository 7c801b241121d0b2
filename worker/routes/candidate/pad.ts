import { Hono } from 'hono';
import { z } from 'zod';
import { deviceNotRecognized, deviceTokenDigest, deviceTokenPattern, requireCandidate } from '../../candidate-auth';
import { brandingOf } from '../../candidates/view';
import type { AppEnv } from '../../context';
import { findCandidate } from '../../db/candidates';
import { findDevice } from '../../db/devices';
import { readPadSettings } from '../../db/pads';
import { findSession } from '../../db/sessions';
import { notFound } from '../../errors';
import { requireUpgrade, toPad } from '../../live-sockets';
import type { CandidatePadView } from '../../schemas/pads';
import { sessionStub } from '../../sessions';

/** Browsers cannot set headers on a WebSocket, so the device token comes in the query. */
const padSocketQuerySchema = z.object({ token: z.string().regex(deviceTokenPattern, 'must be a device token') });

const padEnded = () => notFound('This interview has ended.');

/** The candidate's pad: its waiting room and its editor socket. A pad that ended is gone for the candidate: 404. */
export const candidatePad = new Hono<AppEnv>()
  .get('/', requireCandidate, async (c) => {
    const device = c.var.candidate;
    const [session, settings, branding] = await Promise.all([
      findSession(c.env.DB, device.sessionId),
      readPadSettings(c.env.DB, device.orgId),
      brandingOf(c.env.DB, device.orgId, device.inviteToken),
    ]);
    if (session?.format !== 'live') throw notFound('This interview is not a live coding interview.');
    const status = await sessionStub(c.env, device.sessionId).padStatus();
    if (status.state === 'ended') throw padEnded();
    const candidate = device.candidateId ? await findCandidate(c.env.DB, device.orgId, device.candidateId) : null;
    const view: CandidatePadView = {
      state: status.state,
      language: status.language,
      orgName: branding.orgName,
      logoUrl: branding.logoUrl,
      waitingMessage: settings.waitingMessage,
      candidateName: candidate?.name ?? 'Candidate',
    };
    return c.json(view, 200);
  })

  .get('/socket', async (c) => {
    requireUpgrade(c.req.raw);
    const query = padSocketQuerySchema.safeParse({ token: c.req.query('token') });
    if (!query.success) throw deviceNotRecognized();
    const device = await findDevice(c.env.DB, await deviceTokenDigest(query.data.token));
    if (!device) throw deviceNotRecognized();
    const [session, settings] = await Promise.all([findSession(c.env.DB, device.sessionId), readPadSettings(c.env.DB, device.orgId)]);
    if (session?.format !== 'live') throw notFound('This interview is not a live coding interview.');
    if (session.status === 'ended') throw padEnded();
    const candidate = device.candidateId ? await findCandidate(c.env.DB, device.orgId, device.candidateId) : null;
    return toPad(c.env, device.sessionId, 'candidate', { name: candidate?.name ?? 'Candidate', waitingRoom: settings.waitingRoom });
  });
