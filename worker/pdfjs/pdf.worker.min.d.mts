// PDF.js's worker side, loaded in-process by worker/load-pdfjs.ts; only its presence matters to us.
export declare const WorkerMessageHandler: unknown;
