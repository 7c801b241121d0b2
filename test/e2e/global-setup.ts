import { existsSync } from 'node:fs';
import { chromiumPath } from './support.ts';

/** Fails fast, with how to fix it, before any browser test starts. */
export default function setup(): void {
  chromiumPath();
  if (!existsSync(new URL('../../dist/app/index.html', import.meta.url))) {
    throw new Error('The app is not built: run `npm run build` (npm test does it first).');
  }
}
