import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { CandidateSession, LinkInfo, SessionEntry } from '../../../worker/schemas/candidate';
import { listSessionEvents } from '../../../worker/state/session-states';
import {
  addCandidate,
  candidateGet,
  mailedCode,
  recruiting,
  startedCandidate,
  startedEntry,
  startLink,
  statusOf,
  uniqueCandidateEmail,
  verificationFor,
} from '../support/candidates-helpers';
import { api, postJson } from '../support/helpers';

describe('candidate entry through an invite link', () => {
  it('opens the interview intro with the invited email known', async () => {
    const r = await recruiting('entry');
    const email = uniqueCandidateEmail();
    const added = await addCandidate(r, { name: 'Ada Lovelace', email });
    const res = await api(`/api/links/${added.inviteToken}`);
    expect(res.status).toBe(200);
    const info = (await res.json()) as LinkInfo;
    expect(info).toMatchObject({
      link: { kind: 'invite' },
      interview: { name: r.interview.name, format: 'one_way', intro: 'Hello and welcome.', closing: 'Thank you.', questionCount: 2 },
      candidate: { name: 'Ada Lovelace', email },
    });
    expect(info.interview.branding.orgName).toBe(r.owner.signedIn.organization.name);
  });

  it('starts the session: the object takes its copy of the questions, the state moves to In Progress, the device gets a token', async () => {
    const r = await recruiting('entry');
    const email = uniqueCandidateEmail();
    const added = await addCandidate(r, { name: 'Grace Hopper', email });
    expect(await statusOf(added.session.id)).toBe('not_started');

    const res = await startLink(added.inviteToken, { email: email.toUpperCase() });
    expect(res.status).toBe(201);
    const entry = (await res.json()) as SessionEntry;
    expect(entry.sessionId).toBe(added.session.id);
    // 32 random characters, the id of the session whose object checks it, and the server's tag.
    const [routed, tag] = entry.deviceToken.split('.');
    expect(routed).toBe(`${entry.deviceToken.slice(0, 32)}${added.session.id}`);
    expect(entry.deviceToken.slice(0, 32)).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(tag).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(entry.session).toMatchObject({ sessionId: added.session.id, status: 'in_progress', practice: false, nextStep: 0, answers: {}, finishedLaterAt: null });
    expect(entry.session.questions.map((q) => q.id)).toEqual(['example-text-why-this-role', 'example-choice-work-setting']);
    expect(await statusOf(added.session.id)).toBe('in_progress');
    const [event] = await listSessionEvents(env.DB, r.owner.signedIn.organization.id, added.session.id);
    expect(event).toMatchObject({ from: 'not_started', to: 'in_progress', actor: { kind: 'candidate' } });
    // Only a digest of the device token is kept.
    const stored = await env.DB.prepare('SELECT token_hash FROM candidate_devices WHERE session_id = ?').bind(entry.sessionId).all<{ token_hash: string }>();
    expect(stored.results).toHaveLength(1);
    expect(stored.results[0]!.token_hash).not.toContain(entry.deviceToken);
  });

  it('works only for its own email', async () => {
    const r = await recruiting('entry');
    const added = await addCandidate(r, { name: 'Alan Turing', email: uniqueCandidateEmail() });
    const res = await startLink(added.inviteToken, { email: uniqueCandidateEmail('someone-else') });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('email_mismatch');
    expect(await statusOf(added.session.id)).toBe('not_started');
  });

  it('answers 404 for a token that is no link', async () => {
    for (const token of ['AAAAAAAAAAAAAAAAAAAAAAAA', 'short', crypto.randomUUID()]) {
      const res = await api(`/api/links/${token}`);
      expect(res.status).toBe(404);
      expect((await startLink(token, { email: 'a@b.test' })).status).toBe(404);
    }
  });
});

describe('a candidate added without an email', () => {
  it('is tied to the email given at the first start; another device must then prove it', async () => {
    const r = await recruiting('no-email');
    const added = await addCandidate(r, { name: 'No Email Yet' });
    expect(((await (await api(`/api/links/${added.inviteToken}`)).json()) as LinkInfo).candidate).toEqual({ name: 'No Email Yet', email: '' });
    const email = uniqueCandidateEmail('bound');
    const first = await startedEntry(added.inviteToken, { email });
    expect(((await (await api(`/api/links/${added.inviteToken}`)).json()) as LinkInfo).candidate?.email).toBe(email);
    expect((await startLink(added.inviteToken, { email: uniqueCandidateEmail('other') })).status).toBe(403);
    await verificationFor(added.inviteToken, { email });
    const res = await postJson(`/api/links/${added.inviteToken}/verify`, {
      verificationId: (await env.DB.prepare('SELECT id FROM email_verifications WHERE session_id = ?').bind(first.sessionId).first<{ id: string }>())!.id,
      code: await mailedCode(email),
    });
    expect(res.status).toBe(200);
  });
});

describe('resuming', () => {
  it('on the same device lands in the same session at once', async () => {
    const s = await startedCandidate('resume');
    const res = await startLink(s.inviteToken, { email: s.email }, s.deviceToken);
    expect(res.status).toBe(200);
    const entry = (await res.json()) as SessionEntry;
    expect(entry.sessionId).toBe(s.sessionId);
    expect(entry.deviceToken).toBe(s.deviceToken);
    const session = (await (await candidateGet('/api/candidate/session', s.deviceToken)).json()) as CandidateSession;
    expect(session.sessionId).toBe(s.sessionId);
  });

  it('on a new device needs the code mailed to the email, then lands in the same session with its own token', async () => {
    const s = await startedCandidate('resume');
    const verification = await verificationFor(s.inviteToken, { email: s.email });
    expect(verification.emailHint).toBe(`${s.email[0]}•••@candidates.test`);
    const code = await mailedCode(s.email);
    const res = await postJson(`/api/links/${s.inviteToken}/verify`, { verificationId: verification.verificationId, code });
    expect(res.status).toBe(200);
    const entry = (await res.json()) as SessionEntry;
    expect(entry.sessionId).toBe(s.sessionId);
    expect(entry.deviceToken).not.toBe(s.deviceToken);
    expect((await candidateGet('/api/candidate/session', entry.deviceToken)).status).toBe(200);
    // Both devices now hold the session.
    expect((await candidateGet('/api/candidate/session', s.deviceToken)).status).toBe(200);
  });
});

describe('one-time codes', () => {
  async function verify(token: string, verificationId: string, code: string): Promise<Response> {
    return postJson(`/api/links/${token}/verify`, { verificationId, code });
  }
  const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('refuses a wrong code and admits no device', async () => {
    const s = await startedCandidate('codes');
    const { verificationId } = await verificationFor(s.inviteToken, { email: s.email });
    const res = await verify(s.inviteToken, verificationId, wrong(await mailedCode(s.email)));
    expect(res.status).toBe(400);
    expect(await codeOf(res)).toBe('invalid_code');
    const devices = await env.DB.prepare('SELECT count(*) AS n FROM candidate_devices WHERE session_id = ?').bind(s.sessionId).first<{ n: number }>();
    expect(devices?.n).toBe(1);
  });

  it('refuses a code that was already used', async () => {
    const s = await startedCandidate('codes');
    const { verificationId } = await verificationFor(s.inviteToken, { email: s.email });
    const code = await mailedCode(s.email);
    expect((await verify(s.inviteToken, verificationId, code)).status).toBe(200);
    const again = await verify(s.inviteToken, verificationId, code);
    expect(again.status).toBe(410);
    expect(await codeOf(again)).toBe('code_used');
  });

  it('refuses an expired code', async () => {
    const s = await startedCandidate('codes');
    const { verificationId } = await verificationFor(s.inviteToken, { email: s.email });
    const code = await mailedCode(s.email);
    // Ten minutes and one second later, as far as the code is concerned.
    await env.DB.prepare('UPDATE email_verifications SET expires_at = ? WHERE id = ?')
      .bind(Date.now() - 1_000, verificationId)
      .run();
    const res = await verify(s.inviteToken, verificationId, code);
    expect(res.status).toBe(410);
    expect(await codeOf(res)).toBe('code_expired');
  });

  it('locks after five wrong codes, even for the right one, and says when to retry', async () => {
    const s = await startedCandidate('codes');
    const { verificationId } = await verificationFor(s.inviteToken, { email: s.email });
    const code = await mailedCode(s.email);
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await verify(s.inviteToken, verificationId, wrong(code))).status);
    expect(answers).toEqual([400, 400, 400, 400, 429]);
    const locked = await verify(s.inviteToken, verificationId, code);
    expect(locked.status).toBe(429);
    expect(await codeOf(locked)).toBe('too_many_attempts');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it('counts parallel guesses: no more than five wrong codes are ever checked', async () => {
    const s = await startedCandidate('codes');
    const { verificationId } = await verificationFor(s.inviteToken, { email: s.email });
    const code = await mailedCode(s.email);
    const statuses = await Promise.all(Array.from({ length: 12 }, () => verify(s.inviteToken, verificationId, wrong(code)).then((r) => r.status)));
    expect(statuses.filter((st) => st === 400).length).toBeLessThanOrEqual(4);
    expect((await verify(s.inviteToken, verificationId, code)).status).toBe(429);
  });

  it('is good only on its own link', async () => {
    const a = await startedCandidate('codes-a');
    const b = await startedCandidate('codes-b');
    const { verificationId } = await verificationFor(a.inviteToken, { email: a.email });
    const res = await verify(b.inviteToken, verificationId, await mailedCode(a.email));
    expect(res.status).toBe(400);
  });

  it('limits how many codes one session can have mailed', async () => {
    const s = await startedCandidate('codes');
    for (let i = 0; i < 5; i++) await verificationFor(s.inviteToken, { email: s.email });
    const res = await startLink(s.inviteToken, { email: s.email });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('isolation between candidates', () => {
  it('a device token reaches only its own session, and a device token of one session never resumes another', async () => {
    const a = await startedCandidate('iso-a');
    const b = await startedCandidate('iso-b');
    const mine = (await (await candidateGet('/api/candidate/session', a.deviceToken)).json()) as CandidateSession;
    expect(mine.sessionId).toBe(a.sessionId);
    // B's link with A's device token: A's token proves nothing about B's session.
    const res = await startLink(b.inviteToken, { email: b.email }, a.deviceToken);
    expect(res.status).toBe(202);
    expect(JSON.stringify(await res.json())).not.toContain(b.sessionId);
  });

  it('answers 401 without a device token or with a made-up one', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer not-a-real-device-token-at-all' }, { authorization: 'Basic abc' }];
    for (const headers of attempts) {
      const res = await api('/api/candidate/session', { headers });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('device_not_recognized');
    }
  });
});

describe('a started session', () => {
  it('starting twice from the same link with the invite does not make a second session or a second start', async () => {
    const r = await recruiting('twice');
    const email = uniqueCandidateEmail();
    const added = await addCandidate(r, { name: 'Twice', email });
    const results = await Promise.all([startLink(added.inviteToken, { email }), startLink(added.inviteToken, { email })]);
    expect(results.map((res) => res.status).sort()).toEqual([201, 202]);
    const events = await listSessionEvents(env.DB, r.owner.signedIn.organization.id, added.session.id);
    expect(events).toHaveLength(1);
  });

  it('keeps its questions when the interview is edited afterwards', async () => {
    const s = await startedCandidate('snapshot');
    const { as } = await import('../support/auth-helpers');
    const edit = await as(s.owner).send('PUT', `/api/interviews/${s.interview.id}`, {
      name: 'Renamed',
      format: 'one_way',
      questionIds: ['example-scale-work-style'],
      expectedVersion: s.interview.version,
    });
    expect(edit.status).toBe(200);
    const again = await startedEntry(s.inviteToken, { email: s.email }, s.deviceToken);
    expect(again.session.questions.map((q) => q.id)).toEqual(['example-text-why-this-role', 'example-choice-work-setting']);
  });
});
