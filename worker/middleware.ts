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
const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains; preload';
const SECURITY_HEADERS: [string, string][] = Object.entries({
  'strict-transport-security': STRICT_TRANSPORT_SECURITY,
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(self), microphone=(self), geolocation=()',
  'cross-origin-opener-policy': 'same-origin',
});

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * What a JSON response needs: it is never a document, so it loads nothing and may be framed by
 * nobody (OWASP's set for APIs). The page's policy, the permissions and opener policies only mean
 * something to a document. Measured (`npm run bench`): every header is copied on each hop between
 * the platform's workers, and the page's set on a chunk's or an answer's acknowledgement was a
 * measurable part of the write paths.
 */
const JSON_SECURITY_HEADERS: [string, string][] = Object.entries({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': STRICT_TRANSPORT_SECURITY,
  'x-content-type-options': 'nosniff',
});

function addHeaders(headers: Headers, requestId: string, csp: string): void {
  headers.set('x-request-id', requestId);
  if (headers.get('content-type')?.startsWith('application/json')) {
    for (const [name, value] of JSON_SECURITY_HEADERS) headers.set(name, value);
  } else {
    headers.set('content-security-policy', csp);
    for (const [name, value] of SECURITY_HEADERS) headers.set(name, value);
  }
  if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
}

/** The caller's own request id when well-formed, else a new one. */
export const requestIdOf = (given: string | null | undefined): string => (given && REQUEST_ID.test(given) ? given : crypto.randomUUID());

/**
 * The request id and security headers set on a response, in place: the responses our routes make
 * have mutable headers, and copying each one (with Hono's `c.header` after the handler, or
 * `c.res = `) was a fifth of the Worker's time on the write paths. Only a response whose headers
 * are immutable (one from a binding's or another object's `fetch`) is copied first; the answer is
 * the response to send. A failure (status 500 and up) or a slow request is logged. Shared by the
 * app's middleware below and the candidate's fast write paths (routes/candidate/fast-writes.ts).
 */
export async function finishResponse(res: Response, id: string, request: { method: string; url: string }, started: number): Promise<Response> {
  // Hashed once per isolate; crypto is not available while the module loads.
  frameScriptSource ??= sandboxFrameScriptSource();
  const csp = contentSecurityPolicy(await frameScriptSource);
  let out = res;
  try {
    addHeaders(res.headers, id, csp);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    out = new Response(res.body, res);
    addHeaders(out.headers, id, csp);
  }
  const ms = Date.now() - started;
  const status = out.status;
  if (status >= 500 || ms >= SLOW_REQUEST_MS) {
    console.log(JSON.stringify({ level: status >= 500 ? 'error' : 'info', requestId: id, method: request.method, path: new URL(request.url).pathname, status, ms }));
  }
  return out;
}

/** A request id and the security headers on every response of the app (see finishResponse). */
export const responseHeaders = createMiddleware<AppEnv>(async (c, next) => {
  const id = requestIdOf(c.req.header('x-request-id'));
  c.set('requestId', id);
  const started = Date.now();
  await next();
  const out = await finishResponse(c.res, id, c.req.raw, started);
  if (out !== c.res) c.res = out;
});
