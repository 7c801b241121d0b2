import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { seedDemo } from '../dev/seed';
import { notFound } from '../errors';

/** Development only: `npm start` calls it after the migrations. Production answers 404. */
export const devSeed = new Hono<AppEnv>().post('/', async (c) => {
  if (c.env.ENVIRONMENT !== 'development') throw notFound();
  return c.json(await seedDemo(c.env.DB), 200);
});
