/**
 * Code questions' figures: from a click on Run to the output on screen, for JavaScript and for
 * Python once Pyodide is cached, in Chromium against wrangler dev (the development page
 * /dev/code: the editor and the sandboxed runner as the candidate gets them). Also Pyodide's
 * download and how long a Python interpreter takes to come back after a run was cut short.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchBrowser, startHoldfast } from '../test/e2e/support.ts';
import { ROOT } from './dev-server.ts';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function setProgram(page: Page, language: string, source: string): Promise<void> {
  await page.getByLabel('Language').selectOption(language);
  await page.getByRole('textbox', { name: 'Code' }).fill(source);
}

/** Clicks Run and measures, inside the page, until the run's output is on screen. */
function clickRunToOutput(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const run = Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Run');
        if (!run) throw new Error('no Run button');
        const started = performance.now();
        const observer = new MutationObserver(() => {
          if (!document.querySelector('section[aria-label="Run output"]')) return;
          observer.disconnect();
          resolve(performance.now() - started);
        });
        observer.observe(document.body, { childList: true, subtree: true });
        run.click();
      }),
  );
}

async function runs(page: Page, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(await clickRunToOutput(page));
  return times;
}

export async function benchCode(): Promise<string[]> {
  const pyodideDir = join(ROOT, 'dist/app/pyodide');
  const version = readdirSync(pyodideDir)[0]!;
  const files = readdirSync(join(pyodideDir, version)).map((f) => readFileSync(join(pyodideDir, version, f)));
  const pyodideBytes = files.reduce((sum, bytes) => sum + bytes.length, 0);
  const pyodideGzip = files.reduce((sum, bytes) => sum + gzipSync(bytes).length, 0);
  const server = await startHoldfast();
  const browser = await launchBrowser();
  const lines: string[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/dev/code`);
    await page.getByRole('textbox', { name: 'Code' }).waitFor();

    await setProgram(page, 'javascript', 'const n = 10;\nlet s = 0;\nfor (let i = 1; i <= n; i++) s += i;\nconsole.log(s);\n');
    await runs(page, 2);
    const js = await runs(page, 9);
    lines.push(`JavaScript: Run to output, median of ${js.length}: ${median(js).toFixed(0)} ms (a new sandboxed Worker per run)`);

    await setProgram(page, 'typescript', 'const n: number = 10;\nlet s: number = 0;\nfor (let i = 1; i <= n; i++) s += i;\nconsole.log(s);\n');
    await runs(page, 2);
    const ts = await runs(page, 9);
    lines.push(`TypeScript: Run to output, median of ${ts.length}: ${median(ts).toFixed(0)} ms (sucrase in the page, then as JavaScript)`);

    const prepareStarted = Date.now();
    await page.getByRole('button', { name: 'Prepare Python' }).click();
    await page.getByText('Python is ready').waitFor({ timeout: 120_000 });
    lines.push(
      `Pyodide download: ${(pyodideBytes / 1e6).toFixed(1)} MB (${(pyodideGzip / 1e6).toFixed(1)} MB gzipped on the wire), ${Date.now() - prepareStarted} ms from wrangler dev into the Cache API`,
    );

    await setProgram(page, 'python', 'n = 10\nprint(sum(range(1, n + 1)))\n');
    const [first] = await runs(page, 1);
    lines.push(`Python: first Run after prepareRuntime (interpreter warming in the background meanwhile): ${first!.toFixed(0)} ms`);
    const py = await runs(page, 9);
    lines.push(`Python: Run to output with the interpreter running, median of ${py.length}: ${median(py).toFixed(0)} ms`);

    // A run cut short costs the interpreter: the next one waits for a new one (from the cached bytes, WebAssembly compiled once).
    const restarts: number[] = [];
    for (let i = 0; i < 3; i++) {
      await setProgram(page, 'python', 'while True: pass\n');
      await clickRunToOutput(page);
      await setProgram(page, 'python', 'print("back")\n');
      restarts.push(await clickRunToOutput(page));
    }
    lines.push(`Python: Run to output right after a timeout (a new interpreter), median of ${restarts.length}: ${median(restarts).toFixed(0)} ms`);

    const reload = Date.now();
    await page.reload();
    await page.getByRole('textbox', { name: 'Code' }).waitFor();
    await setProgram(page, 'python', 'print(sum(range(11)))\n');
    const [cold] = await runs(page, 1);
    lines.push(`Python: first Run on a fresh page with Pyodide cached (start from the cache): ${cold!.toFixed(0)} ms (page load ${Date.now() - reload - cold!} ms)`);
  } finally {
    await browser.close();
    await server.stop();
  }
  return lines;
}
