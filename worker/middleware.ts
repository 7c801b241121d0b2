import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './context';
import { sandboxFrameScriptSource } from './schemas/code-sandbox';

/**
 * A request that takes this long is logged even when it succeeds. Measured (`npm run bench`): a
 * log line for every request cost the candidate's write paths a tenth of their throughput or more
 * under `wrangler dev`, so an ordinary request leaves none; a failure (status 500 and up) or a slow
 * request is always logged with its request id, and unknown errors also by `handleError`.
 */
const SLOW_REQUEST_MS = 1_000;

/**
 * The page's policy. Beyond our own scripts it allows exactly one inline script, the code sandbox
 * frame's (worker/schemas/code-sandbox.ts: a srcdoc frame inherits this policy), Workers from
 * blob: URLs (how the opaque-origin frame starts them) and WebAssembly (Pyodide, in those Workers).
 * The invite page's inline pieces (worker/candidates/invite-page.ts) need nothing more: its data
 * is a `<script type="application/json">`, which is never executed, so script-src stays without
 * 'unsafe-inline', nonces or per-page hashes; its inline stylesheet is covered by style-src as it
 * stands (a style hash there would turn off 'unsafe-inline', which the app's style attributes use).
 */
const contentSecurityPolicy = (frameScript: string) =>
  `default-src 'self'; script-src 'self' 'wasm-unsafe-eval' ${frameScript}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; worker-src 'self' blob:; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'`;
let frameScriptSource: Promise<string> | undefined;

/**
 * Security headers for every response, API and static alike (the Worker runs first, see
 * wrangler.toml).
 */
const SECURITY_HEADERS: [string, string][] = Object.entries({
  'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(self), microphone=(self), geolocation=()',
  'cross-origin-opener-policy': 'same-origin',
});

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

function addHeaders(headers: Headers, requestId: string, csp: string): void {
  headers.set('x-request-id', requestId);
  headers.set('content-security-policy', csp);
  for (const [name, value] of SECURITY_HEADERS) headers.set(name, value);
  if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
}

/**
 * A request id and the security headers on every response; a caller's own id is kept when
 * well-formed. The headers are set on the response in place: the responses our routes make have
 * mutable headers, and copying each one (with Hono's `c.header` after the handler, or `c.res = `)
 * was a fifth of the Worker's time on the write paths. Only a response whose headers are
 * immutable (one from a binding's or another object's `fetch`) is copied first.
 */
export const responseHeaders = createMiddleware<AppEnv>(async (c, next) => {
  const given = c.req.header('x-request-id');
  const id = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
  c.set('requestId', id);
  const started = Date.now();
  await next();
  // Hashed once per isolate; crypto is not available while the module loads.
  frameScriptSource ??= sandboxFrameScriptSource();
  const csp = contentSecurityPolicy(await frameScriptSource);
  try {
    addHeaders(c.res.headers, id, csp);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    const copy = new Response(c.res.body, c.res);
    addHeaders(copy.headers, id, csp);
    c.res = copy;
  }
  const ms = Date.now() - started;
  const status = c.res.status;
  if (status >= 500 || ms >= SLOW_REQUEST_MS) {
    console.log(JSON.stringify({ level: status >= 500 ? 'error' : 'info', requestId: id, method: c.req.method, path: new URL(c.req.url).pathname, status, ms }));
  }
});
