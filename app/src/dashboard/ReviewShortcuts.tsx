import { createSignal, onCleanup, onMount } from 'solid-js';
import { Button } from '../ui/components';

const STORAGE_KEY = 'holdfast.review-shortcuts';

/** What each key does on the review page; each says whether it did anything (else the key is left alone). */
export interface ShortcutActions {
  toggle: () => boolean;
  skip: (seconds: number) => boolean;
  previous: () => boolean;
  next: () => boolean;
  rate: (value: number) => boolean;
  help: () => void;
}

/** Seconds ← and → move the recording. */
export const SKIP_SECONDS = 5;

/**
 * Whether single-key shortcuts are on for this browser: on unless the reviewer turned them off
 * (WCAG 2.1.4: a speech-input user saying a word must not fire a string of shortcuts).
 */
export function createShortcutsSetting() {
  const read = () => {
    try {
      return localStorage.getItem(STORAGE_KEY) !== 'off';
    } catch {
      return true;
    }
  };
  const [enabled, setEnabled] = createSignal(read());
  const set = (on: boolean) => {
    setEnabled(on);
    try {
      localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
    } catch {
      // Private mode without storage: the choice holds for this page only.
    }
  };
  return [enabled, set] as const;
}

/** Roles whose own keys include Space: pressing it there means that control, not Play. */
const SPACE_TAKERS = 'button, summary, [role="button"], [role="checkbox"], [role="radio"], [role="switch"], [role="tab"], [role="menuitem"], [role="option"]';
/** Where keys are typing or move a control of their own (a slider, radios, an editor), or a dialog is in front. */
const KEY_TAKERS = 'input, textarea, select, [contenteditable]:not([contenteditable="false"]), [role="slider"], [role="textbox"], [role="listbox"], [role="menu"], dialog';

function leftAlone(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return true;
  // Shift is a modifier too, except for "?", which needs it on most keyboards.
  if (e.shiftKey && e.key !== '?') return true;
  const target = e.target instanceof Element ? e.target : null;
  if (!target) return false;
  if (target.closest(KEY_TAKERS)) return true;
  return e.key === ' ' && target.closest(SPACE_TAKERS) !== null;
}

/** Listens on the document while the page is open, and only while `enabled()`. */
export function useReviewShortcuts(enabled: () => boolean, actions: ShortcutActions): void {
  const onKey = (e: KeyboardEvent) => {
    if (!enabled() || leftAlone(e)) return;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    let done = false;
    if (key === ' ') done = actions.toggle();
    else if (key === 'ArrowLeft') done = actions.skip(-SKIP_SECONDS);
    else if (key === 'ArrowRight') done = actions.skip(SKIP_SECONDS);
    else if (key === 'j') done = actions.previous();
    else if (key === 'k') done = actions.next();
    else if (/^[1-5]$/.test(key)) done = actions.rate(Number(key));
    else if (key === '?') {
      actions.help();
      done = true;
    }
    if (done) e.preventDefault();
  };
  onMount(() => document.addEventListener('keydown', onKey));
  onCleanup(() => document.removeEventListener('keydown', onKey));
}

const KEYS: [keys: string, what: string][] = [
  ['Space', 'Play or pause the recording'],
  ['← →', `Back or forward ${SKIP_SECONDS} seconds`],
  ['J K', 'Previous or next answer'],
  ['1–5', 'Rate the answer'],
  ['?', 'Show this list'],
];

/** "Keyboard shortcuts": the list of keys and the switch that turns them off, kept in this browser. */
export function ShortcutsHelp(props: { enabled: boolean; onChange: (on: boolean) => void; open?: (open: () => void) => void }) {
  let dialog: HTMLDialogElement | undefined;
  const open = () => {
    if (!dialog?.open) dialog?.showModal();
  };
  props.open?.(open);
  return (
    <>
      <Button variant="secondary" onClick={open} aria-haspopup="dialog">
        Keyboard shortcuts
      </Button>
      <dialog ref={dialog} class="hf-dialog hf-stack" aria-labelledby="shortcuts-heading">
        <h2 id="shortcuts-heading">Keyboard shortcuts</h2>
        <table class="hf-table">
          <caption class="hf-visually-hidden">Keys on the review page</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Does</th>
            </tr>
          </thead>
          <tbody>
            {KEYS.map(([keys, what]) => (
              <tr>
                <td>
                  <kbd>{keys}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="hf-muted">They do nothing while you type in a note or hold Ctrl, Alt, Cmd or Shift.</p>
        <label class="hf-choice">
          <input type="checkbox" checked={props.enabled} onChange={(e) => props.onChange(e.currentTarget.checked)} />
          Single-key shortcuts on
        </label>
        <div class="hf-row">
          <Button onClick={() => dialog?.close()}>Close</Button>
        </div>
      </dialog>
    </>
  );
}
