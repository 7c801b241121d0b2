/**
 * `npm start`: build the app, apply the D1 migrations locally, serve everything with
 * `wrangler dev`, and seed the demo organization (idempotent). No account, no network.
 *
 *   --port N            listen on N (default 8787)
 *   --persist-to DIR    where local D1/R2/Durable Objects live (default .wrangler/state)
 *   --skip-build        serve the last build
 *   --exit-when-ready   stop once seeded (used by the tests)
 *   --ai-double         answer AI analysis from recorded responses (no account needed)
 */
import { parseArgs } from 'node:util';
import { applyMigrations, buildApp, seed, startDevServer } from './dev-server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    'persist-to': { type: 'string', default: '.wrangler/state' },
    'skip-build': { type: 'boolean', default: false },
    'exit-when-ready': { type: 'boolean', default: false },
    'ai-double': { type: 'boolean', default: false },
  },
});

const persistTo = values['persist-to'];
if (!values['skip-build']) {
  console.log('Building the app…');
  buildApp();
}
console.log('Applying D1 migrations to the local database…');
applyMigrations(persistTo);
console.log('Starting wrangler dev…');
const server = await startDevServer({ port: Number(values.port), persistTo, ...(values['ai-double'] ? { vars: { AI_DOUBLE: 'recorded' } } : {}) });
const report = await seed(server.url);
for (const line of report.created) console.log(`  seeded ${line}`);
for (const line of report.existing) console.log(`  already there: ${line}`);

console.log(`
Holdfast is running at ${server.url}
  Dashboard:        ${server.url}/dashboard   (log in as ${report.login.email} / ${report.login.password})
  Candidate invite: ${report.invitePath ? server.url + report.invitePath : '(none)'}
  Mail outbox:      ${server.url}/dashboard/outbox
  Health:           ${server.url}/api/health
Press Ctrl+C to stop.`);

if (values['exit-when-ready']) {
  await server.stop();
  process.exit(0);
}
const shutdown = () => void server.stop().then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
server.process.once('exit', (code) => process.exit(code ?? 0));
