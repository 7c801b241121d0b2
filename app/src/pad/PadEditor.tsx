/**
 * The pad's editor: the code editor of code questions (app/src/code/CodeEditor.tsx) bound to the
 * pad's Yjs text by y-codemirror.next's yCollab (shared edits, remote cursors and selections with
 * names and colours, an undo that only undoes one's own edits). Loaded only with a pad (a lazy
 * chunk): nothing of it is in the candidate's first load.
 */
import { Prec } from '@codemirror/state';
import { yCollab } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { CodeLanguage } from '../../../worker/schemas/code';
import CodeEditor from '../code/CodeEditor';

export function PadEditor(props: { text: Y.Text; awareness: Awareness; language: CodeLanguage; label: string; onPaste?: (size: number) => void }) {
  // yCollab fills the editor from the Yjs text from here on; the editor starts from what it holds now.
  const initial = props.text.toString();
  // Above the editor's own history keys: undo is the shared-aware Yjs undo.
  const collab = [Prec.high(yCollab(props.text, props.awareness, { undoManager: new Y.UndoManager(props.text) }))];
  return <CodeEditor language={props.language} doc={initial} label={props.label} extensions={collab} {...(props.onPaste ? { onPaste: props.onPaste } : {})} />;
}
