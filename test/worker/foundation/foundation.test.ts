import { describe, expect, it } from 'vitest';
import { bearer, seedDevice } from '../support/candidates-helpers';
import { api, postJson, seedSession } from '../support/helpers';

describe('health', () => {
  it('answers 200 only after D1, R2 and the Durable Object namespace each answered', async () => {
    const res = await api('/api/health');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; checks: Record<string, { ok: boolean; detail?: string }> };
    expect(body.ok).toBe(true);
    expect(Object.keys(body.checks).sort()).toEqual(['d1', 'durableObject', 'r2']);
    for (const check of Object.values(body.checks)) expect(check.ok).toBe(true);
    expect(body.checks.d1?.detail).toMatch(/^\d+ migrations applied$/);
  });

  it('puts a request id and the security headers on every response', async () => {
    const res = await api('/api/health', { headers: { 'x-request-id': 'trace-12345678' } });
    expect(res.headers.get('x-request-id')).toBe('trace-12345678');
    const minted = await api('/api/nope');
    expect(minted.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    for (const r of [res, minted]) {
      // A JSON response is never a document: it may load nothing and be framed by nobody.
      expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(r.headers.get('strict-transport-security')).toContain('max-age=');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('cache-control')).toBe('no-store');
    }
  });

  it("gives a page the page's policy and the document headers", async () => {
    const page = await api('/i/not-a-link-token-at-all');
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(page.headers.get('permissions-policy')).toContain('camera=(self)');
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(page.headers.get('strict-transport-security')).toContain('max-age=');
    expect(page.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('errors', () => {
  it('answers an unknown API route with a JSON 404 in the error shape', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await api('/api/definitely/not/here', { method });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: `No route for ${method} /api/definitely/not/here` } });
    }
  });

  it('answers a body that fails validation with 400 naming the fields', async () => {
    const seeded = await seedSession();
    const res = await postJson('/api/candidate/answers', { clientId: 'x', questionId: '', value: 'hello' }, bearer(await seedDevice(seeded)));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; fields: Record<string, string> } };
    expect(body.error.code).toBe('invalid_request');
    expect(Object.keys(body.error.fields).sort()).toEqual(['clientId', 'questionId']);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const seeded = await seedSession();
    const res = await api('/api/candidate/answers', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(await seedDevice(seeded)) },
      body: '{"clientId":',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });

  it('answers a write from a device no session knows with 401', async () => {
    const res = await postJson('/api/candidate/answers', { clientId: crypto.randomUUID(), questionId: 'q1', value: 'hello' }, bearer('unknown-device-token-000000000000'));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('device_not_recognized');
  });
});
