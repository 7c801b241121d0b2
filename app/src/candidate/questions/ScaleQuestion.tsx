import { createSignal, For } from 'solid-js';
import { Button } from '../../ui/components';
import { t } from '../messages';
import type { QuestionView } from '../questionView';

export function ScaleQuestion(props: { question: Extract<QuestionView, { type: 'scale' }>; onSubmit: (value: { value: number }) => void }) {
  const [value, setValue] = createSignal<number | null>(null);
  return (
    <form
      class="hf-stack"
      onSubmit={(e) => {
        e.preventDefault();
        const v = value();
        if (v !== null) props.onSubmit({ value: v });
      }}
    >
      <fieldset class="hf-scale">
        <legend class="hf-visually-hidden">{props.question.title}</legend>
        <For each={props.question.points}>
          {(point) => (
            <label class="hf-choice">
              <input type="radio" name={`scale-${props.question.id}`} value={point.value} checked={value() === point.value} onChange={() => setValue(point.value)} />
              <span>{point.label}</span>
            </label>
          )}
        </For>
      </fieldset>
      <Button type="submit" disabled={value() === null}>
        {t.saveAndContinue}
      </Button>
    </form>
  );
}
