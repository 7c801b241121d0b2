/**
 * Loads PDF.js on first use, once per isolate. Its two modules are not in the bundle: wrangler
 * uploads them beside it (find_additional_modules, the ESModule rule in wrangler.toml), so an
 * isolate that never parses a PDF never parses PDF.js either.
 *
 * This file sits beside index.ts on purpose: wrangler leaves the specifiers below as written, and
 * the runtime resolves them against the bundle's main module, so they must be relative to
 * worker/ as well as to this file.
 */
type PdfJs = typeof import('pdfjs-dist');

let pdfjs: Promise<PdfJs> | undefined;

/**
 * Workers cannot start a Web Worker, so PDF.js runs its parsing side in-process: it looks for the
 * worker module on `globalThis.pdfjsWorker` before trying to spawn one.
 */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    const worker = await import('./pdfjs/pdf.worker.min.mjs');
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return import('./pdfjs/pdf.min.mjs');
  })().catch((err: unknown) => {
    pdfjs = undefined;
    throw err;
  });
  return pdfjs;
}
