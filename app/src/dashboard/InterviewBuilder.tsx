import { createResource, createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { Button, ErrorBanner, Field } from '../ui/components';
import { questions, TYPE_LABELS } from './bank';
import { can } from './data';
import { createSubmission } from './forms';
import { FORMAT_LABELS, type Interview, type InterviewFormat, interviews } from './interviews';

interface PickedQuestion {
  id: string;
  title: string;
  type: keyof typeof TYPE_LABELS;
}

/** A time as a `datetime-local` input shows it, in the recruiter's own time zone. */
function localDateTime(at: number | null): string {
  if (at === null) return '';
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** Name, format, messages, deadline, and the ordered questions — reordered by keyboard or drag. */
export function InterviewBuilder(props: { interview: Interview; onSaved: (interview: Interview) => void }) {
  const [draft, setDraft] = createStore({
    name: props.interview.name,
    format: props.interview.format,
    intro: props.interview.intro,
    closing: props.interview.closing,
    deadlineHours: props.interview.deadlineHours,
    deadlineAt: props.interview.deadlineAt,
    questions: props.interview.questions.map((q) => ({ id: q.id, title: q.title, type: q.type })) as PickedQuestion[],
  });
  const [search, setSearch] = createSignal('');
  const [source, setSource] = createSignal<'mine' | 'examples'>('mine');
  const [bank] = createResource(
    () => ({ source: source(), q: search() }),
    (f) => questions.list(f),
  );
  const [dragging, setDragging] = createSignal<number | null>(null);
  const [announcement, setAnnouncement] = createSignal('');
  const save = createSubmission();
  const readOnly = () => !can('interviews.write');

  function move(from: number, to: number) {
    if (to < 0 || to >= draft.questions.length || from === to) return;
    const list = [...draft.questions];
    const [item] = list.splice(from, 1);
    // A drag that started on a row since removed has nothing to move.
    if (!item) return;
    list.splice(to, 0, item);
    setDraft('questions', list);
    setAnnouncement(`${item.title} moved to position ${to + 1} of ${list.length}`);
  }

  return (
    <form
      class="hf-stack"
      aria-label="Interview builder"
      onSubmit={async (e) => {
        e.preventDefault();
        const saved = await save.run(() =>
          interviews.update(props.interview.id, {
            name: draft.name,
            format: draft.format,
            intro: draft.intro,
            closing: draft.closing,
            // Hours, a date, or both (the earlier holds); a take-home with neither gets 72 hours.
            deadlineHours: draft.format === 'take_home' ? (draft.deadlineHours ?? (draft.deadlineAt === null ? 72 : null)) : null,
            deadlineAt: draft.format === 'take_home' ? draft.deadlineAt : null,
            questionIds: draft.questions.map((q) => q.id),
            expectedVersion: props.interview.version,
          }),
        );
        if (saved) props.onSaved(saved.interview);
      }}
    >
      <section class="hf-card">
        <div class="hf-row">
          <Field label="Interview name" id="interview-name" error={save.fieldError('name')}>
            <input id="interview-name" value={draft.name} disabled={readOnly()} onInput={(e) => setDraft('name', e.currentTarget.value)} />
          </Field>
          <Field label="Format" id="interview-format" error={save.fieldError('format')}>
            <select id="interview-format" value={draft.format} disabled={readOnly()} onChange={(e) => setDraft('format', e.currentTarget.value as InterviewFormat)}>
              <For each={Object.entries(FORMAT_LABELS)}>{([value, label]) => <option value={value}>{label}</option>}</For>
            </select>
          </Field>
          <Show when={draft.format === 'take_home'}>
            <Field label="Deadline (hours after starting)" id="interview-deadline" error={save.fieldError('deadlineHours')} hint="Leave empty to use only a date.">
              <input
                id="interview-deadline"
                type="number"
                min={1}
                value={draft.deadlineHours ?? ''}
                disabled={readOnly()}
                onInput={(e) => setDraft('deadlineHours', e.currentTarget.value === '' ? null : Number(e.currentTarget.value))}
              />
            </Field>
            <Field label="Submit by (date and time, optional)" id="interview-deadline-at" error={save.fieldError('deadlineAt')} hint="With hours too, the earlier one applies.">
              <input
                id="interview-deadline-at"
                type="datetime-local"
                value={localDateTime(draft.deadlineAt)}
                disabled={readOnly()}
                onInput={(e) => setDraft('deadlineAt', e.currentTarget.value === '' ? null : new Date(e.currentTarget.value).getTime())}
              />
            </Field>
          </Show>
        </div>
        <Field label="Intro message" id="interview-intro" error={save.fieldError('intro')}>
          <textarea id="interview-intro" value={draft.intro} disabled={readOnly()} onInput={(e) => setDraft('intro', e.currentTarget.value)} />
        </Field>
        <Field label="Closing message" id="interview-closing" error={save.fieldError('closing')}>
          <textarea id="interview-closing" value={draft.closing} disabled={readOnly()} onInput={(e) => setDraft('closing', e.currentTarget.value)} />
        </Field>
      </section>
      <section class="hf-card" aria-labelledby="interview-questions-title">
        <h2 id="interview-questions-title">Questions ({draft.questions.length})</h2>
        <p class="hf-visually-hidden" role="status" aria-live="polite">
          {announcement()}
        </p>
        <Show when={save.fieldError('questionIds')}>
          <span class="hf-field-error">{save.fieldError('questionIds')}</span>
        </Show>
        <ol class="hf-list" aria-label="Questions in this interview">
          <For each={draft.questions} fallback={<li class="hf-muted">Add questions from the bank below.</li>}>
            {(q, i) => (
              <li
                draggable={!readOnly()}
                onDragStart={() => setDragging(i())}
                onDragOver={(e) => e.preventDefault()}
                onDrop={(e) => {
                  e.preventDefault();
                  const from = dragging();
                  if (from !== null) move(from, i());
                  setDragging(null);
                }}
                classList={{ 'hf-dragging': dragging() === i() }}
              >
                <span aria-hidden="true" class="hf-drag-handle">
                  ⠿
                </span>
                <span>
                  {i() + 1}. {q.title}
                </span>
                <span class="hf-tag">{TYPE_LABELS[q.type]}</span>
                <span class="hf-spacer" />
                <Show when={!readOnly()}>
                  <Button variant="quiet" aria-label={`Move “${q.title}” up`} disabled={i() === 0} onClick={() => move(i(), i() - 1)}>
                    Up
                  </Button>
                  <Button variant="quiet" aria-label={`Move “${q.title}” down`} disabled={i() === draft.questions.length - 1} onClick={() => move(i(), i() + 1)}>
                    Down
                  </Button>
                  <Button variant="quiet" aria-label={`Remove “${q.title}” from the interview`} onClick={() => setDraft('questions', (list) => list.filter((_, j) => j !== i()))}>
                    Remove
                  </Button>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </section>
      <Show when={!readOnly()}>
        <section class="hf-card" aria-labelledby="add-questions-title">
          <h2 id="add-questions-title">Add questions</h2>
          <div class="hf-row">
            <Field label="Search the bank" id="builder-search">
              <input id="builder-search" type="search" value={search()} onInput={(e) => setSearch(e.currentTarget.value)} />
            </Field>
            <Field label="From" id="builder-source">
              <select id="builder-source" value={source()} onChange={(e) => setSource(e.currentTarget.value as 'mine' | 'examples')}>
                <option value="mine">My Content</option>
                <option value="examples">Examples</option>
              </select>
            </Field>
          </div>
          <ul class="hf-list" aria-label="Bank questions">
            <For each={bank()?.questions.filter((q) => !draft.questions.some((d) => d.id === q.id))} fallback={<li class="hf-muted">No more questions to add.</li>}>
              {(q) => (
                <li>
                  <span>{q.title}</span>
                  <span class="hf-tag">{TYPE_LABELS[q.type]}</span>
                  <span class="hf-spacer" />
                  <Button
                    variant="secondary"
                    aria-label={`Add “${q.title}”`}
                    onClick={() => setDraft('questions', (list) => [...list, { id: q.id, title: q.title, type: q.type }])}
                  >
                    Add
                  </Button>
                </li>
              )}
            </For>
          </ul>
        </section>
        <ErrorBanner message={save.error()} />
        <Button type="submit" disabled={save.busy()}>
          Save interview
        </Button>
      </Show>
    </form>
  );
}
