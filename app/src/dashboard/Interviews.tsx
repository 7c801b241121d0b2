import { A, useNavigate } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { Button, ErrorBanner, Field } from '../ui/components';
import { can, startSandbox } from './data';
import { createSubmission, formValues } from './forms';
import { FORMAT_LABELS, type InterviewFormat, interviews } from './interviews';

export default function Interviews() {
  const navigate = useNavigate();
  const [list] = createResource(() => interviews.list());
  const create = createSubmission();
  const sandbox = createSubmission();
  return (
    <div class="hf-stack">
      <h1>Interviews</h1>
      <section class="hf-card" aria-labelledby="sandbox-title">
        <h2 id="sandbox-title">Sandbox</h2>
        <p class="hf-muted">Take a practice interview as a candidate would. Practice sessions use no quota.</p>
        <ErrorBanner message={sandbox.error()} />
        <Button
          variant="secondary"
          disabled={sandbox.busy()}
          onClick={async () => {
            const started = await sandbox.run(startSandbox);
            if (started?.url) location.assign(new URL(started.url).pathname);
          }}
        >
          Try the sandbox
        </Button>
      </section>
      <Show when={can('interviews.write')}>
        <section class="hf-card" aria-labelledby="new-interview-title">
          <h2 id="new-interview-title">New interview</h2>
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              const v = formValues(e.currentTarget);
              const format = (v.format ?? 'one_way') as InterviewFormat;
              const made = await create.run(() => interviews.create({ name: v.name ?? '', format, ...(format === 'take_home' ? { deadlineHours: 72 } : {}) }));
              if (made) navigate(`/dashboard/interviews/${made.interview.id}/build`);
            }}
          >
            <div class="hf-row">
              <Field label="Interview name" id="new-interview-name" error={create.fieldError('name')}>
                <input id="new-interview-name" name="name" required />
              </Field>
              <Field label="Format" id="new-interview-format" error={create.fieldError('format')}>
                <select id="new-interview-format" name="format">
                  <For each={Object.entries(FORMAT_LABELS)}>{([value, label]) => <option value={value}>{label}</option>}</For>
                </select>
              </Field>
            </div>
            <ErrorBanner message={create.error()} />
            <Button type="submit" disabled={create.busy()}>
              Create interview
            </Button>
          </form>
        </section>
      </Show>
      <section class="hf-card" aria-labelledby="interview-list-title">
        <h2 id="interview-list-title">Your interviews</h2>
        <ul class="hf-list">
          <For each={list()?.interviews} fallback={<li class="hf-muted">No interviews yet.</li>}>
            {(interview) => (
              <li>
                <A href={`/dashboard/interviews/${interview.id}/sessions`}>{interview.name}</A>
                <span class="hf-tag">{FORMAT_LABELS[interview.format]}</span>
                <span class="hf-muted">{interview.questionCount} questions</span>
                <Show when={interview.publicLinkEnabled}>
                  <span class="hf-tag">Public link on</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </section>
    </div>
  );
}
