/**
 * Runs candidate code in the browser, offline, where it can reach nothing of ours.
 *
 * The code runs in a Worker inside a `sandbox="allow-scripts"` srcdoc iframe: an opaque origin
 * (no cookies, no IndexedDB, no localStorage, no parent document) whose policy forbids every
 * network request (worker/schemas/code-sandbox.ts). This page enforces the limits from outside:
 * it terminates the Worker when the time is up or the output too long, so an infinite loop never
 * freezes it. JavaScript runs as is, TypeScript after sucrase strips its types, Python in
 * Pyodide, served from our own origin and kept in the Cache API once `prepareRuntime` fetched it.
 * Runs go one at a time, in the order asked.
 */
import { transform } from 'sucrase';
import { type CodeLanguage, RUN_OUTPUT_LIMIT_BYTES, RUN_TIME_LIMIT_MS, type RunRequest, type RunResult, type RunStatus, type TestOutcome } from '../../../worker/schemas/code';
import { SANDBOX_FRAME_SCRIPT, sandboxFrameCsp, sandboxFrameScriptSource } from '../../../worker/schemas/code-sandbox';
import { CODE_CHUNK_PATH, CODE_CHUNKS_CACHE } from '../lib/offline-caches';
import type { SandboxInit, SandboxReply, SandboxRequest } from './sandbox-protocol';
import harnessUrl from './sandbox-worker?worker&url';

/** Pyodide's files in the build (vite.config.ts): their folder, named by version, and sizes. */
declare const __PYODIDE__: { base: string; files: Record<string, number> };

/** Where `prepareRuntime` keeps Pyodide; the service worker answers /pyodide/* from it too (sw.ts). */
const PYODIDE_CACHE = 'pyodide';
/** Pyodide starts in seconds on a phone, in a minute on a busy two-core machine; past this it is broken. */
const PYTHON_START_LIMIT_MS = 120_000;

// ------------------------------------------------------------------------------ comparison

/** The one rule tests compare output by: trailing whitespace of each line and of the whole is ignored. */
export function outputMatches(expected: string, actual: string): boolean {
  const normalize = (text: string) =>
    text
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .trimEnd();
  return normalize(expected) === normalize(actual);
}

// ----------------------------------------------------------------------------- the frame

interface WorkerHandle {
  readonly port: MessagePort;
  /** Called when the Worker's script fails outside the harness (a syntax error in the program). */
  onCrash: (message: string, line: number) => void;
  stop(): void;
}

class SandboxFrame {
  private nextId = 1;
  private readonly crashes = new Map<number, WorkerHandle>();

  private constructor(private readonly target: Window) {
    window.addEventListener('message', (event) => {
      if (event.source !== this.target) return;
      const data = event.data as { op?: unknown; id?: unknown; message?: unknown; line?: unknown } | null;
      if (data?.op !== 'error' || typeof data.id !== 'number') return;
      this.crashes.get(data.id)?.onCrash(String(data.message), Number(data.line) || 0);
    });
  }

  static async create(): Promise<SandboxFrame> {
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.title = 'Code sandbox';
    iframe.hidden = true;
    iframe.tabIndex = -1;
    iframe.setAttribute('aria-hidden', 'true');
    const csp = sandboxFrameCsp(await sandboxFrameScriptSource());
    iframe.srcdoc = `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><script>${SANDBOX_FRAME_SCRIPT}</script>`;
    const ready = new Promise<Window>((resolve, reject) => {
      const timer = setTimeout(() => {
        window.removeEventListener('message', onMessage);
        reject(new Error('The code sandbox did not start.'));
      }, 10_000);
      const onMessage = (event: MessageEvent) => {
        if (!iframe.contentWindow || event.source !== iframe.contentWindow || (event.data as { op?: unknown } | null)?.op !== 'ready') return;
        clearTimeout(timer);
        window.removeEventListener('message', onMessage);
        resolve(iframe.contentWindow);
      };
      window.addEventListener('message', onMessage);
    });
    document.body.append(iframe);
    return new SandboxFrame(await ready);
  }

  /** Hands the bytes over (transferred: this page keeps no copy of them). */
  compileWasm(bytes: ArrayBuffer): void {
    this.target.postMessage({ op: 'wasm', bytes }, '*', [bytes]);
  }

  start(code: string, init: SandboxInit, withWasm = false): WorkerHandle {
    const id = this.nextId++;
    const channel = new MessageChannel();
    const handle: WorkerHandle = {
      port: channel.port1,
      onCrash: () => {},
      stop: () => {
        this.crashes.delete(id);
        channel.port1.close();
        this.target.postMessage({ op: 'stop', id }, '*');
      },
    };
    this.crashes.set(id, handle);
    this.target.postMessage({ op: 'start', id, code, init, withWasm, port: channel.port2 }, '*', [channel.port2]);
    return handle;
  }
}

let frame: Promise<SandboxFrame> | undefined;

function sandbox(): Promise<SandboxFrame> {
  frame ??= SandboxFrame.create().catch((error: unknown) => {
    frame = undefined;
    throw error;
  });
  return frame;
}

/**
 * Keeps what this page loaded of the code screens for offline use: the service worker does not
 * precache them for every candidate, and a page that loaded them before the service worker took
 * over (a first visit) would otherwise find nothing cached once the network is gone.
 */
let keptOffline: Promise<void> | undefined;
function keepCodeOffline(): Promise<void> {
  keptOffline ??= (async () => {
    if (typeof caches === 'undefined') return;
    const loaded = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((url) => CODE_CHUNK_PATH.test(new URL(url).pathname));
    const cache = await caches.open(CODE_CHUNKS_CACHE);
    await cache.addAll([...new Set([...loaded, new URL(harnessUrl, location.href).href])]);
  })().catch(() => {
    keptOffline = undefined;
  });
  return keptOffline;
}
void keepCodeOffline();

let harness: Promise<string> | undefined;

/**
 * The harness's own script, fetched once: as soon as this module loads, so a page that has the
 * runner can run code after the network is gone (the service worker precaches it too).
 */
function harnessCode(): Promise<string> {
  harness ??= fetch(harnessUrl)
    .then((response) => {
      if (!response.ok) throw new Error(`The code runner could not load (${response.status}).`);
      return response.text();
    })
    .catch((error: unknown) => {
      harness = undefined;
      throw error;
    });
  return harness;
}
if (typeof window !== 'undefined') void harnessCode().catch(() => {});

// ------------------------------------------------------------------------------ one run

interface Limits {
  timeLimitMs: number;
  outputLimitBytes: number;
}

interface Collected {
  status: RunStatus;
  stdout: string;
  stderr: string;
}

const encoder = new TextEncoder();

/** The first `limit` bytes of `text` (in UTF-8), never half a character. */
function clipBytes(text: string, limit: number): string {
  const bytes = encoder.encode(text);
  if (bytes.length <= limit) return text;
  return new TextDecoder().decode(bytes.subarray(0, limit)).replace(/\uFFFD$/, '');
}

/**
 * Collects one run's output from the Worker until it is done, the time is up or the output too
 * long. The caller starts the clock by calling this when the program is sent.
 */
function collect(handle: WorkerHandle, limits: Limits, onCrashLine: (line: number) => string): Promise<Collected> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let bytes = 0;
    let over = false;
    const finish = (status: RunStatus) => {
      clearTimeout(timer);
      handle.port.onmessage = null;
      handle.onCrash = () => {};
      resolve({ status, stdout, stderr });
    };
    const timer = setTimeout(() => finish('timeout'), limits.timeLimitMs);
    handle.onCrash = (message, line) => {
      stderr += `${onCrashLine(line)}${message.replace(/^Uncaught /, '')}\n`;
      finish('error');
    };
    handle.port.onmessage = (event: MessageEvent<SandboxReply>) => {
      const reply = event.data;
      if (!reply || typeof reply !== 'object') return;
      if (reply.t === 'out' && (reply.s === 1 || reply.s === 2) && typeof reply.text === 'string') {
        if (over) return;
        const room = limits.outputLimitBytes - bytes;
        const size = encoder.encode(reply.text).length;
        const text = size > room ? clipBytes(reply.text, room) : reply.text;
        bytes += size;
        if (reply.s === 1) stdout += text;
        else stderr += text;
        if (bytes > limits.outputLimitBytes) {
          over = true;
          finish('output_limit');
        }
      } else if (reply.t === 'done') {
        finish(reply.exit === 0 ? 'ok' : 'error');
      } else if (reply.t === 'fail') {
        stderr += `${String(reply.message)}\n`;
        finish('error');
      }
    };
  });
}

function limitsOf(req: RunRequest): Limits {
  return {
    timeLimitMs: Math.max(1, req.timeLimitMs ?? RUN_TIME_LIMIT_MS),
    outputLimitBytes: Math.max(0, req.outputLimitBytes ?? RUN_OUTPUT_LIMIT_BYTES),
  };
}

// ------------------------------------------------------------------ JavaScript, TypeScript

function isModule(source: string): boolean {
  return /^\s*(import\s*[\w{*"'`]|export\s)/m.test(source);
}

/** The program as the Worker's script runs it: Node's CommonJS shape, inside an async function (top-level await works). */
function compileScript(language: CodeLanguage, source: string): { code: string } | { error: string } {
  try {
    if (language === 'typescript') return { code: transform(source, { transforms: ['typescript', 'imports'], filePath: 'main.ts' }).code };
    if (isModule(source)) return { code: transform(source, { transforms: ['imports'], filePath: 'main.js' }).code };
    return { code: source };
  } catch (error) {
    return { error: `${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Stack frames in the Worker's blob script, as lines of the candidate's own file. */
function tidyStack(text: string, offset: number, file: string): string {
  return text
    .split('\n')
    .filter((line) => {
      const at = /blob:[^\s)]*:(\d+):\d+/.exec(line);
      return !at || Number(at[1]) > offset;
    })
    .map((line) => line.replace(/blob:[^\s)]*:(\d+):(\d+)/g, (_m, row: string, col: string) => `${file}:${Number(row) - offset}:${col}`))
    .join('\n');
}

async function runScript(req: RunRequest, limits: Limits): Promise<Collected> {
  const compiled = compileScript(req.language, req.source);
  const file = req.language === 'typescript' ? 'main.ts' : 'main.js';
  if ('error' in compiled) return { status: 'error', stdout: '', stderr: `${file}: ${compiled.error}\n` };
  const [box, base] = await Promise.all([sandbox(), harnessCode()]);
  const prelude = `${base}\nself.__holdfastProgram = async function (module, exports) {`;
  const offset = prelude.split('\n').length;
  const handle = box.start(`${prelude}\n${compiled.code}\n};\n`, { kind: 'javascript' });
  try {
    const request: SandboxRequest = { t: 'run', stdin: req.stdin, outputLimitBytes: limits.outputLimitBytes };
    handle.port.postMessage(request);
    const result = await collect(handle, limits, (line) => (line > offset ? `${file}:${line - offset}\n` : ''));
    return { ...result, stderr: tidyStack(result.stderr, offset, file) };
  } finally {
    handle.stop();
  }
}

// ---------------------------------------------------------------------------------- Python

interface PythonAssets {
  /** pyodide.asm.mjs made a classic script that defines `_createPyodideModule`. */
  script: string;
  lock: string;
  stdlib: ArrayBuffer;
  /** Until the frame has compiled it: then only the frame keeps it (about 10 MB less here). */
  wasm?: ArrayBuffer;
}

const PYODIDE_FILES = ['pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'] as const;

/** Absolute: the sandbox's Worker, at a blob: URL, has no base to resolve a path against. */
function pyodideUrl(name: string): string {
  return new URL(`${__PYODIDE__.base}${name}`, location.href).href;
}

/** One of Pyodide's files: from the cache when this device has it, else from our origin into the cache. */
async function pyodideFile(name: string, onBytes: (n: number) => void): Promise<ArrayBuffer> {
  const url = pyodideUrl(name);
  const cache = 'caches' in self ? await caches.open(PYODIDE_CACHE) : undefined;
  const cached = await cache?.match(url);
  if (cached) {
    const bytes = await cached.arrayBuffer();
    onBytes(bytes.byteLength);
    return bytes;
  }
  const response = await fetch(url).catch((error: unknown) => {
    throw new Error(`Python is not on this device yet and could not be downloaded (${error instanceof Error ? error.message : String(error)}). It needs the network once.`);
  });
  if (!response.ok || !response.body) throw new Error(`Python could not be downloaded: ${name} answered ${response.status}.`);
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    size += value.length;
    onBytes(value.length);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  await cache?.put(url, new Response(bytes, { headers: { 'content-type': response.headers.get('content-type') ?? 'application/octet-stream' } }));
  return bytes.buffer;
}

let pythonAssets: Promise<PythonAssets> | undefined;
const progressListeners = new Set<(loaded: number) => void>();

function loadPythonAssets(): Promise<PythonAssets> {
  pythonAssets ??= (async () => {
    let loaded = 0;
    const onBytes = (n: number) => {
      loaded += n;
      for (const listener of progressListeners) listener(loaded);
    };
    const [asm, wasm, stdlib, lock] = await Promise.all(PYODIDE_FILES.map((name) => pyodideFile(name, onBytes)));
    const text = new TextDecoder().decode(asm);
    const script = text.replace(/export\s+default\s+_createPyodideModule\s*;?\s*$/, '').replaceAll('import.meta.url', JSON.stringify(pyodideUrl('pyodide.asm.mjs')));
    if (script === text || /\bexport\s+default\b/.test(script)) throw new Error('This Pyodide build is not the one the runner knows.');
    return { script, wasm: wasm as ArrayBuffer, stdlib: stdlib as ArrayBuffer, lock: new TextDecoder().decode(lock) };
  })().catch((error: unknown) => {
    pythonAssets = undefined;
    throw error;
  });
  return pythonAssets;
}

/** Pyodide's total download, in bytes (what "Preparing Python… 6.2 MB" shows). */
function pyodideTotalBytes(): number {
  return PYODIDE_FILES.reduce((sum, name) => sum + (__PYODIDE__.files[name] ?? 0), 0);
}

interface PythonWorker {
  handle: WorkerHandle;
}

let python: Promise<PythonWorker> | undefined;

/** A Python interpreter, started ahead of the next run. After a run is cut short a new one starts at once. */
function pythonWorker(): Promise<PythonWorker> {
  python ??= (async () => {
    const [box, assets, base] = await Promise.all([sandbox(), loadPythonAssets(), harnessCode()]);
    if (!compiledIn.has(box)) {
      box.compileWasm(assets.wasm ?? (await pyodideFile('pyodide.asm.wasm', () => {})));
      assets.wasm = undefined;
      compiledIn.add(box);
    }
    pythonSnapshot ??= await storedSnapshot();
    const snapshot = pythonSnapshot;
    const init: SandboxInit = { kind: 'python', indexURL: pyodideUrl(''), lock: assets.lock, stdlib: assets.stdlib, ...(snapshot ? { snapshot } : {}) };
    const handle = box.start(`${assets.script}\n${base}`, init, true);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail('Python did not start in time.'), PYTHON_START_LIMIT_MS);
      const fail = (message: string) => {
        clearTimeout(timer);
        handle.stop();
        reject(new Error(message));
      };
      handle.onCrash = (message) => fail(`Python could not start: ${message}`);
      handle.port.onmessage = (event: MessageEvent<SandboxReply>) => {
        if (event.data?.t === 'ready') {
          clearTimeout(timer);
          // Only from a Worker no program has run in yet (this one: runs start after `ready`).
          if (!pythonSnapshot && event.data.snapshot instanceof ArrayBuffer) {
            pythonSnapshot = event.data.snapshot;
            void storeSnapshot(pythonSnapshot);
          }
          resolve();
        } else if (event.data?.t === 'fail') fail(String(event.data.message));
      };
    });
    handle.port.onmessage = null;
    return { handle };
  })().catch((error: unknown) => {
    python = undefined;
    // A snapshot that does not restore is dropped: the next start is a full one.
    pythonSnapshot = undefined;
    if ('caches' in self) void caches.open(PYODIDE_CACHE).then((cache) => cache.delete(snapshotUrl()));
    throw error;
  });
  return python;
}

/**
 * See `SandboxInit`'s `snapshot` (about 30 MB). Kept in memory and in the Cache API beside
 * Pyodide, so a reopened page starts Python from it too. It comes only from a Worker that has
 * run no program, so no candidate's code can leave anything in it for the next.
 */
let pythonSnapshot: ArrayBuffer | undefined;

/** A key of our own beside Pyodide's files (named by its version, so never restored into another). */
function snapshotUrl(): string {
  return pyodideUrl('holdfast-memory-snapshot');
}

async function storedSnapshot(): Promise<ArrayBuffer | undefined> {
  if (!('caches' in self)) return undefined;
  const cached = await (await caches.open(PYODIDE_CACHE)).match(snapshotUrl());
  return cached ? cached.arrayBuffer() : undefined;
}

async function storeSnapshot(snapshot: ArrayBuffer): Promise<void> {
  if (!('caches' in self)) return;
  await (await caches.open(PYODIDE_CACHE)).put(snapshotUrl(), new Response(snapshot.slice(0))).catch(() => {});
}

const compiledIn = new WeakSet<SandboxFrame>();

async function runPython(req: RunRequest, limits: Limits): Promise<Collected> {
  let worker: PythonWorker;
  try {
    // A second try starts without the snapshot, should restoring it have failed.
    worker = await pythonWorker().catch(() => pythonWorker());
  } catch (error) {
    return { status: 'error', stdout: '', stderr: `${error instanceof Error ? error.message : String(error)}\n` };
  }
  const request: SandboxRequest = { t: 'run', source: req.source, stdin: req.stdin, outputLimitBytes: limits.outputLimitBytes };
  worker.handle.port.postMessage(request);
  const result = await collect(worker.handle, limits, () => '');
  if (result.status === 'timeout' || result.status === 'output_limit' || result.status === 'error') {
    // The interpreter may still be looping, or the program may have broken it: start afresh.
    if (result.status !== 'error' || /Fatal Python error|RuntimeError: memory access/.test(result.stderr)) {
      worker.handle.stop();
      python = undefined;
      void pythonWorker().catch(() => {});
    }
  }
  return result;
}

// ------------------------------------------------------------------------------ public API

let queue: Promise<unknown> = Promise.resolve();

/** Runs one program with `stdin`; one at a time. Never rejects: a failure is a result with status `error`. */
export function runProgram(req: RunRequest): Promise<RunResult> {
  const started = performance.now();
  const run = queue.then(async (): Promise<RunResult> => {
    const limits = limitsOf(req);
    let collected: Collected;
    try {
      collected = req.language === 'python' ? await runPython(req, limits) : await runScript(req, limits);
    } catch (error) {
      collected = { status: 'error', stdout: '', stderr: `${error instanceof Error ? error.message : String(error)}\n` };
    }
    return { ...collected, ms: Math.round(performance.now() - started) };
  });
  queue = run;
  return run;
}

/** Runs each test's input through the program and compares its output with `outputMatches`. */
export async function runTests(language: CodeLanguage, source: string, tests: { id: string; name: string; input: string; expectedOutput: string }[]): Promise<TestOutcome[]> {
  const outcomes: TestOutcome[] = [];
  for (const test of tests) {
    const result = await runProgram({ language, source, stdin: test.input });
    outcomes.push({ testId: test.id, name: test.name, passed: result.status === 'ok' && outputMatches(test.expectedOutput, result.stdout), result });
  }
  return outcomes;
}

/**
 * Makes `language` runnable offline on this device. Python: Pyodide's files (`totalBytes` in all)
 * into the Cache API, then an interpreter started in the sandbox so the first Run is quick.
 * JavaScript and TypeScript need nothing more than the app itself.
 */
export async function prepareRuntime(language: CodeLanguage, onProgress?: (loadedBytes: number, totalBytes: number) => void): Promise<void> {
  await keepCodeOffline();
  if (language !== 'python') {
    onProgress?.(0, 0);
    return;
  }
  const total = pyodideTotalBytes();
  const listener = (loaded: number) => onProgress?.(Math.min(loaded, total), total);
  progressListeners.add(listener);
  onProgress?.(0, total);
  try {
    await loadPythonAssets();
    onProgress?.(total, total);
  } finally {
    progressListeners.delete(listener);
  }
  void pythonWorker().catch(() => {});
}
