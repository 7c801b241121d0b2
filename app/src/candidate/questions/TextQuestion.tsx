import { createSignal, Show } from 'solid-js';
import type { CandidateQuestion as QuestionView } from '../../../../worker/schemas/candidate';
import { countWords } from '../../../../worker/schemas/limits';
import { Button } from '../../ui/components';
import { t } from '../messages';

export function TextQuestion(props: { question: Extract<QuestionView, { type: 'text' }>; onSubmit: (value: string) => void }) {
  const [text, setText] = createSignal('');
  const words = () => countWords(text());
  const over = () => props.question.wordLimit !== null && words() > props.question.wordLimit;
  return (
    <form
      class="hf-stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (!over() && text().trim()) props.onSubmit(text());
      }}
    >
      <div class="hf-field">
        <label for={`answer-${props.question.id}`}>Your answer</label>
        <textarea
          id={`answer-${props.question.id}`}
          value={text()}
          onInput={(e) => setText(e.currentTarget.value)}
          aria-invalid={over()}
          aria-describedby={`count-${props.question.id}`}
        />
        <span id={`count-${props.question.id}`} class={over() ? 'hf-field-error' : 'hf-hint'}>
          {t.words(words(), props.question.wordLimit ?? undefined)}
        </span>
        <Show when={over()}>
          <span class="hf-field-error" role="alert">
            {t.tooManyWords(props.question.wordLimit!)}
          </span>
        </Show>
      </div>
      <Button type="submit" disabled={over() || !text().trim()}>
        {t.saveAndContinue}
      </Button>
    </form>
  );
}
