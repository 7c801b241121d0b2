import { Show } from 'solid-js';
import { Button, ErrorBanner } from '../ui/components';
import { CopyButton } from './CopyButton';
import { can } from './data';
import { createSubmission } from './forms';
import { type Interview, interviews } from './interviews';

/** The Shareable Link: off by default; on gives a public link; rotating kills the old one. */
export function InterviewSettings(props: { interview: Interview; onSaved: (interview: Interview) => void }) {
  const action = createSubmission();
  const link = () => props.interview.publicLink;
  const run = async (call: () => Promise<{ interview: Interview }>) => {
    const result = await action.run(call);
    if (result) props.onSaved(result.interview);
  };
  return (
    <section class="hf-card hf-stack" aria-labelledby="share-title">
      <h2 id="share-title">Shareable Link</h2>
      <p class="hf-muted">Anyone with the public link can start a session by giving their name and email.</p>
      <label class="hf-choice">
        <input
          type="checkbox"
          role="switch"
          checked={link().enabled}
          disabled={!can('interviews.write') || action.busy()}
          onChange={(e) => void run(() => interviews.setPublicLink(props.interview.id, e.currentTarget.checked))}
        />
        <span>Shareable Link</span>
      </label>
      <Show when={link().url}>
        {(url) => (
          <div class="hf-row">
            <label for="public-link" class="hf-label">
              Public link
            </label>
            <input id="public-link" class="hf-input" readOnly value={url()} size={50} />
            <CopyButton text={url()} label="Copy public link" />
            <Show when={can('interviews.write')}>
              <Button variant="secondary" onClick={() => void run(() => interviews.rotatePublicLink(props.interview.id))}>
                Rotate link
              </Button>
            </Show>
          </div>
        )}
      </Show>
      <ErrorBanner message={action.error()} />
    </section>
  );
}
