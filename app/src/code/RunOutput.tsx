/** What a run printed, and why it stopped when it did not end by itself. */
import { For, Show } from 'solid-js';
import { RUN_OUTPUT_LIMIT_BYTES, RUN_TIME_LIMIT_MS, type RunResult, type TestOutcome } from '../../../worker/schemas/code';
import './code.css';

function statusMessage(result: RunResult, timeLimitMs: number, outputLimitBytes: number): string | null {
  if (result.status === 'timeout') return `Stopped after ${timeLimitMs / 1000} s: the program ran too long.`;
  if (result.status === 'output_limit') return `Stopped: the program printed more than ${Math.round(outputLimitBytes / 1024)} KB.`;
  if (result.status === 'error') return 'The program ended with an error.';
  return null;
}

/** stdout and stderr of one run, with the reason it stopped when that was a limit or an error. */
export function RunOutput(props: { result: RunResult; label?: string; timeLimitMs?: number; outputLimitBytes?: number }) {
  const message = () => statusMessage(props.result, props.timeLimitMs ?? RUN_TIME_LIMIT_MS, props.outputLimitBytes ?? RUN_OUTPUT_LIMIT_BYTES);
  return (
    <section class="hf-run-output" aria-label={props.label ?? 'Run output'}>
      <Show when={message()}>
        <p class={`hf-run-output__status hf-run-output__status--${props.result.status}`} role="status">
          {message()}
        </p>
      </Show>
      <h3 class="hf-run-output__heading">Output</h3>
      <figure class="hf-run-output__figure" aria-label="Standard output">
        <pre class="hf-run-output__stream">{props.result.stdout || <span class="hf-muted">(nothing printed)</span>}</pre>
      </figure>
      <Show when={props.result.stderr}>
        <h3 class="hf-run-output__heading">Errors</h3>
        <figure class="hf-run-output__figure" aria-label="Standard error">
          <pre class="hf-run-output__stream hf-run-output__stream--err">{props.result.stderr}</pre>
        </figure>
      </Show>
      <p class="hf-muted">Ran in {(props.result.ms / 1000).toFixed(2)} s</p>
    </section>
  );
}

/** Each test's verdict; a failed one shows the expected output beside the program's. */
export function TestResults(props: { outcomes: TestOutcome[]; expected: Record<string, string> }) {
  const passed = () => props.outcomes.filter((o) => o.passed).length;
  return (
    <section class="hf-run-output" aria-label="Test results">
      <p role="status">
        {passed()} of {props.outcomes.length} tests passed
      </p>
      <ul class="hf-test-list">
        <For each={props.outcomes}>
          {(outcome) => (
            <li class={`hf-test hf-test--${outcome.passed ? 'pass' : 'fail'}`} aria-label={`${outcome.name}: ${outcome.passed ? 'passed' : 'failed'}`}>
              <strong>
                {outcome.passed ? '✓' : '✗'} {outcome.name}: {outcome.passed ? 'passed' : 'failed'}
              </strong>
              <Show when={!outcome.passed}>
                <Show when={statusMessage(outcome.result, RUN_TIME_LIMIT_MS, RUN_OUTPUT_LIMIT_BYTES)}>{(m) => <p>{m()}</p>}</Show>
                <div class="hf-test__compare">
                  <figure class="hf-run-output__figure">
                    <figcaption>Expected output</figcaption>
                    <pre class="hf-run-output__stream">{props.expected[outcome.testId] ?? ''}</pre>
                  </figure>
                  <figure class="hf-run-output__figure">
                    <figcaption>Actual output</figcaption>
                    <pre class="hf-run-output__stream">{outcome.result.stdout}</pre>
                  </figure>
                </div>
                <Show when={outcome.result.stderr}>
                  <figure class="hf-run-output__figure">
                    <figcaption>Errors</figcaption>
                    <pre class="hf-run-output__stream hf-run-output__stream--err">{outcome.result.stderr}</pre>
                  </figure>
                </Show>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
