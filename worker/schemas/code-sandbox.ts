/**
 * The sandbox that runs candidate code (app/src/code/runner.ts): a `sandbox="allow-scripts"`
 * iframe (an opaque origin: no cookies, storage or API of ours) whose document is a `srcdoc`,
 * because a service worker never controls a sandboxed frame and the sandbox must start offline.
 * A srcdoc document inherits the page's Content-Security-Policy and adds its own
 * (`sandboxFrameCsp`); both apply, to the frame and to the Workers it starts. The page's policy
 * (worker/middleware.ts) allows this one inline script by its hash, and nothing else inline.
 *
 * The frame itself runs only this trusted script: it starts a Worker from code the page hands it
 * (the runner's harness, with the candidate's program or Pyodide), connects it to the page by a
 * MessagePort, compiles Pyodide's WebAssembly once so a restarted Worker instantiates it at once,
 * and terminates Workers when the page says so. Candidate code never runs in the frame itself.
 */

export const SANDBOX_FRAME_SCRIPT = `"use strict";
(() => {
  const workers = new Map();
  let wasm = null;
  addEventListener("message", (event) => {
    if (event.source !== parent || parent === self) return;
    const m = event.data;
    if (!m || typeof m !== "object") return;
    if (m.op === "wasm") {
      wasm = WebAssembly.compile(m.bytes);
      wasm.catch(() => {});
    } else if (m.op === "start") {
      const url = URL.createObjectURL(new Blob([m.code], { type: "text/javascript" }));
      const worker = new Worker(url);
      workers.set(m.id, { worker, url });
      worker.onerror = (e) => {
        e.preventDefault();
        parent.postMessage({ op: "error", id: m.id, message: String(e.message), line: e.lineno, column: e.colno }, "*");
      };
      const send = (module) => worker.postMessage({ port: m.port, init: m.init, wasm: module }, [m.port]);
      if (m.withWasm && wasm) wasm.then(send, () => send(null));
      else send(null);
    } else if (m.op === "stop") {
      const entry = workers.get(m.id);
      if (!entry) return;
      entry.worker.terminate();
      URL.revokeObjectURL(entry.url);
      workers.delete(m.id);
    }
  });
  parent.postMessage({ op: "ready" }, "*");
})();`;

/** The CSP source that allows `SANDBOX_FRAME_SCRIPT` inline, e.g. `'sha256-…'`. */
export async function sandboxFrameScriptSource(): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(SANDBOX_FRAME_SCRIPT)));
  return `'sha256-${btoa(String.fromCharCode(...digest))}'`;
}

/** The frame's own policy, on top of the page's: no network at all, Workers only from blob: URLs. */
export function sandboxFrameCsp(scriptSource: string): string {
  return [
    "default-src 'none'",
    `script-src 'wasm-unsafe-eval' ${scriptSource}`,
    'worker-src blob:',
    "connect-src 'none'",
    "img-src 'none'",
    "style-src 'none'",
    "font-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}
