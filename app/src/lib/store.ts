import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { CodeEvent } from '../../../worker/schemas/code';

/**
 * The device's local store. Everything a candidate produces lands here first and is uploaded
 * from here; an item leaves only after the server acknowledged it as durable.
 * Media is stored as ArrayBuffer, not Blob: some WebKit versions fail to store Blobs.
 */
type OutboxKind = 'answer' | 'recordingPiece' | 'recordingChunk' | 'finishSegment' | 'finishLater' | 'complete' | 'codeEvents';

export interface OutboxItem {
  /** Client-generated id; the server treats a repeat of it as the same write. */
  id: string;
  sessionId: string;
  kind: OutboxKind;
  /** Order of creation on this device; the uploader drains in this order. */
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  body: unknown;
  /** Bytes still to upload for this item (media), for the status line. */
  bytes: number;
  /** Set when the server refused the item for good; it is kept, never silently dropped. */
  failedWith?: { status: number; code: string; message: string };
}

/**
 * What is sent: one upload request's body, numbered within its segment as the server numbers it.
 * Since version 2 a chunk is several recorded pieces joined (see `recording-pieces.ts`).
 */
export interface RecordingChunk {
  segmentId: string;
  seq: number;
  sessionId: string;
  answerId: string;
  mimeType: string;
  data: ArrayBuffer;
  sha256: string;
  /** When it was recorded (a chunk: its last piece). */
  recordedAt: number;
  /** When its segment started recording (absent on chunks stored before version 2). */
  startedAt?: number;
}

/**
 * What is saved: one MediaRecorder timeslice (about 250 ms), written the moment it arrives, so a
 * dead device loses only the piece in memory. Pieces become upload chunks later, in order.
 */
export interface RecordingPiece extends Omit<RecordingChunk, 'sha256' | 'startedAt'> {
  startedAt: number;
  /** The outbox order stamp it was saved with; the chunk it joins keeps its first piece's. */
  order: number;
}

export interface LocalSession {
  sessionId: string;
  /** The link it was opened from (invite or public), so reopening the link finds it. */
  linkToken: string;
  email: string;
  interviewName: string;
  /** The device token that proves this device started (or was allowed into) the session. */
  deviceToken: string;
  /** The session as last seen from the server, so the app can show it offline. */
  snapshot: unknown;
  finishedLaterAt: number | null;
  completedAt: number | null;
  updatedAt: number;
}

/** An answer as the device knows it: submitted (queued for upload) or a recording in progress. */
export interface LocalAnswer {
  sessionId: string;
  questionId: string;
  state: 'recording' | 'submitted';
  value: unknown;
  /** For recorded answers: the take's segments in order, and attempts used. */
  segments: string[];
  attempts: number;
  savedAt: number;
}

/**
 * One event of a code question's log, numbered from 0 per question without gaps. Kept on the
 * device after the server acknowledged it (and after a deadline refused it): the log is small and
 * the candidate's work is never dropped here.
 */
export interface CodeEventRecord {
  sessionId: string;
  questionId: string;
  seq: number;
  event: CodeEvent;
}

/**
 * A code question's document on this device, written in the same transaction as each event. The
 * log starts at `baseSeq` from `baseDoc` (the starter code, or the server's draft a new device
 * resumed from); the server holds events up to `ackedSeq`, which make `ackedDoc`.
 */
export interface CodeDocRecord {
  sessionId: string;
  questionId: string;
  doc: string;
  nextSeq: number;
  baseSeq: number;
  baseDoc: string;
  ackedSeq: number;
  ackedDoc: string;
  /** Events the server refused because the deadline had passed (they stay here). */
  lateEvents: number;
  updatedAt: number;
}

export interface HoldfastDB extends DBSchema {
  outbox: { key: string; value: OutboxItem; indexes: { bySession: string; byCreatedAt: number } };
  recordingChunks: { key: [string, number]; value: RecordingChunk; indexes: { bySession: string; bySegment: string } };
  recordingPieces: { key: [string, number]; value: RecordingPiece; indexes: { bySegment: string } };
  sessions: { key: string; value: LocalSession; indexes: { byLink: string } };
  answers: { key: [string, string]; value: LocalAnswer; indexes: { bySession: string } };
  codeEvents: { key: [string, string, number]; value: CodeEventRecord };
  codeDocs: { key: [string, string]; value: CodeDocRecord };
}

const DB_NAME = 'holdfast';
export const DB_VERSION = 3;

export function openStore(name = DB_NAME): Promise<IDBPDatabase<HoldfastDB>> {
  return openDB<HoldfastDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      // Step by step: each version adds what it needs, so any older device upgrades in order.
      if (oldVersion < 1) {
        const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
        outbox.createIndex('bySession', 'sessionId');
        outbox.createIndex('byCreatedAt', 'createdAt');
        const chunks = db.createObjectStore('recordingChunks', { keyPath: ['segmentId', 'seq'] });
        chunks.createIndex('bySession', 'sessionId');
        chunks.createIndex('bySegment', 'segmentId');
        db.createObjectStore('sessions', { keyPath: 'sessionId' }).createIndex('byLink', 'linkToken');
        db.createObjectStore('answers', { keyPath: ['sessionId', 'questionId'] }).createIndex('bySession', 'sessionId');
      }
      if (oldVersion < 2) {
        // Saving (short pieces) is decoupled from sending (larger chunks): see recording-pieces.ts.
        db.createObjectStore('recordingPieces', { keyPath: ['segmentId', 'seq'] }).createIndex('bySegment', 'segmentId');
      }
      if (oldVersion < 3) {
        // Code answers: each question's event log, and its document beside it (app/src/lib/code-log.ts).
        db.createObjectStore('codeEvents', { keyPath: ['sessionId', 'questionId', 'seq'] });
        db.createObjectStore('codeDocs', { keyPath: ['sessionId', 'questionId'] });
      }
    },
  });
}

let lastOrder = 0;
/** A strictly increasing creation stamp: items made in the same millisecond keep their order. */
export function nextOrder(): number {
  lastOrder = Math.max(Date.now(), lastOrder + 0.001);
  return lastOrder;
}

/** Adds a write to the outbox durably before anything is sent. Adding the same id twice is a no-op. */
export async function enqueue(db: IDBPDatabase<HoldfastDB>, item: Omit<OutboxItem, 'attempts' | 'nextAttemptAt'>): Promise<void> {
  const tx = db.transaction('outbox', 'readwrite', { durability: 'strict' });
  const existing = await tx.store.get(item.id);
  if (!existing) await tx.store.put({ ...item, attempts: 0, nextAttemptAt: 0 });
  await tx.done;
}

/** Pending writes in the order they were made. */
export async function pending(db: IDBPDatabase<HoldfastDB>, sessionId?: string): Promise<OutboxItem[]> {
  const all = await db.getAllFromIndex('outbox', 'byCreatedAt');
  return sessionId ? all.filter((item) => item.sessionId === sessionId) : all;
}

/** Called only once the server acknowledged the write as durable. */
export async function acknowledge(db: IDBPDatabase<HoldfastDB>, id: string): Promise<void> {
  await db.delete('outbox', id);
}
