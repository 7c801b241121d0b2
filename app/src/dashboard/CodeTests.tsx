/**
 * A code question's tests, hidden ones included, run in the reviewer's browser in the same
 * sandbox as the candidate's Run (app/src/code/runner.ts), never on the server. The first reviewer
 * to open an answer without stored results runs them and stores them (`auto`: the session keeps
 * the first such run only, so two reviewers opening at once store one); everyone sees the latest
 * stored run; "Run tests again" stores a new one. Loaded lazily, for code answers only.
 */
import { createEffect, createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import type { CodeTestsView, StoredTestRun } from '../../../worker/schemas/code-review';
import { runTests } from '../code/runner';
import { Button, ErrorBanner } from '../ui/components';
import { codeReview } from './code-review';
import { ApiError, describeError } from './data';

const newRunId = () => `run-${crypto.randomUUID()}`;

export default function CodeTests(props: {
  sessionId: string;
  questionId: string;
  title: string;
  code: string;
  /** The latest stored run's score, for the review page's question list. */
  onLatest?: (passed: number, total: number) => void;
}) {
  const [view, setView] = createSignal<CodeTestsView | null>(null);
  const [running, setRunning] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [hidden, setHidden] = createSignal(false);

  async function run(auto: boolean, tests: CodeTestsView) {
    setRunning(true);
    setError(null);
    try {
      const outcomes = await runTests(tests.language, props.code, tests.tests);
      const runId = newRunId();
      const post = () => codeReview.storeRun(props.sessionId, props.questionId, { runId, auto, outcomes });
      // One retry with the same run id: if the first reached the server, the retry answers it.
      const stored = await post().catch(post);
      setView(stored);
    } catch (err) {
      setError(`The tests could not be run or stored: ${describeError(err)}`);
    } finally {
      setRunning(false);
    }
  }

  const [loaded] = createResource(
    () => [props.sessionId, props.questionId] as const,
    async ([sessionId, questionId]) => {
      try {
        const tests = await codeReview.tests(sessionId, questionId);
        setView(tests);
        // Nobody ran them yet: this reviewer's browser does, once, and stores the result for everyone.
        if (tests.runs.length === 0 && tests.tests.length > 0) void run(true, tests);
        return true;
      } catch (err) {
        // A member who may not review sees no hidden tests, and no results that would give them away.
        if (err instanceof ApiError && err.status === 403) setHidden(true);
        else setError(describeError(err));
        return false;
      }
    },
  );

  const latest = () => view()?.runs.at(-1) ?? null;
  createEffect(() => {
    const run = latest();
    if (run) props.onLatest?.(run.passed, run.total);
  });
  return (
    <Show when={!hidden()}>
      <section class="hf-stack" aria-label={`Tests of “${props.title}”`}>
        <h4>Tests</h4>
        <ErrorBanner message={error()} />
        <Switch>
          <Match when={loaded.loading}>
            <p role="status">Loading the tests…</p>
          </Match>
          <Match when={view()?.tests.length === 0}>
            <p class="hf-muted">This question has no tests.</p>
          </Match>
          <Match when={view()}>
            {(v) => (
              <>
                <p role="status">
                  {running() ? 'Running the tests in a sandbox in this browser…' : latest() ? `${latest()?.passed} of ${latest()?.total} tests passed` : 'No results yet.'}
                </p>
                <Show when={latest()}>{(r) => <RunResults run={r()} view={v()} />}</Show>
                <div class="hf-row">
                  <Button variant="secondary" disabled={running()} onClick={() => void run(false, v())}>
                    Run tests again
                  </Button>
                  <span class="hf-muted">Runs every test, hidden ones too, in a sandbox in this browser; the new results are kept for every reviewer.</span>
                </div>
              </>
            )}
          </Match>
        </Switch>
      </section>
    </Show>
  );
}

function RunResults(props: { run: StoredTestRun; view: CodeTestsView }) {
  const testOf = (id: string) => props.view.tests.find((t) => t.id === id);
  return (
    <div class="hf-stack">
      <p class="hf-muted">
        {props.run.auto ? 'Run when the answer was first opened' : 'Run again'} by {props.run.ranBy.name}, {new Date(props.run.ranAt).toLocaleString()}
        {props.view.runs.length > 1 ? ` · ${props.view.runs.length} runs stored` : ''}
      </p>
      <ul class="hf-list" aria-label="Test results">
        <For each={props.run.outcomes}>
          {(outcome) => (
            <li>
              <div class="hf-row">
                <strong>{outcome.name}</strong>
                <Show when={testOf(outcome.testId)?.hidden}>
                  <span class="hf-tag">hidden</span>
                </Show>
                <span
                  class="hf-tag"
                  style={outcome.passed ? { background: 'var(--hf-green-100)', color: 'var(--hf-green-700)' } : { background: 'var(--hf-red-100)', color: 'var(--hf-red-700)' }}
                >
                  {outcome.passed ? '✓ passed' : '✗ failed'}
                </span>
                <span class="hf-muted">
                  {outcome.result.ms} ms{outcome.result.status === 'ok' ? '' : ` · ${outcome.result.status}`}
                </span>
              </div>
              {/* A failure opens with its outputs side by side; a pass keeps them a click away. */}
              <details open={!outcome.passed} style={{ 'flex-basis': '100%' }}>
                <summary>{outcome.passed ? 'Output' : 'Expected and actual output'}</summary>
                <span class="hf-label">Input</span>
                <pre class="hf-pre">{testOf(outcome.testId)?.input || '(none)'}</pre>
                <span class="hf-label">Expected</span>
                <pre class="hf-pre">{testOf(outcome.testId)?.expectedOutput}</pre>
                <span class="hf-label">Actual</span>
                <pre class="hf-pre">{outcome.result.stdout || '(none)'}</pre>
                <Show when={outcome.result.stderr}>
                  <span class="hf-label">Errors</span>
                  <pre class="hf-pre">{outcome.result.stderr}</pre>
                </Show>
              </details>
            </li>
          )}
        </For>
      </ul>
    </div>
  );
}
