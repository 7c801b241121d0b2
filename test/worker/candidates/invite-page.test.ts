/**
 * The invite link's page as the Worker serves it (issue 14 item 13): the first screen and the
 * link's details in the HTML, escaped, under the same security headers as everything else. Needs
 * the app's build (dist/app, `vite build`), as `npm test` makes before the tests.
 */
import { describe, expect, it } from 'vitest';
import type { Interview } from '../../../worker/schemas/interviews';
import { INVITE_DATA_ID, type InviteData, inviteText } from '../../../worker/schemas/invite-page';
import { as } from '../support/auth-helpers';
import { addCandidate, recruiting, uniqueCandidateEmail } from '../support/candidates-helpers';
import { api } from '../support/helpers';

const HOSTILE = '</script><script>alert(1)</script>';

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

/** The inline stylesheet is allowed by the policy, and the only scripts are the app's file and the data. */
function expectAllowedInline(res: Response, html: string): void {
  const policy = directives(res.headers.get('content-security-policy'));
  const { scripts, styles } = inlinePieces(html);
  expect(styles).toHaveLength(1);
  expect(styles[0]).toContain('.hf-card');
  expect(policy.get('style-src')).toContain("'unsafe-inline'");
  expect(scripts).toHaveLength(2);
  expect(scripts.filter((s) => /type="module"[^>]* src="\/assets\/[^"]+\.js"/.test(s))).toHaveLength(1);
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
    expect(html).toContain(`<p class="hf-muted">Org ${escaped}</p>`);
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
