/** What a candidate's device sees: the link's intro, and its own session. */
import type { CandidateDevice } from '../db/devices';
import { findOrganization } from '../db/organizations';
import { findSession } from '../db/sessions';
import { conflict, notFound } from '../errors';
import type { Branding, CandidateSession } from '../schemas/candidate';
import { sessionStub } from '../sessions';

/**
 * The organization's name, colour and logo. The logo is served through the link itself
 * (`GET /api/links/:token/logo`): a candidate has no member cookie, and an <img> sends no Bearer token.
 */
export async function brandingOf(db: D1Database, orgId: string, linkToken: string | null): Promise<Branding> {
  const org = await findOrganization(db, orgId);
  if (!org) throw notFound('No such organization');
  // The object's own name changes with every upload, so a browser may cache each version for good.
  const version = org.logoKey?.split('/').pop();
  return {
    orgName: org.name,
    accentColor: org.accentColor,
    logoUrl: version && linkToken ? `/api/links/${linkToken}/logo?v=${encodeURIComponent(version)}` : null,
  };
}

export async function candidateSession(env: Env, device: Pick<CandidateDevice, 'sessionId' | 'orgId' | 'inviteToken' | 'practice'>): Promise<CandidateSession> {
  const [view, row, branding] = await Promise.all([
    sessionStub(env, device.sessionId).candidateView(),
    findSession(env.DB, device.sessionId),
    brandingOf(env.DB, device.orgId, device.inviteToken),
  ]);
  if (!row) throw notFound('No such session');
  if (view.kind !== 'ready') throw conflict('not_started', 'This interview has not been started yet. Open your interview link.');
  return {
    sessionId: device.sessionId,
    status: row.status,
    practice: device.practice,
    interview: { ...view.interview, branding },
    questions: view.questions,
    answers: view.answers,
    nextStep: view.nextStep,
    finishedLaterAt: view.finishedLaterAt,
    codeDrafts: view.codeDrafts,
    startedAt: view.startedAt,
    deadlineAt: view.deadlineAt,
  };
}
