/**
 * Bytes of a code answer's event log per minute of typing (issue 11, bench item 6), measured on
 * the real thing: Chromium types a small program into the candidate's code screen of a take-home
 * for one minute of wall clock, at about 250 characters a minute with pauses, typos fixed with
 * Backspace and Enter for new lines, and every `POST /api/candidate/code/:questionId/events` the
 * device sends is counted (its body as sent, and the events part of it).
 */
import { gzipSync } from 'node:zlib';
import type { Request } from 'playwright-core';
import { RecruiterApi } from '../test/e2e/recruiter-api.ts';
import { launchBrowser, startHoldfast } from '../test/e2e/support.ts';
import type { CodeEventsRequest } from '../worker/schemas/code.ts';

const PROGRAM = `for (let i = 1; i <= n; i++) {
if (i % 15 === 0) console.log("FizzBuzz");
else if (i % 3 === 0) console.log("Fizz");
else if (i % 5 === 0) console.log("Buzz");
else console.log(i);
`;
const MINUTE_MS = 60_000;
const CHARS_PER_MINUTE = 250;
/** Time to think at the end of every other line; the rest of the minute is spent on keys. */
const PAUSE_MS = 2_500;

export async function benchCodeLog(): Promise<string[]> {
  const server = await startHoldfast();
  const browser = await launchBrowser();
  try {
    const recruiter = await RecruiterApi.register(server.url, 'bench-code-log');
    const question = await recruiter.question({
      type: 'code',
      title: 'FizzBuzz',
      prompt: 'Print FizzBuzz up to n.',
      language: 'javascript',
      starterCode: "const n = Number(require('fs').readFileSync(0, 'utf8').trim());\n\n",
      tests: [{ id: 'three', name: 'up to 3', input: '3', expectedOutput: '1\n2\nFizz', hidden: false }],
    });
    const { interview } = await recruiter.call<{ interview: { id: string } }>('POST', '/api/interviews', {
      name: 'Bench take-home',
      format: 'take_home',
      intro: 'One program.',
      closing: 'Thanks!',
      deadlineHours: 3,
      questionIds: [question],
    });
    const { inviteUrl } = await recruiter.addCandidate(interview.id, 'Bench Typist', `typist-${crypto.randomUUID().slice(0, 6)}@bench.test`);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const uploads: { body: number; events: number; eventCount: number; eventsJson: string[] }[] = [];
    page.on('request', (request: Request) => {
      if (request.method() !== 'POST' || !/\/api\/candidate\/code\/[^/]+\/events$/.test(request.url())) return;
      const body = request.postDataBuffer() ?? Buffer.alloc(0);
      const parsed = JSON.parse(body.toString('utf8')) as CodeEventsRequest;
      const eventsJson = parsed.events.map((e) => JSON.stringify(e));
      uploads.push({ body: body.length, events: Buffer.byteLength(`[${eventsJson.join(',')}]`), eventCount: parsed.events.length, eventsJson });
    });
    await page.goto(inviteUrl);
    await page.getByRole('checkbox', { name: /I agree/ }).check();
    await page.getByRole('button', { name: 'Start interview' }).click();
    // A take-home without Python has nothing to prepare: the device check may go straight to the question.
    const editor = page.getByRole('textbox', { name: 'Your code for FizzBuzz' });
    const start = page.getByRole('button', { name: 'Start the take-home' });
    await start.or(editor).first().waitFor({ timeout: 90_000 });
    if (await start.isVisible()) await start.click();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+End');

    // About 250 characters a minute: steady keys, a pause to think every other line, a typo now and then.
    const started = Date.now();
    const perChar = (MINUTE_MS - (PROGRAM.split('\n').length / 2) * PAUSE_MS) / CHARS_PER_MINUTE;
    let typed = 0;
    let line = 0;
    typing: for (;;) {
      for (const ch of PROGRAM) {
        if (Date.now() - started >= MINUTE_MS) break typing;
        if (ch === '\n') {
          await page.keyboard.press('Enter');
          if (++line % 2 === 0) await page.waitForTimeout(PAUSE_MS);
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
    // Let the outbox drain: done when nothing new was sent for a few seconds.
    for (let quiet = 0, seen = -1; quiet < 3 && Date.now() - started < MINUTE_MS * 2; ) {
      await page.waitForTimeout(1_000);
      quiet = uploads.length === seen ? quiet + 1 : 0;
      seen = uploads.length;
    }
    await context.close();

    const sum = (f: (u: (typeof uploads)[number]) => number) => uploads.reduce((n, u) => n + f(u), 0);
    const events = sum((u) => u.eventCount);
    const perMinute = (n: number) => (n * MINUTE_MS) / elapsed;
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    const eventBytes = sum((u) => u.events);
    const gzipped = gzipSync(Buffer.from(uploads.flatMap((u) => u.eventsJson).join('\n'))).length;
    return [
      `measured in Chromium typing into the candidate's code screen (a JavaScript take-home question) for ${(elapsed / 1000).toFixed(0)} s: ${typed} characters, Enter for new lines, a typo fixed with Backspace every 37 characters`,
      `event log per minute of typing: ${kb(perMinute(eventBytes))} of events as the device sent them (${events} events, ${(eventBytes / Math.max(1, events)).toFixed(0)} bytes each), ${kb(perMinute(gzipped))} gzipped`,
      `upload bodies per minute (events plus the document after each batch): ${kb(perMinute(sum((u) => u.body)))} in ${uploads.length} POSTs`,
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}
