import { A, useNavigate, useParams, useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { Banner, Button, ErrorBanner } from '../ui/components';
import { AnalysisPanel } from './AnalysisPanel';
import { AnswerContent } from './AnswerContent';
import type { PlayerControls } from './AnswerPlayer';
import { ANALYSIS_LABELS, type AnalysisView } from './analysis';
import { CopyButton } from './CopyButton';
import { STATE_LABELS } from './candidates';
import { ApiError, can, describeError } from './data';
import { createSubmission } from './forms';
import { LiveStatus } from './LiveStatus';
import { OverallReview } from './OverallReview';
import { RatingControl } from './RatingControl';
import { createShortcutsSetting, ShortcutsHelp, SKIP_SECONDS, useReviewShortcuts } from './ReviewShortcuts';
import {
  type AnswerReviewSaved,
  awaitsReview,
  clock,
  formatRating,
  RECOMMENDATION_LABELS,
  type Recommendation,
  type ReviewedAnswer,
  review,
  type SessionPage as SessionPageData,
} from './review';
import { ScaleProfile } from './ScaleProfile';
import './review-workspace.css';

const TYPE_LABELS: Record<string, string> = { video: 'Video', audio: 'Audio', text: 'Text', choice: 'Choice', scale: 'Scale', code: 'Code' };
const QUESTIONS_ID = 'review-questions';

/**
 * A session for reviewers, as a workspace: a summary of where the review stands, the questions
 * with each answer's state, one answer at a time with its player (or text, score, code) and the
 * reviewer's rating and note beside it, keyboard shortcuts, then the overall recommendation,
 * Finish Review, the AI analysis, the candidate and the timeline. `?answer=N` is the answer shown,
 * so a reload or a shared link keeps the place. Any member who may read sessions opens it;
 * anyone else gets 404.
 */
export default function SessionPage() {
  const params = useParams<{ sessionId: string }>();
  const [search] = useSearchParams<{ answer?: string }>();
  const navigate = useNavigate();
  // A store, not a resource: a saved rating updates its own answer in place, so the player and a
  // half-typed note stay as they are.
  const [page, setPage] = createStore<{ data: SessionPageData | null }>({ data: null });
  const [loadError, setLoadError] = createSignal<string | null>(null);
  const [analysisView, setAnalysisView] = createSignal<AnalysisView | null>(null);
  /** Code answers' latest test runs as their tests report them, over what the analysis knew. */
  const [testRuns, setTestRuns] = createStore<Record<string, { passed: number; total: number }>>({});
  const [listOpen, setListOpen] = createSignal(false);
  const [shortcutsOn, setShortcutsOn] = createShortcutsSetting();
  const finishing = createSubmission();
  const saving = new Set<Promise<unknown>>();
  // The shown answer's player and rating, for the shortcuts and the analysis panel's evidence times.
  const players = new Map<string, PlayerControls>();
  const raters = new Map<string, (value: number) => void>();
  /** An evidence time of an answer not shown yet: played once that answer's player is there. */
  let seekOnOpen: { questionId: string; seconds: number } | null = null;
  let openHelp: (() => void) | undefined;

  async function load() {
    try {
      setPage('data', await review.page(params.sessionId));
      setLoadError(null);
    } catch (err) {
      setLoadError(err instanceof ApiError && err.status === 404 ? 'This session does not exist, or you cannot see it.' : describeError(err));
    }
  }
  createEffect(
    on(
      () => params.sessionId,
      () => void load(),
    ),
  );

  const answers = () => page.data?.answers ?? [];
  const current = createMemo(() => {
    const n = Number(search.answer);
    const count = answers().length;
    return Number.isInteger(n) && n >= 1 && n <= count ? n - 1 : 0;
  });
  const shown = () => answers()[current()];
  const answerHref = (index: number) => `/dashboard/sessions/${encodeURIComponent(params.sessionId)}?answer=${index + 1}`;
  function goTo(index: number): boolean {
    if (index < 0 || index >= answers().length || index === current()) return false;
    // Replaced, not pushed: Back leaves the session rather than stepping through its answers.
    navigate(answerHref(index), { replace: true, scroll: false });
    setListOpen(false);
    // Reading the end of a long answer, the next one is brought up from its beginning.
    requestAnimationFrame(() => {
      const section = document.getElementById('answer-heading')?.closest('section');
      if (section && section.getBoundingClientRect().top < 0) section.scrollIntoView({ block: 'start' });
    });
    return true;
  }

  /** A plain click moves in place; a click meant for a new tab or window is the browser's. */
  function followInPlace(e: MouseEvent, index: number) {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    goTo(index);
    setListOpen(false);
  }

  function seekTo(questionId: string, ms: number) {
    const index = answers().findIndex((a) => a.question.id === questionId);
    if (index < 0) return;
    if (index === current()) players.get(questionId)?.seek(ms / 1000);
    else {
      seekOnOpen = { questionId, seconds: ms / 1000 };
      goTo(index);
    }
  }
  function playerReady(questionId: string, controls: PlayerControls) {
    players.set(questionId, controls);
    const pending = seekOnOpen;
    if (pending?.questionId !== questionId) return;
    seekOnOpen = null;
    // After this render: the player's media element is in the page by then.
    queueMicrotask(() => controls.seek(pending.seconds));
  }

  const currentPlayer = () => {
    const answer = shown();
    return answer?.answer?.type === 'recording' && answer.answer.segments.length > 0 ? players.get(answer.question.id) : undefined;
  };
  useReviewShortcuts(shortcutsOn, {
    toggle: () => {
      const player = currentPlayer();
      player?.toggle();
      return !!player;
    },
    skip: (seconds) => {
      const player = currentPlayer();
      player?.skip(seconds);
      return !!player;
    },
    previous: () => goTo(current() - 1),
    next: () => goTo(current() + 1),
    rate: (value) => {
      const rate = page.data?.canReview && shown()?.answer ? raters.get(shown()?.question.id ?? '') : undefined;
      rate?.(value);
      return !!rate;
    },
    help: () => openHelp?.(),
  });

  const track = (promise: Promise<unknown>) => {
    saving.add(promise);
    void promise.finally(() => saving.delete(promise));
  };
  function answerSaved(questionId: string, saved: AnswerReviewSaved) {
    const index = answers().findIndex((a) => a.question.id === questionId);
    if (index >= 0) setPage('data', 'answers', index, { reviews: saved.reviews, averageRating: saved.averageRating });
    setPage('data', 'overall', 'averageRating', saved.overallAverageRating);
  }
  async function finish() {
    await Promise.allSettled([...saving]);
    if (await finishing.run(() => review.finish(params.sessionId))) await load();
  }
  async function reopen() {
    if (await finishing.run(() => review.reopen(params.sessionId))) await load();
  }

  const testsOf = (questionId: string) => testRuns[questionId] ?? analysisView()?.builtins.codeTests?.find((t) => t.questionId === questionId) ?? null;
  const recommendations = () => {
    const counts = new Map<Recommendation, number>();
    for (const r of page.data?.overall.reviews ?? []) if (r.recommendation) counts.set(r.recommendation, (counts.get(r.recommendation) ?? 0) + 1);
    return (Object.keys(RECOMMENDATION_LABELS) as Recommendation[]).flatMap((r) => (counts.has(r) ? [`${RECOMMENDATION_LABELS[r]} ${counts.get(r)}`] : []));
  };
  const answeredCount = () => answers().filter((a) => a.answer).length;
  const ratedByMe = () => answers().filter((a) => a.reviews.some((r) => r.mine && r.rating !== null)).length;
  const analysisSummary = () => {
    const v = analysisView();
    if (!v || v.status === 'not_configured') return null;
    const score = v.provider.configured && v.overall.score !== null ? ` · ${v.overall.score} / 100` : '';
    return `${ANALYSIS_LABELS[v.status]}${score}`;
  };

  /** The words beside a question in the list: its type and where its answer stands. */
  function states(answer: ReviewedAnswer): string[] {
    const words = [TYPE_LABELS[answer.question.type] ?? answer.question.type];
    const a = answer.answer;
    if (!a) return [...words, 'not answered'];
    words.push('answered');
    if (a.type === 'recording') {
      if (a.segments.length > 0) words.push(`recording ${clock(a.totalDurationMs / 1000)}`);
      else if (a.pendingSegments > 0) words.push('recording still uploading');
    }
    const tests = testsOf(answer.question.id);
    if (tests) words.push(`tests ${tests.passed} of ${tests.total}`);
    const mine = answer.reviews.find((r) => r.mine)?.rating;
    if (mine != null) words.push(`rated ${mine} by you`);
    return words;
  }

  return (
    <div class="hf-stack hf-review">
      <ErrorBanner message={loadError()} />
      <Show
        when={page.data}
        fallback={
          <Show when={!loadError()}>
            <p role="status">Loading…</p>
          </Show>
        }
      >
        {(data) => (
          <>
            <header class="hf-stack hf-review__head">
              <Show when={data().session.interviewId}>
                {(interviewId) => <A href={`/dashboard/interviews/${interviewId()}/sessions`}>← Sessions of {data().session.interviewName ?? 'the interview'}</A>}
              </Show>
              <div class="hf-row">
                <h1 class="hf-review__title">{data().candidate?.name ?? 'Session'}</h1>
                <span class="hf-tag" data-status={data().session.status}>
                  {STATE_LABELS[data().session.status]}
                </span>
                <Show when={data().session.practice}>
                  <span class="hf-tag">practice</span>
                </Show>
                <Show when={data().session.status === 'in_progress'}>
                  <LiveStatus sessionId={data().session.id} />
                </Show>
              </div>
              <div class="hf-review__bar">
                <dl class="hf-review__summary" aria-label="Review summary">
                  <div>
                    <dt>Answered</dt>
                    <dd>
                      {answeredCount()} of {answers().length}
                    </dd>
                  </div>
                  <div>
                    <dt>Average rating</dt>
                    <dd>{formatRating(data().overall.averageRating)}</dd>
                  </div>
                  <Show when={data().canReview}>
                    <div>
                      <dt>Rated by you</dt>
                      <dd>
                        {ratedByMe()} of {answeredCount()}
                      </dd>
                    </div>
                  </Show>
                  <div>
                    <dt>Recommendations</dt>
                    <dd>{recommendations().join(', ') || 'none yet'}</dd>
                  </div>
                  <Show when={analysisSummary()}>
                    {(summary) => (
                      <div>
                        <dt>AI analysis</dt>
                        <dd>
                          <a href="#analysis-heading">{summary()}</a>
                        </dd>
                      </div>
                    )}
                  </Show>
                </dl>
                <div class="hf-row">
                  <CopyButton text={`${location.origin}/dashboard/sessions/${data().session.id}`} label="Copy link to this session" />
                  <Show when={data().session.retakeOf || data().session.retakenBy}>
                    <A href={`/dashboard/sessions/${data().session.id}/compare`}>Compare retakes</A>
                  </Show>
                  <ShortcutsHelp enabled={shortcutsOn()} onChange={setShortcutsOn} open={(open) => (openHelp = open)} />
                </div>
              </div>
            </header>

            {/* Said once the answer changes, for a screen reader that stayed on the list or pressed J/K. */}
            <p class="hf-visually-hidden" role="status">
              {shown() ? `Showing answer ${current() + 1} of ${answers().length}: ${shown()?.question.title}` : ''}
            </p>
            <div class="hf-review__workspace">
              <nav class="hf-review__nav" aria-label="Questions">
                <button
                  type="button"
                  class="hf-button hf-button--secondary hf-review__list-toggle"
                  aria-expanded={listOpen()}
                  aria-controls={QUESTIONS_ID}
                  onClick={() => setListOpen(!listOpen())}
                >
                  Questions ({current() + 1} of {answers().length})
                </button>
                <ol id={QUESTIONS_ID} class="hf-review__list" data-open={listOpen()}>
                  <For each={answers()}>
                    {(answer, index) => (
                      <li>
                        <a href={answerHref(index())} aria-current={index() === current() ? 'true' : undefined} onClick={(e) => followInPlace(e, index())}>
                          <span class="hf-review__entry-title">
                            {index() + 1}. {answer.question.title}
                          </span>
                          <span class="hf-review__entry-state" data-answered={answer.answer !== null}>
                            <span class="hf-visually-hidden"> — </span>
                            {states(answer).join(' · ')}
                          </span>
                        </a>
                      </li>
                    )}
                  </For>
                </ol>
              </nav>

              <Show when={shown()} keyed fallback={<p class="hf-muted">This interview has no questions.</p>}>
                {(answer) => (
                  <section class="hf-card hf-review__answer" aria-labelledby="answer-heading">
                    <div class="hf-review__pane">
                      <div class="hf-stack hf-review__main">
                        <div>
                          <p class="hf-muted hf-review__position">
                            Question {current() + 1} of {answers().length} · {TYPE_LABELS[answer.question.type] ?? answer.question.type}
                            {answer.answeredAt ? ` · answered ${new Date(answer.answeredAt).toLocaleString()}` : ''}
                          </p>
                          <h2 id="answer-heading">
                            {current() + 1}. {answer.question.title}
                          </h2>
                          <Show when={answer.question.prompt}>
                            <p class="hf-review__prompt">{answer.question.prompt}</p>
                          </Show>
                        </div>
                        <AnswerContent
                          answer={answer}
                          sessionId={data().session.id}
                          controls={(controls) => playerReady(answer.question.id, controls)}
                          download={can('reviews.write')}
                          onTests={(passed, total) => setTestRuns(answer.question.id, { passed, total })}
                        />
                      </div>
                      <div class="hf-stack hf-review__side">
                        <Show when={answer.answer} fallback={<p class="hf-muted">Nothing to rate until the candidate answers.</p>}>
                          <RatingControl
                            sessionId={data().session.id}
                            questionId={answer.question.id}
                            title={answer.question.title}
                            reviews={answer.reviews}
                            averageRating={answer.averageRating}
                            canReview={data().canReview}
                            onSaved={(saved) => answerSaved(answer.question.id, saved)}
                            onSaving={track}
                            rate={(rate) => raters.set(answer.question.id, rate)}
                          />
                        </Show>
                      </div>
                    </div>
                    <div class="hf-row hf-review__steps">
                      <Button variant="secondary" disabled={current() === 0} onClick={() => goTo(current() - 1)}>
                        ← Previous answer
                      </Button>
                      <Button variant="secondary" disabled={current() >= answers().length - 1} onClick={() => goTo(current() + 1)}>
                        Next answer →
                      </Button>
                      <p class="hf-muted hf-review__hint">
                        {shortcutsOn()
                          ? `Shortcuts: Space play/pause · ←/→ ${SKIP_SECONDS} s · J/K previous/next · 1–5 rate`
                          : 'Single-key shortcuts are off (Keyboard shortcuts to turn them on).'}
                      </p>
                    </div>
                  </section>
                )}
              </Show>
            </div>

            <section class="hf-card hf-stack" aria-labelledby="overall-heading">
              <h2 id="overall-heading">Overall</h2>
              <p>
                Average rating of all answers: <strong>{formatRating(data().overall.averageRating)}</strong>
              </p>
              <ScaleProfile profile={data().scaleProfile} title="Profile from all scale questions" />
              <OverallReview
                sessionId={data().session.id}
                reviews={data().overall.reviews}
                canReview={data().canReview}
                onSaved={(reviews) => setPage('data', 'overall', 'reviews', reviews)}
                onSaving={track}
              />
              <ErrorBanner message={finishing.error()} />
              <Show when={data().canReview && awaitsReview(data().session.status)}>
                <div class="hf-row">
                  <Button onClick={() => void finish()} disabled={finishing.busy()}>
                    Finish Review
                  </Button>
                  <span class="hf-muted">Marks the session Reviewed; ratings and notes can no longer be changed unless an admin reopens it.</span>
                </div>
              </Show>
              <Show when={data().session.status === 'reviewed'}>
                <Banner tone="success" live>
                  Review finished.
                </Banner>
                <Show when={data().canReopen}>
                  <Button variant="secondary" onClick={() => void reopen()} disabled={finishing.busy()}>
                    Reopen review
                  </Button>
                </Show>
              </Show>
            </section>

            <AnalysisPanel sessionId={data().session.id} canReview={data().canReview} seek={seekTo} onView={setAnalysisView} />

            <Show when={data().candidate}>
              {(candidate) => (
                <section class="hf-card" aria-labelledby="candidate-heading">
                  <h2 id="candidate-heading">Candidate</h2>
                  <dl class="hf-review__details">
                    <Detail term="Email" value={candidate().email} />
                    <Detail term="Phone" value={candidate().phone} />
                    <Detail term="School" value={candidate().school} />
                    <Detail term="Work experience" value={candidate().workExperience} />
                  </dl>
                  <Show when={candidate().resumeUrl}>
                    {(url) => (
                      <p>
                        <a href={url()} target="_blank" rel="noopener">
                          Resume (PDF)
                        </a>
                      </p>
                    )}
                  </Show>
                </section>
              )}
            </Show>

            <section class="hf-card" aria-labelledby="timeline-heading">
              <h2 id="timeline-heading">Timeline</h2>
              <ol class="hf-list" aria-label="Timeline">
                <For each={data().timeline} fallback={<li class="hf-muted">Nothing has happened yet.</li>}>
                  {(entry) => (
                    <li data-kind={entry.kind}>
                      <time class="hf-muted" datetime={new Date(entry.at).toISOString()}>
                        {new Date(entry.at).toLocaleString()}
                      </time>
                      <span>{entry.detail}</span>
                    </li>
                  )}
                </For>
              </ol>
            </section>
          </>
        )}
      </Show>
    </div>
  );
}

function Detail(props: { term: string; value: string | null }) {
  return (
    <div>
      <dt class="hf-label">{props.term}</dt>
      <dd style={{ margin: 0 }}>{props.value || '—'}</dd>
    </div>
  );
}
