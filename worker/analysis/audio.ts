/**
 * The audio track of a WebM recording as an audio-only WebM, so a video answer reaches the
 * transcriber without a single video frame: the header, Info, the audio TrackEntry, and each
 * Cluster's Timecode and audio blocks. Everything else (video blocks, SeekHead, Cues, Tags) is
 * left out. Works on the assembled object in memory (WebM as MediaRecorder writes it: Segment and
 * Clusters of unknown size).
 */
import { concatBytes, EbmlId, encodeId, encodeSizeShortest, readElementHeader, readUint, readVint, SEGMENT_CHILDREN } from '../media/ebml';

const TRACK_ENTRY = 0xae;
const TRACK_NUMBER = 0xd7;
const TRACK_TYPE = 0x83;
const AUDIO_TRACK_TYPE = 2;
const UNKNOWN_SIZE = Uint8Array.of(0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);

interface Element {
  id: number;
  start: number;
  dataStart: number;
  end: number;
}

/** The children of bytes[from, to): an unknown size runs to the next sibling of its level (or `to`). */
function children(bytes: Uint8Array, from: number, to: number, endsUnknown: ReadonlySet<number>): Element[] {
  const out: Element[] = [];
  let at = from;
  while (at < to) {
    const header = readElementHeader(bytes, at);
    if (header === null || header === 'invalid') break;
    const dataStart = at + header.headerLength;
    let end: number;
    if (header.size === null) {
      end = to;
      let scan = dataStart;
      while (scan < to) {
        const inner = readElementHeader(bytes, scan);
        if (inner === null || inner === 'invalid') break;
        if (endsUnknown.has(inner.id)) {
          end = scan;
          break;
        }
        if (inner.size === null) break;
        scan += inner.headerLength + inner.size;
      }
    } else {
      end = Math.min(to, dataStart + header.size);
    }
    out.push({ id: header.id, start: at, dataStart, end });
    if (end <= at) break;
    at = end;
  }
  return out;
}

const element = (id: number, body: Uint8Array) => concatBytes([encodeId(id), encodeSizeShortest(body.length), body]);

function uintChild(bytes: Uint8Array, parent: Element, id: number): number | null {
  const child = children(bytes, parent.dataStart, parent.end, new Set()).find((c) => c.id === id);
  return child ? readUint(bytes, child.dataStart, child.end - child.dataStart) : null;
}

function blockTrack(bytes: Uint8Array, at: number): number | null {
  const track = readVint(bytes, at, false);
  return track === null || track === 'invalid' ? null : track.value;
}

/** Null when the bytes hold no audio track (or are not WebM). */
export function audioOnly(bytes: Uint8Array): Uint8Array | null {
  const top = children(bytes, 0, bytes.length, new Set([EbmlId.EBML, EbmlId.Segment]));
  const ebml = top.find((e) => e.id === EbmlId.EBML);
  const segment = top.find((e) => e.id === EbmlId.Segment);
  if (!ebml || !segment) return null;
  const parts: Uint8Array[] = [];
  let audioTrack: number | null = null;
  for (const child of children(bytes, segment.dataStart, segment.end, SEGMENT_CHILDREN)) {
    if (child.id === EbmlId.Info) parts.push(bytes.subarray(child.start, child.end));
    else if (child.id === EbmlId.Tracks) {
      const entries = children(bytes, child.dataStart, child.end, new Set()).filter((e) => e.id === TRACK_ENTRY);
      const audio = entries.find((e) => uintChild(bytes, e, TRACK_TYPE) === AUDIO_TRACK_TYPE);
      if (!audio) return null;
      audioTrack = uintChild(bytes, audio, TRACK_NUMBER);
      parts.push(element(EbmlId.Tracks, bytes.subarray(audio.start, audio.end)));
    } else if (child.id === EbmlId.Cluster && audioTrack !== null) {
      const kept: Uint8Array[] = [];
      for (const c of children(bytes, child.dataStart, child.end, new Set([EbmlId.Cluster, ...SEGMENT_CHILDREN]))) {
        if (c.id === EbmlId.Timecode) kept.push(bytes.subarray(c.start, c.end));
        else if (c.id === EbmlId.SimpleBlock && blockTrack(bytes, c.dataStart) === audioTrack) kept.push(bytes.subarray(c.start, c.end));
        else if (c.id === EbmlId.BlockGroup) {
          const block = children(bytes, c.dataStart, c.end, new Set()).find((b) => b.id === EbmlId.Block);
          if (block && blockTrack(bytes, block.dataStart) === audioTrack) kept.push(bytes.subarray(c.start, c.end));
        }
      }
      parts.push(element(EbmlId.Cluster, concatBytes(kept)));
    }
  }
  if (audioTrack === null) return null;
  return concatBytes([bytes.subarray(ebml.start, ebml.end), encodeId(EbmlId.Segment), UNKNOWN_SIZE, ...parts]);
}
