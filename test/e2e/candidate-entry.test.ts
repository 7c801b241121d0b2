import { describe, expect, it } from 'vitest';
import { PHONE, passDeviceCheck, startInvite } from './candidate-support.ts';
import { CHOICE_QUESTION, RecruiterApi, TEXT_QUESTION } from './recruiter-api.ts';
import { holdfastAndChromium } from './support.ts';

describe('candidate entry', () => {
  const running = holdfastAndChromium();

  it('a recruiter adds a candidate and copies the link; the candidate starts, closes the tab, comes back to the same session', async () => {
    const recruiter = await RecruiterApi.register(running.server.url, 'entry');
    const interview = await recruiter.fourQuestionInterview();
    const recruiterContext = await running.browser.newContext({ ...PHONE, baseURL: running.server.url });
    await recruiterContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: running.server.url });
    const dashboard = await recruiterContext.newPage();
    await dashboard.goto(`/dashboard/interviews/${interview.id}/sessions`);
    await dashboard.getByLabel('Email').fill(recruiter.email);
    await dashboard.getByLabel('Password').fill(RecruiterApi.PASSWORD);
    await dashboard.getByRole('button', { name: 'Log in' }).click();
    await dashboard.getByText('+ Add', { exact: true }).click();
    await dashboard.getByRole('button', { name: 'Create individually' }).click();
    const dialog = dashboard.getByRole('dialog', { name: 'Create individually' });
    await dialog.getByLabel('Name').fill('Cleo Candidate');
    await dialog.getByLabel('Email').fill('cleo@candidates.test');
    await dialog.getByRole('button', { name: 'Add candidate' }).click();
    await dialog.getByRole('button', { name: 'Copy invite link' }).click();
    await dialog.getByText('Copied').waitFor();
    const inviteUrl = await dashboard.evaluate(() => navigator.clipboard.readText());
    expect(inviteUrl).toMatch(new RegExp(`^${running.server.url}/i/[A-Za-z0-9_-]{22,}$`));
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dashboard.getByRole('row', { name: 'Session of Cleo Candidate' }).getByText('Not Started').waitFor();

    const candidateContext = await running.browser.newContext({ ...PHONE });
    const first = await candidateContext.newPage();
    await startInvite(first, inviteUrl);
    await passDeviceCheck(first);
    await first.getByText('Question 1 of 4').waitFor();
    const sessionIdOf = (page: typeof first) =>
      page.evaluate(
        () =>
          new Promise<string[]>((resolve) => {
            const open = indexedDB.open('holdfast');
            open.onsuccess = () => {
              const req = open.result.transaction('sessions').objectStore('sessions').getAllKeys();
              req.onsuccess = () => resolve(req.result as string[]);
            };
          }),
      );
    const [sessionId] = await sessionIdOf(first);
    await first.close();

    const again = await candidateContext.newPage();
    await again.goto(inviteUrl);
    // Straight back in: no start form, no code, the same session.
    await again.getByRole('heading', { name: 'Check your camera and microphone' }).or(again.getByText('Question 1 of 4')).first().waitFor();
    expect(await again.getByRole('button', { name: 'Start interview' }).count()).toBe(0);
    expect(await sessionIdOf(again)).toEqual([sessionId]);

    await dashboard.reload();
    const row = dashboard.getByRole('row', { name: 'Session of Cleo Candidate' });
    await row.getByText('In Progress').waitFor();
    expect(await dashboard.getByRole('row', { name: /^Session of / }).count()).toBe(1);
    expect(await recruiter.sessionStatus(interview.id, sessionId!)).toBe('in_progress');
    await candidateContext.close();
    await recruiterContext.close();
  });

  it('Finish later, then a new device with the emailed code lands on the next unanswered question', async () => {
    const recruiter = await RecruiterApi.register(running.server.url, 'later');
    const interview = await recruiter.interview([TEXT_QUESTION, CHOICE_QUESTION, { ...TEXT_QUESTION, title: 'Anything else?' }]);
    const email = 'lee@candidates.test';
    const { inviteUrl, sessionId } = await recruiter.addCandidate(interview.id, 'Lee Later', email);

    const phone = await running.browser.newContext({ ...PHONE });
    const page = await phone.newPage();
    await startInvite(page, inviteUrl);
    await page.getByText('Question 1 of 3').waitFor();
    await page.getByLabel('Your answer').fill('Because it is the work I like best.');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByText('Question 2 of 3').waitFor();
    await page.getByRole('button', { name: 'Finish later' }).click();
    await page.getByRole('heading', { name: 'Your answers are saved' }).waitFor();
    await page.getByText('All answers saved').waitFor();
    await phone.close();

    // A laptop that has never seen this interview: the email must be proven first.
    const laptop = await running.browser.newContext();
    const other = await laptop.newPage();
    await startInvite(other, inviteUrl);
    await other.getByRole('heading', { name: 'Check your email' }).waitFor();
    // A wrong code is refused and nothing opens.
    await other.getByLabel('Code').fill('000000');
    await other.getByRole('button', { name: 'Confirm code' }).click();
    await other.getByRole('alert').or(other.locator('.hf-banner--error')).first().waitFor();
    await other.getByLabel('Code').fill(await recruiter.mailedCode(email));
    await other.getByRole('button', { name: 'Confirm code' }).click();
    await other.getByText('Question 2 of 3').waitFor();
    expect(await other.getByText('Question 1 of 3').count()).toBe(0);
    await other.getByRole('radio', { name: 'Office' }).check();
    await other.getByRole('button', { name: 'Save and continue' }).click();
    await other.getByText('Question 3 of 3').waitFor();
    expect(await recruiter.sessionStatus(interview.id, sessionId)).toBe('in_progress');
    await laptop.close();
  });

  it('a submitted interview opened on a new device says so, with no consent, no start and no code', async () => {
    const recruiter = await RecruiterApi.register(running.server.url, 'submitted');
    const interview = await recruiter.interview([TEXT_QUESTION]);
    const { inviteUrl } = await recruiter.addCandidate(interview.id, 'Sol Submitted', 'sol@candidates.test');
    const phone = await running.browser.newContext({ ...PHONE });
    const page = await phone.newPage();
    await startInvite(page, inviteUrl);
    await page.getByLabel('Your answer').fill('All of it, gladly.');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    await page.getByText('Your interview is submitted. You can close this page.').waitFor({ timeout: 60_000 });
    await phone.close();

    const laptop = await running.browser.newContext();
    const other = await laptop.newPage();
    await other.goto(inviteUrl);
    await other.getByRole('heading', { name: 'This interview is already submitted' }).waitFor();
    expect(await other.getByRole('checkbox').count()).toBe(0);
    expect(await other.getByRole('button', { name: 'Start interview' }).count()).toBe(0);
    expect(await other.getByLabel('Code').count()).toBe(0);
    await laptop.close();
  });

  it("moves focus to each new step's heading, so a screen reader reads the next question", async () => {
    const recruiter = await RecruiterApi.register(running.server.url, 'focus');
    const interview = await recruiter.interview([TEXT_QUESTION, CHOICE_QUESTION]);
    const { inviteUrl } = await recruiter.addCandidate(interview.id, 'Fay Focus', 'fay@candidates.test');
    const phone = await running.browser.newContext({ ...PHONE });
    const page = await phone.newPage();
    const focused = () => page.evaluate(() => ({ tag: document.activeElement?.tagName, text: document.activeElement?.textContent }));
    await startInvite(page, inviteUrl);
    await page.getByRole('heading', { name: TEXT_QUESTION.title }).waitFor();
    await expect.poll(focused).toEqual({ tag: 'H1', text: TEXT_QUESTION.title });
    await page.getByLabel('Your answer').fill('Because it is the work I like best.');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('heading', { name: CHOICE_QUESTION.title }).waitFor();
    await expect.poll(focused).toEqual({ tag: 'H1', text: CHOICE_QUESTION.title });
    await page.getByRole('button', { name: 'Finish later' }).click();
    await page.getByRole('heading', { name: 'Your answers are saved' }).waitFor();
    await expect.poll(focused).toEqual({ tag: 'H1', text: 'Your answers are saved' });
    await page.getByRole('button', { name: 'Continue now' }).click();
    await page.getByRole('heading', { name: CHOICE_QUESTION.title }).waitFor();
    await expect.poll(focused).toEqual({ tag: 'H1', text: CHOICE_QUESTION.title });
    await phone.close();
  });

  it('announces the think-time countdown at its start and in its last seconds only', async () => {
    const recruiter = await RecruiterApi.register(running.server.url, 'countdown');
    const interview = await recruiter.interview([
      { type: 'video', title: 'Introduce yourself', prompt: 'Who are you?', maxAnswerSeconds: 30, thinkTimeSeconds: 6, attempts: 1, mayReviewTake: false },
    ]);
    const { inviteUrl } = await recruiter.addCandidate(interview.id, 'Cid Countdown', 'cid@candidates.test');
    const phone = await running.browser.newContext({ ...PHONE });
    const page = await phone.newPage();
    await startInvite(page, inviteUrl);
    await passDeviceCheck(page);
    const announced = page.getByRole('status').filter({ hasText: /^Recording starts in/ });
    await announced.waitFor();
    expect(await page.locator('p.hf-progress', { hasText: /^Recording starts in/ }).getAttribute('aria-live')).toBeNull();
    // Every text the live region takes while the visible countdown ticks down.
    await announced.evaluate((region) => {
      const heard = [region.textContent ?? ''];
      (window as unknown as { heard: string[] }).heard = heard;
      new MutationObserver(() => heard.push(region.textContent ?? '')).observe(region, { childList: true, characterData: true, subtree: true });
    });
    await page.getByRole('button', { name: 'Stop recording' }).waitFor({ timeout: 30_000 });
    const heard = new Set(await page.evaluate(() => (window as unknown as { heard: string[] }).heard));
    expect(heard.has('Recording starts in 6 seconds')).toBe(true);
    expect(heard.has('Recording starts in 2 seconds')).toBe(true);
    expect(heard.has('Recording starts in 5 seconds') || heard.has('Recording starts in 4 seconds')).toBe(false);
    await phone.close();
  });
});
