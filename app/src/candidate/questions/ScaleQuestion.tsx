import { createSignal, For, Index, Show } from 'solid-js';
import type { CandidateQuestion as QuestionView } from '../../../../worker/schemas/candidate';
import { Button } from '../../ui/components';
import { formatNumber } from '../locale';
import { t } from '../messages';

/** A step for each item, by item id. */
export type ScaleAnswer = Record<string, number>;

/**
 * Likert items: each statement rated from 1 (the low anchor) to `steps` (the high anchor), as one
 * compact row of real radio buttons per statement, so five statements fit a phone's screen or two.
 */
export function ScaleQuestion(props: { question: Extract<QuestionView, { type: 'scale' }>; onSubmit: (value: ScaleAnswer) => void }) {
  const [ratings, setRatings] = createSignal<Record<string, number>>({});
  const complete = () => props.question.items.every((item) => ratings()[item.id] !== undefined);
  const anchorOf = (value: number) => (value === 1 ? props.question.anchors.low : value === props.question.steps ? props.question.anchors.high : null);
  return (
    <form
      class="hf-stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (complete()) props.onSubmit(ratings());
      }}
    >
      <For each={props.question.items}>
        {(item) => (
          <fieldset class="hf-group hf-likert">
            <legend>{item.statement}</legend>
            {/* One row of equal steps, however many: it fits a phone's width at 10 steps too. */}
            <div class="hf-likert-row" style={{ '--hf-steps': props.question.steps }}>
              <Index each={Array.from({ length: props.question.steps }, (_, i) => i + 1)}>
                {(value) => (
                  <label class="hf-likert-option">
                    <input
                      class="hf-likert-input"
                      type="radio"
                      name={`scale-${props.question.id}-${item.id}`}
                      value={value()}
                      checked={ratings()[item.id] === value()}
                      onChange={() => setRatings((r) => ({ ...r, [item.id]: value() }))}
                    />
                    <span class="hf-likert-face">
                      {formatNumber(value())}
                      <Show when={anchorOf(value())}>{(anchor) => <span class="hf-visually-hidden"> — {anchor()}</span>}</Show>
                    </span>
                  </label>
                )}
              </Index>
            </div>
            {/* Seen under the row's ends; each end's radio already says it in its name. */}
            <div class="hf-likert-anchors" aria-hidden="true">
              <span>{props.question.anchors.low}</span>
              <span>{props.question.anchors.high}</span>
            </div>
          </fieldset>
        )}
      </For>
      <Button type="submit" disabled={!complete()}>
        {t.saveAndContinue}
      </Button>
    </form>
  );
}
