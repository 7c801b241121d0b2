import { createSignal, Show } from 'solid-js';
import type { CandidateQuestion as QuestionView } from '../../../../worker/schemas/candidate';
import { countWords } from '../../../../worker/schemas/limits';
import { Button } from '../../ui/components';
import { t } from '../messages';

export function TextQuestion(props: { question: Extract<QuestionView, { type: 'text' }>; onSubmit: (value: string) => void }) {
  const [text, setText] = createSignal('');
  const words = () => countWords(text());
  const over = () => props.question.wordLimit !== null && words() > props.question.wordLimit;
  // A limit is at least 1 word (worker/schemas/questions.ts), so it is truthy whenever it is set.
  const exceededLimit = () => (over() ? props.question.wordLimit : null);
  return (
    <form
      class="hf-stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (!over() && text().trim()) props.onSubmit(text());
      }}
    >
      <div class="hf-field">
        <label for={`answer-${props.question.id}`}>{t.yourAnswer}</label>
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
        <Show when={exceededLimit()}>
          {(limit) => (
            <span class="hf-field-error" role="alert">
              {t.tooManyWords(limit())}
            </span>
          )}
        </Show>
      </div>
      <Button type="submit" disabled={over() || !text().trim()}>
        {t.saveAndContinue}
      </Button>
    </form>
  );
}
