import { createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import type { SpeechLevels } from '../../../../worker/schemas/analysis';
import type { AnswerValue, CandidateQuestion as QuestionView } from '../../../../worker/schemas/candidate';
import { newId, SegmentRecorder } from '../../lib/recorder';
import { chunkOutboxId, localSegmentBlob, pieceOutboxId, sealSegment } from '../../lib/recording-pieces';
import { enqueue, type LocalAnswer, nextOrder } from '../../lib/store';
import { Banner, Button, ErrorBanner } from '../../ui/components';
import type { Device } from '../device';
import { ensureStream, isLive, stream } from '../media';
import { t } from '../messages';

type Recorded = Extract<QuestionView, { type: 'video' | 'audio' }>;
/** The think-time countdown is announced at its start and for these last seconds. */
const THINK_FINAL_SECONDS = 3;

type Phase = 'think' | 'recording' | 'review' | 'interrupted' | 'starting';

/** What a take in progress keeps in its LocalAnswer.value while it is being recorded. */
interface TakeProgress {
  /** Durations of the take's finished segments; a segment beyond them was interrupted. */
  durations: number[];
  /** Set by "Finish later" (device.ts pauseTakes): the candidate left on purpose. */
  paused?: boolean;
}

/** The answer request's value for a recorded question. */
type RecordedAnswer = Extract<AnswerValue, { recording: unknown }>;

/**
 * A video or audio answer: think time, then recording up to the maximum length, then (when the
 * question allows) watching the take before submitting it or recording again. A take interrupted
 * by a closed tab or a dead device is found on the device and can be continued as a new segment.
 */
export function RecordedQuestion(props: { question: Recorded; sessionId: string; device: Device; saved: LocalAnswer | undefined; onSubmit: (value: RecordedAnswer) => void }) {
  const q = () => props.question;
  const [phase, setPhase] = createSignal<Phase>('starting');
  const [countdown, setCountdown] = createSignal(q().thinkTimeSeconds);
  const thinkAnnouncement = () => {
    const left = Math.max(0, countdown());
    return left === q().thinkTimeSeconds || left <= THINK_FINAL_SECONDS ? t.thinkTime(left) : t.thinkTime(q().thinkTimeSeconds);
  };
  const [elapsed, setElapsed] = createSignal(0);
  const [attemptsUsed, setAttemptsUsed] = createSignal(props.saved?.attempts ?? 0);
  const [segments, setSegments] = createSignal<string[]>(props.saved?.state === 'recording' ? props.saved.segments : []);
  const [durations, setDurations] = createSignal<number[]>(props.saved?.state === 'recording' ? ((props.saved.value as TakeProgress | null)?.durations ?? []) : []);
  const [previews, setPreviews] = createSignal<string[]>([]);
  const [interruptedMs, setInterruptedMs] = createSignal(0);
  const paused = (props.saved?.value as TakeProgress | null | undefined)?.paused === true;
  const [error, setError] = createSignal<string | null>(null);
  let recorder: SegmentRecorder | null = null;
  let ticker: ReturnType<typeof setInterval> | undefined;
  let preview: HTMLVideoElement | undefined;

  const takeMs = () => durations().reduce((a, b) => a + b, 0);
  const attemptsLeft = () => q().attempts - attemptsUsed();

  async function persist(state: LocalAnswer['state'] = 'recording') {
    await props.device.db.put('answers', {
      sessionId: props.sessionId,
      questionId: q().id,
      state,
      value: { durations: durations() } satisfies TakeProgress,
      segments: segments(),
      attempts: attemptsUsed(),
      savedAt: Date.now(),
    });
  }

  function think() {
    setPhase('think');
    setCountdown(q().thinkTimeSeconds);
    clearInterval(ticker);
    if (q().thinkTimeSeconds <= 0) return void startSegment(true);
    ticker = setInterval(() => {
      setCountdown((c) => c - 1);
      if (countdown() <= 0) void startSegment(true);
    }, 1_000);
  }

  async function showPreview(video: HTMLVideoElement | undefined) {
    if (video && q().type === 'video') {
      const media = stream();
      if (media) {
        video.srcObject = media;
        await video.play().catch(() => undefined);
      }
    }
  }

  /** Starts a segment; `newTake` counts an attempt, a continuation does not. */
  async function startSegment(newTake: boolean) {
    clearInterval(ticker);
    setPhase('starting');
    setError(null);
    let media: MediaStream;
    try {
      media = await ensureStream(q().type);
    } catch {
      setError(t.cameraBlocked);
      setPhase('think');
      return;
    }
    if (newTake) {
      setAttemptsUsed((n) => n + 1);
      setSegments([]);
      setDurations([]);
    }
    const segmentId = newId();
    setSegments((s) => [...s, segmentId]);
    // The take is on the device before the first byte is recorded.
    await persist();
    try {
      recorder = new SegmentRecorder(props.device.db, media, { sessionId: props.sessionId, answerId: q().id, segmentId }, q().type);
      recorder.onChunkSealed = () => void props.device.uploader.kick();
      recorder.start();
      props.device.uploader.recordingStarted(segmentId);
    } catch {
      recorder = null;
      setSegments((s) => s.filter((id) => id !== segmentId));
      await persist();
      setError(t.cameraBlocked);
      setPhase('think');
      return;
    }
    setPhase('recording');
    await showPreview(preview);
    ticker = setInterval(() => {
      const ms = takeMs() + (recorder?.elapsedMs() ?? 0);
      setElapsed(Math.floor(ms / 1000));
      if (ms >= q().maxAnswerSeconds * 1000) void stopSegment();
    }, 200);
  }

  async function finishSegmentLocally(segmentId: string, chunkCount: number, durationMs: number, mimeType: string, speech?: SpeechLevels) {
    if (chunkCount > 0) {
      await enqueue(props.device.db, {
        id: `segment:${segmentId}`,
        sessionId: props.sessionId,
        kind: 'finishSegment',
        createdAt: nextOrder(),
        body: { answerId: q().id, segmentId, chunkCount, durationMs, mimeType, ...(speech ? { speech } : {}) },
        bytes: 0,
      });
      setDurations((d) => [...d, durationMs]);
    } else {
      setSegments((s) => s.filter((id) => id !== segmentId));
    }
    await persist();
    // Awaited: the queued finish is counted before anyone asks whether everything is saved.
    await props.device.uploader.kick();
  }

  async function stopSegment(thenReview = true) {
    clearInterval(ticker);
    const active = recorder;
    recorder = null;
    if (!active) return;
    const result = await active.stop();
    try {
      await finishSegmentLocally(result.segmentId, result.chunkCount, result.durationMs, result.mimeType, result.speech);
    } finally {
      // Only once its finish is queued: the line then goes from "Recording" to "Saving…", never to
      // an "All answers saved" that the finish would take back a moment later.
      props.device.uploader.recordingStopped(result.segmentId);
    }
    if (!thenReview) return;
    if (q().mayReviewTake || attemptsLeft() > 0) await review();
    else submit();
  }

  /** Shows the take's parts still on the device; returns how long the last one recorded. */
  async function loadPreviews(): Promise<number> {
    for (const url of previews()) URL.revokeObjectURL(url);
    const urls: string[] = [];
    let lastMs = 0;
    for (const segmentId of segments()) {
      const local = await localSegmentBlob(props.device.db, segmentId);
      lastMs = local?.recordedMs ?? 0;
      if (local) urls.push(URL.createObjectURL(local.blob));
    }
    setPreviews(urls);
    return lastMs;
  }

  async function review() {
    await loadPreviews();
    setPhase('review');
  }

  function submit() {
    props.onSubmit({ recording: { segments: segments() } });
  }

  async function discardTake() {
    const db = props.device.db;
    const tx = db.transaction(['recordingChunks', 'recordingPieces', 'outbox'], 'readwrite', { durability: 'strict' });
    for (const segmentId of segments()) {
      for (const key of await tx.objectStore('recordingChunks').index('bySegment').getAllKeys(segmentId)) {
        await tx.objectStore('recordingChunks').delete(key);
        await tx.objectStore('outbox').delete(chunkOutboxId(key[0], key[1]));
      }
      for (const key of await tx.objectStore('recordingPieces').index('bySegment').getAllKeys(segmentId)) {
        await tx.objectStore('recordingPieces').delete(key);
        await tx.objectStore('outbox').delete(pieceOutboxId(key[0], key[1]));
      }
      await tx.objectStore('outbox').delete(`segment:${segmentId}`);
    }
    await tx.done;
    void props.device.uploader.refresh();
  }

  async function recordAgain() {
    await discardTake();
    setSegments([]);
    setDurations([]);
    think();
  }

  /** The last segment of an interrupted take never got to finish: close it with what is on the device. */
  async function continueRecording() {
    const last = segments().at(-1);
    if (last && segments().length > durations().length) {
      const local = await localSegmentBlob(props.device.db, last);
      const chunks = await sealSegment(props.device.db, last);
      await finishSegmentLocally(last, chunks, Math.round(local?.recordedMs ?? 0), local?.blob.type ?? '');
    }
    await startSegment(false);
  }

  // Capture can die while the page is hidden (screen lock, a call): when it returns, close the
  // segment that was recording and carry on in a new one with a fresh camera.
  const onVisible = async () => {
    if (document.visibilityState !== 'visible' || phase() !== 'recording') return;
    if (!isLive(stream(), q().type)) {
      await stopSegment(false);
      await startSegment(false);
    }
  };

  onMount(async () => {
    document.addEventListener('visibilitychange', onVisible);
    if (props.saved?.state === 'recording' && props.saved.segments.length > 0) {
      const lastMs = await loadPreviews();
      setInterruptedMs(takeMs() + (segments().length > durations().length ? lastMs : 0));
      setPhase('interrupted');
      return;
    }
    think();
  });
  onCleanup(() => {
    clearInterval(ticker);
    document.removeEventListener('visibilitychange', onVisible);
    for (const url of previews()) URL.revokeObjectURL(url);
    const active = recorder;
    if (active) void active.stop().finally(() => props.device.uploader.recordingStopped(active.target.segmentId));
  });

  // The limits are known before the first second of recording: nothing about it is a surprise.
  const limits = () => (
    <ul class="hf-limits" aria-label={t.recordedLimits}>
      <li class="hf-limit">{t.limitThinkTime(q().thinkTimeSeconds)}</li>
      <li class="hf-limit">{t.limitMaxLength(q().maxAnswerSeconds)}</li>
      {/* Thinking before a retake: what is left; otherwise the question's own limit. */}
      <li class="hf-limit">{phase() === 'think' && attemptsUsed() > 0 ? t.attemptsLeft(attemptsLeft()) : t.limitAttempts(q().attempts)}</li>
    </ul>
  );

  return (
    <div class="hf-stack">
      <ErrorBanner message={error()} />
      <Show when={phase() === 'think'}>
        {limits()}
        <p class="hf-progress">{t.thinkTime(Math.max(0, countdown()))}</p>
        {/* Read out at the start and for the last few seconds only: every second would drown the question. */}
        <p class="hf-visually-hidden" role="status">
          {thinkAnnouncement()}
        </p>
        <Button onClick={() => void startSegment(attemptsUsed() === 0 || segments().length === 0)}>{t.startNow}</Button>
      </Show>
      <Show when={phase() === 'recording'}>
        {/* Without think time the recording starts at once: its limits are shown beside it instead. */}
        <Show when={q().thinkTimeSeconds === 0}>{limits()}</Show>
        <Show when={q().type === 'video'}>
          <video ref={preview} class="hf-video" muted playsinline aria-label={t.cameraPreview} />
        </Show>
        <p class="hf-progress" aria-live="off">
          <span class="hf-rec-dot" aria-hidden="true" /> {t.recording(elapsed(), q().maxAnswerSeconds)}
        </p>
        <Button variant="danger" onClick={() => void stopSegment()}>
          {t.stopRecording}
        </Button>
      </Show>
      <Show when={phase() === 'interrupted'}>
        <Banner tone={paused ? 'info' : 'warning'}>{(paused ? t.pausedTake : t.interruptedTake)(Math.round(interruptedMs() / 1000))}</Banner>
        <TakePlayer urls={previews()} kind={q().type} />
        <div class="hf-row">
          <Button onClick={() => void continueRecording()}>{t.continueRecording}</Button>
          <Show when={attemptsLeft() > 0}>
            <Button variant="secondary" onClick={() => void recordAgain()}>
              {t.recordAgain}
            </Button>
          </Show>
        </div>
      </Show>
      <Show when={phase() === 'review'}>
        <Show when={q().mayReviewTake}>
          <TakePlayer urls={previews()} kind={q().type} />
        </Show>
        <div class="hf-row">
          <Button onClick={submit}>{t.submitAnswer}</Button>
          <Show when={attemptsLeft() > 0}>
            <Button variant="secondary" onClick={() => void recordAgain()}>
              {t.recordAgain}
            </Button>
            <span class="hf-muted">{t.attemptsLeft(attemptsLeft())}</span>
          </Show>
        </div>
      </Show>
    </div>
  );
}

/** Plays a take's segments one after another, as one answer. */
function TakePlayer(props: { urls: string[]; kind: 'video' | 'audio' }) {
  const [index, setIndex] = createSignal(0);
  const src = () => props.urls[Math.min(index(), props.urls.length - 1)];
  const next = () => {
    if (index() < props.urls.length - 1) setIndex(index() + 1);
  };
  return (
    <Show when={props.urls.length > 0}>
      <div>
        <span class="hf-label">{t.yourTake}</span>
        <Show
          when={props.kind === 'video'}
          fallback={<audio controls src={src()} aria-label={t.yourTake} onEnded={next} ref={(el) => el.addEventListener('loadeddata', () => index() > 0 && void el.play())} />}
        >
          <video
            class="hf-video"
            controls
            playsinline
            src={src()}
            aria-label={t.yourTake}
            onEnded={next}
            ref={(el) => el.addEventListener('loadeddata', () => index() > 0 && void el.play())}
          />
        </Show>
        <Show when={props.urls.length > 1}>
          <p class="hf-muted">
            <For each={props.urls}>{(_, i) => <span>{i() === index() ? t.takePartPlaying(i() + 1) : t.takePart(i() + 1)} </span>}</For>
          </p>
        </Show>
      </div>
    </Show>
  );
}
