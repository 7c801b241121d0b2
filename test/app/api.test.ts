import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, deviceApi, NetworkError, read, setCsrfToken } from '../../app/src/lib/api';

/** The one fetch wrapper, seen from the network: what each caller sends, and what each failure becomes. */
describe('apiFetch through the typed client', () => {
  const calls: { url: string; init: RequestInit }[] = [];
  let answer: () => Response | Promise<Response>;

  beforeEach(() => {
    calls.length = 0;
    answer = () => Response.json({ ok: true });
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url: String(url), init });
      return answer();
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  const sent = () => {
    const call = calls.at(-1)!;
    return { url: call.url, init: call.init, headers: new Headers(call.init.headers) };
  };

  it('sends a member’s cookie, and the CSRF token on writes only', async () => {
    setCsrfToken('csrf-1');
    await read(api.api.interviews[':interviewId'].$get({ param: { interviewId: 'iv1' } }));
    expect(sent().url).toBe('/api/interviews/iv1');
    expect(sent().init.credentials).toBe('same-origin');
    expect(sent().headers.has('x-csrf-token')).toBe(false);

    await read(api.api.interviews[':interviewId'].archive.$post({ param: { interviewId: 'iv1' } }));
    expect(sent().init.method).toBe('POST');
    expect(sent().headers.get('x-csrf-token')).toBe('csrf-1');
    expect(sent().headers.has('authorization')).toBe(false);
  });

  it('sends a device’s token and no cookie, never from a cache, with a timeout', async () => {
    setCsrfToken('csrf-1');
    await read(deviceApi('device-1').api.candidate.session.$get());
    expect(sent().url).toBe('/api/candidate/session');
    expect(sent().init).toMatchObject({ credentials: 'omit', cache: 'no-store' });
    expect(sent().init.signal).toBeInstanceOf(AbortSignal);
    expect(sent().headers.get('authorization')).toBe('Bearer device-1');
    expect(sent().headers.has('x-csrf-token')).toBe(false);
  });

  it('sends a recording chunk’s bytes as the raw body, described by its headers', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    await deviceApi('device-1').api.candidate.recordings[':segmentId'].chunks[':seq'].$put(
      { param: { segmentId: 'seg-0001', seq: '2' } },
      { headers: { 'content-type': 'application/octet-stream', 'x-answer-id': 'q1' }, init: { body: bytes } },
    );
    expect(sent().url).toBe('/api/candidate/recordings/seg-0001/chunks/2');
    expect(sent().init.method).toBe('PUT');
    expect(sent().init.body).toBe(bytes);
    expect(sent().headers.get('x-answer-id')).toBe('q1');
    expect(sent().headers.get('authorization')).toBe('Bearer device-1');
  });

  it('turns an error answer into ApiError with its code, message, fields and Retry-After', async () => {
    answer = () => Response.json({ error: { code: 'invalid_request', message: 'Bad', fields: { email: 'is required' } } }, { status: 429, headers: { 'retry-after': '7' } });
    const error = await read(api.api.auth.login.$post({ json: { email: '', password: '' } })).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: 'invalid_request', message: 'Bad', fields: { email: 'is required' }, retryAfter: 7 });
  });

  it('counts a gateway answering without our error body as the network failing, for the device only', async () => {
    answer = () => new Response('Bad gateway', { status: 502 });
    await expect(read(deviceApi('device-1').api.candidate.session.$get())).rejects.toBeInstanceOf(NetworkError);
    await expect(read(api.api.org.$get())).rejects.toMatchObject({ status: 502, code: 'http_error' });

    answer = () => Response.json({ error: { code: 'internal_error', message: 'Oops' } }, { status: 503 });
    await expect(read(deviceApi('device-1').api.candidate.session.$get())).rejects.toMatchObject({ status: 503, code: 'internal_error' });
  });

  it('counts no answer at all as a NetworkError', async () => {
    answer = () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(read(api.api.org.$get())).rejects.toBeInstanceOf(NetworkError);
    await expect(read(deviceApi().api.links[':token'].$get({ param: { token: 'abc' } }))).rejects.toBeInstanceOf(NetworkError);
  });

  it('reads a 204 as null', async () => {
    answer = () => new Response(null, { status: 204 });
    expect(await read(api.api.members[':memberId'].$delete({ param: { memberId: 'm1' } }))).toBeNull();
  });
});
