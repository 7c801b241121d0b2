/**
 * Rebuilds a code answer from its event log for the reviewer's playback (issue 11, "Review"). Pure
 * and fast: the changes are applied once, in order, to the starter code, keeping the document every
 * SNAPSHOT_EVERY events, so the code at any moment is one snapshot plus at most that many changes
 * away, however long the log. Time runs on a compressed axis where every pause longer than
 * IDLE_CAP_MS counts as IDLE_CAP_MS, so watching skips the idle stretches.
 */
import { ChangeSet, Text } from '@codemirror/state';
import type { CodeTimeline, RunResult } from '../../../worker/schemas/code';

export const IDLE_CAP_MS = 2_000;
/** The axis starts this long before the first event, so its start shows the starter code. */
export const LEAD_IN_MS = 1_000;
const SNAPSHOT_EVERY = 200;

type TimelineEvent = CodeTimeline['events'][number];

export type Marker =
  | { kind: 'run'; at: number; index: number; stdin: string; result: RunResult; testId: string | undefined }
  | { kind: 'paste'; at: number; index: number; size: number }
  /** The tab lost focus at `at` and got it back at `until` (compressed); `awayMs` is the real time. */
  | { kind: 'away'; at: number; index: number; until: number; awayMs: number };

export interface Playback {
  /** Length of the compressed axis, ms: the lead-in, then the events. */
  duration: number;
  /** Real time from the first event to the last, ms. */
  realDuration: number;
  /** Pauses longer than IDLE_CAP_MS that the axis skips. */
  skippedIdleMs: number;
  markers: Marker[];
  eventCount: number;
  /** The document after the last change equals the submitted code, byte for byte. */
  matchesFinal: boolean;
  /** The first change that did not fit the document (a gap in the log), or null. */
  brokenAt: number | null;
  /** The code at a moment of the compressed axis: every event at or before it applied. */
  codeAt(at: number): string;
  /** The code after the first `count` events. */
  codeAfter(count: number): string;
  /** The real (device) time of a moment of the compressed axis, ms since the epoch. */
  realTimeAt(at: number): number;
}

export function buildPlayback(timeline: Pick<CodeTimeline, 'starterCode' | 'events' | 'finalCode'>): Playback {
  const events = timeline.events;
  const n = events.length;
  // Compressed time of each event; the device clock may step back, which counts as no time.
  const axis = new Float64Array(n);
  if (n > 0) axis[0] = LEAD_IN_MS;
  let skippedIdleMs = 0;
  for (let i = 1; i < n; i++) {
    const gap = Math.max(0, (events[i] as TimelineEvent).t - (events[i - 1] as TimelineEvent).t);
    if (gap > IDLE_CAP_MS) skippedIdleMs += gap - IDLE_CAP_MS;
    axis[i] = (axis[i - 1] as number) + Math.min(gap, IDLE_CAP_MS);
  }

  // Documents after 0, SNAPSHOT_EVERY, 2 * SNAPSHOT_EVERY... events.
  const snapshots: Text[] = [];
  // Split as the candidate's editor does (CodeMirror's default line separators), so the changes'
  // positions match the document they were made on.
  let doc = Text.of(timeline.starterCode.split(/\r\n?|\n/));
  let brokenAt: number | null = null;
  const markers: Marker[] = [];
  let blurred: { at: number; index: number; t: number } | null = null;
  for (let i = 0; i < n; i++) {
    if (i % SNAPSHOT_EVERY === 0) snapshots.push(doc);
    const event = events[i] as TimelineEvent;
    const at = axis[i] as number;
    switch (event.k) {
      case 'change':
        if (brokenAt === null) {
          try {
            doc = ChangeSet.fromJSON(event.changes).apply(doc);
          } catch {
            brokenAt = i;
          }
        }
        break;
      case 'run':
        markers.push({ kind: 'run', at, index: i, stdin: event.stdin, result: event.result, testId: event.testId });
        break;
      case 'paste':
        markers.push({ kind: 'paste', at, index: i, size: event.size });
        break;
      case 'blur':
        blurred ??= { at, index: i, t: event.t };
        break;
      case 'focus':
        if (blurred) markers.push({ kind: 'away', at: blurred.at, index: blurred.index, until: at, awayMs: Math.max(0, event.t - blurred.t) });
        blurred = null;
        break;
      default:
        event satisfies never;
    }
  }
  if (n % SNAPSHOT_EVERY === 0) snapshots.push(doc);
  const last = n === 0 ? 0 : (axis[n - 1] as number);
  if (blurred) markers.push({ kind: 'away', at: blurred.at, index: blurred.index, until: last, awayMs: Math.max(0, (events[n - 1]?.t ?? blurred.t) - blurred.t) });
  const end = doc;

  const docAfter = (count: number): Text => {
    const k = Math.max(0, Math.min(n, Math.floor(count)));
    if (k === n) return end;
    const base = Math.floor(k / SNAPSHOT_EVERY);
    let d = snapshots[base] as Text;
    for (let i = base * SNAPSHOT_EVERY; i < k && (brokenAt === null || i < brokenAt); i++) {
      const event = events[i] as TimelineEvent;
      if (event.k === 'change') d = ChangeSet.fromJSON(event.changes).apply(d);
    }
    return d;
  };
  /** How many events happened at or before `at`: a binary search of the axis. */
  const countAt = (at: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((axis[mid] as number) <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  return {
    duration: last,
    realDuration: n === 0 ? 0 : (events[n - 1] as TimelineEvent).t - (events[0] as TimelineEvent).t,
    skippedIdleMs,
    markers,
    eventCount: n,
    matchesFinal: brokenAt === null && end.toString() === timeline.finalCode,
    brokenAt,
    codeAt: (at) => docAfter(countAt(at)).toString(),
    codeAfter: (count) => docAfter(count).toString(),
    realTimeAt: (at) => {
      const k = countAt(at);
      if (k === 0) return events[0]?.t ?? 0;
      const before = events[k - 1] as TimelineEvent;
      return before.t + Math.max(0, at - (axis[k - 1] as number));
    },
  };
}
