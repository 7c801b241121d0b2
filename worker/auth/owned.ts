/**
 * Loads the object a route's id names, scoped to the caller's organization, before the body is
 * validated. Another organization's object and a made-up id answer the same 404, so an id says
 * nothing about whether it exists elsewhere. Runs after the guard (it needs `c.var.member`).
 */
import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, AppVariables } from '../context';
import type { SignedInMember } from '../db/login-sessions';
import { notFound } from '../errors';
import { idSchema } from '../schemas/core';

export function owned<Key extends string, T>(
  key: Key,
  param: string,
  what: string,
  load: (db: D1Database, member: SignedInMember, id: string) => Promise<T | null>,
): MiddlewareHandler<{ Bindings: Env; Variables: AppVariables & { [K in Key]: T } }> {
  return createMiddleware<AppEnv>(async (c, next) => {
    const id = c.req.param(param);
    const found = id && idSchema.safeParse(id).success ? await load(c.env.DB, c.var.member, id) : null;
    if (found === null) throw notFound(`No such ${what}`);
    (c.set as (key: string, value: unknown) => void)(key, found);
    await next();
  }) as MiddlewareHandler<{ Bindings: Env; Variables: AppVariables & { [K in Key]: T } }>;
}
