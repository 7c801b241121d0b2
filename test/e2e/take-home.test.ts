import { expect, it } from 'vitest';
import { PHONE } from './candidate-support.ts';
import { RecruiterApi } from './recruiter-api.ts';
import { freePort, launchPersistent, startHoldfast, tempDir } from './support.ts';

const PYTHON = 'a, b = map(int, input().split())\nprint(a + b)\n';
const TYPESCRIPT = "const name: string = require('fs').readFileSync(0, 'utf8').trim();\nconsole.log('Hello, ' + name + '!');\n";

/**
 * Replaces the editor's content as a phone keyboard would type it. The text goes in as one
 * insertText: on a phone a typed Enter may insert no newline, and an insertText('\n') after text
 * puts two in Chromium's contenteditable; the whole text at once inserts exactly what it says.
 */
async function typeCode(page: import('playwright-core').Page, label: string, code: string): Promise<void> {
  const editor = page.getByRole('textbox', { name: label });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

/** The editor's text as CodeMirror shows it, line by line. */
async function editorText(page: import('playwright-core').Page, label: string): Promise<string> {
  return page.getByRole('textbox', { name: label }).evaluate((el) => Array.from(el.querySelectorAll('.cm-line'), (line) => line.textContent ?? '').join('\n'));
}

// Issue 11, acceptance 1. Two server starts and Pyodide's first start offline: longer than the default.
it('a take-home written offline on a phone survives closing the browser and is submitted when the server is back', async () => {
  const persistTo = tempDir('take-home-state');
  const port = await freePort();
  let server = await startHoldfast(persistTo, port);
  const profile = tempDir('take-home-profile');
  let context: import('playwright-core').BrowserContext | undefined;
  try {
    const recruiter = await RecruiterApi.register(server.url, 'take-home');
    const python = await recruiter.question({
      type: 'code',
      title: 'Sum two numbers',
      prompt: 'Read two integers from one line and print their sum.',
      language: 'python',
      starterCode: '# your code here\n',
      tests: [
        { id: 'small', name: 'Small numbers', input: '1 2', expectedOutput: '3', hidden: false },
        { id: 'large', name: 'Large numbers', input: '1000000 2000000', expectedOutput: '3000000', hidden: true },
      ],
    });
    const typescript = await recruiter.question({
      type: 'code',
      title: 'Greet',
      prompt: 'Read a name and greet it.',
      language: 'typescript',
      starterCode: '',
      tests: [{ id: 'ada', name: 'Greets Ada', input: 'Ada', expectedOutput: 'Hello, Ada!', hidden: false }],
    });
    const { interview } = await recruiter.call<{ interview: { id: string } }>('POST', '/api/interviews', {
      name: 'Backend take-home',
      format: 'take_home',
      intro: 'Two small programs.',
      closing: 'Thanks!',
      deadlineHours: 3,
      questionIds: [python, typescript],
    });
    const { inviteUrl, sessionId } = await recruiter.addCandidate(interview.id, 'Tia Takehome', 'tia@candidates.test');

    context = await launchPersistent(profile, { ...PHONE });
    const page = await context.newPage();
    await page.goto(inviteUrl);
    await page.getByRole('checkbox', { name: /I agree/ }).check();
    await page.getByRole('button', { name: 'Start interview' }).click();
    // The device check fetches Pyodide into this device's cache and says how large it is.
    await page.getByRole('heading', { name: 'Getting your device ready' }).waitFor();
    await page.getByText(/^Python is ready \(\d+\.\d MB\), offline too\.$/).waitFor({ timeout: 90_000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    await server.stop();
    await page.getByRole('button', { name: 'Start the take-home' }).click();

    await page.getByRole('heading', { name: 'Sum two numbers' }).waitFor();
    expect(await editorText(page, 'Your code for Sum two numbers')).toBe('# your code here\n');
    await typeCode(page, 'Your code for Sum two numbers', PYTHON);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('region', { name: 'Run output' }).getByText('3', { exact: true }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Run tests' }).click();
    await page.getByText('1 of 1 tests passed').waitFor({ timeout: 60_000 });
    expect(await page.getByRole('listitem', { name: 'Small numbers: passed' }).isVisible()).toBe(true);

    await page.getByRole('button', { name: '2. Greet' }).click();
    await page.getByRole('heading', { name: 'Greet' }).waitFor();
    await typeCode(page, 'Your code for Greet', TYPESCRIPT);
    await page.getByRole('button', { name: 'Run tests' }).click();
    await page.getByText('1 of 1 tests passed').waitFor({ timeout: 60_000 });
    // Moving between questions freely: the Python code is still there.
    await page.getByRole('button', { name: '1. Sum two numbers' }).click();
    await page.getByRole('heading', { name: 'Sum two numbers' }).waitFor();
    expect(await editorText(page, 'Your code for Sum two numbers')).toBe(PYTHON);
    await context.close();
    context = undefined;

    // Relaunched with the server still down: the code is there, from the device alone.
    context = await launchPersistent(profile, { ...PHONE });
    const again = await context.newPage();
    await again.goto(inviteUrl);
    await again.getByRole('heading', { name: 'Sum two numbers' }).waitFor({ timeout: 60_000 });
    expect(await editorText(again, 'Your code for Sum two numbers')).toBe(PYTHON);
    await again.getByRole('button', { name: '2. Greet' }).click();
    await again.getByRole('heading', { name: 'Greet' }).waitFor();
    expect(await editorText(again, 'Your code for Greet')).toBe(TYPESCRIPT);
    expect(await again.getByText('Work reaching us after the deadline is not included.').first().isVisible()).toBe(true);

    server = await startHoldfast(persistTo, port);
    await again.getByRole('button', { name: 'Submit Take-Home' }).click();
    const dialog = again.getByRole('dialog', { name: 'Submit your take-home?' });
    await dialog.getByRole('button', { name: 'Yes, submit' }).click();
    await again.getByText('Your interview is submitted. You can close this page.').waitFor({ timeout: 90_000 });

    expect(await recruiter.sessionStatus(interview.id, sessionId)).toBe('ready_for_review');
    const review = JSON.stringify(await recruiter.call('GET', `/api/sessions/${sessionId}`));
    expect(review).toContain(JSON.stringify(PYTHON).slice(1, -1));
    expect(review).toContain(JSON.stringify(TYPESCRIPT).slice(1, -1));
  } finally {
    await context?.close().catch(() => undefined);
    await server.stop();
  }
}, 300_000);
