import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { r2Keys } from '../../../worker/keys';
import type { SessionList, SessionListItem } from '../../../worker/schemas/candidate';
import { sessionStub } from '../../../worker/sessions';
import { ADA_RESUME, buildResumePdf } from '../../fixtures/imports/resumes';
import { addMember, as } from '../support/auth-helpers';
import {
  addCandidate,
  candidateGet,
  candidatePost,
  EXAMPLE_IDS,
  type Recruiting,
  recruiting,
  startedCandidate,
  startedEntry,
  statusOf,
  uniqueCandidateEmail,
} from '../support/candidates-helpers';

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } }).error;

async function listSessions(r: Recruiting, query = ''): Promise<SessionListItem[]> {
  const res = await as(r.owner).get(`/api/interviews/${r.interview.id}/sessions${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as SessionList).sessions;
}

describe('Create individually', () => {
  it('adds a candidate with a Not Started session and a copyable invite link', async () => {
    const r = await recruiting('add');
    const email = uniqueCandidateEmail();
    const added = await addCandidate(r, {
      name: '  Ada Lovelace ',
      email: email.toUpperCase(),
      phone: '+44 20 7946 0958',
      school: 'University of London',
      workExperience: 'Analyst',
    });
    expect(added.candidate).toMatchObject({ name: 'Ada Lovelace', email, phone: '+44 20 7946 0958', school: 'University of London', workExperience: 'Analyst', hasResume: false });
    expect(added.session).toMatchObject({ status: 'not_started', progress: { answered: 0, total: 2 }, practice: false, retakeOf: null, retakenBy: null });
    expect(added.inviteUrl).toBe(`https://holdfast.test/i/${added.inviteToken}`);
    expect(await listSessions(r)).toEqual([{ ...added.session }]);
  });

  it('requires a name and answers 400 naming each bad field', async () => {
    const r = await recruiting('add');
    const res = await as(r.owner).send('POST', `/api/interviews/${r.interview.id}/candidates`, { name: ' ', email: 'nope', phone: 'x' });
    expect(res.status).toBe(400);
    expect(Object.keys((await errorOf(res)).fields ?? {}).sort()).toEqual(['email', 'name', 'phone']);
    expect(await listSessions(r)).toEqual([]);
  });

  it('refuses the same email twice in one interview', async () => {
    const r = await recruiting('add');
    const email = uniqueCandidateEmail();
    await addCandidate(r, { name: 'First', email });
    const res = await as(r.owner).send('POST', `/api/interviews/${r.interview.id}/candidates`, { name: 'Second', email });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('duplicate_candidate');
    expect(await listSessions(r)).toHaveLength(1);
  });

  it('fills the fields left empty from an uploaded resume and keeps the PDF', { timeout: 30_000 }, async () => {
    const r = await recruiting('add');
    const form = new FormData();
    form.append('name', 'Augusta Ada King');
    form.append('school', '');
    form.append('resume', new File([await buildResumePdf(ADA_RESUME)], 'ada.pdf', { type: 'application/pdf' }));
    const res = await as(r.owner).raw('POST', `/api/interviews/${r.interview.id}/candidates`, { body: form });
    expect(res.status).toBe(201);
    const { candidate } = (await res.json()) as { candidate: Record<string, unknown> };
    // The typed name wins; everything left empty comes from the resume.
    expect(candidate).toMatchObject({ name: 'Augusta Ada King', email: 'ada.lovelace@example.com', phone: '+44 20 7946 0958', hasResume: true });
    expect(candidate.school).toContain('University of London');
    const row = await env.DB.prepare('SELECT resume_key FROM candidates WHERE id = ?').bind(candidate.id).first<{ resume_key: string }>();
    expect(row?.resume_key.startsWith(`orgs/${r.owner.signedIn.organization.id}/resumes/`)).toBe(true);
    expect(await env.MEDIA.head(row!.resume_key)).not.toBeNull();
  });

  it('refuses a resume that is not a PDF, keeping nothing', async () => {
    const r = await recruiting('add');
    const form = new FormData();
    form.append('name', 'Someone');
    form.append('resume', new File([new TextEncoder().encode('plain text, not a pdf')], 'resume.pdf', { type: 'application/pdf' }));
    const res = await as(r.owner).raw('POST', `/api/interviews/${r.interview.id}/candidates`, { body: form });
    expect(res.status).toBe(415);
    expect(await listSessions(r)).toEqual([]);
  });

  it('takes nobody new into an archived interview', async () => {
    const r = await recruiting('add');
    expect((await as(r.owner).send('POST', `/api/interviews/${r.interview.id}/archive`)).status).toBe(200);
    const res = await as(r.owner).send('POST', `/api/interviews/${r.interview.id}/candidates`, { name: 'Too Late' });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('interview_archived');
  });

  it('is for roles that manage candidates; every member may read the Sessions tab', async () => {
    const r = await recruiting('roles');
    const reviewer = await addMember(r.owner, 'reviewer');
    const denied = await as(reviewer).send('POST', `/api/interviews/${r.interview.id}/candidates`, { name: 'Nope' });
    expect(denied.status).toBe(403);
    expect((await as(reviewer).get(`/api/interviews/${r.interview.id}/sessions`)).status).toBe(200);
    const recruiter = await addMember(r.owner, 'recruiter');
    expect((await as(recruiter).send('POST', `/api/interviews/${r.interview.id}/candidates`, { name: 'Yes' })).status).toBe(201);
  });

  it('answers 404 for another organization’s interview', async () => {
    const a = await recruiting('tenant-a');
    const b = await recruiting('tenant-b');
    const res = await as(b.owner).send('POST', `/api/interviews/${a.interview.id}/candidates`, { name: 'Intruder' });
    expect(res.status).toBe(404);
    expect((await as(b.owner).get(`/api/interviews/${a.interview.id}/sessions`)).status).toBe(404);
  });
});

describe('Retake', () => {
  it('makes a new, independent session for the same candidate; the old one stays, marked and linked', async () => {
    const s = await startedCandidate('retake');
    await candidatePost('/api/candidate/answers', { clientId: 'retake-answer-1', questionId: EXAMPLE_IDS.text, value: 'My first try.' }, s.deviceToken);

    const res = await as(s.owner).send('POST', `/api/sessions/${s.sessionId}/retake`);
    expect(res.status).toBe(201);
    const { session: retake } = (await res.json()) as { session: SessionListItem };
    expect(retake).toMatchObject({ status: 'not_started', retakeOf: s.sessionId, retakenBy: null, candidate: { id: s.candidate.id } });
    expect(retake.id).not.toBe(s.sessionId);
    expect(retake.inviteUrl).not.toBe(s.inviteUrl);

    const sessions = await listSessions(s, '?sort=created&dir=asc');
    expect(sessions.map((x) => [x.id, x.status, x.retakenBy, x.retakeOf])).toEqual([
      [s.sessionId, 'in_progress', retake.id, null],
      [retake.id, 'not_started', null, s.sessionId],
    ]);

    // Its own answers: the new session starts empty, the old one keeps its answer.
    const newToken = retake.inviteUrl!.split('/i/')[1]!;
    const entry = await startedEntry(newToken, { email: s.email });
    expect(entry.sessionId).toBe(retake.id);
    expect(entry.session.answers).toEqual({});
    const old = (await (await candidateGet('/api/candidate/session', s.deviceToken)).json()) as { answers: Record<string, unknown> };
    expect(Object.keys(old.answers)).toEqual([EXAMPLE_IDS.text]);
  });

  it('is refused for a session not started yet, or already retaken', async () => {
    const r = await recruiting('retake');
    const added = await addCandidate(r, { name: 'Not Yet', email: uniqueCandidateEmail() });
    const early = await as(r.owner).send('POST', `/api/sessions/${added.session.id}/retake`);
    expect(early.status).toBe(409);
    const s = await startedCandidate('retake');
    const both = await Promise.all([as(s.owner).send('POST', `/api/sessions/${s.sessionId}/retake`), as(s.owner).send('POST', `/api/sessions/${s.sessionId}/retake`)]);
    expect(both.map((x) => x.status).sort()).toEqual([201, 409]);
    expect(await listSessions(s)).toHaveLength(2);
  });
});

describe('Delete', () => {
  it('asks for the candidate’s name', async () => {
    const s = await startedCandidate('delete');
    for (const body of [{ confirmName: 'Someone Else' }, {}]) {
      const res = await as(s.owner).send('DELETE', `/api/sessions/${s.sessionId}`, body);
      expect(res.status).toBe(400);
    }
    expect(await statusOf(s.sessionId)).toBe('in_progress');
  });

  it('removes the D1 rows, the Durable Object’s storage and every R2 object of the session', async () => {
    const s = await startedCandidate('delete');
    const orgId = s.owner.signedIn.organization.id;
    await candidatePost('/api/candidate/answers', { clientId: 'delete-answer-1', questionId: EXAMPLE_IDS.text, value: 'Soon gone.' }, s.deviceToken);
    const prefix = r2Keys.sessionPrefix(orgId, s.sessionId);
    await env.MEDIA.put(`${prefix}chunks/segment-1/000000`, 'chunk');
    await env.MEDIA.put(`${prefix}segments/segment-1.webm`, 'segment');
    const otherSession = await startedCandidate('delete-other');
    const otherKey = `${r2Keys.sessionPrefix(otherSession.owner.signedIn.organization.id, otherSession.sessionId)}chunks/keep/000000`;
    await env.MEDIA.put(otherKey, 'keep');

    const res = await as(s.owner).send('DELETE', `/api/sessions/${s.sessionId}`, { confirmName: s.candidate.name.toLowerCase() });
    expect(res.status).toBe(204);

    for (const table of ['sessions', 'candidate_devices', 'email_verifications', 'session_events']) {
      const column = table === 'sessions' ? 'id' : 'session_id';
      const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`).bind(s.sessionId).first<{ n: number }>();
      expect(row?.n, table).toBe(0);
    }
    expect(await env.DB.prepare('SELECT id FROM candidates WHERE id = ?').bind(s.candidate.id).first()).toBeNull();
    expect((await env.MEDIA.list({ prefix })).objects).toEqual([]);
    expect(await env.MEDIA.head(otherKey)).not.toBeNull();
    const stored = await runInDurableObject(sessionStub(env, s.sessionId), (_instance, state) => ({
      answers: state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM answers').one().n,
      meta: state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM meta').one().n,
      copy: state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM interview_copy').one().n,
    }));
    expect(stored).toEqual({ answers: 0, meta: 0, copy: 0 });
    // The candidate's device is out, and the link is gone.
    expect((await candidateGet('/api/candidate/session', s.deviceToken)).status).toBe(401);
    expect((await as(s.owner).get(`/api/links/${s.inviteToken}`)).status).toBe(404);
    expect(await listSessions(s)).toEqual([]);
  });

  it('keeps the candidate and the other session when a retaken candidate loses one session', async () => {
    const s = await startedCandidate('delete');
    const retake = ((await (await as(s.owner).send('POST', `/api/sessions/${s.sessionId}/retake`)).json()) as { session: SessionListItem }).session;
    expect((await as(s.owner).send('DELETE', `/api/sessions/${s.sessionId}`, { confirmName: s.candidate.name })).status).toBe(204);
    const [left] = await listSessions(s);
    expect(left).toMatchObject({ id: retake.id, retakeOf: null, candidate: { id: s.candidate.id } });
  });

  it('answers 404 to another organization', async () => {
    const s = await startedCandidate('delete');
    const other = await recruiting('delete-intruder');
    const res = await as(other.owner).send('DELETE', `/api/sessions/${s.sessionId}`, { confirmName: s.candidate.name });
    expect(res.status).toBe(404);
    expect(await statusOf(s.sessionId)).toBe('in_progress');
  });
});
