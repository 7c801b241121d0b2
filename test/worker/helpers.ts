import { env, SELF } from 'cloudflare:test';
import { insertSession } from '../../worker/db/sessions';
import { sessionStub } from '../../worker/sessions';

export const BASE = 'https://holdfast.test';

export function api(path: string, init?: RequestInit): Promise<Response> {
  return SELF.fetch(`${BASE}${path}`, init);
}

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return api(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** An organization with one session whose Durable Object knows who it belongs to. */
export async function seedSession(label = 'test'): Promise<{ orgId: string; sessionId: string }> {
  const orgId = crypto.randomUUID();
  const sessionId = crypto.randomUUID();
  const now = Date.now();
  await env.DB.prepare('INSERT INTO organizations (id, name, slug, created_at) VALUES (?, ?, ?, ?)')
    .bind(orgId, `Org ${label}`, `org-${orgId}`, now)
    .run();
  await insertSession(env.DB, { id: sessionId, orgId, now });
  await sessionStub(env, sessionId).initialize({ sessionId, orgId });
  return { orgId, sessionId };
}
