import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { PHONE, startInvite } from './candidate-support.ts';
import { CuttableProxy } from './proxy.ts';
import { RecruiterApi, reviewerDashboard } from './recruiter-api.ts';
import { freePort, holdfastAndChromium } from './support.ts';

describe('live status on the Sessions tab', () => {
  const running = holdfastAndChromium();
  let proxy: CuttableProxy | undefined;
  afterAll(async () => {
    await proxy?.cut();
  });

  it("follows the candidate's current question and shows them offline when their network is cut, without a reload", async () => {
    const recruiter = await RecruiterApi.register(running.server.url, 'live');
    const questionIds: string[] = [];
    for (const title of ['First thoughts', 'Second thoughts', 'Last thoughts']) {
      questionIds.push(await recruiter.question({ type: 'text', title, prompt: 'A sentence or two.', wordLimit: null }));
    }
    const { interview } = await recruiter.call<{ interview: { id: string } }>('POST', '/api/interviews', {
      name: 'Live watch',
      format: 'one_way',
      intro: 'Hi.',
      closing: 'Bye.',
      questionIds,
    });
    const { inviteUrl } = await recruiter.addCandidate(interview.id, 'Lena Live', 'lena@candidates.test');

    // A reviewer, invited by the recruiter, watches from a laptop.
    const { context: dashboard, page: tab } = await reviewerDashboard(running.browser, running.server.url, recruiter, 'Wes Watcher');
    await tab.goto(`/dashboard/interviews/${interview.id}/sessions`);
    const row = tab.getByRole('row', { name: 'Session of Lena Live' });
    const live = row.locator('td[data-column="live"]');
    await row.getByText('Not Started').waitFor();
    // A page that reloads loses this mark.
    await tab.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    // The candidate's whole network goes through a proxy the test can cut.
    proxy = new CuttableProxy(await freePort(), running.server.port);
    await proxy.start();
    const candidate = await running.browser.newContext({ ...PHONE, baseURL: proxy.url });
    const phone = await candidate.newPage();
    await startInvite(phone, inviteUrl.replace(running.server.url, proxy.url));
    await phone.getByText('Question 1 of 3').waitFor();
    // The open tab follows: the row goes In Progress and shows where the candidate is.
    await row.getByText('In Progress').waitFor({ timeout: 60_000 });
    await live.getByText('Question 1 of 3').waitFor();
    await live.getByText('online').waitFor();

    await phone.getByLabel('Your answer').fill('Keen to start.');
    await phone.getByRole('button', { name: 'Save and continue' }).click();
    await phone.getByText('Question 2 of 3').waitFor();
    await live.getByText('Question 2 of 3').waitFor();

    await proxy.cut();
    await live.getByText(/^offline since /).waitFor({ timeout: 60_000 });
    expect(await live.getByText('Question 2 of 3').count()).toBe(1);
    await expect(tab.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).resolves.toBe(true);

    // Back online, the candidate's device reconnects by itself and the tab says so.
    await proxy.start();
    await live.getByText('online', { exact: true }).waitFor({ timeout: 60_000 });
    await expect(tab.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).resolves.toBe(true);
    await candidate.close();
    await dashboard.close();
  });

  it('says where a candidate who chose Finish later stopped, follows Progress live, and gives quota back on a delete without a reload', async () => {
    const recruiter = await RecruiterApi.register(running.server.url, 'paused');
    const interview = await recruiter.interview(['First', 'Second', 'Third'].map((title) => ({ type: 'text', title, prompt: 'A sentence.', wordLimit: null })));
    const owner = await running.browser.newContext({ baseURL: running.server.url, viewport: { width: 1280, height: 900 } });
    const tab = await owner.newPage();
    await tab.goto(`/dashboard/interviews/${interview.id}/sessions`);
    await tab.getByLabel('Email').fill(recruiter.email);
    await tab.getByLabel('Password').fill(RecruiterApi.PASSWORD);
    await tab.getByRole('button', { name: 'Log in' }).click();

    // Even empty, the table's scroll container is reachable by keyboard.
    const region = tab.getByRole('region', { name: 'Sessions table' });
    await region.getByText('No sessions yet').waitFor();
    await region.focus();
    await expect.poll(() => tab.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Sessions table');

    const { inviteUrl } = await recruiter.addCandidate(interview.id, 'Pia Paused', 'pia@candidates.test');
    await tab.reload();
    const row = tab.getByRole('row', { name: 'Session of Pia Paused' });
    const progress = row.locator('td[data-column="progress"]');
    const live = row.locator('td[data-column="live"]');
    await row.getByText('Not Started').waitFor();
    await tab.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const used = () => quotaUsed(tab);
    const usedBefore = await used();

    const phone = await (await running.browser.newContext({ ...PHONE })).newPage();
    await startInvite(phone, inviteUrl);
    for (const [n, answer] of ['Keen to start.', 'Still here.'].entries()) {
      await phone.getByText(`Question ${n + 1} of 3`).waitFor();
      await phone.getByLabel('Your answer').fill(answer);
      await phone.getByRole('button', { name: 'Save and continue' }).click();
      await progress.getByText(`${n + 1} / 3`).waitFor({ timeout: 60_000 });
    }
    await phone.getByText('Question 3 of 3').waitFor();
    await live.getByText('Question 3 of 3').waitFor();
    await phone.getByRole('button', { name: 'Finish later' }).click();
    await phone.getByRole('heading', { name: 'Your answers are saved' }).waitFor();
    await live.getByText('paused').waitFor({ timeout: 60_000 });
    expect(await live.getByText('Question 3 of 3').count()).toBe(1);
    expect(await progress.textContent()).toBe('2 / 3');
    await phone.context().close();

    await row.getByRole('button', { name: 'Actions for Pia Paused' }).click();
    await tab.getByRole('menuitem', { name: 'Delete…' }).click();
    const dialog = tab.getByRole('dialog', { name: 'Delete session' });
    await dialog.getByLabel('Type “Pia Paused” to confirm').fill('Pia Paused');
    await dialog.getByRole('button', { name: 'Delete permanently' }).click();
    await row.waitFor({ state: 'detached' });
    await expect.poll(used).toBe(usedBefore - 1);
    await expect(tab.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).resolves.toBe(true);
    await owner.close();
  });
});

/** Sessions used, as the quota meter on the Sessions tab shows it. */
function quotaUsed(page: Page): Promise<number> {
  return page.getByLabel('Sessions used').evaluate((meter) => (meter as HTMLMeterElement).value);
}
