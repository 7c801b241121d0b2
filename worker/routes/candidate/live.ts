import { Hono } from 'hono';
import { z } from 'zod';
import { deviceNotRecognized, deviceTokenDigest, deviceTokenPattern } from '../../candidate-auth';
import type { AppEnv } from '../../context';
import { findDevice } from '../../db/devices';
import { requireUpgrade, toSession } from '../../live-sockets';

/** Browsers cannot set headers on a WebSocket, so the device token comes in the query. */
const candidateLiveQuerySchema = z.object({ token: z.string().regex(deviceTokenPattern, 'must be a device token') });

/** `GET /api/candidate/live?token=<deviceToken>`: the candidate's device reporting where it is (see worker/live-sockets.ts). */
export const candidateLive = new Hono<AppEnv>().get('/', async (c) => {
  requireUpgrade(c.req.raw);
  const query = candidateLiveQuerySchema.safeParse({ token: c.req.query('token') });
  if (!query.success) throw deviceNotRecognized();
  const device = await findDevice(c.env.DB, await deviceTokenDigest(query.data.token));
  if (!device) throw deviceNotRecognized();
  return toSession(c.env, device.sessionId, 'candidate');
});
