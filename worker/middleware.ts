import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './context';
import { sandboxFrameScriptSource } from './schemas/code-sandbox';

/** A request id on every response and log line; a caller's own id is kept when well-formed. */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const given = c.req.header('x-request-id');
  const id = given && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : crypto.randomUUID();
  c.set('requestId', id);
  const started = Date.now();
  await next();
  c.header('x-request-id', id);
  console.log(JSON.stringify({ level: 'info', requestId: id, method: c.req.method, path: new URL(c.req.url).pathname, status: c.res.status, ms: Date.now() - started }));
});

/**
 * The page's policy. Beyond our own scripts it allows exactly one inline script, the code sandbox
 * frame's (worker/schemas/code-sandbox.ts: a srcdoc frame inherits this policy), Workers from
 * blob: URLs (how the opaque-origin frame starts them) and WebAssembly (Pyodide, in those Workers).
 */
const contentSecurityPolicy = (frameScript: string) =>
  `default-src 'self'; script-src 'self' 'wasm-unsafe-eval' ${frameScript}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; worker-src 'self' blob:; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'`;
let frameScriptSource: Promise<string> | undefined;

/**
 * Security headers for every response, API and static alike (the Worker runs first, see
 * wrangler.toml).
 */
const SECURITY_HEADERS: Record<string, string> = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(self), microphone=(self), geolocation=()',
  'cross-origin-opener-policy': 'same-origin',
};

export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  // Responses from the ASSETS binding have immutable headers: copy before adding ours.
  const res = new Response(c.res.body, c.res);
  // Hashed once per isolate; crypto is not available while the module loads.
  frameScriptSource ??= sandboxFrameScriptSource();
  res.headers.set('content-security-policy', contentSecurityPolicy(await frameScriptSource));
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.headers.set(name, value);
  if (!res.headers.has('cache-control')) res.headers.set('cache-control', 'no-store');
  c.res = res;
});
