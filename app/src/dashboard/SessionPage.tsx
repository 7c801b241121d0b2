import { A, useParams } from '@solidjs/router';
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { Banner, Button, ErrorBanner } from '../ui/components';
import { AnalysisPanel } from './AnalysisPanel';
import { AnswerContent } from './AnswerContent';
import { CopyButton } from './CopyButton';
import { STATE_LABELS } from './candidates';
import { ApiError, describeError } from './data';
import { createSubmission } from './forms';
import { LiveStatus } from './LiveStatus';
import { OverallReview } from './OverallReview';
import { RatingControl } from './RatingControl';
import { type AnswerReviewSaved, awaitsReview, formatRating, review, type SessionPage as SessionPageData } from './review';
import { ScaleProfile } from './ScaleProfile';

const TYPE_LABELS: Record<string, string> = { video: 'Video', audio: 'Audio', text: 'Text', choice: 'Choice', scale: 'Scale', code: 'Code' };

/**
 * A session for reviewers: who the candidate is, what happened when, every answer in question
 * order with its player or score, ratings and notes, the overall recommendation, Finish Review.
 * Its URL is the one to share: any member who may read sessions opens it; anyone else gets 404.
 */
export default function SessionPage() {
  const params = useParams<{ sessionId: string }>();
  // A store, not a resource: a saved rating updates its own answer in place, so the players and
  // half-typed notes of every other answer stay as they are.
  const [page, setPage] = createStore<{ data: SessionPageData | null }>({ data: null });
  const [loadError, setLoadError] = createSignal<string | null>(null);
  const finishing = createSubmission();
  const saving = new Set<Promise<unknown>>();
  // Each recorded answer's player seek, so the analysis panel's evidence times play from there.
  const players = new Map<string, (seconds: number) => void>();

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

  const track = (promise: Promise<unknown>) => {
    saving.add(promise);
    void promise.finally(() => saving.delete(promise));
  };
  function answerSaved(index: number, saved: AnswerReviewSaved) {
    setPage('data', 'answers', index, { reviews: saved.reviews, averageRating: saved.averageRating });
    setPage('data', 'overall', 'averageRating', saved.overallAverageRating);
  }
  async function finish() {
    await Promise.allSettled([...saving]);
    if (await finishing.run(() => review.finish(params.sessionId))) await load();
  }
  async function reopen() {
    if (await finishing.run(() => review.reopen(params.sessionId))) await load();
  }

  return (
    <div class="hf-stack">
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
            <header class="hf-stack">
              <Show when={data().session.interviewId}>
                {(interviewId) => <A href={`/dashboard/interviews/${interviewId()}/sessions`}>← Sessions of {data().session.interviewName ?? 'the interview'}</A>}
              </Show>
              <h1>{data().candidate?.name ?? 'Session'}</h1>
              <div class="hf-row">
                <span class="hf-tag" data-status={data().session.status}>
                  {STATE_LABELS[data().session.status]}
                </span>
                <Show when={data().session.practice}>
                  <span class="hf-tag">practice</span>
                </Show>
                <Show when={data().session.status === 'in_progress'}>
                  <LiveStatus sessionId={data().session.id} />
                </Show>
                <CopyButton text={`${location.origin}/dashboard/sessions/${data().session.id}`} label="Copy link to this session" />
                <Show when={data().session.retakeOf || data().session.retakenBy}>
                  <A href={`/dashboard/sessions/${data().session.id}/compare`}>Compare retakes</A>
                </Show>
              </div>
            </header>

            <Show when={data().candidate}>
              {(candidate) => (
                <section class="hf-card" aria-labelledby="candidate-heading">
                  <h2 id="candidate-heading">Candidate</h2>
                  <dl class="hf-stack">
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

            <h2>Answers</h2>
            <For each={data().answers}>
              {(answer, index) => (
                <section class="hf-card hf-stack" aria-labelledby={`answer-${index()}`}>
                  <div>
                    <h3 id={`answer-${index()}`}>
                      {index() + 1}. {answer.question.title}
                    </h3>
                    <p class="hf-muted">
                      {TYPE_LABELS[answer.question.type] ?? answer.question.type}
                      {answer.answeredAt ? ` · answered ${new Date(answer.answeredAt).toLocaleString()}` : ''}
                    </p>
                    <Show when={answer.question.prompt}>
                      <p>{answer.question.prompt}</p>
                    </Show>
                  </div>
                  <AnswerContent answer={answer} sessionId={data().session.id} controls={(seek) => players.set(answer.question.id, seek)} />
                  <Show when={answer.answer} fallback={<p class="hf-muted">Nothing to rate until the candidate answers.</p>}>
                    <RatingControl
                      sessionId={data().session.id}
                      questionId={answer.question.id}
                      title={answer.question.title}
                      reviews={answer.reviews}
                      averageRating={answer.averageRating}
                      canReview={data().canReview}
                      onSaved={(saved) => answerSaved(index(), saved)}
                      onSaving={track}
                    />
                  </Show>
                </section>
              )}
            </For>

            <AnalysisPanel sessionId={data().session.id} canReview={data().canReview} seek={(questionId, ms) => players.get(questionId)?.(ms / 1000)} />

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
