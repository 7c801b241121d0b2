/**
 * The recording manifest in the session object's SQLite: which chunks of which segment of which
 * answer it holds (size and SHA-256 each), each segment's state and, once assembled, its object
 * and true duration; and the multipart uploads it has open. Never media bytes: those live in R2.
 */
import type { FinishedRecording, HeldChunk, RecordingFlag, SegmentManifest, SegmentState } from '../worker/schemas/recording';

export interface SegmentRow {
  segmentId: string;
  answerId: string;
  mimeType: string;
  state: SegmentState;
  createdAt: number;
  lastActivityAt: number;
  chunkCount: number | null;
  claimedDurationMs: number | null;
  limitMs: number | null;
  objectKey: string | null;
  objectSize: number | null;
  durationMs: number | null;
  durationSource: 'media' | 'device' | null;
  flags: RecordingFlag[];
  finalizedAt: number | null;
}

interface SegmentRecord extends Record<string, SqlStorageValue> {
  segment_id: string;
  answer_id: string;
  mime_type: string;
  state: string;
  created_at: number;
  last_activity_at: number;
  chunk_count: number | null;
  claimed_duration_ms: number | null;
  limit_ms: number | null;
  object_key: string | null;
  object_size: number | null;
  duration_ms: number | null;
  duration_source: string | null;
  flags: string;
  finalized_at: number | null;
}

interface ChunkRecord extends Record<string, SqlStorageValue> {
  segment_id: string;
  seq: number;
  size: number;
  sha256: string;
  received_at: number;
}

export interface ChunkRow extends HeldChunk {
  receivedAt: number;
}

const toSegment = (r: SegmentRecord): SegmentRow => ({
  segmentId: r.segment_id,
  answerId: r.answer_id,
  mimeType: r.mime_type,
  state: r.state as SegmentState,
  createdAt: r.created_at,
  lastActivityAt: r.last_activity_at,
  chunkCount: r.chunk_count,
  claimedDurationMs: r.claimed_duration_ms,
  limitMs: r.limit_ms,
  objectKey: r.object_key,
  objectSize: r.object_size,
  durationMs: r.duration_ms,
  durationSource: r.duration_source as SegmentRow['durationSource'],
  flags: JSON.parse(r.flags) as RecordingFlag[],
  finalizedAt: r.finalized_at,
});

const toChunk = (r: ChunkRecord): ChunkRow => ({ seq: r.seq, size: r.size, sha256: r.sha256, receivedAt: r.received_at });

export function findSegment(sql: SqlStorage, segmentId: string): SegmentRow | null {
  const row = sql.exec<SegmentRecord>('SELECT * FROM recording_segments WHERE segment_id = ?', segmentId).toArray()[0];
  return row ? toSegment(row) : null;
}

export function listSegments(sql: SqlStorage, filter: { answerId?: string; state?: SegmentState } = {}): SegmentRow[] {
  return sql
    .exec<SegmentRecord>(
      `SELECT * FROM recording_segments
       WHERE (?1 IS NULL OR answer_id = ?1) AND (?2 IS NULL OR state = ?2)
       ORDER BY created_at, segment_id`,
      filter.answerId ?? null,
      filter.state ?? null,
    )
    .toArray()
    .map(toSegment);
}

export function findChunk(sql: SqlStorage, segmentId: string, seq: number): ChunkRow | null {
  const row = sql.exec<ChunkRecord>('SELECT * FROM recording_chunks WHERE segment_id = ? AND seq = ?', segmentId, seq).toArray()[0];
  return row ? toChunk(row) : null;
}

/** What a chunk's intake needs to know of its segment. */
export type SegmentIntake = Pick<SegmentRow, 'segmentId' | 'answerId' | 'mimeType' | 'state' | 'lastActivityAt'>;

/**
 * A segment and one of its chunks in one query, only the columns a chunk's intake reads: each
 * statement, and each column it turns into a value, has a cost of its own (`npm run bench`).
 */
export function findSegmentChunk(sql: SqlStorage, segmentId: string, seq: number): { segment: SegmentIntake | null; chunk: ChunkRow | null } {
  const row = sql
    .exec<{
      answer_id: string;
      mime_type: string;
      state: string;
      last_activity_at: number;
      chunk_size: number | null;
      chunk_sha256: string | null;
      chunk_received_at: number | null;
    }>(
      `SELECT s.answer_id, s.mime_type, s.state, s.last_activity_at, c.size AS chunk_size, c.sha256 AS chunk_sha256, c.received_at AS chunk_received_at
       FROM recording_segments s LEFT JOIN recording_chunks c ON c.segment_id = s.segment_id AND c.seq = ?2
       WHERE s.segment_id = ?1`,
      segmentId,
      seq,
    )
    .toArray()[0];
  if (!row) return { segment: null, chunk: null };
  const chunk =
    row.chunk_size === null || row.chunk_sha256 === null || row.chunk_received_at === null
      ? null
      : { seq, size: row.chunk_size, sha256: row.chunk_sha256, receivedAt: row.chunk_received_at };
  return { segment: { segmentId, answerId: row.answer_id, mimeType: row.mime_type, state: row.state as SegmentState, lastActivityAt: row.last_activity_at }, chunk };
}

export function listChunks(sql: SqlStorage, segmentId: string): ChunkRow[] {
  return sql.exec<ChunkRecord>('SELECT * FROM recording_chunks WHERE segment_id = ? ORDER BY seq', segmentId).toArray().map(toChunk);
}

/** Every byte of every chunk the session has taken in, whatever became of its segment. */
export function heldChunkBytes(sql: SqlStorage): number {
  return sql.exec<{ bytes: number }>('SELECT coalesce(sum(size), 0) AS bytes FROM recording_chunks').one().bytes;
}

export function insertSegment(sql: SqlStorage, s: { segmentId: string; answerId: string; mimeType: string; now: number }): void {
  sql.exec(
    `INSERT INTO recording_segments (segment_id, answer_id, mime_type, state, created_at, last_activity_at)
     VALUES (?, ?, ?, 'open', ?, ?)`,
    s.segmentId,
    s.answerId,
    s.mimeType,
    s.now,
    s.now,
  );
}

export function insertChunk(sql: SqlStorage, segmentId: string, chunk: ChunkRow): void {
  sql.exec('INSERT INTO recording_chunks (segment_id, seq, size, sha256, received_at) VALUES (?, ?, ?, ?, ?)', segmentId, chunk.seq, chunk.size, chunk.sha256, chunk.receivedAt);
}

export function touchSegment(sql: SqlStorage, segmentId: string, now: number): void {
  sql.exec('UPDATE recording_segments SET last_activity_at = ? WHERE segment_id = ?', now, segmentId);
}

export function markFinishing(
  sql: SqlStorage,
  segmentId: string,
  f: { chunkCount: number; claimedDurationMs: number | null; limitMs: number | null; flags: RecordingFlag[]; now: number },
): void {
  sql.exec(
    `UPDATE recording_segments SET state = 'finishing', chunk_count = ?, claimed_duration_ms = ?, limit_ms = ?, flags = ?,
       last_activity_at = ?
     WHERE segment_id = ?`,
    f.chunkCount,
    f.claimedDurationMs,
    f.limitMs,
    JSON.stringify(f.flags),
    f.now,
    segmentId,
  );
}

export function markFinalized(sql: SqlStorage, segmentId: string, f: { objectKey: string; recording: FinishedRecording }): void {
  const r = f.recording;
  sql.exec(
    `UPDATE recording_segments SET state = 'finalized', object_key = ?, object_size = ?, duration_ms = ?, duration_source = ?,
       flags = ?, finalized_at = ?, last_activity_at = ?
     WHERE segment_id = ?`,
    f.objectKey,
    r.size,
    r.durationMs,
    r.durationSource,
    JSON.stringify(r.flags),
    r.finalizedAt,
    r.finalizedAt,
    segmentId,
  );
}

export function markDiscarded(sql: SqlStorage, segmentId: string, now: number): void {
  sql.exec("UPDATE recording_segments SET state = 'discarded', last_activity_at = ? WHERE segment_id = ?", now, segmentId);
}

export function finishedRecording(segment: SegmentRow): FinishedRecording | null {
  if (segment.state !== 'finalized' || segment.objectSize === null || segment.durationMs === null || segment.finalizedAt === null) {
    return null;
  }
  return {
    size: segment.objectSize,
    durationMs: segment.durationMs,
    durationSource: segment.durationSource ?? 'device',
    claimedDurationMs: segment.claimedDurationMs,
    flags: segment.flags,
    finalizedAt: segment.finalizedAt,
  };
}

export function segmentManifest(sql: SqlStorage, segment: SegmentRow): SegmentManifest {
  return {
    answerId: segment.answerId,
    segmentId: segment.segmentId,
    mimeType: segment.mimeType,
    state: segment.state,
    chunks: listChunks(sql, segment.segmentId).map(({ seq, size, sha256 }) => ({ seq, size, sha256 })),
    chunkCount: segment.chunkCount,
    recording: finishedRecording(segment),
  };
}

/** The multipart uploads this object started and has not completed or aborted yet. */
export interface UploadRow {
  uploadId: string;
  segmentId: string;
  objectKey: string;
  startedAt: number;
}

export const uploadLedger = {
  started(sql: SqlStorage, u: UploadRow): void {
    sql.exec('INSERT INTO recording_uploads (upload_id, segment_id, object_key, started_at) VALUES (?, ?, ?, ?)', u.uploadId, u.segmentId, u.objectKey, u.startedAt);
  },
  partUploaded(sql: SqlStorage, uploadId: string, part: R2UploadedPart): void {
    sql.exec('INSERT OR REPLACE INTO recording_upload_parts (upload_id, part_number, etag) VALUES (?, ?, ?)', uploadId, part.partNumber, part.etag);
  },
  parts(sql: SqlStorage, uploadId: string): R2UploadedPart[] {
    return sql
      .exec<{ part_number: number; etag: string }>('SELECT part_number, etag FROM recording_upload_parts WHERE upload_id = ? ORDER BY part_number', uploadId)
      .toArray()
      .map((r) => ({ partNumber: r.part_number, etag: r.etag }));
  },
  ended(sql: SqlStorage, uploadId: string): void {
    sql.exec('DELETE FROM recording_upload_parts WHERE upload_id = ?', uploadId);
    sql.exec('DELETE FROM recording_uploads WHERE upload_id = ?', uploadId);
  },
  list(sql: SqlStorage): UploadRow[] {
    return sql
      .exec<{ upload_id: string; segment_id: string; object_key: string; started_at: number }>('SELECT * FROM recording_uploads ORDER BY started_at')
      .toArray()
      .map((r) => ({ uploadId: r.upload_id, segmentId: r.segment_id, objectKey: r.object_key, startedAt: r.started_at }));
  },
};
