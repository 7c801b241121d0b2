/**
 * A take-home: the device check that makes Python available offline, then every question at once
 * (the candidate moves between them freely), the time left, "Finish later" and Submit Take-Home.
 * Loaded lazily by InterviewFlow, only for take-homes.
 */
import { createMemo, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { prepareRuntime } from '../code/runner';
import type { CandidateSession } from '../lib/candidateApi';
import { Banner, Button } from '../ui/components';
import { durationText, tc } from './code-messages';
import { type Device, submitAnswer } from './device';
import { t } from './messages';
import CodeQuestion, { type CodeQuestionHandle } from './questions/CodeQuestion';
import { StepProgress } from './StepProgress';

const megabytes = (bytes: number) => (bytes / 1_000_000).toFixed(1);
/** Announced to screen readers as they are crossed, besides the start: the time shown changes silently. */
const ANNOUNCE_AT_MINUTES = [30, 10, 5, 1];

/** Pyodide fetched into this device's cache before the candidate starts, with its real size. */
export function PrepareRuntimes(props: { onReady: () => void; actions: import('solid-js').JSX.Element; readyLabel?: string }) {
  const [message, setMessage] = createSignal('');
  const [done, setDone] = createSignal(false);
  onMount(async () => {
    let size = 0;
    try {
      await prepareRuntime('python', (loaded, total) => {
        size = total;
        setMessage(loaded === 0 ? tc.preparingPython(megabytes(total)) : tc.preparingPythonProgress(megabytes(loaded), megabytes(total)));
      });
      setMessage(tc.pythonReady(megabytes(size)));
    } catch (err) {
      setMessage(tc.pythonFailed(err instanceof Error ? err.message : String(err)));
    }
    setDone(true);
  });
  return (
    <section class="hf-card hf-stack" aria-labelledby="prepare-title">
      <h1 id="prepare-title">{tc.preparingTitle}</h1>
      <p>{tc.preparingIntro}</p>
      <p role="status">{message()}</p>
      <div class="hf-row">
        <Button disabled={!done()} onClick={() => props.onReady()}>
          {props.readyLabel ?? tc.ready}
        </Button>
        {props.actions}
      </div>
    </section>
  );
}

/** The time left, by this device's clock against the deadline the server fixed at the start. */
function TimeLeft(props: { deadlineAt: number }) {
  const [now, setNow] = createSignal(Date.now());
  const [announcement, setAnnouncement] = createSignal('');
  const left = () => props.deadlineAt - now();
  onMount(() => {
    setAnnouncement(tc.timeLeftAnnounce(durationText(left())));
    let announced = new Set(ANNOUNCE_AT_MINUTES.filter((m) => left() <= m * 60_000));
    const timer = setInterval(() => {
      setNow(Date.now());
      const crossed = ANNOUNCE_AT_MINUTES.find((m) => left() <= m * 60_000 && !announced.has(m));
      if (crossed !== undefined) {
        announced = new Set([...announced, ...ANNOUNCE_AT_MINUTES.filter((m) => m >= crossed)]);
        setAnnouncement(left() > 0 ? tc.timeLeftAnnounce(durationText(left())) : tc.deadlinePassed);
      }
    }, 1_000);
    onCleanup(() => clearInterval(timer));
  });
  return (
    <div>
      {/* Shown every second, announced only at the start and as the last minutes are crossed. */}
      <p class="hf-progress" aria-hidden="true">
        {left() > 0 ? tc.timeLeft(durationText(left())) : tc.deadlinePassed}
      </p>
      <p class="hf-visually-hidden" role="status">
        {announcement()}
      </p>
    </div>
  );
}

export default function TakeHome(props: {
  device: Device;
  session: CandidateSession;
  /** The device check was already passed on this device (it holds code of this session). */
  resumed: boolean;
  onQuestion: (index: number) => void;
  onFinishLater: () => void;
  onSubmitted: () => Promise<void>;
}) {
  const questions = createMemo(() => props.session.questions.flatMap((q) => (q.type === 'code' ? [q] : [])));
  const needsPython = () => questions().some((q) => q.language === 'python');
  const [started, setStarted] = createSignal(props.resumed || !needsPython());
  const [index, setIndex] = createSignal(0);
  const [submitting, setSubmitting] = createSignal(false);
  const handles = new Map<string, CodeQuestionHandle>();
  let dialog: HTMLDialogElement | undefined;
  const current = () => questions()[index()];

  const go = (i: number) => {
    setIndex(i);
    props.onQuestion(i);
  };

  async function submit() {
    setSubmitting(true);
    try {
      const { db } = props.device;
      // Each code question's events are queued before its answer, and the answer before the
      // completion: the outbox sends them in that order, so the answer is the log's last document.
      for (const q of questions()) {
        const handle = handles.get(q.id);
        const code = handle ? await handle.flush() : (await db.get('codeDocs', [props.session.sessionId, q.id]))?.doc;
        if (code !== undefined) await submitAnswer(props.device, props.session.sessionId, q.id, { code });
      }
      dialog?.close();
      await props.onSubmitted();
    } finally {
      setSubmitting(false);
    }
  }

  const finishLater = (
    <Button variant="secondary" onClick={() => props.onFinishLater()}>
      {t.finishLater}
    </Button>
  );

  return (
    <Show when={started()} fallback={<PrepareRuntimes onReady={() => setStarted(true)} actions={finishLater} />}>
      <section class="hf-card hf-stack" aria-labelledby="take-home-title">
        <p class="hf-muted">{props.session.interview.name}</p>
        <Show when={props.session.deadlineAt}>{(at) => <TimeLeft deadlineAt={at()} />}</Show>
        <p class="hf-muted">{tc.deadlineRule}</p>
        <nav aria-label={tc.questions}>
          <ul class="hf-row" style={{ 'list-style': 'none', padding: 0, 'flex-wrap': 'wrap' }}>
            <For each={questions()}>
              {(q, i) => (
                <li>
                  <Button variant={i() === index() ? 'primary' : 'secondary'} aria-current={i() === index() ? 'step' : undefined} onClick={() => go(i())}>
                    {tc.questionButton(i() + 1, q.title)}
                  </Button>
                </li>
              )}
            </For>
          </ul>
        </nav>
        <Show when={current()} keyed>
          {(q) => (
            <div class="hf-stack">
              <StepProgress index={index()} total={questions().length} />
              <h1 id="take-home-title">{q.title}</h1>
              <Show when={q.prompt}>
                <p>{q.prompt}</p>
              </Show>
              <CodeQuestion
                question={q}
                sessionId={props.session.sessionId}
                device={props.device}
                draft={props.session.codeDrafts?.[q.id]}
                onHandle={(handle) => handles.set(q.id, handle)}
              />
            </div>
          )}
        </Show>
        <div class="hf-row">
          {finishLater}
          <Button onClick={() => dialog?.showModal()}>{tc.submit}</Button>
        </div>
      </section>
      <dialog ref={dialog} aria-labelledby="submit-title" aria-describedby="submit-body" class="hf-card hf-stack">
        <h2 id="submit-title">{tc.confirmTitle}</h2>
        <p id="submit-body">{tc.confirmBody}</p>
        <Show when={props.session.deadlineAt !== null}>
          <Banner tone="info">{tc.deadlineRule}</Banner>
        </Show>
        <div class="hf-row">
          <Button disabled={submitting()} onClick={() => void submit()}>
            {tc.confirmSubmit}
          </Button>
          <Button variant="secondary" onClick={() => dialog?.close()}>
            {tc.cancel}
          </Button>
        </div>
      </dialog>
    </Show>
  );
}
