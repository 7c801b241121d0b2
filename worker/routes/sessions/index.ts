/**
 * `/api/sessions`: one session of the organization, seen from the dashboard. Its parts: retake
 * and delete (admin.ts), live status (live.ts), a live interview's pad (pad.ts), recording playback (recordings.ts), the
 * review (review.ts) and its analysis (analysis.ts), and code answers' playback and tests (code.ts).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../context';
import { sessionAdmin } from './admin';
import { sessionAnalysis } from './analysis';
import { sessionCode } from './code';
import { sessionLive } from './live';
import { sessionPad } from './pad';
import { sessionRecordings } from './recordings';
import { sessionReview } from './review';

export const sessions = new Hono<AppEnv>()
  .route('/', sessionAdmin)
  .route('/', sessionLive)
  .route('/', sessionPad)
  .route('/', sessionRecordings)
  .route('/', sessionReview)
  .route('/', sessionCode)
  .route('/', sessionAnalysis);
