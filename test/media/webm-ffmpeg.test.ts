/**
 * What a decoder makes of a recording cut short by a crash, once Holdfast has finished it
 * (worker/media/webm.ts `finishWebm`, what durable/assembly.ts writes to R2): ffmpeg decodes it
 * to the end with no error, and its last frame ends where the written Duration says. Runs in
 * Node because workerd cannot start ffmpeg.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { concatBytes } from '../../worker/media/ebml';
import { finishWebm } from '../../worker/media/webm';

const fixtures = new URL('../fixtures/media/', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(fixtures, 'recording.json'), 'utf8')) as { chunks: { file: string }[] };
const whole = concatBytes(manifest.chunks.map((c) => new Uint8Array(readFileSync(join(fixtures, c.file)))));
const dir = mkdtempSync(join(tmpdir(), 'holdfast-webm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Chromium's recorder writes timestamps ffmpeg grumbles about; they are not ours to fix. */
const RECORDER_NOISE = /non monotonically increasing dts/i;

function decodeErrors(bytes: Uint8Array, name: string): string[] {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const run = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  expect(run.error, 'ffmpeg must be installed (apt-get install ffmpeg)').toBeUndefined();
  return run.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !RECORDER_NOISE.test(line));
}

/** Where the last packet of any stream ends, in ms, as ffprobe reads the file. */
function lastPacketEndMs(bytes: Uint8Array, name: string): number {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const csv = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  let end = 0;
  for (const line of csv.split('\n')) {
    const [pts, duration] = line.split(',').map(Number);
    if (Number.isFinite(pts)) end = Math.max(end, (pts! + (Number.isFinite(duration) ? duration! : 0)) * 1000);
  }
  return end;
}

describe('a recording cut short by a crash, as Holdfast stores it', () => {
  // Cuts spread over the recording, none on an element boundary of the fixture's last cluster.
  const cuts = [0.2, 0.45, 0.7, 0.93, 0.999].map((f) => Math.floor(whole.length * f));

  it.each(cuts)('decodes with no error when the recorder died at byte %i', (size) => {
    const cutShort = whole.subarray(0, size);
    // The crash really did leave an element half written: that is what ffmpeg trips on.
    const raw = decodeErrors(cutShort, `raw-${size}.webm`);
    const finished = finishWebm(cutShort);
    if (finished.droppedBytes > 0) expect(raw.join('\n')).toMatch(/ended prematurely|invalid|error/i);

    expect(decodeErrors(finished.bytes, `finished-${size}.webm`)).toEqual([]);
    // The Duration written is where the last frame kept ends, within one video frame.
    expect(Math.abs(lastPacketEndMs(finished.bytes, `probe-${size}.webm`) - finished.durationMs!)).toBeLessThanOrEqual(40);
  });

  it('leaves a recording that ended properly decodable and whole', () => {
    const finished = finishWebm(whole);
    expect(finished.droppedBytes).toBe(0);
    expect(decodeErrors(finished.bytes, 'whole.webm')).toEqual([]);
  });
});
