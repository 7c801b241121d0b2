import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDeviceToken, PHONE, startInvite, through } from './candidate-support.ts';
import { CuttableProxy } from './proxy.ts';
import { RecruiterApi } from './recruiter-api.ts';
import { freePort, launchBrowser, startHoldfast, tempDir } from './support.ts';

/** The pad's text as the editor shows it: its lines, without the other person's cursor widgets. */
function editorText(page: Page): Promise<string> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.cm-content .cm-line'))
      .map((line) => {
        const copy = line.cloneNode(true) as HTMLElement;
        for (const widget of Array.from(copy.querySelectorAll('.cm-ySelectionCaret, .cm-widgetBuffer'))) widget.remove();
        return copy.textContent ?? '';
      })
      .join('\n'),
  );
}

/** Waits until both editors show the same text, holding every token; answers that text. */
async function converged(a: Page, b: Page, tokens: string[], timeout = 60_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let last: [string, string] = ['', ''];
  while (Date.now() < deadline) {
    last = [await editorText(a), await editorText(b)];
    if (last[0] === last[1] && tokens.every((t) => last[0].includes(t))) return last[0];
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `the pads did not converge:\n--- interviewer\n${last[0]}\n--- candidate\n${last[1]}\n--- missing: ${tokens.filter((t) => !last[0].includes(t) || !last[1].includes(t)).join(' ')}`,
  );
}

/** Types `text` where the editor's cursor is, a newline as inserted text (a phone's Enter may not make one). */
async function typeInto(page: Page, text: string): Promise<void> {
  for (const [i, part] of text.split('\n').entries()) {
    if (i > 0) await page.keyboard.insertText('\n');
    if (part) await page.keyboard.type(part);
  }
}

describe('live coding interview (pad)', () => {
  const persistTo = tempDir('pads-state');
  let server: Awaited<ReturnType<typeof startHoldfast>>;
  let port = 0;
  let browser: Browser;
  let proxy: CuttableProxy;
  beforeAll(async () => {
    port = await freePort();
    server = await startHoldfast(persistTo, port);
    browser = await launchBrowser();
    proxy = new CuttableProxy(await freePort(), port);
    await proxy.start();
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.cut();
    await server?.stop();
  });

  it('waiting room, Admit, both type with both cursors, a 30 s network cut, a server restart, private notes, End Interview and playback', async () => {
    const recruiter = await RecruiterApi.register(server.url, 'pads');
    const interviewerName = 'Recruiter pads';
    const waitingMessage = 'Grab a coffee: we start on the hour.';
    await recruiter.call('PATCH', '/api/pads/settings', { waitingRoom: true, waitingMessage });

    // The interviewer, on a laptop, creates the pad from the FizzBuzz question in the Pads view.
    const desk = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    const interviewer = await desk.newPage();
    await interviewer.goto('/dashboard/pads');
    await interviewer.getByLabel('Email').fill(recruiter.email);
    await interviewer.getByLabel('Password').fill(RecruiterApi.PASSWORD);
    await interviewer.getByRole('button', { name: 'Log in' }).click();
    await interviewer.getByRole('heading', { name: 'New pad' }).waitFor();
    await interviewer.getByLabel('Candidate name').fill('Cleo Candidate');
    await interviewer.getByLabel('Candidate email').fill('cleo@candidates.test');
    await interviewer.getByRole('option', { name: 'FizzBuzz' }).waitFor({ state: 'attached' });
    await interviewer.getByLabel('Start from').selectOption({ label: 'FizzBuzz' });
    await interviewer.getByLabel('Language').selectOption({ label: 'JavaScript' });
    await interviewer.getByRole('button', { name: 'Create pad' }).click();
    await interviewer.getByRole('heading', { name: 'Pad: Cleo Candidate' }).waitFor();
    const sessionId = interviewer.url().match(/\/dashboard\/pads\/([^/?#]+)/)?.[1] ?? '';
    const inviteUrl = await interviewer.getByLabel("Candidate's link").inputValue();
    expect(inviteUrl).toMatch(/\/i\/[A-Za-z0-9_-]+$/);
    await interviewer.getByText('The candidate has not opened their link yet.').waitFor();
    await interviewer.getByText('A pad ends by itself after 60 minutes with nobody connected.').waitFor();

    // The candidate, on a phone whose whole network goes through a proxy the test can cut.
    const phone = await browser.newContext({ ...PHONE, baseURL: proxy.url });
    const candidate = await phone.newPage();
    const candidateFrames: string[] = [];
    const candidateSockets: { url: string; closed: boolean }[] = [];
    candidate.on('websocket', (ws) => {
      const socket = { url: ws.url(), closed: false };
      candidateSockets.push(socket);
      ws.on('framereceived', (frame) => candidateFrames.push(typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('latin1')));
      ws.on('close', () => {
        socket.closed = true;
      });
    });
    await startInvite(candidate, through(inviteUrl, proxy.url));
    await candidate.getByRole('heading', { name: 'You are in the waiting room' }).waitFor();
    await candidate.getByText(waitingMessage).waitFor();
    expect(await candidate.locator('.cm-editor').count()).toBe(0);

    // The Pads view lists the pad as Waiting; the interviewer sees who waits and since when, and admits them.
    await expect
      .poll(async () => (await recruiter.call<{ pads: { sessionId: string; state: string }[] }>('GET', '/api/pads')).pads.find((p) => p.sessionId === sessionId)?.state)
      .toBe('waiting');
    await interviewer.getByText(/Cleo Candidate is waiting since/).waitFor();
    await interviewer.getByRole('button', { name: 'Admit' }).click();
    const candidateEditor = candidate.getByRole('textbox', { name: 'Code editor' });
    const interviewerEditor = interviewer.getByRole('textbox', { name: 'Code editor' });
    await candidateEditor.waitFor();
    await candidate.getByText('for (let i = 1; i <= n; i++) {').waitFor();

    // Both type: the candidate at the top, the interviewer at the bottom.
    await candidateEditor.click();
    await candidate.keyboard.press('Control+Home');
    await typeInto(candidate, '// candidate: hello\n');
    // Back to the end of the comment line: what the candidate types next stays in the comment.
    await candidate.keyboard.press('ArrowLeft');
    await interviewerEditor.click();
    await interviewer.keyboard.press('Control+End');
    await typeInto(interviewer, "\nconsole.log('ran', n);\n// interviewer: hi Cleo");
    await converged(interviewer, candidate, ['// candidate: hello', "console.log('ran', n);", '// interviewer: hi Cleo']);
    // Each sees the other's cursor with their name.
    await interviewer.locator('.cm-ySelectionInfo', { hasText: 'Cleo Candidate' }).waitFor({ state: 'attached' });
    await candidate.locator('.cm-ySelectionInfo', { hasText: interviewerName }).waitFor({ state: 'attached' });

    // Run: the interviewer runs the pad in their browser's sandbox; both see the output.
    await interviewer.getByLabel('Input (stdin)').fill('3');
    await interviewer.getByRole('button', { name: 'Run', exact: true }).click();
    await interviewer.getByText('Run by Recruiter pads').waitFor({ timeout: 60_000 });
    await candidate.getByText('Run by Recruiter pads').waitFor();
    // Whatever it printed (the starter's `input.trim()` may fail in the sandbox), both see the same.
    const ranHere = interviewer.getByRole('region', { name: 'Run by Recruiter pads' });
    const ranThere = candidate.getByRole('region', { name: 'Run by Recruiter pads' });
    await ranThere.waitFor();
    expect(await ranThere.getByRole('figure').allTextContents()).toEqual(await ranHere.getByRole('figure').allTextContents());

    // Private notes: typed beside the pad, never on the candidate's socket.
    const secret = `NOTE-${crypto.randomUUID()}`;
    await interviewer.getByLabel('Interviewer notes (never shown to the candidate)').fill(`Good start. ${secret}`);
    await interviewerEditor.click();
    await interviewer.keyboard.press('Control+End');

    // The candidate's network is cut for 30 s while both keep typing.
    const tokens: string[] = [];
    await proxy.cut();
    await candidate.getByText('Offline — your edits are kept on this device and will merge when you reconnect').waitFor();
    const cutUntil = Date.now() + 30_000;
    for (let i = 0; Date.now() < cutUntil; i++) {
      tokens.push(`c${i}x`, `i${i}y`);
      await typeInto(candidate, ` c${i}x`);
      await typeInto(interviewer, ` i${i}y`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await proxy.start();
    await candidate.getByText('Connected — your edits are shared live').waitFor({ timeout: 60_000 });
    await converged(interviewer, candidate, tokens);

    // The server restarts mid-interview; both keep typing; both reconnect by themselves; nothing is lost.
    await server.stop();
    tokens.push('during-restart-c', 'during-restart-i');
    await typeInto(candidate, ' during-restart-c');
    await typeInto(interviewer, ' during-restart-i');
    server = await startHoldfast(persistTo, port);
    await candidate.getByText('Connected — your edits are shared live').waitFor({ timeout: 60_000 });
    await interviewer
      .getByRole('status', { name: 'Connection status' })
      .getByText(/^Connected/)
      .waitFor({ timeout: 60_000 });
    tokens.push('after-restart-c', 'after-restart-i');
    await typeInto(candidate, ' after-restart-c');
    await typeInto(interviewer, ' after-restart-i');
    const finalText = await converged(interviewer, candidate, ['// candidate: hello', '// interviewer: hi Cleo', ...tokens]);
    // The notes survived the restart too, and reached only the interviewer.
    await interviewer.reload();
    await expect.poll(() => interviewer.getByLabel('Interviewer notes (never shown to the candidate)').inputValue(), { timeout: 30_000 }).toContain(secret);

    // End Interview, confirmed: the candidate's socket closes, their link says it ended, their API answers 404.
    await interviewer.getByRole('button', { name: 'End Interview' }).click();
    await interviewer.getByRole('button', { name: 'Yes, end the interview' }).click();
    await interviewer.getByRole('heading', { name: 'Pad playback' }).waitFor();
    await candidate.getByRole('heading', { name: 'This interview has ended' }).waitFor();
    const padSockets = candidateSockets.filter((s) => s.url.includes('/api/candidate/pad/socket'));
    expect(padSockets.length).toBeGreaterThan(0);
    await expect.poll(() => padSockets.every((s) => s.closed)).toBe(true);
    const token = await localDeviceToken(candidate);
    for (const path of ['/api/candidate/pad', '/api/candidate/session']) {
      const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, path).toBe(404);
    }
    await candidate.goto(through(inviteUrl, proxy.url));
    await candidate.getByRole('heading', { name: 'This interview has ended' }).waitFor();

    // Playback ends on the final document, byte for byte.
    const shown = interviewer.getByRole('region', { name: 'Pad at this moment' }).locator('pre');
    await interviewer.getByRole('button', { name: 'End', exact: true }).click();
    expect(await shown.textContent()).toBe(finalText);
    const history = await recruiter.call<{ finalText: string; updates: unknown[] }>('GET', `/api/sessions/${sessionId}/pad/history`);
    expect(history.finalText).toBe(finalText);
    await interviewer.getByRole('button', { name: 'Start', exact: true }).click();
    expect(await shown.textContent()).toBe('');
    // The same player as a code answer's: its timeline's end is the final document too.
    const player = interviewer.getByRole('region', { name: 'Playback of “the pad”' });
    await player.getByRole('slider', { name: 'Playback position' }).focus();
    await interviewer.keyboard.press('End');
    await expect.poll(() => player.locator('figure pre').textContent()).toBe(finalText);

    // The Pads view says Ended.
    await interviewer.getByRole('link', { name: 'All pads' }).click();
    await interviewer.getByRole('row', { name: 'Pad of Cleo Candidate' }).getByText('Ended').waitFor();

    // Not one frame the candidate's socket received carried the notes.
    expect(candidateFrames.length).toBeGreaterThan(10);
    expect(candidateFrames.filter((f) => f.includes(secret))).toEqual([]);
    await phone.close();
    await desk.close();
  }, 360_000);
});
