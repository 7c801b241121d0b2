/**
 * The interviewer's pad: who is waiting and Admit, the shared editor, the shared run output,
 * private notes (sent only on interviewers' sockets), End Interview, then playback.
 */
import { useNavigate, useParams } from '@solidjs/router';
import { createResource, createSignal, onCleanup, onMount, Show } from 'solid-js';
import { CODE_LANGUAGES, type CodeLanguage } from '../../../worker/schemas/code';
import { PAD_IDLE_RULE, PAD_STATE_LABELS, type PadServerFrame, type PadStatus } from '../../../worker/schemas/pads';
import { connectPad, type PadConnection } from '../pad/connection';
import { PadEditor } from '../pad/PadEditor';
import { RunBar, RunOutput, type RunShown } from '../pad/RunOutput';
import { Banner, Button, ErrorBanner, Field } from '../ui/components';
import { CopyButton } from './CopyButton';
import { createSubmission } from './forms';
import { pads } from './pads';

const LANGUAGE_LABELS: Record<CodeLanguage, string> = { javascript: 'JavaScript', typescript: 'TypeScript', python: 'Python' };
const NOTES_DEBOUNCE_MS = 300;

export default function PadPage() {
  const params = useParams<{ sessionId: string }>();
  const navigate = useNavigate();
  const [info] = createResource(() => params.sessionId, pads.get);
  const [status, setStatus] = createSignal<PadStatus>();
  const [notes, setNotes] = createSignal('');
  const [runs, setRuns] = createSignal<RunShown[]>([]);
  const [pad, setPad] = createSignal<PadConnection>();
  const action = createSubmission();
  let confirm: HTMLDialogElement | undefined;
  let notesTimer: ReturnType<typeof setTimeout> | undefined;

  const toPlayback = () => navigate(`/dashboard/pads/${params.sessionId}/playback`);

  onMount(async () => {
    const view = await pads.get(params.sessionId);
    if (view.state === 'ended') return toPlayback();
    setPad(
      connectPad({
        path: () => pads.socketPath(params.sessionId),
        storeName: `holdfast-pad-${params.sessionId}`,
        name: view.memberName,
        onFrame: (frame: PadServerFrame) => {
          if (frame.type === 'status') setStatus(frame);
          else if (frame.type === 'notes') setNotes(frame.text);
          else if (frame.type === 'run') setRuns((r) => [...r, { by: frame.by, result: frame.result }]);
        },
        onEnded: toPlayback,
      }),
    );
  });
  onCleanup(() => {
    clearTimeout(notesTimer);
    pad()?.destroy();
  });

  const language = () => status()?.language ?? info()?.language ?? 'javascript';

  return (
    <div class="hf-stack">
      <Show when={info.error}>
        <Banner tone="error">This pad does not exist or you cannot see it.</Banner>
      </Show>
      <Show when={info()}>
        {(view) => (
          <>
            <div>
              <h1>Pad: {view().candidateName}</h1>
              <p class="hf-muted">
                {view().interviewName} · <span data-pad-state={status()?.state ?? view().state}>{PAD_STATE_LABELS[status()?.state ?? view().state]}</span>
              </p>
            </div>
            <Show when={status()?.state === 'waiting'}>
              <section class="hf-card hf-row" aria-label="Waiting room">
                <p>
                  <Show when={status()?.candidateConnected} fallback={`${view().candidateName} entered the waiting room and left.`}>
                    {view().candidateName} is waiting since {new Date(status()?.waitingSince ?? Date.now()).toLocaleTimeString()}.
                  </Show>
                </p>
                <Button onClick={() => void action.run(() => pads.admit(params.sessionId)).then((s) => s && setStatus(s))}>Admit</Button>
              </section>
            </Show>
            <Show when={status()?.state === 'not_started'}>
              <p class="hf-muted">The candidate has not opened their link yet.</p>
            </Show>
            <Show when={view().inviteUrl}>
              {(url) => (
                <div class="hf-row">
                  <Field label="Candidate's link" id="pad-invite">
                    <input id="pad-invite" readOnly value={url()} size={60} />
                  </Field>
                  <CopyButton text={url()} label={`Copy the link for ${view().candidateName}`} />
                </div>
              )}
            </Show>
            <ErrorBanner message={action.error()} />
            <div class="hf-row">
              <Field label="Language" id="pad-language">
                <select
                  id="pad-language"
                  value={language()}
                  onChange={(e) => void action.run(() => pads.language(params.sessionId, e.currentTarget.value as CodeLanguage)).then((s) => s && setStatus(s))}
                >
                  {CODE_LANGUAGES.map((l) => (
                    <option value={l}>{LANGUAGE_LABELS[l]}</option>
                  ))}
                </select>
              </Field>
              <span class="hf-spacer" />
              <Button variant="danger" onClick={() => confirm?.showModal()}>
                End Interview
              </Button>
            </div>
            <Show when={pad()}>
              {(p) => (
                <>
                  <p role="status" aria-label="Connection status">
                    {p().connected() ? 'Connected' : 'Offline — your edits are kept in this browser and merge when you reconnect'}
                    {status()?.candidateConnected ? ' · candidate online' : ' · candidate not connected'}
                  </p>
                  <PadEditor text={p().text} awareness={p().awareness} language={language()} label="Code editor" />
                  <RunBar
                    language={language()}
                    source={() => p().text.toString()}
                    onResult={(result) => {
                      setRuns((r) => [...r, { by: view().memberName, result }]);
                      p().sendJson({ type: 'run', result });
                    }}
                  />
                  <RunOutput runs={runs()} />
                  <Field label="Interviewer notes (never shown to the candidate)" id="pad-notes">
                    <textarea
                      id="pad-notes"
                      rows={6}
                      value={notes()}
                      onInput={(e) => {
                        const text = e.currentTarget.value;
                        setNotes(text);
                        clearTimeout(notesTimer);
                        notesTimer = setTimeout(() => p().sendJson({ type: 'notes', text }), NOTES_DEBOUNCE_MS);
                      }}
                    />
                  </Field>
                </>
              )}
            </Show>
            <p class="hf-muted">{PAD_IDLE_RULE}</p>
            <dialog ref={confirm} aria-labelledby="end-pad-title">
              <h2 id="end-pad-title">End this interview?</h2>
              <p>The candidate is disconnected and their link stops working. You will see the playback of the whole pad.</p>
              <div class="hf-row">
                <Button
                  variant="danger"
                  onClick={async () => {
                    confirm?.close();
                    if (await action.run(() => pads.end(params.sessionId))) toPlayback();
                  }}
                >
                  Yes, end the interview
                </Button>
                <Button variant="secondary" onClick={() => confirm?.close()}>
                  Cancel
                </Button>
              </div>
            </dialog>
          </>
        )}
      </Show>
    </div>
  );
}
