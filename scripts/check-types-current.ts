/**
 * Fails when worker/worker-configuration.d.ts is not what `npm run types` would write now (after a
 * change to wrangler.toml, to the Durable Object's exports, or to wrangler's bundled workerd).
 *   npm run check:types-current
 * Runs offline: `wrangler types` reads wrangler.toml, the Worker's exports and workerd's own types.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const committedPath = 'worker/worker-configuration.d.ts';
// Next to the committed file, so the `import("./index")` paths wrangler writes are the same.
const freshPath = `worker/.worker-configuration.check-${process.pid}.d.ts`;

let fresh: string;
try {
  execFileSync('wrangler', ['types', '--strict-vars=false', freshPath], {
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // The header names the file it was written to; everything else (the hash included) is content.
  fresh = readFileSync(freshPath, 'utf8').replace(`types --strict-vars=false ${freshPath}`, `types --strict-vars=false ${committedPath}`);
} finally {
  rmSync(freshPath, { force: true });
}

const committed = readFileSync(committedPath, 'utf8');
if (fresh !== committed) {
  const a = committed.split('\n');
  const b = fresh.split('\n');
  const first = a.findIndex((line, i) => line !== b[i]);
  const line = first === -1 ? Math.min(a.length, b.length) + 1 : first + 1;
  console.error(`${committedPath} is out of date (first difference at line ${line}):`);
  console.error(`  committed: ${a[line - 1] ?? '(end of file)'}`);
  console.error(`  generated: ${b[line - 1] ?? '(end of file)'}`);
  console.error('Run `npm run types` and commit the result.');
  process.exit(1);
}
