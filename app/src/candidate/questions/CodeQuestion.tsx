/**
 * A code question: the editor with the starter code (or the saved draft), Run with stdin, the
 * visible tests, and the event log. Loaded lazily (InterviewFlow, TakeHome), so CodeMirror and the
 * runner never reach interviews without code. Every change, run, paste and time away from the page
 * is saved to IndexedDB with the document before anything is sent (app/src/lib/code-log.ts).
 */
import { createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import type { CandidateQuestion } from '../../../../worker/schemas/candidate';
import { type CodeDraft, type CodeEvent, RUN_OUTPUT_LIMIT_BYTES, type RunResult, type TestOutcome } from '../../../../worker/schemas/code';
import CodeEditor from '../../code/CodeEditor';
import { RunOutput, TestResults } from '../../code/RunOutput';
import { runProgram, runTests } from '../../code/runner';
import { openCodeDoc, recordCodeEvent } from '../../lib/code-log';
import { Banner, Button } from '../../ui/components';
import { tc } from '../code-messages';
import type { Device } from '../device';

type Question = Extract<CandidateQuestion, { type: 'code' }>;

/** The parent's handle: waits for every event to be saved and answers the document. */
export interface CodeQuestionHandle {
  flush(): Promise<string>;
}

/** How long typing may go on before the uploader is woken: events are saved at once, sent in batches. */
const SEND_AFTER_MS = 1_500;

function clipped(result: RunResult): RunResult {
  return {
    status: result.status,
    stdout: result.stdout.slice(0, RUN_OUTPUT_LIMIT_BYTES),
    stderr: result.stderr.slice(0, RUN_OUTPUT_LIMIT_BYTES),
    ms: Math.min(600_000, Math.max(0, Math.round(result.ms))),
  };
}

export default function CodeQuestion(props: {
  question: Question;
  sessionId: string;
  device: Device;
  draft: CodeDraft | undefined;
  readOnly?: boolean;
  onHandle?: (handle: CodeQuestionHandle) => void;
  /** One-way interviews: the answer is submitted from here. */
  onSubmit?: (code: string) => void;
}) {
  const [initial, setInitial] = createSignal<string | null>(null);
  const [doc, setDoc] = createSignal('');
  const [stdin, setStdin] = createSignal(props.question.tests[0]?.input ?? '');
  const [running, setRunning] = createSignal(false);
  const [result, setResult] = createSignal<RunResult | null>(null);
  const [outcomes, setOutcomes] = createSignal<TestOutcome[] | null>(null);
  const [saveError, setSaveError] = createSignal<string | null>(null);
  const [late, setLate] = createSignal(0);
  const { db, uploader } = props.device;

  // Events are saved one after another, in the order they happened.
  let chain: Promise<unknown> = Promise.resolve();
  let sendTimer: ReturnType<typeof setTimeout> | undefined;
  const sendSoon = (now = false) => {
    if (now) {
      clearTimeout(sendTimer);
      sendTimer = undefined;
      void uploader.kick();
      return;
    }
    sendTimer ??= setTimeout(() => {
      sendTimer = undefined;
      void uploader.kick();
    }, SEND_AFTER_MS);
  };
  function record(event: CodeEvent, after?: string): void {
    chain = chain
      .then(() => recordCodeEvent(db, props.sessionId, props.question.id, event, after))
      .then(
        () => setSaveError(null),
        (err: unknown) => setSaveError(tc.saveFailed(err instanceof Error ? err.message : String(err))),
      );
    sendSoon();
  }
  const flush = async () => {
    await chain;
    sendSoon(true);
    return (await db.get('codeDocs', [props.sessionId, props.question.id]))?.doc ?? doc();
  };

  // Time away from the page: leaving once, coming back once, whichever event says it first.
  let away = typeof document !== 'undefined' && document.visibilityState === 'hidden';
  const leave = () => {
    if (away || props.readOnly) return;
    away = true;
    record({ k: 'blur', t: Date.now() });
    sendSoon(true); // the page may be closing
  };
  const back = () => {
    if (!away || props.readOnly || document.visibilityState !== 'visible') return;
    away = false;
    record({ k: 'focus', t: Date.now() });
  };
  const onVisibility = () => (document.visibilityState === 'hidden' ? leave() : back());

  onMount(async () => {
    const opened = await openCodeDoc(db, props.sessionId, props.question.id, props.question.starterCode, props.draft);
    setDoc(opened.doc);
    setLate(opened.lateEvents);
    setInitial(opened.doc);
    props.onHandle?.({ flush });
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('blur', leave);
    window.addEventListener('focus', back);
  });
  onCleanup(() => {
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('blur', leave);
    window.removeEventListener('focus', back);
    if (sendTimer !== undefined) sendSoon(true);
  });

  async function run() {
    setRunning(true);
    setOutcomes(null);
    try {
      const input = stdin();
      const output = clipped(await runProgram({ language: props.question.language, source: doc(), stdin: input }));
      setResult(output);
      record({ k: 'run', t: Date.now(), stdin: input.slice(0, 4_000), result: output });
    } finally {
      setRunning(false);
    }
  }

  async function test() {
    setRunning(true);
    setResult(null);
    try {
      const source = doc();
      const results = await runTests(props.question.language, source, props.question.tests);
      setOutcomes(results);
      for (const [i, outcome] of results.entries()) {
        record({ k: 'run', t: Date.now(), stdin: (props.question.tests[i]?.input ?? '').slice(0, 4_000), result: clipped(outcome.result), testId: outcome.testId.slice(0, 40) });
      }
    } finally {
      setRunning(false);
    }
  }

  const expected = () => Object.fromEntries(props.question.tests.map((t) => [t.id, t.expectedOutput]));
  const stdinId = `stdin-${props.question.id}`;

  return (
    <div class="hf-stack">
      <Show when={initial() !== null}>
        <CodeEditor
          language={props.question.language}
          doc={initial() ?? ''}
          label={tc.editorLabel(props.question.title)}
          keysText={tc}
          readOnly={props.readOnly ?? false}
          onChange={(changes, after) => {
            setDoc(after);
            record({ k: 'change', t: Date.now(), changes: changes as Extract<CodeEvent, { k: 'change' }>['changes'] }, after);
          }}
          onPaste={(size) => record({ k: 'paste', t: Date.now(), size })}
        />
      </Show>
      <p class="hf-muted">{tc.savedOnDevice}</p>
      <Show when={saveError()}>{(message) => <Banner tone="error">{message()}</Banner>}</Show>
      <Show when={late() > 0}>
        <Banner tone="warning">{tc.lateRefused(late())}</Banner>
      </Show>
      <div class="hf-field">
        <label for={stdinId}>{tc.stdinLabel}</label>
        <textarea id={stdinId} rows={3} value={stdin()} onInput={(e) => setStdin(e.currentTarget.value)} aria-describedby={`${stdinId}-hint`} />
        <span id={`${stdinId}-hint`} class="hf-hint">
          {tc.stdinHint}
        </span>
      </div>
      <div class="hf-row">
        <Button onClick={() => void run()} disabled={running()}>
          {tc.run}
        </Button>
        <Show when={props.question.tests.length > 0}>
          <Button variant="secondary" onClick={() => void test()} disabled={running()}>
            {tc.runTests}
          </Button>
        </Show>
        <Show when={running()}>
          <span role="status">{tc.running}</span>
        </Show>
      </div>
      <Show when={result()}>{(r) => <RunOutput result={r()} text={tc} />}</Show>
      <Show when={outcomes()}>{(o) => <TestResults outcomes={o()} expected={expected()} text={tc} />}</Show>
      <section aria-labelledby={`tests-${props.question.id}`} class="hf-stack">
        <h2 id={`tests-${props.question.id}`}>{tc.visibleTests}</h2>
        <Show when={props.question.tests.length > 0} fallback={<p class="hf-muted">{tc.noTests}</p>}>
          <ul class="hf-test-list">
            <For each={props.question.tests}>
              {(t) => (
                <li class="hf-test">
                  <strong>{t.name}</strong>
                  <div class="hf-test__compare">
                    <figure class="hf-run-output__figure">
                      <figcaption>{tc.testInput}</figcaption>
                      <pre class="hf-run-output__stream">{t.input}</pre>
                    </figure>
                    <figure class="hf-run-output__figure">
                      <figcaption>{tc.testExpected}</figcaption>
                      <pre class="hf-run-output__stream">{t.expectedOutput}</pre>
                    </figure>
                  </div>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
      <Show when={props.onSubmit}>
        {(submit) => (
          <Button onClick={() => void flush().then((code) => submit()(code))} disabled={running()}>
            {tc.saveAndContinue}
          </Button>
        )}
      </Show>
    </div>
  );
}
