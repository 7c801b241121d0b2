import { env, SELF } from 'cloudflare:test';
import type { SessionStore } from '../../../durable/store';
import { insertOrganizationStatement } from '../../../worker/db/organizations';
import { insertSessionsStatement } from '../../../worker/db/sessions';
import { sessionStub } from '../../../worker/sessions';

export const BASE = 'https://holdfast.test';

/**
 * A session object's own store, inside runInDurableObject: it keeps its meta rows and alarm
 * times in memory, so a test that sets one up writes it through the store, not into SQLite.
 */
export const storeOf = (instance: unknown): SessionStore => (instance as { store: SessionStore }).store;

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
  await insertOrganizationStatement(env.DB, { id: orgId, name: `Org ${label}`, slug: `org-${orgId}`, now }).run();
  await insertBareSession(orgId, sessionId, now);
  await sessionStub(env, sessionId).initialize({ sessionId, orgId });
  return { orgId, sessionId };
}

/**
 * A bare session (no interview, no candidate yet; its object not initialized), inserted by the
 * same statement that makes every session in production.
 */
export async function insertBareSession(orgId: string, sessionId: string, now = Date.now()): Promise<void> {
  await insertSessionsStatement(env.DB, { orgId, interviewId: null, format: 'one_way', practice: false, questionCount: 0, now }, [
    { id: sessionId, candidateId: null, inviteToken: null, sortName: '', candidateEmail: null },
  ]).run();
}
