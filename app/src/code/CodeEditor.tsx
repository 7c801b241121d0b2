/**
 * The code editor: CodeMirror 6 with the question's language. Loaded lazily by its users
 * (`lazy(() => import('../code/CodeEditor'))`) so CodeMirror never enters the candidate shell's
 * first load.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import { bracketMatching, defaultHighlightStyle, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { Annotation, Compartment, EditorState, type Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { createEffect, createSignal, For, on, onCleanup, onMount, Show } from 'solid-js';
import type { CodeLanguage } from '../../../worker/schemas/code';
import './code.css';

export interface CodeEditorProps {
  language: CodeLanguage;
  /** The document. A later value that differs from the editor's content replaces it (without `onChange`). */
  doc: string;
  /** The accessible name of the editor's text area. */
  label: string;
  readOnly?: boolean;
  /** More CodeMirror extensions, e.g. a pad's `yCollab`. */
  extensions?: Extension[];
  /** Every change the user (or an extension such as a collaborator's edit) makes: `ChangeSet.toJSON()` and the document after it. */
  onChange?: (changes: unknown, doc: string) => void;
  /** A paste into the editor, with the pasted text's length in characters. */
  onPaste?: (size: number) => void;
  onView?: (view: EditorView) => void;
  /** The symbol keys' names; English unless a candidate's catalog gives them. */
  keysText?: { symbols: string; insertKey: (key: string) => string; insertTab: string; tabKey: string };
}

const KEYS_TEXT: NonNullable<CodeEditorProps['keysText']> = { symbols: 'Symbols', insertKey: (key) => `Insert ${key}`, insertTab: 'Insert tab', tabKey: 'Tab' };

/** Symbols phone keyboards hide behind a second or third layer. */
const KEYS = ['{', '}', '[', ']', '(', ')', ';', ':', '=', '"', "'", '<', '>', '_'] as const;

function languageSupport(language: CodeLanguage): Extension {
  if (language === 'python') return [python(), indentUnit.of('    ')];
  return [javascript({ typescript: language === 'typescript' }), indentUnit.of('  ')];
}

/** Marks the replacements the `doc` prop makes, which are not the user's edits. */
const fromProp = Annotation.define<boolean>();

export default function CodeEditor(props: CodeEditorProps) {
  let host!: HTMLDivElement;
  let view: EditorView | undefined;
  const languageSlot = new Compartment();
  const readOnlySlot = new Compartment();
  const extraSlot = new Compartment();
  const coarse = typeof matchMedia === 'function' ? matchMedia('(pointer: coarse)') : null;
  const [touch, setTouch] = createSignal(coarse?.matches ?? false);
  const onPointerKind = (event: MediaQueryListEvent) => setTouch(event.matches);
  coarse?.addEventListener('change', onPointerKind);
  onCleanup(() => coarse?.removeEventListener('change', onPointerKind));

  onMount(() => {
    view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: props.doc,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          highlightActiveLine(),
          // Tab indents; Escape then Tab still leaves the editor (CodeMirror's own escape hatch).
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          EditorView.contentAttributes.of({ 'aria-label': props.label, autocapitalize: 'off', autocorrect: 'off', spellcheck: 'false' }),
          languageSlot.of(languageSupport(props.language)),
          readOnlySlot.of(EditorState.readOnly.of(props.readOnly ?? false)),
          extraSlot.of(props.extensions ?? []),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged || !props.onChange) return;
            if (update.transactions.every((tr) => tr.annotation(fromProp))) return;
            props.onChange(update.changes.toJSON(), update.state.doc.toString());
          }),
          EditorView.domEventHandlers({
            paste(event) {
              props.onPaste?.(event.clipboardData?.getData('text/plain').length ?? 0);
              return false;
            },
          }),
        ],
      }),
    });
    props.onView?.(view);
  });
  onCleanup(() => view?.destroy());

  createEffect(
    on(
      () => props.doc,
      (doc) => {
        if (!view || doc === view.state.doc.toString()) return;
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: doc }, annotations: fromProp.of(true) });
      },
      { defer: true },
    ),
  );
  createEffect(
    on(
      () => props.language,
      (language) => view?.dispatch({ effects: languageSlot.reconfigure(languageSupport(language)) }),
      { defer: true },
    ),
  );
  createEffect(
    on(
      () => props.readOnly,
      (readOnly) => view?.dispatch({ effects: readOnlySlot.reconfigure(EditorState.readOnly.of(readOnly ?? false)) }),
      { defer: true },
    ),
  );
  createEffect(
    on(
      () => props.extensions,
      (extensions) => view?.dispatch({ effects: extraSlot.reconfigure(extensions ?? []) }),
      { defer: true },
    ),
  );

  const insert = (text: string) => {
    if (!view || view.state.readOnly) return;
    view.dispatch(view.state.replaceSelection(text), { scrollIntoView: true, userEvent: 'input.type' });
    view.focus();
  };

  return (
    <div class="hf-code-editor">
      <div ref={host} class="hf-code-editor__view" />
      <Show when={touch() && !props.readOnly}>
        <div class="hf-code-keys" role="toolbar" aria-label={(props.keysText ?? KEYS_TEXT).symbols}>
          {/* pointerdown's default would move focus out of the editor and close the phone's keyboard. */}
          <For each={KEYS}>
            {(key) => (
              <button
                type="button"
                class="hf-code-key"
                aria-label={(props.keysText ?? KEYS_TEXT).insertKey(key)}
                onPointerDown={(e) => e.preventDefault()}
                onClick={() => insert(key)}
              >
                {key}
              </button>
            )}
          </For>
          <button
            type="button"
            class="hf-code-key hf-code-key--wide"
            aria-label={(props.keysText ?? KEYS_TEXT).insertTab}
            onPointerDown={(e) => e.preventDefault()}
            onClick={() => view && insert(view.state.facet(indentUnit))}
          >
            {(props.keysText ?? KEYS_TEXT).tabKey}
          </button>
        </div>
      </Show>
    </div>
  );
}
