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
    const live = row.getByRole('cell').nth(4);
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
});
