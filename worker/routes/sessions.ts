import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { findSession } from '../db/sessions';
import { notFound } from '../errors';
import { checkpointRequestSchema, sessionParamsSchema } from '../schemas/core';
import { sessionStub } from '../sessions';
import { validate } from '../validate';

/** The candidate write path: every write is idempotent on its client-generated id. */
export const sessions = new Hono<AppEnv>().post(
  '/:sessionId/checkpoints',
  validate('param', sessionParamsSchema),
  validate('json', checkpointRequestSchema),
  async (c) => {
    const { sessionId } = c.req.valid('param');
    const { clientId, payload } = c.req.valid('json');
    const session = await findSession(c.env.DB, sessionId);
    if (!session) throw notFound('No such session');
    const result = await sessionStub(c.env, sessionId).checkpoint(clientId, payload);
    switch (result.kind) {
      case 'stored':
        return c.json({ receipt: result.receipt }, 200);
      case 'session_not_found':
        throw notFound('No such session');
      default:
        return result satisfies never;
    }
  },
);
