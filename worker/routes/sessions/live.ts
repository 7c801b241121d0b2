import { Hono } from 'hono';
import { requirePermission } from '../../auth/guard';
import type { AppEnv } from '../../context';
import { findOrgSession } from '../../db/sessions';
import { HttpError, notFound } from '../../errors';
import { requireUpgrade, toSession } from '../../live-sockets';
import { sessionParamsSchema } from '../../schemas/core';
import { validate } from '../../validate';

/** `GET /api/sessions/:sessionId/live`: a member watching one session from the dashboard (see worker/live-sockets.ts). */
export const sessionLive = new Hono<AppEnv>().get('/:sessionId/live', requirePermission('sessions.read'), validate('param', sessionParamsSchema), async (c) => {
  requireUpgrade(c.req.raw);
  // Browsers send cookies with a WebSocket handshake from any page and CSRF tokens cannot ride
  // along, so the page's origin must be ours (Cross-Site WebSocket Hijacking).
  const origin = c.req.header('origin');
  if (origin && origin !== new URL(c.req.url).origin) {
    throw new HttpError(403, 'csrf_failed', 'Live status may only be opened from the Holdfast page itself.');
  }
  const { sessionId } = c.req.valid('param');
  if (!(await findOrgSession(c.env.DB, c.var.member.orgId, sessionId))) throw notFound('No such session');
  return toSession(c.env, sessionId, 'watcher', { memberId: c.var.member.memberId, role: c.var.member.role });
});
