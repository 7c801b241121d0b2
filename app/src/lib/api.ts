import { hc } from 'hono/client';
import type { AppType } from '../../../worker/index';

/** An error answer from the API, in its one shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function currentCsrfToken(): string | null {
  return csrfToken;
}

/** Adds the CSRF header to state-changing calls and turns error answers into ApiError. */
export async function apiFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  if (csrfToken && method !== 'GET' && method !== 'HEAD') headers.set('x-csrf-token', csrfToken);
  const res = await fetch(input, { ...init, headers, credentials: 'same-origin' });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; fields?: Record<string, string> } } | null;
    throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `The server answered ${res.status}`, body?.error?.fields);
  }
  return res;
}

/** The typed client: paths, bodies and answers checked against the Worker's routes. */
export const api = hc<AppType>('/', { fetch: apiFetch });
