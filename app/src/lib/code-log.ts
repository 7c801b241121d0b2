/**
 * A code question's event log on the device. Every change, run, paste and focus change is
 * written to IndexedDB with the document it leaves, in one transaction, the moment it happens;
 * the question's one outbox item then sends the events the server lacks in batches of at most
 * MAX_EVENTS_PER_BATCH, each with the document after its last event, idempotent by sequence
 * number. Loaded only by code questions and by the uploader when it meets a code item, so an
 * interview without code never loads it.
 */
import type { IDBPDatabase } from 'idb';
import { applyChangeJson, type CodeDraft, type CodeEvent, MAX_CODE_EVENTS_BODY_BYTES, MAX_EVENTS_PER_BATCH, normalizeNewlines } from '../../../worker/schemas/code';
import { ApiError, deviceApi, read } from './api';
import { type CodeDocRecord, type CodeEventRecord, type HoldfastDB, nextOrder } from './store';

const outboxId = (sessionId: string, questionId: string) => `codeEvents:${sessionId}:${questionId}`;

/**
 * The events of one request: at most MAX_EVENTS_PER_BATCH, and within half the route's body limit
 * (the document travels beside them), so a run of large pastes is split rather than refused.
 */
function fitBatch(records: CodeEventRecord[]): CodeEventRecord[] {
  let bytes = 0;
  const batch: CodeEventRecord[] = [];
  for (const record of records) {
    bytes += JSON.stringify(record.event).length;
    if (batch.length > 0 && bytes > MAX_CODE_EVENTS_BODY_BYTES / 2) break;
    batch.push(record);
  }
  return batch;
}

/**
 * The document to open a code question with, creating its record the first time: this device's
 * own document when it has one at least as recent as the server's draft; otherwise the server's
 * draft (another device wrote more), or the starter code.
 */
export async function openCodeDoc(
  db: IDBPDatabase<HoldfastDB>,
  sessionId: string,
  questionId: string,
  starterCode: string,
  serverDraft: CodeDraft | undefined,
): Promise<CodeDocRecord> {
  const tx = db.transaction(['codeDocs', 'outbox'], 'readwrite', { durability: 'strict' });
  const local = await tx.objectStore('codeDocs').get([sessionId, questionId]);
  if (local && (!serverDraft || serverDraft.heldThrough <= local.ackedSeq || serverDraft.heldThrough <= local.nextSeq)) {
    await tx.done;
    return local;
  }
  const base = serverDraft ? { seq: serverDraft.heldThrough, doc: serverDraft.code } : { seq: 0, doc: normalizeNewlines(starterCode) };
  const record: CodeDocRecord = {
    sessionId,
    questionId,
    doc: base.doc,
    nextSeq: base.seq,
    baseSeq: base.seq,
    baseDoc: base.doc,
    ackedSeq: base.seq,
    ackedDoc: base.doc,
    lateEvents: 0,
    updatedAt: Date.now(),
  };
  await tx.objectStore('codeDocs').put(record);
  // Events this device had not sent are superseded by the server's newer draft.
  if (local) await tx.objectStore('outbox').delete(outboxId(sessionId, questionId));
  await tx.done;
  return record;
}

/**
 * Appends one event (and, for a change, the document it makes) and makes sure the question's
 * outbox item exists, all in one transaction: once this resolves, the event survives a crash.
 * Calls for one question must not overlap (the editor's events are serialized by the caller).
 */
export async function recordCodeEvent(db: IDBPDatabase<HoldfastDB>, sessionId: string, questionId: string, event: CodeEvent, doc?: string): Promise<number> {
  const tx = db.transaction(['codeDocs', 'codeEvents', 'outbox'], 'readwrite', { durability: 'strict' });
  const docs = tx.objectStore('codeDocs');
  const current = await docs.get([sessionId, questionId]);
  if (!current) throw new Error(`No document for code question ${questionId}: open it first`);
  const seq = current.nextSeq;
  await tx.objectStore('codeEvents').put({ sessionId, questionId, seq, event });
  await docs.put({ ...current, doc: doc ?? current.doc, nextSeq: seq + 1, updatedAt: Date.now() });
  const outbox = tx.objectStore('outbox');
  const id = outboxId(sessionId, questionId);
  if (!(await outbox.get(id))) {
    await outbox.put({ id, sessionId, kind: 'codeEvents', createdAt: nextOrder(), attempts: 0, nextAttemptAt: 0, body: { questionId }, bytes: 0 });
  }
  await tx.done;
  return seq;
}

async function eventsFrom(db: IDBPDatabase<HoldfastDB>, sessionId: string, questionId: string, from: number, count: number): Promise<CodeEventRecord[]> {
  return db.getAll('codeEvents', IDBKeyRange.bound([sessionId, questionId, from], [sessionId, questionId, from + count - 1]));
}

/** The document after events `baseSeq .. seq - 1`, replayed from the record's base. */
async function docAt(db: IDBPDatabase<HoldfastDB>, record: CodeDocRecord, seq: number): Promise<string | null> {
  if (seq === record.ackedSeq) return record.ackedDoc;
  if (seq > record.nextSeq) return null;
  const from = seq >= record.ackedSeq ? { seq: record.ackedSeq, doc: record.ackedDoc } : { seq: record.baseSeq, doc: record.baseDoc };
  if (seq < from.seq) return null;
  let doc: string | null = from.doc;
  for (const { event } of await eventsFrom(db, record.sessionId, record.questionId, from.seq, seq - from.seq)) {
    if (event.k === 'change') doc = applyChangeJson(doc, event.changes);
    if (doc === null) return null;
  }
  return doc;
}

/** What the server answered about a question's log, for the uploader. */
export type CodeUploadOutcome = 'done' | 'late';

/**
 * Sends every event of the question the server lacks, batch after batch, and removes the outbox
 * item once nothing is left (in the same transaction that checks, so an event recorded meanwhile
 * keeps it). A gap (the server holds fewer or more than this device thought) restarts from the
 * sequence the server names. `late`: the deadline passed; the events stay on the device.
 */
export async function sendCodeEvents(db: IDBPDatabase<HoldfastDB>, sessionId: string, questionId: string, token: string): Promise<CodeUploadOutcome> {
  const route = deviceApi(token).api.candidate.code[':questionId'].events;
  for (let resyncs = 0; ; ) {
    const record = await db.get('codeDocs', [sessionId, questionId]);
    if (!record) return 'done';
    if (record.ackedSeq >= record.nextSeq) {
      const tx = db.transaction(['codeDocs', 'outbox'], 'readwrite', { durability: 'strict' });
      const latest = await tx.objectStore('codeDocs').get([sessionId, questionId]);
      const finished = !latest || latest.ackedSeq >= latest.nextSeq;
      if (finished) await tx.objectStore('outbox').delete(outboxId(sessionId, questionId));
      await tx.done;
      if (finished) return 'done';
      continue;
    }
    const batch = fitBatch(await eventsFrom(db, sessionId, questionId, record.ackedSeq, Math.min(MAX_EVENTS_PER_BATCH, record.nextSeq - record.ackedSeq)));
    let code: string | null = record.ackedDoc;
    for (const { event } of batch) if (event.k === 'change' && code !== null) code = applyChangeJson(code, event.changes);
    if (code === null) throw new Error(`The saved changes of code question ${questionId} do not apply to its document`);
    try {
      const { receipt } = await read(
        route.$post({ param: { questionId: encodeURIComponent(questionId) }, json: { fromSeq: record.ackedSeq, events: batch.map((r) => r.event), code } }),
      );
      const held = receipt.heldThrough;
      const ackedDoc = held === record.ackedSeq + batch.length ? code : await docAt(db, record, held);
      if (ackedDoc === null) throw new Error(`The server holds ${held} events of code question ${questionId}, more than this device has`);
      await updateDoc(db, sessionId, questionId, { ackedSeq: held, ackedDoc });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 409) throw err;
      if (err.code === 'deadline_passed' || err.code === 'session_completed') {
        await updateDoc(db, sessionId, questionId, { lateEvents: record.nextSeq - record.ackedSeq });
        await db.delete('outbox', outboxId(sessionId, questionId));
        return 'late';
      }
      const expected = Number(err.fields.expected);
      if (err.code !== 'code_events_gap' || !Number.isInteger(expected) || ++resyncs > 3) throw err;
      const ackedDoc = await docAt(db, record, expected);
      if (ackedDoc === null) throw err;
      await updateDoc(db, sessionId, questionId, { ackedSeq: expected, ackedDoc });
    }
  }
}

async function updateDoc(db: IDBPDatabase<HoldfastDB>, sessionId: string, questionId: string, change: Partial<CodeDocRecord>): Promise<void> {
  const tx = db.transaction('codeDocs', 'readwrite', { durability: 'strict' });
  const current = await tx.store.get([sessionId, questionId]);
  if (current) await tx.store.put({ ...current, ...change });
  await tx.done;
}
