/**
 * The page scripts/bench-code-log.ts types into: a CodeMirror editor set up like a candidate's
 * (basic setup, JavaScript), recording each change as a CodeEvent exactly as the shared contract
 * says (worker/schemas/code.ts: `{ k: 'change', t, changes: ChangeSet.toJSON() }`), one per
 * transaction that changed the document, and the focus leaving and coming back.
 */
import { javascript } from '@codemirror/lang-javascript';
import { basicSetup, EditorView } from 'codemirror';
import type { CodeEvent } from '../worker/schemas/code.ts';

const events: CodeEvent[] = [];
const view = new EditorView({
  parent: document.body,
  doc: 'const n = Number(input.trim());\n\n',
  extensions: [
    basicSetup,
    javascript(),
    EditorView.updateListener.of((update) => {
      for (const tr of update.transactions) if (tr.docChanged) events.push({ k: 'change', t: Date.now(), changes: tr.changes.toJSON() as never });
    }),
    EditorView.domEventHandlers({
      paste: (event) => {
        events.push({ k: 'paste', t: Date.now(), size: event.clipboardData?.getData('text/plain').length ?? 0 });
      },
    }),
  ],
});
window.addEventListener('blur', () => events.push({ k: 'blur', t: Date.now() }));
window.addEventListener('focus', () => events.push({ k: 'focus', t: Date.now() }));
view.focus();

(globalThis as unknown as { codeLog: unknown }).codeLog = { events, code: () => view.state.doc.toString() };
