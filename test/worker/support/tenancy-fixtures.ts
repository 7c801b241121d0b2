/**
 * How the tenancy and role matrices make an object for each path parameter of the API. A route
 * whose parameter has no fixture here fails both matrices: add one when you add such a route.
 */
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import type { Interview } from '../../../worker/schemas/interviews';
import type { Question } from '../../../worker/schemas/questions';
import { sessionStub } from '../../../worker/sessions';
import { type Account, addMember, as, uniqueEmail } from './auth-helpers';
import { insertBareSession } from './helpers';
import { VALID_QUESTIONS } from './questions-fixtures';

export interface Fixture {
  id: string;
  /** False when the id names nothing even for its owner (then only the outsider's 404 is checked). */
  exists: boolean;
}

/** Objects made by `owner` (an owner of the organization) for one request's path. */
export type ParamFixture = (owner: Account) => Promise<Fixture>;

async function created<T>(res: Response, key: string): Promise<T> {
  expect(res.status, `creating a ${key} fixture`).toBe(201);
  return ((await res.json()) as Record<string, T>)[key]!;
}

export const PARAM_FIXTURES: Record<string, ParamFixture> = {
  questionId: async (owner) => ({ id: (await created<Question>(await as(owner).send('POST', '/api/questions', VALID_QUESTIONS.text), 'question')).id, exists: true }),
  interviewId: async (owner) => {
    const question = await created<Question>(await as(owner).send('POST', '/api/questions', VALID_QUESTIONS.choice), 'question');
    const res = await as(owner).send('POST', '/api/interviews', { name: 'Fixture', format: 'one_way', questionIds: [question.id] });
    const interview = await created<Interview>(res, 'interview');
    await as(owner).send('PUT', `/api/interviews/${interview.id}/public-link`, { enabled: true });
    return { id: interview.id, exists: true };
  },
  memberId: async (owner) => ({ id: (await addMember(owner, 'reviewer')).memberId, exists: true }),
  invitationId: async (owner) => {
    const invitation = await created<{ id: string }>(await as(owner).send('POST', '/api/members/invitations', { email: uniqueEmail('fixture'), role: 'recruiter' }), 'invitation');
    return { id: invitation.id, exists: true };
  },
  /** Every interview fixture has a version 1. */
  version: async () => ({ id: '1', exists: true }),
  sessionId: async (owner) => {
    const orgId = owner.signedIn.organization.id;
    const sessionId = crypto.randomUUID();
    await insertBareSession(orgId, sessionId);
    await sessionStub(env, sessionId).initialize({ sessionId, orgId });
    return { id: sessionId, exists: true };
  },
  /** An analysis override's target: a question id, or the overall score. */
  target: async () => ({ id: 'overall', exists: true }),
  /** No recording is made: the outsider's 404 must not depend on whether it exists. */
  segmentId: async () => ({ id: crypto.randomUUID(), exists: false }),
};

/**
 * Routes about a part of the object that fixtures do not make (a session's resume): their
 * owner may get 404 too, so only the outsider's 404 is checked.
 */
export const OWNER_MAY_GET_404 = new Set([
  'GET /api/sessions/:sessionId/resume',
  // A pad is a session of a live interview; the fixture's session is a bare one-way session.
  'GET /api/sessions/:sessionId/pad',
  'GET /api/sessions/:sessionId/pad/socket',
  'POST /api/sessions/:sessionId/pad/admit',
  'PUT /api/sessions/:sessionId/pad/language',
  'POST /api/sessions/:sessionId/pad/end',
  'GET /api/sessions/:sessionId/pad/history',
  // The fixture's question is not one of the fixture session's code questions (test/worker/code-review covers the owner's view).
  'GET /api/sessions/:sessionId/code/:questionId/timeline',
  'GET /api/sessions/:sessionId/code/:questionId/tests',
]);

/** The path with every parameter replaced by a fresh fixture of the owner's organization. */
export async function fillPath(path: string, params: readonly string[], owner: Account): Promise<{ url: string; fixtures: Fixture[] }> {
  let url = path;
  const fixtures: Fixture[] = [];
  for (const param of params) {
    const make = PARAM_FIXTURES[param];
    expect(make, `test/worker/support/tenancy-fixtures.ts has no fixture for :${param} (used by ${path})`).toBeDefined();
    const fixture = await make!(owner);
    fixtures.push(fixture);
    url = url.replace(`:${param}`, fixture.id);
  }
  return { url, fixtures };
}
