import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { badRequest } from './errors';

/** Names each failing field as `a.b.0`, so a client can point at it. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.') || '(body)';
    fields[path] ??= issue.message;
  }
  return fields;
}

/**
 * zValidator with our error shape: a body, query or param that fails its schema answers 400
 * `{ error: { code: 'invalid_request', message, fields } }`.
 */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const fields = fieldErrors(result.error.issues);
      const names = Object.keys(fields);
      throw badRequest(`Invalid ${target}: ${names.map((n) => `${n} (${fields[n]})`).join(', ')}`, fields);
    }
  });
}
