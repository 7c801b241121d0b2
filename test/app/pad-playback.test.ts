import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PadReplay } from '../../app/src/pad/playback';
import { PAD_TEXT } from '../../worker/schemas/pads';

/** Two people typing into one pad, their updates arriving at the "server" interleaved, as the object stores them. */
function session(steps: number) {
  const server = new Y.Doc();
  const stored: Uint8Array[] = [];
  const texts: string[] = [''];
  server.on('update', (update: Uint8Array) => {
    stored.push(update);
    texts.push(server.getText(PAD_TEXT).toString());
  });
  const alice = new Y.Doc();
  const bob = new Y.Doc();
  for (let i = 0; i < steps; i++) {
    const who = i % 3 === 0 ? bob : alice;
    const text = who.getText(PAD_TEXT);
    if (i % 7 === 6 && text.length > 2) text.delete(1, 2);
    else text.insert(Math.floor(text.length / 2), `${i % 10}`);
    // Bob is "offline" for a while: his updates reach the server in one batch later.
    if (who === alice || i % 30 === 0) {
      Y.applyUpdate(server, Y.encodeStateAsUpdate(who, Y.encodeStateVector(server)));
      Y.applyUpdate(alice, Y.encodeStateAsUpdate(server));
      Y.applyUpdate(bob, Y.encodeStateAsUpdate(server));
    }
  }
  Y.applyUpdate(server, Y.encodeStateAsUpdate(bob, Y.encodeStateVector(server)));
  return { stored, texts, final: server.getText(PAD_TEXT).toString() };
}

describe('pad playback', () => {
  it('rebuilds the document at every step, and its last step equals the final document', () => {
    const { stored, texts, final } = session(450);
    const replay = new PadReplay(stored);
    expect(replay.length).toBe(stored.length);
    expect(replay.textAt(replay.length)).toBe(final);
    for (let step = 0; step <= replay.length; step++) expect(replay.textAt(step)).toBe(texts[step]);
  });

  it('reads updates stored as base64, as the history route sends them', () => {
    const { stored, final } = session(120);
    const base64 = stored.map((u) => btoa(String.fromCharCode(...u)));
    expect(new PadReplay(base64).textAt(Number.POSITIVE_INFINITY)).toBe(final);
    expect(new PadReplay([]).textAt(0)).toBe('');
  });
});
