/**
 * The session object's one store: its SQLite, laid down by the one migration list
 * (durable/migrations.ts), and the rows every part shares: meta, the session's identity, its
 * copy of the interview, the summary's version, and the named alarms. The parts (answers,
 * recordings, live presence) receive this store and keep their own tables' queries beside them.
 */
import type { InterviewSnapshot, SnapshotQuestion } from '../worker/schemas/interviews';
import { FINISHED_STATE, type SessionState } from '../worker/state/session-states';
import { AlarmScheduler } from './alarms';
import { migrate } from './migrations';

export interface SessionIdentity {
  sessionId: string;
  orgId: string;
}

/** The object's named alarms (durable/alarms.ts): they share its one real alarm. */
export type SessionAlarm = 'summaryMirror' | 'recordingCleanup' | 'liveSilence' | 'takeHomeDeadline' | 'codeScoreMirror' | 'padIdle' | 'analysis';

export type StartResult = { kind: 'started' | 'already_started'; interviewId: string; version: number; questionCount: number; startedAt: number } | { kind: 'session_not_found' };

type SnapshotHeader = Omit<InterviewSnapshot, 'questions'>;

export class SessionStore {
  readonly sql: SqlStorage;
  readonly alarms: AlarmScheduler<SessionAlarm>;
  /**
   * What never changes once written, kept in memory after its first read: the identity, the
   * interview copy (with its questions by id) and the devices admitted. Every write from a device
   * needs the first and the last, and every chunk a question and the copy's byte cap; reading and
   * parsing them from SQLite on each request was a measurable part of the object's time. Only
   * `erase` removes them, and it forgets them too.
   */
  /** Counts `erase` calls, so a part keeping its own rows in memory (durable/live.ts) can tell them gone. */
  generation = 0;
  private known: { identity?: SessionIdentity; copy?: InterviewSnapshot; questionsById?: Map<string, SnapshotQuestion>; devices: Set<string> } = {
    devices: new Set(),
  };
  /**
   * The meta rows read or written so far (null: known to be absent). Only this store writes
   * them, through setMeta and deleteMeta, so the copy stays true; a transaction that fails drops
   * it (its writes were rolled back) and the next read asks SQLite again. Each answer read and
   * wrote about eight meta rows (the deadline, completion, the summary's version and flag): a
   * measurable share of the object's time on the write paths (`npm run bench`).
   */
  private metaRows = new Map<string, string | null>();

  constructor(private readonly storage: DurableObjectStorage) {
    this.sql = storage.sql;
    this.alarms = new AlarmScheduler<SessionAlarm>(storage);
  }

  /** Brings the schema up to date; the object runs it with its input gate closed. */
  migrate(): Promise<void> {
    return migrate(this.sql);
  }

  /** Runs `work` as one SQLite transaction: all of its writes land, or none. */
  transaction<T>(work: () => T): T {
    try {
      return this.storage.transactionSync(work);
    } catch (err) {
      this.metaRows.clear();
      this.alarms.forget();
      this.unsavedSummaryChanges = null;
      throw err;
    }
  }

  /**
   * Deletes everything, alarm included, then lays the schema down again at once: until it is
   * evicted the instance answers like an object that belongs to no session.
   */
  async erase(): Promise<void> {
    await this.storage.deleteAlarm();
    this.forgetAll();
    await this.storage.deleteAll();
    this.forgetAll();
    await this.migrate();
    this.metaRows.clear();
  }

  private forgetAll(): void {
    this.known = { devices: new Set() };
    this.metaRows.clear();
    this.unsavedSummaryChanges = null;
    this.alarms.forget();
    this.generation++;
  }

  meta(key: string): string | null {
    const known = this.metaRows.get(key);
    if (known !== undefined) return known;
    const value = this.sql.exec<{ value: string }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0]?.value ?? null;
    this.metaRows.set(key, value);
    return value;
  }

  setMeta(key: string, value: string): void {
    this.metaRows.delete(key);
    this.sql.exec('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', key, value);
    this.metaRows.set(key, value);
  }

  deleteMeta(key: string): void {
    this.metaRows.delete(key);
    this.sql.exec('DELETE FROM meta WHERE key = ?', key);
    this.metaRows.set(key, null);
  }

  identity(): SessionIdentity | null {
    if (this.known.identity) return this.known.identity;
    const raw = this.meta('identity');
    // Written only by bindIdentity, from the Worker's own call.
    if (raw) this.known.identity = JSON.parse(raw) as SessionIdentity;
    return this.known.identity ?? null;
  }

  /** Admits a device to this session by its token's digest; idempotent. */
  admitDevice(tokenHash: string, now: number): void {
    this.sql.exec('INSERT OR IGNORE INTO devices (token_hash, admitted_at) VALUES (?, ?)', tokenHash, now);
  }

  holdsDevice(tokenHash: string): boolean {
    if (this.known.devices.has(tokenHash)) return true;
    const held = this.sql.exec('SELECT 1 FROM devices WHERE token_hash = ?', tokenHash).toArray().length > 0;
    if (held) this.known.devices.add(tokenHash);
    return held;
  }

  /** Binds the object to its session, once; `false` when it already belongs to another one. */
  bindIdentity(identity: SessionIdentity): boolean {
    const current = this.identity();
    if (!current) {
      this.metaRows.delete('identity');
      this.sql.exec("INSERT INTO meta (key, value) VALUES ('identity', ?)", JSON.stringify(identity));
      return true;
    }
    return current.sessionId === identity.sessionId && current.orgId === identity.orgId;
  }

  /**
   * Stores the copy unless one is already there: a session's questions never change once it has
   * started, so a repeated start (a retry, a second device racing) answers the copy it already has.
   */
  storeInterviewCopy(snapshot: InterviewSnapshot, now: number): StartResult {
    return this.transaction(() => {
      const existing = this.sql
        .exec<{ interview_id: string; version: number; started_at: number; n: number }>(
          'SELECT interview_id, version, started_at, (SELECT count(*) FROM interview_copy_questions) AS n FROM interview_copy WHERE id = 1',
        )
        .toArray()[0];
      if (existing) {
        return { kind: 'already_started', interviewId: existing.interview_id, version: existing.version, questionCount: existing.n, startedAt: existing.started_at };
      }
      const { questions, ...header } = snapshot;
      this.sql.exec(
        'INSERT INTO interview_copy (id, interview_id, version, header, started_at) VALUES (1, ?, ?, ?, ?)',
        header.interviewId,
        header.version,
        JSON.stringify(header),
        now,
      );
      questions.forEach((question, position) => {
        this.sql.exec('INSERT INTO interview_copy_questions (position, question_id, body) VALUES (?, ?, ?)', position, question.id, JSON.stringify(question));
      });
      // A take-home's deadline is fixed here, once: from this start, whatever the interview says later.
      const deadlineAt = effectiveDeadline(snapshot, now);
      if (deadlineAt !== null) this.setMeta('deadline_at', String(deadlineAt));
      return { kind: 'started', interviewId: header.interviewId, version: header.version, questionCount: questions.length, startedAt: now };
    });
  }

  /** The copy the session started with, questions in order; null before the session started. */
  interviewCopy(): InterviewSnapshot | null {
    if (this.known.copy) return this.known.copy;
    const header = this.sql.exec<{ header: string }>('SELECT header FROM interview_copy WHERE id = 1').toArray()[0];
    if (!header) return null;
    // Both columns hold only what storeInterviewCopy wrote from a snapshot made by the Worker.
    const questions = this.sql
      .exec<{ body: string }>('SELECT body FROM interview_copy_questions ORDER BY position')
      .toArray()
      .map((row) => JSON.parse(row.body) as SnapshotQuestion);
    this.known.copy = { ...(JSON.parse(header.header) as SnapshotHeader), questions };
    return this.known.copy;
  }

  /** Whether the session took its copy of the interview (it started). */
  started(): boolean {
    if (this.known.copy) return true;
    return this.sql.exec('SELECT 1 FROM interview_copy WHERE id = 1').toArray().length > 0;
  }

  /** The session's questions, in order; null before it started. */
  questions(): SnapshotQuestion[] | null {
    return this.interviewCopy()?.questions ?? null;
  }

  /** One question of the session's copy; null before the session started or for an unknown id. */
  question(questionId: string): SnapshotQuestion | null {
    const questions = this.questions();
    if (!questions) return null;
    this.known.questionsById ??= new Map(questions.map((q) => [q.id, q]));
    return this.known.questionsById.get(questionId) ?? null;
  }

  /** The state this session's format finishes in (Completed for a one-way interview). */
  finishedState(): SessionState {
    return FINISHED_STATE[this.interviewCopy()?.format ?? 'one_way'];
  }

  /** When a take-home is submitted for the candidate with what the server holds; null for other formats. */
  deadlineAt(): number | null {
    const at = this.meta('deadline_at');
    return at === null ? null : Number(at);
  }

  /** When the session took its copy of the interview (the candidate's first start). */
  startedAt(): number | null {
    return this.sql.exec<{ started_at: number }>('SELECT started_at FROM interview_copy WHERE id = 1').toArray()[0]?.started_at ?? null;
  }

  /** Whether the session was finished by its deadline's alarm rather than by the candidate. */
  finishedByDeadline(): boolean {
    return this.meta('completed_by') === 'deadline';
  }

  completedAt(): number | null {
    const at = this.meta('completed_at');
    return at === null ? null : Number(at);
  }

  finishedLaterAt(): number | null {
    const at = this.meta('finished_later_at');
    return at === null ? null : Number(at);
  }

  /**
   * Changes to the summary since its version was last written down; null until this instance
   * first needs it. The version only has to grow past what D1 holds, and D1 only ever gets a
   * version read through `summaryVersion`, which writes it down first: so a change costs no
   * write of its own (one statement less per answer, `npm run bench`), and an instance that
   * starts with a mirror owed counts one unsaved change, which puts it past anything D1 was sent.
   */
  private unsavedSummaryChanges: number | null = null;

  private unsavedChanges(): number {
    this.unsavedSummaryChanges ??= this.summaryOwed() ? 1 : 0;
    return this.unsavedSummaryChanges;
  }

  /** Records that the summary changed: a new version, owed to D1 until `summaryMirrored`. */
  summaryChanged(): void {
    this.unsavedSummaryChanges = this.unsavedChanges() + 1;
    if (!this.summaryOwed()) this.setMeta('summary_dirty', '1');
  }

  /** The summary's current version, written down before anyone can send it to D1. */
  summaryVersion(): number {
    const saved = Number(this.meta('summary_version') ?? 0);
    const unsaved = this.unsavedChanges();
    if (unsaved === 0) return saved;
    this.setMeta('summary_version', String(saved + unsaved));
    this.unsavedSummaryChanges = 0;
    return saved + unsaved;
  }

  summaryOwed(): boolean {
    return this.meta('summary_dirty') === '1';
  }

  /** The summary of `version` reached D1: nothing is owed unless it changed since. */
  summaryMirrored(version: number): void {
    if (this.summaryVersion() === version) this.deleteMeta('summary_dirty');
  }
}

/**
 * A take-home's deadline: the earlier of its duration from this start and its absolute date.
 * Other formats have none.
 */
function effectiveDeadline(snapshot: Pick<InterviewSnapshot, 'format' | 'deadlineHours' | 'deadlineAt'>, startedAt: number): number | null {
  if (snapshot.format !== 'take_home') return null;
  const candidates = [snapshot.deadlineHours ? startedAt + snapshot.deadlineHours * 3_600_000 : null, snapshot.deadlineAt ?? null].filter((at): at is number => at !== null);
  return candidates.length > 0 ? Math.min(...candidates) : null;
}
