/**
 * The code runner's sandbox (app/src/code/runner.ts), on the development page /dev/code: the
 * editor and the runner as a candidate or a reviewer gets them. Candidate code must end within the
 * time limit without freezing the page, and reach nothing of ours: no storage, no cookies, no
 * parent document, no API (the proxy every request goes through proves none was sent).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../../scripts/dev-server.ts';
import { PHONE } from './candidate-support.ts';
import { CuttableProxy } from './proxy.ts';
import { freePort, launchBrowser, startHoldfast } from './support.ts';

let server: DevServer;
let proxy: CuttableProxy;
let browser: Browser;

beforeAll(async () => {
  server = await startHoldfast();
  // The browser reaches the server only through this proxy, which keeps what it was sent.
  proxy = new CuttableProxy(await freePort(), server.port);
  proxy.record = true;
  await proxy.start();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await proxy?.cut();
  await server?.stop();
});

/** Requests for `path` that reached the server (HTTP request lines and WebSocket handshakes). */
function requestsTo(path: string): number {
  return proxy.sent.split('\r\n').filter((line) => line.startsWith('GET ') && line.includes(` ${path} `)).length;
}

async function openPlayground(page: Page): Promise<void> {
  await page.goto(`${proxy.url}/dev/code`);
  await page.getByRole('textbox', { name: 'Code' }).waitFor();
}

async function writeProgram(page: Page, language: 'javascript' | 'typescript' | 'python', source: string, stdin = ''): Promise<void> {
  await page.getByLabel('Language').selectOption(language);
  await page.getByRole('textbox', { name: 'Code' }).fill(source);
  await page.getByLabel('Input').fill(stdin);
}

/** Clicks Run and waits for the run's result. */
async function run(page: Page): Promise<{ status: string; stdout: string; stderr: string }> {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const output = page.getByRole('region', { name: 'Run output' });
  await output.waitFor({ timeout: 90_000 });
  const status = await output.getByRole('status').allTextContents();
  const stdout = await output.getByRole('figure', { name: 'Standard output' }).textContent();
  const errors = output.getByRole('figure', { name: 'Standard error' });
  return { status: status.join(' '), stdout: stdout ?? '', stderr: (await errors.count()) ? ((await errors.textContent()) ?? '') : '' };
}

/**
 * Clicks Run on a program that loops forever, and a counter while it runs: each click is handled
 * while the run is still going (a frozen page would handle them only after it ended).
 */
async function expectResponsiveDuringRun(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const running = page.getByRole('status').filter({ hasText: 'Running…' });
  await running.waitFor();
  const before = Number(/Clicked (\d+) times/.exec((await page.getByText(/^Clicked \d+ times$/).textContent()) ?? '')?.[1]);
  for (const n of [1, 2, 3]) {
    await page.getByRole('button', { name: 'Count' }).click();
    await page.getByText(`Clicked ${before + n} times`).waitFor();
    expect(await running.count()).toBe(1);
  }
}

describe('the code sandbox', () => {
  it('stops infinite loops in JavaScript and Python after the time limit, with the page responsive meanwhile', async () => {
    const page = await browser.newPage();
    try {
      await openPlayground(page);
      await writeProgram(page, 'javascript', 'console.log("before");\nwhile (true) {}\n');
      await expectResponsiveDuringRun(page);
      const output = page.getByRole('region', { name: 'Run output' });
      await output.waitFor({ timeout: 30_000 });
      expect(await output.getByRole('status').textContent()).toBe('Stopped after 5 s: the program ran too long.');
      expect(await output.getByRole('figure', { name: 'Standard output' }).textContent()).toBe('before\n');

      // Python starts first (the clock runs from the program's start, not the interpreter's).
      await writeProgram(page, 'python', 'print("ready")\n');
      expect((await run(page)).stdout).toBe('ready\n');
      await writeProgram(page, 'python', 'print("before")\nwhile True:\n    pass\n');
      await expectResponsiveDuringRun(page);
      await output.waitFor({ timeout: 30_000 });
      expect(await output.getByRole('status').textContent()).toBe('Stopped after 5 s: the program ran too long.');
      expect(await output.getByRole('figure', { name: 'Standard output' }).textContent()).toBe('before\n');
      // The interpreter was terminated; the next run gets a new one.
      await writeProgram(page, 'python', 'print("after")\n');
      expect((await run(page)).stdout).toBe('after\n');
    } finally {
      await page.close();
    }
  });

  it('cuts an output flood at the output limit', async () => {
    const page = await browser.newPage();
    try {
      await openPlayground(page);
      await writeProgram(page, 'javascript', 'while (true) console.log("flood");\n');
      const js = await run(page);
      expect(js.status).toBe('Stopped: the program printed more than 64 KB.');
      expect(js.stdout.length).toBeLessThanOrEqual(64 * 1024);
      expect(js.stdout.startsWith('flood\nflood\n')).toBe(true);

      await writeProgram(page, 'python', 'while True:\n    print("flood")\n');
      const python = await run(page);
      expect(python.status).toBe('Stopped: the program printed more than 64 KB.');
      expect(python.stdout.length).toBeLessThanOrEqual(64 * 1024);
      expect(python.stdout.startsWith('flood\nflood\n')).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('gives candidate code nothing of ours: no IndexedDB, API, cookies, parent document, localStorage or top window', async () => {
    const page = await browser.newPage();
    try {
      await openPlayground(page);
      // The page itself has all of these; the program must get none of them.
      await page.context().addCookies([{ name: 'holdfast_probe', value: 'secret', url: proxy.url }]);
      await page.evaluate(() => localStorage.setItem('holdfast_probe', 'secret'));
      expect(await page.evaluate(() => document.cookie)).toContain('holdfast_probe=secret');
      const origin = proxy.url;
      await writeProgram(
        page,
        'javascript',
        `const tries = {
  indexedDB: () => new Promise((resolve, reject) => { const r = indexedDB.open('holdfast'); r.onsuccess = () => resolve('opened'); r.onerror = () => reject(r.error); }),
  fetchApi: () => fetch('${origin}/api/sandbox-probe-js').then((r) => 'status ' + r.status),
  fetchHealth: () => fetch('${origin}/api/health').then((r) => r.text()),
  fetchRelative: () => fetch('/api/sandbox-probe-relative').then((r) => 'status ' + r.status),
  xhr: () => { const x = new XMLHttpRequest(); x.open('GET', '${origin}/api/sandbox-probe-xhr', false); x.send(); return x.responseText; },
  webSocket: () => new Promise((resolve, reject) => { const w = new WebSocket('${origin.replace('http', 'ws')}/api/sandbox-probe-ws'); w.onopen = () => resolve('open'); w.onerror = () => reject(new Error('refused')); }),
  nestedWorker: () => new Promise((resolve) => { const w = new Worker(URL.createObjectURL(new Blob(["fetch('${origin}/api/sandbox-probe-nested').then(() => postMessage('fetched'), (e) => postMessage('refused: ' + e))"]))); w.onmessage = (e) => resolve(e.data); }),
  cookie: () => document.cookie,
  parentDocument: () => parent.document.cookie,
  localStorage: () => localStorage.getItem('holdfast_probe'),
  topLocation: () => top.location.href,
};
for (const [name, attempt] of Object.entries(tries)) {
  try {
    const got = await attempt();
    console.log(name, String(got).startsWith('refused') ? 'BLOCKED' : 'GOT', got);
  } catch (error) {
    console.log(name, 'BLOCKED', error && error.message);
  }
}
`,
      );
      const js = await run(page);
      const lines = js.stdout.trim().split('\n');
      expect(lines.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(
        ['indexedDB', 'fetchApi', 'fetchHealth', 'fetchRelative', 'xhr', 'webSocket', 'nestedWorker', 'cookie', 'parentDocument', 'localStorage', 'topLocation'].map(
          (name) => `${name} BLOCKED`,
        ),
      );
      expect(js.stdout).toContain('indexedDB BLOCKED');
      expect(js.stdout).not.toContain('secret');

      await writeProgram(
        page,
        'python',
        `import js
def attempt(name, f):
    try:
        got = f()
        print(name, "GOT", got)
    except Exception as e:
        print(name, "BLOCKED", type(e).__name__)
from pyodide.http import open_url
attempt("open_url", lambda: open_url("${origin}/api/sandbox-probe-py").read())
import urllib.request
attempt("urllib", lambda: urllib.request.urlopen("${origin}/api/sandbox-probe-urllib").read())
attempt("indexedDB", lambda: js.indexedDB.open("holdfast"))
attempt("document", lambda: js.document.cookie)
attempt("localStorage", lambda: js.localStorage.getItem("holdfast_probe"))
`,
      );
      const python = await run(page);
      expect(python.stdout.trim().split('\n')).toEqual([
        'open_url BLOCKED JsException',
        'urllib BLOCKED URLError',
        'indexedDB BLOCKED JsException',
        'document BLOCKED AttributeError',
        'localStorage BLOCKED AttributeError',
      ]);

      // The proxy does see requests: one from the page itself arrives.
      await page.evaluate(() => fetch('/api/sandbox-probe-control'));
      await expect.poll(() => requestsTo('/api/sandbox-probe-control'), { timeout: 10_000 }).toBe(1);
      for (const path of ['js', 'relative', 'xhr', 'ws', 'nested', 'py', 'urllib']) expect(requestsTo(`/api/sandbox-probe-${path}`)).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('runs TypeScript with types, Python with print and input(), and shows a failing test with expected and actual output', async () => {
    const page = await browser.newPage();
    try {
      await openPlayground(page);
      await writeProgram(
        page,
        'typescript',
        `interface Point { x: number; y: number }
type Pair<T> = [T, T];
const add = (a: Point, b: Point): Point => ({ x: a.x + b.x, y: a.y + b.y });
const pair: Pair<Point> = [{ x: 1, y: 2 }, { x: 3, y: 4 }];
const [name] = require('fs').readFileSync(0, 'utf8').split('\\n');
const sum: Point = add(...pair);
console.log(\`\${name}: \${sum.x},\${sum.y}\`);
`,
        'Ada\n',
      );
      const ts = await run(page);
      expect(ts.stdout).toBe('Ada: 4,6\n');

      await writeProgram(
        page,
        'python',
        'def greet(name: str) -> str:\n    return f"Hello, {name}!"\n\nname = input()\ncount = int(input())\nfor i in range(count):\n    print(greet(name))\n',
        'Ada\n2\n',
      );
      const python = await run(page);
      expect(python.stdout).toBe('Hello, Ada!\nHello, Ada!\n');

      await writeProgram(page, 'python', 'print(1 // 0)\n');
      const failing = await run(page);
      expect(failing.status).toBe('The program ended with an error.');
      expect(failing.stderr).toContain('File "main.py", line 1');
      expect(failing.stderr).toContain('ZeroDivisionError');

      // A test: the same stdin, compared with the expected output (trailing whitespace ignored).
      await writeProgram(page, 'javascript', 'const n = Number(input());\nconsole.log(n * 3);\n', '7\n');
      await page.getByLabel('Expected output').fill('21   \n');
      await page.getByRole('button', { name: 'Run tests' }).click();
      await page.getByRole('listitem', { name: 'Test 1: passed' }).waitFor({ timeout: 30_000 });
      await page.getByLabel('Expected output').fill('14');
      await page.getByRole('button', { name: 'Run tests' }).click();
      const failed = page.getByRole('listitem', { name: 'Test 1: failed' });
      await failed.waitFor({ timeout: 30_000 });
      expect(await failed.getByRole('figure', { name: 'Expected output' }).textContent()).toBe('Expected output14');
      expect(await failed.getByRole('figure', { name: 'Actual output' }).textContent()).toBe('Actual output21\n');
      expect(await page.getByText('0 of 1 tests passed').count()).toBe(1);
    } finally {
      await page.close();
    }
  });

  it('runs Python with the network gone once prepareRuntime cached Pyodide', async () => {
    const context = await browser.newContext();
    try {
      const first = await context.newPage();
      await openPlayground(first);
      await first.getByRole('button', { name: 'Prepare Python' }).click();
      await first.getByText('Python is ready, offline too.').waitFor({ timeout: 90_000 });
      // A second page of this device starts with nothing in memory: only the Cache API has Pyodide.
      const second = await context.newPage();
      await openPlayground(second);
      await second.waitForLoadState('networkidle');
      await writeProgram(second, 'python', 'print(sum(range(11)))\n');
      await proxy.cut();
      try {
        const offline = await run(second);
        expect(offline.stdout).toBe('55\n');
      } finally {
        await proxy.start();
      }
    } finally {
      await context.close();
    }
  });

  it('on a phone: the editor fits 390 px and its key bar inserts symbols and a tab at the cursor', async () => {
    const context = await browser.newContext({ ...PHONE });
    try {
      const page = await context.newPage();
      await openPlayground(page);
      const editor = page.getByRole('textbox', { name: 'Code' });
      await editor.fill('');
      await editor.click();
      for (const key of ['(', ')', '{']) await page.getByRole('button', { name: `Insert ${key}` }).click();
      await page.getByRole('button', { name: 'Insert tab' }).click();
      await page.getByRole('button', { name: 'Insert }' }).click();
      expect(await editor.textContent()).toBe('(){  }');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Code');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      for (const key of ['{', '}', '[', ']', '(', ')', ';', ':', '=', '"', "'", '<', '>', '_']) {
        expect(await page.getByRole('button', { name: `Insert ${key}`, exact: true }).isVisible()).toBe(true);
      }
    } finally {
      await context.close();
    }
  });

  it("reports every edit as a change that replays from the starter code to the editor's document, and pastes with their size", async () => {
    const page = await browser.newPage();
    try {
      await openPlayground(page);
      const editor = page.getByRole('textbox', { name: 'Code' });
      await editor.click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('let total = 0;');
      await page.keyboard.insertText('\n');
      await page.keyboard.type('total += 2;');
      await page.keyboard.press('Control+z');
      await page.keyboard.press('Home');
      await page.keyboard.type('// ');
      // A paste as the browser delivers it: the editor inserts the clipboard's text.
      await editor.evaluate((element) => {
        const data = new DataTransfer();
        data.setData('text/plain', 'console.log(total);\n');
        element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      });
      const doc = await page.evaluate(() => Array.from(document.querySelectorAll('.cm-line'), (line) => line.textContent).join('\n'));
      // Undo took back some of the typing (how much depends on CodeMirror's grouping by time).
      expect(doc).toContain('// console.log(total);');
      await page.getByText('Pasted 20 characters.').waitFor();
      const summary = await page.getByText(/changes; replayed from the starter code/).textContent();
      expect(summary).toMatch(/\d+ changes; replayed from the starter code they rebuild the document\./);
      expect(Number(summary?.match(/(\d+) changes/)?.[1])).toBeGreaterThan(5);
    } finally {
      await page.close();
    }
  });
});
