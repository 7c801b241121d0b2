/**
 * Fails when any module imports itself through others (type-only imports count: a cycle of types
 * is still two modules that cannot be read or moved apart). Silent when there is none.
 *   npm run check:cycles
 * Entries: the Worker, the app and its service worker, then every other source, script and test
 * file, so a module nothing reaches yet (a new one, or one only tests use) is checked too.
 */
import dpdm from 'dpdm';

const entries = [
  'worker/index.ts',
  'app/src/main.tsx',
  'app/src/sw.ts',
  'worker/**/*.ts',
  'durable/**/*.ts',
  'app/src/**/*.{ts,tsx}',
  'scripts/*.ts',
  'test/**/*.ts',
  'vite.config.ts',
  'vitest.config.ts',
];

const context = process.cwd();
const tree = await dpdm.parseDependencyTree(entries, {
  context,
  // Type imports are kept (`transform` would strip them before the analysis).
  transform: false,
  // Generated declarations import nothing of ours; reading them only slows the walk down.
  exclude: /node_modules|worker-configuration\.d\.ts$/,
});
const cycles = dpdm.parseCircular(dpdm.shortenTree(context, tree));

if (cycles.length > 0) {
  console.error(`Import cycles (${cycles.length}); each line is a loop that comes back to its first module:`);
  for (const cycle of cycles) console.error(`  ${[...cycle, cycle[0]].join(' -> ')}`);
  process.exit(1);
}
