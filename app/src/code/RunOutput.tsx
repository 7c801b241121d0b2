/** What a run printed, and why it stopped when it did not end by itself. */
import { For, Show } from 'solid-js';
import { RUN_OUTPUT_LIMIT_BYTES, RUN_TIME_LIMIT_MS, type RunResult, type TestOutcome } from '../../../worker/schemas/code';
import './code.css';
import { englishRunText, type RunText } from './run-text';

const ENGLISH = englishRunText((n, options) => n.toLocaleString('en', options));

function statusMessage(result: RunResult, timeLimitMs: number, outputLimitBytes: number, text: RunText): string | null {
  if (result.status === 'timeout') return text.stoppedTime(timeLimitMs / 1000);
  if (result.status === 'output_limit') return text.stoppedOutput(Math.round(outputLimitBytes / 1024));
  if (result.status === 'error') return text.endedWithError;
  return null;
}

/** stdout and stderr of one run, with the reason it stopped when that was a limit or an error. */
export function RunOutput(props: { result: RunResult; label?: string; timeLimitMs?: number; outputLimitBytes?: number; text?: RunText }) {
  const text = () => props.text ?? ENGLISH;
  const message = () => statusMessage(props.result, props.timeLimitMs ?? RUN_TIME_LIMIT_MS, props.outputLimitBytes ?? RUN_OUTPUT_LIMIT_BYTES, text());
  return (
    <section class="hf-run-output" aria-label={props.label ?? text().runOutput}>
      <Show when={message()}>
        <p class={`hf-run-output__status hf-run-output__status--${props.result.status}`} role="status">
          {message()}
        </p>
      </Show>
      <h3 class="hf-run-output__heading">{text().output}</h3>
      <figure class="hf-run-output__figure" aria-label={text().standardOutput}>
        <pre class="hf-run-output__stream">{props.result.stdout || <span class="hf-muted">{text().nothingPrinted}</span>}</pre>
      </figure>
      <Show when={props.result.stderr}>
        <h3 class="hf-run-output__heading">{text().errors}</h3>
        <figure class="hf-run-output__figure" aria-label={text().standardError}>
          <pre class="hf-run-output__stream hf-run-output__stream--err">{props.result.stderr}</pre>
        </figure>
      </Show>
      <p class="hf-muted">{text().ranIn(props.result.ms / 1000)}</p>
    </section>
  );
}

/** Each test's verdict; a failed one shows the expected output beside the program's. */
export function TestResults(props: { outcomes: TestOutcome[]; expected: Record<string, string>; text?: RunText }) {
  const text = () => props.text ?? ENGLISH;
  const passed = () => props.outcomes.filter((o) => o.passed).length;
  return (
    <section class="hf-run-output" aria-label={text().testResults}>
      <p role="status">{text().testsPassed(passed(), props.outcomes.length)}</p>
      <ul class="hf-test-list">
        <For each={props.outcomes}>
          {(outcome) => (
            <li class={`hf-test hf-test--${outcome.passed ? 'pass' : 'fail'}`} aria-label={text().testVerdict(outcome.name, outcome.passed)}>
              <strong>
                {outcome.passed ? '✓' : '✗'} {text().testVerdict(outcome.name, outcome.passed)}
              </strong>
              <Show when={!outcome.passed}>
                <Show when={statusMessage(outcome.result, RUN_TIME_LIMIT_MS, RUN_OUTPUT_LIMIT_BYTES, text())}>{(m) => <p>{m()}</p>}</Show>
                <div class="hf-test__compare">
                  <figure class="hf-run-output__figure">
                    <figcaption>{text().expectedOutput}</figcaption>
                    <pre class="hf-run-output__stream">{props.expected[outcome.testId] ?? ''}</pre>
                  </figure>
                  <figure class="hf-run-output__figure">
                    <figcaption>{text().actualOutput}</figcaption>
                    <pre class="hf-run-output__stream">{outcome.result.stdout}</pre>
                  </figure>
                </div>
                <Show when={outcome.result.stderr}>
                  <figure class="hf-run-output__figure">
                    <figcaption>{text().errors}</figcaption>
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
