import { A, useParams } from '@solidjs/router';
import { createMemo, createResource, For, Show } from 'solid-js';
import { Banner } from '../ui/components';
import { AnswerContent } from './AnswerContent';
import { STATE_LABELS } from './candidates';
import { ApiError, describeError } from './data';
import { type CompareView, formatRating, type ReviewedAnswer, review } from './review';
import { ScaleProfile } from './ScaleProfile';

type Compared = CompareView['sessions'][number];

const takeName = (index: number) => (index === 0 ? 'Original' : `Retake ${index}`);

/**
 * Questions in the order first asked; a retake of an edited interview may ask a question the
 * original did not, and that question gets its own row with a gap where the other had none.
 */
function questionRows(sessions: readonly Compared[]): { id: string; title: string; cells: (ReviewedAnswer | null)[] }[] {
  const order: { id: string; title: string }[] = [];
  for (const s of sessions) for (const a of s.answers) if (!order.some((q) => q.id === a.question.id)) order.push({ id: a.question.id, title: a.question.title });
  return order.map((q) => ({ ...q, cells: sessions.map((s) => s.answers.find((a) => a.question.id === q.id) ?? null) }));
}

/** A session and its retakes side by side, question by question: one column per take. */
export default function ComparePage() {
  const params = useParams<{ sessionId: string }>();
  const [data] = createResource(
    () => params.sessionId,
    (id) => review.compare(id),
  );
  const rows = createMemo(() => questionRows(data()?.sessions ?? []));
  const columns = () => ({ display: 'grid', gap: 'var(--hf-space-3)', 'grid-template-columns': `repeat(auto-fit, minmax(min(100%, 18rem), 1fr))` });
  const error = () => {
    const err = data.error as unknown;
    return err instanceof ApiError && err.status === 404 ? 'This session does not exist, or you cannot see it.' : describeError(err);
  };

  return (
    <div class="hf-stack">
      <A href={`/dashboard/sessions/${params.sessionId}`}>← Back to the session</A>
      <h1>Compare retakes</h1>
      <Show when={data.error}>
        <Banner tone="error">{error()}</Banner>
      </Show>
      <Show
        when={data()}
        fallback={
          <Show when={!data.error}>
            <p role="status">Loading…</p>
          </Show>
        }
      >
        {(view) => (
          <>
            <Show when={view().sessions.length < 2}>
              <Banner tone="info">This session has no retakes yet.</Banner>
            </Show>
            <ul class="hf-bare-list" style={columns()} aria-label="Takes">
              <For each={view().sessions}>
                {(take, i) => (
                  <li class="hf-card" aria-label={takeName(i())} data-session-id={take.session.id}>
                    <h2>{takeName(i())}</h2>
                    <p>
                      <span class="hf-tag">{STATE_LABELS[take.session.status]}</span>{' '}
                      <span class="hf-muted">started {take.session.startedAt ? new Date(take.session.startedAt).toLocaleString() : 'not yet'}</span>
                    </p>
                    <p>Average rating: {formatRating(take.averageRating)}</p>
                    <ScaleProfile profile={take.scaleProfile} title="Profile from all scale questions" />
                    <A href={`/dashboard/sessions/${take.session.id}`}>Open {takeName(i()).toLowerCase()}</A>
                  </li>
                )}
              </For>
            </ul>
            <For each={rows()}>
              {(row) => (
                <section class="hf-stack" aria-label={`Question: ${row.title}`}>
                  <h2>{row.title}</h2>
                  <div style={columns()}>
                    <For each={row.cells}>
                      {(cell, i) => (
                        <fieldset class="hf-group hf-card" aria-label={`${takeName(i())}: ${row.title}`}>
                          <h3 class="hf-label">{takeName(i())}</h3>
                          <Show when={cell} fallback={<p class="hf-muted">Not asked in this take.</p>}>
                            {(answer) => (
                              <>
                                <AnswerContent answer={answer()} />
                                <p class="hf-muted">Average rating: {formatRating(answer().averageRating)}</p>
                              </>
                            )}
                          </Show>
                        </fieldset>
                      )}
                    </For>
                  </div>
                </section>
              )}
            </For>
          </>
        )}
      </Show>
    </div>
  );
}
