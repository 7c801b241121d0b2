import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { fromBase64Url } from '../../../worker/auth/tokens';
import { deviceTokenDigest, newDeviceToken } from '../../../worker/candidate-auth';
import { newInviteToken } from '../../../worker/candidates/create';
import type { LinkInfo, SessionEntry } from '../../../worker/schemas/candidate';
import type { Interview } from '../../../worker/schemas/interviews';
import { as } from '../support/auth-helpers';
import { addCandidate, mailedCode, type Recruiting, recruiting, startedEntry, startLink, statusOf, uniqueCandidateEmail, verificationFor } from '../support/candidates-helpers';
import { api, postJson } from '../support/helpers';

async function publicLinkOn(r: Recruiting): Promise<string> {
  const res = await as(r.owner).send('PUT', `/api/interviews/${r.interview.id}/public-link`, { enabled: true });
  expect(res.status).toBe(200);
  return ((await res.json()) as { interview: Interview }).interview.publicLink.token!;
}

const bitsOf = (token: string) => (fromBase64Url(token)?.length ?? 0) * 8;

describe('the public link', () => {
  it('lets anyone start by giving name and email, while it is on', async () => {
    const r = await recruiting('public');
    const token = await publicLinkOn(r);
    const info = (await (await api(`/api/links/${token}`)).json()) as LinkInfo;
    expect(info).toMatchObject({ link: { kind: 'public' }, candidate: null, interview: { name: r.interview.name, questionCount: 2 } });
    // What is coming, for the intro before the start: computed from the interview's current version.
    expect(info.interview.outline).toEqual({
      counts: [
        { type: 'text', count: 1 },
        { type: 'choice', count: 1 },
      ],
      estimatedMinutes: expect.any(Number),
      needs: [],
    });
    expect(info.interview.outline!.estimatedMinutes).toBeGreaterThanOrEqual(1);

    const email = uniqueCandidateEmail('walk-in');
    const res = await startLink(token, { name: 'Walk In', email });
    expect(res.status).toBe(201);
    const entry = (await res.json()) as SessionEntry;
    expect(entry.session.status).toBe('in_progress');
    const list = (await (await as(r.owner).get(`/api/interviews/${r.interview.id}/sessions`)).json()) as { sessions: { id: string; candidate: { name: string; email: string } }[] };
    expect(list.sessions).toEqual([expect.objectContaining({ id: entry.sessionId, candidate: expect.objectContaining({ name: 'Walk In', email }) })]);
  });

  it('asks for a name', async () => {
    const r = await recruiting('public');
    const token = await publicLinkOn(r);
    const res = await startLink(token, { email: uniqueCandidateEmail() });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: object } }).error.fields).toHaveProperty('name');
  });

  it('resumes the same email’s session: at once on the same device, by code on another, never a second session', async () => {
    const r = await recruiting('public');
    const token = await publicLinkOn(r);
    const email = uniqueCandidateEmail('walk-in');
    const first = await startedEntry(token, { name: 'Walk In', email });
    const same = await startedEntry(token, { name: 'Walk In', email }, first.deviceToken);
    expect(same.sessionId).toBe(first.sessionId);
    const { verificationId } = await verificationFor(token, { name: 'Someone Typing Her Email', email });
    const verified = await postJson(`/api/links/${token}/verify`, { verificationId, code: await mailedCode(email) });
    expect(verified.status).toBe(200);
    expect(((await verified.json()) as SessionEntry).sessionId).toBe(first.sessionId);
    const count = await env.DB.prepare('SELECT count(*) AS n FROM sessions WHERE interview_id = ?').bind(r.interview.id).first<{ n: number }>();
    expect(count?.n).toBe(1);
  });

  it('sends a candidate the recruiter already added to their own session, after proving the email', async () => {
    const r = await recruiting('public');
    const token = await publicLinkOn(r);
    const email = uniqueCandidateEmail('invited');
    const added = await addCandidate(r, { name: 'Invited Already', email });
    const { verificationId } = await verificationFor(token, { name: 'Invited Already', email });
    expect(await statusOf(added.session.id)).toBe('not_started');
    const res = await postJson(`/api/links/${token}/verify`, { verificationId, code: await mailedCode(email) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as SessionEntry).sessionId).toBe(added.session.id);
    expect(await statusOf(added.session.id)).toBe('in_progress');
  });

  it('answers 404 once switched off, and its old token 404 once rotated', async () => {
    const r = await recruiting('public');
    const first = await publicLinkOn(r);
    const rotated = await as(r.owner).send('POST', `/api/interviews/${r.interview.id}/public-link/rotate`);
    const second = ((await rotated.json()) as { interview: Interview }).interview.publicLink.token!;
    expect(second).not.toBe(first);
    expect((await api(`/api/links/${first}`)).status).toBe(404);
    expect((await startLink(first, { name: 'Late', email: uniqueCandidateEmail() })).status).toBe(404);
    expect((await api(`/api/links/${second}`)).status).toBe(200);

    await as(r.owner).send('PUT', `/api/interviews/${r.interview.id}/public-link`, { enabled: false });
    expect((await api(`/api/links/${second}`)).status).toBe(404);
    expect((await startLink(second, { name: 'Late', email: uniqueCandidateEmail() })).status).toBe(404);
  });

  it('does not open an invite link when only the public link was rotated', async () => {
    const r = await recruiting('public');
    await publicLinkOn(r);
    const added = await addCandidate(r, { name: 'Keeps Link', email: uniqueCandidateEmail() });
    await as(r.owner).send('POST', `/api/interviews/${r.interview.id}/public-link/rotate`);
    expect((await api(`/api/links/${added.inviteToken}`)).status).toBe(200);
  });
});

describe('link and device tokens', () => {
  it('have at least 128 random bits and never repeat over many samples', async () => {
    const invites = Array.from({ length: 20_000 }, newInviteToken);
    const devices = Array.from({ length: 20_000 }, newDeviceToken);
    for (const tokens of [invites, devices]) {
      expect(new Set(tokens).size).toBe(tokens.length);
      for (const token of tokens.slice(0, 500)) expect(bitsOf(token)).toBeGreaterThanOrEqual(128);
    }
    // Every character position varies: no fixed prefix or counter hides inside.
    for (let i = 0; i < invites[0]!.length; i++) expect(new Set(invites.slice(0, 2000).map((t) => t[i])).size).toBeGreaterThan(32);
  });

  it('are unique per candidate, and only a digest of a device token is stored', async () => {
    const r = await recruiting('tokens');
    const added = await Promise.all(Array.from({ length: 25 }, (_, i) => addCandidate(r, { name: `Candidate ${i}`, email: uniqueCandidateEmail(`c${i}`) })));
    const tokens = added.map((a) => a.inviteToken);
    expect(new Set(tokens).size).toBe(25);
    for (const token of tokens) expect(bitsOf(token)).toBeGreaterThanOrEqual(128);

    const entry = await startedEntry(added[0]!.inviteToken, { email: added[0]!.candidate.email });
    const rows = await env.DB.prepare('SELECT token_hash FROM candidate_devices WHERE session_id = ?').bind(entry.sessionId).all<{ token_hash: string }>();
    expect(rows.results.map((row) => row.token_hash)).toEqual([await deviceTokenDigest(entry.deviceToken)]);
  });
});
