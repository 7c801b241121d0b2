/**
 * `/api/interviews`: the interviews of the organization. Its parts: the interview itself, its
 * versions, Shareable Link and archiving (manage.ts); its Sessions tab and the ways of adding
 * candidates (candidates.ts); the CSV export (export.ts); the overview's figures (overview.ts).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../context';
import { interviewCandidates } from './candidates';
import { interviewExport } from './export';
import { manageInterviews } from './manage';
import { interviewOverviewRoute } from './overview';

export const interviews = new Hono<AppEnv>().route('/', manageInterviews).route('/', interviewCandidates).route('/', interviewExport).route('/', interviewOverviewRoute);
