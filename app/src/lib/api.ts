import { type ApplyGlobalResponse, type ClientResponse, hc } from 'hono/client';
import type { ClientErrorStatusCode, ServerErrorStatusCode, SuccessStatusCode } from 'hono/utils/http-status';
import type { ErrorBody } from '../../../worker/errors';
import type { AppType } from '../../../worker/index';

export type { ErrorBody };

/**
 * The API as the client sees it: every route's own answers, plus the one error body that the
 * Worker's onError and notFound handlers give any 4xx/5xx, so an error answer is typed too.
 */
export type Api = ApplyGlobalResponse<AppType, { [S in ClientErrorStatusCode | ServerErrorStatusCode]: { json: ErrorBody } }>;

/** An error answer from the API, in its one shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
    /** Seconds, from a Retry-After header (rate limits). */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

/** No answer at all (offline, timed out, or a gateway answering in our place): not an API error. */
export class NetworkError extends Error {}

/** Turns an error answer's status and parsed body into the one error class. */
export function apiErrorOf(status: number, body: unknown, retryAfter: number | null = null): ApiError {
  const error = (body as Partial<ErrorBody> | null)?.error;
  return new ApiError(status, error?.code ?? 'http_error', error?.message ?? `The server answered ${status}`, error?.fields, retryAfter);
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function currentCsrfToken(): string | null {
  return csrfToken;
}

/**
 * Who is calling. The dashboard is a signed-in member: the session cookie, and the CSRF token on
 * every write. The candidate's device has no cookie: its device token proves it may write to its
 * session, and since it runs on bad networks a call times out and never comes from a cache.
 */
type Caller = { kind: 'member' } | { kind: 'device'; token?: string | undefined };

const DEVICE_TIMEOUT_MS = 30_000;

/** The one fetch wrapper: adds the caller's credentials and turns an error answer into ApiError. */
async function apiFetch(input: RequestInfo | URL, init: RequestInit = {}, caller: Caller = { kind: 'member' }): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  const device = caller.kind === 'device';
  if (!device && csrfToken && method !== 'GET' && method !== 'HEAD') headers.set('x-csrf-token', csrfToken);
  if (device && caller.token) headers.set('authorization', `Bearer ${caller.token}`);
  const controller = new AbortController();
  const timer = device ? setTimeout(() => controller.abort(), DEVICE_TIMEOUT_MS) : undefined;
  let res: Response;
  try {
    res = await fetch(input, device ? { ...init, headers, signal: controller.signal, credentials: 'omit', cache: 'no-store' } : { ...init, headers, credentials: 'same-origin' });
  } catch (err) {
    throw new NetworkError(err instanceof Error ? err.message : 'network failure');
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as Partial<ErrorBody> | null;
    // A gateway or dev server answering without our error shape is the network failing, not us:
    // the device keeps its outbox and tries again.
    if (device && !body?.error && (res.status === 502 || res.status === 503 || res.status === 504)) throw new NetworkError(`gateway ${res.status}`);
    throw apiErrorOf(res.status, body, Number(res.headers.get('retry-after')) || null);
  }
  return res;
}

/** Named so that declaration emit refers to it instead of spelling the whole API out. */
export type ApiClient = ReturnType<typeof hc<Api>>;

/** The typed client for the dashboard: paths, bodies and answers checked against the Worker's routes. */
export const api: ApiClient = hc<Api>('/', { fetch: (input: RequestInfo | URL, init?: RequestInit) => apiFetch(input, init) });

/** The same client for the candidate's device, signed with its device token when it has one. */
export const deviceApi = (token?: string): ApiClient => hc<Api>('/', { fetch: (input: RequestInfo | URL, init?: RequestInit) => apiFetch(input, init, { kind: 'device', token }) });

/** A typed answer narrowed to its success statuses: apiFetch has thrown every other. */
export type Success<R> = R extends ClientResponse<unknown, infer S, infer _F> ? (S extends SuccessStatusCode ? R : never) : never;

/** Awaits a typed call for a caller that needs the status too (201 vs 200, 202). */
export const succeeded = <R extends ClientResponse<unknown, number>>(call: Promise<R>) => call as Promise<Success<R>>;

/** The body of a success answer; error answers never get here (apiFetch throws them). */
export type Ok<R> = R extends ClientResponse<infer T, infer S, infer F> ? (S extends SuccessStatusCode ? (F extends 'json' ? T : null) : never) : never;

/** Awaits a typed call and reads its success body (null for a 204). */
export async function read<R extends ClientResponse<unknown, number>>(call: Promise<R>): Promise<Ok<R>> {
  const res = await call;
  return (res.status === 204 ? null : await res.json()) as Ok<R>;
}
