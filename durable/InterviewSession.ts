import { DurableObject } from 'cloudflare:workers';
import type { DeviceClaim } from '../worker/db/devices';
import { mirrorSessionProgress } from '../worker/db/sessions';
import type { AnswerValue } from '../worker/schemas/candidate';
import type { CodeEventsRequest, CodeLanguage, CodeTimeline } from '../worker/schemas/code';
import type { CodeTestsView, TestRunPost } from '../worker/schemas/code-review';
import type { InterviewSnapshot } from '../worker/schemas/interviews';
import type { PadHistory, PadStatus } from '../worker/schemas/pads';
import type { FinishSegmentRequest, FinishSegmentResult, RecordChunkResult, RecordingManifest } from '../worker/schemas/recording';
import { type SessionActor, type SessionState, transition } from '../worker/state/session-states';
import { codeTestResults, SessionAnalysis } from './analysis';
import { type AnswerResult, CandidateProgress, type CandidateView, type CompleteResult, candidateViewOf, type FinishLaterResult } from './answers';
import { type CodeEventsResult, CodeLog } from './code';
import { CodeTestRuns, type TestRunResult } from './code-tests';
import { LivePresence, reciprocateClose } from './live';
import { type EndResult, PadRoom } from './pad';
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
  private readonly code = new CodeLog(this.store);
  private readonly progress = new CandidateProgress(this.store, (questionId) => this.code.draft(questionId));
  private readonly recordings = new RecordingStore(this.store, this.env.MEDIA);
  private readonly codeTests = new CodeTestRuns(this.store);
  /**
   * The states this instance has already moved the D1 session to (or found it in): a candidate's
   * step, once taken, is never taken back (only a member moves a session on from there), so
   * repeating it is a no-op that cost a D1 read on every summary mirror. In memory only: a new
   * instance asks D1 once again.
   */
  private readonly mirroredSteps = new Set<SessionState>();
  private readonly live = new LivePresence(this.ctx, this.store, this.env.DB, () => this.progress.answeredCount());
  private readonly pad = new PadRoom(this.ctx, this.store, this.env.DB);
  private readonly analysis = new SessionAnalysis({
    store: this.store,
    env: this.env,
    material: () => this.reviewMaterial(),
    startedAt: () => this.store.sql.exec<{ started_at: number }>('SELECT started_at FROM interview_copy WHERE id = 1').toArray()[0]?.started_at ?? null,
    objectKey: (segmentId) => this.recordings.recordingObject(segmentId)?.key ?? null,
    codeTests: () => codeTestResults(this.store.questions() ?? [], this.codeTests.latestScores()),
  });

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Input gate closed until the schema is current; a failed migration rethrows on every call.
    void ctx.blockConcurrencyWhile(() => this.store.migrate());
    LivePresence.enableAutoPong(ctx);
  }

  /**
   * Only WebSocket upgrades come here, already authorized by the Worker (worker/live-sockets.ts):
   * `/pad` for a pad's editor (durable/pad.ts), anything else for live status (durable/live.ts).
   * Everything else is an RPC method.
   */
  override fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() === 'websocket' && new URL(request.url).pathname === '/pad') return this.pad.connect(request);
    return this.live.connect(request);
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (PadRoom.isPadSocket(ws)) await this.pad.onMessage(ws, message);
    else await this.live.onMessage(ws, message);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    if (PadRoom.isPadSocket(ws)) {
      reciprocateClose(ws, code, reason);
      await this.pad.onClose(ws);
    } else await this.live.onClose(ws, code, reason);
  }

  override async webSocketError(ws: WebSocket, error: unknown): Promise<void> {
    if (PadRoom.isPadSocket(ws)) await this.pad.onClose(ws);
    else await this.live.onError(ws, error);
  }

  /** Where the pad is: Not Started, Waiting, In Progress or Ended, and its language. */
  padStatus(): PadStatus {
    return this.pad.status();
  }

  /** The interviewer's Admit: the waiting candidate gets the pad. */
  admitToPad(): Promise<PadStatus> {
    return this.pad.admit();
  }

  padLanguage(language: CodeLanguage): PadStatus {
    return this.pad.setLanguage(language);
  }

  /** End Interview: candidate sockets closed, the session Ended and its summary mirrored. */
  async endPad(actor: SessionActor): Promise<EndResult> {
    const result = await this.pad.end(actor);
    await this.mirrorSummary();
    if (result.kind === 'ended') await this.analysis.sessionFinished();
    return result;
  }

  padHistory(): PadHistory {
    return this.pad.history();
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
  async start(snapshot: InterviewSnapshot): Promise<StartResult> {
    if (!this.store.identity()) return { kind: 'session_not_found' };
    const result = this.store.storeInterviewCopy(snapshot, Date.now());
    // A take-home's deadline was fixed with the copy; its alarm submits the session then, online or not.
    const deadlineAt = this.store.deadlineAt();
    if (deadlineAt !== null && this.store.completedAt() === null) await this.store.alarms.schedule('takeHomeDeadline', deadlineAt);
    return result;
  }

  /** The interview as this session started it, questions in order; null before it started. */
  questions(): InterviewSnapshot | null {
    return this.store.interviewCopy();
  }

  /** What the candidate's device is shown: the copy of the interview (no answer keys) and its progress. */
  async candidateView(): Promise<CandidateView> {
    await this.live.heardFromDevice();
    await this.enforceDeadline();
    return candidateViewOf(this.store, this.progress, this.code.drafts());
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

  /** A device's batch of code events, refused unless this object admitted the device. */
  deviceCodeEvents(device: DeviceClaim, questionId: string, request: CodeEventsRequest): Promise<CodeEventsResult | DeviceRefused> {
    return this.recognizes(device) ? this.codeEvents(questionId, request) : Promise.resolve(DEVICE_REFUSED);
  }

  /**
   * Stores a batch of a code question's events and the draft they make (durable/code.ts). After a
   * take-home's deadline, by this object's clock, new events are refused and counted.
   */
  async codeEvents(questionId: string, request: CodeEventsRequest): Promise<CodeEventsResult> {
    await this.live.heardFromDevice();
    await this.enforceDeadline();
    return this.code.append(questionId, request, {
      completed: this.store.completedAt() !== null,
      deadlineAt: this.store.deadlineAt(),
      byDeadline: this.store.finishedByDeadline(),
    });
  }

  /** A code question's whole history for the reviewer's playback; null for any other question. */
  codeTimeline(questionId: string): CodeTimeline | null {
    const answer = this.progress.answers()[questionId]?.value;
    const submitted = answer && typeof answer === 'object' && !Array.isArray(answer) && 'code' in answer && typeof answer.code === 'string' ? answer.code : null;
    return this.code.timeline(questionId, submitted);
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
    await this.enforceDeadline();
    const stored = this.progress.answer(clientId, questionId, value);
    const deadlineAt = this.store.deadlineAt();
    const result: AnswerResult = stored.kind === 'session_completed' && this.store.finishedByDeadline() && deadlineAt !== null ? { kind: 'deadline_passed', deadlineAt } : stored;
    if (this.store.summaryOwed()) await this.store.alarms.schedule('summaryMirror', Date.now() + SUMMARY_MIRROR_DELAY_MS);
    // Watching dashboards see the new answer count now, not when the D1 summary follows (free
    // when nobody watches: announce returns before any query).
    if (result.kind === 'stored') await this.live.announce();
    return result;
  }

  async finishLater(clientId: string): Promise<FinishLaterResult> {
    await this.live.heardFromDevice();
    await this.enforceDeadline();
    const result = this.progress.finishLater(clientId);
    // The dashboard shows where the candidate stopped, not where their device's socket last was.
    if (result.kind === 'recorded') await this.live.finishedLater(this.progress.nextStep(), this.store.questions()?.length ?? 0);
    return this.thenMirror(result);
  }

  /** Finishes the session when every question is answered; the summary mirror moves its state. */
  async complete(clientId: string): Promise<CompleteResult> {
    await this.live.heardFromDevice();
    await this.enforceDeadline();
    const result = this.progress.complete(clientId, this.code.drafts());
    if (result.kind === 'completed') await this.store.alarms.cancel('takeHomeDeadline');
    await this.thenMirror(result);
    // Analysis starts when the session finishes (a repeated complete queues nothing new).
    if (result.kind === 'completed') await this.analysis.sessionFinished();
    return result;
  }

  /**
   * The server's clock decides a take-home's deadline: the alarm submits the session then, and
   * every write checks it first, so a write that arrives after the deadline but before the alarm
   * ran is judged exactly as one arriving later.
   */
  private async enforceDeadline(now = Date.now()): Promise<void> {
    const deadlineAt = this.store.deadlineAt();
    if (deadlineAt === null || now < deadlineAt || this.store.completedAt() !== null) return;
    if (this.progress.finishAtDeadline(this.code.drafts(), deadlineAt)) {
      await this.mirrorSummary();
      await this.analysis.sessionFinished();
    }
  }

  /** Whether this session was submitted by its deadline rather than by the candidate. */
  finishedByDeadline(): boolean {
    return this.store.finishedByDeadline();
  }

  /** The analysis panel's content, less reviewers' overrides (kept in D1). */
  analysisView(): ReturnType<SessionAnalysis['view']> {
    return this.analysis.view();
  }

  /** A reviewer runs the analysis again; refused up front when the tokens cannot cover it. */
  requestAnalysis(memberId: string): ReturnType<SessionAnalysis['rerun']> {
    return this.analysis.rerun(memberId);
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
    const result = await this.recordings.finishSegment(input);
    if (input.speech && result.kind !== 'rejected') this.analysis.recordLevels(input.segmentId, input.speech);
    return result;
  }

  /** Where a finished segment's object is, for the playback route (after its access check). */
  recordingObject(segmentId: string): RecordingObject | null {
    return this.recordings.recordingObject(segmentId);
  }

  /** A code question's full tests and stored runs, for reviewers only (the route checks); null if not a code question. */
  codeTestsView(questionId: string): CodeTestsView | null {
    return this.codeTests.view(questionId);
  }

  /** Stores a reviewer's run of a code question's tests (durable/code-tests.ts), then its score in D1. */
  async recordTestRun(questionId: string, post: TestRunPost, by: { memberId: string; name: string }): Promise<TestRunResult> {
    const result = this.codeTests.record(questionId, post, by, Date.now());
    if (result.kind === 'stored') await this.mirrorCodeScores();
    return result;
  }

  private async mirrorCodeScores(): Promise<void> {
    const identity = this.store.identity();
    if (!identity) return;
    try {
      await this.codeTests.mirror(this.env.DB, identity);
    } catch (err) {
      console.error(JSON.stringify({ level: 'warn', sessionId: identity.sessionId, message: `D1 code score mirror failed: ${String(err)}` }));
      await this.store.alarms.schedule('codeScoreMirror', Date.now() + SUMMARY_RETRY_MS);
    }
  }

  override async alarm(): Promise<void> {
    await this.store.alarms.run({
      summaryMirror: () => this.mirrorSummary(),
      recordingCleanup: () => this.recordings.cleanUp(),
      liveSilence: () => this.live.checkSilence(),
      codeScoreMirror: () => this.mirrorCodeScores(),
      takeHomeDeadline: () => this.deadlineAlarm(),
      padIdle: async () => {
        await this.pad.checkIdle();
        // Auto-end finishes the session as End Interview does: its analysis starts (once).
        if (this.pad.state() === 'ended') await this.analysis.sessionFinished();
      },
      analysis: () => this.analysis.run(),
    });
    // The dirty flag, not the timer, says a mirror is owed: every wake-up catches one up.
    await this.mirrorSummary();
  }

  /** The deadline alarm; one that rings early (a clock step, a test) submits as if it were on time. */
  private async deadlineAlarm(): Promise<void> {
    const deadlineAt = this.store.deadlineAt();
    if (deadlineAt === null) return;
    await this.enforceDeadline(Math.max(Date.now(), deadlineAt));
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
      // A take-home its deadline submitted was finished by Holdfast, not by the candidate.
      const finisher = this.store.finishedByDeadline() ? ({ kind: 'system' } as const) : ({ kind: 'candidate' } as const);
      for (const step of steps) {
        if (this.mirroredSteps.has(step)) continue;
        const moved = await transition(this.env.DB, identity.sessionId, step, step === 'in_progress' ? { kind: 'candidate' } : finisher, now);
        if (moved.kind !== 'session_not_found') this.mirroredSteps.add(step);
      }
      await mirrorAnswerScores(this.env.DB, this.store, identity, () => this.progress.answers());
      // An answer that arrived while D1 was being written keeps the summary owed.
      this.store.summaryMirrored(summary.version);
      await this.live.announce();
    } catch (err) {
      console.error(JSON.stringify({ level: 'warn', sessionId: identity.sessionId, message: `D1 summary mirror failed: ${String(err)}` }));
      await this.store.alarms.schedule('summaryMirror', Date.now() + SUMMARY_RETRY_MS);
    }
  }
}
