/**
 * `/api/sessions`: one session of the organization, seen from the dashboard. Its parts: retake
 * and delete (admin.ts), live status (live.ts), recording playback (recordings.ts), the
 * review (review.ts) and its analysis (analysis.ts).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../context';
import { sessionAdmin } from './admin';
import { sessionAnalysis } from './analysis';
import { sessionLive } from './live';
import { sessionRecordings } from './recordings';
import { sessionReview } from './review';

export const sessions = new Hono<AppEnv>().route('/', sessionAdmin).route('/', sessionLive).route('/', sessionRecordings).route('/', sessionReview).route('/', sessionAnalysis);
