import type { BrowserContext, Page } from 'playwright-core';

/**
 * Wall-clock recording time, measured in the page: the moment `MediaRecorder.start()` is called
 * (wrapped before any page script runs, so the app needs no test hook) and the moment a test
 * reads the page's clock. A hard kill's loss is this time less what the assembled recording holds.
 */
export async function traceRecorderStarts(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { holdfastRecorderStarts: number[] };
    w.holdfastRecorderStarts = [];
    const start = MediaRecorder.prototype.start;
    MediaRecorder.prototype.start = function (this: MediaRecorder, timeslice?: number) {
      w.holdfastRecorderStarts.push(performance.timeOrigin + performance.now());
      return start.call(this, timeslice);
    };
  });
}

/** Seconds since the page's first `MediaRecorder.start()`, read from the page's own clock now. */
export function secondsSinceRecorderStart(page: Page): Promise<number> {
  return page.evaluate(() => {
    const [first] = (window as unknown as { holdfastRecorderStarts: number[] }).holdfastRecorderStarts;
    if (first === undefined) throw new Error('MediaRecorder.start() was never called on this page');
    return (performance.timeOrigin + performance.now() - first) / 1000;
  });
}

/** Every chunk upload the page makes: "segmentId/seq" → body size of its last attempt. */
export function traceChunkUploads(page: Page): Map<string, number> {
  const sizes = new Map<string, number>();
  page.on('request', (request) => {
    const key = request
      .url()
      .match(/\/recordings\/([^/]+)\/chunks\/(\d+)$/)
      ?.slice(1)
      .join('/');
    if (key && request.method() === 'PUT') sizes.set(key, request.postDataBuffer()?.length ?? 0);
  });
  return sizes;
}

/**
 * How long the device had recorded into what it saved: the newest saved piece's (or chunk's) time
 * since its segment started, read from the page's IndexedDB (after a relaunch: what survived).
 */
export function savedRecordingSeconds(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('holdfast');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['recordingPieces', 'recordingChunks']);
          const saved: { recordedAt: number; startedAt?: number }[] = [];
          const pieces = tx.objectStore('recordingPieces').getAll();
          const chunks = tx.objectStore('recordingChunks').getAll();
          pieces.onsuccess = () => saved.push(...(pieces.result as typeof saved));
          chunks.onsuccess = () => saved.push(...(chunks.result as typeof saved));
          tx.oncomplete = () => {
            open.result.close();
            resolve(Math.max(0, ...saved.map((p) => (p.recordedAt - (p.startedAt ?? p.recordedAt)) / 1000)));
          };
        };
      }),
  );
}
