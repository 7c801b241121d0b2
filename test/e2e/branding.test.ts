import { deflateSync } from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { brandTheme } from '../../worker/schemas/brand-theme.ts';
import { axeFindings } from './axe.ts';
import { PHONE, startInvite, through } from './candidate-support.ts';
import { CuttableProxy } from './proxy.ts';
import { RecruiterApi, TEXT_QUESTION } from './recruiter-api.ts';
import { freePort, holdfastAndChromium, launchPersistent, tempDir } from './support.ts';

/** A real 8x8 PNG of one colour, built here so the test shows what the logo is. */
function png(rgb: [number, number, number]): Uint8Array<ArrayBuffer> {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes: Uint8Array) => {
    let c = 0xffffffff;
    for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  const chunk = (type: string, data: Uint8Array) => {
    const typed = new Uint8Array([...new TextEncoder().encode(type), ...data]);
    return [...u32(data.length), ...typed, ...u32(crc32(typed))];
  };
  const row = [0, ...Array.from({ length: 8 }, () => rgb).flat()];
  const raw = new Uint8Array(Array.from({ length: 8 }, () => row).flat());
  const ihdr = new Uint8Array([...u32(8), ...u32(8), 8, 2, 0, 0, 0]);
  return new Uint8Array([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk('IHDR', ihdr),
    ...chunk('IDAT', new Uint8Array(deflateSync(raw))),
    ...chunk('IEND', new Uint8Array()),
  ]);
}

// WCAG 2.x contrast, computed here on the colours the browser reports (not with the app's module).
const parseRgb = (css: string): [number, number, number] => {
  const m = css.match(/rgba?\((\d+),\s*(\d+),\s*(\d+)/);
  if (!m) throw new Error(`not an rgb() colour: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
};
const lum = (css: string) => {
  const [r, g, b] = parseRgb(css).map((c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};
const hexToRgb = (hex: string) => {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
};

const colours = (locator: Locator) =>
  locator.evaluate((el) => {
    const style = getComputedStyle(el);
    return { background: style.backgroundColor, color: style.color, border: style.borderTopColor, outline: style.outlineColor };
  });
const pageBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

/**
 * The app has taken the served first screen over: reading styles off the served one could meet an
 * element the takeover just replaced (a detached element has no computed style).
 */
const appIn = (page: Page) => page.locator('main[data-app-shell="ready"]').waitFor();

/** The organization's logo, named for screen readers, actually decoded. */
async function expectLogo(page: Page, orgName: string) {
  const logo = page.getByRole('img', { name: `${orgName} logo` });
  await logo.waitFor();
  await page.waitForFunction((name) => {
    const img = document.querySelector<HTMLImageElement>(`img[alt="${name} logo"]`);
    return !!img && img.complete && img.naturalWidth === 8;
  }, orgName);
}

/** The primary button wears the accent (or its AA shade), with text at 4.5:1 on it. */
async function expectThemedButton(page: Page, name: string, accent: string) {
  const theme = brandTheme(accent);
  const button = page.getByRole('button', { name });
  await button.waitFor();
  const c = await colours(button);
  expect(c.background).toBe(hexToRgb(theme.accent));
  expect(contrast(c.color, c.background)).toBeGreaterThanOrEqual(4.5);
  // The button's edge stands out from the page 3:1, even when the accent itself is light.
  expect(contrast(c.border, await pageBackground(page))).toBeGreaterThanOrEqual(3);
  return c;
}

describe('the organization’s branding on candidate pages', () => {
  const running = holdfastAndChromium();

  async function brandedInvite(label: string, accent: string) {
    const recruiter = await RecruiterApi.register(running.server.url, label);
    await recruiter.brand(accent, { bytes: png([120, 40, 160]), type: 'image/png' });
    const interview = await recruiter.interview([TEXT_QUESTION]);
    const { inviteUrl } = await recruiter.addCandidate(interview.id, 'Bea Branded', `${label}@candidates.test`);
    return { recruiter, inviteUrl, orgName: `Org ${label}` };
  }

  it('a dark accent: logo and themed buttons on the intro, the question and the thank-you page, and the logo offline', async () => {
    const accent = '#5b21b6';
    const { inviteUrl, orgName } = await brandedInvite('violet', accent);
    const proxy = new CuttableProxy(await freePort(), running.server.port);
    await proxy.start();
    const context = await launchPersistent(tempDir('brand-profile'), { ...PHONE });
    try {
      const page = await context.newPage();
      await page.goto(through(inviteUrl, proxy.url));
      await appIn(page);
      await expectLogo(page, orgName);
      const start = await expectThemedButton(page, 'Start interview', accent);
      expect(start.color).toBe('rgb(255, 255, 255)');
      // Focus rings follow the accent too, 3:1 against the page.
      await page.getByLabel('Email').focus();
      const ring = await colours(page.getByLabel('Email'));
      expect(ring.outline).toBe(hexToRgb(brandTheme(accent).strong));
      expect(contrast(ring.outline, await pageBackground(page))).toBeGreaterThanOrEqual(3);

      await page.getByRole('checkbox', { name: /I agree/ }).check();
      await page.getByRole('button', { name: 'Start interview' }).click();
      await page.getByText('Question 1 of 1').waitFor();
      await expectLogo(page, orgName);
      await expectThemedButton(page, 'Save and continue', accent);

      // Opened once, the interview shows its logo with the network gone.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      const kept = await page.evaluate(async () => (await (await caches.open('org-logos')).keys()).map((r) => new URL(r.url).pathname));
      expect(kept.some((p) => /^\/api\/links\/[^/]+\/logo$/.test(p))).toBe(true);
      await proxy.cut();
      await page.reload();
      await page.getByText('Question 1 of 1').waitFor();
      await expectLogo(page, orgName);
      await proxy.start();

      await page.getByLabel('Your answer').fill('Because the work matters to me.');
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.getByRole('heading', { name: 'Thank you' }).waitFor();
      await expectLogo(page, orgName);
      const root = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--hf-accent').trim());
      expect(root).toBe(accent);
    } finally {
      await context.close();
      await proxy.cut();
    }
  });

  it('a light accent (#ffe066) keeps its colour on buttons with near-black text, and darker rings', async () => {
    const accent = '#ffe066';
    const { inviteUrl, orgName } = await brandedInvite('sunny', accent);
    const context = await running.browser.newContext({ ...PHONE });
    const page = await context.newPage();
    await page.goto(inviteUrl);
    await appIn(page);
    await expectLogo(page, orgName);
    const start = await expectThemedButton(page, 'Start interview', accent);
    expect(await axeFindings(page)).toEqual([]);
    expect(start.background).toBe(hexToRgb('#ffe066'));
    expect(contrast(start.color, 'rgb(255, 255, 255)')).toBeGreaterThan(contrast(start.color, 'rgb(0, 0, 0)'));
    await page.getByLabel('Email').focus();
    const ring = await colours(page.getByLabel('Email'));
    expect(ring.outline).not.toBe(hexToRgb(accent));
    expect(contrast(ring.outline, await pageBackground(page))).toBeGreaterThanOrEqual(3);

    await startInvite(page, inviteUrl);
    await page.getByText('Question 1 of 1').waitFor();
    await expectLogo(page, orgName);
    await expectThemedButton(page, 'Save and continue', accent);
    expect(await axeFindings(page)).toEqual([]);
    await page.getByLabel('Your answer').fill('Bright colours, readable text.');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    await expectLogo(page, orgName);
    expect(await axeFindings(page)).toEqual([]);
    await context.close();
  });

  it('the device check of a recorded interview wears the theme too', async () => {
    const accent = '#ffe066';
    const recruiter = await RecruiterApi.register(running.server.url, 'camera');
    await recruiter.brand(accent, { bytes: png([20, 120, 60]), type: 'image/png' });
    const interview = await recruiter.interview([
      { type: 'video', title: 'Say hello', prompt: 'Briefly.', maxAnswerSeconds: 30, thinkTimeSeconds: 0, attempts: 1, mayReviewTake: true },
    ]);
    const { inviteUrl } = await recruiter.addCandidate(interview.id, 'Cam Era', 'camera@candidates.test');
    const context = await running.browser.newContext({ ...PHONE });
    const page = await context.newPage();
    await startInvite(page, inviteUrl);
    await page.getByRole('heading', { name: 'Check your camera and microphone' }).waitFor();
    await expectLogo(page, 'Org camera');
    await page.waitForFunction(() => !(document.querySelector('button.hf-button:not(.hf-button--secondary)') as HTMLButtonElement | null)?.disabled);
    await expectThemedButton(page, 'My camera and microphone work', accent);
    await context.close();
  });

  it('a mid-tone accent moves buttons to the nearest shade with AA text (on a laptop)', async () => {
    const accent = '#ff0000';
    expect(brandTheme(accent).accent).not.toBe(accent);
    const { inviteUrl, orgName } = await brandedInvite('scarlet', accent);
    // On a laptop this time.
    const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(inviteUrl);
    await appIn(page);
    await expectLogo(page, orgName);
    await expectThemedButton(page, 'Start interview', accent);
    expect(await axeFindings(page)).toEqual([]);
    await context.close();
  });

  it('Settings warns when an accent cannot be used as it is, names what candidates get, and previews a button', async () => {
    const recruiter = await RecruiterApi.register(running.server.url, 'settings-brand');
    const context = await running.browser.newContext({ baseURL: running.server.url, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto('/dashboard/settings');
    await page.getByLabel('Email').fill(recruiter.email);
    await page.getByLabel('Password').fill(RecruiterApi.PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Organization settings' }).waitFor();
    // The default is the dashboard's own teal, which needs no warning.
    expect(await page.getByLabel('Accent colour').inputValue()).toBe('#0f5c63');
    expect(await page.getByText('cannot be used as it is').count()).toBe(0);
    const preview = page.getByRole('figure', { name: 'Button preview' }).getByText('Start interview');
    expect((await colours(preview)).background).toBe(hexToRgb('#0f5c63'));

    await page.getByLabel('Accent colour').fill('#ffe066');
    const warning = page.getByRole('status').filter({ hasText: '#ffe066 cannot be used as it is with AA contrast' });
    await warning.waitFor();
    const theme = brandTheme('#ffe066');
    await warning.getByText(`Focus rings, borders and progress: ${theme.strong}`).waitFor();
    await warning.getByText(`Links: ${theme.text}`).waitFor();
    const c = await colours(preview);
    expect(await axeFindings(page)).toEqual([]);
    expect(c.background).toBe(hexToRgb('#ffe066'));
    expect(contrast(c.color, c.background)).toBeGreaterThanOrEqual(4.5);

    await page.getByLabel('Accent colour').fill('#ff0000');
    await warning
      .or(page.getByRole('status').filter({ hasText: '#ff0000 cannot be used' }))
      .first()
      .waitFor();
    await page.getByText(`Buttons: ${brandTheme('#ff0000').accent} with white text`).waitFor();
    expect((await colours(preview)).background).toBe(hexToRgb(brandTheme('#ff0000').accent));

    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(async () => (await recruiter.call<{ accentColor: string }>('GET', '/api/org')).accentColor).toBe('#ff0000');
    await context.close();
  });
});
