/** `/api/pads`: the organization's pads (sessions of live interviews), and its waiting-room settings. */
import { Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/guard';
import type { AppEnv } from '../../context';
import { listPads, readPadSettings, updatePadSettings } from '../../db/pads';
import { validate } from '../../validate';

const padSettingsSchema = z.strictObject({
  waitingRoom: z.boolean({ error: 'must be true or false' }).optional(),
  waitingMessage: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
});

export const pads = new Hono<AppEnv>()
  .get('/', requirePermission('sessions.read'), async (c) => {
    return c.json({ pads: await listPads(c.env.DB, c.var.member.orgId) }, 200);
  })

  .get('/settings', requirePermission('org.read'), async (c) => {
    return c.json(await readPadSettings(c.env.DB, c.var.member.orgId), 200);
  })

  .patch('/settings', requirePermission('org.manage'), validate('json', padSettingsSchema), async (c) => {
    await updatePadSettings(c.env.DB, c.var.member.orgId, c.req.valid('json'), Date.now());
    return c.json(await readPadSettings(c.env.DB, c.var.member.orgId), 200);
  });
