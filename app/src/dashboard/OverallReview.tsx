import { createSignal, createUniqueId, For, Show } from 'solid-js';
import { Button, ErrorBanner, Field } from '../ui/components';
import { createSubmission } from './forms';
import { type OverallReviewView, RECOMMENDATION_LABELS, type Recommendation, review } from './review';

const RECOMMENDATIONS = Object.keys(RECOMMENDATION_LABELS) as Recommendation[];

/**
 * The reviewer's verdict on the whole session (advance, hold or reject) with overall notes, and
 * every other reviewer's beside it. Overall notes are shared with the team; per-answer notes are not.
 */
export function OverallReview(props: {
  sessionId: string;
  reviews: OverallReviewView[];
  canReview: boolean;
  onSaved: (reviews: OverallReviewView[]) => void;
  onSaving: (saving: Promise<unknown>) => void;
}) {
  const id = createUniqueId();
  const mine = () => props.reviews.find((r) => r.mine);
  const [recommendation, setRecommendation] = createSignal<Recommendation | null>(mine()?.recommendation ?? null);
  const [notes, setNotes] = createSignal(mine()?.notes ?? '');
  const [saved, setSaved] = createSignal('');
  const submission = createSubmission();

  async function save() {
    setSaved('');
    const saving = submission.run(() => review.saveSessionReview(props.sessionId, { recommendation: recommendation(), notes: notes() }));
    props.onSaving(saving);
    const done = await saving;
    if (!done) return;
    props.onSaved(done.reviews);
    setSaved('Recommendation saved');
  }

  const others = () => props.reviews.filter((r) => !r.mine && (r.recommendation !== null || r.notes.trim() !== ''));

  return (
    <div class="hf-stack">
      <Show when={props.canReview}>
        <form
          class="hf-stack"
          aria-label="Your recommendation"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
            <legend class="hf-label">Your recommendation</legend>
            <div class="hf-row">
              <For each={RECOMMENDATIONS}>
                {(value) => (
                  <label class="hf-choice" style={{ 'margin-bottom': 0 }}>
                    <input type="radio" name={`${id}-recommendation`} value={value} checked={recommendation() === value} onChange={() => setRecommendation(value)} />
                    {RECOMMENDATION_LABELS[value]}
                  </label>
                )}
              </For>
            </div>
          </fieldset>
          <Field label="Overall notes" id={`${id}-notes`} hint="Shared with everyone on the team who can open this session." error={submission.fieldError('notes')}>
            <textarea id={`${id}-notes`} rows={4} maxLength={20_000} value={notes()} onInput={(e) => setNotes(e.currentTarget.value)} />
          </Field>
          <div class="hf-row">
            <Button type="submit" disabled={submission.busy()}>
              Save recommendation
            </Button>
            <span role="status" class="hf-muted">
              {saved()}
            </span>
          </div>
          <ErrorBanner message={submission.error()} />
        </form>
      </Show>
      <Show when={!props.canReview && mine()}>{(m) => <ReviewerVerdict review={m()} />}</Show>
      <Show when={others().length > 0} fallback={<p class="hf-muted">No other reviewer has given a recommendation yet.</p>}>
        <ul class="hf-list" aria-label="Other reviewers’ recommendations">
          <For each={others()}>
            {(r) => (
              <li>
                <ReviewerVerdict review={r} />
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}

function ReviewerVerdict(props: { review: OverallReviewView }) {
  return (
    <div>
      <strong>{props.review.mine ? `${props.review.reviewerName} (you)` : props.review.reviewerName}</strong>:{' '}
      <span class="hf-tag">{props.review.recommendation ? RECOMMENDATION_LABELS[props.review.recommendation] : 'no recommendation'}</span>
      <Show when={props.review.notes.trim()}>
        <p class="hf-pre">{props.review.notes}</p>
      </Show>
    </div>
  );
}
