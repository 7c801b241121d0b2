/**
 * Development only (the Worker answers /dev/* with 404 elsewhere): the code editor and the sandboxed
 * runner on their own, for the browser tests and the bench.
 */
import { ChangeSet, Text } from '@codemirror/state';
import { createSignal, lazy, Show, Suspense } from 'solid-js';
import type { CodeLanguage, RunResult, TestOutcome } from '../../../worker/schemas/code';
import { Button, Field } from '../ui/components';
import { RunOutput, TestResults } from './RunOutput';
import { prepareRuntime, runProgram, runTests } from './runner';

const CodeEditor = lazy(() => import('./CodeEditor'));

const STARTER: Record<CodeLanguage, string> = {
  javascript: 'console.log("Hello from JavaScript");\n',
  typescript: 'const greeting: string = "Hello from TypeScript";\nconsole.log(greeting);\n',
  python: 'print("Hello from Python")\n',
};

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

export default function CodePlayground() {
  const [language, setLanguage] = createSignal<CodeLanguage>('javascript');
  const [code, setCode] = createSignal(STARTER.javascript);
  const [stdin, setStdin] = createSignal('');
  const [expected, setExpected] = createSignal('');
  const [running, setRunning] = createSignal(false);
  const [result, setResult] = createSignal<RunResult | null>(null);
  const [outcomes, setOutcomes] = createSignal<TestOutcome[] | null>(null);
  const [prepare, setPrepare] = createSignal('');
  const [clicks, setClicks] = createSignal(0);
  const [pastes, setPastes] = createSignal(0);
  // The change log as a reviewer's playback replays it: from the starter code, change by change.
  let replayed = Text.of(STARTER.javascript.split('\n'));
  const [changes, setChanges] = createSignal(0);
  const [rebuilds, setRebuilds] = createSignal(true);
  const onChange = (json: unknown, doc: string) => {
    replayed = ChangeSet.fromJSON(json).apply(replayed);
    setChanges((n) => n + 1);
    setRebuilds(replayed.toString() === doc);
    setCode(doc);
  };

  const choose = (next: CodeLanguage) => {
    setLanguage(next);
    setCode(STARTER[next]);
    replayed = Text.of(STARTER[next].split('\n'));
    setChanges(0);
    setRebuilds(true);
  };
  const run = async () => {
    setRunning(true);
    setOutcomes(null);
    setResult(null);
    try {
      setResult(await runProgram({ language: language(), source: code(), stdin: stdin() }));
    } finally {
      setRunning(false);
    }
  };
  const test = async () => {
    setRunning(true);
    setResult(null);
    setOutcomes(null);
    try {
      setOutcomes(await runTests(language(), code(), [{ id: 't1', name: 'Test 1', input: stdin(), expectedOutput: expected() }]));
    } finally {
      setRunning(false);
    }
  };
  const preparePython = async () => {
    try {
      await prepareRuntime('python', (loaded, total) => setPrepare(`Preparing Python… ${megabytes(loaded)} of ${megabytes(total)}`));
      setPrepare('Python is ready, offline too.');
    } catch (error) {
      setPrepare(`Python could not be prepared: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <main class="hf-stack" style={{ padding: 'var(--hf-space-4)', 'max-width': '60rem', margin: '0 auto' }}>
      <h1>Code sandbox (development)</h1>
      <div class="hf-row">
        <Field label="Language" id="playground-language">
          <select id="playground-language" value={language()} onChange={(e) => choose(e.currentTarget.value as CodeLanguage)}>
            <option value="javascript">JavaScript</option>
            <option value="typescript">TypeScript</option>
            <option value="python">Python</option>
          </select>
        </Field>
        <Button variant="secondary" onClick={() => void preparePython()}>
          Prepare Python
        </Button>
        <span role="status">{prepare()}</span>
      </div>
      <Suspense fallback={<p class="hf-muted">Loading the editor…</p>}>
        <CodeEditor language={language()} doc={code()} label="Code" onChange={onChange} onPaste={(size) => setPastes((n) => n + size)} />
      </Suspense>
      <p class="hf-muted">
        Pasted {pastes()} characters. {changes()} changes; replayed from the starter code they {rebuilds() ? 'rebuild' : 'do not rebuild'} the document.
      </p>
      <Field label="Input" id="playground-stdin">
        <textarea id="playground-stdin" class="hf-pre" value={stdin()} onInput={(e) => setStdin(e.currentTarget.value)} />
      </Field>
      <Field label="Expected output" id="playground-expected">
        <textarea id="playground-expected" class="hf-pre" value={expected()} onInput={(e) => setExpected(e.currentTarget.value)} />
      </Field>
      <div class="hf-row">
        <Button onClick={() => void run()} disabled={running()}>
          Run
        </Button>
        <Button variant="secondary" onClick={() => void test()} disabled={running()}>
          Run tests
        </Button>
        <Button variant="quiet" onClick={() => setClicks((n) => n + 1)}>
          Count
        </Button>
        <span>Clicked {clicks()} times</span>
        <Show when={running()}>
          <span role="status">Running…</span>
        </Show>
      </div>
      <Show when={result()}>{(r) => <RunOutput result={r()} />}</Show>
      <Show when={outcomes()}>{(o) => <TestResults outcomes={o()} expected={{ t1: expected() }} />}</Show>
    </main>
  );
}
