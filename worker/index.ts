import { Hono } from 'hono';
import type { AppEnv } from './context';
import { handleError, handleNotFound } from './errors';
import { responseHeaders } from './middleware';
import { auth } from './routes/auth';
import { candidate } from './routes/candidate';
import { fastWrite } from './routes/candidate/fast-writes';
import { dev } from './routes/dev';
import { health } from './routes/health';
import { interviews } from './routes/interviews';
import { invitePage } from './routes/invite-page';
import { links } from './routes/links';
import { members } from './routes/members';
import { org } from './routes/org';
import { pads } from './routes/pads';
import { questions } from './routes/questions';
import { sandbox } from './routes/sandbox';
import { sessions } from './routes/sessions';

export { InterviewSession } from '../durable/InterviewSession';

const api = new Hono<AppEnv>()
  .route('/health', health)
  .route('/sessions', sessions)
  .route('/candidate', candidate)
  .route('/links', links)
  .route('/sandbox', sandbox)
  .route('/auth', auth)
  .route('/members', members)
  .route('/org', org)
  .route('/pads', pads)
  .route('/questions', questions)
  .route('/interviews', interviews)
  .route('/dev', dev);

export const app = new Hono<AppEnv>();
app.use('*', responseHeaders);
const routes = app.route('/api', api);
app.all('/api/*', handleNotFound);
// The app's development pages (the code sandbox playground) exist only in local development.
app.all('/dev/*', async (c, next) => (c.env.ENVIRONMENT === 'development' ? next() : handleNotFound(c)));
// An interview link's page carries its first screen (issue 14): it paints before any script runs.
app.route('/i', invitePage);
// Everything else is the PWA: static files, and index.html for the app's own routes.
app.all('*', (c) => c.env.ASSETS.fetch(c.req.raw));
app.notFound(handleNotFound);
app.onError(handleError);

/** The API's type, for the app's typed client (`hc<AppType>`). */
export type AppType = typeof routes;

/**
 * The candidate's text answers and recording chunks take a fast path when they are ordinary
 * (routes/candidate/fast-writes.ts); everything else, and anything unusual about those, is the app's.
 */
export default {
  fetch(request, env, ctx) {
    return fastWrite(request, env, ctx, app.fetch) ?? app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
