import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import solid from 'vite-plugin-solid';

const THEME = '#0f5c63';

/**
 * Pyodide runs candidates' Python in the browser (app/src/code/runner.ts). Its files come from the
 * npm package and are served from our own origin, never a CDN, under a folder named by version so
 * a cached copy never goes stale. They stay out of the precache: only a device that meets a Python
 * question downloads them (about 13 MB), into the Cache API.
 */
const PYODIDE_DIR = dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
const PYODIDE_VERSION = (JSON.parse(readFileSync(join(PYODIDE_DIR, 'package.json'), 'utf8')) as { version: string }).version;
const PYODIDE_FILES = ['pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];
const PYODIDE = {
  base: `/pyodide/${PYODIDE_VERSION}/`,
  files: Object.fromEntries(PYODIDE_FILES.map((name) => [name, statSync(join(PYODIDE_DIR, name)).size])),
};

/** pyodide.mjs imports Node's modules (dynamically, only when it runs in Node): leave them be. */
function nodeOnlyImports(): Plugin {
  return {
    name: 'holdfast-node-only-imports',
    enforce: 'pre',
    resolveId: (id) => (/^node:|^ws$/.test(id) ? { id, external: true } : null),
  };
}

function pyodideFiles(): Plugin {
  return {
    name: 'holdfast-pyodide',
    apply: 'build',
    generateBundle() {
      for (const name of PYODIDE_FILES) this.emitFile({ type: 'asset', fileName: `${PYODIDE.base.slice(1)}${name}`, source: readFileSync(join(PYODIDE_DIR, name)) });
    },
  };
}

/**
 * `vite build --mode dev-pages` (scripts/dev-server.ts runs it after the app's build for `npm
 * start`, the tests and the bench) adds the development pages, the code sandbox on its own at
 * /dev/code, in their own build: the app's build and its chunks know nothing of them.
 */
const devPages: UserConfig = {
  root: 'app',
  publicDir: false,
  define: { __PYODIDE__: JSON.stringify(PYODIDE) },
  worker: { format: 'iife', plugins: () => [nodeOnlyImports()] },
  build: {
    outDir: '../dist/app',
    emptyOutDir: false,
    assetsDir: 'dev/assets',
    target: 'es2022',
    sourcemap: false,
    rollupOptions: { input: { 'dev-code': 'app/dev/code.html' } },
  },
  plugins: [solid()],
};

/** Modules that only code questions, take-homes and pads load (and the dashboard, lazily). */
const CODE_ONLY_MODULE =
  /\/app\/src\/(code|pad)\/|\/app\/src\/candidate\/(code-|take-home|TakeHome|questions\/CodeQuestion)|\/app\/src\/lib\/code-log|\/node_modules\/(@codemirror|@lezer|sucrase|yjs|y-codemirror\.next|y-indexeddb|y-protocols|lib0|zod|crelt|style-mod|w3c-keyname|@marijn)\//;

const app: UserConfig = {
  root: 'app',
  publicDir: 'public',
  define: { __PYODIDE__: JSON.stringify(PYODIDE) },
  // The sandbox's harness is a classic script: the page appends each program to it (runner.ts).
  worker: { format: 'iife', plugins: () => [nodeOnlyImports()] },
  build: {
    outDir: '../dist/app',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // A lazy screen's own imports are fetched when it loads; listing every lazy chunk's
    // dependencies in the shell (for preloading) cost candidates about 1 KB gzipped per visit.
    modulePreload: false,
    rollupOptions: {
      output: {
        // Dashboard chunks carry a prefix so the service worker can leave them out of the precache.
        // Chunks only code questions, take-homes and pads use carry `code-`: they are kept by the
        // devices that load them (app/src/lib/offline-caches.ts), not precached for every candidate.
        chunkFileNames: (chunk) =>
          chunk.moduleIds.some((id) => id.includes('/app/src/dashboard/'))
            ? 'assets/dashboard-[name]-[hash].js'
            : chunk.moduleIds.some((id) => CODE_ONLY_MODULE.test(id))
              ? 'assets/code-[name]-[hash].js'
              : 'assets/[name]-[hash].js',
      },
    },
  },
  plugins: [
    solid(),
    pyodideFiles(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      includeManifestIcons: false,
      injectRegister: false,
      injectManifest: {
        // The candidate shell is precached so it starts offline; dashboard chunks are not
        // (candidates never load them) and are cached at runtime when a member opens them.
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
        globIgnores: ['**/dashboard-*.js', '**/code-*.js', '**/sandbox-worker-*.js', '**/*.map', 'pyodide/**'],
      },
      manifest: {
        id: '/',
        name: 'Holdfast Interviews',
        short_name: 'Holdfast',
        description: 'Take and run interviews that survive bad networks: nothing you answer is lost.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: THEME,
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
};

export default defineConfig(({ mode }) => (mode === 'dev-pages' ? devPages : app));
