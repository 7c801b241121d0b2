import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCENT } from '../../../worker/schemas/brand-theme';
import type { CandidateSession, LinkInfo } from '../../../worker/schemas/candidate';
import { as } from '../support/auth-helpers';
import { candidateGet, startedCandidate } from '../support/candidates-helpers';
import { api } from '../support/helpers';

/** The RIFF/WEBP header the logo route's type check reads, with a VP8L payload stub. */
const webp = () => new Uint8Array([...new TextEncoder().encode('RIFF'), 12, 0, 0, 0, ...new TextEncoder().encode('WEBPVP8L'), 0, 0, 0, 0]);

describe('branding candidates see', () => {
  it('a new organization starts with the dashboard’s own teal', async () => {
    const c = await startedCandidate('brand-default');
    const info = (await (await api(`/api/links/${c.inviteToken}`)).json()) as LinkInfo;
    expect(info.interview.branding).toEqual({ orgName: c.owner.signedIn.organization.name, accentColor: DEFAULT_ACCENT, logoUrl: null });
    expect(c.owner.signedIn.organization.accentColor).toBe(DEFAULT_ACCENT);
  });

  it('migration 0014 moves organizations that kept the old blue default to the teal, and no one else', async () => {
    const kept = await startedCandidate('brand-kept');
    const chosen = await startedCandidate('brand-chosen');
    const orgOf = (c: typeof kept) => c.owner.signedIn.organization.id;
    await env.DB.prepare("UPDATE organizations SET accent_color = '#2563eb' WHERE id = ?").bind(orgOf(kept)).run();
    await as(chosen.owner).send('PATCH', '/api/org', { accentColor: '#aa3300' });
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0014_'));
    expect(migration).toBeDefined();
    for (const query of migration!.queries) await env.DB.prepare(query).run();
    const accentOf = async (c: typeof kept) => ((await (await api(`/api/links/${c.inviteToken}`)).json()) as LinkInfo).interview.branding.accentColor;
    expect(await accentOf(kept)).toBe(DEFAULT_ACCENT);
    expect(await accentOf(chosen)).toBe('#aa3300');
  });

  it('the link and the session carry the accent and the logo, served through the link with caching fit for its version', async () => {
    const c = await startedCandidate('brand');
    expect((await as(c.owner).send('PATCH', '/api/org', { accentColor: '#FFE066' })).status).toBe(200);
    const bytes = webp();
    expect((await as(c.owner).raw('PUT', '/api/org/logo', { body: bytes, headers: { 'content-type': 'image/webp' } })).status).toBe(200);

    const info = (await (await api(`/api/links/${c.inviteToken}`)).json()) as LinkInfo;
    const branding = info.interview.branding;
    expect(branding.accentColor).toBe('#ffe066');
    expect(branding.logoUrl).toMatch(new RegExp(`^/api/links/${c.inviteToken}/logo\\?v=logo-[0-9a-f-]+$`));
    const session = (await (await candidateGet('/api/candidate/session', c.deviceToken)).json()) as CandidateSession;
    expect(session.interview.branding).toEqual(branding);

    const logo = await api(branding.logoUrl!);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/webp');
    expect(logo.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(new Uint8Array(await logo.arrayBuffer())).toEqual(bytes);
    // Without its version the URL may change meaning with the next upload: revalidate every time.
    const bare = await api(`/api/links/${c.inviteToken}/logo`);
    expect(bare.headers.get('cache-control')).toBe('private, no-cache');
    await bare.arrayBuffer();

    // Replaced: the old version's URL is no longer kept for good, the new one is.
    await as(c.owner).raw('PUT', '/api/org/logo', { body: bytes, headers: { 'content-type': 'image/webp' } });
    const stale = await api(branding.logoUrl!);
    expect(stale.headers.get('cache-control')).toBe('private, no-cache');
    await stale.arrayBuffer();

    await as(c.owner).send('DELETE', '/api/org/logo');
    const gone = await api(`/api/links/${c.inviteToken}/logo`);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect(((await (await api(`/api/links/${c.inviteToken}`)).json()) as LinkInfo).interview.branding.logoUrl).toBeNull();
  });
});
