import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deleteSession } from '../../../worker/candidates/delete';
import { findSession } from '../../../worker/db/sessions';
import type { ImportReport, QuotaView } from '../../../worker/schemas/candidate';
import type { Interview } from '../../../worker/schemas/interviews';
import { buildCsv } from '../../fixtures/imports/spreadsheets';
import { as } from '../support/auth-helpers';
import { addCandidate, type Recruiting, recruiting, startLink, uniqueCandidateEmail } from '../support/candidates-helpers';

const DAY = 24 * 60 * 60 * 1000;

async function quotaOf(r: Recruiting): Promise<QuotaView> {
  const res = await as(r.owner).get('/api/org/quota');
  expect(res.status).toBe(200);
  return (await res.json()) as QuotaView;
}

async function setQuota(r: Recruiting, limit: number): Promise<void> {
  await env.DB.prepare('UPDATE organizations SET session_quota = ? WHERE id = ?').bind(limit, r.owner.signedIn.organization.id).run();
}

const deleteVia = (r: Recruiting, sessionId: string, name: string) => as(r.owner).send('DELETE', `/api/sessions/${sessionId}`, { confirmName: name });

afterEach(() => {
  vi.useRealTimers();
});

describe('quota', () => {
  it('counts every session created, however it was created', async () => {
    const r = await recruiting('quota');
    expect(await quotaOf(r)).toEqual({ used: 0, limit: 100, refundWindowDays: 28 });
    await addCandidate(r, { name: 'One', email: uniqueCandidateEmail() });
    const csv = buildCsv([['Name'], ['Two'], ['Three']]);
    const form = new FormData();
    form.append('file', new File([csv], 'c.csv'));
    await as(r.owner).raw('POST', `/api/interviews/${r.interview.id}/candidates/import`, { body: form });
    const link = ((await (await as(r.owner).send('PUT', `/api/interviews/${r.interview.id}/public-link`, { enabled: true })).json()) as { interview: Interview }).interview
      .publicLink.token!;
    expect((await startLink(link, { name: 'Four', email: uniqueCandidateEmail() })).status).toBe(201);
    expect((await quotaOf(r)).used).toBe(4);
  });

  it('refuses to create beyond the quota with a clear message, creating nothing', async () => {
    const r = await recruiting('quota');
    await setQuota(r, 2);
    await addCandidate(r, { name: 'One', email: uniqueCandidateEmail() });
    // An import that would pass the limit is refused whole, not half-imported.
    const form = new FormData();
    form.append('file', new File([buildCsv([['Name'], ['Two'], ['Three']])], 'c.csv'));
    const refusedImport = await as(r.owner).raw('POST', `/api/interviews/${r.interview.id}/candidates/import`, { body: form });
    expect(refusedImport.status).toBe(402);
    const error = ((await refusedImport.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('quota_exceeded');
    expect(error.message).toContain('1 of its 2 sessions');
    expect((await quotaOf(r)).used).toBe(1);

    await addCandidate(r, { name: 'Two', email: uniqueCandidateEmail() });
    const refused = await as(r.owner).send('POST', `/api/interviews/${r.interview.id}/candidates`, { name: 'Three', email: uniqueCandidateEmail() });
    expect(refused.status).toBe(402);
    const count = await env.DB.prepare('SELECT count(*) AS n FROM candidates WHERE interview_id = ?').bind(r.interview.id).first<{ n: number }>();
    expect(count?.n).toBe(2);
  });

  it('lets only as many racing creations through as there are places left', async () => {
    const r = await recruiting('quota');
    await setQuota(r, 3);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => as(r.owner).send('POST', `/api/interviews/${r.interview.id}/candidates`, { name: `Racer ${i}`, email: uniqueCandidateEmail(`r${i}`) })),
    );
    expect(results.filter((res) => res.status === 201)).toHaveLength(3);
    expect(results.filter((res) => res.status === 402)).toHaveLength(5);
    expect((await quotaOf(r)).used).toBe(3);
  });

  it('refuses a public-link start past the quota with a message for the candidate', async () => {
    const r = await recruiting('quota');
    await setQuota(r, 0);
    const link = ((await (await as(r.owner).send('PUT', `/api/interviews/${r.interview.id}/public-link`, { enabled: true })).json()) as { interview: Interview }).interview
      .publicLink.token!;
    const res = await startLink(link, { name: 'Too Late', email: uniqueCandidateEmail() });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('interview_unavailable');
  });

  it('gives the place back when a session is deleted within 28 days of its creation (fake clock)', async () => {
    const r = await recruiting('refund');
    vi.useFakeTimers({ toFake: ['Date'] });
    const created = Date.UTC(2026, 0, 1, 12);
    vi.setSystemTime(created);
    const added = await addCandidate(r, { name: 'Refunded', email: uniqueCandidateEmail() });
    expect((await quotaOf(r)).used).toBe(1);
    vi.setSystemTime(created + 28 * DAY - 60_000);
    expect((await deleteVia(r, added.session.id, 'Refunded')).status).toBe(204);
    expect((await quotaOf(r)).used).toBe(0);
  });

  it('keeps the place used when the session is deleted after 28 days (fake clock)', async () => {
    const r = await recruiting('refund');
    vi.useFakeTimers({ toFake: ['Date'] });
    const created = Date.UTC(2026, 0, 1, 12);
    vi.setSystemTime(created);
    const added = await addCandidate(r, { name: 'Kept', email: uniqueCandidateEmail() });
    vi.setSystemTime(created + 28 * DAY + 60_000);
    expect((await deleteVia(r, added.session.id, 'Kept')).status).toBe(204);
    expect((await quotaOf(r)).used).toBe(1);
  });

  it('decides the refund by the time passed in, to the minute around the 28-day edge', async () => {
    const r = await recruiting('refund');
    const inside = await addCandidate(r, { name: 'Inside', email: uniqueCandidateEmail() });
    const outside = await addCandidate(r, { name: 'Outside', email: uniqueCandidateEmail() });
    const sessionIn = (await findSession(env.DB, inside.session.id))!;
    const sessionOut = (await findSession(env.DB, outside.session.id))!;
    expect((await deleteSession(env, sessionIn, sessionIn.createdAt + 28 * DAY - 1)).refunded).toBe(true);
    expect((await deleteSession(env, sessionOut, sessionOut.createdAt + 28 * DAY)).refunded).toBe(false);
    expect((await quotaOf(r)).used).toBe(1);
  });
});

describe('import and quota together', () => {
  it('imports right up to the limit', async () => {
    const r = await recruiting('quota');
    await setQuota(r, 2);
    const form = new FormData();
    form.append('file', new File([buildCsv([['Name'], ['One'], ['Two']])], 'c.csv'));
    const report = (await (await as(r.owner).raw('POST', `/api/interviews/${r.interview.id}/candidates/import`, { body: form })).json()) as ImportReport;
    expect(report.imported).toBe(2);
    expect(await quotaOf(r)).toMatchObject({ used: 2, limit: 2 });
  });
});
