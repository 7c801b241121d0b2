import { createEffect, createMemo, createSignal, type JSX, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { api } from '../lib/api';
import type { CandidateSession } from '../lib/candidateApi';
import { LiveSocket } from '../lib/liveSocket';
import type { LocalAnswer } from '../lib/store';
import type { UploadStatus } from '../lib/uploader';
import { Banner, Button } from '../ui/components';
import { BrandHeader } from './Brand';
import { type Device, localAnswers, nextUnanswered, pauseTakes, queueSessionWrite, submitAnswer } from './device';
import { releaseStream } from './media';
import { t } from './messages';
import { ChoiceQuestion } from './questions/ChoiceQuestion';
import { TextQuestion } from './questions/TextQuestion';
import { StatusLine } from './StatusLine';
import { StepProgress } from './StepProgress';

type CodeScreens = typeof import('./code-screens')['codeScreens'];
type RecordingScreens = typeof import('./recording-screens')['recordingScreens'];
type ScaleScreen = typeof import('./questions/ScaleQuestion')['ScaleQuestion'];

/** A lazily loaded screen, with "Loading…" until its module is in. */
function loaded<T extends object>(screens: () => T | undefined, render: (screens: T) => JSX.Element): JSX.Element {
  return (
    <Show when={screens()} fallback={<p role="status">{t.loading}</p>}>
      {(ready) => render(ready())}
    </Show>
  );
}

type Screen =
  | { kind: 'loading' }
  | { kind: 'device-check' }
  | { kind: 'prepare-code' }
  | { kind: 'question'; index: number }
  | { kind: 'take-home'; resumed: boolean }
  | { kind: 'finished-later' }
  | { kind: 'closing' };

/** The interview itself: device check, questions one by one, closing — always resumable. */
export function InterviewFlow(props: { device: Device; session: CandidateSession }) {
  const questions = () => props.session.questions;
  const recordingKind = () => (questions().some((q) => q.type === 'video') ? 'video' : questions().some((q) => q.type === 'audio') ? 'audio' : null);
  const [screen, setScreen] = createSignal<Screen>({ kind: 'loading' });
  const questionScreen = () => {
    const s = screen();
    const question = s.kind === 'question' ? questions()[s.index] : undefined;
    return s.kind === 'question' && question ? { index: s.index, question } : null;
  };
  const [answers, setAnswers] = createSignal(new Map<string, LocalAnswer>());
  const takeHome = () => props.session.interview.format === 'take_home';
  // Code screens (and the take-home's) load only for interviews that need them: a plain import(),
  // so the shell of an interview without code carries no loader for them.
  const [codeScreens, setCodeScreens] = createSignal<CodeScreens>();
  const loadCodeScreens = async () => {
    const { codeScreens: screens } = await import('./code-screens');
    setCodeScreens(() => screens);
    return screens;
  };
  if (takeHome() || questions().some((q) => q.type === 'code')) void loadCodeScreens();
  const [recordingScreens, setRecordingScreens] = createSignal<RecordingScreens>();
  if (recordingKind()) void import('./recording-screens').then(({ recordingScreens: screens }) => setRecordingScreens(() => screens));
  // Likert statements are their own small chunk too, fetched at the start of interviews that have them.
  const [scaleScreen, setScaleScreen] = createSignal<ScaleScreen>();
  if (questions().some((q) => q.type === 'scale')) void import('./questions/ScaleQuestion').then(({ ScaleQuestion }) => setScaleScreen(() => ScaleQuestion));
  const [status, setStatus] = createSignal<UploadStatus>(props.device.uploader.status);
  onCleanup(props.device.uploader.subscribe((s) => setStatus({ ...s })));
  /** The question the candidate was last on: "Finish later" reports it, not the first question. */
  const [lastQuestion, setLastQuestion] = createSignal(0);
  let page: HTMLDivElement | undefined;

  const [submittedHere, setSubmittedHere] = createSignal(false);

  async function goToNextStep() {
    if (takeHome()) {
      const step = await (await loadCodeScreens()).takeHomeStep(props.device, props.session);
      if (step.kind === 'closing') {
        setSubmittedHere(step.submittedHere);
        releaseStream();
      }
      setScreen(step.kind === 'closing' ? { kind: 'closing' } : step);
      return;
    }
    const local = await localAnswers(props.device.db, props.session.sessionId);
    setAnswers(local);
    const next = nextUnanswered(props.session, local);
    if (next >= questions().length) {
      const stored = await props.device.db.get('sessions', props.session.sessionId);
      if (!stored?.completedAt && props.session.status !== 'completed') await queueSessionWrite(props.device, props.session.sessionId, 'complete');
      releaseStream();
      setScreen({ kind: 'closing' });
    } else {
      setScreen({ kind: 'question', index: next });
    }
  }

  // Tells the session's Durable Object where the candidate is, for the recruiter's live view.
  const [live, setLive] = createSignal<LiveSocket>();
  onMount(async () => {
    const token = (await props.device.db.get('sessions', props.session.sessionId))?.deviceToken;
    if (token)
      setLive(
        new LiveSocket(
          () => `${api.api.candidate.live.$path()}?token=${encodeURIComponent(token)}`,
          () => {},
        ),
      );
  });
  onCleanup(() => live()?.close());
  createEffect(() => {
    const s = screen();
    if (s.kind === 'question') setLastQuestion(s.index);
  });
  // Sent when it changes, not on every status the uploader emits: each frame is upload bytes (the
  // socket sends the last one again after a reconnect).
  const progress = createMemo(
    () => {
      const s = screen();
      const questionIndex = s.kind === 'question' ? s.index : s.kind === 'closing' ? questions().length : lastQuestion();
      return { type: 'progress' as const, questionIndex, questionCount: questions().length, bytesLeft: status().bytesLeft, paused: s.kind === 'finished-later' };
    },
    undefined,
    { equals: (a, b) => a.questionIndex === b.questionIndex && a.questionCount === b.questionCount && a.bytesLeft === b.bytesLeft && a.paused === b.paused },
  );
  createEffect(() => live()?.send(progress()));
  // Uploads getting through again mean the network is back: the live socket need not wait out its backoff.
  createEffect((wasOnline: boolean) => {
    const online = status().online;
    if (online && !wasOnline) live()?.reconnectNow();
    return online;
  }, true);

  // Each step moves focus to its heading, so a screen reader reads the new question (not the page body).
  createEffect(() => {
    const kind = screen().kind;
    // Lazily loaded screens bring their own heading: focus it once they are in.
    recordingScreens();
    codeScreens();
    if (kind === 'loading') return;
    queueMicrotask(() => {
      const heading = page?.querySelector<HTMLElement>('h1');
      if (!heading) return;
      heading.tabIndex = -1;
      heading.focus();
    });
  });

  onMount(async () => {
    const local = await localAnswers(props.device.db, props.session.sessionId);
    setAnswers(local);
    const nothingYet = local.size === 0 && Object.keys(props.session.answers).length === 0;
    // Python (Pyodide, several MB) is fetched before the first question, with its size said, so
    // a Run works offline later; a take-home does this in its own device check.
    const needsPython = questions().some((q) => q.type === 'code' && q.language === 'python');
    if (needsPython && nothingYet && !takeHome()) setScreen({ kind: 'prepare-code' });
    else await afterPreparing(nothingYet);
  });

  async function afterPreparing(nothingYet = true) {
    if (recordingKind() && nothingYet && !takeHome()) setScreen({ kind: 'device-check' });
    else await goToNextStep();
  }

  async function answer(questionId: string, value: unknown) {
    await submitAnswer(props.device, props.session.sessionId, questionId, value);
    await goToNextStep();
  }

  async function finishLater() {
    await pauseTakes(props.device.db, props.session.sessionId);
    await queueSessionWrite(props.device, props.session.sessionId, 'finishLater');
    releaseStream();
    setScreen({ kind: 'finished-later' });
  }

  const finishLaterButton = () => (
    <Button variant="secondary" onClick={() => void finishLater()}>
      {t.finishLater}
    </Button>
  );

  const closingMessage = () => {
    const s = status();
    const byDeadline = takeHome() ? codeScreens()?.deadlineClosing(props.session, submittedHere()) : null;
    if (byDeadline) return { tone: 'info' as const, text: byDeadline };
    if (s.pendingItems === 0) return { tone: 'success' as const, text: t.submittedDone };
    if (!s.online) return { tone: 'warning' as const, text: t.submittedOffline };
    return { tone: 'info' as const, text: t.submittedWaiting };
  };

  return (
    <>
      <StatusLine uploader={props.device.uploader} />
      <div class="hf-page hf-stack" ref={page}>
        <BrandHeader branding={props.session.interview.branding} />
        <Show when={props.session.practice}>
          <Banner tone="info">{t.practice}</Banner>
        </Show>
        <Switch>
          <Match when={screen().kind === 'prepare-code'}>
            {loaded(codeScreens, (screens) => {
              const PrepareRuntimes = screens.PrepareRuntimes;
              return <PrepareRuntimes onReady={() => void afterPreparing()} actions={finishLaterButton()} readyLabel={screens.tc.continue} />;
            })}
          </Match>
          <Match when={screen().kind === 'device-check'}>
            {loaded(recordingScreens, (screens) => {
              const DeviceCheck = screens.DeviceCheck;
              return <DeviceCheck kind={recordingKind() ?? 'audio'} onReady={() => void goToNextStep()} actions={finishLaterButton()} />;
            })}
          </Match>
          <Match
            when={(() => {
              const s = screen();
              return s.kind === 'take-home' ? s : null;
            })()}
            keyed
          >
            {(s) =>
              loaded(codeScreens, (screens) => {
                const TakeHome = screens.TakeHome;
                return (
                  <TakeHome
                    device={props.device}
                    session={props.session}
                    resumed={s.resumed}
                    onQuestion={setLastQuestion}
                    onFinishLater={() => void finishLater()}
                    onSubmitted={async () => {
                      await queueSessionWrite(props.device, props.session.sessionId, 'complete');
                      setSubmittedHere(true);
                      setScreen({ kind: 'closing' });
                    }}
                  />
                );
              })
            }
          </Match>
          <Match when={questionScreen()} keyed>
            {({ index, question }) => {
              return (
                <section class="hf-card hf-stack" aria-labelledby="question-title">
                  <StepProgress index={index} total={questions().length} />
                  <h1 id="question-title">{question.title}</h1>
                  <Show when={question.prompt}>
                    <p>{question.prompt}</p>
                  </Show>
                  <Switch>
                    <Match when={question.type === 'video' || question.type === 'audio' ? question : null}>
                      {(q) =>
                        loaded(recordingScreens, (screens) => {
                          const RecordedQuestion = screens.RecordedQuestion;
                          return (
                            <RecordedQuestion
                              question={q()}
                              sessionId={props.session.sessionId}
                              device={props.device}
                              saved={answers().get(q().id)}
                              onSubmit={(value) => void answer(q().id, value)}
                            />
                          );
                        })
                      }
                    </Match>
                    <Match when={question.type === 'text' ? question : null}>{(q) => <TextQuestion question={q()} onSubmit={(v) => void answer(q().id, v)} />}</Match>
                    <Match when={question.type === 'choice' ? question : null}>{(q) => <ChoiceQuestion question={q()} onSubmit={(v) => void answer(q().id, v)} />}</Match>
                    <Match when={question.type === 'scale' ? question : null}>
                      {(q) => loaded(scaleScreen, (ScaleQuestion) => <ScaleQuestion question={q()} onSubmit={(v) => void answer(q().id, v)} />)}
                    </Match>
                    <Match when={question.type === 'code' ? question : null}>
                      {(q) =>
                        loaded(codeScreens, (screens) => {
                          const CodeQuestion = screens.CodeQuestion;
                          return (
                            <CodeQuestion
                              question={q()}
                              sessionId={props.session.sessionId}
                              device={props.device}
                              draft={props.session.codeDrafts?.[q().id]}
                              onSubmit={(code) => void answer(q().id, { code })}
                            />
                          );
                        })
                      }
                    </Match>
                  </Switch>
                  <div class="hf-row">{finishLaterButton()}</div>
                </section>
              );
            }}
          </Match>
          <Match when={screen().kind === 'finished-later'}>
            <section class="hf-card hf-stack" aria-labelledby="saved-title">
              <h1 id="saved-title">{status().pendingItems === 0 ? t.finishedLaterTitle : t.finishedLaterKeptTitle}</h1>
              <p>{t.finishedLaterBody}</p>
              <Button onClick={() => void goToNextStep()}>{t.resume}</Button>
            </section>
          </Match>
          <Match when={screen().kind === 'closing'}>
            <section class="hf-card hf-stack" aria-labelledby="closing-title">
              <h1 id="closing-title">{t.closingTitle}</h1>
              <Show when={props.session.interview.closing}>
                <p>{props.session.interview.closing}</p>
              </Show>
              <Banner tone={closingMessage().tone} live>
                {closingMessage().text}
              </Banner>
            </section>
          </Match>
        </Switch>
      </div>
    </>
  );
}
