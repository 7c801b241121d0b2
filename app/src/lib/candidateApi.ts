/**
 * The candidate device's calls, through the same typed client as the dashboard but signed with
 * the device token instead of cookies. Every write carries a client-generated id, so a retry is
 * harmless.
 */
import type { CandidateSession, LinkInfo } from '../../../worker/schemas/candidate';
import { deviceApi, read, succeeded } from './api';

export type { CandidateSession, LinkInfo };

export type StartResult =
  | { kind: 'session'; sessionId: string; deviceToken: string; session: CandidateSession; created: boolean }
  | { kind: 'verify'; verificationId: string; emailHint: string };

const link = (token: string) => ({ param: { token: encodeURIComponent(token) } });

export const getLink = (token: string) => read(deviceApi().api.links[':token'].$get(link(token)));

export async function startSession(token: string, json: { name?: string; email: string }, deviceToken?: string): Promise<StartResult> {
  const res = await succeeded(deviceApi(deviceToken).api.links[':token'].start.$post({ ...link(token), json }));
  if (res.status === 202) {
    const { verificationId, emailHint } = await res.json();
    return { kind: 'verify', verificationId, emailHint };
  }
  const { sessionId, deviceToken: issued, session } = await res.json();
  return { kind: 'session', sessionId, deviceToken: issued, session, created: res.status === 201 };
}

export async function verifyCode(token: string, verificationId: string, code: string): Promise<StartResult> {
  const { sessionId, deviceToken, session } = await read(deviceApi().api.links[':token'].verify.$post({ ...link(token), json: { verificationId, code } }));
  return { kind: 'session', sessionId, deviceToken, session, created: false };
}

export const getSession = (deviceToken: string) => read(deviceApi(deviceToken).api.candidate.session.$get());
