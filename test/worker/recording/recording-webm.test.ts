import { describe, expect, it } from 'vitest';
import { finishWebm, patchWebmDuration, WebmTimeline } from '../../../worker/media/webm';
import { concatBytes, cut, fixtureElements, webmFixture } from '../support/recording-fixture';

const joined = concatBytes(webmFixture.chunks.map((c) => c.bytes));

/** An EBML element with a size written in `sizeWidth` bytes. */
function element(id: number[], payload: Uint8Array, sizeWidth = 1): Uint8Array {
  const size = new Uint8Array(sizeWidth);
  let rest = payload.length;
  for (let k = sizeWidth - 1; k >= 0; k--) {
    size[k] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  size[0]! |= 0x80 >> (sizeWidth - 1);
  return concatBytes([Uint8Array.from(id), size, payload]);
}
const uint = (n: number, width: number) => Uint8Array.from({ length: width }, (_, k) => Math.floor(n / 256 ** (width - 1 - k)) % 256);
const float64 = (n: number) => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, n);
  return out;
};
const EBML = element([0x1a, 0x45, 0xdf, 0xa3], element([0x42, 0x82], new TextEncoder().encode('webm')));
const timecodeScale = (ns: number) => element([0x2a, 0xd7, 0xb1], uint(ns, 3));
const duration = (ticks: number) => element([0x44, 0x89], float64(ticks));
const info = (...children: Uint8Array[]) => element([0x15, 0x49, 0xa9, 0x66], concatBytes(children));
const tracks = element([0x16, 0x54, 0xae, 0x6b], new Uint8Array(4));
const seekHead = element([0x11, 0x4d, 0x9b, 0x74], new Uint8Array(6));
const segment = (children: Uint8Array, knownSize: boolean) =>
  knownSize ? element([0x18, 0x53, 0x80, 0x67], children, 8) : concatBytes([Uint8Array.of(0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), children]);
const durationIn = (bytes: Uint8Array) => {
  const at = bytes.findIndex((_, i) => bytes[i] === 0x44 && bytes[i + 1] === 0x89 && bytes[i + 2] === 0x88);
  return at < 0 ? null : new DataView(bytes.buffer, bytes.byteOffset + at + 3, 8).getFloat64(0);
};

describe('WebM timeline', () => {
  it("measures the fixture's true duration within 0.5 s, wherever the stream is cut", () => {
    const results = [joined.length, 65_536, 7_001, 13, 1].map((size) => {
      const timeline = new WebmTimeline();
      for (const piece of cut(joined, size)) timeline.push(piece);
      return timeline.result();
    });
    for (const result of results) expect(result).toEqual(results[0]);
    expect(results[0]!.malformedAt).toBeNull();
    expect(results[0]!.blocks).toBeGreaterThan(300);
    expect(Math.abs(results[0]!.durationMs! - webmFixture.realDurationMs)).toBeLessThanOrEqual(500);
  });

  it('counts only what arrived: the first chunks of a recording measure shorter', () => {
    const timeline = new WebmTimeline();
    for (const chunk of webmFixture.chunks.slice(0, 2)) timeline.push(chunk.bytes);
    const { durationMs } = timeline.result();
    // Two one-second clusters.
    expect(durationMs).toBeGreaterThan(1_500);
    expect(durationMs).toBeLessThan(2_500);
  });

  it('stops quietly at bytes that are not WebM, keeping what it measured before', () => {
    const garbage = new Uint8Array(4096);
    const timeline = new WebmTimeline();
    timeline.push(joined.subarray(0, 60_000));
    const before = timeline.result().durationMs;
    timeline.push(garbage);
    timeline.push(joined.subarray(60_000));
    // The garbage lands inside a block it skips, so the scan derails a little after it.
    expect(timeline.result().malformedAt).toBeGreaterThanOrEqual(60_000);
    expect(timeline.result().malformedAt).toBeLessThan(60_000 + garbage.length + 1_000);
    // The block cut at 60,000 counts once its payload (garbage included) has passed: one frame more at most.
    expect(timeline.result().durationMs).toBeGreaterThanOrEqual(before!);
    expect(timeline.result().durationMs).toBeLessThan(before! + 100);

    const noise = new WebmTimeline();
    noise.push(Uint8Array.from({ length: 1000 }, (_, i) => (i * 7919) % 251));
    expect(noise.result().durationMs).toBeNull();
  });
});

describe('WebM Duration patch', () => {
  it("adds a Duration to MediaRecorder's header and leaves the rest byte for byte", () => {
    const patch = patchWebmDuration(joined.subarray(0, 4096), 5_008);
    expect(patch).not.toBeNull();
    expect(patch!.bytes.length - patch!.replaces).toBe(11);
    expect(durationIn(patch!.bytes)).toBe(5_008);
    expect(patch!.bytes.subarray(0, 36)).toEqual(joined.subarray(0, 36));
  });

  it('writes the Duration in TimecodeScale units', () => {
    const head = concatBytes([EBML, segment(concatBytes([info(timecodeScale(1_000)), tracks]), false)]);
    expect(durationIn(patchWebmDuration(head, 2_500)!.bytes)).toBe(2_500_000);
  });

  it('overwrites a Duration already there in place, so nothing moves', () => {
    const head = concatBytes([EBML, segment(concatBytes([seekHead, info(timecodeScale(1_000_000), duration(0)), tracks]), true)]);
    const patch = patchWebmDuration(head, 4_200)!;
    expect(patch.bytes.length).toBe(patch.replaces);
    expect(durationIn(patch.bytes)).toBe(4_200);
  });

  it('grows a Segment of known size by the bytes it adds', () => {
    const children = concatBytes([info(timecodeScale(1_000_000)), tracks]);
    const head = concatBytes([EBML, segment(children, true)]);
    const patch = patchWebmDuration(head, 1_000)!;
    const patched = concatBytes([patch.bytes, head.subarray(patch.replaces)]);
    const sizeAt = EBML.length + 4;
    const size = [...patched.subarray(sizeAt + 1, sizeAt + 8)].reduce((n, b) => n * 256 + b, 0);
    expect(size).toBe(children.length + 11);
    expect(patched.length).toBe(head.length + 11);
  });

  it('declines what it cannot patch safely: offsets of a SeekHead, an Info cut off, not WebM', () => {
    const withSeekHead = concatBytes([EBML, segment(concatBytes([seekHead, info(timecodeScale(1_000_000)), tracks]), false)]);
    expect(patchWebmDuration(withSeekHead, 1_000)).toBeNull();
    expect(patchWebmDuration(joined.subarray(0, 60), 1_000)).toBeNull();
    expect(patchWebmDuration(new TextEncoder().encode('....ftypisom'), 1_000)).toBeNull();
  });
});

describe('a recording cut short by a crash', () => {
  const elements = fixtureElements(joined);
  const blocks = elements.filter((e) => e.timeMs !== null);
  /** The Duration element the patch adds to Info. */
  const DURATION_BYTES = 11;

  it('is walked independently into its elements', () => {
    expect(blocks.length).toBeGreaterThan(100);
    expect(elements.at(-1)!.end).toBe(joined.length);
  });

  it('ends on the last complete element, wherever the crash cut it, with the Duration of the blocks kept', () => {
    let cutMidBlock = 0;
    for (let size = blocks[0]!.end; size <= joined.length; size += 173) {
      const finished = finishWebm(joined.subarray(0, size));
      const lastEnd = elements.filter((e) => e.end <= size).at(-1)!.end;
      const kept = blocks.filter((b) => b.end <= size);
      if (lastEnd < size) cutMidBlock++;
      // Nothing after the last complete element is kept, and nothing before it is lost.
      expect(finished.droppedBytes, `cut at ${size}`).toBe(size - lastEnd);
      expect(finished.bytes.length).toBe(lastEnd + DURATION_BYTES);
      // The duration is that of the blocks kept: from the last one's start to one frame after.
      const lastStart = Math.max(...kept.map((b) => b.timeMs!));
      expect(finished.durationMs, `cut at ${size}`).toBeGreaterThanOrEqual(lastStart);
      expect(finished.durationMs, `cut at ${size}`).toBeLessThanOrEqual(lastStart + 100);
      expect(durationIn(finished.bytes)).toBe(finished.durationMs);
      // Read again, the kept bytes end exactly on a complete element.
      const again = new WebmTimeline();
      again.push(finished.bytes);
      expect(again.result()).toMatchObject({ malformedAt: null, wellFormedEnd: finished.bytes.length, bytesSeen: finished.bytes.length, blocks: kept.length });
    }
    expect(cutMidBlock).toBeGreaterThan(20);
  });

  it('keeps bytes it cannot follow as WebM whole, rather than cut media a player may still use', () => {
    const odd = concatBytes([joined.subarray(0, 60_000), new Uint8Array(4096), joined.subarray(60_000)]);
    const finished = finishWebm(odd);
    expect(finished.droppedBytes).toBe(0);
    expect(finished.bytes.length).toBe(odd.length + DURATION_BYTES);
  });

  it('keeps a recording that ended properly whole', () => {
    const finished = finishWebm(joined);
    expect(finished.droppedBytes).toBe(0);
    expect(finished.bytes.length).toBe(joined.length + DURATION_BYTES);
  });
});
