import { For, lazy, Match, Show, Suspense, Switch } from 'solid-js';
import { AnswerPlayer, type PlayerControls } from './AnswerPlayer';
import type { AnswerView, ReviewedAnswer } from './review';
import { ScaleProfile } from './ScaleProfile';

type Of<T extends AnswerView['type']> = Extract<AnswerView, { type: T }>;
type Question = ReviewedAnswer['question'];

// Playback and tests load only when a code answer is shown: CodeMirror's state and the runner stay
// out of every other review page.
const CodePlayback = lazy(() => import('./CodePlayback'));
const CodeTests = lazy(() => import('./CodeTests'));

const RIGHT = { background: 'var(--hf-green-100)', color: 'var(--hf-green-700)' };
const WRONG = { background: 'var(--hf-red-100)', color: 'var(--hf-red-700)' };

/**
 * What the candidate answered, shown for its question's type. Shared by the session page and
 * compare; given the session (the session page), a code answer also gets its playback and tests.
 */
export function AnswerContent(props: {
  answer: ReviewedAnswer;
  sessionId?: string;
  controls?: (controls: PlayerControls) => void;
  /** Offer recordings as files (the session page, for members who may review). */
  download?: boolean;
  /** A code answer's latest stored test run, once its tests have loaded or run. */
  onTests?: (passed: number, total: number) => void;
}) {
  const question = () => props.answer.question;
  const wordLimit = () => {
    const q = question();
    return q.type === 'text' ? q.wordLimit : null;
  };
  const of = <T extends AnswerView['type']>(type: T) => (props.answer.answer?.type === type ? (props.answer.answer as Of<T>) : null);
  return (
    <Show when={props.answer.answer} fallback={<p class="hf-muted">Not answered.</p>}>
      <Switch>
        <Match when={of('recording')}>
          {(a) => (
            <AnswerPlayer
              segments={a().segments}
              kind={question().type === 'audio' ? 'audio' : 'video'}
              label={`Recording: ${question().title}`}
              pendingSegments={a().pendingSegments}
              {...(props.controls ? { controls: props.controls } : {})}
              download={props.download ?? false}
            />
          )}
        </Match>
        <Match when={of('text')}>
          {(a) => (
            <div>
              <div class="hf-prose">
                <For each={paragraphs(a().text)}>{(paragraph) => <p>{paragraph}</p>}</For>
              </div>
              <p class="hf-muted">
                {a().wordCount} {a().wordCount === 1 ? 'word' : 'words'}
                {wordLimit() ? ` (limit ${wordLimit()})` : ''}
              </p>
            </div>
          )}
        </Match>
        <Match when={of('choice')}>
          {(a) => (
            <div>
              <ul class="hf-list" aria-label={`Chosen for “${question().title}”`}>
                <For each={a().chosen}>
                  {(option) => (
                    <li>
                      <span>{option.label}</span>
                      <Show when={option.correct !== null}>
                        <span class="hf-tag" style={option.correct ? RIGHT : WRONG}>
                          {option.correct ? '✓ right' : '✗ wrong'}
                        </span>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
              <p class="hf-muted">{a().points === null ? 'Not scored' : `${a().points} of ${a().maxPoints} points`}</p>
            </div>
          )}
        </Match>
        <Match when={of('scale')}>{(a) => <ScaleAnswer answer={a()} question={question()} />}</Match>
        <Match when={of('code')}>
          {(a) => (
            <div class="hf-stack">
              <figure style={{ margin: 0 }}>
                <figcaption class="hf-label">Submitted code</figcaption>
                <pre class="hf-pre">{a().code}</pre>
              </figure>
              <Show when={props.sessionId}>
                {(sessionId) => (
                  <Suspense fallback={<p role="status">Loading the playback…</p>}>
                    <CodeTests
                      sessionId={sessionId()}
                      questionId={question().id}
                      title={question().title}
                      code={a().code}
                      {...(props.onTests ? { onLatest: props.onTests } : {})}
                    />
                    <CodePlayback sessionId={sessionId()} questionId={question().id} title={question().title} />
                  </Suspense>
                )}
              </Show>
            </div>
          )}
        </Match>
      </Switch>
    </Show>
  );
}

/** A text answer as the candidate wrote it: blank lines part paragraphs; single line breaks stay (CSS). */
const paragraphs = (text: string) => text.split(/\n\s*\n/).filter((p) => p.trim() !== '');

function ScaleAnswer(props: { answer: Of<'scale'>; question: Question }) {
  const scale = () => (props.question.type === 'scale' ? props.question : null);
  return (
    <div class="hf-stack">
      <Show when={scale()}>
        {(q) => (
          <ul class="hf-list" aria-label={`Answers to “${q().title}”`}>
            <For each={q().items}>
              {(item) => (
                <li>
                  <span>{item.statement}</span>
                  <span class="hf-tag">
                    {props.answer.value[item.id] === undefined ? 'not answered' : `${props.answer.value[item.id]} of ${q().steps}`}
                    {item.reverse ? ' (reverse-keyed)' : ''}
                  </span>
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
      <ScaleProfile profile={props.answer.profile} title={props.answer.keyedTo === 'trait' ? 'Trait profile from this question' : 'Scenario profile from this question'} />
      <p class="hf-muted">
        Score {props.answer.score} of {props.answer.maxScore}
      </p>
    </div>
  );
}
