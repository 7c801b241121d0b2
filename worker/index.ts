import { Hono } from 'hono';
import type { AppEnv } from './context';
import { handleError, handleNotFound } from './errors';
import { requestId, securityHeaders } from './middleware';
import { auth } from './routes/auth';
import { candidate } from './routes/candidate';
import { recordings } from './routes/recordings';
import { interviewCandidates, quota, sandbox, sessionAdmin } from './routes/candidates';
import { dev } from './routes/dev';
import { devSeed } from './routes/devSeed';
import { health } from './routes/health';
import { links } from './routes/links';
import { candidateLive, sessionLive } from './routes/live';
import { recordingsPlayback } from './routes/recordings-playback';
import { interviewExport, sessionReview } from './routes/review';
import { members } from './routes/members';
import { org } from './routes/org';
import { interviews } from './routes/interviews';
import { questions } from './routes/questions';

export { InterviewSession } from '../durable/InterviewSession';

const api = new Hono<AppEnv>()
  .route('/health', health)
  .route('/sessions', sessionAdmin)
  .route('/sessions', sessionLive)
  .route('/sessions', recordingsPlayback)
  .route('/sessions', sessionReview)
  // Before any /candidate sub-app: this one authenticates by query token, not by header.
  .route('/candidate/live', candidateLive)
  .route('/candidate/recordings', recordings)
  .route('/candidate', candidate)
  .route('/links', links)
  .route('/sandbox', sandbox)
  .route('/dev/seed', devSeed)
  .route('/auth', auth)
  .route('/members', members)
  .route('/org', org)
  .route('/org', quota)
  .route('/questions', questions)
  .route('/interviews', interviews)
  .route('/interviews', interviewCandidates)
  .route('/interviews', interviewExport)
  .route('/dev', dev);

const app = new Hono<AppEnv>();
app.use('*', requestId, securityHeaders);
const routes = app.route('/api', api);
app.all('/api/*', handleNotFound);
// Everything else is the PWA: static files, and index.html for the app's own routes.
app.all('*', (c) => c.env.ASSETS.fetch(c.req.raw));
app.notFound(handleNotFound);
app.onError(handleError);

/** The API's type, for the app's typed client (`hc<AppType>`). */
export type AppType = typeof routes;

export default app;
