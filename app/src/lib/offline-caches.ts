/**
 * The caches the service worker and the pages share. Code questions, take-homes and pads bring
 * about 1 MB of JavaScript (CodeMirror, the runner, Yjs): it is not precached for every candidate
 * (app/src/sw.ts), only kept by the devices whose interview loads it.
 */
export const CODE_CHUNKS_CACHE = 'code-chunks';
/** Build outputs named so in vite.config.ts (`code-` chunks) and the runner's sandbox harness. */
export const CODE_CHUNK_PATH = /^\/assets\/(code-|sandbox-worker-)/;

/**
 * The organization's logo as candidates load it (`/api/links/:token/logo?v=<upload>`): a new
 * upload is a new URL, so a kept one never goes stale.
 */
export const LOGO_CACHE = 'org-logos';
export const LOGO_PATH = /^\/api\/links\/[^/]+\/logo$/;

/**
 * Keeps the logo where the service worker answers it from, so the interview shows it offline. The
 * page fills the cache itself: on a first visit the service worker is not in control yet.
 */
export async function keepLogo(url: string): Promise<void> {
  if (!('caches' in globalThis)) return;
  try {
    const cache = await caches.open(LOGO_CACHE);
    if (!(await cache.match(url))) await cache.add(url);
  } catch {
    // Offline, or the logo was replaced meanwhile: the next visit with a connection keeps it.
  }
}
