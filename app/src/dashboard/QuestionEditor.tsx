import { For, Match, Show, Switch } from 'solid-js';
import { createStore, produce, unwrap } from 'solid-js/store';
import { Button, ErrorBanner, Field } from '../ui/components';
import { type QuestionInput, TYPE_LABELS } from './bank';
import { createSubmission } from './forms';

type Draft = QuestionInput & Record<string, unknown>;

let nextLocalId = 0;
const localId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(nextLocalId++).toString(36)}`;

/**
 * One editor for every question type. The server validates; its field errors (`options.1.label`)
 * are shown next to the field they name.
 */
export function QuestionEditor(props: { initial: QuestionInput; onSave: (body: QuestionInput) => Promise<unknown>; onCancel: () => void; saveLabel: string }) {
  const [draft, setDraft] = createStore<Draft>(structuredClone(props.initial) as Draft);
  const submission = createSubmission();
  const err = (path: string) => submission.fieldError(path);
  const set = (key: string, value: unknown) =>
    setDraft(
      produce((d) => {
        (d as Record<string, unknown>)[key] = value;
      }),
    );
  const num = (value: string) => (value === '' ? NaN : Number(value));
  const list = <T,>(key: string) => ((draft as Record<string, unknown>)[key] ?? []) as T[];
  const updateIn = (key: string, index: number, field: string, value: unknown) =>
    setDraft(
      produce((d) => {
        const item = ((d as Record<string, unknown>)[key] as Record<string, unknown>[])[index];
        if (!item) throw new Error(`QuestionEditor: ${key} has no item ${index}`);
        item[field] = value;
      }),
    );
  const removeAt = (key: string, index: number) => setDraft(produce((d) => void ((d as Record<string, unknown>)[key] as unknown[]).splice(index, 1)));
  const push = (key: string, value: unknown) => setDraft(produce((d) => void ((d as Record<string, unknown>)[key] as unknown[]).push(value)));

  return (
    <form
      class="hf-card"
      aria-label={`${TYPE_LABELS[draft.type]} question`}
      onSubmit={async (e) => {
        e.preventDefault();
        await submission.run(() => props.onSave(structuredClone(unwrap(draft)) as QuestionInput));
      }}
    >
      <h2>{TYPE_LABELS[draft.type]} question</h2>
      <Field label="Title" id="q-title" error={err('title')}>
        <input id="q-title" value={draft.title} onInput={(e) => set('title', e.currentTarget.value)} />
      </Field>
      <Field label="Question text" id="q-prompt" error={err('prompt')}>
        <textarea id="q-prompt" value={draft.prompt} onInput={(e) => set('prompt', e.currentTarget.value)} />
      </Field>
      <Field label="Tags (comma separated)" id="q-tags" error={err('tags')}>
        <input
          id="q-tags"
          value={(draft.tags ?? []).join(', ')}
          onChange={(e) =>
            set(
              'tags',
              e.currentTarget.value
                .split(',')
                .map((t) => t.trim())
                .filter(Boolean),
            )
          }
        />
      </Field>
      <Switch>
        <Match when={draft.type === 'video' || draft.type === 'audio'}>
          <div class="hf-row">
            <Field label="Think time (seconds)" id="q-think" error={err('thinkTimeSeconds')}>
              <input id="q-think" type="number" value={String(draft.thinkTimeSeconds ?? '')} onInput={(e) => set('thinkTimeSeconds', num(e.currentTarget.value))} />
            </Field>
            <Field label="Maximum answer length (seconds)" id="q-max" error={err('maxAnswerSeconds')}>
              <input id="q-max" type="number" value={String(draft.maxAnswerSeconds ?? '')} onInput={(e) => set('maxAnswerSeconds', num(e.currentTarget.value))} />
            </Field>
            <Field label="Attempts" id="q-attempts" error={err('attempts')}>
              <input id="q-attempts" type="number" value={String(draft.attempts ?? '')} onInput={(e) => set('attempts', num(e.currentTarget.value))} />
            </Field>
          </div>
          <label class="hf-choice">
            <input type="checkbox" checked={draft.mayReviewTake === true} onChange={(e) => set('mayReviewTake', e.currentTarget.checked)} />
            <span>Candidate may watch their take before submitting</span>
          </label>
        </Match>
        <Match when={draft.type === 'text'}>
          <Field label="Word limit (empty for none)" id="q-words" error={err('wordLimit')}>
            <input
              id="q-words"
              type="number"
              value={draft.wordLimit == null ? '' : String(draft.wordLimit)}
              onInput={(e) => set('wordLimit', e.currentTarget.value === '' ? null : num(e.currentTarget.value))}
            />
          </Field>
        </Match>
        <Match when={draft.type === 'choice'}>
          <Field label="Answers allowed" id="q-mode" error={err('mode')}>
            <select id="q-mode" value={String(draft.mode)} onChange={(e) => set('mode', e.currentTarget.value)}>
              <option value="single">One answer</option>
              <option value="multiple">Several answers</option>
            </select>
          </Field>
          <fieldset>
            <legend class="hf-label">Options</legend>
            <Show when={err('options')}>
              <span class="hf-field-error">{err('options')}</span>
            </Show>
            <For each={list<{ id: string; label: string }>('options')}>
              {(option, i) => (
                <div class="hf-row">
                  <Field label={`Option ${i() + 1}`} id={`q-option-${i()}`} error={err(`options.${i()}.label`)}>
                    <input id={`q-option-${i()}`} value={option.label} onInput={(e) => updateIn('options', i(), 'label', e.currentTarget.value)} />
                  </Field>
                  <label class="hf-choice">
                    <input
                      type="checkbox"
                      checked={list<string>('correctOptionIds').includes(option.id)}
                      onChange={(e) => {
                        const ids = list<string>('correctOptionIds').filter((id) => id !== option.id);
                        set('correctOptionIds', e.currentTarget.checked ? (draft.mode === 'single' ? [option.id] : [...ids, option.id]) : ids);
                      }}
                    />
                    <span>Correct</span>
                  </label>
                  <Button variant="quiet" aria-label={`Remove option ${i() + 1}`} onClick={() => removeAt('options', i())}>
                    Remove
                  </Button>
                </div>
              )}
            </For>
            <Button variant="secondary" onClick={() => push('options', { id: localId('o'), label: '' })}>
              Add option
            </Button>
          </fieldset>
          <Show when={err('correctOptionIds')}>
            <span class="hf-field-error">{err('correctOptionIds')}</span>
          </Show>
          <Field label="Points for a correct answer" id="q-points" error={err('points')}>
            <input id="q-points" type="number" value={String(draft.points ?? 0)} onInput={(e) => set('points', num(e.currentTarget.value))} />
          </Field>
        </Match>
        <Match when={draft.type === 'scale'}>
          <div class="hf-row">
            <Field label="Keyed to" id="q-keyed" error={err('keyedTo')}>
              <select id="q-keyed" value={String(draft.keyedTo)} onChange={(e) => set('keyedTo', e.currentTarget.value)}>
                <option value="trait">A trait</option>
                <option value="scenario">A work scenario</option>
              </select>
            </Field>
            <Field label="Steps" id="q-steps" error={err('steps')}>
              <input id="q-steps" type="number" value={String(draft.steps ?? 5)} onInput={(e) => set('steps', num(e.currentTarget.value))} />
            </Field>
            <Field label="Low anchor" id="q-low" error={err('anchors.low')}>
              <input
                id="q-low"
                value={(draft.anchors as { low: string }).low}
                onInput={(e) => {
                  const low = e.currentTarget.value;
                  setDraft(
                    produce((d) => {
                      (d as { anchors: { low: string } }).anchors.low = low;
                    }),
                  );
                }}
              />
            </Field>
            <Field label="High anchor" id="q-high" error={err('anchors.high')}>
              <input
                id="q-high"
                value={(draft.anchors as { high: string }).high}
                onInput={(e) => {
                  const high = e.currentTarget.value;
                  setDraft(
                    produce((d) => {
                      (d as { anchors: { high: string } }).anchors.high = high;
                    }),
                  );
                }}
              />
            </Field>
          </div>
          <fieldset>
            <legend class="hf-label">Statements</legend>
            <For each={list<{ id: string; statement: string; trait: string; reverse: boolean }>('items')}>
              {(item, i) => (
                <div class="hf-row">
                  <Field label={`Statement ${i() + 1}`} id={`q-item-${i()}`} error={err(`items.${i()}.statement`)}>
                    <input id={`q-item-${i()}`} value={item.statement} onInput={(e) => updateIn('items', i(), 'statement', e.currentTarget.value)} />
                  </Field>
                  <Field label={`Trait of statement ${i() + 1}`} id={`q-trait-${i()}`} error={err(`items.${i()}.trait`)}>
                    <input id={`q-trait-${i()}`} value={item.trait} onInput={(e) => updateIn('items', i(), 'trait', e.currentTarget.value)} />
                  </Field>
                  <label class="hf-choice">
                    <input type="checkbox" checked={item.reverse} onChange={(e) => updateIn('items', i(), 'reverse', e.currentTarget.checked)} />
                    <span>Reverse scored</span>
                  </label>
                  <Button variant="quiet" aria-label={`Remove statement ${i() + 1}`} onClick={() => removeAt('items', i())}>
                    Remove
                  </Button>
                </div>
              )}
            </For>
            <Button variant="secondary" onClick={() => push('items', { id: localId('i'), statement: '', trait: '', reverse: false })}>
              Add statement
            </Button>
          </fieldset>
        </Match>
        <Match when={draft.type === 'code'}>
          <Field label="Language" id="q-language" error={err('language')}>
            <select id="q-language" value={String(draft.language)} onChange={(e) => set('language', e.currentTarget.value)}>
              <option value="javascript">JavaScript</option>
              <option value="typescript">TypeScript</option>
              <option value="python">Python</option>
            </select>
          </Field>
          <Field label="Starter code" id="q-starter" error={err('starterCode')}>
            <textarea id="q-starter" class="hf-pre" value={String(draft.starterCode ?? '')} onInput={(e) => set('starterCode', e.currentTarget.value)} />
          </Field>
          <fieldset>
            <legend class="hf-label">Tests</legend>
            <For each={list<{ id: string; name: string; input: string; expectedOutput: string; hidden: boolean }>('tests')}>
              {(test, i) => (
                <div class="hf-row">
                  <Field label={`Test ${i() + 1} name`} id={`q-test-name-${i()}`} error={err(`tests.${i()}.name`)}>
                    <input id={`q-test-name-${i()}`} value={test.name} onInput={(e) => updateIn('tests', i(), 'name', e.currentTarget.value)} />
                  </Field>
                  <Field label={`Test ${i() + 1} input`} id={`q-test-input-${i()}`} error={err(`tests.${i()}.input`)}>
                    <textarea id={`q-test-input-${i()}`} value={test.input} onInput={(e) => updateIn('tests', i(), 'input', e.currentTarget.value)} />
                  </Field>
                  <Field label={`Test ${i() + 1} expected output`} id={`q-test-output-${i()}`} error={err(`tests.${i()}.expectedOutput`)}>
                    <textarea id={`q-test-output-${i()}`} value={test.expectedOutput} onInput={(e) => updateIn('tests', i(), 'expectedOutput', e.currentTarget.value)} />
                  </Field>
                  <label class="hf-choice">
                    <input type="checkbox" checked={test.hidden} onChange={(e) => updateIn('tests', i(), 'hidden', e.currentTarget.checked)} />
                    <span>Hidden</span>
                  </label>
                  <Button variant="quiet" aria-label={`Remove test ${i() + 1}`} onClick={() => removeAt('tests', i())}>
                    Remove
                  </Button>
                </div>
              )}
            </For>
            <Button variant="secondary" onClick={() => push('tests', { id: localId('t'), name: '', input: '', expectedOutput: '', hidden: false })}>
              Add test
            </Button>
          </fieldset>
        </Match>
      </Switch>
      <Show when={draft.type === 'video' || draft.type === 'audio' || draft.type === 'text' || draft.type === 'code'}>
        <Field
          label="What a good answer covers (optional)"
          id="q-good-answer"
          error={err('goodAnswer')}
          hint="One point per line. AI analysis checks each answer against these; candidates never see them."
        >
          <textarea id="q-good-answer" value={(draft.goodAnswer as string | undefined) ?? ''} onInput={(e) => set('goodAnswer', e.currentTarget.value)} />
        </Field>
      </Show>
      <ErrorBanner message={submission.error()} />
      <div class="hf-row">
        <Button type="submit" disabled={submission.busy()}>
          {props.saveLabel}
        </Button>
        <Button variant="secondary" onClick={props.onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
