/**
 * The event log's weight: a candidate typing a program at a steady pace, one CodeMirror change per
 * keystroke, saved as the device saves it and sent as the device sends it (a batch after each
 * pause of the editor's send delay, each batch with the document after it). Pure computation, no
 * server: the figures are bytes, not times.
 */

import { gzipSync } from 'node:zlib';
import { ChangeSet, Text } from '@codemirror/state';

const PROGRAM = `import sys


def word_counts(text):
    counts = {}
    for word in text.split():
        word = word.strip('.,;:!?').lower()
        if word:
            counts[word] = counts.get(word, 0) + 1
    return counts


def main():
    text = sys.stdin.read()
    for word, n in sorted(word_counts(text).items(), key=lambda item: (-item[1], item[0])):
        print(word, n)


main()
`;

/** 250 characters a minute (about 50 words), a brisk typist on a laptop, faster than on a phone. */
const CHARS_PER_MINUTE = 250;
/** CodeQuestion's SEND_AFTER_MS: events typed within it travel in one request. */
const SEND_AFTER_MS = 1_500;

export function benchCodeLog(): string[] {
  let doc = Text.empty;
  const events: string[] = [];
  const bodies: string[] = [];
  let pending: string[] = [];
  let seq = 0;
  let t = 1_800_000_000_000;
  let lastSend = t;
  const step = 60_000 / CHARS_PER_MINUTE;
  for (const ch of PROGRAM) {
    const change = ChangeSet.of({ from: doc.length, insert: ch }, doc.length);
    doc = change.apply(doc);
    const event = JSON.stringify({ k: 'change', t: Math.round(t), changes: change.toJSON() });
    events.push(event);
    pending.push(event);
    t += step;
    if (t - lastSend >= SEND_AFTER_MS) {
      bodies.push(`{"fromSeq":${seq},"events":[${pending.join(',')}],"code":${JSON.stringify(doc.toString())}}`);
      seq += pending.length;
      pending = [];
      lastSend = t;
    }
  }
  const minutes = PROGRAM.length / CHARS_PER_MINUTE;
  const stored = events.reduce((n, e) => n + e.length, 0);
  const wire = bodies.reduce((n, b) => n + b.length, 0);
  const wireGzip = bodies.reduce((n, b) => n + gzipSync(b).length, 0);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return [
    `event log per minute of typing (${CHARS_PER_MINUTE} characters a minute, one event per keystroke): ${kb(stored / minutes)} stored (${Math.round(stored / events.length)} bytes an event)`,
    `uploaded per minute of typing (a request every ${SEND_AFTER_MS / 1000} s with the document after it, ${PROGRAM.length}-character program): ${kb(wire / minutes)} raw, ${kb(wireGzip / minutes)} if gzipped`,
  ];
}
