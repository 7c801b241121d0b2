import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../worker/auth/password';
import { MAX_FAILURES_PER_CLIENT, MAX_FAILURES_PER_EMAIL } from '../../../worker/auth/throttle';
import { as, login, loginAs, PASSWORD, register, SAME_ORIGIN, sendJson, sessionCookieOf, uniqueEmail } from '../support/auth-helpers';
import { api } from '../support/helpers';

const me = (cookie: string) => api('/api/auth/me', { headers: { cookie } });
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('passwords', () => {
  it('are stored as versioned PBKDF2-SHA-256 with 100,000 iterations and a per-user salt', async () => {
    const a = await hashPassword('same password');
    const b = await hashPassword('same password');
    expect(a).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password', a)).toBe(true);
    expect(await verifyPassword('other password', a)).toBe(false);
    expect(await verifyPassword('same password', 'md5$1$x$y')).toBe(false);
  });
});

describe('register', () => {
  it('creates the organization with its first member as owner and logs them in', async () => {
    const email = uniqueEmail('founder');
    const res = await sendJson('/api/auth/register', 'POST', { organizationName: 'Acme Hiring', name: 'Ada', email: email.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { member: { role: string; email: string }; organization: { name: string }; csrfToken: string; permissions: string[] };
    expect(body.member).toMatchObject({ role: 'owner', email });
    expect(body.organization.name).toBe('Acme Hiring');
    expect(body.permissions).toContain('members.manage');

    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-hf_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);

    const stored = await env.DB.prepare('SELECT password_hash FROM users WHERE email = ?').bind(email).first<{ password_hash: string }>();
    expect(stored?.password_hash).toMatch(/^pbkdf2-sha256\$100000\$/);
    // The cookie's token is nowhere in the database, only its digest.
    const token = cookie.split(';')[0]!.split('=')[1]!;
    const leaked = await env.DB.prepare('SELECT count(*) AS n FROM login_sessions WHERE token_hash = ?').bind(token).first<{ n: number }>();
    expect(leaked?.n).toBe(0);

    const who = await me(cookie.split(';')[0]!);
    expect(who.status).toBe(200);
    expect(((await who.json()) as { member: { email: string } }).member.email).toBe(email);
  });

  it('refuses a second account for the same email with 409', async () => {
    const first = await register('twice');
    const res = await sendJson('/api/auth/register', 'POST', { organizationName: 'Again', name: 'Again', email: first.email, password: PASSWORD });
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe('email_taken');
  });

  it('answers 400 naming each invalid field', async () => {
    const res = await sendJson('/api/auth/register', 'POST', { organizationName: '', name: 'x', email: 'not-an-email', password: 'short' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(Object.keys(body.error.fields).sort()).toEqual(['email', 'organizationName', 'password']);
  });
});

describe('login and logout', () => {
  it('logs in with the right password and refuses a wrong one or an unknown email alike', async () => {
    const owner = await register('login');
    const ok = await login(owner.email, PASSWORD, { 'cf-connecting-ip': '198.51.100.1' });
    expect(ok.status).toBe(200);
    const wrong = await login(owner.email, 'wrong password!', { 'cf-connecting-ip': '198.51.100.1' });
    const unknown = await login(uniqueEmail('nobody'), 'wrong password!', { 'cf-connecting-ip': '198.51.100.1' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('gives a new session id at every login and ends the one the browser came with', async () => {
    const owner = await register('rotation');
    const first = await loginAs(owner.email);
    const res = await login(owner.email, PASSWORD, { cookie: first.cookie });
    expect(res.status).toBe(200);
    const second = sessionCookieOf(res);
    expect(second).not.toBe(first.cookie);
    expect((await me(second)).status).toBe(200);
    // The session that existed before this login is gone: a fixated id never becomes valid.
    expect((await me(first.cookie)).status).toBe(401);
  });

  it('revokes the session server-side at logout', async () => {
    const owner = await register('logout');
    const res = await as(owner).send('POST', '/api/auth/logout');
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie().join()).toMatch(/__Host-hf_session=;.*Max-Age=0/);
    // Replaying the old cookie is refused, because the server no longer knows the session.
    const replay = await me(owner.cookie);
    expect(replay.status).toBe(401);
    expect(await errorCode(replay)).toBe('unauthenticated');
  });

  it('answers 401 without a session and for a made-up one', async () => {
    expect((await api('/api/auth/me')).status).toBe(401);
    expect((await me(`__Host-hf_session=${'A'.repeat(43)}`)).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated state change without the CSRF token, or with a wrong one', async () => {
    const owner = await register('csrf');
    const without = await api('/api/auth/logout', { method: 'POST', headers: { cookie: owner.cookie } });
    expect(without.status).toBe(403);
    expect(await errorCode(without)).toBe('csrf_failed');
    const wrong = await api('/api/auth/logout', { method: 'POST', headers: { cookie: owner.cookie, 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrong.status).toBe(403);
    // Nothing happened: the session is still alive.
    expect((await me(owner.cookie)).status).toBe(200);
  });

  it('checks a cookie-authenticated change whatever Authorization header rides along', async () => {
    const owner = await register('csrf-bearer');
    const bearer = { cookie: owner.cookie, authorization: 'Bearer device-token', ...SAME_ORIGIN };
    const without = await api('/api/auth/logout', { method: 'POST', headers: bearer });
    expect(without.status).toBe(403);
    expect(await errorCode(without)).toBe('csrf_failed');
    const crossSite = await api('/api/auth/logout', { method: 'POST', headers: { ...bearer, 'x-csrf-token': owner.csrfToken, origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    expect((await me(owner.cookie)).status).toBe(200);
  });

  it('refuses a cookie-authenticated change with the right token from another origin or none', async () => {
    const owner = await register('csrf-origin');
    const origins: Record<string, string>[] = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, {}];
    for (const origin of origins) {
      const res = await api('/api/auth/logout', { method: 'POST', headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrfToken, ...origin } });
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe('csrf_failed');
    }
    expect((await me(owner.cookie)).status).toBe(200);
    const sameOrigin = await api('/api/auth/logout', { method: 'POST', headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrfToken, ...SAME_ORIGIN } });
    expect(sameOrigin.status).toBe(204);
  });

  it('gives the same CSRF token from /me as at login', async () => {
    const owner = await register('csrf-me');
    const body = (await (await me(owner.cookie)).json()) as { csrfToken: string };
    expect(body.csrfToken).toBe(owner.csrfToken);
  });

  it('refuses register and login from another origin or without one', async () => {
    const owner = await register('origin');
    const body = JSON.stringify({ email: owner.email, password: PASSWORD });
    const cases: Record<string, string>[] = [{}, { origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of cases) {
      const res = await api('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe('csrf_failed');
    }
    const viaFetchMetadata = await api('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }, body });
    expect(viaFetchMetadata.status).toBe(200);
    const register2 = await api('/api/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ organizationName: 'Evil', name: 'Eve', email: uniqueEmail('eve'), password: PASSWORD }),
    });
    expect(register2.status).toBe(403);
  });

  it('does not apply to requests that authenticate with a bearer token', async () => {
    const owner = await register('bearer');
    const res = await api('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer device-token' },
      body: JSON.stringify({ email: owner.email, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
  });
});

describe('login throttling', () => {
  it(`answers 429 with Retry-After after ${MAX_FAILURES_PER_EMAIL} failures for one email, even with the right password`, async () => {
    const owner = await register('throttle');
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      expect((await login(owner.email, 'wrong password!', { 'cf-connecting-ip': `203.0.113.${i + 1}` })).status).toBe(401);
    }
    const res = await login(owner.email, PASSWORD, { 'cf-connecting-ip': '203.0.113.99' });
    expect(res.status).toBe(429);
    expect(await errorCode(res)).toBe('too_many_attempts');
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Another account is not locked by this one's failures.
    const other = await register('throttle-other');
    expect((await login(other.email, PASSWORD, { 'cf-connecting-ip': '203.0.113.99' })).status).toBe(200);
  });

  it(`answers 429 to a client after ${MAX_FAILURES_PER_CLIENT} failures across any emails`, async () => {
    const owner = await register('spray');
    const ip = `192.0.2.${Math.floor(Math.random() * 200) + 1}`;
    for (let i = 0; i < MAX_FAILURES_PER_CLIENT; i++) {
      expect((await login(uniqueEmail('sprayed'), 'wrong password!', { 'cf-connecting-ip': ip })).status).toBe(401);
    }
    const blocked = await login(owner.email, PASSWORD, { 'cf-connecting-ip': ip });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login(owner.email, PASSWORD, { 'cf-connecting-ip': '2001:db8::1' })).status).toBe(200);
  });

  it('starts counting again when the window has passed', async () => {
    const owner = await register('window');
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) await login(owner.email, 'wrong password!', { 'cf-connecting-ip': '198.51.100.77' });
    expect((await login(owner.email, PASSWORD, { 'cf-connecting-ip': '198.51.100.78' })).status).toBe(429);
    await env.DB.prepare("UPDATE login_attempts SET window_started_at = window_started_at - 16 * 60 * 1000 WHERE scope = 'email' AND key = ?").bind(owner.email).run();
    expect((await login(owner.email, PASSWORD, { 'cf-connecting-ip': '198.51.100.78' })).status).toBe(200);
  });
});
