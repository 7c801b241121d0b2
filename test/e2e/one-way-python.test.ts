import { expect, it } from 'vitest';
import { PHONE } from './candidate-support.ts';
import { RecruiterApi } from './recruiter-api.ts';
import { freePort, launchPersistent, startHoldfast, tempDir } from './support.ts';

// Issue 11: "Pyodide only for interviews that contain Python, fetched during the device check so
// the candidate is told before starting" — a one-way interview too, not only a take-home.
it('a one-way interview with a Python question prepares Python before the first question, then runs it with the server gone', async () => {
  const persistTo = tempDir('one-way-python-state');
  const server = await startHoldfast(persistTo, await freePort());
  let context: import('playwright-core').BrowserContext | undefined;
  try {
    const recruiter = await RecruiterApi.register(server.url, 'one-way-python');
    const python = await recruiter.question({
      type: 'code',
      title: 'Echo',
      prompt: 'Print the line you read.',
      language: 'python',
      starterCode: 'print(input())\n',
      tests: [{ id: 'hi', name: 'Says hi', input: 'hi', expectedOutput: 'hi', hidden: false }],
    });
    const { interview } = await recruiter.call<{ interview: { id: string } }>('POST', '/api/interviews', {
      name: 'Python screen',
      format: 'one_way',
      questionIds: [python],
    });
    const { inviteUrl } = await recruiter.addCandidate(interview.id, 'Pia Python', 'pia@candidates.test');

    context = await launchPersistent(tempDir('one-way-python-profile'), { ...PHONE });
    const page = await context.newPage();
    await page.goto(inviteUrl);
    await page.getByRole('checkbox', { name: /I agree/ }).check();
    await page.getByRole('button', { name: 'Start interview' }).click();
    await page.getByRole('heading', { name: 'Getting your device ready' }).waitFor();
    await page.getByText(/^Python is ready \(\d+\.\d MB\), offline too\.$/).waitFor({ timeout: 90_000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // No question before Python is ready: the candidate is told first.
    expect(await page.getByRole('heading', { name: 'Echo' }).count()).toBe(0);

    await server.stop();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Echo' }).waitFor();
    await page.getByRole('button', { name: 'Run tests' }).click();
    await page.getByText('1 of 1 tests passed').waitFor({ timeout: 60_000 });
  } finally {
    await context?.close();
    await server.stop();
  }
});
