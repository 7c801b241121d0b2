import { For, Show } from 'solid-js';
import type { RunResult } from '../../../worker/schemas/code';
import { padText as t } from './messages';

export interface RunShown {
  by: string;
  result: RunResult;
}

/** Every run of the pad, whoever ran it: the output travels through the session's object to both sides. */
export function RunOutput(props: { runs: RunShown[] }) {
  return (
    <section class="hf-card hf-stack" aria-labelledby="pad-output-title">
      <h2 id="pad-output-title">{t.output}</h2>
      <Show when={props.runs.length > 0} fallback={<p class="hf-muted">{t.noOutput}</p>}>
        <For each={props.runs.slice(-5).reverse()}>
          {(run) => (
            <div>
              <p class="hf-muted">{t.ranBy(run.by, run.result.ms)}</p>
              <pre role="log" aria-label={`Output of the run by ${run.by}`}>
                {run.result.stdout}
              </pre>
              <Show when={run.result.stderr}>
                <pre class="hf-field-error">{run.result.stderr}</pre>
              </Show>
            </div>
          )}
        </For>
      </Show>
    </section>
  );
}
