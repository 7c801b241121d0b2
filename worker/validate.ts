import { zValidator } from '@hono/zod-validator';
import type { Context, ValidationTargets } from 'hono';
import type { z } from 'zod';
import { badRequest, HttpError } from './errors';
import { describeFields, issueMessage } from './field-labels';

/**
 * How deeply a JSON body may nest. Our deepest schema nests 4 levels; this leaves room for any
 * honest client and stops a hostile body before JSON.parse and zod walk it recursively (a body
 * nested 2,000 deep would otherwise reach code whose stack depth depends on the runtime).
 */
export const MAX_JSON_DEPTH = 64;

/** Whether the brackets outside strings nest deeper than `max`: a linear scan, no parsing. */
export function jsonNestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // a backslash escapes the next character, a quote included
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > max) return true;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return false;
}

/** Hono caches the text it reads here, so the validator's own `c.req.json()` parses the same body. */
async function refuseDeepJson(c: Context): Promise<void> {
  if (!/json/i.test(c.req.header('content-type') ?? '')) return;
  if (jsonNestingExceeds(await c.req.text(), MAX_JSON_DEPTH)) {
    throw new HttpError(400, 'invalid_json', `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels; no request of this API needs that.`);
  }
}

/** Names each failing field as `a.b.0`, so a client can point at it; the message is the reader's (field-labels.ts). */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.') || '(body)';
    fields[path] ??= issueMessage(issue);
  }
  return fields;
}

/**
 * zValidator with our error shape: a body, query or param that fails its schema answers 400
 * `{ error: { code: 'invalid_request', message, fields } }`, the message naming fields by their labels
 * ("Maximum answer length must be at least 10 seconds."); a JSON body nested deeper than
 * MAX_JSON_DEPTH answers 400 `invalid_json` before it is parsed.
 */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  const validator = zValidator(target, schema, (result) => {
    if (!result.success) {
      const fields = fieldErrors(result.error.issues);
      throw badRequest(describeFields(fields), fields);
    }
  });
  if (target !== 'json') return validator;
  const depthChecked: typeof validator = async (c, next) => {
    await refuseDeepJson(c);
    return validator(c, next);
  };
  return depthChecked;
}
