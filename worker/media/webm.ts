/**
 * WebM as MediaRecorder writes it: a header, then Clusters of unknown size, no Duration and no
 * Cues. Two jobs: measure the true duration from the blocks' timecodes while the bytes stream
 * past (a recording can be larger than a Worker's memory), and write the Duration into the
 * header so players show the real length.
 *
 * Libraries considered: fix-webm-duration needs the whole file in memory as a Blob, and the
 * parser it is built on calls itself internal and not for production; ts-ebml and
 * webm-duration-fix decode every element of the whole file through Node's Buffer. What is
 * needed here is a header rewrite and a skim of block timecodes, which this module does in a
 * single pass over bytes, in constant memory.
 */
import { concatBytes, EbmlId, encodeId, encodeSize, encodeSizeShortest, readElementHeader, readUint, readVint, SEGMENT_CHILDREN, TOP_LEVEL } from './ebml';

const DEFAULT_TIMECODE_SCALE_NS = 1_000_000;

interface OpenElement {
  id: number;
  /** Absolute end offset; null for an element of unknown size. */
  end: number | null;
}

export interface WebmTimelineResult {
  /** End of the last complete frame, in milliseconds; null when no complete block was found. */
  durationMs: number | null;
  /** Complete blocks: a block cut short by the end of the bytes is not counted. */
  blocks: number;
  timecodeScaleNs: number;
  /** Offset where the bytes stopped making sense as WebM, if they did. */
  malformedAt: number | null;
  /**
   * Where the bytes may end and still be a well-formed file: just after the last complete block
   * (or Segment child such as Tracks) with no element of known size left open. Equal to
   * `bytesSeen` for a recording that ended properly; less for one cut short by a crash.
   */
  wellFormedEnd: number;
  bytesSeen: number;
}

interface TrackClock {
  lastStart: number;
  lastGap: number;
  lastDuration: number | null;
}

/**
 * Skims a WebM byte stream fed in pieces of any size, reading only element headers, the
 * TimecodeScale, Cluster timecodes and the first bytes of each block; every payload is passed
 * over without being copied. The duration is the end of the last frame: the latest block start
 * of any track plus that block's duration (its BlockDuration, or else the track's last frame
 * spacing, as MediaRecorder writes SimpleBlocks without durations).
 */
export class WebmTimeline {
  private readonly open: OpenElement[] = [];
  private carry: Uint8Array = new Uint8Array(0);
  private position = 0;
  private skip = 0;
  private timecodeScaleNs = DEFAULT_TIMECODE_SCALE_NS;
  private clusterTimecode: number | null = null;
  private readonly tracks = new Map<number, TrackClock>();
  private blockGroupTrack: number | null = null;
  private blocks = 0;
  private malformedAt: number | null = null;
  /** The element whose header `step` consumed and whose payload is being passed over. */
  private current: { parent: number | null } | null = null;
  /** The clocks as of the last well-formed end: what a file cut there holds. */
  private committed: { tracks: Map<number, TrackClock>; blocks: number } = { tracks: new Map(), blocks: 0 };
  private wellFormedEnd = 0;
  /** Every byte pushed, past a malformed point too. */
  private fed = 0;

  push(piece: Uint8Array): void {
    this.fed += piece.length;
    if (this.malformedAt !== null || piece.length === 0) return;
    const bytes = this.carry.length > 0 ? concatBytes([this.carry, piece]) : piece;
    let at = 0;
    while (at < bytes.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, bytes.length - at);
        this.skip -= n;
        this.position += n;
        at += n;
        if (this.skip === 0) this.finishCurrent();
        continue;
      }
      this.closeFinished();
      const used = this.step(bytes, at);
      if (used === 'malformed') {
        this.malformedAt = this.position;
        break;
      }
      if (used === 0) break;
      at += used;
      this.position += used;
      if (this.skip === 0) this.finishCurrent();
    }
    this.carry = this.malformedAt === null ? bytes.slice(at) : new Uint8Array(0);
  }

  result(): WebmTimelineResult {
    if (this.malformedAt === null) this.closeFinished();
    let endTicks: number | null = null;
    for (const clock of this.committed.tracks.values()) {
      const end = clock.lastStart + (clock.lastDuration ?? clock.lastGap);
      if (endTicks === null || end > endTicks) endTicks = end;
    }
    return {
      durationMs: endTicks === null ? null : (endTicks * this.timecodeScaleNs) / 1e6,
      blocks: this.committed.blocks,
      timecodeScaleNs: this.timecodeScaleNs,
      malformedAt: this.malformedAt,
      wellFormedEnd: this.wellFormedEnd,
      bytesSeen: this.fed,
    };
  }

  private closeFinished(): void {
    for (let top = this.open.at(-1); top && top.end !== null && this.position >= top.end; top = this.open.at(-1)) {
      this.open.pop();
      this.completed(this.open.at(-1)?.id ?? null);
    }
  }

  private finishCurrent(): void {
    if (!this.current) return;
    const { parent } = this.current;
    this.current = null;
    this.completed(parent);
  }

  /**
   * An element just ended at `position`. The file may end here when it was a whole child of a
   * Cluster (a block, its timecode, padding) or of the Segment, and every element still open has
   * an unknown size (MediaRecorder's Segment and Clusters), which ends where the file does. The
   * Segment is let through even with a known size: cutting it is no worse than the bytes are.
   */
  private completed(parent: number | null): void {
    const boundary = parent === EbmlId.Cluster || parent === EbmlId.Segment;
    if (!boundary || this.open.some((e) => e.id !== EbmlId.Segment && e.end !== null)) return;
    this.wellFormedEnd = this.position;
    this.committed = { tracks: new Map([...this.tracks].map(([track, clock]) => [track, { ...clock }])), blocks: this.blocks };
  }

  /** Consumes one element header (and the small value, if it is one we read); 0 = needs more bytes. */
  private step(bytes: Uint8Array, at: number): number | 'malformed' {
    const header = readElementHeader(bytes, at);
    if (header === 'invalid') return 'malformed';
    if (header === null) return 0;
    const { id, headerLength, size } = header;

    // An element of unknown size ends where an element that cannot be its child begins.
    for (let top = this.open.at(-1); top && top.end === null && !mayContain(top.id, id); top = this.open.at(-1)) {
      this.open.pop();
    }
    const parent = this.open.at(-1)?.id ?? null;
    const dataStart = this.position + headerLength;

    if (id === EbmlId.Segment || id === EbmlId.Cluster || id === EbmlId.BlockGroup || id === EbmlId.Info) {
      this.open.push({ id, end: size === null ? null : dataStart + size });
      if (id === EbmlId.Cluster) this.clusterTimecode = null;
      if (id === EbmlId.BlockGroup) this.blockGroupTrack = null;
      return headerLength;
    }
    if (size === null) return 'malformed';

    const readsValue =
      (id === EbmlId.TimecodeScale && parent === EbmlId.Info) ||
      (id === EbmlId.Timecode && parent === EbmlId.Cluster) ||
      (id === EbmlId.BlockDuration && parent === EbmlId.BlockGroup);
    this.current = { parent };
    if (readsValue) {
      if (size > 8) return 'malformed';
      if (at + headerLength + size > bytes.length) return 0;
      const value = readUint(bytes, at + headerLength, size);
      if (id === EbmlId.TimecodeScale) this.timecodeScaleNs = value || DEFAULT_TIMECODE_SCALE_NS;
      else if (id === EbmlId.Timecode) this.clusterTimecode = value;
      else if (this.blockGroupTrack !== null) {
        const clock = this.tracks.get(this.blockGroupTrack);
        if (clock) clock.lastDuration = value;
      }
      return headerLength + size;
    }

    const isBlock = (id === EbmlId.SimpleBlock && parent === EbmlId.Cluster) || (id === EbmlId.Block && parent === EbmlId.BlockGroup);
    if (isBlock) {
      // A block starts with its track number (a vint) and a signed 16-bit timecode relative to the cluster.
      const track = readVint(bytes, at + headerLength, false);
      if (track === 'invalid') return 'malformed';
      if (track === null || at + headerLength + track.length + 2 > bytes.length) return 0;
      const used = track.length + 2;
      if (used > size) return 'malformed';
      const relative = new DataView(bytes.buffer, bytes.byteOffset + at + headerLength + track.length, 2).getInt16(0);
      this.noteBlock(track.value, relative);
      if (id === EbmlId.Block) this.blockGroupTrack = track.value;
      this.skip = size - used;
      return headerLength + used;
    }

    this.skip = size;
    return headerLength;
  }

  private noteBlock(track: number, relative: number): void {
    if (this.clusterTimecode === null) return;
    this.blocks++;
    const start = this.clusterTimecode + relative;
    const clock = this.tracks.get(track);
    if (!clock) {
      this.tracks.set(track, { lastStart: start, lastGap: 0, lastDuration: null });
    } else if (start >= clock.lastStart) {
      if (start > clock.lastStart) clock.lastGap = start - clock.lastStart;
      clock.lastStart = start;
      clock.lastDuration = null;
    }
  }
}

function mayContain(parent: number, child: number): boolean {
  if (TOP_LEVEL.has(child)) return false;
  if (parent === EbmlId.Segment) return true;
  if (SEGMENT_CHILDREN.has(child)) return false;
  if (parent === EbmlId.BlockGroup) return child !== EbmlId.SimpleBlock && child !== EbmlId.BlockGroup && child !== EbmlId.Timecode;
  return true;
}

export interface HeaderPatch {
  /** How many bytes at the start of the original stream the patch replaces. */
  replaces: number;
  bytes: Uint8Array;
}

/**
 * Writes `durationMs` into the Duration of the Segment's Info, given the first bytes of a WebM
 * stream (`head` must reach past the end of Info). Everything after Info is left byte for byte.
 * Answers null when the header is not one it can patch safely: Info missing from `head`, or a
 * SeekHead whose offsets would move (MediaRecorder writes none).
 */
export function patchWebmDuration(head: Uint8Array, durationMs: number): HeaderPatch | null {
  const ebml = readElementHeader(head, 0);
  if (!ebml || ebml === 'invalid' || ebml.id !== EbmlId.EBML || ebml.size === null) return null;
  const segmentAt = ebml.headerLength + ebml.size;
  const segment = readElementHeader(head, segmentAt);
  if (!segment || segment === 'invalid' || segment.id !== EbmlId.Segment) return null;

  let at = segmentAt + segment.headerLength;
  let sawSeekHead = false;
  for (;;) {
    const child = readElementHeader(head, at);
    if (!child || child === 'invalid' || child.size === null) return null;
    if (child.id === EbmlId.Info) {
      if (at + child.headerLength + child.size > head.length) return null;
      return rewriteInfo(head, segment, at, child.headerLength, child.size, sawSeekHead, durationMs);
    }
    if (child.id === EbmlId.Cluster || child.id === EbmlId.Tracks) return null;
    if (child.id === EbmlId.SeekHead) sawSeekHead = true;
    at += child.headerLength + child.size;
  }
}

function rewriteInfo(
  head: Uint8Array,
  segment: { size: number | null; sizeOffset: number; sizeLength: number },
  infoAt: number,
  infoHeaderLength: number,
  infoSize: number,
  sawSeekHead: boolean,
  durationMs: number,
): HeaderPatch | null {
  const bodyStart = infoAt + infoHeaderLength;
  const infoEnd = bodyStart + infoSize;
  const kept: Uint8Array[] = [];
  let timecodeScaleNs = DEFAULT_TIMECODE_SCALE_NS;
  let existingDuration: { at: number; length: number } | null = null;
  for (let at = bodyStart; at < infoEnd; ) {
    const child = readElementHeader(head, at);
    if (!child || child === 'invalid' || child.size === null || at + child.headerLength + child.size > infoEnd) return null;
    const dataAt = at + child.headerLength;
    if (child.id === EbmlId.TimecodeScale && child.size <= 8) timecodeScaleNs = readUint(head, dataAt, child.size) || timecodeScaleNs;
    if (child.id === EbmlId.Duration) existingDuration = { at: dataAt, length: child.size };
    else kept.push(head.subarray(at, dataAt + child.size));
    at = dataAt + child.size;
  }
  const ticks = (durationMs * 1e6) / timecodeScaleNs;

  // A Duration already there (a float of 4 or 8 bytes) is overwritten in place: nothing moves.
  if (existingDuration && (existingDuration.length === 4 || existingDuration.length === 8)) {
    const bytes = head.slice(0, infoEnd);
    const view = new DataView(bytes.buffer, existingDuration.at, existingDuration.length);
    if (existingDuration.length === 8) view.setFloat64(0, ticks);
    else view.setFloat32(0, ticks);
    return { replaces: infoEnd, bytes };
  }

  const duration = new Uint8Array(11);
  duration.set(encodeId(EbmlId.Duration));
  duration[2] = 0x88; // size 8: a float64
  new DataView(duration.buffer).setFloat64(3, ticks);
  const body = concatBytes([...kept, duration]);
  // The size keeps its width when it can, so only the 11 bytes of Duration are added.
  const infoSizeLength = infoHeaderLength - encodeId(EbmlId.Info).length;
  const newSize = encodeSize(body.length, infoSizeLength) ?? encodeSizeShortest(body.length);
  const info = concatBytes([encodeId(EbmlId.Info), newSize, body]);
  const growth = info.length - (infoEnd - infoAt);
  // Offsets in a SeekHead point past Info and would all be off by `growth`.
  if (sawSeekHead && growth !== 0) return null;

  const prefix = head.slice(0, infoAt);
  if (segment.size !== null) {
    const resized = encodeSize(segment.size + growth, segment.sizeLength);
    if (!resized) return null;
    prefix.set(resized, segment.sizeOffset);
  }
  return { replaces: infoEnd, bytes: concatBytes([prefix, info]) };
}

/**
 * How many bytes of the stream to keep: all of them, unless they end part way through an
 * element (a recorder that crashed mid-write), when the file ends at its last well-formed point
 * instead, so every player and decoder reads it to the end without error. A stream this parser
 * could not follow (`malformedAt`) is kept whole, as is one with no well-formed point at all:
 * cutting there could throw away media a player can still use.
 */
export function keptLength(result: WebmTimelineResult): number {
  if (result.malformedAt !== null || result.wellFormedEnd === 0) return result.bytesSeen;
  return Math.min(result.wellFormedEnd, result.bytesSeen);
}

export interface FinishedWebm {
  bytes: Uint8Array;
  durationMs: number | null;
  /** Bytes dropped from the end: the part of an element that was never finished. */
  droppedBytes: number;
}

/**
 * A whole WebM recording as Holdfast stores it: cut at its well-formed end and given the Duration
 * of what was kept. durable/assembly.ts does the same over chunks streamed from R2; this is the
 * in-memory form, for recordings that fit and for tests.
 */
export function finishWebm(bytes: Uint8Array): FinishedWebm {
  const timeline = new WebmTimeline();
  timeline.push(bytes);
  const result = timeline.result();
  const keep = keptLength(result);
  const durationMs = result.durationMs === null ? null : Math.round(result.durationMs);
  const patch = durationMs === null ? null : patchWebmDuration(bytes.subarray(0, Math.min(keep, 64 * 1024)), durationMs);
  const body = patch && patch.replaces <= keep ? concatBytes([patch.bytes, bytes.subarray(patch.replaces, keep)]) : bytes.slice(0, keep);
  return { bytes: body, durationMs, droppedBytes: bytes.length - keep };
}
