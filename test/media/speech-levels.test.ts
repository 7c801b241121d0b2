/**
 * Speaking time and long silences of a real recording: an Opus WebM with known speech and silence
 * (made with ffmpeg), metered the way the device meters it (one peak level per 100 ms,
 * app/src/lib/levels.ts, with the same `peakLevel`), then measured by the analyzer the Worker runs on the levels the device
 * sends (worker/analysis/speech.ts). Runs in Node because workerd cannot start ffmpeg.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureSpeech, peakLevel } from '../../worker/analysis/speech';

const dir = mkdtempSync(join(tmpdir(), 'holdfast-speech-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RATE = 48_000;
const INTERVAL_MS = 100;
/** Speech at 0–1 s, 4.5–6.5 s and 8.5–9.5 s of a 13.5 s answer: silences of 3.5 s, 2 s and 4 s. */
const SPOKEN = '(between(t,0,1)+between(t,4.5,6.5)+between(t,8.5,9.5))';

function recording(): string {
  const file = join(dir, 'answer.webm');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `aevalsrc='0.4*sin(2*PI*220*t)*${SPOKEN}':s=${RATE}:d=13.5`, '-c:a', 'libopus', '-b:a', '64k', '-y', file]);
  return file;
}

/** The device's meter over the decoded audio: 8-bit samples (as an AnalyserNode gives them), one peak per interval. */
function meter(file: string): number[] {
  const pcm = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 's16le', '-ac', '1', '-ar', String(RATE), '-'], { maxBuffer: 64 * 1024 * 1024 });
  const samples = new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.length / 2));
  const perInterval = (RATE * INTERVAL_MS) / 1000;
  const levels: number[] = [];
  for (let start = 0; start + perInterval <= samples.length; start += perInterval) {
    const bytes = Uint8Array.from(samples.subarray(start, start + perInterval), (s) => Math.max(0, Math.min(255, Math.round(128 + s / 256))));
    levels.push(peakLevel(bytes));
  }
  return levels;
}

describe('speech in a real recording, from the levels a device meters', () => {
  it('finds the speaking time and the two silences of 3 s or more, to the 100 ms step', () => {
    const levels = meter(recording());
    expect(levels.length).toBe(135);
    const measured = measureSpeech({ intervalMs: INTERVAL_MS, levels });
    expect(measured.measuredMs).toBe(13_500);
    expect(Math.abs(measured.speakingMs - 4_000)).toBeLessThanOrEqual(200);
    expect(measured.silences).toHaveLength(2);
    const [first, second] = measured.silences;
    expect(Math.abs((first?.startMs ?? 0) - 1_000)).toBeLessThanOrEqual(100);
    expect(Math.abs((first?.endMs ?? 0) - 4_500)).toBeLessThanOrEqual(100);
    expect(Math.abs((second?.startMs ?? 0) - 9_500)).toBeLessThanOrEqual(100);
    expect(second?.endMs).toBe(13_500);
  });
});
