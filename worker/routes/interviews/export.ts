import { Hono } from 'hono';
import { requirePermission } from '../../auth/guard';
import type { AppEnv } from '../../context';
import { findInterview } from '../../db/interviews';
import { notFound } from '../../errors';
import { interviewCsv } from '../../review/export';
import { exportParamsSchema } from '../../schemas/review';
import { validate } from '../../validate';

/** `GET /api/interviews/:interviewId/export.csv`. */
export const interviewExport = new Hono<AppEnv>().get('/:interviewId/export.csv', requirePermission('sessions.read'), validate('param', exportParamsSchema), async (c) => {
  const { interviewId } = c.req.valid('param');
  const interview = await findInterview(c.env.DB, c.var.member.orgId, interviewId);
  if (!interview) throw notFound('No such interview');
  const csv = await interviewCsv(c.env.DB, interview);
  const day = new Date().toISOString().slice(0, 10);
  const name =
    interview.name
      .replace(/[^A-Za-z0-9 _-]+/g, '')
      .trim()
      .replace(/\s+/g, '-')
      .slice(0, 60) || 'interview';
  return c.body(csv, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${name}-sessions-${day}.csv"`,
    'cache-control': 'private, no-store',
  });
});
