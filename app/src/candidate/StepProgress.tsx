import { ProgressBar } from '../ui/components';
import { t } from './messages';

/** "Question 2 of 5" over a bar that the same words name. */
export function StepProgress(props: { index: number; total: number }) {
  return (
    <div class="hf-step-progress">
      <p class="hf-progress" id="step-progress-label">
        {t.questionOf(props.index + 1, props.total)}
      </p>
      <ProgressBar value={props.index + 1} max={props.total} labelledBy="step-progress-label" />
    </div>
  );
}
