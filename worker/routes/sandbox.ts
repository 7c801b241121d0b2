import { Hono } from 'hono';
import { requirePermission } from '../auth/guard';
import { admitDevice, beginSession } from '../candidates/entry';
import { inviteUrlOf } from '../candidates/list';
import { practiceSessionFor } from '../candidates/sandbox';
import type { AppEnv } from '../context';
import { findSession } from '../db/sessions';

/** Any member tries the organization's sandbox interview as a candidate, on this device. */
export const sandbox = new Hono<AppEnv>().post('/start', requirePermission('sandbox.take'), async (c) => {
  const { session, created } = await practiceSessionFor(c.env.DB, c.var.member);
  const fresh = (await findSession(c.env.DB, session.id)) ?? session;
  if (fresh.startedAt === null) await beginSession(c.env, fresh);
  const entry = await admitDevice(c.env, { ...fresh, startedAt: fresh.startedAt ?? Date.now() });
  return c.json({ sessionId: entry.sessionId, deviceToken: entry.deviceToken, url: inviteUrlOf(c.req.url, fresh.inviteToken) }, created ? 201 : 200);
});
