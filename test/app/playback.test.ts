import { ChangeSet, type ChangeSpec, Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { buildPlayback, IDLE_CAP_MS, LEAD_IN_MS } from '../../app/src/code/playback';
import type { CodeTimeline } from '../../worker/schemas/code';

/** mulberry32: the same "random" session on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STARTER = 'function solve(input) {\n  // your code\n}\n\nconsole.log(solve(input));\n';
const TYPED = 'abcdefghijklmnopqrstuvwxyz ();{}[]=+-*/<>\'"\n\n\t    é漢🙂';
const SNIPPET = 'for (let i = 0; i < n; i++) {\n  if (i % 15 === 0) console.log("FizzBuzz");\n  else console.log(i);\n}\n';

interface Synthetic {
  timeline: CodeTimeline;
  /** The document after the first k events, for every k. */
  docs: Text[];
  times: number[];
  pastes: number;
  runs: number;
  aways: number;
}

/**
 * A candidate's session as the device records it: random CodeMirror changes (typing, backspace,
 * selections replaced, multi-range edits) made on a real document and recorded as ChangeSet JSON,
 * with pastes, runs, idle pauses and time away from the tab between them.
 */
function synthetic(count: number, seed: number): Synthetic {
  const next = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  let doc = Text.of(STARTER.split('\n'));
  let cursor = 30;
  let t = Date.UTC(2026, 10, 26, 9, 0, 0);
  const events: CodeTimeline['events'] = [];
  const docs: Text[] = [doc];
  const times: number[] = [];
  let pastes = 0;
  let runs = 0;
  let aways = 0;
  const push = (event: CodeTimeline['events'][number]) => {
    events.push(event);
    docs.push(doc);
  };
  const change = (spec: ChangeSpec) => {
    const set = ChangeSet.of(spec, doc.length);
    doc = set.apply(doc);
    push({ k: 'change', t, changes: set.toJSON() as never, seq: events.length, receivedAt: t + 500 });
  };
  while (events.length < count) {
    const roll = next();
    t += roll < 0.01 ? int(3_000, 60_000) : int(40, 400);
    cursor = Math.min(cursor, doc.length);
    if (roll < 0.005) {
      const text = SNIPPET.repeat(int(1, 4));
      push({ k: 'paste', t, size: text.length, seq: events.length, receivedAt: t });
      change({ from: cursor, insert: text });
      cursor += text.length;
      pastes++;
    } else if (roll < 0.01) {
      push({ k: 'run', t, stdin: String(int(1, 20)), result: { status: 'ok', stdout: `out ${events.length}`, stderr: '', ms: int(5, 90) }, seq: events.length, receivedAt: t });
      runs++;
    } else if (roll < 0.013) {
      push({ k: 'blur', t, seq: events.length, receivedAt: t });
      t += int(5_000, 120_000);
      push({ k: 'focus', t, seq: events.length, receivedAt: t });
      aways++;
    } else if (roll < 0.08 && doc.length > 0) {
      const from = Math.max(0, cursor - int(1, 6));
      change({ from, to: cursor });
      cursor = from;
    } else if (roll < 0.1 && doc.length > 10) {
      // A selection replaced, or several cursors typing at once.
      const a = int(0, doc.length - 1);
      const b = Math.min(doc.length, a + int(0, 12));
      const c = int(0, doc.length);
      change(
        c < a || c > b
          ? [
              { from: a, to: b, insert: 'x' },
              { from: c, insert: 'yz' },
            ]
          : { from: a, to: b, insert: '\n' },
      );
      cursor = Math.min(doc.length, a + 1);
    } else if (roll < 0.12) {
      cursor = int(0, doc.length);
    } else {
      const ch = TYPED[int(0, TYPED.length - 1)] as string;
      change({ from: cursor, insert: ch });
      cursor += ch.length;
    }
  }
  for (const e of events) times.push(e.t);
  const timeline: CodeTimeline = { questionId: 'q', language: 'javascript', starterCode: STARTER, events, finalCode: doc.toString(), lateRefused: null };
  return { timeline, docs, times, pastes, runs, aways };
}

describe('code playback', () => {
  const session = synthetic(6_000, 11);
  const playback = buildPlayback(session.timeline);

  it('ends with the submitted code, byte for byte, after several thousand events with pastes and runs', () => {
    expect(session.timeline.events.length).toBeGreaterThanOrEqual(6_000);
    expect(session.pastes).toBeGreaterThan(10);
    expect(session.runs).toBeGreaterThan(10);
    expect(session.aways).toBeGreaterThan(5);
    expect(playback.matchesFinal).toBe(true);
    expect(playback.brokenAt).toBeNull();
    expect(playback.codeAt(playback.duration)).toBe(session.timeline.finalCode);
    expect(playback.codeAfter(playback.eventCount)).toBe(session.timeline.finalCode);
    expect(new TextEncoder().encode(playback.codeAt(playback.duration))).toEqual(new TextEncoder().encode(session.timeline.finalCode));
  });

  it('shows the starter code at the start and the code at that time in the middle', () => {
    expect(playback.codeAt(0)).toBe(STARTER);
    expect(playback.codeAt(LEAD_IN_MS)).toBe(session.docs[1]?.toString());
    const middle = Math.floor(session.timeline.events.length / 2);
    // The moment of the middle event, on the compressed axis: everything up to it is applied.
    const at = positionOf(middle);
    const applied = countAtOrBefore(at);
    expect(playback.codeAt(at)).toBe(session.docs[applied]?.toString());
    expect(playback.codeAfter(middle)).toBe(session.docs[middle]?.toString());
  });

  it('seeks to any point, in any order, to the document of that moment', () => {
    const next = random(5);
    for (let i = 0; i < 300; i++) {
      const k = Math.floor(next() * (session.timeline.events.length + 1));
      expect(playback.codeAfter(k)).toBe(session.docs[k]?.toString());
    }
  });

  it('skips idle stretches: no pause on the axis is longer than the cap, and none is lost from real time', () => {
    const realGaps = session.times.slice(1).map((t, i) => t - (session.times[i] as number));
    const longGaps = realGaps.filter((g) => g > IDLE_CAP_MS);
    expect(longGaps.length).toBeGreaterThan(20);
    expect(playback.realDuration).toBe((session.times.at(-1) as number) - (session.times[0] as number));
    expect(playback.skippedIdleMs).toBe(longGaps.reduce((sum, g) => sum + g - IDLE_CAP_MS, 0));
    expect(playback.duration).toBe(LEAD_IN_MS + playback.realDuration - playback.skippedIdleMs);
  });

  it('marks every run with its output, every paste with its size and every time away from the tab', () => {
    const runs = playback.markers.filter((m) => m.kind === 'run');
    const pastes = playback.markers.filter((m) => m.kind === 'paste');
    const aways = playback.markers.filter((m) => m.kind === 'away');
    expect(runs).toHaveLength(session.runs);
    expect(pastes).toHaveLength(session.pastes);
    expect(aways).toHaveLength(session.aways);
    const firstRun = session.timeline.events.find((e) => e.k === 'run');
    expect(runs[0]).toMatchObject({ kind: 'run', stdin: firstRun?.k === 'run' ? firstRun.stdin : '', result: firstRun?.k === 'run' ? firstRun.result : {} });
    expect(pastes.every((p) => p.kind === 'paste' && p.size >= SNIPPET.length)).toBe(true);
    for (const away of aways) {
      if (away.kind !== 'away') continue;
      expect(away.awayMs).toBeGreaterThanOrEqual(5_000);
      // The time away is skipped like any idle stretch.
      expect(away.until - away.at).toBeLessThanOrEqual(IDLE_CAP_MS);
    }
  });

  it('says so when the log does not rebuild the submitted code, and shows what it can', () => {
    const cut = session.timeline.events.slice(0, 100);
    const partial = buildPlayback({ ...session.timeline, events: cut });
    expect(partial.matchesFinal).toBe(false);
    expect(partial.codeAt(partial.duration)).toBe(session.docs[100]?.toString());
    const gap = buildPlayback({ ...session.timeline, events: [...cut.slice(0, 10), ...session.timeline.events.slice(3_000)] });
    expect(gap.brokenAt).not.toBeNull();
    expect(gap.matchesFinal).toBe(false);
    const empty = buildPlayback({ starterCode: STARTER, events: [], finalCode: STARTER });
    expect(empty).toMatchObject({ duration: 0, eventCount: 0, matchesFinal: true });
    expect(empty.codeAt(0)).toBe(STARTER);
    expect(empty.codeAt(LEAD_IN_MS)).toBe(STARTER);
  });

  /** The compressed time of event i, rebuilt from the real times as the axis is defined. */
  function positionOf(i: number): number {
    let at = LEAD_IN_MS;
    for (let j = 1; j <= i; j++) at += Math.min(Math.max(0, (session.times[j] as number) - (session.times[j - 1] as number)), IDLE_CAP_MS);
    return at;
  }
  function countAtOrBefore(at: number): number {
    let k = 0;
    while (k < session.times.length && positionOf(k) <= at) k++;
    return k;
  }
});
