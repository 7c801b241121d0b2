/**
 * The recording fixture made by test/fixtures/media/make-fixtures.ts: a real 5-second VP8/Opus WebM in Chrome
 * MediaRecorder's layout, as its ~1 s chunks, with the true duration ffprobe measured.
 */
import chunk000 from '../../fixtures/media/chunk-000.webm?inline';
import chunk001 from '../../fixtures/media/chunk-001.webm?inline';
import chunk002 from '../../fixtures/media/chunk-002.webm?inline';
import chunk003 from '../../fixtures/media/chunk-003.webm?inline';
import chunk004 from '../../fixtures/media/chunk-004.webm?inline';
import chunk005 from '../../fixtures/media/chunk-005.webm?inline';
import recordingJson from '../../fixtures/media/recording.json?raw';

interface FixtureManifest {
  mimeType: string;
  realDurationMs: number;
  chunks: { file: string; size: number; sha256: string }[];
}
const recording = JSON.parse(recordingJson) as FixtureManifest;

const dataUrls: Record<string, string> = {
  'chunk-000.webm': chunk000,
  'chunk-001.webm': chunk001,
  'chunk-002.webm': chunk002,
  'chunk-003.webm': chunk003,
  'chunk-004.webm': chunk004,
  'chunk-005.webm': chunk005,
};

function decode(dataUrl: string): Uint8Array {
  const binary = atob(dataUrl.slice(dataUrl.indexOf(',') + 1));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export const webmFixture = {
  mimeType: recording.mimeType,
  realDurationMs: recording.realDurationMs,
  chunks: recording.chunks.map((c) => {
    const dataUrl = dataUrls[c.file];
    if (!dataUrl) throw new Error(`recording.json lists ${c.file}, which recording-fixture.ts does not import`);
    return { bytes: decode(dataUrl), sha256: c.sha256 };
  }),
};

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Cuts bytes into pieces of `size` (the last one shorter), as a device splitting a big blob would. */
export function cut(bytes: Uint8Array, size: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) pieces.push(bytes.slice(at, at + size));
  return pieces;
}

/** Random bytes inside an EBML Void element: valid anywhere in WebM, ignored by players. */
export function voidElement(payloadBytes: number): Uint8Array {
  const out = new Uint8Array(9 + payloadBytes);
  out[0] = 0xec;
  out[1] = 0x01;
  let size = payloadBytes;
  for (let k = 8; k >= 2; k--) {
    out[k] = size % 256;
    size = Math.floor(size / 256);
  }
  for (let at = 9; at < out.length; at += 65536) crypto.getRandomValues(out.subarray(at, Math.min(at + 65536, out.length)));
  return out;
}

/**
 * Where two byte arrays first differ (-1: identical). Vitest's deep equality walks a typed array
 * key by key, which exhausts memory on a recording of several MiB.
 */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

export interface FixtureElement {
  /** Offset just past the element. */
  end: number;
  /** A SimpleBlock's start time; null for any other element (a Cluster's Timecode, Info, Tracks). */
  timeMs: number | null;
}

/**
 * Every complete element inside the Segment and its Clusters of a MediaRecorder-shaped WebM, in
 * order, walked independently of worker/media (the fixture's layout only: Segment and Clusters of
 * unknown size, TimecodeScale 1 ms).
 */
export function fixtureElements(bytes: Uint8Array): FixtureElement[] {
  const vint = (at: number, keepMarker: boolean) => {
    const first = bytes[at]!;
    const length = Math.clz32(first) - 23;
    let value = keepMarker ? first : first & (0xff >> length);
    let allOnes = (first & (0xff >> length)) === 0xff >> length;
    for (let k = 1; k < length; k++) {
      value = value * 256 + bytes[at + k]!;
      if (bytes[at + k] !== 0xff) allOnes = false;
    }
    return { value, length, allOnes };
  };
  const elements: FixtureElement[] = [];
  let clusterTime = 0;
  let at = 0;
  let inSegment = false;
  while (at + 12 <= bytes.length) {
    const id = vint(at, true);
    const size = vint(at + id.length, false);
    const dataStart = at + id.length + size.length;
    // Segment and Cluster: step inside.
    if (id.value === 0x18538067 || id.value === 0x1f43b675) {
      inSegment = true;
      at = dataStart;
      continue;
    }
    const end = dataStart + size.value;
    if (end > bytes.length) break;
    if (id.value === 0xe7) clusterTime = [...bytes.subarray(dataStart, end)].reduce((n, b) => n * 256 + b, 0);
    const track = id.value === 0xa3 ? vint(dataStart, false) : null;
    const timeMs = track ? clusterTime + new DataView(bytes.buffer, bytes.byteOffset + dataStart + track.length, 2).getInt16(0) : null;
    if (inSegment) elements.push({ end, timeMs });
    at = end;
  }
  return elements;
}
