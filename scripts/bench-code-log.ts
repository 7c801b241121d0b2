/**
 * Bytes of a code answer's event log per minute of typing (issue 11, bench item 6). Chromium
 * types a small program into a CodeMirror editor for one minute of wall clock at about 250
 * characters a minute, with pauses, typos corrected with Backspace and Enter for new lines; each
 * change is recorded as the device's CodeEvent. Until the candidate's code screen is merged this
 * drives a bare editor page (scripts/bench-code-log-page.ts) rather than the app, and the upload
 * bodies are estimated as the contract's batches (`codeEventsRequestSchema`, a batch every few
 * seconds carrying the document); the output says so.
 */
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { launchBrowser } from '../test/e2e/support.ts';
import type { CodeEvent } from '../worker/schemas/code.ts';
import { ROOT } from './dev-server.ts';

const PROGRAM = `for (let i = 1; i <= n; i++) {
if (i % 15 === 0) console.log("FizzBuzz");
else if (i % 3 === 0) console.log("Fizz");
else if (i % 5 === 0) console.log("Buzz");
else console.log(i);
`;
const MINUTE_MS = 60_000;
const CHARS_PER_MINUTE = 250;
const BATCH_EVERY_MS = 5_000;

async function pageScript(): Promise<string> {
  const out = await build({
    root: ROOT,
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: true, lib: { entry: 'scripts/bench-code-log-page.ts', formats: ['iife'], name: 'codeLogPage' } },
  });
  const output = (Array.isArray(out) ? out[0] : out) as { output: { type: string; code?: string }[] };
  const chunk = output.output.find((o) => o.type === 'chunk');
  if (!chunk?.code) throw new Error('the editor page did not build');
  return chunk.code;
}

export async function benchCodeLog(): Promise<string[]> {
  const script = await pageScript();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: script });
    await page.locator('.cm-content').click();
    await page.keyboard.press('End');
    // 250 characters a minute on average: steady keys, a pause to think every line, a typo now and then.
    const started = Date.now();
    const perChar = (MINUTE_MS * 0.75) / CHARS_PER_MINUTE;
    let typed = 0;
    let line = 0;
    while (Date.now() - started < MINUTE_MS) {
      for (const ch of PROGRAM) {
        if (Date.now() - started >= MINUTE_MS) break;
        if (ch === '\n') {
          await page.keyboard.press('Enter');
          if (++line % 2 === 0) await page.waitForTimeout(2_500);
        } else {
          await page.keyboard.type(ch);
          if (typed % 37 === 36) {
            await page.keyboard.type('x');
            await page.waitForTimeout(perChar);
            await page.keyboard.press('Backspace');
          }
        }
        typed++;
        await page.waitForTimeout(perChar);
      }
    }
    const elapsed = Date.now() - started;
    const log = await page.evaluate(() => {
      const { events, code } = (globalThis as unknown as { codeLog: { events: unknown[]; code: () => string } }).codeLog;
      return { events, code: code() };
    });
    const events = log.events as CodeEvent[];
    const perMinute = (n: number) => (n * MINUTE_MS) / elapsed;
    const logBytes = Buffer.byteLength(events.map((e) => JSON.stringify(e)).join('\n'));
    // The device's uploads, as the contract shapes them: events in batches, each with the document after it.
    let uploadBytes = 0;
    let from = 0;
    while (from < events.length) {
      const end = events.findIndex((e, i) => i > from && e.t - (events[from] as CodeEvent).t >= BATCH_EVERY_MS);
      const to = end === -1 ? events.length : end;
      uploadBytes += Buffer.byteLength(JSON.stringify({ fromSeq: from, events: events.slice(from, to), code: log.code }));
      from = to;
    }
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    return [
      `measured by driving a CodeMirror EditorView in Chromium (scripts/bench-code-log-page.ts), not the candidate's code screen, which is not merged on this branch`,
      `typing: ${typed} characters in ${(elapsed / 1000).toFixed(0)} s (Enter for new lines, a typo fixed with Backspace every 37 characters), ${events.length} change events`,
      `event log per minute of typing: ${kb(perMinute(logBytes))} as JSON lines (${(logBytes / Math.max(1, events.length)).toFixed(0)} bytes an event), ${kb(perMinute(gzipSync(Buffer.from(events.map((e) => JSON.stringify(e)).join('\n'))).length))} gzipped`,
      `upload bodies per minute if batched every ${BATCH_EVERY_MS / 1000} s with the document (codeEventsRequestSchema): ${kb(perMinute(uploadBytes))}`,
    ];
  } finally {
    await browser.close();
  }
}
