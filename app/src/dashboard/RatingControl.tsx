import { createSignal, createUniqueId, For, Show } from 'solid-js';
import { Button, ErrorBanner, Field } from '../ui/components';
import { createSubmission } from './forms';
import { type AnswerReviewSaved, type AnswerReviewView, formatRating, review } from './review';

const RATINGS = [1, 2, 3, 4, 5] as const;

/**
 * One answer's review: the reviewer's own 1–5 rating (saved the moment it is picked) and private
 * note, then everyone's ratings side by side with their average. Only the rating is shared: the
 * server never sends another reviewer's note.
 */
export function RatingControl(props: {
  sessionId: string;
  questionId: string;
  title: string;
  reviews: AnswerReviewView[];
  averageRating: number | null;
  canReview: boolean;
  onSaved: (saved: AnswerReviewSaved) => void;
  /** Each save as it starts, so Finish Review can wait for a note saved on the way to its button. */
  onSaving: (saving: Promise<unknown>) => void;
}) {
  const id = createUniqueId();
  const mine = () => props.reviews.find((r) => r.mine);
  // Seeded once: from here on the controls hold what the reviewer is doing.
  const [rating, setRating] = createSignal<number | null>(mine()?.rating ?? null);
  const [note, setNote] = createSignal(mine()?.note ?? '');
  const [savedNote, setSavedNote] = createSignal(mine()?.note ?? '');
  const [saved, setSaved] = createSignal('');
  const submission = createSubmission();

  async function saveRating(value: number | null) {
    const previous = rating();
    setRating(value);
    setSaved('');
    const saving = submission.run(() => review.saveAnswerReview(props.sessionId, props.questionId, { rating: value }));
    props.onSaving(saving);
    const done = await saving;
    if (!done) return setRating(previous);
    props.onSaved(done);
    setSaved(value === null ? 'Rating cleared' : `Rating ${value} saved`);
  }

  async function saveNote() {
    const text = note();
    if (text === savedNote()) return;
    setSaved('');
    // On failure the text stays in the box, with the reason above it: nothing typed is lost.
    const saving = submission.run(() => review.saveAnswerReview(props.sessionId, props.questionId, { note: text }));
    props.onSaving(saving);
    const done = await saving;
    if (!done) return;
    setSavedNote(text);
    props.onSaved(done);
    setSaved('Note saved');
  }

  const others = () => props.reviews.filter((r) => r.rating !== null);

  return (
    <div class="hf-stack">
      <Show when={props.canReview}>
        <fieldset aria-label={`Your rating of “${props.title}”`} style={{ border: 'none', padding: 0, margin: 0 }}>
          <legend class="hf-label">Your rating (1 poor – 5 excellent)</legend>
          <div class="hf-row">
            <For each={RATINGS}>
              {(value) => (
                <label class="hf-choice" style={{ 'margin-bottom': 0 }}>
                  <input type="radio" name={`${id}-rating`} value={value} checked={rating() === value} disabled={submission.busy()} onChange={() => void saveRating(value)} />
                  {value}
                </label>
              )}
            </For>
            <Show when={rating() !== null}>
              <Button variant="quiet" disabled={submission.busy()} onClick={() => void saveRating(null)} aria-label={`Clear rating of “${props.title}”`}>
                Clear rating
              </Button>
            </Show>
          </div>
        </fieldset>
        <Field label={`Private note on “${props.title}”`} id={`${id}-note`} hint="Only you can see this note.">
          <textarea id={`${id}-note`} rows={2} maxLength={5000} value={note()} onInput={(e) => setNote(e.currentTarget.value)} onChange={() => void saveNote()} />
        </Field>
        <div class="hf-row">
          <Button variant="secondary" disabled={submission.busy() || note() === savedNote()} onClick={() => void saveNote()}>
            Save note
          </Button>
          <span role="status" class="hf-muted">
            {saved()}
          </span>
        </div>
        <ErrorBanner message={submission.error()} />
      </Show>
      <Show when={props.canReview ? null : mine()?.note}>
        {(note) => (
          <div>
            <span class="hf-label">Your private note</span>
            <p class="hf-pre">{note()}</p>
          </div>
        )}
      </Show>
      <Show when={others().length > 0} fallback={<p class="hf-muted">No ratings yet.</p>}>
        <table class="hf-table" aria-label={`Ratings of “${props.title}”`}>
          <thead>
            <tr>
              <th scope="col">Reviewer</th>
              <th scope="col">Rating</th>
            </tr>
          </thead>
          <tbody>
            <For each={others()}>
              {(r) => (
                <tr>
                  <td>{r.mine ? `${r.reviewerName} (you)` : r.reviewerName}</td>
                  <td>{r.rating} of 5</td>
                </tr>
              )}
            </For>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Average</th>
              <td>{formatRating(props.averageRating)}</td>
            </tr>
          </tfoot>
        </table>
      </Show>
    </div>
  );
}
