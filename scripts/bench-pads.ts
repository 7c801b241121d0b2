/**
 * Pad figures, measured in two real Chromium pages against `wrangler dev` on this machine: the
 * keystroke-to-remote-display latency (wall clock from the keydown in one browser to the
 * character drawn in the other's editor, both read on the machine's one clock) and what the
 * session's object stores per minute of typing. Run by `npm run bench`.
 */
import type { Page } from 'playwright-core';
import { PHONE, startInvite } from '../test/e2e/candidate-support.ts';
import { RecruiterApi } from '../test/e2e/recruiter-api.ts';
import { launchBrowser, startHoldfast } from '../test/e2e/support.ts';

const KEYSTROKES = 60;
const TYPING_MS = 60_000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** Records the time of every keydown, and the time the editor's text (cursor widgets left out) last changed length. */
async function instrument(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { keydowns: number[]; lengths: { at: number; length: number }[] };
    w.keydowns = [];
    w.lengths = [];
    const textLength = () =>
      Array.from(document.querySelectorAll('.cm-content .cm-line')).reduce((n, line) => {
        const copy = line.cloneNode(true) as HTMLElement;
        for (const widget of Array.from(copy.querySelectorAll('.cm-ySelectionCaret, .cm-widgetBuffer'))) widget.remove();
        return n + (copy.textContent?.length ?? 0);
      }, 0);
    document.addEventListener('keydown', () => w.keydowns.push(Date.now()), true);
    const content = document.querySelector('.cm-content');
    if (!content) throw new Error('no editor on the page');
    new MutationObserver(() => {
      const length = textLength();
      if (w.lengths.at(-1)?.length !== length) w.lengths.push({ at: Date.now(), length });
    }).observe(content, { childList: true, subtree: true, characterData: true });
    w.lengths.push({ at: Date.now(), length: textLength() });
  });
}

/** One key at a time in `from`; each one's latency is its keydown to the moment `to` shows one more character. */
async function latencies(from: Page, to: Page): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const before = await to.evaluate(() => (window as unknown as { lengths: { length: number }[] }).lengths.at(-1)?.length ?? 0);
    await from.keyboard.press(String.fromCharCode(97 + (i % 26)));
    await to.waitForFunction((n) => ((window as unknown as { lengths: { length: number }[] }).lengths.at(-1)?.length ?? 0) > n, before, { polling: 'raf' });
    const sent = await from.evaluate(() => (window as unknown as { keydowns: number[] }).keydowns.at(-1) ?? 0);
    const shown = await to.evaluate((n) => (window as unknown as { lengths: { at: number; length: number }[] }).lengths.find((l) => l.length > n)?.at ?? 0, before);
    out.push(shown - sent);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return out;
}

export async function benchPads(): Promise<string[]> {
  const server = await startHoldfast();
  const browser = await launchBrowser();
  try {
    const recruiter = await RecruiterApi.register(server.url, 'bench-pads');
    await recruiter.call('PATCH', '/api/pads/settings', { waitingRoom: false });
    const { interview } = await recruiter.call<{ interview: { id: string } }>('POST', '/api/interviews', {
      name: 'Bench pad',
      format: 'live',
      intro: '',
      closing: '',
      questionIds: [],
    });
    const { inviteUrl, sessionId } = await recruiter.addCandidate(interview.id, 'Bench Candidate', `pad-${crypto.randomUUID().slice(0, 6)}@bench.test`);

    const desk = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    const interviewer = await desk.newPage();
    await interviewer.goto(`/dashboard/pads/${sessionId}`);
    await interviewer.getByLabel('Email').fill(recruiter.email);
    await interviewer.getByLabel('Password').fill(RecruiterApi.PASSWORD);
    await interviewer.getByRole('button', { name: 'Log in' }).click();
    const phone = await browser.newContext({ ...PHONE });
    const candidate = await phone.newPage();
    await startInvite(candidate, inviteUrl);
    const candidateEditor = candidate.getByRole('textbox', { name: 'Code editor' });
    const interviewerEditor = interviewer.getByRole('textbox', { name: 'Code editor' });
    await candidateEditor.waitFor();
    await interviewerEditor.waitFor();
    await instrument(interviewer);
    await instrument(candidate);

    await interviewerEditor.click();
    const toCandidate = await latencies(interviewer, candidate);
    await candidateEditor.click();
    await candidate.keyboard.press('Control+End');
    const toInterviewer = await latencies(candidate, interviewer);

    // A minute of steady typing (about 300 characters a minute, newlines included) by the interviewer.
    const before = await recruiter.call<{ updates: { update: string }[] }>('GET', `/api/sessions/${sessionId}/pad/history`);
    await interviewerEditor.click();
    await interviewer.keyboard.press('Control+End');
    const line = 'const total = items.reduce((sum, item) => sum + item.price, 0);';
    const started = Date.now();
    let typed = 0;
    while (Date.now() - started < TYPING_MS) {
      const ch = line[typed % line.length] ?? ' ';
      if (typed % line.length === line.length - 1) await interviewer.keyboard.insertText('\n');
      else await interviewer.keyboard.type(ch);
      typed++;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const minutes = (Date.now() - started) / 60_000;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = await recruiter.call<{ updates: { update: string }[] }>('GET', `/api/sessions/${sessionId}/pad/history`);
    const fresh = after.updates.slice(before.updates.length);
    const bytes = fresh.reduce((n, u) => n + atob(u.update).length, 0);
    // Each row also keeps its author and time: about 40 bytes beside the update.
    const rowBytes = bytes + fresh.reduce((n) => n + 40, 0);

    const figures = (name: string, values: number[]) =>
      `keystroke to remote display, ${name} (${values.length} keys, localhost): p50 ${percentile(values, 50)} ms, p95 ${percentile(values, 95)} ms, max ${Math.max(...values)} ms`;
    return [
      figures('interviewer → candidate', toCandidate),
      figures('candidate → interviewer', toInterviewer),
      `pad storage per minute of typing (${Math.round(typed / minutes)} characters/min, one update each): ${(bytes / minutes / 1024).toFixed(1)} KB of Yjs updates, about ${(rowBytes / minutes / 1024).toFixed(1)} KB with each row's author and time (${fresh.length} rows)`,
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}
