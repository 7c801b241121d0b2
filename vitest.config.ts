import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';

const migrations = await readD1Migrations('migrations');

/**
 * Four layers, one runner: worker tests inside workerd against real local D1, R2 and Durable
 * Objects; app unit tests in Node; media tests in Node with ffmpeg; end-to-end tests driving
 * Chromium against `wrangler dev`.
 */
export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    // The Worker logs a line per request: show test output only for a test that failed.
    silent: 'passed-only',
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            // AI_DOUBLE: model calls are answered by the recorded-response double at the binding's
            // boundary (worker/analysis/double.ts); D1, R2 and Durable Objects stay real.
            miniflare: { bindings: { TEST_MIGRATIONS: migrations, ENVIRONMENT: 'development', AI_DOUBLE: 'recorded' } },
          }),
        ],
        // Lets tests import office fixtures as `?inline` data URLs (workerd has no file system).
        assetsInclude: ['**/*.xlsx'],
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts'],
          setupFiles: ['test/worker/support/apply-migrations.ts'],
        },
      },
      {
        plugins: [solid()],
        test: {
          name: 'app',
          include: ['test/app/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // Node, for tools workerd cannot start: ffmpeg decodes what worker/media makes of recordings.
        test: {
          name: 'media',
          include: ['test/media/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One Chromium and one wrangler at a time: this machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
