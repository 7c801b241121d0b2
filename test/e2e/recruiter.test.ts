import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { holdfastAndChromium } from './support.ts';

/** Fills the per-type fields of a new question in the Question Bank editor and creates it. */
async function createQuestion(page: Page, type: string, title: string, fill: (page: Page) => Promise<void> = async () => {}) {
  await page.getByLabel('New question type').selectOption(type);
  await page.getByRole('button', { name: 'New question' }).click();
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Question text').fill(`Prompt of ${title}`);
  await fill(page);
  await page.getByRole('button', { name: 'Create question' }).click();
  await page.getByRole('list', { name: 'Questions' }).getByText(title, { exact: true }).waitFor();
}

describe('the recruiter dashboard', () => {
  const running = holdfastAndChromium();

  it('signs up, builds questions of every type and an interview, shares it, and brings in a member', async () => {
    const context = await running.browser.newContext({ baseURL: running.server.url });
    const page = await context.newPage();
    await page.goto('/dashboard/signup');
    await page.getByLabel('Organization name').fill('Acme Hiring');
    await page.getByLabel('Your name').fill('Olivia Owner');
    await page.getByLabel('Email').fill('olivia@acme.test');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Interviews', exact: true }).waitFor();

    await page.getByRole('link', { name: 'Question Bank' }).click();
    await createQuestion(page, 'video', 'Tell us about yourself');
    await createQuestion(page, 'audio', 'Describe a hard bug');
    await createQuestion(page, 'text', 'Why this role?');
    await createQuestion(page, 'choice', 'Pick the prime', async (p) => {
      await p.getByLabel('Option 1', { exact: true }).fill('4');
      await p.getByLabel('Option 2', { exact: true }).fill('7');
      await p.getByRole('checkbox', { name: 'Correct' }).nth(1).check();
      await p.getByLabel('Points for a correct answer').fill('2');
    });
    await createQuestion(page, 'scale', 'Work style', async (p) => {
      await p.getByLabel('Statement 1', { exact: true }).fill('I finish what I start.');
      await p.getByLabel('Trait of statement 1').fill('conscientiousness');
    });
    await createQuestion(page, 'code', 'FizzBuzz', async (p) => {
      await p.getByRole('button', { name: 'Add test' }).click();
      await p.getByLabel('Test 1 name').fill('three');
      await p.getByLabel('Test 1 input').fill('3');
      await p.getByLabel('Test 1 expected output').fill('Fizz');
    });
    // An invalid question is refused with the field named, and nothing is created.
    await page.getByLabel('New question type').selectOption('text');
    await page.getByRole('button', { name: 'New question' }).click();
    await page.getByRole('button', { name: 'Create question' }).click();
    await page.locator('#q-title-error').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();

    // The Examples tab shows shipped questions that can only be copied.
    await page.getByRole('tab', { name: 'Examples' }).click();
    const copyButtons = page.getByRole('button', { name: /^Copy to My Content: “.*”$/ });
    await copyButtons.first().waitFor();
    // WCAG 2.5.3 (label in name): each button's accessible name contains the text it shows.
    for (const button of await page.getByRole('button').filter({ hasText: 'Copy to My Content' }).all()) {
      expect(await button.getAttribute('aria-label')).toContain((await button.textContent())?.trim() ?? '');
    }
    expect(await page.getByRole('button', { name: /^Edit “/ }).count()).toBe(0);

    await page.getByRole('link', { name: 'Interviews' }).click();
    await page.getByLabel('Interview name').fill('Support engineer');
    await page.getByRole('button', { name: 'Create interview' }).click();
    await page.getByRole('form', { name: 'Interview builder' }).waitFor();
    for (const title of ['Tell us about yourself', 'Describe a hard bug', 'Why this role?', 'Pick the prime']) {
      await page.getByRole('button', { name: `Add “${title}”` }).click();
    }
    // Reorder by keyboard: the choice question moves up one place.
    await page.getByRole('button', { name: 'Move “Pick the prime” up' }).press('Enter');
    await page.getByLabel('Intro message').fill('Four short questions.');
    await page.getByRole('button', { name: 'Save interview' }).click();
    await page.getByText('version 2').waitFor();
    const order = await page.getByRole('list', { name: 'Questions in this interview' }).getByRole('listitem').allInnerTexts();
    expect(order.map((t) => t.split('\n')[1] ?? t)).toHaveLength(4);
    expect(order[2]).toContain('Pick the prime');
    expect(order[3]).toContain('Why this role?');

    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('switch', { name: 'Shareable Link' }).check();
    const publicLink = page.getByLabel('Public link');
    await publicLink.waitFor();
    expect(await publicLink.inputValue()).toMatch(new RegExp(`^${running.server.url}/i/[A-Za-z0-9_-]{22,}$`));

    // Invite a member; they accept from the dev outbox and land in the dashboard.
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByLabel('Email').fill('rita@acme.test');
    await page.getByLabel('Role').selectOption('reviewer');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Pending invitations').waitFor();
    await page.getByRole('link', { name: 'Outbox' }).click();
    const mail = page.getByRole('article', { name: /Mail to rita@acme\.test/ });
    const acceptUrl = await mail.getByRole('link').first().getAttribute('href');
    expect(acceptUrl).toContain('/accept-invite#token=');

    const invitee = await running.browser.newContext({ baseURL: running.server.url });
    const ritaPage = await invitee.newPage();
    await ritaPage.goto(acceptUrl!);
    await ritaPage.getByText('as reviewer').waitFor();
    await ritaPage.getByLabel('Your name').fill('Rita Reviewer');
    await ritaPage.getByLabel('Choose a password').fill('another long password');
    await ritaPage.getByRole('button', { name: 'Accept invitation' }).click();
    await ritaPage.getByRole('heading', { name: 'Interviews', exact: true }).waitFor();
    await ritaPage.getByRole('button', { name: 'Log out' }).click();
    await ritaPage.getByRole('heading', { name: 'Log in' }).waitFor();
    await ritaPage.getByLabel('Email').fill('rita@acme.test');
    await ritaPage.getByLabel('Password').fill('another long password');
    await ritaPage.getByRole('button', { name: 'Log in' }).click();
    await ritaPage.getByText('Rita Reviewer').waitFor();
    // A reviewer may look but not build.
    expect(await ritaPage.getByRole('button', { name: 'Create interview' }).count()).toBe(0);
    await invitee.close();
    await context.close();
  });
});
