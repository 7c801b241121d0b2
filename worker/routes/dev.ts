import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import type { AppEnv } from '../context';
import { readOutbox } from '../db/mail-outbox';
import { seedDemo } from '../dev/seed';
import { handleNotFound } from '../errors';
import { emailSchema } from '../schemas/auth';
import { validate } from '../validate';

/** Outside local development the dev routes do not exist: they answer as any unknown route does. */
const developmentOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.env.ENVIRONMENT !== 'development') return handleNotFound(c);
  await next();
});

/** Development only: helpers for `npm start` and the dashboard's dev page. */
export const dev = new Hono<AppEnv>()
  .use('*', developmentOnly)

  /**
   * The local mail outbox, shown by the dashboard's dev page so invitation links and one-time
   * codes can be followed without a mail server.
   */
  .get('/outbox', validate('query', z.object({ to: emailSchema.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })), async (c) => {
    const { to, limit } = c.req.valid('query');
    return c.json({ messages: await readOutbox(c.env.DB, { to, limit }) }, 200);
  })

  /** The demo organization; `npm start` calls it after the migrations. */
  .post('/seed', async (c) => {
    return c.json(await seedDemo(c.env.DB), 200);
  });
