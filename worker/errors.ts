import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './context';

/** Every error the API answers has this one shape. */
export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

/** A known failure: maps to its own status and stable code. Anything else is a 500. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what = 'Not found') => new HttpError(404, 'not_found', what);
export const badRequest = (message: string, fields?: Record<string, string>) => new HttpError(400, 'invalid_request', message, fields);
export const conflict = (code: string, message: string) => new HttpError(409, code, message);

function errorBody(code: string, message: string, fields?: Record<string, string>): ErrorBody {
  return { error: fields ? { code, message, fields } : { code, message } };
}

export function handleError(err: Error, c: Context<AppEnv>) {
  if (err instanceof HttpError) {
    if (err.headers) for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
    return c.json(errorBody(err.code, err.message, err.fields), err.status);
  }
  // Hono's own refusals (malformed JSON in a validated body, for one) keep their status.
  if (err instanceof HTTPException && err.status < 500) {
    const code = err.status === 400 ? 'invalid_request' : err.status === 413 ? 'too_large' : 'refused';
    return c.json(errorBody(code, err.message), err.status);
  }
  // Unknown failures are logged with the request id and never leak their details.
  console.error(JSON.stringify({ level: 'error', requestId: c.get('requestId'), message: err.message, stack: err.stack }));
  return c.json(errorBody('internal_error', 'Something went wrong on our side. Nothing you saved was lost; please try again.'), 500);
}

export function handleNotFound(c: Context<AppEnv>) {
  return c.json(errorBody('not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404);
}
