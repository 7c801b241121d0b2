import { createSignal } from 'solid-js';
import { Button } from '../ui/components';

/** Copies text to the clipboard and says so, for screen readers too. */
export function CopyButton(props: { text: string; label: string }) {
  const [copied, setCopied] = createSignal(false);
  return (
    <>
      <Button
        variant="secondary"
        onClick={async () => {
          await navigator.clipboard.writeText(props.text);
          setCopied(true);
          setTimeout(() => setCopied(false), 2_000);
        }}
      >
        {props.label}
      </Button>
      <span role="status" class="hf-muted">
        {copied() ? 'Copied' : ''}
      </span>
    </>
  );
}
