/**
 * The candidate's side of a live coding interview: the organization's waiting room until an
 * interviewer admits them, then the shared editor. Loaded lazily by CandidateRoute for a live
 * interview only.
 */
import { createSignal, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import type { CandidatePadView, PadServerFrame, PadState } from '../../../worker/schemas/pads';
import { ApiError, api, deviceApi, NetworkError, read } from '../lib/api';
import { connectPad, type PadConnection } from './connection';
import { padText as t } from './messages';
import { PadEditor } from './PadEditor';
import { RunBar, RunOutput, type RunShown } from './RunOutput';

export default function CandidatePad(props: { sessionId: string; deviceToken: string }) {
  const [view, setView] = createSignal<CandidatePadView>();
  const [state, setState] = createSignal<PadState | 'loading'>('loading');
  const [language, setLanguage] = createSignal<CandidatePadView['language']>('javascript');
  const [runs, setRuns] = createSignal<RunShown[]>([]);
  const [pad, setPad] = createSignal<PadConnection>();

  const ended = () => {
    setState('ended');
    pad()?.destroy();
  };

  /** A socket that keeps failing may mean the interview ended while we were away: the API says so with a 404. */
  async function checkStillOpen() {
    try {
      await read(deviceApi(props.deviceToken).api.candidate.pad.$get());
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) ended();
      else if (!(err instanceof NetworkError)) throw err;
    }
  }

  onMount(async () => {
    try {
      const v = await read(deviceApi(props.deviceToken).api.candidate.pad.$get());
      setView(v);
      setLanguage(v.language);
      setState(v.state);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return setState('ended');
      // Offline: the document this device kept is still here to work on.
      if (!(err instanceof NetworkError)) throw err;
      setState('in_progress');
    }
    if (state() === 'ended') return;
    const connection = connectPad({
      path: () => `${api.api.candidate.pad.socket.$path()}?token=${encodeURIComponent(props.deviceToken)}`,
      storeName: `holdfast-pad-${props.sessionId}`,
      name: view()?.candidateName ?? 'Candidate',
      onFrame: (frame: PadServerFrame) => {
        if (frame.type === 'status') {
          setState(frame.state);
          setLanguage(frame.language);
        } else if (frame.type === 'run') setRuns((r) => [...r, { by: frame.by, result: frame.result }]);
      },
      onEnded: ended,
      onDrop: () => void checkStillOpen(),
    });
    setPad(connection);
    const onBlur = () => connection.sendJson({ type: 'event', k: 'blur' });
    const onFocus = () => connection.sendJson({ type: 'event', k: 'focus' });
    addEventListener('blur', onBlur);
    addEventListener('focus', onFocus);
    onCleanup(() => {
      removeEventListener('blur', onBlur);
      removeEventListener('focus', onFocus);
    });
  });
  onCleanup(() => pad()?.destroy());

  return (
    <div class="hf-page hf-page--wide hf-stack">
      <Switch>
        <Match when={state() === 'loading'}>
          <p role="status">{t.connecting}</p>
        </Match>
        <Match when={state() === 'ended'}>
          <section class="hf-card hf-stack" aria-labelledby="pad-ended-title">
            <h1 id="pad-ended-title">{t.ended}</h1>
            <p>{t.endedBody}</p>
          </section>
        </Match>
        <Match when={state() === 'not_started' || state() === 'waiting'}>
          <section class="hf-card hf-stack" aria-labelledby="waiting-title">
            <Show when={view()?.logoUrl}>{(url) => <img src={url()} alt={`${view()?.orgName} logo`} style={{ 'max-height': '4rem', 'align-self': 'flex-start' }} />}</Show>
            <p class="hf-muted">{view()?.orgName}</p>
            <h1 id="waiting-title">{t.waitingTitle}</h1>
            <p>{view()?.waitingMessage || t.waitingBody}</p>
            <p role="status">{t.waitingFor('your interviewer')}</p>
          </section>
        </Match>
        <Match when={pad()}>
          {(p) => (
            <>
              <p role="status" aria-label="Connection status">
                {p().connected() ? t.connected : t.offline}
              </p>
              <PadEditor
                text={p().text}
                awareness={p().awareness}
                language={language()}
                label={t.editorLabel}
                onPaste={(size) => p().sendJson({ type: 'event', k: 'paste', size })}
              />
              <RunBar
                language={language()}
                source={() => p().text.toString()}
                onResult={(result) => {
                  setRuns((r) => [...r, { by: view()?.candidateName ?? 'Candidate', result }]);
                  p().sendJson({ type: 'run', result });
                }}
              />
              <RunOutput runs={runs()} />
              <p class="hf-muted">{t.idleRule}</p>
            </>
          )}
        </Match>
      </Switch>
    </div>
  );
}
