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

/**
 * What an error answers: its status, body and any headers of its own. Shared by the app's error
 * handler and the candidate's fast write paths (routes/candidate/fast-writes.ts), so both answer
 * an error alike.
 */
export function errorReply(err: Error, requestId: string | undefined): { status: ContentfulStatusCode; body: ErrorBody; headers?: Record<string, string> } {
  if (err instanceof HttpError) {
    return { status: err.status, body: errorBody(err.code, err.message, err.fields), ...(err.headers ? { headers: err.headers } : {}) };
  }
  // Hono's own refusals (malformed JSON in a validated body, for one) keep their status.
  if (err instanceof HTTPException && err.status < 500) {
    const code = err.status === 400 ? 'invalid_request' : err.status === 413 ? 'too_large' : 'refused';
    return { status: err.status, body: errorBody(code, err.message) };
  }
  // Unknown failures are logged with the request id and never leak their details.
  console.error(JSON.stringify({ level: 'error', requestId, message: err.message, stack: err.stack }));
  return { status: 500, body: errorBody('internal_error', 'Something went wrong on our side. Nothing you saved was lost; please try again.') };
}

export function handleError(err: Error, c: Context<AppEnv>) {
  const reply = errorReply(err, c.get('requestId'));
  if (reply.headers) for (const [k, v] of Object.entries(reply.headers)) c.header(k, v);
  return c.json(reply.body, reply.status);
}

export function handleNotFound(c: Context<AppEnv>) {
  return c.json(errorBody('not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404);
}
