import { createSignal, For, Show } from 'solid-js';
import type { CodeLanguage, RunResult } from '../../../worker/schemas/code';
import { RunOutput as OneRun } from '../code/RunOutput';
import { runProgram } from '../code/runner';
import { Button, Field } from '../ui/components';
import { padText as t } from './messages';

export interface RunShown {
  by: string;
  result: RunResult;
}

/** The pad's latest runs, whoever ran them: the output travels through the session's object to both sides. */
export function RunOutput(props: { runs: RunShown[] }) {
  return (
    <section class="hf-card hf-stack" aria-labelledby="pad-output-title">
      <h2 id="pad-output-title">{t.output}</h2>
      <Show when={props.runs.length > 0} fallback={<p class="hf-muted">{t.noOutput}</p>}>
        <For each={props.runs.slice(-3).reverse()}>
          {(run) => (
            <div>
              <p class="hf-muted">{t.ranBy(run.by, run.result.ms)}</p>
              <OneRun result={run.result} label={`Run by ${run.by}`} />
            </div>
          )}
        </For>
      </Show>
    </section>
  );
}

/**
 * Run: the pad's code runs in this browser's sandbox (app/src/code/runner.ts); the result is shown
 * here and sent through the session's object to everyone else on the pad.
 */
export function RunBar(props: { language: CodeLanguage; source: () => string; onResult: (result: RunResult) => void }) {
  const [busy, setBusy] = createSignal(false);
  const [stdin, setStdin] = createSignal('');
  return (
    <div class="hf-row">
      <Field label="Input (stdin)" id="pad-stdin">
        <textarea id="pad-stdin" rows={1} value={stdin()} onInput={(e) => setStdin(e.currentTarget.value)} />
      </Field>
      <Button
        disabled={busy()}
        onClick={async () => {
          setBusy(true);
          try {
            props.onResult(await runProgram({ language: props.language, source: props.source(), stdin: stdin() }));
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy() ? t.running : t.run}
      </Button>
    </div>
  );
}
