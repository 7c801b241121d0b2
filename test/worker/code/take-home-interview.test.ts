import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { as } from '../support/auth-helpers';
import { addCandidate, candidateGet, candidatePost, recruiting, startedEntry, startLink, uniqueCandidateEmail } from '../support/candidates-helpers';

const CODE = ['example-code-sum-python', 'example-code-word-count-ts'];

describe('a take-home interview’s deadline', () => {
  it('takes an absolute date, alone or with hours, and refuses one on another format', async () => {
    const at = Date.now() + 7 * 24 * 3_600_000;
    const r = await recruiting('deadline-at', { format: 'take_home', deadlineAt: at, questionIds: CODE });
    expect(r.interview).toMatchObject({ format: 'take_home', deadlineHours: null, deadlineAt: at });

    const oneWay = await as(r.owner).send('POST', '/api/interviews', { name: 'One way', format: 'one_way', deadlineAt: at, questionIds: [] });
    expect(oneWay.status).toBe(400);
    expect(((await oneWay.json()) as { error: { fields: Record<string, string> } }).error.fields.deadlineAt).toMatch(/only take-home/);
    const neither = await as(r.owner).send('POST', '/api/interviews', { name: 'No deadline', format: 'take_home', questionIds: CODE });
    expect(neither.status).toBe(400);
  });

  it('is fixed when the candidate starts: the earlier of the hours from then and the date', async () => {
    const farDate = Date.now() + 30 * 24 * 3_600_000;
    const r = await recruiting('deadline-fixed', { format: 'take_home', deadlineHours: 3, deadlineAt: farDate, questionIds: CODE });
    const email = uniqueCandidateEmail('fixed');
    const added = await addCandidate(r, { name: 'Fay Fixed', email });
    const entry = await startedEntry(added.inviteToken, { email });
    expect(entry.session.deadlineAt).toBe(entry.session.startedAt + 3 * 3_600_000);
    // Changing the interview later does not move a started session's deadline.
    const edit = await as(r.owner).send('PUT', `/api/interviews/${r.interview.id}`, {
      name: r.interview.name,
      format: 'take_home',
      deadlineHours: 1,
      deadlineAt: null,
      questionIds: CODE,
    });
    expect(edit.status).toBe(200);
    const again = (await (await candidateGet('/api/candidate/session', entry.deviceToken)).json()) as { deadlineAt: number };
    expect(again.deadlineAt).toBe(entry.session.deadlineAt);
  });

  it('cannot be started once its date has passed', async () => {
    const r = await recruiting('deadline-closed', { format: 'take_home', deadlineAt: Date.now() + 60_000, questionIds: CODE });
    const edit = await as(r.owner).send('PUT', `/api/interviews/${r.interview.id}`, {
      name: r.interview.name,
      format: 'take_home',
      deadlineHours: null,
      deadlineAt: Date.now() - 1_000,
      questionIds: CODE,
    });
    expect(edit.status).toBe(200);
    const email = uniqueCandidateEmail('closed');
    const added = await addCandidate(r, { name: 'Cal Closed', email });
    const res = await startLink(added.inviteToken, { email });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('deadline_passed');
  });
});

describe('the Sessions tab for a take-home', () => {
  it('shows Ready for review and the time used from the first start to the submission', async () => {
    const r = await recruiting('time-used', { format: 'take_home', deadlineHours: 3, questionIds: CODE });
    const email = uniqueCandidateEmail('time');
    const added = await addCandidate(r, { name: 'Tim Used', email });
    const entry = await startedEntry(added.inviteToken, { email });
    const before = (await (await as(r.owner).send('GET', `/api/interviews/${r.interview.id}/sessions`)).json()) as { sessions: { id: string; timeUsedMs: number | null }[] };
    expect(before.sessions.find((s) => s.id === entry.sessionId)?.timeUsedMs).toBeNull();

    const complete = await candidatePost('/api/candidate/complete', { clientId: 'complete-time-01' }, entry.deviceToken);
    expect(complete.status).toBe(200);
    const list = (await (await as(r.owner).send('GET', `/api/interviews/${r.interview.id}/sessions`)).json()) as {
      sessions: { id: string; status: string; timeUsedMs: number | null }[];
    };
    const row = list.sessions.find((s) => s.id === entry.sessionId);
    expect(row?.status).toBe('ready_for_review');
    const started = (await env.DB.prepare('SELECT started_at, finished_at FROM sessions WHERE id = ?').bind(entry.sessionId).first<{ started_at: number; finished_at: number }>())!;
    expect(row?.timeUsedMs).toBe(started.finished_at - started.started_at);
    expect(row?.timeUsedMs).toBeGreaterThanOrEqual(0);
  });
});
