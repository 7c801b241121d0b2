import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADA_RESUME, buildResumePdf, GRACE_RESUME, type ResumeFixture } from '../fixtures/imports/resumes.ts';
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

  it('keeps a row’s menu open in a table that scrolls sideways, and closes it when the table is scrolled', async () => {
    // Narrow enough for the table to scroll sideways, wide enough to stay a table.
    const { context, page } = await tabWithCandidates({ width: 800, height: 800 });
    const region = page.getByRole('region', { name: 'Sessions table' });
    expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await page.getByRole('button', { name: 'Actions for Ana Silva' }).click();
    // Opening it on its first item scrolls nothing, so it stays open to be used.
    await page.getByRole('menuitem', { name: 'Delete…' }).click({ timeout: 5_000 });
    const dialog = page.getByRole('dialog', { name: 'Delete session' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Actions for Tomas Novak' }).click();
    const menu = page.getByRole('menu', { name: 'Actions for Tomas Novak' });
    await menu.waitFor();
    // Scrolling the table moves the button from under the menu: the menu closes.
    await region.evaluate((el) => el.scrollBy({ left: -200 }));
    await menu.waitFor({ state: 'detached' });
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
    const progress = card.locator('td[data-column="progress"]');
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

describe('adding candidates', () => {
  async function sessionsTab(label: string) {
    const recruiter = await RecruiterApi.register(running.server.url, label);
    const interview = await recruiter.interview([TEXT_QUESTION]);
    const context = await running.browser.newContext({ baseURL: running.server.url, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await logIn(page, recruiter.email, RecruiterApi.PASSWORD);
    await page.goto(`/dashboard/interviews/${interview.id}/sessions`);
    await page.getByText('No sessions yet').waitFor();
    return { recruiter, interview, context, page };
  }
  const pdf = async (name: string, fixture: ResumeFixture) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from(await buildResumePdf(fixture)) });

  it('fills the form from a resume for review before creating, then starts over with the invite link on top', async () => {
    const { recruiter, interview, context, page } = await sessionsTab('add-one');
    await page.getByText('+ Add', { exact: true }).click();
    await page.getByRole('button', { name: 'Create individually' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create individually' });
    // The menu closed as its dialog opened.
    expect(await page.locator('details.hf-menu').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);

    // A typed email wins over the resume's; the empty fields are filled for review, and nothing is created yet.
    await dialog.getByLabel('Email').fill('ada@work.test');
    await dialog.getByLabel(/^Resume/).setInputFiles(await pdf('ada.pdf', ADA_RESUME));
    await dialog.getByText(/^Filled from ada\.pdf: Name, Phone/).waitFor();
    expect(await dialog.getByLabel('Name').inputValue()).toBe('Ada Lovelace');
    expect(await dialog.getByLabel('Phone').inputValue()).toBe('+44 20 7946 0958');
    expect(await dialog.getByLabel('Email').inputValue()).toBe('ada@work.test');
    expect(await recruiter.call<{ sessions: unknown[] }>('GET', `/api/interviews/${interview.id}/sessions`)).toMatchObject({ sessions: [] });

    // The recruiter corrects a field, then creates.
    await dialog.getByLabel('Name').fill('Ada King Lovelace');
    await dialog.getByRole('button', { name: 'Add candidate' }).click();
    const added = dialog.getByRole('status').filter({ hasText: 'Candidate added' });
    await added.waitFor();
    const link = await dialog.getByLabel('Invite link').inputValue();
    expect(link).toMatch(/\/i\/[A-Za-z0-9_-]{22,}$/);
    // The link is at the top of the dialog, above the form, whose fields are empty again.
    const [linkBox, resumeBox] = [await dialog.getByLabel('Invite link').boundingBox(), await dialog.getByLabel(/^Resume/).boundingBox()];
    expect(linkBox!.y).toBeLessThan(resumeBox!.y);
    for (const label of ['Name', 'Email', 'Phone', 'School', 'Work experience']) expect(await dialog.getByLabel(label).inputValue()).toBe('');
    expect(await dialog.getByLabel(/^Resume/).inputValue()).toBe('');

    const { sessions } = await recruiter.call<{ sessions: { candidate: { name: string; email: string } }[] }>('GET', `/api/interviews/${interview.id}/sessions`);
    expect(sessions.map((s) => s.candidate)).toMatchObject([{ name: 'Ada King Lovelace', email: 'ada@work.test' }]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('row', { name: 'Session of Ada King Lovelace' }).waitFor();
    await context.close();
  });

  it('imports a batch of resumes under field labels, reporting an unreadable one while the others go on', async () => {
    const { context, page } = await sessionsTab('add-batch');
    await page.getByText('+ Add', { exact: true }).click();
    await page.getByRole('button', { name: 'Import by resumes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import by resumes' });
    await dialog
      .getByLabel('Resumes (PDF)')
      .setInputFiles([
        await pdf('ada.pdf', ADA_RESUME),
        { name: 'broken.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') },
        await pdf('grace.pdf', GRACE_RESUME),
      ]);
    await dialog.getByRole('button', { name: 'Parse resumes' }).click();
    const table = dialog.getByRole('table', { name: 'Parsed resumes' });
    await table.waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['File', 'Name', 'Email', 'Phone', 'School', 'Work experience']);
    expect(await dialog.getByRole('list', { name: 'Resumes not read' }).textContent()).toContain('broken.pdf');
    expect(await table.getByLabel('Name from grace.pdf').inputValue()).toBe('Grace Hopper');
    await dialog.getByRole('button', { name: 'Create candidates' }).click();
    await dialog.getByText('2 imported, 0 already there, 0 with problems.').waitFor();
    await context.close();
  });
});
