/**
 * Live status WebSockets. The Worker authenticates and authorizes the upgrade, then hands it to
 * the session's Durable Object (durable/live.ts), which keeps the socket hibernatable. The object
 * trusts the role headers set here because only this Worker can reach it.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { LIVE_MEMBER_HEADER, LIVE_ROLE_HEADER, type LiveRole } from '../../durable/live';
import { requirePermission } from '../auth/guard';
import { deviceNotRecognized, deviceTokenDigest, findDevice } from '../candidate-auth';
import type { AppEnv } from '../context';
import { findOrgSession } from '../db/sessions';
import { HttpError, notFound } from '../errors';
import { sessionParamsSchema } from '../schemas/core';
import { sessionStub } from '../sessions';
import { validate } from '../validate';

const upgradeRequired = () => new HttpError(426, 'upgrade_required', 'This address only speaks WebSocket.', undefined, { upgrade: 'websocket' });

function requireUpgrade(request: Request): void {
  if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') throw upgradeRequired();
}

/**
 * A fresh request to the object: nothing the browser sent rides along except the upgrade, so a
 * client can never set the role headers itself.
 */
function toSession(env: Env, sessionId: string, role: LiveRole, memberId?: string): Promise<Response> {
  const headers = new Headers({ upgrade: 'websocket', [LIVE_ROLE_HEADER]: role });
  if (memberId) headers.set(LIVE_MEMBER_HEADER, memberId);
  return sessionStub(env, sessionId).fetch(new Request('https://session.internal/live', { headers }));
}

/** `GET /api/sessions/:sessionId/live`: a member watching one session from the dashboard. */
export const sessionLive = new Hono<AppEnv>().get(
  '/:sessionId/live',
  requirePermission('sessions.read'),
  validate('param', sessionParamsSchema),
  async (c) => {
    requireUpgrade(c.req.raw);
    // Browsers send cookies with a WebSocket handshake from any page and CSRF tokens cannot ride
    // along, so the page's origin must be ours (Cross-Site WebSocket Hijacking).
    const origin = c.req.header('origin');
    if (origin && origin !== new URL(c.req.url).origin) {
      throw new HttpError(403, 'csrf_failed', 'Live status may only be opened from the Holdfast page itself.');
    }
    const { sessionId } = c.req.valid('param');
    if (!(await findOrgSession(c.env.DB, c.var.member.orgId, sessionId))) throw notFound('No such session');
    return toSession(c.env, sessionId, 'watcher', c.var.member.memberId);
  },
);

/** Browsers cannot set headers on a WebSocket, so the device token comes in the query. */
const candidateLiveQuerySchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'must be a device token') });

/** `GET /api/candidate/live?token=<deviceToken>`: the candidate's device reporting where it is. */
export const candidateLive = new Hono<AppEnv>().get('/', async (c) => {
  requireUpgrade(c.req.raw);
  const query = candidateLiveQuerySchema.safeParse({ token: c.req.query('token') });
  if (!query.success) throw deviceNotRecognized();
  const device = await findDevice(c.env.DB, await deviceTokenDigest(query.data.token));
  if (!device) throw deviceNotRecognized();
  return toSession(c.env, device.sessionId, 'candidate');
});
