import { createMemo, createSignal, onCleanup, Show } from 'solid-js';
import type { Uploader, UploadStatus } from '../lib/uploader';
import { ProgressBar } from '../ui/components';
import { t } from './messages';

type Tone = 'success' | 'info' | 'warning' | 'error';

/**
 * Where the answers are, in one phrase that changes only when that meaningfully changes: recording
 * (saved on the device as it goes, whatever the uploader is doing meanwhile), offline, saving
 * after a stop or a reconnect, all saved, or refused. How much is left is a separate detail.
 */
export function describeStatus(status: UploadStatus): { tone: Tone; text: string } {
  if (!status.online) return { tone: 'warning', text: t.statusOffline };
  if (status.failedItems > 0 && status.pendingItems === status.failedItems) return { tone: 'error', text: t.statusFailed(status.failedItems) };
  if (status.recording) return { tone: 'info', text: t.statusRecording };
  if (status.pendingItems > 0) return { tone: 'info', text: t.statusSaving };
  return { tone: 'success', text: t.statusSaved };
}

/** "2.1 MB left" while saving; nothing when under 0.1 MB, rather than a "0.0 MB" that is not nothing. */
export function bytesLeftDetail(status: UploadStatus): string | null {
  if (!status.online || status.recording || status.pendingItems === status.failedItems) return null;
  return status.bytesLeft >= 0.1 * 1024 * 1024 ? t.statusBytesLeft(status.bytesLeft) : null;
}

/** An upload this many seconds from done gets a bar; a shorter one is over before a bar would help. */
const BAR_AFTER_SECONDS = 5;
/** Before any upload was timed on this page (just back online, say): this much left gets the bar. */
const BAR_AFTER_BYTES = 512 * 1024;

/** The upload bar's state: how much there was to send when it appeared (or since, if more came). */
export interface UploadBar {
  totalBytes: number;
  doneBytes: number;
}

/**
 * Whether the upload bar shows, given the one shown before. It appears when more than a few
 * seconds of upload are left (by the recent rate, or by size before there is one) and then stays
 * until everything is sent, so it never flaps as the rate wobbles. It gives way to what the phrase
 * says instead: recording, offline, or refused items only.
 */
export function uploadBar(status: UploadStatus, shown: UploadBar | null): UploadBar | null {
  const sending = status.online && !status.recording && status.pendingItems > status.failedItems && status.bytesLeft > 0;
  if (!sending) return null;
  if (!shown) {
    const long = status.bytesPerSecond ? status.bytesLeft / status.bytesPerSecond > BAR_AFTER_SECONDS : status.bytesLeft >= BAR_AFTER_BYTES;
    if (!long) return null;
  }
  const totalBytes = Math.max(shown?.totalBytes ?? 0, status.bytesLeft);
  return { totalBytes, doneBytes: totalBytes - status.bytesLeft };
}

/**
 * Always visible. Only the phrase is the polite live region, and it is a memo, so a screen reader
 * hears a change of state (offline, back, all saved), not every chunk the uploader sends; the
 * megabytes left are shown beside it without being announced, and so is the upload bar.
 */
export function StatusLine(props: { uploader: Uploader }) {
  const [status, setStatus] = createSignal<UploadStatus>(props.uploader.status);
  onCleanup(props.uploader.subscribe((s) => setStatus({ ...s })));
  const view = createMemo(() => describeStatus(status()), undefined, { equals: (a, b) => a.text === b.text && a.tone === b.tone });
  const bar = createMemo<UploadBar | null>((shown) => uploadBar(status(), shown), null);
  const detail = createMemo(() => (bar() ? null : bytesLeftDetail(status())));
  const otherFailures = createMemo(() => (status().failedItems > 0 && status().pendingItems !== status().failedItems ? status().failedItems : 0));
  return (
    <div class={`hf-status-line hf-banner hf-banner--${view().tone}`}>
      <span role="status" aria-live="polite" aria-label={t.uploadStatus}>
        {view().text}
      </span>
      <Show when={detail()}>{(text) => <span class="hf-muted"> {text()}</span>}</Show>
      <Show when={otherFailures()}>{(n) => <span class="hf-muted"> {t.statusFailed(n())}</span>}</Show>
      <Show when={bar()}>
        {(b) => (
          <div class="hf-upload">
            <p aria-hidden="true">{t.uploadingWithProgress(b().doneBytes, b().totalBytes)}</p>
            <ProgressBar value={b().doneBytes} max={b().totalBytes} label={t.uploadingLabel} valueText={t.uploadProgress(b().doneBytes, b().totalBytes)} />
          </div>
        )}
      </Show>
    </div>
  );
}
