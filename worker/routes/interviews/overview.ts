import { Hono } from 'hono';
import { requirePermission } from '../../auth/guard';
import type { AppEnv } from '../../context';
import { findInterview } from '../../db/interviews';
import { notFound } from '../../errors';
import { interviewOverview } from '../../review/overview';
import { overviewParamsSchema, overviewQuerySchema } from '../../schemas/overview';
import { validate } from '../../validate';

/** `GET /api/interviews/:interviewId/overview?days=14`: the figures behind the interview page's charts. */
export const interviewOverviewRoute = new Hono<AppEnv>().get(
  '/:interviewId/overview',
  requirePermission('sessions.read'),
  validate('param', overviewParamsSchema),
  validate('query', overviewQuerySchema),
  async (c) => {
    const { interviewId } = c.req.valid('param');
    const interview = await findInterview(c.env.DB, c.var.member.orgId, interviewId);
    if (!interview) throw notFound('No such interview');
    return c.json(await interviewOverview(c.env.DB, interview.orgId, interview.id, c.req.valid('query').days), 200);
  },
);
