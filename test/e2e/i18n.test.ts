/**
 * Two languages and the pseudo-locales: every sentence a candidate reads comes from a catalog
 * (the pseudo-locale walk fails on any that does not), Spanish from the browser's language end to
 * end and offline, and a right-to-left page that holds at phone width.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeFindings } from './axe.ts';
import { PHONE, through } from './candidate-support.ts';
import { CuttableProxy } from './proxy.ts';
import { CHOICE_QUESTION, RecruiterApi, SCALE_QUESTION, TEXT_QUESTION } from './recruiter-api.ts';
import { freePort, holdfastAndChromium } from './support.ts';

const running = holdfastAndChromium();

const VIDEO = { type: 'video', title: 'Introduce yourself', prompt: 'Who are you?', maxAnswerSeconds: 30, thinkTimeSeconds: 20, attempts: 2, mayReviewTake: true };
/** What the organization wrote (and the candidate's own words): shown as written in any language. */
const ORGANIZATION_TEXT = [
  'Support engineer',
  'A few questions.',
  'Thanks!',
  ...[VIDEO, TEXT_QUESTION, CHOICE_QUESTION, SCALE_QUESTION].flatMap((q) => [q.title, q.prompt]),
  ...CHOICE_QUESTION.options.map((o) => o.label),
  ...SCALE_QUESTION.items.map((i) => i.statement),
  // wt-flow's Likert row shows the two ends' words under it.
  SCALE_QUESTION.anchors.low,
  SCALE_QUESTION.anchors.high,
];

const PLAIN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ACCENTED = [...'åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'];
/** A catalog sentence as the pseudo-locale writes it: "[Ŝţåŕţ îñţéŕṽîéŵ]". */
const pseudo = (text: string) => `[${text.replace(/[A-Za-z]/g, (ch) => ACCENTED[PLAIN.indexOf(ch)] ?? ch)}]`;

/** The accessible names the walk clicks, in the pseudo-locale (English as in the catalog). */
const NAMES = {
  start: 'Start interview',
  devicesReady: 'My camera and microphone work',
  startNow: 'Start recording now',
  stopRecording: 'Stop recording',
  finishLater: 'Finish later',
  resume: 'Continue now',
  paused: 'You paused this answer',
  continueRecording: 'Continue recording',
  submitAnswer: 'Submit answer',
  saveAndContinue: 'Save and continue',
  closingTitle: 'Thank you',
};
const p = Object.fromEntries(Object.entries(NAMES).map(([key, english]) => [key, pseudo(english)])) as Record<keyof typeof NAMES, string>;
/** "[Ýöû þåûšéð ţĥîš åñšŵéŕ" of "[Ýöû þåûšéð ţĥîš åñšŵéŕ. 2 šéçöñðš …]". */
const opening = (sentence: string) => new RegExp(`^${sentence.slice(0, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

/**
 * Every text node the page renders (screen-reader-only ones too) and every accessible name given
 * by an attribute, that is neither pseudo-localised ("[…]"), nor the organization's own text, nor
 * only figures; the language control's option names and form fields' values are the candidate's.
 */
function unlocalised(page: Page, allowed: readonly string[], theirs = 'select, textarea'): Promise<string[]> {
  return page.evaluate(
    ([allowedText, candidatesOwn]) => {
      const fine = (text: string) => text === '' || /^\[[\s\S]*\]$/.test(text) || /^[\d\s.,:%/—–-]*$/.test(text) || allowedText.includes(text);
      const shown = (el: Element) => el.checkVisibility() && !el.closest(`${candidatesOwn}, script, style, noscript`);
      const found: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim() ?? '';
        if (node.parentElement && shown(node.parentElement) && !fine(text)) found.push(text);
      }
      for (const el of Array.from(document.body.querySelectorAll('[aria-label], [title], [placeholder], img[alt]'))) {
        for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
          const value = el.getAttribute(name)?.trim();
          if (value !== undefined && shown(el) && !fine(value)) found.push(`${name}="${value}"`);
        }
      }
      return found;
    },
    [allowed, theirs] as const,
  );
}

/** Nothing wider than the viewport: no element sticks out at either side, and the page does not scroll sideways. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    if (document.documentElement.scrollWidth > width) found.push(`page is ${document.documentElement.scrollWidth} px wide`);
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || el.closest('.hf-visually-hidden')) continue;
      if (box.left < -1 || box.right > width + 1) found.push(`${el.tagName.toLowerCase()}.${el.className} spans ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
    return found;
  });
}

async function interviewFor(label: string, questions: Record<string, unknown>[]): Promise<{ inviteUrl: string }> {
  const recruiter = await RecruiterApi.register(running.server.url, label);
  const interview = await recruiter.interview(questions);
  const { inviteUrl } = await recruiter.addCandidate(interview.id, 'Lena Lingua', `${label}@candidates.test`);
  return { inviteUrl };
}

describe('candidate app in two languages', () => {
  it('walks every candidate screen in the pseudo-locale without a sentence outside the catalogs', async () => {
    const { inviteUrl } = await interviewFor('pseudo', [VIDEO, TEXT_QUESTION, CHOICE_QUESTION, SCALE_QUESTION]);
    const allowed = [...ORGANIZATION_TEXT, 'Org pseudo'];
    const context = await running.browser.newContext({ ...PHONE, baseURL: running.server.url });
    const page = await context.newPage();
    const screens: string[] = [];
    const check = async (screen: string) => {
      const found = await unlocalised(page, allowed);
      expect(found, `${screen}: text that is not from a catalog`).toEqual([]);
      screens.push(screen);
    };
    try {
      await page.goto(`${inviteUrl}?locale=en-XA`);
      await page.getByRole('button', { name: p.start }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-XA');
      await check('intro');
      await page.locator('input[name="consent"]').check();
      await page.getByRole('button', { name: p.start }).click();

      await page.getByRole('button', { name: p.devicesReady }).waitFor();
      await expect.poll(() => page.getByRole('button', { name: p.devicesReady }).isEnabled(), { timeout: 15_000 }).toBe(true);
      await check('device check');
      await page.getByRole('button', { name: p.devicesReady }).click();

      await page.getByRole('button', { name: p.startNow }).waitFor();
      await check('video question, think time');
      await page.getByRole('button', { name: p.startNow }).click();
      await page.getByRole('button', { name: p.stopRecording }).waitFor();
      await page.waitForTimeout(2_500);
      await check('video question, recording');

      // A deliberate Finish later in the middle of a take: coming back says "paused".
      await page.getByRole('button', { name: p.finishLater }).click();
      await page.getByRole('button', { name: p.resume }).waitFor();
      await check('finished later');
      await page.getByRole('button', { name: p.resume }).click();
      await page.getByText(opening(p.paused)).waitFor();
      await check('video question, paused take');
      await page.getByRole('button', { name: p.continueRecording }).click();
      await page.getByRole('button', { name: p.stopRecording }).waitFor();
      await page.waitForTimeout(1_500);
      await page.getByRole('button', { name: p.stopRecording }).click();
      await page.getByRole('button', { name: p.submitAnswer }).waitFor();
      await check('video question, watching the take');
      await page.getByRole('button', { name: p.submitAnswer }).click();

      await page.getByRole('heading', { name: TEXT_QUESTION.title }).waitFor();
      await check('text question');
      await page.getByRole('textbox').fill('Because I like hard problems and good people.');
      allowed.push('Because I like hard problems and good people.');
      await check('text question, typed');
      await page.getByRole('button', { name: p.saveAndContinue }).click();

      await page.getByRole('heading', { name: CHOICE_QUESTION.title }).waitFor();
      await check('choice question');
      await page.getByRole('radio', { name: 'Remote' }).check();
      await page.getByRole('button', { name: p.saveAndContinue }).click();

      await page.getByRole('heading', { name: SCALE_QUESTION.title }).waitFor();
      await check('scale question');
      for (const item of SCALE_QUESTION.items) await page.getByRole('group', { name: item.statement }).getByRole('radio').nth(3).check();
      await page.getByRole('button', { name: p.saveAndContinue }).click();

      await page.getByRole('heading', { name: p.closingTitle }).waitFor();
      await check('thank-you');
      expect(screens).toHaveLength(12);
      // The switcher never offers the pseudo-locale to candidates.
      expect(
        await page
          .getByLabel(/Ļåñĝûåĝé/)
          .locator('option')
          .allTextContents(),
      ).toEqual(['en-XA', 'English', 'Español']);
    } finally {
      await context.close();
    }
  });

  it('shows a code question, its run and its tests in the pseudo-locale too', async () => {
    const code = {
      type: 'code',
      title: 'Double it',
      prompt: 'Read a whole number and print it doubled.',
      language: 'javascript',
      starterCode: '// read the number from input\n',
      tests: [{ id: 'two', name: 'Two', input: '2', expectedOutput: '4', hidden: false }],
    };
    const { inviteUrl } = await interviewFor('pseudo-code', [code]);
    const allowed = [
      'Org pseudo-code',
      'Support engineer',
      'A few questions.',
      code.title,
      code.prompt,
      'Two',
      '✓',
      '✗',
      '{',
      '}',
      '[',
      ']',
      '(',
      ')',
      ';',
      '"',
      "'",
      '<',
      '>',
      '_',
      '=',
    ];
    const context = await running.browser.newContext({ ...PHONE, baseURL: running.server.url });
    const page = await context.newPage();
    // The candidate's own code, its input and what their program printed are theirs, not ours.
    const theirs = 'select, textarea, .cm-editor, pre.hf-run-output__stream';
    try {
      await page.goto(`${inviteUrl}?locale=en-XA`);
      await page.locator('main[data-app-shell="ready"]').waitFor();
      await page.locator('input[name="consent"]').check();
      await page.getByRole('button', { name: p.start }).click();
      await page.getByRole('heading', { name: code.title }).waitFor();
      await page.locator('.cm-content').waitFor();
      expect(await unlocalised(page, allowed, theirs), 'code question').toEqual([]);
      await page.getByRole('button', { name: pseudo('Run tests') }).click();
      await page.getByRole('region', { name: pseudo('Test results') }).waitFor({ timeout: 60_000 });
      expect(await unlocalised(page, allowed, theirs), 'code question, tests run').toEqual([]);
      await page.getByRole('button', { name: pseudo('Run'), exact: true }).click();
      await page.getByRole('region', { name: pseudo('Run output') }).waitFor({ timeout: 60_000 });
      expect(await unlocalised(page, allowed, theirs), 'code question, program run').toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('speaks Spanish to a browser set to Spanish, end to end, offline too, and keeps a switch to English', async () => {
    const { inviteUrl } = await interviewFor('spanish', [TEXT_QUESTION, CHOICE_QUESTION]);
    const proxy = new CuttableProxy(await freePort(), running.server.port);
    await proxy.start();
    const context = await running.browser.newContext({ ...PHONE, locale: 'es-ES' });
    const page = await context.newPage();
    try {
      await page.goto(through(inviteUrl, proxy.url));
      await page.getByRole('button', { name: 'Empezar la entrevista' }).waitFor();
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['es', 'ltr']);
      expect(await page.getByLabel('Idioma').inputValue()).toBe('es');
      expect(await axeFindings(page), 'Spanish intro with the language control').toEqual([]);
      await page.getByRole('checkbox', { name: /^Acepto que mis respuestas/ }).check();
      await page.getByRole('button', { name: 'Empezar la entrevista' }).click();

      await page.getByText('Pregunta 1 de 2').waitFor();
      await page.getByLabel('Tu respuesta').fill('Me gustan los problemas difíciles');
      await page.getByText('5 de 100 palabras').waitFor();
      await page.getByRole('button', { name: 'Guardar y continuar' }).click();
      await page.getByText('Pregunta 2 de 2').waitFor();
      await page.getByRole('status', { name: 'Estado de la subida' }).getByText('Todas las respuestas guardadas').waitFor();
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
      await page.getByRole('button', { name: 'Terminar más tarde' }).click();
      await page.getByRole('heading', { name: 'Tus respuestas están guardadas' }).waitFor();

      // Offline, the interview reopens from this device, still in Spanish: the catalog is precached.
      await proxy.cut();
      await page.reload();
      await page.getByText('Pregunta 2 de 2').waitFor();
      expect(await page.getByRole('button', { name: 'Guardar y continuar' }).isVisible()).toBe(true);

      await proxy.start();
      await page.getByRole('radio', { name: 'Remote' }).check();
      await page.getByRole('button', { name: 'Guardar y continuar' }).click();
      await page.getByRole('heading', { name: 'Gracias' }).waitFor();
      await page.getByText('Tu entrevista está enviada. Puedes cerrar esta página.').waitFor({ timeout: 30_000 });

      // The switcher changes the page at once and the device keeps the choice.
      await page.getByLabel('Idioma').selectOption('en');
      await page.getByRole('heading', { name: 'Thank you' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await page.reload();
      await page.getByLabel('Language').waitFor();
      expect(await page.getByLabel('Language').inputValue()).toBe('en');
    } finally {
      await context.close();
      await proxy.cut();
    }
  });

  it('holds its layout right to left at phone width: nothing overflows, controls sit at their inline side', async () => {
    const { inviteUrl } = await interviewFor('rtl', [VIDEO, TEXT_QUESTION]);
    const context = await running.browser.newContext({ ...PHONE, baseURL: running.server.url });
    const page = await context.newPage();
    const holds = async (screen: string) => {
      expect(await page.evaluate(() => document.documentElement.dir), screen).toBe('rtl');
      expect(await overflowing(page), screen).toEqual([]);
      // The language control sits at the inline end: the left in a right-to-left page.
      const control = (await page.locator('#hf-language').boundingBox())!;
      expect(control.x + control.width, screen).toBeLessThan(PHONE.viewport.width / 2);
      // Headings start at the right.
      const heading = await page.locator('h1').evaluate((h) => {
        const range = document.createRange();
        range.selectNodeContents(h);
        return { text: range.getBoundingClientRect(), box: h.getBoundingClientRect() };
      });
      expect(heading.box.right - heading.text.right, screen).toBeLessThan(2);
    };
    try {
      await page.goto(`${inviteUrl}?locale=ar-XB`);
      // The served first screen is English until the app takes it over in the test locale.
      await page.locator('main[data-app-shell="ready"]').waitFor();
      await page.locator('input[name="consent"]').waitFor();
      await holds('intro');
      await page.locator('input[name="consent"]').check();
      await page.getByRole('button', { name: p.start }).click();

      const ready = page.getByRole('button', { name: p.devicesReady });
      await ready.waitFor();
      await expect.poll(() => ready.isEnabled(), { timeout: 15_000 }).toBe(true);
      await holds('device check');
      expect(await axeFindings(page), 'right-to-left device check').toEqual([]);
      // The row's primary action comes first, at the inline start (the right), Finish later after it
      // (beside it, or below when the row wraps), both flush with the right.
      const primary = (await ready.boundingBox())!;
      const later = (await page.getByRole('button', { name: p.finishLater }).boundingBox())!;
      const rightEdge = (box: { x: number; width: number }) => box.x + box.width;
      expect(primary.y <= later.y && (primary.y < later.y || primary.x > later.x)).toBe(true);
      expect(rightEdge(primary)).toBeGreaterThan(PHONE.viewport.width - 60);
      if (primary.y < later.y) expect(Math.abs(rightEdge(primary) - rightEdge(later))).toBeLessThan(2);
      await ready.click();

      await page.getByRole('button', { name: p.startNow }).waitFor();
      await holds('video question');
      await page.getByRole('button', { name: p.startNow }).click();
      await page.getByRole('button', { name: p.stopRecording }).waitFor();
      await holds('recording');
      await page.getByRole('button', { name: p.stopRecording }).click();
      await page.getByRole('button', { name: p.submitAnswer }).click();

      await page.getByRole('heading', { name: TEXT_QUESTION.title }).waitFor();
      await page.getByRole('textbox').fill('Short.');
      await holds('text question');
    } finally {
      await context.close();
    }
  });
});
