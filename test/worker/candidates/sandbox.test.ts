import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { CandidateSession, QuotaView, SessionList } from '../../../worker/schemas/candidate';
import { type Account, addMember, as, register } from '../support/auth-helpers';
import { candidateGet, candidatePost } from '../support/candidates-helpers';
import { webmFixture } from '../support/recording-fixture';
import { recordSegment } from '../support/review-helpers';

interface SandboxStart {
  sessionId: string;
  deviceToken: string;
  url: string;
}

async function startSandbox(member: Account): Promise<Response> {
  return as(member).send('POST', '/api/sandbox/start');
}

const quotaOf = async (member: Account) => ((await (await as(member).get('/api/org/quota')).json()) as QuotaView).used;

describe('the sandbox', () => {
  it('lets any member take the organization’s practice interview as a candidate, using no quota', async () => {
    const owner = await register('sandbox');
    const reviewer = await addMember(owner, 'reviewer');
    const res = await startSandbox(reviewer);
    expect(res.status).toBe(201);
    const started = (await res.json()) as SandboxStart;
    expect(started.url).toMatch(/^https:\/\/holdfast\.test\/i\/[A-Za-z0-9_-]{24}$/);
    const session = (await (await candidateGet('/api/candidate/session', started.deviceToken)).json()) as CandidateSession;
    expect(session).toMatchObject({ sessionId: started.sessionId, practice: true, status: 'in_progress' });
    expect(session.questions.map((q) => q.type)).toEqual(['video', 'audio', 'text', 'choice', 'scale']);
    expect(await quotaOf(owner)).toBe(0);
  });

  it('is one interview per organization, shared by its members, with each member’s practice session marked', async () => {
    const owner = await register('sandbox');
    const interviewer = await addMember(owner, 'interviewer');
    const a = (await (await startSandbox(owner)).json()) as SandboxStart;
    const b = (await (await startSandbox(interviewer)).json()) as SandboxStart;
    expect(a.sessionId).not.toBe(b.sessionId);
    const sandboxes = await env.DB.prepare('SELECT interview_id FROM org_sandboxes WHERE org_id = ?').bind(owner.signedIn.organization.id).all<{ interview_id: string }>();
    expect(sandboxes.results).toHaveLength(1);
    const list = (await (await as(owner).get(`/api/interviews/${sandboxes.results[0]!.interview_id}/sessions`)).json()) as SessionList;
    expect(list.sessions.map((s) => s.practice)).toEqual([true, true]);
  });

  it('continues the member’s unfinished practice session, and starts a new one once it is finished', async () => {
    const owner = await register('sandbox');
    const first = (await (await startSandbox(owner)).json()) as SandboxStart;
    const again = await startSandbox(owner);
    expect(again.status).toBe(200);
    expect(((await again.json()) as SandboxStart).sessionId).toBe(first.sessionId);

    const session = (await (await candidateGet('/api/candidate/session', first.deviceToken)).json()) as CandidateSession;
    const chunks = webmFixture.chunks.map((c) => c.bytes);
    for (const q of session.questions) {
      const value =
        q.type === 'video' || q.type === 'audio'
          ? { recording: { segments: [await recordSegment(first.sessionId, String(q.id), chunks)] } }
          : q.type === 'text'
            ? 'Practice.'
            : q.type === 'choice'
              ? [(q as unknown as { options: { id: string }[] }).options[0]!.id]
              : Object.fromEntries((q as unknown as { items: { id: string }[] }).items.map((item) => [item.id, 3]));
      expect((await candidatePost('/api/candidate/answers', { clientId: crypto.randomUUID(), questionId: q.id, value }, first.deviceToken)).status).toBe(200);
    }
    expect((await candidatePost('/api/candidate/complete', { clientId: 'sandbox-done-1' }, first.deviceToken)).status).toBe(200);
    const next = await startSandbox(owner);
    expect(next.status).toBe(201);
    expect(((await next.json()) as SandboxStart).sessionId).not.toBe(first.sessionId);
    expect(await quotaOf(owner)).toBe(0);
  });

  it('needs a signed-in member', async () => {
    const res = await as({ cookie: '', csrfToken: '' }).send('POST', '/api/sandbox/start');
    expect(res.status).toBe(401);
  });
});
