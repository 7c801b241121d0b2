/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, StaleWhileRevalidate } from 'workbox-strategies';
import { CODE_CHUNK_PATH, CODE_CHUNKS_CACHE, LOGO_CACHE, LOGO_PATH } from './lib/offline-caches';

declare const self: ServiceWorkerGlobalScope;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

const shell = createHandlerBoundToURL('index.html');

/**
 * An interview link's page comes from the server with the link's first screen and details in it
 * (worker/candidates/invite-page.ts): one request, the scripts and styles still from the precache.
 * With the server unreachable (or too slow to answer) it is the precached shell, which opens the
 * interview this device holds, as every other page does.
 */
const INVITE_PAGE_TIMEOUT_MS = 4_000;
registerRoute(
  new NavigationRoute(
    async (options) => {
      const timedOut = new Promise<undefined>((resolve) => setTimeout(resolve, INVITE_PAGE_TIMEOUT_MS));
      const served = await Promise.race([fetch(options.request).catch(() => undefined), timedOut]);
      return served && served.status < 500 ? served : shell(options);
    },
    { allowlist: [/^\/i\/[^/?]+(\?|$)/] },
  ),
);

// Every other navigation gets the precached shell, so the app starts with the server unreachable.
// The API is never served from a cache (but for the logo, below); development pages (/dev/*) are not the app.
registerRoute(new NavigationRoute(shell, { denylist: [/^\/api\//, /^\/dev\//] }));

// Dashboard chunks are left out of the precache (candidates never need them); once a member has
// opened the dashboard they are kept for the next visit.
registerRoute(
  ({ url, request }) => url.origin === self.location.origin && request.destination === 'script' && /\/assets\/dashboard-/.test(url.pathname),
  new StaleWhileRevalidate({ cacheName: 'dashboard-chunks' }),
);

// Code questions', take-homes' and pads' chunks are left out of the precache too: a device whose
// interview loads them keeps them (named by content hash, so a cached one never goes stale).
registerRoute(({ url }) => url.origin === self.location.origin && CODE_CHUNK_PATH.test(url.pathname), new CacheFirst({ cacheName: CODE_CHUNKS_CACHE }));

// The organization's logo on candidate pages: the one API answer kept, because its URL is versioned
// and the page also puts it here (keepLogo), so an interview opened once shows it offline.
registerRoute(({ url }) => url.origin === self.location.origin && LOGO_PATH.test(url.pathname), new CacheFirst({ cacheName: LOGO_CACHE }));

// Pyodide (about 13 MB) is not precached: only a device that meets a Python question fetches it,
// when app/src/code/runner.ts's prepareRuntime puts it in this cache. Its folder is named by
// version, so what is cached never goes stale.
registerRoute(({ url }) => url.origin === self.location.origin && url.pathname.startsWith('/pyodide/'), new CacheFirst({ cacheName: 'pyodide' }));

// A new version waits until the page asks for it (the reload prompt), so an interview in
// progress is never swapped out from under the candidate.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

// Background Sync exists only in Chromium: it is an extra wake-up for the pages' own uploader.
self.addEventListener('sync', (event: Event) => {
  const sync = event as Event & { tag: string; waitUntil(p: Promise<unknown>): void };
  if (sync.tag !== 'holdfast-outbox') return;
  sync.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((clients) => {
      for (const client of clients) client.postMessage({ type: 'DRAIN_OUTBOX' });
    }),
  );
});
