import { ChangeSet, Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PadReplay, padTimeline } from '../../app/src/pad/playback';
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

describe('a pad on the code answers\u2019 timeline', () => {
  it('turns every stored update into CodeMirror changes that replay to the final document, with runs, pastes and focus in time order', () => {
    const { stored, texts, final } = session(450);
    const base64 = stored.map((u) => btoa(String.fromCharCode(...u)));
    const timeline = padTimeline({
      language: 'javascript',
      updates: base64.map((update, i) => ({ seq: i + 1, at: 1_000 + i * 10, author: i % 2 ? 'candidate:Cleo' : 'interviewer:Ivy', update })),
      events: [
        { seq: 1, at: 1_005, author: 'Cleo', kind: 'paste', size: 12 },
        { seq: 2, at: 2_000, author: 'Ivy', kind: 'run', result: { status: 'ok', stdout: 'hi', stderr: '', ms: 3 } },
        { seq: 3, at: 3_000, author: 'Cleo', kind: 'blur' },
      ],
      finalText: final,
    });
    let doc = Text.of(timeline.starterCode.split('\n'));
    const seen: string[] = [];
    for (const event of timeline.events) {
      if (event.k !== 'change') continue;
      doc = ChangeSet.fromJSON(event.changes).apply(doc);
      seen.push(doc.toString());
    }
    expect(doc.toString()).toBe(final);
    expect(timeline.finalCode).toBe(final);
    // Every change the server stored shows up, in order (an update that changed no text adds no step).
    expect(seen).toEqual(texts.slice(1).filter((text, i) => text !== texts[i]));
    expect(timeline.events.map((e) => e.seq)).toEqual(timeline.events.map((_, i) => i));
    expect(timeline.events.filter((e) => e.k !== 'change').map((e) => [e.k, e.t])).toEqual([
      ['paste', 1_005],
      ['run', 2_000],
      ['blur', 3_000],
    ]);
    expect(timeline.events.every((e, i, all) => i === 0 || e.t >= (all[i - 1]?.t ?? 0))).toBe(true);
  });
});
