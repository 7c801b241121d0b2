import { env } from 'cloudflare:test';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../../worker/context';
import { readOutbox } from '../../../worker/db/mail-outbox';
import { handleError } from '../../../worker/errors';
import { sendMail } from '../../../worker/mail';
import { dev } from '../../../worker/routes/dev';
import type { InvitationPreview, MemberView, OutboxMessage, SignedIn } from '../../../worker/schemas/auth';
import { addMember, as, invitationTokenFor, login, loginAs, PASSWORD, register, sendJson, uniqueEmail } from '../support/auth-helpers';
import { api } from '../support/helpers';

const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
const accept = (token: string, name = 'New Person', password = PASSWORD) => sendJson('/api/auth/invitations/accept', 'POST', { token, name, password });

describe('invitations', () => {
  it('mails an unguessable one-time link; accepting sets name and password and logs the member in', async () => {
    const owner = await register('invites');
    const email = uniqueEmail('recruiter');
    const res = await as(owner).send('POST', '/api/members/invitations', { email, role: 'recruiter' });
    expect(res.status).toBe(201);

    const [mail] = await readOutbox(env.DB, { to: email, limit: 1 });
    expect(mail?.kind).toBe('invitation');
    expect(mail?.subject).toContain(owner.signedIn.organization.name);
    const token = await invitationTokenFor(email);
    // 32 random bytes, base64url: 256 bits, well over the 128 required.
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await env.DB.prepare('SELECT count(*) AS n FROM invitations WHERE token_hash = ?').bind(token).first<{ n: number }>();
    expect(stored?.n).toBe(0);

    const preview = await sendJson('/api/auth/invitations/preview', 'POST', { token });
    expect(preview.status).toBe(200);
    expect((await preview.json()) as InvitationPreview).toMatchObject({ organizationName: owner.signedIn.organization.name, email, role: 'recruiter', existingAccount: false });

    const accepted = await accept(token, 'Rita Recruiter');
    expect(accepted.status).toBe(200);
    const signedIn = (await accepted.json()) as SignedIn;
    expect(signedIn.member).toMatchObject({ name: 'Rita Recruiter', email, role: 'recruiter' });
    expect(signedIn.organization.id).toBe(owner.signedIn.organization.id);

    // The link works once; the new member logs in with the password they chose.
    expect(await errorCode(await accept(token))).toBe('invitation_used');
    expect((await loginAs(email)).signedIn.member.role).toBe('recruiter');
  });

  it('refuses an unknown, revoked, replaced or expired link', async () => {
    const owner = await register('bad-links');
    expect((await accept('A'.repeat(43))).status).toBe(404);

    const email = uniqueEmail('twice');
    await as(owner).send('POST', '/api/members/invitations', { email, role: 'reviewer' });
    const first = await invitationTokenFor(email);
    await as(owner).send('POST', '/api/members/invitations', { email, role: 'interviewer' });
    const second = await invitationTokenFor(email);
    expect(second).not.toBe(first);
    expect((await accept(first)).status).toBe(404);

    const list = (await (await as(owner).get('/api/members/invitations')).json()) as { invitations: { id: string; email: string; role: string }[] };
    const open = list.invitations.filter((i) => i.email === email);
    expect(open).toHaveLength(1);
    expect(open[0]?.role).toBe('interviewer');
    expect((await as(owner).send('DELETE', `/api/members/invitations/${open[0]!.id}`)).status).toBe(204);
    expect((await accept(second)).status).toBe(404);

    const late = uniqueEmail('late');
    await as(owner).send('POST', '/api/members/invitations', { email: late, role: 'reviewer' });
    await env.DB.prepare('UPDATE invitations SET expires_at = ? WHERE email = ?')
      .bind(Date.now() - 1, late)
      .run();
    const expired = await accept(await invitationTokenFor(late));
    expect(expired.status).toBe(410);
    expect(await errorCode(expired)).toBe('invitation_expired');
  });

  it('lets a person who already has an account join with their existing password', async () => {
    const mine = await register('first-org');
    const other = await register('second-org');
    await as(other).send('POST', '/api/members/invitations', { email: mine.email, role: 'reviewer' });
    const token = await invitationTokenFor(mine.email);
    const preview = (await (await sendJson('/api/auth/invitations/preview', 'POST', { token })).json()) as InvitationPreview;
    expect(preview.existingAccount).toBe(true);
    expect((await accept(token, 'Me', 'not my password')).status).toBe(401);
    const joined = await accept(token, 'Me');
    expect(joined.status).toBe(200);
    const signedIn = (await joined.json()) as SignedIn;
    expect(signedIn.organization.id).toBe(other.signedIn.organization.id);
    expect(signedIn.memberships.map((m) => m.organizationId).sort()).toEqual([mine.signedIn.organization.id, other.signedIn.organization.id].sort());

    const intoFirst = await sendJson('/api/auth/login', 'POST', { email: mine.email, password: PASSWORD, organizationId: mine.signedIn.organization.id });
    expect(((await intoFirst.json()) as SignedIn).member.role).toBe('owner');
  });

  it('refuses to invite someone who is already a member, or with an invalid role or email', async () => {
    const owner = await register('dupe');
    const res = await as(owner).send('POST', '/api/members/invitations', { email: owner.email, role: 'admin' });
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe('already_member');
    const bad = await as(owner).send('POST', '/api/members/invitations', { email: 'nope', role: 'emperor' });
    expect(bad.status).toBe(400);
    expect(Object.keys(((await bad.json()) as { error: { fields: object } }).error.fields).sort()).toEqual(['email', 'role']);
  });
});

describe('members and roles', () => {
  it('lists members, changes a role, and removal ends the member’s sessions at once', async () => {
    const owner = await register('team');
    const recruiter = await addMember(owner, 'recruiter');
    const list = (await (await as(owner).get('/api/members')).json()) as { members: MemberView[] };
    expect(list.members.map((m) => m.role).sort()).toEqual(['owner', 'recruiter']);

    const changed = await as(owner).send('PATCH', `/api/members/${recruiter.memberId}`, { role: 'reviewer' });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { member: MemberView }).member.role).toBe('reviewer');
    // The new role applies to the session already open, without logging in again.
    const meNow = (await (await as(recruiter).get('/api/auth/me')).json()) as SignedIn;
    expect(meNow.member.role).toBe('reviewer');
    expect(meNow.permissions).not.toContain('questions.write');

    expect((await as(owner).send('DELETE', `/api/members/${recruiter.memberId}`)).status).toBe(204);
    const revoked = await as(recruiter).get('/api/auth/me');
    expect(revoked.status).toBe(401);
    expect(await errorCode(revoked)).toBe('unauthenticated');
    expect((await login(recruiter.email)).status).toBe(403);
  });

  it('never removes or demotes the last owner', async () => {
    const owner = await register('last-owner');
    const demote = await as(owner).send('PATCH', `/api/members/${owner.signedIn.member.id}`, { role: 'admin' });
    expect(demote.status).toBe(409);
    expect(await errorCode(demote)).toBe('last_owner');
    const remove = await as(owner).send('DELETE', `/api/members/${owner.signedIn.member.id}`);
    expect(remove.status).toBe(409);

    const second = await addMember(owner, 'owner');
    expect((await as(owner).send('PATCH', `/api/members/${second.memberId}`, { role: 'admin' })).status).toBe(200);
    expect((await as(owner).send('PATCH', `/api/members/${owner.signedIn.member.id}`, { role: 'admin' })).status).toBe(409);
  });

  it('lets only an owner grant, take away or remove the owner role', async () => {
    const owner = await register('owners-only');
    const admin = await addMember(owner, 'admin');
    const recruiter = await addMember(owner, 'recruiter');
    expect((await as(admin).send('PATCH', `/api/members/${owner.signedIn.member.id}`, { role: 'reviewer' })).status).toBe(403);
    expect((await as(admin).send('DELETE', `/api/members/${owner.signedIn.member.id}`)).status).toBe(403);
    expect((await as(admin).send('PATCH', `/api/members/${recruiter.memberId}`, { role: 'owner' })).status).toBe(403);
    expect((await as(admin).send('POST', '/api/members/invitations', { email: uniqueEmail('o'), role: 'owner' })).status).toBe(403);
    // Everything else about members, an admin may do.
    expect((await as(admin).send('PATCH', `/api/members/${recruiter.memberId}`, { role: 'interviewer' })).status).toBe(200);
    expect((await as(admin).send('DELETE', `/api/members/${recruiter.memberId}`)).status).toBe(204);
  });
});

describe('mail', () => {
  it('shows the outbox only in development', async () => {
    const to = uniqueEmail('outbox');
    await sendMail(env, { to, subject: 'Your code', text: 'Code: 123456', kind: 'one_time_code' });
    const res = await api(`/api/dev/outbox?to=${encodeURIComponent(to)}`);
    expect(res.status).toBe(200);
    const { messages } = (await res.json()) as { messages: OutboxMessage[] };
    expect(messages).toEqual([expect.objectContaining({ to, subject: 'Your code', text: 'Code: 123456', kind: 'one_time_code' })]);

    const production = new Hono<AppEnv>().route('/api/dev', dev);
    production.onError(handleError);
    const hidden = await production.request('/api/dev/outbox', {}, { ...env, ENVIRONMENT: 'production' });
    expect(hidden.status).toBe(404);
  });

  it('sends through the email binding instead of the outbox when one is configured', async () => {
    const sent: unknown[] = [];
    const binding = {
      send: async (message: unknown) => {
        sent.push(message);
        return { messageId: 'm-1' };
      },
    };
    const to = uniqueEmail('binding');
    const delivery = await sendMail({ ...env, EMAIL: binding, MAIL_FROM: 'hiring@acme.example' } as unknown as Env, { to, subject: 'Hello', text: 'Hi', kind: 'invitation' });
    expect(delivery).toEqual({ via: 'email_binding', messageId: 'm-1' });
    expect(sent).toEqual([expect.objectContaining({ to, subject: 'Hello', text: 'Hi', from: { email: 'hiring@acme.example', name: 'Holdfast' } })]);
    expect(await readOutbox(env.DB, { to, limit: 5 })).toEqual([]);
  });
});
