import { createMemo, createSignal, createUniqueId, For, Show } from 'solid-js';
import { Banner, Button, ErrorBanner, Field } from '../ui/components';
import { clock, type RecordingSegmentView } from './review';

const PLAYBACK_SPEEDS = [0.75, 1, 1.25, 1.5, 2] as const;

/**
 * A media fragment a hair past the start: the element then seeks on load, and a seek decodes the
 * frame it lands on, so a video shows its first picture (not a black box) before anyone presses
 * Play, even where `preload="metadata"` alone stops at the header. 1 ms reads as 0:00 everywhere.
 */
const FIRST_FRAME = '#t=0.001';

/** What the review page's keyboard shortcuts and the analysis panel's evidence times drive. */
export interface PlayerControls {
  /** Go to this moment of the take (across its segments), playing on if it was playing. */
  seek: (seconds: number) => void;
  /** Forward or back by this many seconds, within the take. */
  skip: (seconds: number) => void;
  toggle: () => void;
}

/**
 * Where a moment of the take falls: which segment, and how far into it. A moment exactly on a
 * boundary belongs to the later segment, so seeking to "part 2 starts at 0:04" lands in part 2.
 */
function locate(durationsMs: readonly number[], seconds: number): { index: number; offset: number } {
  let start = 0;
  for (const [index, durationMs] of durationsMs.entries()) {
    const length = durationMs / 1000;
    if (seconds < start + length || index === durationsMs.length - 1) return { index, offset: Math.min(Math.max(0, seconds - start), length) };
    start += length;
  }
  return { index: 0, offset: 0 };
}

/**
 * One player for one answer: the answer's segments (a take interrupted by a closed tab or a dead
 * phone has several) play one after another as one take, on one timeline of their summed
 * durations, seekable anywhere across the boundaries, at the speed the reviewer picks.
 *
 * One media element is reused and its source switched at each boundary, rather than one element
 * per segment: the browser keeps one decoder, and the speed and the reviewer's place carry over.
 */
export function AnswerPlayer(props: {
  segments: RecordingSegmentView[];
  kind: 'video' | 'audio';
  label: string;
  pendingSegments: number;
  /** Hands out this player's controls, for the analysis panel's evidence times and the shortcuts. */
  controls?: (controls: PlayerControls) => void;
  /** Offer each segment as a file (for members who may review; the server checks it again). */
  download?: boolean;
}) {
  const id = createUniqueId();
  const [index, setIndex] = createSignal(0);
  const [local, setLocal] = createSignal(0);
  const [playing, setPlaying] = createSignal(false);
  const [speed, setSpeed] = createSignal(1);
  /** While the reviewer drags the slider: where it is, before the seek happens on release. */
  const [scrub, setScrub] = createSignal<number | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  let media: HTMLMediaElement | undefined;
  /** Where to go once the next segment's metadata is in: a position cannot be set before. */
  let pending: { offset: number; play: boolean } | null = null;

  const durations = createMemo(() => props.segments.map((s) => s.durationMs));
  const starts = createMemo(() => {
    let at = 0;
    return durations().map((ms) => {
      const start = at;
      at += ms / 1000;
      return start;
    });
  });
  const total = () => durations().reduce((a, b) => a + b, 0) / 1000;
  const segmentLength = (i: number) => (durations()[i] ?? 0) / 1000;
  const position = () => Math.min(total(), (starts()[index()] ?? 0) + Math.min(local(), segmentLength(index())));
  const shown = () => scrub() ?? position();
  const src = () => {
    const url = props.segments[index()]?.url;
    return url && props.kind === 'video' ? url + FIRST_FRAME : url;
  };

  function go(target: number, offset: number, play: boolean) {
    const el = media;
    if (!el) return;
    setLocal(offset);
    if (target === index() && el.readyState >= HTMLMediaElement.HAVE_METADATA) {
      el.currentTime = offset;
      if (play) void start(el);
      return;
    }
    pending = { offset, play };
    // The source follows `index` (Solid updates the attribute at once) and the element loads it.
    setIndex(target);
  }

  function start(el: HTMLMediaElement) {
    return el.play().catch((err: unknown) => {
      // A newer load or pause interrupted this play: not a failure.
      if (err instanceof DOMException && err.name === 'AbortError') return;
      setPlaying(false);
      setError('The browser refused to play this recording. Press Play to try again.');
    });
  }

  function seek(seconds: number) {
    setScrub(null);
    const { index: target, offset } = locate(durations(), seconds);
    go(target, offset, playing());
  }

  props.controls?.({
    seek: (seconds) => {
      seek(seconds);
      media?.scrollIntoView({ block: 'nearest' });
    },
    skip: (seconds) => seek(Math.min(Math.max(0, position() + seconds), total())),
    toggle,
  });

  function toggle() {
    const el = media;
    if (!el) return;
    setError(null);
    if (playing()) {
      setPlaying(false);
      // Paused between two segments: the next one must not start by itself once it has loaded.
      if (pending) pending.play = false;
      el.pause();
      return;
    }
    setPlaying(true);
    // From the end, play from the beginning again.
    if (position() >= total() - 0.05) go(0, 0, true);
    else if (pending) pending.play = true;
    else void start(el);
  }

  function onLoadedMetadata() {
    const el = media;
    if (!el) return;
    // A new source resets the rate to the default one, so both are kept at the chosen speed.
    el.defaultPlaybackRate = speed();
    el.playbackRate = speed();
    const next = pending;
    pending = null;
    if (!next) return;
    if (next.offset > 0) el.currentTime = next.offset;
    if (next.play) void start(el);
  }

  function onEnded() {
    if (index() < props.segments.length - 1) {
      go(index() + 1, 0, true);
    } else {
      setPlaying(false);
      setLocal(segmentLength(index()));
    }
  }

  function changeSpeed(value: number) {
    setSpeed(value);
    if (media) {
      media.defaultPlaybackRate = value;
      media.playbackRate = value;
    }
  }

  const bind = (el: HTMLMediaElement) => {
    media = el;
  };
  const onTimeUpdate = () => media && !pending && setLocal(media.currentTime);
  const onError = () => {
    setPlaying(false);
    setError(`Part ${index() + 1} of this recording could not be loaded. Try again in a moment.`);
  };

  return (
    <fieldset aria-label={props.label} class="hf-group hf-stack" data-part={index() + 1} data-position={position().toFixed(2)} data-playing={playing()}>
      <Show when={props.segments.length > 0}>
        <Show
          when={props.kind === 'video'}
          fallback={<audio ref={bind} src={src()} preload="metadata" onLoadedMetadata={onLoadedMetadata} onTimeUpdate={onTimeUpdate} onEnded={onEnded} onError={onError} />}
        >
          <video
            ref={bind}
            class="hf-video"
            src={src()}
            preload="metadata"
            playsinline
            aria-label={`${props.label}, video`}
            onClick={toggle}
            onLoadedMetadata={onLoadedMetadata}
            onTimeUpdate={onTimeUpdate}
            onEnded={onEnded}
            onError={onError}
          />
        </Show>
        <div class="hf-row">
          <Button variant="secondary" onClick={toggle} aria-pressed={playing()}>
            {playing() ? 'Pause' : 'Play'}
          </Button>
          <input
            id={`${id}-position`}
            type="range"
            min={0}
            max={total()}
            step={0.1}
            value={shown()}
            aria-label="Position in the recording"
            aria-valuetext={`${clock(shown())} of ${clock(total())}`}
            style={{ flex: '1 1 10rem', 'min-height': '2.75rem' }}
            onInput={(e) => setScrub(Number(e.currentTarget.value))}
            onChange={(e) => seek(Number(e.currentTarget.value))}
          />
          <span class="hf-muted" aria-hidden="true">
            {clock(shown())} / {clock(total())}
          </span>
          <Field label="Speed" id={`${id}-speed`}>
            <select id={`${id}-speed`} value={String(speed())} onChange={(e) => changeSpeed(Number(e.currentTarget.value))}>
              <For each={PLAYBACK_SPEEDS}>{(s) => <option value={String(s)}>{s}×</option>}</For>
            </select>
          </Field>
        </div>
        <Show when={props.download}>
          <div class="hf-row">
            <For each={props.segments}>
              {(segment, i) => (
                <a class="hf-button hf-button--secondary" href={`${segment.url}?download=1`} download="">
                  {props.segments.length > 1 ? `Download recording, part ${i() + 1}` : 'Download recording'}
                </a>
              )}
            </For>
          </div>
        </Show>
        <Show when={props.segments.length > 1}>
          <div class="hf-row">
            <span class="hf-muted">
              Recorded in {props.segments.length} parts (the recording was interrupted and continued); now playing part {index() + 1}.
            </span>
            <For each={props.segments}>
              {(_, i) => (
                <Button variant="quiet" onClick={() => seek(starts()[i()] ?? 0)}>
                  Go to part {i() + 1} ({clock(starts()[i()] ?? 0)})
                </Button>
              )}
            </For>
          </div>
        </Show>
      </Show>
      <Show when={props.pendingSegments > 0}>
        <Banner tone="info">
          {props.segments.length === 0
            ? 'This recording is still being uploaded or processed.'
            : `${props.pendingSegments} more part(s) of this recording are still being uploaded or processed.`}
        </Banner>
      </Show>
      <ErrorBanner message={error()} />
    </fieldset>
  );
}
