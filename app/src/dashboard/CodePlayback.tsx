/**
 * Watching a code answer being written: a timeline to drag (a real range input, so keys and screen
 * readers move it too), play and pause, speeds up to 16×, idle stretches skipped, and markers for
 * runs, pastes and time away from the tab. The markers are signals for the reviewer to look at,
 * never verdicts. Loaded lazily by the session page, only for code answers.
 */
import { createEffect, createMemo, createResource, createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js';
import type { CodeTimeline } from '../../../worker/schemas/code';
import { buildPlayback, IDLE_CAP_MS, type Marker } from '../code/playback';
import { Button } from '../ui/components';
import { codeReview } from './code-review';
import { describeError } from './data';
import { clock } from './review';

const SPEEDS = [1, 2, 4, 8, 16] as const;
/** The timeline moves in tenths of a second; its end is rounded up to one, so End reaches the last event. */
const STEP_MS = 100;

const bytes = (n: number) => (n === 1 ? '1 character' : `${n.toLocaleString()} characters`);
const duration = (ms: number) => (ms < 60_000 ? `${Math.max(1, Math.round(ms / 1000))} s` : clock(ms / 1000));

function markerLabel(marker: Marker): string {
  switch (marker.kind) {
    case 'run':
      return `Ran the program${marker.testId ? ` (test ${marker.testId})` : ''}: ${marker.result.status}, ${marker.result.ms} ms`;
    case 'paste':
      return `Pasted ${bytes(marker.size)}`;
    case 'away':
      return `Away from the tab for ${duration(marker.awayMs)}`;
    default:
      return marker satisfies never;
  }
}

export default function CodePlayback(props: { sessionId: string; questionId: string; title: string }) {
  const [timeline] = createResource(
    () => [props.sessionId, props.questionId] as const,
    ([sessionId, questionId]) => codeReview.timeline(sessionId, questionId),
  );
  return (
    <Switch>
      <Match when={timeline.error as unknown}>
        <p class="hf-muted" role="alert">
          The playback could not be loaded: {describeError(timeline.error)}
        </p>
      </Match>
      <Match when={timeline()}>{(loaded) => <Player timeline={loaded()} title={props.title} />}</Match>
      <Match when={timeline.loading}>
        <p role="status">Loading the playback…</p>
      </Match>
    </Switch>
  );
}

/** The timeline of a code answer or a pad (app/src/pad/playback.ts's padTimeline): one player for both. */
export function Player(props: { timeline: CodeTimeline; title: string }) {
  const playback = createMemo(() => buildPlayback(props.timeline));
  const [position, setPosition] = createSignal(0);
  const [playing, setPlaying] = createSignal(false);
  const [speed, setSpeed] = createSignal<number>(4);
  const [selected, setSelected] = createSignal<Marker | null>(null);
  const end = () => Math.ceil(playback().duration / STEP_MS) * STEP_MS;
  const atEnd = () => position() >= playback().duration;
  // The end of the timeline is the submitted code: if the log does not rebuild it exactly (events
  // still on their way, a gap), the submitted code is shown there and the difference said.
  const code = () => (atEnd() && !playback().matchesFinal ? props.timeline.finalCode : playback().codeAt(position()));
  const when = () => (playback().eventCount === 0 ? '' : new Date(playback().realTimeAt(position())).toLocaleTimeString());

  let frame = 0;
  let last = 0;
  const tick = (now: number) => {
    const elapsed = now - last;
    last = now;
    const next = Math.min(end(), position() + elapsed * speed());
    setPosition(next);
    if (next >= end()) setPlaying(false);
    else frame = requestAnimationFrame(tick);
  };
  createEffect(() => {
    cancelAnimationFrame(frame);
    if (!playing()) return;
    last = performance.now();
    frame = requestAnimationFrame(tick);
  });
  onCleanup(() => cancelAnimationFrame(frame));

  const toggle = () => {
    if (!playing() && atEnd()) setPosition(0);
    setPlaying(!playing());
  };
  const seek = (marker: Marker) => {
    setPlaying(false);
    // Just after the marker's event, so a paste shows the pasted text.
    setPosition(marker.kind === 'away' ? marker.until : marker.at);
    setSelected(marker);
  };
  const percent = (at: number) => `${end() === 0 ? 100 : (at / end()) * 100}%`;

  return (
    <section class="hf-stack" aria-label={`Playback of “${props.title}”`}>
      <h4>Playback</h4>
      <Show when={playback().eventCount > 0} fallback={<p class="hf-muted">No edits were recorded for this answer: it shows the submitted code.</p>}>
        <div class="hf-row">
          <Button variant="secondary" onClick={toggle}>
            {playing() ? 'Pause' : 'Play'}
          </Button>
          <label>
            Speed{' '}
            <select value={String(speed())} onChange={(e) => setSpeed(Number(e.currentTarget.value))}>
              <For each={SPEEDS}>{(s) => <option value={String(s)}>{s}×</option>}</For>
            </select>
          </label>
          <span class="hf-muted" aria-live="off">
            {clock(position() / 1000)} / {clock(end() / 1000)} · {when()}
          </span>
        </div>
        <div style={{ position: 'relative', 'padding-top': '10px' }}>
          <div aria-hidden="true" style={{ position: 'absolute', inset: '0 0 auto 0', height: '10px' }}>
            <For each={playback().markers}>
              {(m) => (
                <span
                  title={markerLabel(m)}
                  data-marker={m.kind}
                  style={{
                    position: 'absolute',
                    left: percent(m.at),
                    width: m.kind === 'away' ? `max(3px, calc(${percent(m.until)} - ${percent(m.at)}))` : '3px',
                    height: '10px',
                    background: m.kind === 'run' ? 'var(--hf-teal-500)' : m.kind === 'paste' ? 'var(--hf-amber-500)' : 'var(--hf-ink-muted)',
                  }}
                />
              )}
            </For>
          </div>
          <input
            type="range"
            aria-label="Playback position"
            aria-valuetext={`${clock(position() / 1000)} of ${clock(end() / 1000)}${when() ? `, at ${when()}` : ''}`}
            min="0"
            max={String(end())}
            step={String(STEP_MS)}
            value={String(position())}
            onInput={(e) => {
              setPlaying(false);
              setPosition(Number(e.currentTarget.value));
            }}
            style={{ width: '100%' }}
          />
        </div>
        <p class="hf-muted">
          {playback().eventCount.toLocaleString()} events over {duration(playback().realDuration)}; pauses longer than {IDLE_CAP_MS / 1000} s are shortened
          {playback().skippedIdleMs > 0 ? ` (${duration(playback().skippedIdleMs)} skipped)` : ''}.
        </p>
      </Show>
      <Show when={atEnd() && !playback().matchesFinal && playback().eventCount > 0}>
        <p class="hf-muted">The recorded edits do not rebuild the submitted code exactly; the end of the timeline shows the submitted code.</p>
      </Show>
      <figure style={{ margin: 0 }}>
        <figcaption class="hf-label">Code at this moment</figcaption>
        <pre class="hf-pre">{code()}</pre>
      </figure>
      <Show when={playback().eventCount > 0}>
        <Show when={playback().markers.length > 0}>
          <div>
            <h4>Signals to look at</h4>
            <p class="hf-muted">Moments worth a look, not conclusions: a paste may be the candidate's own code, and time away may be reading the docs.</p>
            <ul class="hf-list" aria-label="Signals">
              <For each={playback().markers}>
                {(m) => (
                  <li>
                    <button type="button" class="hf-button hf-button--quiet" onClick={() => seek(m)} aria-pressed={selected() === m}>
                      {clock(m.at / 1000)} · {markerLabel(m)}
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </div>
        </Show>
        <Show when={selected()}>
          {(m) => (
            <Show when={m().kind === 'run' ? (m() as Extract<Marker, { kind: 'run' }>) : null}>
              {(run) => (
                <section class="hf-stack" aria-label="Run output">
                  <strong>Run at {clock(run().at / 1000)}</strong>
                  <span class="hf-label">Input</span>
                  <pre class="hf-pre">{run().stdin || '(none)'}</pre>
                  <span class="hf-label">Output</span>
                  <pre class="hf-pre">{run().result.stdout || '(none)'}</pre>
                  <Show when={run().result.stderr}>
                    <span class="hf-label">Errors</span>
                    <pre class="hf-pre">{run().result.stderr}</pre>
                  </Show>
                </section>
              )}
            </Show>
          )}
        </Show>
      </Show>
      <Show when={props.timeline.lateRefused}>
        {(late) => (
          <p class="hf-muted">
            After the deadline the candidate's device sent {late().events.toLocaleString()} more {late().events === 1 ? 'event' : 'events'} (last at{' '}
            {new Date(late().lastAt).toLocaleString()}); they were not accepted and are not part of this answer.
          </p>
        )}
      </Show>
    </section>
  );
}
