/**
 * Steps of the recordings' cleanup (RecordingStore.cleanUp in durable/recording.ts) that need
 * neither the manifest nor the segment locks: the store decides, under the lock, what to do;
 * these only talk to R2 or count.
 */
import type { ChunkRow, UploadRow } from './recording-db';

/** Aborts a multipart upload an assembly left behind; one R2 no longer knows is already gone. */
export async function abortUpload(bucket: R2Bucket, upload: UploadRow): Promise<void> {
  try {
    await bucket.resumeMultipartUpload(upload.objectKey, upload.uploadId).abort();
  } catch (err) {
    // R2 already dropped it (completed, aborted, or expired after 7 days): nothing left to abort.
    if (!/does not exist|NoSuchUpload/i.test(String(err))) throw err;
  }
}

/** How many chunks, from 0 on without a gap, arrived: the part of a segment that can be played. */
export function playableChunkCount(held: readonly ChunkRow[]): number {
  let playable = 0;
  while (held[playable]?.seq === playable) playable++;
  return playable;
}

/** Every chunk object in R2 under the session's prefix, by segment id. */
export async function chunkObjectsBySegment(bucket: R2Bucket, prefix: string): Promise<Map<string, { key: string; seq: number }[]>> {
  const bySegment = new Map<string, { key: string; seq: number }[]>();
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor });
    for (const object of page.objects) {
      const [segmentId, seqText] = object.key.slice(prefix.length).split('/');
      const seq = Number(seqText);
      if (!segmentId || !Number.isInteger(seq)) continue;
      bySegment.set(segmentId, [...(bySegment.get(segmentId) ?? []), { key: object.key, seq }]);
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return bySegment;
}
