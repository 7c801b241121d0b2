import { createSignal, onCleanup, Show } from 'solid-js';
import type { LiveStatus as LiveStatusFrame } from '../../../worker/schemas/live';
import { api } from '../lib/api';
import { LiveSocket } from '../lib/liveSocket';

function isStatus(data: unknown): data is LiveStatusFrame {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'status';
}

/** Where a candidate is right now, pushed by the session's Durable Object. */
export function LiveStatus(props: { sessionId: string; onStatus?: (frame: LiveStatusFrame) => void }) {
  const [status, setStatus] = createSignal<LiveStatusFrame | null>(null);
  const [connected, setConnected] = createSignal(false);
  const socket = new LiveSocket(
    () => api.api.sessions[':sessionId'].live.$path({ param: { sessionId: props.sessionId } }),
    (data) => {
      if (!isStatus(data)) return;
      setStatus(data);
      props.onStatus?.(data);
    },
    setConnected,
  );
  onCleanup(() => socket.close());
  const offline = (since: number | null) => (since === null ? 'offline' : `offline since ${new Date(since).toLocaleTimeString()}`);
  const mb = (bytes: number | null) => `${((bytes ?? 0) / (1024 * 1024)).toFixed(1)} MB`;
  return (
    <span class="hf-live" data-live-connected={connected()} aria-live="polite">
      <Show when={status()} fallback={<span class="hf-muted">…</span>}>
        {(s) => (
          <>
            <Show when={s().currentQuestion !== null}>
              <span>
                Question {s().currentQuestion} of {s().questionCount}
              </span>{' '}
            </Show>
            <Show when={s().paused}>
              <span class="hf-tag">paused</span>{' '}
            </Show>
            <Show when={s().online} fallback={<span class="hf-tag">{offline(s().offlineSince)}</span>}>
              <span class="hf-tag">online</span>
            </Show>
            <Show when={(s().bytesLeft ?? 0) > 0}>
              {' '}
              <span class="hf-muted">{mb(s().bytesLeft)} to upload</span>
            </Show>
          </>
        )}
      </Show>
    </span>
  );
}
