import { DurableObject } from 'cloudflare:workers';
import type { DeviceClaim } from '../worker/db/devices';
import { mirrorSessionProgress } from '../worker/db/sessions';
import type { AnswerValue } from '../worker/schemas/candidate';
import type { InterviewSnapshot } from '../worker/schemas/interviews';
import type { FinishSegmentRequest, FinishSegmentResult, RecordChunkResult, RecordingManifest } from '../worker/schemas/recording';
import { type SessionState, transition } from '../worker/state/session-states';
import { type AnswerResult, CandidateProgress, type CandidateView, type CompleteResult, candidateViewOf, type FinishLaterResult } from './answers';
import { LivePresence } from './live';
import { type RecordChunkInput, type RecordingObject, RecordingStore } from './recording';
import { mirrorAnswerScores, type ReviewMaterial } from './review';
import { type SessionIdentity, SessionStore, type StartResult } from './store';

export type { SessionIdentity } from './store';

/** A write from a device this session never admitted (or no longer knows: the session was deleted). */
export interface DeviceRefused {
  kind: 'device_not_recognized';
}
const DEVICE_REFUSED: DeviceRefused = { kind: 'device_not_recognized' };

export interface SessionSummary {
  status: SessionState;
  answeredCount: number;
  questionCount: number;
  finishedAt: number | null;
  version: number;
}

const SUMMARY_RETRY_MS = 5_000;
/**
 * An answer is acknowledged as soon as this object holds it; its summary reaches D1 from the
 * alarm this long after, so the device never waits on D1 and the answers of a few seconds cost
 * one mirror, not one each. Measured (`npm run bench`): mirroring each answer, even off the
 * request path, held the answer POST to about a third of a bare Worker's rate; the Sessions
 * list is at most this far behind an answer (finishing later and completing mirror at once).
 */
const SUMMARY_MIRROR_DELAY_MS = 10_000;

/**
 * One object per interview session: the source of truth while the session is live. Its parts
 * (answers, recordings, live presence) share one store, its own SQLite (durable/store.ts); it
 * mirrors a summary row to D1 whenever that state changes.
 */
export class InterviewSession extends DurableObject<Env> {
  private readonly store = new SessionStore(this.ctx.storage);
  private readonly progress = new CandidateProgress(this.store);
  private readonly recordings = new RecordingStore(this.store, this.env.MEDIA);
  /**
   * The states this instance has already moved the D1 session to (or found it in): a candidate's
   * step, once taken, is never taken back (only a member moves a session on from there), so
   * repeating it is a no-op that cost a D1 read on every summary mirror. In memory only: a new
   * instance asks D1 once again.
   */
  private readonly mirroredSteps = new Set<SessionState>();
  private readonly live = new LivePresence(this.ctx, this.store, this.env.DB, () => this.progress.answeredCount());

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Input gate closed until the schema is current; a failed migration rethrows on every call.
    void ctx.blockConcurrencyWhile(() => this.store.migrate());
    LivePresence.enableAutoPong(ctx);
  }

  /**
   * Only WebSocket upgrades for live status come here (durable/live.ts), already authorized by
   * the Worker (worker/live-sockets.ts); everything else is an RPC method.
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
      questions: this.store.questions(),
      answers: this.progress.answers(),
      manifest: this.recordings.manifest(),
      disconnects: this.live.disconnects(),
      finishedLaterAt: this.store.finishedLaterAt(),
      completedAt: this.store.completedAt(),
    };
  }

  ping(): 'pong' {
    return 'pong';
  }

  /** Binds this object to its session; idempotent, and a session's identity never changes. */
  initialize(identity: SessionIdentity): SessionIdentity {
    if (!this.store.bindIdentity(identity)) throw new Error('This Durable Object already belongs to another session');
    return identity;
  }

  /**
   * Takes the session's copy of the interview, once: a later call answers the copy already
   * taken, whatever snapshot it carries, so editing the interview never changes a session that
   * has started.
   */
  start(snapshot: InterviewSnapshot): StartResult {
    if (!this.store.identity()) return { kind: 'session_not_found' };
    return this.store.storeInterviewCopy(snapshot, Date.now());
  }

  /** The interview as this session started it, questions in order; null before it started. */
  questions(): InterviewSnapshot | null {
    return this.store.interviewCopy();
  }

  /** What the candidate's device is shown: the copy of the interview (no answer keys) and its progress. */
  async candidateView(): Promise<CandidateView> {
    await this.live.heardFromDevice();
    return candidateViewOf(this.store, this.progress);
  }

  /**
   * Admits a candidate's device to this session (worker/candidates/entry.ts) before its token is
   * handed out. Binds the object to its session like `initialize`, so it holds even for a session
   * whose interview copy was never taken.
   */
  admitDevice(identity: SessionIdentity, tokenHash: string): void {
    if (!this.store.bindIdentity(identity)) throw new Error('This Durable Object already belongs to another session');
    this.store.admitDevice(tokenHash, Date.now());
  }

  /** A device's answer, refused unless this object admitted the device (worker/candidate-auth.ts). */
  deviceAnswer(device: DeviceClaim, clientId: string, questionId: string, value: AnswerValue): Promise<AnswerResult | DeviceRefused> {
    return this.recognizes(device) ? this.answer(clientId, questionId, value) : Promise.resolve(DEVICE_REFUSED);
  }

  /** A device's recording chunk, refused unless this object admitted the device. */
  deviceRecordChunk(device: DeviceClaim, input: RecordChunkInput): Promise<RecordChunkResult | DeviceRefused> {
    return this.recognizes(device) ? this.recordChunk(input) : Promise.resolve(DEVICE_REFUSED);
  }

  private recognizes(device: DeviceClaim): boolean {
    return this.store.identity()?.sessionId === device.sessionId && this.store.holdsDevice(device.tokenHash);
  }

  /** Stores a text, choice, scale, code or recorded answer once per clientId (durable/answers.ts). */
  async answer(clientId: string, questionId: string, value: AnswerValue): Promise<AnswerResult> {
    await this.live.heardFromDevice();
    const result = this.progress.answer(clientId, questionId, value);
    if (this.store.summaryOwed()) await this.store.alarms.schedule('summaryMirror', Date.now() + SUMMARY_MIRROR_DELAY_MS);
    // Watching dashboards see the new answer count now, not when the D1 summary follows (free
    // when nobody watches: announce returns before any query).
    if (result.kind === 'stored') await this.live.announce();
    return result;
  }

  async finishLater(clientId: string): Promise<FinishLaterResult> {
    await this.live.heardFromDevice();
    const result = this.progress.finishLater(clientId);
    // The dashboard shows where the candidate stopped, not where their device's socket last was.
    if (result.kind === 'recorded') await this.live.finishedLater(this.progress.nextStep(), this.store.questions()?.length ?? 0);
    return this.thenMirror(result);
  }

  /** Finishes the session when every question is answered; the summary mirror moves its state. */
  async complete(clientId: string): Promise<CompleteResult> {
    await this.live.heardFromDevice();
    return this.thenMirror(this.progress.complete(clientId));
  }

  /**
   * Deletes everything this object holds (the session was deleted). The schema is laid down again
   * at once, so this instance, until it is evicted, answers like an object that belongs to no session.
   */
  async erase(): Promise<void> {
    for (const socket of this.ctx.getWebSockets()) socket.close(1000, 'session deleted');
    this.mirroredSteps.clear();
    await this.store.erase();
  }

  summary(): SessionSummary {
    const copy = this.store.interviewCopy();
    const answeredCount = this.progress.answeredCount();
    const finishedAt = this.store.completedAt();
    const started = copy !== null || answeredCount > 0;
    return {
      status: finishedAt !== null ? this.store.finishedState() : started ? 'in_progress' : 'not_started',
      answeredCount,
      questionCount: copy?.questions.length ?? 0,
      finishedAt,
      version: this.store.summaryVersion(),
    };
  }

  /**
   * Stores one recording chunk: R2 first, then the manifest. A repeat of a held chunk answers
   * the first receipt; other bytes under a held seq are refused and the held chunk kept.
   */
  async recordChunk(input: RecordChunkInput): Promise<RecordChunkResult> {
    await this.live.heardFromDevice();
    return this.recordings.recordChunk(input);
  }

  /** What this session holds of each recording segment, so a device sends only what is missing. */
  async manifest(answerId?: string): Promise<RecordingManifest> {
    await this.live.heardFromDevice();
    return this.recordings.manifest(answerId);
  }

  /**
   * Assembles a segment whose chunks are all held into one playable object; idempotent. The time
   * limit it is checked against comes from this session's copy of the question.
   */
  async finishSegment(input: FinishSegmentRequest): Promise<FinishSegmentResult> {
    await this.live.heardFromDevice();
    return this.recordings.finishSegment(input);
  }

  /** Where a finished segment's object is, for the playback route (after its access check). */
  recordingObject(segmentId: string): RecordingObject | null {
    return this.recordings.recordingObject(segmentId);
  }

  override async alarm(): Promise<void> {
    await this.store.alarms.run({
      summaryMirror: () => this.mirrorSummary(),
      recordingCleanup: () => this.recordings.cleanUp(),
      liveSilence: () => this.live.checkSilence(),
    });
    // The dirty flag, not the timer, says a mirror is owed: every wake-up catches one up.
    await this.mirrorSummary();
  }

  /**
   * Finishing later and completing are answered only after their summary reached D1 (or the alarm
   * took it over): they are rare, and the dashboard's list should show them at once.
   */
  private async thenMirror<T>(result: T): Promise<T> {
    await this.mirrorSummary();
    return result;
  }

  /**
   * Writes the summary to D1. The version guard makes it safe to repeat and to race: an older
   * summary never overwrites a newer one. If D1 is unreachable the alarm tries again.
   */
  private async mirrorSummary(): Promise<void> {
    const identity = this.store.identity();
    if (!identity || !this.store.summaryOwed()) return;
    const summary = this.summary();
    try {
      const now = Date.now();
      await mirrorSessionProgress(this.env.DB, identity, summary, now);
      // The state moves only through the one state machine, step by step, recorded as the candidate's.
      const steps: SessionState[] = summary.status === 'not_started' ? [] : summary.status === 'in_progress' ? ['in_progress'] : ['in_progress', summary.status];
      for (const step of steps) {
        if (this.mirroredSteps.has(step)) continue;
        const moved = await transition(this.env.DB, identity.sessionId, step, { kind: 'candidate' }, now);
        if (moved.kind !== 'session_not_found') this.mirroredSteps.add(step);
      }
      await mirrorAnswerScores(this.env.DB, this.store, identity, this.progress.answers());
      // An answer that arrived while D1 was being written keeps the summary owed.
      this.store.summaryMirrored(summary.version);
      await this.live.announce();
    } catch (err) {
      console.error(JSON.stringify({ level: 'warn', sessionId: identity.sessionId, message: `D1 summary mirror failed: ${String(err)}` }));
      await this.store.alarms.schedule('summaryMirror', Date.now() + SUMMARY_RETRY_MS);
    }
  }
}
