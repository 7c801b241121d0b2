/** `GET /api/interviews/:interviewId/overview`: the figures behind the interview page's charts. */
import { z } from 'zod';
import type { SessionState } from '../state/session-states';
import { idSchema } from './core';

const OVERVIEW_DAYS = { min: 7, max: 90, default: 14 } as const;

export const overviewParamsSchema = z.object({ interviewId: idSchema });
export const overviewQuerySchema = z.object({
  days: z.coerce
    .number()
    .int('must be a whole number of days')
    .min(OVERVIEW_DAYS.min, `must be at least ${OVERVIEW_DAYS.min}`)
    .max(OVERVIEW_DAYS.max, `must be at most ${OVERVIEW_DAYS.max}`)
    .default(OVERVIEW_DAYS.default),
});

export interface InterviewOverview {
  /** One entry per UTC day, oldest first, ending today: how many sessions were in each state at the day's end. */
  days: { date: string; states: Record<SessionState, number> }[];
  /** Sessions now (practice sessions are never counted). */
  sessions: number;
  started: number;
  /** Completed, ended or reviewed: the candidate is done. */
  submitted: number;
  /** submitted / sessions; null without sessions. */
  completionRate: number | null;
  /** From start to submission, over submitted sessions; null when none. */
  medianTimeToCompleteMs: number | null;
  /** Answers rated 1 to 5 (index 0 is rating 1), every reviewer's rating counted. */
  ratings: [number, number, number, number, number];
}
