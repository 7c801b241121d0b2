/**
 * Turns a complete segment's chunk objects into ONE playable object in R2.
 *
 * The object is the chunks' bytes in order, except that a WebM header gets its Duration, so it
 * plays and seeks like any file and reports its true length. Two passes over the chunks:
 * the first checks every chunk against the SHA-256 recorded when it arrived and measures the
 * duration from the media (the Duration goes at the start, and R2 takes metadata only when an
 * upload starts); the second writes the object.
 *
 * R2's multipart rules shape the second pass: every part but the last has the same size, of at
 * least 5 MiB, and at most 10,000 parts. Chunks are any size, so the bytes are repacked into
 * fixed parts rather than sent one part per chunk. A segment that fits in one part is written
 * with a single put. The Workers binding cannot list an upload's parts, so each part's etag
 * is recorded as it lands, and every upload started is recorded so the alarm can abort it if
 * this object dies before completing it.
 */
import { concatBytes } from '../worker/media/ebml';
import { type HeaderPatch, keptLength, patchWebmDuration, WebmTimeline } from '../worker/media/webm';

const MiB = 1024 * 1024;
const MIN_PART_BYTES = 5 * MiB;
const MAX_PARTS = 10_000;
/** Info sits in the first few hundred bytes of a MediaRecorder header; this is ample. */
const HEAD_BYTES = 64 * 1024;

interface ChunkObject {
  key: string;
  size: number;
  sha256: string;
}

export interface AssemblyPlan {
  objectKey: string;
  mimeType: string;
  chunks: ChunkObject[];
  /** Custom metadata for the object, once the media's own duration is known (null: unmeasured). */
  metadata: (measuredDurationMs: number | null) => Record<string, string>;
}

export interface UploadJournal {
  started(uploadId: string): void;
  partUploaded(uploadId: string, part: R2UploadedPart): void;
  ended(uploadId: string): void;
}

export interface AssembledObject {
  size: number;
  measuredDurationMs: number | null;
  durationPatched: boolean;
}

class ChunkUnreadableError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`Recording chunk ${key} ${reason}`);
  }
}

export async function assembleSegment(bucket: R2Bucket, plan: AssemblyPlan, journal: UploadJournal): Promise<AssembledObject> {
  const isWebm = /^(audio|video)\/webm\b/i.test(plan.mimeType);
  const timeline = isWebm ? new WebmTimeline() : null;
  const chunkBytesTotal = plan.chunks.reduce((n, c) => n + c.size, 0);
  const keepInMemory = chunkBytesTotal <= MIN_PART_BYTES;
  const kept: Uint8Array[] = [];
  const head: Uint8Array[] = [];
  let headLength = 0;

  for (const chunk of plan.chunks) {
    const bytes = await readChunk(bucket, chunk);
    timeline?.push(bytes);
    if (keepInMemory) kept.push(bytes);
    if (headLength < HEAD_BYTES) {
      head.push(bytes.subarray(0, HEAD_BYTES - headLength));
      headLength += Math.min(bytes.length, HEAD_BYTES - headLength);
    }
  }

  const measuredTimeline = timeline?.result() ?? null;
  const measured = measuredTimeline?.durationMs ?? null;
  const measuredDurationMs = measured === null ? null : Math.round(measured);
  // A recorder that crashed leaves its last element half written: the object ends on the last
  // complete block instead, and the Duration written is that of what was kept.
  const keep = measuredTimeline ? Math.min(chunkBytesTotal, keptLength(measuredTimeline)) : chunkBytesTotal;
  const headPatch = measuredDurationMs === null ? null : patchWebmDuration(concatBytes(head), measuredDurationMs);
  const patch = headPatch && headPatch.replaces <= keep ? headPatch : null;
  const size = keep + (patch ? patch.bytes.length - patch.replaces : 0);
  const options = {
    httpMetadata: { contentType: plan.mimeType.replace(/;.*/s, '').trim().toLowerCase() },
    customMetadata: plan.metadata(measuredDurationMs),
  };

  if (keepInMemory) {
    const body: Uint8Array[] = [];
    for await (const piece of patched(kept, patch, keep)) body.push(piece);
    await bucket.put(plan.objectKey, concatBytes(body), options);
  } else {
    await uploadInParts(bucket, plan, options, size, patch, keep, journal);
  }
  return { size, measuredDurationMs, durationPatched: patch !== null };
}

async function uploadInParts(
  bucket: R2Bucket,
  plan: AssemblyPlan,
  options: R2MultipartOptions,
  size: number,
  patch: HeaderPatch | null,
  keep: number,
  journal: UploadJournal,
): Promise<void> {
  const partBytes = Math.max(MIN_PART_BYTES, Math.ceil(size / MAX_PARTS / MiB) * MiB);
  const upload = await bucket.createMultipartUpload(plan.objectKey, options);
  journal.started(upload.uploadId);
  try {
    const parts: R2UploadedPart[] = [];
    const part = new Uint8Array(partBytes);
    let filled = 0;
    const send = async (bytes: Uint8Array) => {
      const uploaded = await upload.uploadPart(parts.length + 1, bytes);
      journal.partUploaded(upload.uploadId, uploaded);
      parts.push(uploaded);
    };
    for await (const piece of patchedStream(bucket, plan.chunks, patch, keep)) {
      for (let at = 0; at < piece.length; ) {
        const n = Math.min(partBytes - filled, piece.length - at);
        part.set(piece.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === partBytes) {
          await send(part);
          filled = 0;
        }
      }
    }
    if (filled > 0) await send(part.subarray(0, filled));
    await upload.complete(parts);
    journal.ended(upload.uploadId);
  } catch (err) {
    // Abort now if R2 lets us; if not, the recorded upload is aborted by the alarm.
    await upload.abort().then(
      () => journal.ended(upload.uploadId),
      () => undefined,
    );
    throw err;
  }
}

async function* patchedStream(bucket: R2Bucket, chunks: ChunkObject[], patch: HeaderPatch | null, keep: number): AsyncGenerator<Uint8Array> {
  async function* read() {
    let seen = 0;
    // Chunks wholly past the cut are not even read.
    for (const chunk of chunks) {
      if (seen >= keep) return;
      seen += chunk.size;
      yield await readChunk(bucket, chunk);
    }
  }
  yield* patched(read(), patch, keep);
}

/**
 * The first `keep` bytes of the pieces, except that the header's first `patch.replaces` bytes
 * become the patch.
 */
async function* patched(pieces: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, patch: HeaderPatch | null, keep: number): AsyncGenerator<Uint8Array> {
  let drop = patch ? patch.replaces : 0;
  let left = keep - drop;
  if (patch) yield patch.bytes;
  for await (const piece of pieces) {
    const n = Math.min(drop, piece.length);
    drop -= n;
    const take = Math.min(left, piece.length - n);
    left -= take;
    if (take > 0) yield piece.subarray(n, n + take);
    if (left === 0 && drop === 0) return;
  }
}

async function readChunk(bucket: R2Bucket, chunk: ChunkObject): Promise<Uint8Array> {
  const object = await bucket.get(chunk.key);
  if (!object) throw new ChunkUnreadableError(chunk.key, 'is missing from R2');
  const bytes = new Uint8Array(await object.arrayBuffer());
  if (bytes.length !== chunk.size || (await sha256Hex(bytes)) !== chunk.sha256) {
    throw new ChunkUnreadableError(chunk.key, 'in R2 does not match the SHA-256 recorded when it arrived');
  }
  return bytes;
}

export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
