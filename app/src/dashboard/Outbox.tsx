import { createResource, For, Show } from 'solid-js';
import { Banner, Button } from '../ui/components';
import { dev } from './data';

/** Development only: the mail Holdfast would have sent, with its links clickable. */
export default function Outbox() {
  const [outbox, { refetch }] = createResource(() => dev.outbox());
  const linkify = (text: string) => text.split(/(https?:\/\/\S+)/g).map((part) => (/^https?:\/\//.test(part) ? <a href={part}>{part}</a> : part));
  return (
    <div class="hf-stack">
      <div class="hf-row">
        <h1>Mail outbox (development)</h1>
        <Button variant="secondary" onClick={() => void refetch()}>
          Refresh
        </Button>
      </div>
      <Show when={outbox.error}>
        <Banner tone="info">The outbox exists only in local development; in production mail is sent for real.</Banner>
      </Show>
      <For each={outbox()?.messages} fallback={<p class="hf-muted">No mail yet.</p>}>
        {(message) => (
          <article class="hf-card" aria-label={`Mail to ${message.to}: ${message.subject}`}>
            <h2>{message.subject}</h2>
            <p class="hf-muted">
              To {message.to} · {new Date(message.createdAt).toLocaleString()}
            </p>
            <div class="hf-pre">{linkify(message.text)}</div>
          </article>
        )}
      </For>
    </div>
  );
}
