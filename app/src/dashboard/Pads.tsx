/** The "Pads" view: every live coding interview of the organization, with its state. */
import { A, useNavigate } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { CODE_LANGUAGES, type CodeLanguage } from '../../../worker/schemas/code';
import { PAD_IDLE_RULE, PAD_STATE_LABELS } from '../../../worker/schemas/pads';
import { Button, ErrorBanner, Field } from '../ui/components';
import { questions } from './bank';
import { candidates } from './candidates';
import { can } from './data';
import { createSubmission } from './forms';
import { interviews } from './interviews';
import { pads } from './pads';

const LANGUAGE_LABELS: Record<CodeLanguage, string> = { javascript: 'JavaScript', typescript: 'TypeScript', python: 'Python' };

/**
 * A new pad: a live interview of one code question (or none, for a blank pad), its candidate, and
 * the language, made with the same calls as the Interviews and Sessions screens.
 */
function NewPad() {
  const navigate = useNavigate();
  const [codeQuestions] = createResource(async () => {
    const [mine, examples] = await Promise.all([questions.list({ source: 'mine', type: 'code' }), questions.list({ source: 'examples', type: 'code' })]);
    return [...mine.questions, ...examples.questions];
  });
  const create = createSubmission();
  return (
    <section class="hf-card" aria-labelledby="new-pad-title">
      <h2 id="new-pad-title">New pad</h2>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const name = String(data.get('name') ?? '').trim();
          const questionId = String(data.get('questionId') ?? '');
          const language = String(data.get('language') ?? 'javascript') as CodeLanguage;
          const sessionId = await create.run(async () => {
            const { interview } = await interviews.create({ name: `Pad with ${name}`, format: 'live', intro: '', closing: '', questionIds: questionId ? [questionId] : [] });
            const form = new FormData();
            form.set('name', name);
            form.set('email', String(data.get('email') ?? '').trim());
            const added = await candidates.createIndividually(interview.id, form);
            await pads.language(added.session.id, language);
            return added.session.id;
          });
          if (sessionId) navigate(`/dashboard/pads/${sessionId}`);
        }}
      >
        <Field label="Candidate name" id="new-pad-name">
          <input id="new-pad-name" name="name" required />
        </Field>
        <Field label="Candidate email" id="new-pad-email">
          <input id="new-pad-email" name="email" type="email" required />
        </Field>
        <Field label="Start from" id="new-pad-question">
          <select id="new-pad-question" name="questionId">
            <option value="">Blank pad</option>
            <For each={codeQuestions() ?? []}>{(q) => <option value={q.id}>{q.title}</option>}</For>
          </select>
        </Field>
        <Field label="Language" id="new-pad-language">
          <select id="new-pad-language" name="language">
            {CODE_LANGUAGES.map((l) => (
              <option value={l}>{LANGUAGE_LABELS[l]}</option>
            ))}
          </select>
        </Field>
        <ErrorBanner message={create.error()} />
        <Button type="submit" disabled={create.busy()}>
          Create pad
        </Button>
      </form>
    </section>
  );
}

export default function Pads() {
  const [list] = createResource(pads.list);
  return (
    <div class="hf-stack">
      <h1>Pads</h1>
      <p class="hf-muted">A pad is a session of a live interview: its candidate gets an invite link to a waiting room, and you admit them. {PAD_IDLE_RULE}</p>
      <Show when={can('pads.run') && can('candidates.manage')}>
        <NewPad />
      </Show>
      <Show when={list()}>
        {(l) => (
          <table class="hf-table" aria-label="Pads">
            <thead>
              <tr>
                <th scope="col">Candidate</th>
                <th scope="col">Interview</th>
                <th scope="col">State</th>
                <th scope="col">Created</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              <For
                each={l().pads}
                fallback={
                  <tr>
                    <td colSpan={5}>No pads yet.</td>
                  </tr>
                }
              >
                {(p) => (
                  <tr aria-label={`Pad of ${p.candidateName}`}>
                    <td>{p.candidateName}</td>
                    <td>{p.interviewName}</td>
                    <td data-pad-state={p.state}>
                      {PAD_STATE_LABELS[p.state]}
                      {p.state === 'waiting' && p.waitingSince ? ` since ${new Date(p.waitingSince).toLocaleTimeString()}` : ''}
                    </td>
                    <td>{new Date(p.createdAt).toLocaleString()}</td>
                    <td>
                      <Show when={p.state === 'ended'} fallback={<A href={`/dashboard/pads/${p.sessionId}`}>Open pad</A>}>
                        <A href={`/dashboard/pads/${p.sessionId}/playback`}>Playback</A>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        )}
      </Show>
    </div>
  );
}
