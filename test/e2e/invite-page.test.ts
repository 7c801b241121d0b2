/**
 * The invite link's page served with its first screen (issue 14 item 13), in Chromium: it paints
 * before any script runs, the app takes it over without asking for the link again, without a
 * layout shift or a Content-Security-Policy violation; the repeat visit is one request; offline the
 * link still opens the interview this device holds.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { brandTheme, themeVariables } from '../../worker/schemas/brand-theme.ts';
import { PHONE, through } from './candidate-support.ts';
import { CuttableProxy } from './proxy.ts';
import { CHOICE_QUESTION, RecruiterApi, TEXT_QUESTION } from './recruiter-api.ts';
import { freePort, holdfastAndChromium, launchPersistent, tempDir } from './support.ts';

const HOSTILE = '</script><script>alert(1)</script>';

/** Policy violations and layout shifts, counted from before the page's first byte. */
async function watch(page: Page): Promise<{ violations: () => Promise<string[]>; shift: () => Promise<number>; errors: string[] }> {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[]; shift: number };
    w.violations = [];
    w.shift = 0;
    document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!entry.hadRecentInput) w.shift += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  return {
    violations: () => page.evaluate(() => (window as unknown as { violations: string[] }).violations),
    shift: () => page.evaluate(() => (window as unknown as { shift: number }).shift),
    errors,
  };
}

/** An interview whose organization, name and intro are all hostile, with one candidate on it. */
async function hostileInvite(url: string): Promise<{ recruiter: RecruiterApi; inviteUrl: string; interviewId: string }> {
  const recruiter = await RecruiterApi.register(url, 'first-paint');
  await recruiter.call('PATCH', '/api/org', { name: `Org ${HOSTILE}` });
  const questionIds = [await recruiter.question(TEXT_QUESTION), await recruiter.question(CHOICE_QUESTION)];
  const { interview } = await recruiter.call<{ interview: { id: string } }>('POST', '/api/interviews', {
    name: `Interview ${HOSTILE}`,
    format: 'one_way',
    intro: `Intro ${HOSTILE}`,
    closing: 'Thanks!',
    questionIds,
  });
  const { inviteUrl } = await recruiter.addCandidate(interview.id, 'Paula Paint', `paula-${crypto.randomUUID().slice(0, 6)}@candidates.test`);
  return { recruiter, inviteUrl, interviewId: interview.id };
}

/** A 1×1 PNG: a real logo the browser decodes. */
const LOGO = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
const ACCENT = '#ffe066';

/** A branded organization's video interview (its intro lists a camera and a microphone), with one candidate. */
async function brandedVideoInvite(url: string): Promise<{ inviteUrl: string; orgName: string }> {
  const recruiter = await RecruiterApi.register(url, 'takeover');
  await recruiter.brand(ACCENT, { bytes: LOGO, type: 'image/png' });
  const interview = await recruiter.interview([
    { type: 'video', title: 'Say hello', prompt: 'Briefly.', maxAnswerSeconds: 60, thinkTimeSeconds: 10, attempts: 2, mayReviewTake: true },
    TEXT_QUESTION,
    CHOICE_QUESTION,
  ]);
  const { inviteUrl } = await recruiter.addCandidate(interview.id, 'Tara Takeover', `tara-${crypto.randomUUID().slice(0, 6)}@candidates.test`);
  return { inviteUrl, orgName: 'Org takeover' };
}

/** What a person sees and what styles it: the page's text, its language and the theme on <html>. */
function looks(page: Page): Promise<{ text: string; lang: string; dir: string; accent: string; logo: boolean }> {
  return page.evaluate(() => {
    const html = document.documentElement;
    const img = document.querySelector<HTMLImageElement>('.hf-brand-header img');
    return {
      // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered is the point (textContent would read the served JSON too).
      text: document.body.innerText,
      lang: html.lang,
      dir: html.dir,
      accent: html.style.getPropertyValue('--hf-accent'),
      logo: !!img && img.complete && img.naturalWidth > 0,
    };
  });
}

/** Holds the app's script back until `release()` is called: the served screen alone is on the page. */
async function holdAppScript(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/assets\/index-[^/]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/**
 * Opens the invite with the app's script held back, reads the served screen, lets the app take it
 * over, and reads the screen again.
 */
async function takeover(page: Page, url: string): Promise<{ served: Awaited<ReturnType<typeof looks>>; app: Awaited<ReturnType<typeof looks>> }> {
  const release = await holdAppScript(page);
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator('.hf-expect').waitFor();
  await page.waitForFunction(() => document.querySelector<HTMLImageElement>('.hf-brand-header img')?.complete);
  expect(await page.locator('main[data-app-shell="ready"]').count()).toBe(0);
  const served = await looks(page);
  release();
  await page.locator('main[data-app-shell="ready"]').waitFor();
  await page.waitForLoadState('networkidle');
  const app = await looks(page);
  await page.unroute(/\/assets\/index-[^/]+\.js$/);
  return { served, app };
}

describe('the invite page served with its first screen', () => {
  const running = holdfastAndChromium();

  it("takes over a branded video interview's screen with nothing moved and not a word changed, in English, in Spanish, and in the language chosen", async () => {
    const { inviteUrl, orgName } = await brandedVideoInvite(running.server.url);
    const accent = themeVariables(brandTheme(ACCENT))['--hf-accent'];
    for (const [locale, lang, intro] of [
      ['en-US', 'en', 'Before you start'],
      ['es-ES', 'es', 'Antes de empezar'],
    ] as const) {
      // No service worker: every page load fetches the app's script, which the test holds back.
      const context = await running.browser.newContext({ ...PHONE, locale, serviceWorkers: 'block' });
      try {
        const page = await context.newPage();
        const seen = await watch(page);
        const { served, app } = await takeover(page, inviteUrl);
        expect(served.text, locale).toContain(intro);
        expect(served.text).toContain(orgName);
        expect(served.logo).toBe(true);
        expect(served).toMatchObject({ lang, dir: 'ltr', accent });
        // The app draws the same words, in the same language and colours: nothing for the eye to follow.
        expect(app).toEqual(served);
        expect(await page.getByRole('img', { name: lang === 'es' ? `Logotipo de ${orgName}` : `${orgName} logo` }).isVisible()).toBe(true);
        expect(await seen.shift()).toBe(0);

        // The candidate picks the other language: the next load is served in it, and stays in it.
        const other = lang === 'es' ? { option: 'English', lang: 'en', intro: 'Before you start' } : { option: 'Español', lang: 'es', intro: 'Antes de empezar' };
        await page.getByRole('combobox', { name: lang === 'es' ? 'Idioma' : 'Language' }).selectOption({ label: other.option });
        await page.getByText(other.intro).waitFor();
        const again = await context.newPage();
        const seenAgain = await watch(again);
        const chosen = await takeover(again, inviteUrl);
        expect(chosen.served).toMatchObject({ lang: other.lang, accent });
        expect(chosen.served.text).toContain(other.intro);
        expect(chosen.app).toEqual(chosen.served);
        expect(await seenAgain.shift()).toBe(0);
        expect([...(await seen.violations()), ...(await seenAgain.violations())]).toEqual([]);
        expect([...seen.errors, ...seenAgain.errors]).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it('paints the screen before any script, then the app takes it over with what was ticked, no layout shift, no policy violation, and starts', async () => {
    const { inviteUrl } = await hostileInvite(running.server.url);
    const context = await running.browser.newContext({ ...PHONE });
    try {
      const page = await context.newPage();
      const seen = await watch(page);
      const requests: string[] = [];
      page.on('request', (r) => requests.push(new URL(r.url()).pathname));
      // The app's script is held back until the served screen has been looked at and used.
      const release = await holdAppScript(page);
      await page.goto(inviteUrl, { waitUntil: 'commit' });
      await page.getByRole('heading', { name: `Interview ${HOSTILE}` }).waitFor();
      expect(await page.getByText(`Org ${HOSTILE}`).isVisible()).toBe(true);
      expect(await page.getByText(`Intro ${HOSTILE}`).isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Start interview' }).isVisible()).toBe(true);
      expect(await page.locator('main[data-app-shell="ready"]').count()).toBe(0);
      await page.getByRole('checkbox', { name: /I agree/ }).check();

      release();
      await page.locator('main[data-app-shell="ready"]').waitFor();
      await page.waitForLoadState('networkidle');
      // The app's own screen, with the box still ticked, and one of each element.
      await expect(page.getByRole('checkbox', { name: /I agree/ }).isChecked()).resolves.toBe(true);
      expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Interview ${HOSTILE}`);
      expect(requests.filter((p) => p.startsWith('/api/links/'))).toEqual([]);
      expect(await seen.shift()).toBe(0);

      await page.getByRole('button', { name: 'Start interview' }).click();
      await page.getByText('Question 1 of 2').waitFor();
      expect(await seen.violations()).toEqual([]);
      expect(seen.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("starts the interview from a tap on Start made before the app's script was even fetched, with no form post", async () => {
    const { inviteUrl } = await hostileInvite(running.server.url);
    const context = await running.browser.newContext({ ...PHONE });
    try {
      const page = await context.newPage();
      const posts: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && new URL(r.url()).pathname.startsWith('/i/')) posts.push(r.url());
      });
      const release = await holdAppScript(page);
      await page.goto(inviteUrl, { waitUntil: 'commit' });
      await page.getByRole('checkbox', { name: /I agree/ }).check();
      await page.getByRole('button', { name: 'Start interview' }).click();
      expect(await page.locator('main[data-app-shell="ready"]').count()).toBe(0);
      release();
      await page.getByText('Question 1 of 2').waitFor();
      expect(posts).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows "not available" for an unknown link, from the server and then the app', async () => {
    const context = await running.browser.newContext({ ...PHONE });
    try {
      const page = await context.newPage();
      const seen = await watch(page);
      const res = await page.goto(`${running.server.url}/i/no-such-link-token-00000`);
      expect(res?.status()).toBe(404);
      await page.locator('main[data-app-shell="ready"]').waitFor();
      await page
        .getByRole('alert')
        .getByText(/This interview link is not available/)
        .waitFor();
      expect(await page.getByRole('button', { name: 'Start interview' }).count()).toBe(0);
      expect(await seen.violations()).toEqual([]);
      expect(seen.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('comes back as one request, and opens the interview this device holds with the server unreachable', async () => {
    const recruiter = await RecruiterApi.register(running.server.url, 'repeat');
    const interview = await recruiter.interview([TEXT_QUESTION, CHOICE_QUESTION]);
    const { inviteUrl } = await recruiter.addCandidate(interview.id, 'Rita Repeat', `rita-${crypto.randomUUID().slice(0, 6)}@candidates.test`);
    const proxy = new CuttableProxy(await freePort(), running.server.port);
    await proxy.start();
    const link = through(inviteUrl, proxy.url);
    const context = await launchPersistent(tempDir('invite-page-profile'), { ...PHONE });
    try {
      const first = await context.newPage();
      await first.goto(link);
      await first.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
      await first.waitForLoadState('networkidle');
      await first.close();

      // Again: the page itself from the server, everything else from the device.
      proxy.record = true;
      proxy.sent = '';
      const again = await context.newPage();
      await again.goto(link);
      await again.locator('main[data-app-shell="ready"]').waitFor();
      await again.waitForLoadState('networkidle');
      proxy.record = false;
      // The browser's own check for a new service worker and the tab's icon are not the page's.
      const sent = [...proxy.sent.matchAll(/^([A-Z]+) (\S+) HTTP\/1\.1/gm)].map((m) => `${m[1]} ${m[2]}`).filter((r) => !/ \/(sw\.js|icons\/)/.test(r));
      expect(sent).toEqual([`GET ${new URL(inviteUrl).pathname}`]);

      await again.getByRole('checkbox', { name: /I agree/ }).check();
      await again.getByRole('button', { name: 'Start interview' }).click();
      await again.getByLabel('Your answer').fill('The first screen should never wait for a script.');
      await again.getByRole('button', { name: 'Save and continue' }).click();
      await again.getByText('Question 2 of 2').waitFor();
      await again.getByRole('status', { name: 'Upload status' }).getByText('All answers saved').waitFor();
      await again.close();

      await proxy.cut();
      const offline = await context.newPage();
      await offline.goto(link);
      await offline.getByText('Question 2 of 2').waitFor();
      expect(await offline.getByRole('heading', { name: 'Preferred setting' }).isVisible()).toBe(true);
    } finally {
      await context.close();
      await proxy.cut();
    }
  });
});
