import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context';
import { notFound } from '../errors';
import { readOutbox } from '../mail';
import { emailSchema } from '../schemas/auth';
import { validate } from '../validate';

/**
 * Development only: the local mail outbox, shown by the dashboard's dev page so invitation links
 * and one-time codes can be followed without a mail server. Anywhere else it does not exist.
 */
export const dev = new Hono<AppEnv>().get(
  '/outbox',
  async (c, next) => {
    if (c.env.ENVIRONMENT !== 'development') throw notFound(`No route for GET ${new URL(c.req.url).pathname}`);
    await next();
  },
  validate('query', z.object({ to: emailSchema.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })),
  async (c) => {
    const { to, limit } = c.req.valid('query');
    return c.json({ messages: await readOutbox(c.env.DB, { to, limit }) }, 200);
  },
);
