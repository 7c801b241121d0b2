/**
 * Playback of a whole pad: every Yjs update with its time and author, on one slider, with the
 * runs, pastes and focus changes beside it. The last step is the final document.
 */
import { A, useParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { PadReplay, padTimeline } from '../pad/playback';
import { Banner, Button, Field } from '../ui/components';
import { Player } from './CodePlayback';
import { pads } from './pads';

const EVENT_LABELS = { run: 'Run', paste: 'Pasted', blur: 'Left the pad', focus: 'Came back' } as const;

export default function PadPlayback() {
  const params = useParams<{ sessionId: string }>();
  const [history] = createResource(() => params.sessionId, pads.history);
  const replay = createMemo(() => {
    const h = history();
    return h ? new PadReplay(h.updates.map((u) => u.update)) : null;
  });
  const [step, setStep] = createSignal<number | null>(null);
  /** Opens on the final document. */
  const current = () => step() ?? replay()?.length ?? 0;
  const update = () => history()?.updates[current() - 1];

  return (
    <div class="hf-stack">
      <h1>Pad playback</h1>
      <p>
        <A href="/dashboard/pads">All pads</A>
      </p>
      <Show when={history.error}>
        <Banner tone="error">This pad does not exist or you cannot see it.</Banner>
      </Show>
      <Show when={replay()}>
        {(r) => (
          <>
            {/* The same timeline as a code answer's: play at up to 16×, idle time skipped, runs, pastes and time away marked. */}
            <Show when={history()}>{(h) => <Player timeline={padTimeline(h())} title="the pad" />}</Show>
            <Field label="Change by change" id="pad-playback-position">
              <input
                id="pad-playback-position"
                type="range"
                min={0}
                max={r().length}
                value={current()}
                onInput={(e) => setStep(Number(e.currentTarget.value))}
                aria-valuetext={`Change ${current()} of ${r().length}`}
              />
            </Field>
            <div class="hf-row">
              <Button variant="secondary" onClick={() => setStep(0)}>
                Start
              </Button>
              <Button variant="secondary" onClick={() => setStep(Math.max(0, current() - 1))}>
                Previous change
              </Button>
              <Button variant="secondary" onClick={() => setStep(Math.min(r().length, current() + 1))}>
                Next change
              </Button>
              <Button variant="secondary" onClick={() => setStep(r().length)}>
                End
              </Button>
            </div>
            <p class="hf-muted" role="status">
              Change {current()} of {r().length}
              <Show when={update()}>{(u) => ` · ${u().author.replace(/^[a-z]+:/, '')} · ${new Date(u().at).toLocaleTimeString()}`}</Show>
            </p>
            <section aria-label="Pad at this moment" class="hf-card">
              <pre>{r().textAt(current())}</pre>
            </section>
            <section class="hf-card" aria-labelledby="pad-events-title">
              <h2 id="pad-events-title">Runs, pastes and focus</h2>
              <ul>
                <For each={history()?.events ?? []} fallback={<li class="hf-muted">Nothing happened outside the editor.</li>}>
                  {(event) => (
                    <li>
                      {new Date(event.at).toLocaleTimeString()} · {event.author} · {EVENT_LABELS[event.kind]}
                      {event.kind === 'paste' ? ` ${event.size ?? 0} characters` : ''}
                      {event.result ? ` (${event.result.status}, ${event.result.ms} ms)` : ''}
                    </li>
                  )}
                </For>
              </ul>
            </section>
          </>
        )}
      </Show>
    </div>
  );
}
