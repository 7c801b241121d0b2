/**
 * The caches the service worker and the pages share. Code questions, take-homes and pads bring
 * about 1 MB of JavaScript (CodeMirror, the runner, Yjs): it is not precached for every candidate
 * (app/src/sw.ts), only kept by the devices whose interview loads it.
 */
export const CODE_CHUNKS_CACHE = 'code-chunks';
/** Build outputs named so in vite.config.ts (`code-` chunks) and the runner's sandbox harness. */
export const CODE_CHUNK_PATH = /^\/assets\/(code-|sandbox-worker-)/;
