import { createResource, createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { QUESTION_TYPES } from '../../../worker/schemas/questions';
import { Banner, Button, ErrorBanner, Field } from '../ui/components';
import { blankQuestion, type Question, type QuestionFilters, type QuestionInput, type QuestionType, questions, TYPE_LABELS } from './bank';
import { can } from './data';
import { createSubmission } from './forms';
import { QuestionEditor } from './QuestionEditor';

type Editing = { mode: 'new'; body: QuestionInput } | { mode: 'edit'; id: string; body: QuestionInput } | null;

/** The content of a question without its bookkeeping, ready to edit and send back. */
function bodyOf(q: Question): QuestionInput {
  const { id: _id, source: _s, copiedFrom: _c, archivedAt: _a, createdAt: _cr, updatedAt: _u, ...body } = q as Question & Record<string, unknown>;
  return body as QuestionInput;
}

export default function QuestionBank() {
  const [filters, setFilters] = createStore<QuestionFilters>({ source: 'mine', q: '', type: '', tag: '', archived: false });
  const [list, { refetch }] = createResource(
    () => ({ ...filters }),
    (f) => questions.list(f),
  );
  const [editing, setEditing] = createSignal<Editing>(null);
  const [newType, setNewType] = createSignal<QuestionType>('video');
  const action = createSubmission();
  const mayWrite = () => can('questions.write');

  const tab = (source: 'mine' | 'examples', label: string) => (
    <button type="button" role="tab" id={`tab-${source}`} aria-selected={filters.source === source} aria-controls="bank-panel" onClick={() => setFilters('source', source)}>
      {label}
    </button>
  );

  async function save(body: QuestionInput) {
    const current = editing();
    if (!current) return;
    if (current.mode === 'new') await questions.create(body);
    else await questions.update(current.id, body);
    setEditing(null);
    setFilters('source', 'mine');
    await refetch();
  }

  return (
    <div class="hf-stack">
      <h1>Question Bank</h1>
      <Show when={editing()} keyed>
        {(e) => <QuestionEditor initial={e.body} saveLabel={e.mode === 'new' ? 'Create question' : 'Save question'} onSave={save} onCancel={() => setEditing(null)} />}
      </Show>
      <Show when={!editing() && mayWrite()}>
        <div class="hf-row">
          <Field label="New question type" id="new-type">
            <select id="new-type" value={newType()} onChange={(e) => setNewType(e.currentTarget.value as QuestionType)}>
              <For each={QUESTION_TYPES}>{(type) => <option value={type}>{TYPE_LABELS[type]}</option>}</For>
            </select>
          </Field>
          <Button onClick={() => setEditing({ mode: 'new', body: blankQuestion(newType()) })}>New question</Button>
        </div>
      </Show>
      <div class="hf-tabs" role="tablist" aria-label="Question source">
        {tab('mine', 'My Content')}
        {tab('examples', 'Examples')}
      </div>
      <div id="bank-panel" role="tabpanel" aria-labelledby={`tab-${filters.source}`} class="hf-stack">
        <div class="hf-row">
          <Field label="Search questions" id="bank-search">
            <input id="bank-search" type="search" value={filters.q ?? ''} onInput={(e) => setFilters('q', e.currentTarget.value)} />
          </Field>
          <Field label="Type" id="bank-type">
            <select id="bank-type" value={filters.type ?? ''} onChange={(e) => setFilters('type', e.currentTarget.value as QuestionType | '')}>
              <option value="">All types</option>
              <For each={QUESTION_TYPES}>{(type) => <option value={type}>{TYPE_LABELS[type]}</option>}</For>
            </select>
          </Field>
          <Field label="Tag" id="bank-tag">
            <input id="bank-tag" value={filters.tag ?? ''} onChange={(e) => setFilters('tag', e.currentTarget.value.trim().toLowerCase())} />
          </Field>
          <Show when={filters.source === 'mine'}>
            <label class="hf-choice">
              <input type="checkbox" checked={filters.archived} onChange={(e) => setFilters('archived', e.currentTarget.checked)} />
              <span>Show archived</span>
            </label>
          </Show>
        </div>
        <ErrorBanner message={action.error()} />
        <Show when={list.error}>
          <Banner tone="error">{String(list.error?.message ?? list.error)}</Banner>
        </Show>
        <ul class="hf-list" aria-label="Questions">
          <For each={list()?.questions} fallback={<li class="hf-muted">No questions match.</li>}>
            {(q) => (
              <li>
                <strong>{q.title}</strong>
                <span class="hf-tag">{TYPE_LABELS[q.type]}</span>
                <For each={q.tags}>{(tag) => <span class="hf-tag">#{tag}</span>}</For>
                <span class="hf-spacer" />
                <Show when={mayWrite()}>
                  <Show
                    when={q.source === 'mine'}
                    fallback={
                      <Button variant="secondary" aria-label={`Copy to My Content: “${q.title}”`} onClick={() => void action.run(() => questions.duplicate(q.id)).then(refetch)}>
                        Copy to My Content
                      </Button>
                    }
                  >
                    <Button variant="secondary" aria-label={`Edit “${q.title}”`} onClick={() => setEditing({ mode: 'edit', id: q.id, body: bodyOf(q) })}>
                      Edit
                    </Button>
                    <Button variant="quiet" aria-label={`Duplicate “${q.title}”`} onClick={() => void action.run(() => questions.duplicate(q.id)).then(refetch)}>
                      Duplicate
                    </Button>
                    <Button
                      variant="quiet"
                      aria-label={`${q.archivedAt ? 'Unarchive' : 'Archive'} “${q.title}”`}
                      onClick={() => void action.run(() => (q.archivedAt ? questions.unarchive(q.id) : questions.archive(q.id))).then(refetch)}
                    >
                      {q.archivedAt ? 'Unarchive' : 'Archive'}
                    </Button>
                  </Show>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </div>
    </div>
  );
}
