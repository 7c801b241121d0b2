/**
 * Code answers' event logs and drafts, kept in the session object's store (tables of object
 * migration 8, durable/migrations.ts). The device numbers each question's events from 0 without
 * gaps and sends them in batches with the document after the last one; this object rebuilds the
 * document from the starter code and the changes itself, and stores a batch only when that
 * rebuild equals the device's document. So the latest draft, the log's end and the answer the
 * device submits are one text, and a reviewer's playback ends on exactly the submitted code.
 */
import {
  applyChangeJson,
  type CodeDraft,
  type CodeEvent,
  type CodeEventsReceipt,
  type CodeEventsRequest,
  type CodeTimeline,
  MAX_CODE_EVENT_BYTES_PER_SESSION,
  MAX_CODE_EVENTS_PER_SESSION,
  normalizeNewlines,
} from '../worker/schemas/code';
import type { SnapshotQuestion } from '../worker/schemas/interviews';
import type { SessionStore } from './store';

export type CodeEventsResult =
  | { kind: 'stored'; receipt: CodeEventsReceipt }
  | { kind: 'gap'; expected: number }
  | { kind: 'not_a_code_question' }
  | { kind: 'not_started' }
  | { kind: 'session_completed' }
  | { kind: 'deadline_passed'; deadlineAt: number; heldThrough: number }
  | { kind: 'log_full'; message: string }
  | { kind: 'invalid_change'; message: string };

type CodeQuestion = Extract<SnapshotQuestion, { type: 'code' }>;

interface DraftRow {
  code: string;
  held_through: number;
  event_bytes: number;
}

export class CodeLog {
  constructor(private readonly store: SessionStore) {}

  private codeQuestion(questionId: string): CodeQuestion | null {
    const question = this.store.question(questionId);
    return question?.type === 'code' ? question : null;
  }

  private draftRow(questionId: string): DraftRow | null {
    return (
      this.store.sql.exec<DraftRow & Record<string, SqlStorageValue>>('SELECT code, held_through, event_bytes FROM code_drafts WHERE question_id = ?', questionId).toArray()[0] ??
      null
    );
  }

  /**
   * Stores a batch of one question's events. Events already held are skipped (a repeated batch
   * answers the same receipt); a batch starting past what is held is a gap, answered with the
   * sequence expected so the device sends from there. `deadlinePassed` says the session was
   * submitted by its deadline: new work is then refused, and counted for the reviewer.
   */
  append(questionId: string, request: CodeEventsRequest, completion: { completed: boolean; deadlineAt: number | null; byDeadline: boolean }, now = Date.now()): CodeEventsResult {
    if (!this.store.started()) return { kind: 'not_started' };
    const question = this.codeQuestion(questionId);
    if (!question) return { kind: 'not_a_code_question' };
    const draft = this.draftRow(questionId);
    const held = draft?.held_through ?? 0;
    if (request.fromSeq > held) return { kind: 'gap', expected: held };
    const fresh = request.events.slice(held - request.fromSeq);
    if (fresh.length === 0) return { kind: 'stored', receipt: { heldThrough: held } };
    if (completion.completed) {
      if (!completion.byDeadline || completion.deadlineAt === null) return { kind: 'session_completed' };
      this.recordLate(questionId, fresh.length, now);
      return { kind: 'deadline_passed', deadlineAt: completion.deadlineAt, heldThrough: held };
    }

    const rows = fresh.map((event) => JSON.stringify(event));
    const bytes = rows.reduce((n, row) => n + row.length, 0);
    const totals = this.totals();
    if (totals.events + fresh.length > MAX_CODE_EVENTS_PER_SESSION || totals.bytes + bytes > MAX_CODE_EVENT_BYTES_PER_SESSION) {
      return {
        kind: 'log_full',
        message: `This session's code history is full (at most ${MAX_CODE_EVENTS_PER_SESSION} events and ${MAX_CODE_EVENT_BYTES_PER_SESSION / (1024 * 1024)} MiB); the code already saved is kept.`,
      };
    }

    let code = draft?.code ?? normalizeNewlines(question.starterCode);
    for (const [i, event] of fresh.entries()) {
      if (event.k !== 'change') continue;
      const next = applyChangeJson(code, event.changes);
      if (next === null) return { kind: 'invalid_change', message: `Event ${held + i} does not apply to the document the earlier events make.` };
      code = next;
    }
    if (code !== request.code) {
      return { kind: 'invalid_change', message: `The document after event ${held + fresh.length - 1} is not the one these events make; nothing of this batch was stored.` };
    }

    this.store.transaction(() => {
      rows.forEach((row, i) => {
        this.store.sql.exec('INSERT INTO code_events (question_id, seq, event, received_at) VALUES (?, ?, ?, ?)', questionId, held + i, row, now);
      });
      this.store.sql.exec(
        `INSERT INTO code_drafts (question_id, code, held_through, event_bytes, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (question_id) DO UPDATE SET code = ?2, held_through = ?3, event_bytes = event_bytes + ?4, updated_at = ?5`,
        questionId,
        code,
        held + fresh.length,
        bytes,
        now,
      );
    });
    return { kind: 'stored', receipt: { heldThrough: held + fresh.length } };
  }

  private totals(): { events: number; bytes: number } {
    const row = this.store.sql.exec<{ events: number | null; bytes: number | null }>('SELECT sum(held_through) AS events, sum(event_bytes) AS bytes FROM code_drafts').one();
    return { events: row.events ?? 0, bytes: row.bytes ?? 0 };
  }

  private recordLate(questionId: string, events: number, now: number): void {
    this.store.sql.exec(
      `INSERT INTO code_late (question_id, batches, events, last_at) VALUES (?1, 1, ?2, ?3)
       ON CONFLICT (question_id) DO UPDATE SET batches = batches + 1, events = events + ?2, last_at = ?3`,
      questionId,
      events,
      now,
    );
  }

  /** The latest draft of every code question that has one: a resuming device starts from it. */
  drafts(): Record<string, CodeDraft> {
    const rows = this.store.sql.exec<{ question_id: string; code: string; held_through: number }>('SELECT question_id, code, held_through FROM code_drafts').toArray();
    return Object.fromEntries(rows.map((r) => [r.question_id, { code: r.code, heldThrough: r.held_through }]));
  }

  draft(questionId: string): CodeDraft | null {
    const row = this.draftRow(questionId);
    return row ? { code: row.code, heldThrough: row.held_through } : null;
  }

  /** Everything a reviewer's playback needs of one code question; null for any other question. */
  timeline(questionId: string, submittedCode: string | null): CodeTimeline | null {
    const question = this.codeQuestion(questionId);
    if (!question) return null;
    const events = this.store.sql
      .exec<{ seq: number; event: string; received_at: number }>('SELECT seq, event, received_at FROM code_events WHERE question_id = ? ORDER BY seq', questionId)
      .toArray()
      // Written only by `append`, from events the route validated against the contract.
      .map((row) => ({ ...(JSON.parse(row.event) as CodeEvent), seq: row.seq, receivedAt: row.received_at }));
    const late = this.store.sql
      .exec<{ batches: number; events: number; last_at: number }>('SELECT batches, events, last_at FROM code_late WHERE question_id = ?', questionId)
      .toArray()[0];
    const starterCode = normalizeNewlines(question.starterCode);
    return {
      questionId,
      language: question.language,
      starterCode,
      events,
      finalCode: submittedCode ?? this.draft(questionId)?.code ?? starterCode,
      lateRefused: late ? { batches: late.batches, events: late.events, lastAt: late.last_at } : null,
    };
  }
}
