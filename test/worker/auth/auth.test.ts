import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../worker/auth/password';
import { MAX_FAILURES_PER_CLIENT, MAX_FAILURES_PER_EMAIL, PAIR_FREE_FAILURES, PAIR_MAX_DELAY_MS, pairDelayMs } from '../../../worker/auth/throttle';
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
  const wrong = (email: string, ip: string) => login(email, 'wrong password!', { 'cf-connecting-ip': ip });
  const retryAfterOf = (res: Response) => Number(res.headers.get('retry-after'));
  /** Moves a pair's last failure into the past, as waiting out its delay would. */
  const waitOutDelay = (email: string, ip: string) =>
    env.DB.prepare('UPDATE login_pair_attempts SET last_failure_at = last_failure_at - ?3 WHERE email = ?1 AND client = ?2')
      .bind(email, ip, PAIR_MAX_DELAY_MS + 1000)
      .run();

  it('slows down the client that keeps failing on an account, with a delay that grows, and only that client', async () => {
    const owner = await register('throttle');
    const attacker = '203.0.113.66';
    for (let i = 0; i < PAIR_FREE_FAILURES; i++) expect((await wrong(owner.email, attacker)).status).toBe(401);
    const retries: number[] = [];
    for (let round = 0; round < 4; round++) {
      expect((await wrong(owner.email, attacker)).status).toBe(401);
      // Even the right password waits out the delay from that client: nothing is learned by trying.
      const refused = await login(owner.email, PASSWORD, { 'cf-connecting-ip': attacker });
      expect(refused.status).toBe(429);
      expect(await errorCode(refused)).toBe('too_many_attempts');
      retries.push(retryAfterOf(refused));
      await waitOutDelay(owner.email, attacker);
    }
    for (const [i, seconds] of retries.entries()) {
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(PAIR_MAX_DELAY_MS / 1000);
      if (i > 0) expect(seconds, `Retry-After ${retries.join(', ')}`).toBeGreaterThan(retries[i - 1]!);
    }
    // The owner, from their own client, logs in at once with the right password.
    expect((await login(owner.email, PASSWORD, { 'cf-connecting-ip': '198.51.100.10' })).status).toBe(200);
    // Another account is not slowed down for the attacker's client by this one's failures.
    const other = await register('throttle-other');
    expect((await login(other.email, PASSWORD, { 'cf-connecting-ip': attacker })).status).toBe(200);
  });

  it('grows the delay by doubling, up to a cap', () => {
    expect(Array.from({ length: PAIR_FREE_FAILURES + 1 }, (_, i) => pairDelayMs(i))).toEqual(Array(PAIR_FREE_FAILURES + 1).fill(0));
    const delays = Array.from({ length: 20 }, (_, i) => pairDelayMs(PAIR_FREE_FAILURES + 1 + i));
    expect(delays[0]).toBeGreaterThan(0);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBe(Math.min(PAIR_MAX_DELAY_MS, delays[i - 1]! * 2));
    expect(delays.at(-1)).toBe(PAIR_MAX_DELAY_MS);
  });

  it(`answers 429 to a client after ${MAX_FAILURES_PER_CLIENT} failures across any emails`, async () => {
    const owner = await register('spray');
    const ip = `192.0.2.${Math.floor(Math.random() * 200) + 1}`;
    for (let i = 0; i < MAX_FAILURES_PER_CLIENT; i++) {
      expect((await wrong(uniqueEmail('sprayed'), ip)).status).toBe(401);
    }
    const blocked = await login(owner.email, PASSWORD, { 'cf-connecting-ip': ip });
    expect(blocked.status).toBe(429);
    expect(retryAfterOf(blocked)).toBeGreaterThan(0);
    expect((await login(owner.email, PASSWORD, { 'cf-connecting-ip': '2001:db8::1' })).status).toBe(200);
  }, 60_000);

  it(`after ${MAX_FAILURES_PER_EMAIL} failures on one account from many clients, lets only its usual clients in`, async () => {
    const owner = await register('spread');
    const usual = '198.51.100.20';
    expect((await login(owner.email, PASSWORD, { 'cf-connecting-ip': usual })).status).toBe(200);
    // Many addresses, each staying under its own free failures.
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      expect((await wrong(owner.email, `10.${Math.floor(i / 250)}.${i % 250}.${(i % 3) + 1}`)).status).toBe(401);
    }
    const stranger = await login(owner.email, PASSWORD, { 'cf-connecting-ip': '198.51.100.21' });
    expect(stranger.status).toBe(429);
    expect(retryAfterOf(stranger)).toBeLessThanOrEqual(15 * 60);
    expect((await login(owner.email, PASSWORD, { 'cf-connecting-ip': usual })).status).toBe(200);
  }, 60_000);

  it('forgets a client’s failures when it logs in, and the account-wide window when it has passed', async () => {
    const owner = await register('window');
    const ip = '198.51.100.77';
    for (let i = 0; i <= PAIR_FREE_FAILURES; i++) await wrong(owner.email, ip);
    expect((await login(owner.email, PASSWORD, { 'cf-connecting-ip': ip })).status).toBe(429);
    await waitOutDelay(owner.email, ip);
    expect((await login(owner.email, PASSWORD, { 'cf-connecting-ip': ip })).status).toBe(200);
    // The pair starts over: its free failures are back.
    for (let i = 0; i < PAIR_FREE_FAILURES; i++) expect((await wrong(owner.email, ip)).status).toBe(401);
    expect((await login(owner.email, PASSWORD, { 'cf-connecting-ip': ip })).status).toBe(200);
    await env.DB.prepare("UPDATE login_attempts SET failures = ?2 WHERE scope = 'email' AND key = ?1").bind(owner.email, MAX_FAILURES_PER_EMAIL).run();
    expect((await login(owner.email, PASSWORD, { 'cf-connecting-ip': '198.51.100.78' })).status).toBe(429);
    await env.DB.prepare("UPDATE login_attempts SET window_started_at = window_started_at - 16 * 60 * 1000 WHERE scope = 'email' AND key = ?").bind(owner.email).run();
    expect((await login(owner.email, PASSWORD, { 'cf-connecting-ip': '198.51.100.78' })).status).toBe(200);
  });
});
