/**
 * The candidate's answers and progress, kept in the session object's store (tables of object
 * migration 4, durable/migrations.ts). Every write is idempotent on its client id: a retry answers
 * what the first call answered, so a device that lost an acknowledgement can simply send again.
 */
import type { AnswerReceipt, AnswerValue, CandidateQuestion } from '../worker/schemas/candidate';
import type { CodeDraft } from '../worker/schemas/code';
import type { SnapshotQuestion } from '../worker/schemas/interviews';
import { countWords } from '../worker/schemas/limits';
import type { SessionState } from '../worker/state/session-states';
import { listSegments } from './recording-db';
import type { SessionStore } from './store';

/** A question as the session's copy of the interview holds it. */
type SessionQuestion = SnapshotQuestion;

export type AnswerResult =
  | { kind: 'stored'; receipt: AnswerReceipt }
  | { kind: 'invalid'; message: string }
  /** A recorded answer naming a segment the session does not hold complete: its chunks come first. */
  | { kind: 'recording_incomplete'; segmentIds: string[] }
  | { kind: 'unknown_question' }
  /** A program other than the document its uploaded events make: the events come first. */
  | { kind: 'code_draft_mismatch'; heldThrough: number }
  | { kind: 'already_answered' }
  | { kind: 'session_completed' }
  /** A take-home its deadline submitted: nothing reaching the server later is part of it. */
  | { kind: 'deadline_passed'; deadlineAt: number }
  | { kind: 'not_started' };

export type FinishLaterResult = { kind: 'recorded'; finishedLaterAt: number } | { kind: 'session_completed' } | { kind: 'not_started' };

export type CompleteResult = { kind: 'completed'; completedAt: number; status: SessionState } | { kind: 'unanswered'; questionIds: string[] } | { kind: 'not_started' };

export interface StoredAnswer {
  /** As checked: a choice is always a list of option ids. */
  value: AnswerValue;
  answeredAt: number;
}

/**
 * The candidate's writes. Each one that changes anything records that the summary changed
 * (`store.summaryChanged`); the object then mirrors it to D1 before answering the device.
 */
export class CandidateProgress {
  constructor(
    private readonly store: SessionStore,
    /** The latest draft the code log rebuilt for a question (durable/code.ts). */
    private readonly codeDraft: (questionId: string) => CodeDraft | null,
  ) {}

  answers(): Record<string, StoredAnswer> {
    const rows = this.store.sql.exec<{ question_id: string; value: string; answered_at: number }>('SELECT question_id, value, answered_at FROM answers').toArray();
    return Object.fromEntries(rows.map((r) => [r.question_id, { value: JSON.parse(r.value) as AnswerValue, answeredAt: r.answered_at }]));
  }

  answeredCount(): number {
    return this.store.sql.exec<{ n: number }>('SELECT count(*) AS n FROM answers').one().n;
  }

  /** Index of the first unanswered question; the number of questions when all are answered. */
  nextStep(): number {
    const questions = this.store.questions() ?? [];
    const answered = new Set(Object.keys(this.answers()));
    const index = questions.findIndex((q) => !answered.has(q.id));
    return index < 0 ? questions.length : index;
  }

  answer(clientId: string, questionId: string, value: AnswerValue, now = Date.now()): AnswerResult {
    const sql = this.store.sql;
    // This write's earlier row (a retry) and the question's (already answered), in one query,
    // and none at all when neither id was ever seen.
    const seen = this.answeredIds();
    const rows =
      seen.clientIds.has(clientId) || seen.questionIds.has(questionId)
        ? sql
            .exec<{ client_id: string; question_id: string; answered_at: number }>(
              'SELECT client_id, question_id, answered_at FROM answers WHERE client_id = ?1 OR question_id = ?2',
              clientId,
              questionId,
            )
            .toArray()
        : [];
    const earlier = rows.find((r) => r.client_id === clientId);
    if (earlier) return { kind: 'stored', receipt: { clientId, questionId: earlier.question_id, answeredAt: earlier.answered_at } };
    // One question's row, not the whole copy: this runs for every answer.
    if (!this.store.started()) return { kind: 'not_started' };
    if (this.store.completedAt() !== null) return { kind: 'session_completed' };
    const question = this.store.question(questionId);
    if (!question) return { kind: 'unknown_question' };
    const checked = checkAnswer(question, value);
    if (!checked.ok) return { kind: 'invalid', message: checked.message };
    if (rows.length > 0) return { kind: 'already_answered' };
    if (question.type === 'code') {
      // The answer is the end of the log, byte for byte, so playback ends on the submitted code.
      const draft = this.codeDraft(questionId);
      if (draft && draft.code !== (checked.value as { code: string }).code) return { kind: 'code_draft_mismatch', heldThrough: draft.heldThrough };
    }
    if (question.type === 'video' || question.type === 'audio') {
      // A recorded answer is acknowledged only once every segment it names is whole on the server.
      const states = new Map(listSegments(sql, { answerId: questionId }).map((s) => [s.segmentId, s.state]));
      const { segments } = (checked.value as { recording: { segments: string[] } }).recording;
      const incomplete = segments.filter((id) => !['finalized', 'finishing'].includes(states.get(id) ?? ''));
      if (incomplete.length > 0) return { kind: 'recording_incomplete', segmentIds: incomplete };
    }
    sql.exec('INSERT INTO answers (question_id, client_id, value, answered_at) VALUES (?, ?, ?, ?)', questionId, clientId, JSON.stringify(checked.value), now);
    seen.clientIds.add(clientId);
    seen.questionIds.add(questionId);
    this.store.summaryChanged();
    return { kind: 'stored', receipt: { clientId, questionId, answeredAt: now } };
  }

  finishLater(clientId: string, now = Date.now()): FinishLaterResult {
    const repeat = this.repeatOf<FinishLaterResult>(clientId);
    if (repeat) return repeat;
    if (!this.store.questions()) return { kind: 'not_started' };
    if (this.store.completedAt() !== null) return { kind: 'session_completed' };
    this.store.setMeta('finished_later_at', String(now));
    return this.remember(clientId, 'finish_later', { kind: 'recorded', finishedLaterAt: now }, now);
  }

  /**
   * Finishes the session. A one-way interview needs every answer; a take-home is submitted as it
   * stands: each code question's latest draft becomes its answer, and what is unanswered stays so.
   */
  complete(clientId: string, drafts: Record<string, CodeDraft>, now = Date.now()): CompleteResult {
    const repeat = this.repeatOf<CompleteResult>(clientId);
    if (repeat) return repeat;
    const copy = this.store.interviewCopy();
    if (!copy) return { kind: 'not_started' };
    const done = this.store.completedAt();
    const status = this.store.finishedState();
    if (done !== null) return this.remember(clientId, 'complete', { kind: 'completed', completedAt: done, status }, now);
    if (copy.format === 'take_home') {
      this.store.transaction(() => {
        this.adoptDrafts(drafts, now);
        this.store.setMeta('completed_at', String(now));
      });
      return this.remember(clientId, 'complete', { kind: 'completed', completedAt: now, status }, now);
    }
    const answered = new Set(Object.keys(this.answers()));
    const missing = copy.questions.filter((q) => !answered.has(q.id)).map((q) => q.id);
    // Not remembered: once the missing answers arrive, the same click may succeed.
    if (missing.length > 0) return { kind: 'unanswered', questionIds: missing };
    this.store.setMeta('completed_at', String(now));
    return this.remember(clientId, 'complete', { kind: 'completed', completedAt: now, status }, now);
  }

  /**
   * A take-home's deadline passed: it is submitted with what this object holds at this moment
   * (drafts become answers). Returns false when it was already finished.
   */
  finishAtDeadline(drafts: Record<string, CodeDraft>, deadlineAt: number): boolean {
    if (this.store.completedAt() !== null) return false;
    this.store.transaction(() => {
      this.adoptDrafts(drafts, deadlineAt);
      this.store.setMeta('completed_at', String(deadlineAt));
      this.store.setMeta('completed_by', 'deadline');
      this.store.summaryChanged();
    });
    return true;
  }

  /**
   * The client ids and question ids of the answers held, read once per instance (answers are
   * never deleted; erasing the store starts a new generation): most answers are new, and then
   * no query needs to look for an earlier one.
   */
  private answered: { generation: number; clientIds: Set<string>; questionIds: Set<string> } | null = null;

  private answeredIds(): { clientIds: Set<string>; questionIds: Set<string> } {
    if (this.answered?.generation !== this.store.generation) {
      const rows = this.store.sql.exec<{ client_id: string; question_id: string }>('SELECT client_id, question_id FROM answers').toArray();
      this.answered = { generation: this.store.generation, clientIds: new Set(rows.map((r) => r.client_id)), questionIds: new Set(rows.map((r) => r.question_id)) };
    }
    return this.answered;
  }

  /** Each code question with a draft and no answer is answered with its draft. */
  private adoptDrafts(drafts: Record<string, CodeDraft>, now: number): void {
    // Read again on the next answer (and after a rolled-back transaction).
    this.answered = null;
    const answered = new Set(Object.keys(this.answers()));
    for (const [questionId, draft] of Object.entries(drafts)) {
      if (answered.has(questionId)) continue;
      this.store.sql.exec(
        'INSERT INTO answers (question_id, client_id, value, answered_at) VALUES (?, ?, ?, ?)',
        questionId,
        `draft:${questionId}`,
        JSON.stringify({ code: draft.code }),
        now,
      );
    }
  }

  private repeatOf<T>(clientId: string): T | null {
    const row = this.store.sql.exec<{ result: string }>('SELECT result FROM candidate_writes WHERE client_id = ?', clientId).toArray()[0];
    // Written only by remember, from a result of this module.
    return row ? (JSON.parse(row.result) as T) : null;
  }

  private remember<T>(clientId: string, kind: string, result: T, now: number): T {
    this.store.sql.exec('INSERT INTO candidate_writes (client_id, kind, result, received_at) VALUES (?, ?, ?, ?)', clientId, kind, JSON.stringify(result), now);
    this.store.summaryChanged();
    return result;
  }
}

type Checked = { ok: true; value: AnswerValue } | { ok: false; message: string };

const refuse = (message: string): Checked => ({ ok: false, message });

/** Whether a value answers this question, and the value as stored (a single choice becomes a list). */
function checkAnswer(question: SessionQuestion, value: AnswerValue): Checked {
  switch (question.type) {
    case 'video':
    case 'audio':
      return typeof value === 'object' && !Array.isArray(value) && 'recording' in value
        ? { ok: true, value }
        : refuse(`A ${question.type} question is answered with its recording: { recording: { segments: [...] } }.`);
    case 'text': {
      if (typeof value !== 'string') return refuse('A text question is answered with text.');
      const words = countWords(value);
      if (words === 0) return refuse('The answer is empty.');
      if (question.wordLimit !== null && words > question.wordLimit) {
        return refuse(`The answer has ${words} words; at most ${question.wordLimit} are allowed.`);
      }
      return { ok: true, value };
    }
    case 'choice': {
      const chosen = typeof value === 'string' ? [value] : Array.isArray(value) ? value : null;
      if (!chosen) return refuse('A choice question is answered with the id of an option (or a list of ids).');
      const ids = new Set(question.options.map((o) => o.id));
      const unknown = chosen.find((id) => !ids.has(id));
      if (unknown !== undefined) return refuse(`"${unknown}" is not one of the question's options.`);
      if (new Set(chosen).size !== chosen.length) return refuse('An option is chosen twice.');
      if (question.mode === 'single' && chosen.length !== 1) return refuse('Choose exactly one option.');
      return { ok: true, value: chosen };
    }
    case 'scale': {
      if (typeof value !== 'object' || Array.isArray(value) || 'recording' in value || 'code' in value) {
        return refuse('A scale question is answered with a step for each item: { [itemId]: step }.');
      }
      const steps = value as Record<string, number>;
      const items = new Set(question.items.map((i) => i.id));
      const stray = Object.keys(steps).find((id) => !items.has(id));
      if (stray !== undefined) return refuse(`"${stray}" is not one of the question's items.`);
      const missing = question.items.find((i) => steps[i.id] === undefined);
      if (missing) return refuse(`Item "${missing.id}" has no answer.`);
      const outside = Object.entries(steps).find(([, step]) => step < 1 || step > question.steps);
      if (outside) return refuse(`Item "${outside[0]}" must be a step from 1 to ${question.steps}.`);
      return { ok: true, value: steps };
    }
    case 'code':
      return typeof value === 'object' && !Array.isArray(value) && 'code' in value ? { ok: true, value } : refuse('A code question is answered with the program: { code: "..." }.');
    default:
      return question satisfies never;
  }
}

/**
 * A question as the candidate's device may see it: without correct options and points, scoring
 * keys of scale items, hidden tests, tags and what a good answer covers.
 */
function questionForCandidate(full: SessionQuestion): CandidateQuestion {
  // Tags are the recruiter's own filing, and what a good answer covers is the reviewer's rubric.
  const { tags: _tags, goodAnswer: _goodAnswer, ...question } = full;
  switch (question.type) {
    case 'choice': {
      const { correctOptionIds: _correct, points: _points, ...visible } = question;
      return visible;
    }
    case 'scale':
      return { ...question, items: question.items.map(({ id, statement }) => ({ id, statement })) };
    case 'code':
      return { ...question, tests: question.tests.filter((test) => !test.hidden) };
    default:
      return question;
  }
}

export type CandidateView =
  | {
      kind: 'ready';
      interview: { name: string; format: string; intro: string; closing: string };
      questions: CandidateQuestion[];
      answers: Record<string, StoredAnswer>;
      nextStep: number;
      finishedLaterAt: number | null;
      /** The latest draft the server holds of each code question, for a new device to resume from. */
      codeDrafts: Record<string, CodeDraft>;
      startedAt: number;
      deadlineAt: number | null;
    }
  | { kind: 'not_started' };

/** What the candidate's device is shown of the session's copy of the interview and its progress. */
export function candidateViewOf(store: SessionStore, progress: CandidateProgress, codeDrafts: Record<string, CodeDraft>): CandidateView {
  const copy = store.interviewCopy();
  if (!copy) return { kind: 'not_started' };
  return {
    kind: 'ready',
    interview: { name: copy.name, format: copy.format, intro: copy.intro, closing: copy.closing },
    questions: copy.questions.map(questionForCandidate),
    answers: progress.answers(),
    nextStep: progress.nextStep(),
    finishedLaterAt: store.finishedLaterAt(),
    codeDrafts,
    startedAt: store.startedAt() ?? 0,
    deadlineAt: store.deadlineAt(),
  };
}
