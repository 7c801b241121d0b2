/** A recruiter with an interview, candidates on it, and candidates' devices: for the worker tests of issue 4. */
import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { expect } from 'vitest';
import type { SessionEntry, SessionListItem, VerificationRequired } from '../../../worker/schemas/candidate';
import type { Interview } from '../../../worker/schemas/interviews';
import { type Account, as, register } from './auth-helpers';
import { api, postJson } from './helpers';

/** One question of every type a one-way interview asks in this issue, from the shipped examples. */
export const EXAMPLE_IDS = {
  text: 'example-text-why-this-role',
  choice: 'example-choice-work-setting',
  scale: 'example-scale-work-style',
  video: 'example-video-introduce-yourself',
} as const;

export async function createInterview(owner: Account, body: Record<string, unknown> = {}): Promise<Interview> {
  const res = await as(owner).send('POST', '/api/interviews', {
    name: `Interview ${crypto.randomUUID().slice(0, 6)}`,
    format: 'one_way',
    intro: 'Hello and welcome.',
    closing: 'Thank you.',
    questionIds: [EXAMPLE_IDS.text, EXAMPLE_IDS.choice],
    ...body,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { interview: Interview }).interview;
}

export interface Recruiting {
  owner: Account;
  interview: Interview;
}

export async function recruiting(label = 'recruiter', interview: Record<string, unknown> = {}): Promise<Recruiting> {
  const owner = await register(label);
  return { owner, interview: await createInterview(owner, interview) };
}

export interface AddedCandidate {
  candidate: { id: string; name: string; email: string | null };
  session: SessionListItem;
  inviteUrl: string;
  inviteToken: string;
}

export async function addCandidate(r: Recruiting, body: Record<string, unknown>): Promise<AddedCandidate> {
  const res = await as(r.owner).send('POST', `/api/interviews/${r.interview.id}/candidates`, body);
  expect(res.status, await res.clone().text()).toBe(201);
  const added = (await res.json()) as Omit<AddedCandidate, 'inviteToken'>;
  return { ...added, inviteToken: added.inviteUrl.split('/i/')[1]! };
}

export const uniqueCandidateEmail = (label = 'candidate') => `${label}-${crypto.randomUUID().slice(0, 8)}@candidates.test`;

/**
 * Runs the session object's alarm now, so the summary of answers already acknowledged reaches D1
 * (the object mirrors it from its alarm, SUMMARY_MIRROR_DELAY_MS after the answer).
 */
export async function mirrorSummary(sessionId: string): Promise<void> {
  const { sessionStub } = await import('../../../worker/sessions');
  await runDurableObjectAlarm(sessionStub(env, sessionId));
}

export function bearer(deviceToken: string): Record<string, string> {
  return { authorization: `Bearer ${deviceToken}` };
}

export function startLink(token: string, body: Record<string, unknown>, deviceToken?: string): Promise<Response> {
  return postJson(`/api/links/${token}/start`, body, deviceToken ? bearer(deviceToken) : {});
}

export async function startedEntry(token: string, body: Record<string, unknown>, deviceToken?: string): Promise<SessionEntry> {
  const res = await startLink(token, body, deviceToken);
  expect([200, 201], await res.clone().text()).toContain(res.status);
  return (await res.json()) as SessionEntry;
}

export async function verificationFor(token: string, body: Record<string, unknown>): Promise<VerificationRequired> {
  const res = await startLink(token, body);
  expect(res.status, await res.clone().text()).toBe(202);
  return (await res.json()) as VerificationRequired;
}

/** The code in the latest one-time-code mail to this address, read like a candidate reads their mail. */
export async function mailedCode(email: string): Promise<string> {
  const row = await env.DB.prepare("SELECT text_body FROM mail_outbox WHERE to_address = ? AND kind = 'one_time_code' ORDER BY created_at DESC, rowid DESC LIMIT 1")
    .bind(email)
    .first<{ text_body: string }>();
  // The code stands on its own indented line; the interview's name may hold six digits too.
  const code = row?.text_body.match(/\n\s+(\d{6})\n/)?.[1];
  expect(code, `a one-time code mailed to ${email}`).toBeDefined();
  return code!;
}

/** A candidate added by the recruiter who has started on their device. */
export async function startedCandidate(label = 'started'): Promise<Recruiting & AddedCandidate & { email: string; deviceToken: string; sessionId: string }> {
  const r = await recruiting(label);
  const email = uniqueCandidateEmail(label);
  const added = await addCandidate(r, { name: `Candidate ${label}`, email });
  const entry = await startedEntry(added.inviteToken, { email });
  return { ...r, ...added, email, deviceToken: entry.deviceToken, sessionId: entry.sessionId };
}

export function candidateGet(path: string, deviceToken: string): Promise<Response> {
  return api(path, { headers: bearer(deviceToken) });
}

export function candidatePost(path: string, body: unknown, deviceToken: string): Promise<Response> {
  return postJson(path, body, bearer(deviceToken));
}

export async function statusOf(sessionId: string): Promise<string | undefined> {
  return (await env.DB.prepare('SELECT status FROM sessions WHERE id = ?').bind(sessionId).first<{ status: string }>())?.status;
}

/** A device token for a bare seeded session (test/worker/support/helpers.ts `seedSession`), stored as the API stores it. */
export async function seedDevice(session: { sessionId: string; orgId: string }): Promise<string> {
  const { mintDeviceToken } = await import('../../../worker/candidates/entry');
  return mintDeviceToken(env, session);
}
