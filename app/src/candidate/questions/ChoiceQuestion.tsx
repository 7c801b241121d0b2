import { createSignal, For } from 'solid-js';
import type { CandidateQuestion as QuestionView } from '../../../../worker/schemas/candidate';
import { Button } from '../../ui/components';
import { t } from '../messages';

export function ChoiceQuestion(props: { question: Extract<QuestionView, { type: 'choice' }>; onSubmit: (optionIds: string[]) => void }) {
  const [chosen, setChosen] = createSignal<string[]>([]);
  const toggle = (id: string, on: boolean) => setChosen((current) => (props.question.mode === 'multiple' ? (on ? [...current, id] : current.filter((c) => c !== id)) : [id]));
  return (
    <form
      class="hf-stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen().length) props.onSubmit(chosen());
      }}
    >
      <fieldset>
        <legend class="hf-visually-hidden">{props.question.title}</legend>
        <For each={props.question.options}>
          {(option) => (
            <label class="hf-choice">
              <input
                type={props.question.mode === 'multiple' ? 'checkbox' : 'radio'}
                name={`choice-${props.question.id}`}
                value={option.id}
                checked={chosen().includes(option.id)}
                onChange={(e) => toggle(option.id, e.currentTarget.checked)}
              />
              <span>{option.label}</span>
            </label>
          )}
        </For>
      </fieldset>
      <Button type="submit" disabled={chosen().length === 0} title={chosen().length === 0 ? t.chooseOne : undefined}>
        {t.saveAndContinue}
      </Button>
    </form>
  );
}
