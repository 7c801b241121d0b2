/**
 * Rebuilds a pad's document at any step of its history from the stored Yjs updates (every update
 * the session's object received, in the order it stored them). Pure: no DOM, no network, so the
 * playback screen can be swapped for the code answers' timeline UI without touching it.
 */
import * as Y from 'yjs';
import { PAD_TEXT } from '../../../worker/schemas/pads';

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
