import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE } from './candidate-support.ts';
import { RecruiterApi, TEXT_QUESTION } from './recruiter-api.ts';
import { holdfastAndChromium } from './support.ts';

const running = holdfastAndChromium();

async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/dashboard/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Interviews', exact: true }).waitFor();
}

async function box(page: Page, selector: Parameters<Page['locator']>[0]) {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not visible`);
  return b;
}

describe('the dashboard on a phone', () => {
  it('keeps the top bar to one row, with the navigation behind a Menu button; the Outbox is linked from the dev banner', async () => {
    const context = await running.browser.newContext({ ...PHONE, baseURL: running.server.url });
    const page = await context.newPage();
    await logIn(page, 'demo@holdfast.test', 'holdfast-demo-password');

    const nav = page.getByRole('navigation', { name: 'Dashboard' });
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.isVisible()).toBe(false);
    // One row: the brand, the organization and the button side by side, the bar no taller than the button and its padding.
    const [brand, button, bar] = [await box(page, '.hf-brand'), await box(page, '.hf-dashbar__toggle'), await box(page, 'header')];
    expect(Math.abs(brand.y + brand.height / 2 - (button.y + button.height / 2))).toBeLessThan(4);
    expect(bar.height).toBeLessThan(button.height + 32);
    expect(button.x + button.width).toBeLessThanOrEqual(390);

    // The development-only outbox is not in the navigation, but one tap away in the dev banner.
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await nav.getByRole('link', { name: 'Question Bank' }).waitFor();
    expect(await nav.getByRole('link', { name: /outbox/i }).count()).toBe(0);
    // Escape closes it and gives focus back to the button.
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Menu');

    await menu.click();
    await nav.getByRole('link', { name: 'Question Bank' }).click();
    await page.getByRole('heading', { name: 'Question Bank' }).waitFor();
    // Following a link closes the menu.
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.isVisible()).toBe(false);

    await page.getByRole('link', { name: 'Mail outbox' }).click();
    await page.waitForURL(/\/dashboard\/outbox$/);
    await context.close();
  });

  it('on a laptop shows the navigation in the bar and no Menu button', async () => {
    const context = await running.browser.newContext({ baseURL: running.server.url, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await logIn(page, 'demo@holdfast.test', 'holdfast-demo-password');
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Members' }).click();
    await page.getByRole('heading', { name: 'Members' }).first().waitFor();
    expect((await box(page, 'header')).height).toBeLessThan(80);
    await context.close();
  });
});

describe('the Sessions tab', () => {
  async function tabWithCandidates(viewport: { width: number; height: number }, extra: object = {}) {
    const recruiter = await RecruiterApi.register(running.server.url, 'sessions');
    const interview = await recruiter.interview([TEXT_QUESTION]);
    for (const [name, email] of [
      ['Tomas Novak', 'tomas@candidates.test'],
      ['Ana Silva', 'ana@candidates.test'],
      ['Novella Reyes', 'reyes@candidates.test'],
    ] as const) {
      await recruiter.addCandidate(interview.id, name, email);
    }
    const context = await running.browser.newContext({ baseURL: running.server.url, viewport, ...extra });
    const page = await context.newPage();
    await logIn(page, recruiter.email, RecruiterApi.PASSWORD);
    await page.goto(`/dashboard/interviews/${interview.id}/sessions`);
    await page.getByRole('row', { name: 'Session of Tomas Novak' }).waitFor();
    return { context, page };
  }
  const sessionRows = (page: Page) => page.getByRole('row', { name: /^Session of / });
  const names = async (page: Page) => (await sessionRows(page).getByRole('link').allTextContents()).filter((t) => !/retake/.test(t)).sort();

  it('filters as you type, without Enter or a search button', async () => {
    const { context, page } = await tabWithCandidates({ width: 1280, height: 800 });
    expect(await sessionRows(page).count()).toBe(3);
    expect(await page.getByRole('button', { name: /^Search/ }).count()).toBe(0);

    await page.getByLabel('Search by name or email').pressSequentially('nov', { delay: 40 });
    await expect.poll(() => names(page)).toEqual(['Novella Reyes', 'Tomas Novak']);
    await page.getByLabel('Search by name or email').pressSequentially('ak', { delay: 40 });
    await expect.poll(() => names(page)).toEqual(['Tomas Novak']);
    await page.getByRole('status').filter({ hasText: 'matching “novak”' }).waitFor();
    await page.getByLabel('Search by name or email').fill('');
    await expect.poll(() => names(page)).toEqual(['Ana Silva', 'Novella Reyes', 'Tomas Novak']);
    await context.close();
  });

  it('opens a row’s actions as a menu and works it by keyboard alone', async () => {
    const { context, page } = await tabWithCandidates({ width: 1280, height: 800 });
    const button = page.getByRole('button', { name: 'Actions for Ana Silva' });
    expect(await button.getAttribute('aria-haspopup')).toBe('menu');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim());

    await button.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Actions for Ana Silva' });
    await menu.waitFor();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['Open session', 'Copy invite link', 'Retake', 'Delete…']);
    await expect.poll(focused).toBe('Open session');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('Copy invite link');
    await page.keyboard.press('End');
    await expect.poll(focused).toBe('Delete…');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('Open session');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('⋯Actions for Ana Silva');

    // ↑ opens it on the last item; Enter chooses it.
    await page.keyboard.press('ArrowUp');
    await expect.poll(focused).toBe('Delete…');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Delete session' });
    await dialog.getByLabel('Type “Ana Silva” to confirm').fill('Ana Silva');
    await dialog.getByRole('button', { name: 'Delete permanently' }).press('Enter');
    await page.getByRole('row', { name: 'Session of Ana Silva' }).waitFor({ state: 'detached' });
    expect(await sessionRows(page).count()).toBe(2);
    await context.close();
  });

  it('on a phone shows each session as a card that fits the screen, its actions one tap away', async () => {
    const { context, page } = await tabWithCandidates({ width: 390, height: 844 }, { deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const region = page.getByRole('region', { name: 'Sessions table' });
    // No sideways scrolling: every card is within the screen.
    expect(await region.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const card = page.getByRole('row', { name: 'Session of Tomas Novak' });
    const cardBox = await card.boundingBox();
    expect(cardBox!.x + cardBox!.width).toBeLessThanOrEqual(390);
    // Each value is named in the card, as the column header names it on a laptop.
    const progress = card.getByRole('cell').nth(3);
    expect(await progress.textContent()).toBe('0 / 1');
    expect(await progress.evaluate((el) => getComputedStyle(el, '::before').content)).toBe('"Progress: "');
    await card.getByRole('button', { name: 'Actions for Tomas Novak' }).tap();
    await page.getByRole('menuitem', { name: 'Open session' }).tap();
    await page.getByRole('heading', { name: 'Tomas Novak' }).waitFor();
    await context.close();
  });
});

describe('the interview overview', () => {
  it('draws its charts as small SVG with text alternatives: a summary for each and a table of the days', async () => {
    const recruiter = await RecruiterApi.register(running.server.url, 'overview');
    const interview = await recruiter.interview([TEXT_QUESTION]);
    await recruiter.addCandidate(interview.id, 'Oona Overview', 'oona@candidates.test');
    await recruiter.addCandidate(interview.id, 'Otto Overview', 'otto@candidates.test');
    const context = await running.browser.newContext({ ...PHONE, baseURL: running.server.url });
    const page = await context.newPage();
    await logIn(page, recruiter.email, RecruiterApi.PASSWORD);
    await page.goto(`/dashboard/interviews/${interview.id}/sessions`);
    await page.getByRole('tab', { name: 'Overview' }).click();

    const figure = (term: string) =>
      page
        .locator('.hf-stats > div')
        .filter({ has: page.getByText(term, { exact: true }) })
        .locator('dd')
        .first();
    await expect.poll(() => figure('Sessions').textContent()).toBe('2');
    expect(await figure('Completion rate').textContent()).toBe('0%');
    expect(await figure('Median time to complete').textContent()).toBe('—');
    await page.getByRole('img', { name: 'Sessions by state over the last 14 days. Today: 2 Not Started.' }).waitFor();
    await page.getByRole('img', { name: 'No answers rated yet.' }).waitFor();

    await page.getByText('Show as a table').click();
    const table = page.getByRole('table', { name: 'Sessions by state at the end of each day' });
    expect(await table.getByRole('row').count()).toBe(15);
    expect(await table.getByRole('row').last().getByRole('cell').allTextContents()).toEqual(['2', '0', '0', '0', '0', '0']);

    await page.getByLabel('Period').selectOption('30');
    await page.getByRole('img', { name: /over the last 30 days/ }).waitFor();
    // Nothing on the page is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });
});
