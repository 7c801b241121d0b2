/**
 * The pad's editor: CodeMirror 6 bound to the pad's Yjs text by y-codemirror.next's yCollab
 * (shared edits, remote cursors and selections with names and colours, a shared-aware undo).
 * Loaded only with a pad (a lazy chunk): nothing of it is in the candidate's first load.
 */
import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import { Compartment } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { createEffect, onCleanup, onMount } from 'solid-js';
import { yCollab } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { CodeLanguage } from '../../../worker/schemas/code';

function languageSupport(language: CodeLanguage) {
  return language === 'python' ? python() : javascript({ typescript: language === 'typescript' });
}

export function PadEditor(props: { text: Y.Text; awareness: Awareness; language: CodeLanguage; label: string; onPaste?: (size: number) => void }) {
  let host: HTMLDivElement | undefined;
  let view: EditorView | undefined;
  const language = new Compartment();
  onMount(() => {
    const undoManager = new Y.UndoManager(props.text);
    view = new EditorView({
      parent: host,
      doc: props.text.toString(),
      extensions: [
        basicSetup,
        language.of(languageSupport(props.language)),
        yCollab(props.text, props.awareness, { undoManager }),
        EditorView.contentAttributes.of({ 'aria-label': props.label }),
        EditorView.domEventHandlers({
          paste: (event) => {
            props.onPaste?.(event.clipboardData?.getData('text/plain').length ?? 0);
            return false;
          },
        }),
      ],
    });
  });
  createEffect(() => {
    const next = props.language;
    view?.dispatch({ effects: language.reconfigure(languageSupport(next)) });
  });
  onCleanup(() => view?.destroy());
  return <div ref={host} class="hf-pad-editor" style={{ border: '1px solid #c8d3d5', 'border-radius': '6px', 'min-height': '16rem', background: '#fff' }} />;
}
