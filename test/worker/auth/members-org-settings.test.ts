import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { OrganizationSettings } from '../../../worker/schemas/auth';
import { as, register } from '../support/auth-helpers';

/** A real 1x1 PNG, built here so anyone can see what the fixture holds. */
async function tinyPng(rgb: [number, number, number]): Promise<Uint8Array> {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes: Uint8Array) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  const chunk = (type: string, data: Uint8Array) => {
    const typed = new Uint8Array([...new TextEncoder().encode(type), ...data]);
    return [...u32(data.length), ...typed, ...u32(crc32(typed))];
  };
  const raw = new Uint8Array([0, ...rgb]); // one scanline: filter byte, then one RGB pixel
  const deflated = new Uint8Array(await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer());
  const ihdr = new Uint8Array([...u32(1), ...u32(1), 8, 2, 0, 0, 0]);
  return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...chunk('IHDR', ihdr), ...chunk('IDAT', deflated), ...chunk('IEND', new Uint8Array())]);
}

/** The RIFF/WEBP header the type check reads, with a VP8L payload stub. */
const webpHeader = () => new Uint8Array([...new TextEncoder().encode('RIFF'), 12, 0, 0, 0, ...new TextEncoder().encode('WEBPVP8L'), 0, 0, 0, 0]);

const uploadLogo = (owner: Parameters<typeof as>[0], bytes: Uint8Array, contentType = 'image/png') =>
  as(owner).raw('PUT', '/api/org/logo', { body: bytes, headers: { 'content-type': contentType } });

describe('organization settings', () => {
  it('starts with defaults and saves name, accent colour and retention', async () => {
    const owner = await register('settings');
    const initial = (await (await as(owner).get('/api/org')).json()) as OrganizationSettings;
    expect(initial).toMatchObject({ accentColor: '#0f5c63', logoUrl: null, sessionQuota: 100, aiTokens: 100, retentionDays: 365 });

    const res = await as(owner).send('PATCH', '/api/org', { name: 'Renamed Ltd', accentColor: '#AA3300', retentionDays: 90 });
    expect(res.status).toBe(200);
    expect((await res.json()) as OrganizationSettings).toMatchObject({ name: 'Renamed Ltd', accentColor: '#aa3300', retentionDays: 90 });
    expect(((await (await as(owner).get('/api/auth/me')).json()) as { organization: { name: string } }).organization.name).toBe('Renamed Ltd');
  });

  it('answers 400 naming bad fields, and refuses to set the quota or token balance', async () => {
    const owner = await register('settings-bad');
    const res = await as(owner).send('PATCH', '/api/org', { accentColor: 'red', retentionDays: 0 });
    expect(res.status).toBe(400);
    expect(Object.keys(((await res.json()) as { error: { fields: object } }).error.fields).sort()).toEqual(['accentColor', 'retentionDays']);
    const quota = await as(owner).send('PATCH', '/api/org', { sessionQuota: 1_000_000 });
    expect(quota.status).toBe(400);
    expect(((await (await as(owner).get('/api/org')).json()) as OrganizationSettings).sessionQuota).toBe(100);
  });
});

describe('organization logo', () => {
  it('stores a PNG in R2, serves it back, and replacing it removes the old object', async () => {
    const owner = await register('logo');
    const png = await tinyPng([200, 30, 30]);
    const res = await uploadLogo(owner, png, 'application/octet-stream');
    expect(res.status).toBe(200);
    const settings = (await res.json()) as OrganizationSettings;
    expect(settings.logoUrl).toMatch(/^\/api\/org\/logo\?v=logo-/);

    const served = await as(owner).get(settings.logoUrl!);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cache-control')).toContain('immutable');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png);

    const orgId = owner.signedIn.organization.id;
    const before = await env.MEDIA.list({ prefix: `orgs/${orgId}/branding/` });
    expect(before.objects).toHaveLength(1);
    const replaced = (await (await uploadLogo(owner, webpHeader(), 'image/png')).json()) as OrganizationSettings;
    expect(replaced.logoUrl).not.toBe(settings.logoUrl);
    const after = await env.MEDIA.list({ prefix: `orgs/${orgId}/branding/` });
    expect(after.objects.map((o) => o.key)).not.toContain(before.objects[0]!.key);
    expect(after.objects).toHaveLength(1);
    expect((await as(owner).get(replaced.logoUrl!)).headers.get('content-type')).toBe('image/webp');
  });

  it('checks the type from the bytes and the size, and a refused upload changes nothing', async () => {
    const owner = await register('logo-bad');
    const good = (await (await uploadLogo(owner, await tinyPng([0, 0, 255]))).json()) as OrganizationSettings;

    const pretend = await uploadLogo(owner, new TextEncoder().encode('<svg onload="alert(1)"></svg>'), 'image/png');
    expect(pretend.status).toBe(415);
    expect(((await pretend.json()) as { error: { code: string } }).error.code).toBe('unsupported_image');

    const huge = new Uint8Array(512 * 1024 + 1);
    huge.set([0xff, 0xd8, 0xff]);
    const tooBig = await uploadLogo(owner, huge, 'image/jpeg');
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { error: { code: string } }).error.code).toBe('too_large');

    expect((await uploadLogo(owner, new Uint8Array())).status).toBe(400);
    const now = (await (await as(owner).get('/api/org')).json()) as OrganizationSettings;
    expect(now.logoUrl).toBe(good.logoUrl);
  });

  it('removes the logo', async () => {
    const owner = await register('logo-gone');
    await uploadLogo(owner, await tinyPng([1, 2, 3]));
    const res = await as(owner).send('DELETE', '/api/org/logo');
    expect(((await res.json()) as OrganizationSettings).logoUrl).toBeNull();
    expect((await env.MEDIA.list({ prefix: `orgs/${owner.signedIn.organization.id}/branding/` })).objects).toHaveLength(0);
    expect((await as(owner).get('/api/org/logo')).status).toBe(404);
  });
});
