/**
 * The invite link's page as the Worker serves it (issue 14 item 13): the first screen and the
 * link's details in the HTML, escaped, under the same security headers as everything else. Needs
 * the app's build (dist/app, `vite build`), as `npm test` makes before the tests.
 */
import { describe, expect, it } from 'vitest';
import { brandTheme, themeVariables } from '../../../worker/schemas/brand-theme';
import type { LinkInfo } from '../../../worker/schemas/candidate';
import type { Interview } from '../../../worker/schemas/interviews';
import { intlWords } from '../../../worker/schemas/intl-words';
import { INVITE_DATA_ID, type InviteData, inviteText } from '../../../worker/schemas/invite-page';
import { inviteTextEs } from '../../../worker/schemas/invite-page.es';
import { as } from '../support/auth-helpers';
import { addCandidate, EXAMPLE_IDS, recruiting, uniqueCandidateEmail } from '../support/candidates-helpers';
import { api } from '../support/helpers';

const HOSTILE = '</script><script>alert(1)</script>';
/** An attribute-breaking accent never reaches the page: settings refuse it, and the page only writes theme colours. */
const HOSTILE_ATTRIBUTE = '"><img src=x onerror=alert(2)>';

/** The RIFF/WEBP header the logo route's type check reads, with a VP8L payload stub. */
const webp = () => new Uint8Array([...new TextEncoder().encode('RIFF'), 12, 0, 0, 0, ...new TextEncoder().encode('WEBPVP8L'), 0, 0, 0, 0]);

/** The style attribute on <html>, as the browser reads it: name → value. */
function rootVariables(html: string): Record<string, string> {
  const tag = /<html\b[^>]*>/.exec(html)?.[0] ?? '';
  const style = / style="([^"]*)"/.exec(tag)?.[1] ?? '';
  return Object.fromEntries(
    style
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => d.split(/:\s*/) as [string, string]),
  );
}

/** The JSON the page carries for the app. */
function servedData(html: string): InviteData {
  const found = new RegExp(`<script type="application/json" id="${INVITE_DATA_ID}">([^<]*)</script>`).exec(html);
  expect(found, 'the page carries its data').not.toBeNull();
  return JSON.parse(found![1]!) as InviteData;
}

/** What the browser would run or apply inline: every <script> and <style> element. */
function inlinePieces(html: string): { scripts: string[]; styles: string[] } {
  return {
    scripts: [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]),
    styles: [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]!),
  };
}

function directives(policy: string | null): Map<string, string[]> {
  return new Map(
    (policy ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/) as [string, ...string[]])
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** Every header middleware.ts puts on a response, and a page nobody may keep (it can hold an email). */
function expectSecurityHeaders(res: Response): void {
  for (const name of [
    'strict-transport-security',
    'referrer-policy',
    'x-content-type-options',
    'x-frame-options',
    'permissions-policy',
    'cross-origin-opener-policy',
    'x-request-id',
  ]) {
    expect(res.headers.get(name), name).toBeTruthy();
  }
  expect(res.headers.get('cache-control')).toBe('no-store');
  const policy = directives(res.headers.get('content-security-policy'));
  expect(policy.get('default-src')).toEqual(["'self'"]);
  // Nothing inline runs: the data is a JSON block, which a browser never executes.
  expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
}

/**
 * The inline stylesheet is allowed by the policy, and the only scripts are the data and the small
 * file that loads the app's script once the served screen is painted.
 */
function expectAllowedInline(res: Response, html: string): void {
  const policy = directives(res.headers.get('content-security-policy'));
  const { scripts, styles } = inlinePieces(html);
  expect(styles).toHaveLength(1);
  expect(styles[0]).toContain('.hf-card');
  expect(policy.get('style-src')).toContain("'unsafe-inline'");
  expect(scripts).toHaveLength(2);
  expect(scripts.filter((s) => /^<script src="\/after-paint\.js" data-app="\/assets\/index-[^"]+\.js" defer>$/.test(s))).toHaveLength(1);
  expect(scripts.filter((s) => /type="module"/.test(s))).toHaveLength(0);
  expect(scripts.filter((s) => s === `<script type="application/json" id="${INVITE_DATA_ID}">`)).toHaveLength(1);
  // The stylesheet is inline, so nothing holds the first paint back.
  expect(html).not.toMatch(/<link rel="stylesheet"/);
}

describe('the invite page served with its first screen', () => {
  it("puts the organization's and interview's names, the intro and the start form into the HTML and the same details as JSON", async () => {
    const r = await recruiting('invite-page', { name: 'Support engineer & friends', intro: 'Five short questions. "Quotes" too.' });
    const email = uniqueCandidateEmail('page');
    const added = await addCandidate(r, { name: 'Page Reader', email });
    const res = await api(`/i/${added.inviteToken}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expectSecurityHeaders(res);
    expectAllowedInline(res, html);

    expect(html).toContain('<h1 id="intro-title">Support engineer &amp; friends</h1>');
    expect(html).toContain('<p>Five short questions. &quot;Quotes&quot; too.</p>');
    expect(html).toContain(`value="${email}" readonly`);
    expect(html).toContain(`>${inviteText.start}</button>`);
    expect(html).toContain(inviteText.consent);
    // An invite link is for its one candidate: no name to give.
    expect(html).not.toContain('id="candidate-name"');

    const data = servedData(html);
    const info = await (await api(`/api/links/${added.inviteToken}`)).json();
    expect(data).toEqual({ token: added.inviteToken, info });
    expect(data.info?.interview.name).toBe('Support engineer & friends');
  });

  it('escapes hostile names in the screen and in the JSON alike', async () => {
    const r = await recruiting('hostile', { name: `Interview ${HOSTILE}`, intro: `Intro ${HOSTILE}` });
    expect((await as(r.owner).send('PATCH', '/api/org', { name: `Org ${HOSTILE}` })).status).toBe(200);
    const added = await addCandidate(r, { name: 'Hostile Names', email: uniqueCandidateEmail('hostile') });
    const res = await api(`/i/${added.inviteToken}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expectAllowedInline(res, html);

    const escaped = '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;';
    expect(html).toContain(`<header class="hf-brand-header"><p>Org ${escaped}</p></header>`);
    expect(html).toContain(`<h1 id="intro-title">Interview ${escaped}</h1>`);
    expect(html).toContain(`<p>Intro ${escaped}</p>`);
    expect(html).not.toContain('alert(1)</script>');
    expect(html).not.toContain('<script>alert(1)');
    // In the JSON block, the same text with every < and > escaped: it round-trips exactly.
    const data = servedData(html);
    expect(data.info?.interview.name).toBe(`Interview ${HOSTILE}`);
    expect(data.info?.interview.intro).toBe(`Intro ${HOSTILE}`);
    expect(data.info?.interview.branding.orgName).toBe(`Org ${HOSTILE}`);
  });

  it("renders the organization's header with its logo and alt text, and its theme as variables on <html>", async () => {
    const r = await recruiting('invite-brand');
    expect((await as(r.owner).send('PATCH', '/api/org', { name: `Brand ${HOSTILE}`, accentColor: '#FFE066' })).status).toBe(200);
    expect((await as(r.owner).raw('PUT', '/api/org/logo', { body: webp(), headers: { 'content-type': 'image/webp' } })).status).toBe(200);
    // Settings keep anything but a colour out; the page would not write it either.
    expect((await as(r.owner).send('PATCH', '/api/org', { accentColor: HOSTILE_ATTRIBUTE })).status).toBe(400);
    const added = await addCandidate(r, { name: 'Brand Reader', email: uniqueCandidateEmail('brand') });
    const res = await api(`/i/${added.inviteToken}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expectAllowedInline(res, html);
    const info = (await (await api(`/api/links/${added.inviteToken}`)).json()) as LinkInfo;
    const logoUrl = info.interview.branding.logoUrl!;
    expect(logoUrl).toMatch(/^\/api\/links\/.+\/logo\?v=/);

    const escaped = '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;';
    // The app's BrandHeader, element for element, before the card; the card has no border of its own.
    expect(html).toContain(
      `<div class="hf-page hf-stack"><header class="hf-brand-header"><p>Brand ${escaped}</p><img src="${logoUrl}" alt="Brand ${escaped} logo"></header><section class="hf-card hf-stack" aria-labelledby="intro-title">`,
    );
    expect(html).not.toContain('border-top');
    // The same custom properties useBrandTheme sets, from the same function.
    expect(rootVariables(html)).toEqual(themeVariables(brandTheme('#ffe066')));
    expect(rootVariables(html)['--hf-accent']).toMatch(/^#[0-9a-f]{6}$/);
    expect(html).not.toContain('onerror');
  });

  it("shows the intro's outline: questions by type, the time, what is needed, and that answers are kept", async () => {
    const video = await recruiting('invite-outline', { questionIds: [EXAMPLE_IDS.video, EXAMPLE_IDS.text, EXAMPLE_IDS.choice] });
    const added = await addCandidate(video, { name: 'Outline Reader', email: uniqueCandidateEmail('outline') });
    const html = await (await api(`/i/${added.inviteToken}`)).text();
    const { outline } = ((await (await api(`/api/links/${added.inviteToken}`)).json()) as LinkInfo).interview;
    expect(outline?.needs).toEqual(['camera', 'microphone']);
    const items = [inviteText.questionCounts(outline!.counts), inviteText.estimatedTime(outline!.estimatedMinutes), inviteText.youNeed(outline!.needs), inviteText.savedAsYouGo];
    expect(items[0]).toBe('1 video question, 1 written answer, 1 multiple-choice question');
    expect(items[2]).toBe('You need a camera and a microphone.');
    expect(html).toContain(
      `<p>Hello and welcome.</p><section class="hf-expect" aria-labelledby="expect-title"><h2 id="expect-title">Before you start</h2><ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul></section><p class="hf-muted">`,
    );

    // Nothing recorded: nothing needed, and it says so.
    const typed = await recruiting('invite-outline-typed');
    const typedHtml = await (await api(`/i/${(await addCandidate(typed, { name: 'Typed', email: uniqueCandidateEmail('typed') })).inviteToken}`)).text();
    expect(typedHtml).toContain(`<li>${inviteText.needsNothing}</li>`);
  });

  it('is in Spanish for a browser that asks for it, or a candidate who chose it, with <html lang> and the control set', async () => {
    const es = inviteTextEs(intlWords('es'));
    const r = await recruiting('invite-es', { questionIds: [EXAMPLE_IDS.video, EXAMPLE_IDS.text, EXAMPLE_IDS.choice] });
    const added = await addCandidate(r, { name: 'Lectora', email: uniqueCandidateEmail('es') });
    const { outline } = ((await (await api(`/api/links/${added.inviteToken}`)).json()) as LinkInfo).interview;
    const page = async (headers: Record<string, string>) => {
      const res = await api(`/i/${added.inviteToken}`, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('vary')).toMatch(/Accept-Language/);
      return res.text();
    };
    const spanishLines = [
      es.start,
      es.consent,
      es.privacy,
      es.beforeYouStart,
      es.questionCounts(outline!.counts),
      es.estimatedTime(outline!.estimatedMinutes),
      es.youNeed(outline!.needs),
    ];
    expect(es.questionCounts(outline!.counts)).toBe('1 pregunta en vídeo, 1 respuesta escrita, 1 pregunta de opción múltiple');
    expect(es.youNeed(outline!.needs)).toBe('Necesitas una cámara y un micrófono.');

    for (const headers of [
      { 'accept-language': 'es-MX,es;q=0.9,en;q=0.8' },
      { 'accept-language': 'fr-FR,fr;q=0.9,es;q=0.8,en;q=0.5' },
      { cookie: 'hf-locale=es', 'accept-language': 'en-US,en;q=0.9' },
    ] as Record<string, string>[]) {
      const html = await page(headers);
      expect(html, JSON.stringify(headers)).toMatch(/<html lang="es" dir="ltr"[ >]/);
      for (const line of spanishLines) expect(html).toContain(line);
      expect(html).toContain(
        `<label for="hf-language">${es.language}</label><select id="hf-language"><option value="en" lang="en">English</option><option value="es" lang="es" selected>Español</option></select>`,
      );
      expect(html).toContain(`<a class="hf-visually-hidden" href="#main">${es.skipToContent}</a>`);
      expect(html).not.toContain(inviteText.start);
    }
    // English: asked for, chosen over the browser's Spanish, or nothing offered matches.
    for (const headers of [
      { 'accept-language': 'en-GB,es;q=0.9' },
      { cookie: 'hf-locale=en', 'accept-language': 'es' },
      { 'accept-language': 'de, fr;q=0.5' },
      {},
      { cookie: 'hf-locale=<x>', 'accept-language': 'q=;;,' },
    ] as Record<string, string>[]) {
      const html = await page(headers);
      expect(html, JSON.stringify(headers)).toMatch(/<html lang="en" dir="ltr"[ >]/);
      expect(html).toContain(`>${inviteText.start}</button>`);
      expect(html).toContain('<option value="en" lang="en" selected>English</option>');
      expect(html).not.toContain(es.start);
    }
  });

  it('says "not available" in Spanish too', async () => {
    const res = await api('/i/no-such-link-at-all-es00', { headers: { 'accept-language': 'es' } });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain(inviteTextEs(intlWords('es')).linkUnavailable);
  });

  it('asks for a name on a public link', async () => {
    const r = await recruiting('public-page');
    const on = await as(r.owner).send('PUT', `/api/interviews/${r.interview.id}/public-link`, { enabled: true });
    const token = ((await on.json()) as { interview: Interview }).interview.publicLink.token!;
    const res = await api(`/i/${token}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<label for="candidate-name">${inviteText.name}</label>`);
    expect(html).toContain('name="email" type="email" autocomplete="email" required value="">');
    expect(servedData(html)).toMatchObject({ token, info: { link: { kind: 'public' }, candidate: null } });

    // Switched off, the same link is "not available".
    await as(r.owner).send('PUT', `/api/interviews/${r.interview.id}/public-link`, { enabled: false });
    const off = await api(`/i/${token}`);
    expect(off.status).toBe(404);
    expect(await off.text()).toContain(inviteText.linkUnavailable);
  });

  it('shows "not available" for an unknown link, with 404 and every security header, not a server error', async () => {
    for (const token of ['no-such-link-at-all-0000', 'x']) {
      const res = await api(`/i/${token}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expectSecurityHeaders(res);
      const html = await res.text();
      expectAllowedInline(res, html);
      expect(html).toContain(`<div class="hf-banner hf-banner--error" role="alert">${inviteText.linkUnavailable}</div>`);
      expect(html).not.toContain('<form');
      expect(servedData(html)).toEqual({ token, info: null });
    }
  });

  it('answers a form posted before the app took over with the page again, keeping nothing of it', async () => {
    const res = await api('/i/some-link-token-000000', { method: 'POST', body: new URLSearchParams({ email: 'a@b.test', consent: 'on' }), redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/i/some-link-token-000000');
  });
});
