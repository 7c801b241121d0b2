import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import solid from 'vite-plugin-solid';

const THEME = '#0f5c63';

export default defineConfig({
  root: 'app',
  publicDir: 'public',
  build: {
    outDir: '../dist/app',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      output: {
        // Dashboard chunks carry a prefix so the service worker can leave them out of the precache.
        chunkFileNames: (chunk) => (chunk.moduleIds.some((id) => id.includes('/app/src/dashboard/')) ? 'assets/dashboard-[hash].js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  plugins: [
    solid(),
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
        globIgnores: ['**/dashboard-*.js', '**/*.map'],
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
});
