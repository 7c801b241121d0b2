import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addCandidate, candidatePost, EXAMPLE_IDS, recruiting, startedEntry, startLink, uniqueCandidateEmail } from '../support/candidates-helpers';
import { api } from '../support/helpers';

describe('a submitted interview opened again from its invite link', () => {
  it('says it is submitted, and a new device can neither start it nor be mailed a code for it', async () => {
    const r = await recruiting('submitted-link', { questionIds: [EXAMPLE_IDS.text] });
    const email = uniqueCandidateEmail('submitted');
    const added = await addCandidate(r, { name: 'Sam Submitted', email });
    expect(await (await api(`/api/links/${added.inviteToken}`)).json()).toMatchObject({ submitted: false });

    const entry = await startedEntry(added.inviteToken, { email });
    const answered = await candidatePost('/api/candidate/answers', { clientId: crypto.randomUUID(), questionId: EXAMPLE_IDS.text, value: 'All done here.' }, entry.deviceToken);
    expect(answered.status).toBe(200);
    expect((await candidatePost('/api/candidate/complete', { clientId: crypto.randomUUID() }, entry.deviceToken)).status).toBe(200);

    // A new device: the link says the interview is in.
    const link = await api(`/api/links/${added.inviteToken}`);
    expect(link.status).toBe(200);
    expect(await link.json()).toMatchObject({ submitted: true, link: { kind: 'invite' } });

    const mailsBefore = await codesMailedTo(email);
    const start = await startLink(added.inviteToken, { email });
    expect(start.status).toBe(409);
    expect(await start.json()).toMatchObject({ error: { code: 'session_completed', message: expect.stringContaining('already submitted') } });
    expect(await codesMailedTo(email)).toBe(mailsBefore);

    // The device that took it still opens it (its closing screen).
    expect((await startLink(added.inviteToken, { email }, entry.deviceToken)).status).toBe(200);
  });
});

async function codesMailedTo(email: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM mail_outbox WHERE to_address = ? AND kind = 'one_time_code'").bind(email).first<{ n: number }>();
  return row?.n ?? 0;
}
