import { createSignal, onCleanup, Show } from 'solid-js';
import type { Uploader, UploadStatus } from '../lib/uploader';
import { t } from './messages';

function describeStatus(status: UploadStatus): { tone: 'success' | 'info' | 'warning' | 'error'; text: string } {
  if (!status.online && status.pendingItems > 0) return { tone: 'warning', text: t.statusOffline };
  if (!status.online) return { tone: 'warning', text: t.statusOffline };
  if (status.failedItems > 0 && status.pendingItems === status.failedItems) return { tone: 'error', text: t.statusFailed(status.failedItems) };
  if (status.pendingItems > 0) return { tone: 'info', text: t.statusSaving((status.bytesLeft / (1024 * 1024)).toFixed(1)) };
  return { tone: 'success', text: t.statusSaved };
}

/** Always visible, and announced politely to screen readers whenever it changes. */
export function StatusLine(props: { uploader: Uploader }) {
  const [status, setStatus] = createSignal<UploadStatus>(props.uploader.status);
  onCleanup(props.uploader.subscribe((s) => setStatus({ ...s })));
  const view = () => describeStatus(status());
  return (
    <div class={`hf-status-line hf-banner hf-banner--${view().tone}`} role="status" aria-live="polite" aria-label="Upload status">
      <span>{view().text}</span>
      <Show when={status().failedItems > 0 && status().pendingItems !== status().failedItems}>
        <span class="hf-muted">{t.statusFailed(status().failedItems)}</span>
      </Show>
    </div>
  );
}
