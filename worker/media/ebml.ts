/**
 * The few pieces of EBML (the binary format under Matroska and WebM) that Holdfast needs:
 * variable-length integers, element headers, and the ids of the elements it looks at.
 * See RFC 8794 (EBML) and the Matroska element list.
 */
export const EbmlId = {
  EBML: 0x1a45dfa3,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Duration: 0x4489,
  Tracks: 0x1654ae6b,
  Cluster: 0x1f43b675,
  Cues: 0x1c53bb6b,
  Chapters: 0x1043a770,
  Tags: 0x1254c367,
  Attachments: 0x1941a469,
  Timecode: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  BlockDuration: 0x9b,
} as const;

/** Children of a Segment: one of these ends a Cluster whose size is unknown. */
export const SEGMENT_CHILDREN: ReadonlySet<number> = new Set([
  EbmlId.SeekHead,
  EbmlId.Info,
  EbmlId.Tracks,
  EbmlId.Cluster,
  EbmlId.Cues,
  EbmlId.Chapters,
  EbmlId.Tags,
  EbmlId.Attachments,
]);
export const TOP_LEVEL: ReadonlySet<number> = new Set([EbmlId.EBML, EbmlId.Segment]);

export interface Vint {
  value: number;
  length: number;
  /** All value bits set: for a size, "unknown" (live writers such as MediaRecorder use it). */
  allOnes: boolean;
}

/**
 * Reads a variable-length integer at `at`. An id keeps its length marker (ids are written
 * that way); a size drops it. Answers null when the bytes end first, 'invalid' when the first
 * byte is zero (no length marker in the first 8 bits).
 */
export function readVint(bytes: Uint8Array, at: number, keepMarker: boolean): Vint | null | 'invalid' {
  const first = bytes[at];
  if (first === undefined) return null;
  if (first === 0) return 'invalid';
  const length = Math.clz32(first) - 23;
  if (at + length > bytes.length) return null;
  const marker = 0x80 >> (length - 1);
  let value = keepMarker ? first : first & (marker - 1);
  let allOnes = (first & (marker - 1)) === marker - 1;
  for (let k = 1; k < length; k++) {
    const b = bytes[at + k];
    if (b === undefined) return null;
    value = value * 256 + b;
    if (b !== 0xff) allOnes = false;
  }
  return { value, length, allOnes };
}

export interface ElementHeader {
  id: number;
  /** Bytes of id and size together. */
  headerLength: number;
  /** null when the size is unknown. */
  size: number | null;
  sizeOffset: number;
  sizeLength: number;
}

export function readElementHeader(bytes: Uint8Array, at: number): ElementHeader | null | 'invalid' {
  const id = readVint(bytes, at, true);
  if (id === null || id === 'invalid') return id;
  if (id.length > 4) return 'invalid';
  const size = readVint(bytes, at + id.length, false);
  if (size === null || size === 'invalid') return size;
  if (!size.allOnes && size.value > Number.MAX_SAFE_INTEGER) return 'invalid';
  return {
    id: id.value,
    headerLength: id.length + size.length,
    size: size.allOnes ? null : size.value,
    sizeOffset: at + id.length,
    sizeLength: size.length,
  };
}

/** NaN when the value runs past the end of `bytes`. */
export function readUint(bytes: Uint8Array, at: number, length: number): number {
  let value = 0;
  for (let k = 0; k < length; k++) {
    const b = bytes[at + k];
    if (b === undefined) return NaN;
    value = value * 256 + b;
  }
  return value;
}

/** A size written in exactly `length` bytes, or null when it does not fit (all-ones is reserved). */
export function encodeSize(size: number, length: number): Uint8Array | null {
  if (length < 1 || length > 8 || size >= 2 ** (7 * length) - 1) return null;
  const out = new Uint8Array(length);
  let rest = size;
  for (let k = length - 1; k > 0; k--) {
    out[k] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  // What is left of the size is below the length marker, which shares the first byte with it.
  out[0] = rest | (0x80 >> (length - 1));
  return out;
}

export function encodeSizeShortest(size: number): Uint8Array {
  for (let length = 1; length <= 8; length++) {
    const encoded = encodeSize(size, length);
    if (encoded) return encoded;
  }
  throw new Error(`EBML size ${size} is too large`);
}

export function encodeId(id: number): Uint8Array {
  const length = id > 0xffffff ? 4 : id > 0xffff ? 3 : id > 0xff ? 2 : 1;
  const out = new Uint8Array(length);
  for (let k = 0; k < length; k++) out[k] = (id >>> (8 * (length - 1 - k))) & 0xff;
  return out;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
