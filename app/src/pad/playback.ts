/**
 * Rebuilds a pad's document at any step of its history from the stored Yjs updates (every update
 * the session's object received, in the order it stored them). Pure: no DOM, no network, so the
 * playback screen can be swapped for the code answers' timeline UI without touching it.
 */
import * as Y from 'yjs';
import type { CodeEvent, CodeTimeline } from '../../../worker/schemas/code';
import { PAD_TEXT, type PadHistory } from '../../../worker/schemas/pads';

/** A checkpoint every this many updates: moving anywhere applies at most this many. */
const CHECKPOINT_EVERY = 100;

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export class PadReplay {
  private readonly updates: Uint8Array[];
  /** checkpoints[k] is the document after the first k * CHECKPOINT_EVERY updates. */
  private readonly checkpoints: Uint8Array[] = [];

  constructor(updates: readonly (Uint8Array | string)[]) {
    this.updates = updates.map((u) => (typeof u === 'string' ? decodeBase64(u) : u));
    const doc = new Y.Doc();
    this.checkpoints.push(Y.encodeStateAsUpdate(doc));
    this.updates.forEach((update, i) => {
      Y.applyUpdate(doc, update);
      if ((i + 1) % CHECKPOINT_EVERY === 0) this.checkpoints.push(Y.encodeStateAsUpdate(doc));
    });
    doc.destroy();
  }

  /** How many steps there are: step 0 is the empty document, step `length` the final one. */
  get length(): number {
    return this.updates.length;
  }

  /** The text after the first `step` updates. */
  textAt(step: number): string {
    const at = Math.max(0, Math.min(this.updates.length, Math.floor(step)));
    const base = Math.floor(at / CHECKPOINT_EVERY);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, this.checkpoints[base] ?? new Uint8Array([0, 0]));
    for (let i = base * CHECKPOINT_EVERY; i < at; i++) Y.applyUpdate(doc, this.updates[i] as Uint8Array);
    const text = doc.getText(PAD_TEXT).toString();
    doc.destroy();
    return text;
  }
}

type ChangeJson = (number | [number, ...string[]])[];

/** A Yjs text delta as a CodeMirror `ChangeSet.toJSON()` over a document of `length` characters. */
function changesOf(delta: Y.YTextEvent['delta'], length: number): ChangeJson {
  const out: ChangeJson = [];
  let consumed = 0;
  for (const op of delta) {
    if (op.retain !== undefined) {
      out.push(op.retain);
      consumed += op.retain;
    } else if (op.delete !== undefined) {
      out.push([op.delete]);
      consumed += op.delete;
    } else if (typeof op.insert === 'string') {
      out.push([0, ...op.insert.split('\n')]);
    }
  }
  if (length > consumed) out.push(length - consumed);
  return out;
}

/**
 * The pad as a code answer's timeline (worker/schemas/code.ts `CodeTimeline`): every Yjs update as
 * a `change` event (its CodeMirror changes, at the time the object stored it) and the runs,
 * pastes and focus changes beside them, so the code answers' playback (app/src/code/playback.ts)
 * plays a pad on the same timeline. Replaying the changes from an empty document ends on
 * `finalCode`, byte for byte.
 */
export function padTimeline(history: PadHistory): CodeTimeline {
  const doc = new Y.Doc();
  const text = doc.getText(PAD_TEXT);
  type Timed = CodeEvent & { seq: number; receivedAt: number };
  const changes: Timed[] = [];
  for (const record of history.updates) {
    const length = text.length;
    let delta: Y.YTextEvent['delta'] = [];
    const observe = (event: Y.YTextEvent) => {
      delta = event.delta;
    };
    text.observe(observe);
    Y.applyUpdate(doc, decodeBase64(record.update));
    text.unobserve(observe);
    if (delta.length > 0) changes.push({ k: 'change', t: record.at, changes: changesOf(delta, length), seq: 0, receivedAt: record.at });
  }
  doc.destroy();
  const others: Timed[] = history.events.map((e) => {
    const at = { t: e.at, seq: 0, receivedAt: e.at };
    if (e.kind === 'run') return { k: 'run', stdin: '', result: e.result ?? { status: 'error', stdout: '', stderr: '', ms: 0 }, ...at };
    if (e.kind === 'paste') return { k: 'paste', size: e.size ?? 0, ...at };
    return { k: e.kind, ...at };
  });
  // Both lists are in time order already; a change and an event of the same millisecond keep the change first.
  const events: Timed[] = [];
  let i = 0;
  let j = 0;
  while (i < changes.length || j < others.length) {
    const next = j >= others.length || (i < changes.length && (changes[i] as Timed).t <= (others[j] as Timed).t) ? changes[i++] : others[j++];
    if (next) events.push({ ...next, seq: events.length });
  }
  return { questionId: 'pad', language: history.language, starterCode: '', events, finalCode: history.finalText, lateRefused: null };
}
