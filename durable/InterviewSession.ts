import { DurableObject } from 'cloudflare:workers';
import type { InterviewSnapshot } from '../worker/schemas/interviews';
import type { FinishSegmentResult, RecordChunkResult, RecordingManifest } from '../worker/schemas/recording';
import { mirrorSessionProgress } from '../worker/db/sessions';
import type { AnswerValue } from '../worker/schemas/candidate';
import { FINISHED_STATE, transition, type SessionState } from '../worker/state/session-states';
import { AlarmScheduler } from './alarms';
import { type AnswerResult, CandidateProgress, type CandidateView, candidateViewOf, type CompleteResult, type FinishLaterResult } from './answers';
import { LivePresence } from './live';
import { mirrorAnswerScores, type ReviewMaterial } from './review';
import { migrate } from './migrations';
import { type FinishSegmentInput, type RecordChunkInput, type RecordingObject, RecordingStore } from './recording';
import { cleanUpRecordings } from './recording-cleanup';
import { readInterviewCopy, type StartResult, storeInterviewCopy } from './snapshot';

export interface SessionIdentity {
  sessionId: string;
  orgId: string;
}

export interface SessionSummary {
  status: SessionState;
  answeredCount: number;
  questionCount: number;
  finishedAt: number | null;
  version: number;
}

const SUMMARY_RETRY_MS = 5_000;

/** The object's named alarms (durable/alarms.ts): they share its one real alarm. */
type SessionAlarm = 'summaryMirror' | 'recordingCleanup' | 'liveSilence';

/**
 * One object per interview session: the source of truth while the session is live. It keeps its
 * state in its own SQLite storage and mirrors a summary row to D1 whenever that state changes.
 */
export class InterviewSession extends DurableObject<Env> {
  private readonly alarms = new AlarmScheduler<SessionAlarm>(this.ctx.storage);
  private readonly recordings = new RecordingStore({
    storage: this.ctx.storage,
    bucket: this.env.MEDIA,
    identity: () => this.identity(),
    isCompleted: () => this.meta('completed_at') !== null,
    scheduleCleanup: (at) => this.alarms.schedule('recordingCleanup', at),
  });
  private readonly progress = new CandidateProgress({
    sql: this.ctx.storage.sql,
    questions: () => readInterviewCopy(this.ctx.storage.sql)?.questions ?? null,
    meta: (key) => this.meta(key),
    setMeta: (key, value) => this.ctx.storage.sql.exec('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', key, value),
    finishedState: () => FINISHED_STATE[readInterviewCopy(this.ctx.storage.sql)?.format ?? 'one_way'],
    changed: async () => {
      this.bumpSummaryVersion();
      await this.mirrorSummary();
    },
    segmentStates: (answerId) => new Map(this.recordings.manifest(answerId).segments.map((s) => [s.segmentId, s.state])),
  });
  private readonly live = new LivePresence({
    ctx: this.ctx,
    db: this.env.DB,
    identity: () => this.identity(),
    scheduleSilenceCheck: (at) => this.alarms.schedule('liveSilence', at),
  });

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Input gate closed until the schema is current; a failed migration rethrows on every call.
    void ctx.blockConcurrencyWhile(() => migrate(ctx.storage.sql));
    LivePresence.enableAutoPong(ctx);
  }

  /**
   * Only WebSocket upgrades for live status come here (durable/live.ts), already authorized by
   * the Worker (worker/routes/live.ts); everything else is an RPC method.
   */
  override fetch(request: Request): Promise<Response> {
    return this.live.connect(request);
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    await this.live.onMessage(ws, message);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    await this.live.onClose(ws, code, reason);
  }

  override async webSocketError(ws: WebSocket, error: unknown): Promise<void> {
    await this.live.onError(ws, error);
  }

  /** Tells the dashboards watching this session that something changed (its state, for one). */
  announceLiveStatus(): Promise<void> {
    return this.live.announce();
  }

  /** Everything the review page needs of this session, in one call (worker/review/page.ts). */
  reviewMaterial(): ReviewMaterial {
    return {
      questions: readInterviewCopy(this.ctx.storage.sql)?.questions ?? null,
      answers: this.progress.answers(),
      manifest: this.recordings.manifest(),
      disconnects: this.live.disconnects(),
      finishedLaterAt: this.progress.finishedLaterAt(),
      completedAt: this.progress.completedAt(),
    };
  }

  ping(): 'pong' {
    return 'pong';
  }

  /** Binds this object to its session; idempotent, and a session's identity never changes. */
  initialize(identity: SessionIdentity): SessionIdentity {
    const current = this.identity();
    if (current) {
      if (current.sessionId !== identity.sessionId || current.orgId !== identity.orgId) {
        throw new Error('This Durable Object already belongs to another session');
      }
      return current;
    }
    this.ctx.storage.sql.exec("INSERT INTO meta (key, value) VALUES ('identity', ?)", JSON.stringify(identity));
    return identity;
  }

  /**
   * Takes the session's copy of the interview (durable/snapshot.ts), once: a later call answers
   * the copy already taken, whatever snapshot it carries, so editing the interview never
   * changes a session that has started.
   */
  start(snapshot: InterviewSnapshot): StartResult {
    if (!this.identity()) return { kind: 'session_not_found' };
    return storeInterviewCopy(this.ctx.storage, snapshot, Date.now());
  }

  /** The interview as this session started it, questions in order; null before it started. */
  questions(): InterviewSnapshot | null {
    return readInterviewCopy(this.ctx.storage.sql);
  }

  /** What the candidate's device is shown: the copy of the interview (no answer keys) and its progress. */
  candidateView(): CandidateView {
    return candidateViewOf(readInterviewCopy(this.ctx.storage.sql), this.progress);
  }

  /** Stores a text, choice, scale, code or recorded answer once per clientId (durable/answers.ts). */
  answer(clientId: string, questionId: string, value: AnswerValue): Promise<AnswerResult> {
    return this.progress.answer(clientId, questionId, value);
  }

  finishLater(clientId: string): Promise<FinishLaterResult> {
    return this.progress.finishLater(clientId);
  }

  /** Finishes the session when every question is answered; the summary mirror moves its state. */
  complete(clientId: string): Promise<CompleteResult> {
    return this.progress.complete(clientId);
  }

  /**
   * Deletes everything this object holds (the session was deleted). The schema is laid down again
   * at once, so this instance, until it is evicted, answers like an object that belongs to no session.
   */
  async erase(): Promise<void> {
    for (const socket of this.ctx.getWebSockets()) socket.close(1000, 'session deleted');
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    await migrate(this.ctx.storage.sql);
  }

  summary(): SessionSummary {
    const sql = this.ctx.storage.sql;
    const copy = readInterviewCopy(sql);
    const answeredCount = this.progress.answeredCount();
    const finishedAt = this.progress.completedAt();
    const started = copy !== null || answeredCount > 0;
    return {
      status: finishedAt !== null ? FINISHED_STATE[copy?.format ?? 'one_way'] : started ? 'in_progress' : 'not_started',
      answeredCount,
      questionCount: copy?.questions.length ?? 0,
      finishedAt,
      version: Number(this.meta('summary_version') ?? 0),
    };
  }

  /**
   * Stores one recording chunk: R2 first, then the manifest. A repeat of a held chunk answers
   * the first receipt; other bytes under a held seq are refused and the held chunk kept.
   */
  recordChunk(input: RecordChunkInput): Promise<RecordChunkResult> {
    return this.recordings.recordChunk(input);
  }

  /** What this session holds of each recording segment, so a device sends only what is missing. */
  manifest(answerId?: string): RecordingManifest {
    return this.recordings.manifest(answerId);
  }

  /** Assembles a segment whose chunks are all held into one playable object; idempotent. */
  finishSegment(input: FinishSegmentInput): Promise<FinishSegmentResult> {
    return this.recordings.finishSegment(input);
  }

  /** Where a finished segment's object is, for the playback route (after its access check). */
  recordingObject(segmentId: string): RecordingObject | null {
    return this.recordings.recordingObject(segmentId);
  }

  override async alarm(): Promise<void> {
    await this.alarms.run({
      summaryMirror: () => this.mirrorSummary(),
      recordingCleanup: () => cleanUpRecordings(this.recordings),
      liveSilence: () => this.live.checkSilence(),
    });
    // The dirty flag, not the timer, says a mirror is owed: every wake-up catches one up.
    await this.mirrorSummary();
  }

  private identity(): SessionIdentity | null {
    const raw = this.meta('identity');
    return raw ? (JSON.parse(raw) as SessionIdentity) : null;
  }

  private meta(key: string): string | null {
    return this.ctx.storage.sql.exec<{ value: string }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0]?.value ?? null;
  }

  private bumpSummaryVersion(): void {
    const next = Number(this.meta('summary_version') ?? 0) + 1;
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('summary_version', ?)", String(next));
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('summary_dirty', '1')");
  }

  /**
   * Writes the summary to D1. The version guard makes it safe to repeat and to race: an older
   * summary never overwrites a newer one. If D1 is unreachable the alarm tries again.
   */
  private async mirrorSummary(): Promise<void> {
    const identity = this.identity();
    if (!identity || this.meta('summary_dirty') !== '1') return;
    const summary = this.summary();
    try {
      const now = Date.now();
      await mirrorSessionProgress(this.env.DB, identity, summary, now);
      // The state moves only through the one state machine, step by step, recorded as the candidate's.
      const steps: SessionState[] = summary.status === 'not_started' ? [] : summary.status === 'in_progress' ? ['in_progress'] : ['in_progress', summary.status];
      for (const step of steps) await transition(this.env.DB, identity.sessionId, step, { kind: 'candidate' }, now);
      await mirrorAnswerScores(this.env.DB, identity, {
        questions: () => readInterviewCopy(this.ctx.storage.sql)?.questions ?? null,
        answers: () => this.progress.answers(),
        meta: (key) => this.meta(key),
        setMeta: (key, value) => this.ctx.storage.sql.exec('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', key, value),
      });
      this.ctx.storage.sql.exec("DELETE FROM meta WHERE key = 'summary_dirty'");
      await this.live.announce();
    } catch (err) {
      console.error(JSON.stringify({ level: 'warn', sessionId: identity.sessionId, message: `D1 summary mirror failed: ${String(err)}` }));
      await this.alarms.schedule('summaryMirror', Date.now() + SUMMARY_RETRY_MS);
    }
  }
}
