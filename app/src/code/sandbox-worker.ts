/**
 * The harness inside the sandbox's Worker (see runner.ts and worker/schemas/code-sandbox.ts). It
 * runs in an opaque origin under a policy without network, and it is all the page trusts nothing
 * of: the page enforces the time and output limits itself, by terminating this Worker.
 *
 * JavaScript: the page appends the program to this script (a Worker cannot evaluate code it is
 * sent: the policy has no 'unsafe-eval'), as `self.__holdfastProgram`; one Worker per run.
 * Python: the page prepends Pyodide's module code, hands over its standard library and compiled
 * WebAssembly, and sends programs to run one after another in a fresh `__main__` each.
 */
import { loadPyodide, type PyodideInterface } from 'pyodide';
import { format, inspect } from './console-format';
import type { SandboxInit, SandboxReply, SandboxRequest } from './sandbox-protocol';

type Scope = typeof globalThis & {
  __holdfastProgram?: (module: { exports: unknown }, exports: unknown) => unknown;
  _createPyodideModule?: unknown;
};
const scope = self as unknown as Scope;
const workerScope = self as unknown as { onmessage: ((event: MessageEvent) => void) | null; close(): void };

workerScope.onmessage = (event: MessageEvent<{ port: MessagePort; init: SandboxInit; wasm: WebAssembly.Module | null }>) => {
  workerScope.onmessage = null;
  const { port, init, wasm } = event.data;
  const send = (reply: SandboxReply) => port.postMessage(reply);
  const output = outputSink(send);
  if (init.kind === 'javascript') {
    port.onmessage = (message: MessageEvent<SandboxRequest>) => {
      if (message.data.t !== 'run') return;
      output.reset(message.data.outputLimitBytes);
      void runJavaScript(message.data.stdin, output, send);
    };
  } else {
    void startPython(init, wasm, output, port).then((pyodide) => {
      if (!pyodide) return;
      port.onmessage = (message: MessageEvent<SandboxRequest>) => {
        if (message.data.t !== 'run') return;
        output.reset(message.data.outputLimitBytes);
        runPython(message.data.source ?? '', message.data.stdin, output, send);
      };
    });
  }
  send({ t: 'started' });
};

interface Output {
  write(stream: 1 | 2, text: string): void;
  reset(limit: number): void;
}

/** Sends what the program writes, and stops sending past the limit (the page cuts the run there). */
function outputSink(send: (reply: SandboxReply) => void): Output {
  let bytes = 0;
  let limit = 0;
  const encoder = new TextEncoder();
  return {
    write(stream, text) {
      if (bytes > limit || !text) return;
      bytes += encoder.encode(text).length;
      send({ t: 'out', s: stream, text });
    },
    reset(next) {
      bytes = 0;
      limit = next;
    },
  };
}

// ---------------------------------------------------------------- JavaScript and TypeScript

class ProcessExit {
  constructor(readonly code: number) {}
}

async function runJavaScript(stdin: string, output: Output, send: (reply: SandboxReply) => void): Promise<void> {
  let finished = false;
  let exitCode = 0;
  const finish = (code: number) => {
    if (finished) return;
    finished = true;
    send({ t: 'done', exit: code });
  };
  const out = (text: string) => !finished && output.write(1, text);
  const err = (text: string) => !finished && output.write(2, text);
  const reportError = (error: unknown) => {
    if (error instanceof ProcessExit) return finish(error.code);
    err(`${error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : `Uncaught ${inspect(error, 1)}`}\n`);
    exitCode = 1;
    finish(1);
  };

  // stdin, as Node offers it to a program reading a pipe: all at once, or line by line.
  const lines = stdin.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let nextLine = 0;
  const readLine = (): string | undefined => (nextLine < lines.length ? lines[nextLine++] : undefined);
  const fs = {
    readFileSync(path: unknown, _encoding?: unknown) {
      if (path === 0 || path === '/dev/stdin') return stdin;
      throw new Error(`ENOENT: no such file or directory, open '${String(path)}' (only stdin can be read here)`);
    },
  };
  const timers = new Set<unknown>();
  const originalSetTimeout = setTimeout;
  const originalSetInterval = setInterval;
  const originalClearTimeout = clearTimeout;
  const originalClearInterval = clearInterval;
  let settled = false;
  // The program ends as a Node process does: its main code has run and no timer is left.
  const maybeEnd = () => {
    if (settled && timers.size === 0) originalSetTimeout(() => timers.size === 0 && finish(exitCode), 0);
  };
  const guard =
    (fn: (...a: unknown[]) => unknown) =>
    (...a: unknown[]) => {
      try {
        fn(...a);
      } catch (error) {
        reportError(error);
      }
    };
  Object.assign(scope, {
    setTimeout: (fn: (...a: unknown[]) => unknown, ms?: number, ...rest: unknown[]) => {
      const id = originalSetTimeout(() => {
        timers.delete(id);
        guard(fn)(...rest);
        maybeEnd();
      }, ms);
      timers.add(id);
      return id;
    },
    setInterval: (fn: (...a: unknown[]) => unknown, ms?: number, ...rest: unknown[]) => {
      const id = originalSetInterval(() => guard(fn)(...rest), ms);
      timers.add(id);
      return id;
    },
    clearTimeout: (id: ReturnType<typeof setTimeout>) => {
      originalClearTimeout(id);
      timers.delete(id);
      maybeEnd();
    },
    clearInterval: (id: ReturnType<typeof setInterval>) => {
      originalClearInterval(id);
      timers.delete(id);
      maybeEnd();
    },
  });

  const readlineModule = {
    createInterface() {
      const handlers: Record<string, ((arg?: string) => void)[]> = {};
      const rl = {
        on(name: string, handler: (arg?: string) => void) {
          handlers[name] = [...(handlers[name] ?? []), handler];
          return rl;
        },
        close() {},
        async *[Symbol.asyncIterator]() {
          for (let line = readLine(); line !== undefined; line = readLine()) yield line;
        },
      };
      // Lines arrive after the program's main code has subscribed, as from a real pipe.
      scope.setTimeout(() => {
        for (let line = readLine(); line !== undefined; line = readLine()) for (const h of handlers.line ?? []) h(line);
        for (const h of handlers.close ?? []) h();
      }, 0);
      return rl;
    },
  };
  const modules: Record<string, unknown> = { fs, 'node:fs': fs, readline: readlineModule, 'node:readline': readlineModule };
  const processObject = {
    argv: ['node', 'main.js'],
    env: {},
    platform: 'browser',
    stdout: {
      write: (text: unknown) => {
        out(String(text));
        return true;
      },
    },
    stderr: {
      write: (text: unknown) => {
        err(String(text));
        return true;
      },
    },
    stdin: { fd: 0 },
    exit: (code?: number) => {
      throw new ProcessExit(code ?? exitCode);
    },
    set exitCode(code: number) {
      exitCode = code;
    },
    get exitCode() {
      return exitCode;
    },
  };
  const consoleObject = {
    log: (...a: unknown[]) => out(`${format(a)}\n`),
    info: (...a: unknown[]) => out(`${format(a)}\n`),
    debug: (...a: unknown[]) => out(`${format(a)}\n`),
    warn: (...a: unknown[]) => err(`${format(a)}\n`),
    error: (...a: unknown[]) => err(`${format(a)}\n`),
    trace: (...a: unknown[]) => err(`Trace: ${format(a)}\n`),
    table: (...a: unknown[]) => out(`${format(a)}\n`),
    dir: (v: unknown) => out(`${inspect(v, 1)}\n`),
  };
  Object.assign(scope, {
    console: consoleObject,
    process: processObject,
    require: (name: string) => {
      if (name in modules) return modules[name];
      throw new Error(`Cannot find module '${name}' (only fs and readline, for stdin, are available)`);
    },
    /** One line of stdin, without its newline; undefined after the last (as d8's and Python's `input()`). */
    input: () => readLine(),
    readline: () => readLine(),
  });
  self.addEventListener('error', (event) => {
    event.preventDefault();
    reportError(event.error ?? event.message);
  });
  self.addEventListener('unhandledrejection', (event) => {
    event.preventDefault();
    reportError(event.reason);
  });

  const program = scope.__holdfastProgram;
  if (!program) {
    err('The program could not be loaded.\n');
    return finish(1);
  }
  try {
    const module = { exports: {} };
    await program(module, module.exports);
  } catch (error) {
    reportError(error);
  }
  settled = true;
  maybeEnd();
}

// ---------------------------------------------------------------------------------- Python

const PYTHON_HARNESS = `
import sys, io, traceback, linecache
def _holdfast_run(source, stdin):
    sys.stdin = io.StringIO(stdin)
    # Tracebacks quote the program's lines, as they would from a file.
    linecache.cache["main.py"] = (len(source), None, source.splitlines(True), "main.py")
    scope = {"__name__": "__main__", "__builtins__": __builtins__}
    try:
        exec(compile(source, "main.py", "exec"), scope)
        return 0
    except SystemExit as e:
        if e.code is None:
            return 0
        if isinstance(e.code, int):
            return e.code
        print(e.code, file=sys.stderr)
        return 1
    except BaseException as e:
        traceback.print_exception(type(e), e, e.__traceback__.tb_next)
        return 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
_holdfast_run
`;

async function startPython(init: Extract<SandboxInit, { kind: 'python' }>, wasm: WebAssembly.Module | null, output: Output, port: MessagePort): Promise<PyodideInterface | null> {
  const send = (reply: SandboxReply) => port.postMessage(reply);
  const started = performance.now();
  // Pyodide fetches its WebAssembly and standard library; here nothing can be fetched (the policy
  // has no connect-src), so the bytes the page handed over answer those two requests.
  const realFetch = scope.fetch;
  const realInstantiateStreaming = WebAssembly.instantiateStreaming;
  scope.fetch = async (input: RequestInfo | URL) => {
    const name = String(input instanceof Request ? input.url : input)
      .split('/')
      .pop();
    if (name === 'python_stdlib.zip') return new Response(init.stdlib);
    throw new TypeError(`The sandbox has no network (${name}).`);
  };
  if (wasm) {
    // Compiled once by the frame: a restarted interpreter only instantiates it.
    WebAssembly.instantiateStreaming = async (_source, imports) => ({ module: wasm, instance: await WebAssembly.instantiate(wasm, imports) });
  }
  try {
    const createPyodideModule = scope._createPyodideModule as Parameters<typeof loadPyodide>[0] extends infer C ? (C extends { createPyodideModule?: infer F } ? F : never) : never;
    const pyodide = await loadPyodide({
      indexURL: init.indexURL,
      lockFileContents: init.lock,
      createPyodideModule,
      env: { HOME: '/home/candidate' },
      ...(init.snapshot ? { _loadSnapshot: init.snapshot } : { _makeSnapshot: true }),
    });
    // Taken before any program runs here, so a restored interpreter carries nothing of one.
    const snapshot = init.snapshot ? undefined : pyodide.makeMemorySnapshot().slice().buffer;
    const decoders = { 1: new TextDecoder(), 2: new TextDecoder() };
    for (const stream of [1, 2] as const) {
      const options = {
        write: (bytes: Uint8Array) => {
          output.write(stream, decoders[stream].decode(bytes, { stream: true }));
          return bytes.length;
        },
        // Line by line, so what a program printed before it hangs reaches the page.
        isatty: true,
      };
      if (stream === 1) pyodide.setStdout(options);
      else pyodide.setStderr(options);
    }
    pythonRun = pyodide.runPython(PYTHON_HARNESS) as PythonRun;
    const ready: SandboxReply = { t: 'ready', ms: Math.round(performance.now() - started), ...(snapshot ? { snapshot } : {}) };
    port.postMessage(ready, snapshot ? [snapshot] : []);
    return pyodide;
  } catch (error) {
    send({ t: 'fail', message: `Python could not start: ${error instanceof Error ? error.message : String(error)}` });
    return null;
  } finally {
    scope.fetch = realFetch;
    WebAssembly.instantiateStreaming = realInstantiateStreaming;
  }
}

type PythonRun = ((source: string, stdin: string) => number) & { destroy?: () => void };
let pythonRun: PythonRun | undefined;

function runPython(source: string, stdin: string, output: Output, send: (reply: SandboxReply) => void): void {
  let exit = 1;
  try {
    exit = pythonRun ? pythonRun(source, stdin) : 1;
  } catch (error) {
    output.write(2, `${error instanceof Error ? error.message : String(error)}\n`);
  }
  send({ t: 'done', exit });
}
