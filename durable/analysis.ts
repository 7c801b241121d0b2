/**
 * The session object's analysis job (tables of object migration 11). One job per finish, and
 * one per reviewer's re-run, run from the object's own alarm: the job, its steps' results and the
 * session's answers live in this one SQLite, so "one result" is a row here, and the alarm is
 * durable across restarts and retried with backoff.
 *
 * Each model call is a step with a stable key (job id + what + which answer). A step's result is
 * stored before its tokens are debited, and the debit is keyed by the step (worker/db/analysis.ts),
 * so a job delivered twice, or resumed after a crash part way, repeats no paid call it finished
 * and debits each step once.
 */

import { audioOnly } from '../worker/analysis/audio';
import { builtinResults, takeSegments } from '../worker/analysis/builtins';
import { type AnalysisProvider, chooseProvider } from '../worker/analysis/provider';
import { assessmentOf, assessmentProblem, criteriaOf, MIN_SPEAKING_MS, thinness } from '../worker/analysis/rubric';
import { measureTake } from '../worker/analysis/speech';
import { debitAiTokens, debitedKeys, mirrorAnalysisState } from '../worker/db/analysis';
import { findAiTokens } from '../worker/db/organizations';
import type { ReviewMaterial } from '../worker/review/material';
import {
  type AnalysisStatus,
  type AnalysisView,
  type AnswerAnalysis,
  type AnswerAssessment,
  type CodeTestResult,
  type SpeechLevels,
  speechLevelsSchema,
  type TranscriptView,
} from '../worker/schemas/analysis';
import type { SnapshotQuestion } from '../worker/schemas/interviews';
import { KeyedLock } from './keyed-lock';
import type { SessionStore } from './store';

/** Tokens per started minute of recording transcribed, and per answer assessed. */
const TRANSCRIBE_TOKENS_PER_MINUTE = 1;
const ASSESS_TOKENS = 1;
const MAX_ATTEMPTS = 6;
const FIRST_RETRY_MS = 15_000;
/**
 * Booked before a run starts: the alarm's row is gone while its handler runs, so an object that
 * dies mid-run (evicted, redeployed) still comes back to the pending job this long after.
 */
const CRASH_RETRY_MS = 5 * 60_000;

type JobState = 'pending' | 'done' | 'failed';

type JobRow = {
  job_id: string;
  requested_at: number;
  requested_by: string | null;
  state: JobState;
  attempts: number;
  message: string | null;
  finished_at: number | null;
  result: string | null;
};

/** What a finished job keeps: the AI part of the view (built-ins are computed on each read). */
interface JobResult {
  configured: boolean;
  models: string[];
  answers: AnswerAnalysis[];
  overall: AnalysisView['overall'];
}

type StepResult = { ok: true; transcript?: TranscriptView; assessment?: AnswerAssessment } | { ok: false; reason: string };

/** Not a model's fault and not final: the job tries again later (a recording still being assembled, the binding unreachable). */
class NotYet extends Error {}

export type RequestResult = { kind: 'queued'; jobId: string } | { kind: 'already_pending' } | { kind: 'balance_short'; message: string } | { kind: 'not_finished' };

interface Step {
  key: string;
  what: string;
  tokens: number;
}

/** One recorded, text or code answer's planned work. */
interface AnswerPlan {
  question: SnapshotQuestion;
  criteria: string[];
  /** Set when the answer is judged thin without asking a model. */
  thin: string | null;
  segments: { segmentId: string; durationMs: number; mimeType: string; key: string | null }[];
  transcribe: Step[];
  assess: Step | null;
  text: string | null;
  kind: 'transcript' | 'text' | 'code';
}

export interface AnalysisDeps {
  store: SessionStore;
  env: Env;
  material: () => ReviewMaterial;
  startedAt: () => number | null;
  /** Where a finished segment's object is. */
  objectKey: (segmentId: string) => string | null;
  /**
   * Reviewer-run code test results, when the session object holds them (the code review part,
   * object migration 9); null until then.
   */
  codeTests: () => CodeTestResult[] | null;
}

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

/**
 * Reviewer-run code test results (durable/code-tests.ts): each question's latest run. Null when
 * the session has nothing to test (no code question, no run); a code question no reviewer ran
 * the tests of yet gives an empty list.
 */
export function codeTestResults(
  questions: readonly SnapshotQuestion[],
  latest: readonly { questionId: string; passed: number; total: number; ranAt: number }[],
): CodeTestResult[] | null {
  if (latest.length === 0 && !questions.some((q) => q.type === 'code')) return null;
  const titles = new Map(questions.map((q) => [q.id, q.title]));
  return latest.map(({ questionId, passed, total, ranAt }) => ({ questionId, title: titles.get(questionId) ?? questionId, passed, total, ranAt }));
}

export class SessionAnalysis {
  private readonly lock = new KeyedLock();

  constructor(private readonly deps: AnalysisDeps) {}

  private get sql(): SqlStorage {
    return this.deps.store.sql;
  }

  /** The levels a device sent with a segment's finish; the first finish's levels stand. */
  recordLevels(segmentId: string, levels: unknown): void {
    const parsed = speechLevelsSchema.safeParse(levels);
    if (!parsed.success) return;
    this.sql.exec('INSERT OR IGNORE INTO segment_levels (segment_id, levels) VALUES (?, ?)', segmentId, JSON.stringify(parsed.data));
  }

  private levels(): Map<string, SpeechLevels> {
    const rows = this.sql.exec<{ segment_id: string; levels: string }>('SELECT segment_id, levels FROM segment_levels').toArray();
    return new Map(rows.map((r) => [r.segment_id, JSON.parse(r.levels) as SpeechLevels]));
  }

  private latest(): JobRow | null {
    return this.sql.exec<JobRow>('SELECT * FROM analysis_jobs ORDER BY requested_at DESC, rowid DESC LIMIT 1').toArray()[0] ?? null;
  }

  /** The session finished: its first job, once (a repeat of the finish queues nothing). */
  async sessionFinished(): Promise<void> {
    const now = Date.now();
    this.sql.exec("INSERT OR IGNORE INTO analysis_jobs (job_id, requested_at, requested_by, state, attempts) VALUES ('finish', ?, NULL, 'pending', 0)", now);
    await this.deps.store.alarms.schedule('analysis', now);
  }

  /**
   * A reviewer asks for the analysis again. Refused up front, debiting nothing, when the
   * organization's balance cannot cover what the job would cost.
   */
  async rerun(memberId: string): Promise<RequestResult> {
    // Whether the session finished is the Worker's check (its D1 state: Completed, Ready for review, Ended).
    if (this.latest()?.state === 'pending') return { kind: 'already_pending' };
    const identity = this.deps.store.identity();
    if (!identity) return { kind: 'not_finished' };
    const provider = chooseProvider(this.deps.env);
    if (provider) {
      const cost = this.plan(this.deps.material()).reduce((sum, p) => sum + p.transcribe.reduce((s, t) => s + t.tokens, 0) + (p.assess?.tokens ?? 0), 0);
      const balance = await findAiTokens(this.deps.env.DB, identity.orgId);
      if (balance < cost) return { kind: 'balance_short', message: shortMessage(cost, balance) };
    }
    const jobId = `rerun-${crypto.randomUUID()}`;
    this.sql.exec("INSERT INTO analysis_jobs (job_id, requested_at, requested_by, state, attempts) VALUES (?, ?, ?, 'pending', 0)", jobId, Date.now(), memberId);
    await this.mirror();
    await this.deps.store.alarms.schedule('analysis', Date.now());
    return { kind: 'queued', jobId };
  }

  /** The alarm's handler: runs the pending job, one run at a time. */
  run(provider: AnalysisProvider | null = chooseProvider(this.deps.env)): Promise<void> {
    return this.lock.run('job', () => this.runLocked(provider));
  }

  private async runLocked(provider: AnalysisProvider | null): Promise<void> {
    const job = this.latest();
    if (job?.state !== 'pending') {
      // Delivered again after it finished: nothing to do but make sure D1 shows it.
      if (job) await this.mirror();
      return;
    }
    const identity = this.deps.store.identity();
    if (!identity) return;
    await this.deps.store.alarms.schedule('analysis', Date.now() + CRASH_RETRY_MS);
    this.sql.exec('UPDATE analysis_jobs SET attempts = attempts + 1 WHERE job_id = ?', job.job_id);
    const attempts = job.attempts + 1;
    try {
      const result = await this.work(job, provider, identity.orgId);
      if (result.kind === 'refused') this.finish(job.job_id, 'failed', result.message, null);
      else this.finish(job.job_id, 'done', null, result.result);
    } catch (err) {
      const reason = err instanceof NotYet ? err.message : `The AI provider could not be reached (${String(err)}).`;
      if (attempts >= MAX_ATTEMPTS) {
        this.finish(job.job_id, 'failed', `${reason} Gave up after ${attempts} attempts.`, null);
      } else {
        this.sql.exec('UPDATE analysis_jobs SET message = ? WHERE job_id = ?', reason, job.job_id);
        await this.deps.store.alarms.schedule('analysis', Date.now() + FIRST_RETRY_MS * 2 ** (attempts - 1));
      }
    }
    await this.mirror();
  }

  private finish(jobId: string, state: JobState, message: string | null, result: JobResult | null): void {
    this.sql.exec(
      'UPDATE analysis_jobs SET state = ?, message = ?, result = ?, finished_at = ? WHERE job_id = ?',
      state,
      message,
      result ? JSON.stringify(result) : null,
      Date.now(),
      jobId,
    );
  }

  /** Every answer's work, in question order; what needs a model is a step. */
  private plan(material: ReviewMaterial): AnswerPlan[] {
    const levels = this.levels();
    const segments = new Map(material.manifest.segments.map((s) => [s.segmentId, s]));
    const plans: AnswerPlan[] = [];
    for (const question of material.questions ?? []) {
      const stored = material.answers[question.id];
      if (!stored || question.type === 'choice' || question.type === 'scale') continue;
      const criteria = criteriaOf(question);
      const assessStep: Step | null = criteria.length > 0 ? { key: `assess:${question.id}`, what: `Rubric assessment: ${question.title}`, tokens: ASSESS_TOKENS } : null;
      if (question.type === 'video' || question.type === 'audio') {
        const take = takeSegments(stored.value).map((segmentId) => {
          const s = segments.get(segmentId);
          return { segmentId, durationMs: s?.recording?.durationMs ?? 0, mimeType: s?.mimeType ?? '', key: s?.state === 'finalized' ? this.deps.objectKey(segmentId) : null };
        });
        const speakingMs = measureTake(take.map((t) => ({ levels: levels.get(t.segmentId) ?? null, durationMs: t.durationMs })))?.speakingMs ?? null;
        const thin = speakingMs !== null && speakingMs < MIN_SPEAKING_MS ? `The recording is silent or too short: ${(speakingMs / 1000).toFixed(1)} s of speech.` : null;
        plans.push({
          question,
          criteria,
          thin,
          segments: take,
          transcribe: thin
            ? []
            : take.map((t) => ({
                key: `transcribe:${question.id}:${t.segmentId}`,
                what: `Transcript: ${question.title}`,
                tokens: minutes(t.durationMs) * TRANSCRIBE_TOKENS_PER_MINUTE,
              })),
          assess: thin ? null : assessStep,
          text: null,
          kind: 'transcript',
        });
      } else {
        const text = question.type === 'code' ? ((stored.value as { code?: string }).code ?? '') : typeof stored.value === 'string' ? stored.value : '';
        const kind = question.type === 'code' ? 'code' : 'text';
        const thin = criteria.length > 0 ? thinness(kind, text) : null;
        plans.push({ question, criteria, thin, segments: [], transcribe: [], assess: thin ? null : assessStep, text, kind });
      }
    }
    return plans;
  }

  private async work(job: JobRow, provider: AnalysisProvider | null, orgId: string): Promise<{ kind: 'done'; result: JobResult } | { kind: 'refused'; message: string }> {
    const plans = this.plan(this.deps.material());
    if (!provider) return { kind: 'done', result: withoutProvider(plans) };
    const steps = plans.flatMap((p) => [...p.transcribe, ...(p.assess ? [p.assess] : [])]).map((s) => ({ ...s, key: `${job.job_id}:${s.key}` }));
    // Up front, from what this job has not paid for yet: a refused job debits nothing.
    const paid = await debitedKeys(
      this.deps.env.DB,
      orgId,
      steps.map((s) => this.idemKey(s.key)),
    );
    const owed = steps.filter((s) => !paid.has(this.idemKey(s.key))).reduce((sum, s) => sum + s.tokens, 0);
    if (owed > 0 && job.attempts === 0) {
      const balance = await findAiTokens(this.deps.env.DB, orgId);
      if (balance < owed) return { kind: 'refused', message: shortMessage(owed, balance) };
    }
    const answers: AnswerAnalysis[] = [];
    for (const plan of plans) {
      const base = { questionId: plan.question.id, title: plan.question.title, type: plan.question.type };
      let transcript: TranscriptView | null = null;
      let text = plan.text ?? '';
      if (plan.kind === 'transcript' && !plan.thin) {
        const parts: TranscriptView[] = [];
        let offset = 0;
        for (const [i, segment] of plan.segments.entries()) {
          const step = plan.transcribe[i] as Step;
          const outcome = await this.step(job, orgId, step, () => this.transcribe(provider, segment));
          if (!outcome.ok) {
            answers.push({ ...base, transcript: null, assessment: { status: 'failed', reason: outcome.reason } });
            parts.length = 0;
            break;
          }
          const t = outcome.transcript as TranscriptView;
          parts.push({ text: t.text, segments: t.segments.map((s) => ({ ...s, startMs: s.startMs + offset, endMs: s.endMs + offset })) });
          offset += segment.durationMs;
        }
        if (parts.length === 0) continue;
        transcript = { text: parts.map((p) => p.text).join(' '), segments: parts.flatMap((p) => p.segments) };
        text = transcript.text;
      }
      answers.push({ ...base, transcript, assessment: await this.assessAnswer(job, orgId, plan, provider, transcript, text) });
    }
    const assessed = answers.flatMap((a) => (a.assessment.status === 'assessed' ? [{ questionId: a.questionId, title: a.title, score: a.assessment.score }] : []));
    const score = assessed.length > 0 ? Math.round(assessed.reduce((sum, a) => sum + a.score, 0) / assessed.length) : null;
    return { kind: 'done', result: { configured: true, models: provider.models, answers, overall: { score, breakdown: assessed } } };
  }

  private async assessAnswer(job: JobRow, orgId: string, plan: AnswerPlan, provider: AnalysisProvider, transcript: TranscriptView | null, text: string): Promise<AnswerAssessment> {
    if (plan.criteria.length === 0) return { status: 'no_rubric', reason: 'No "What a good answer covers" was written for this question.' };
    if (plan.thin) return { status: 'insufficient_data', reason: plan.thin };
    const thin = thinness(plan.kind, text);
    if (thin) return { status: 'insufficient_data', reason: thin };
    const step = plan.assess as Step;
    const outcome = await this.step(job, orgId, step, async () => {
      const input = { questionTitle: plan.question.title, questionPrompt: plan.question.prompt, criteria: plan.criteria, answerKind: plan.kind, answer: text };
      const answer = await provider.assess(input, (a) => assessmentProblem(plan.criteria, text, a));
      return answer.ok ? { ok: true, assessment: assessmentOf(plan.criteria, answer.value, transcript) } : answer;
    });
    return outcome.ok ? (outcome.assessment as AnswerAssessment) : { status: 'failed', reason: outcome.reason };
  }

  private idemKey(stepKey: string): string {
    return `analysis:${this.deps.store.identity()?.sessionId}:${stepKey}`;
  }

  /**
   * One paid call: its stored result when this job already made it, otherwise the call, stored,
   * then debited. A debit repeated after a crash is the same keyed debit, so it happens once.
   */
  private async step(job: JobRow, orgId: string, step: Step, call: () => Promise<StepResult>): Promise<StepResult> {
    const key = `${job.job_id}:${step.key}`;
    const held = this.sql.exec<{ result: string }>('SELECT result FROM analysis_steps WHERE step_key = ?', key).toArray()[0];
    let result: StepResult;
    if (held) {
      result = JSON.parse(held.result) as StepResult;
    } else {
      result = await call();
      this.sql.exec('INSERT OR REPLACE INTO analysis_steps (step_key, result, done_at) VALUES (?, ?, ?)', key, JSON.stringify(result), Date.now());
    }
    if (result.ok) {
      const debit = await debitAiTokens(
        this.deps.env.DB,
        { orgId, memberId: job.requested_by, sessionId: this.deps.store.identity()?.sessionId ?? '', what: step.what, tokens: step.tokens, idemKey: this.idemKey(key) },
        Date.now(),
      );
      if (debit.kind === 'balance_short') return { ok: false, reason: `The organization ran out of AI tokens (${debit.balance} left) before this part was paid for.` };
    }
    return result;
  }

  private async transcribe(provider: AnalysisProvider, segment: AnswerPlan['segments'][number]): Promise<StepResult> {
    if (!segment.key) throw new NotYet('A recording is still being assembled; analysis will try again.');
    const object = await this.deps.env.MEDIA.get(segment.key);
    if (!object) throw new NotYet('A recording could not be read from storage; analysis will try again.');
    const bytes = new Uint8Array(await object.arrayBuffer());
    // The model hears the answer; it never sees the candidate.
    const audio = segment.mimeType.startsWith('video/') ? audioOnly(bytes) : bytes;
    if (!audio) return { ok: false, reason: 'The recording has no audio track the transcriber can read.' };
    const outcome = await provider.transcribe(audio);
    return outcome.ok ? { ok: true, transcript: outcome.value } : outcome;
  }

  /** The view of the latest job with this moment's built-ins; overrides are added by the Worker from D1. */
  view(): Omit<AnalysisView, 'overrides'> {
    const material = this.deps.material();
    const identity = this.deps.store.identity();
    const builtins = builtinResults({
      sessionId: identity?.sessionId ?? '',
      material,
      startedAt: this.deps.startedAt(),
      levels: this.levels(),
      codeTests: this.deps.codeTests(),
    });
    const job = this.latest();
    const provider = chooseProvider(this.deps.env);
    const result = job?.result ? (JSON.parse(job.result) as JobResult) : null;
    const configured = result ? result.configured : provider !== null;
    const plans = this.plan(material);
    const answers = result?.answers ?? (configured ? pendingAnswers(plans) : withoutProvider(plans).answers);
    return {
      status: statusOf(job, result),
      message: job ? job.message : 'Analysis starts when the session finishes.',
      requestedAt: job?.requested_at ?? null,
      finishedAt: job?.finished_at ?? null,
      attempts: job?.attempts ?? 0,
      provider: { configured, models: result?.models ?? provider?.models ?? [] },
      builtins,
      answers,
      overall: result?.overall ?? { score: null, breakdown: [] },
      needsProvider: configured ? [] : NEEDS_PROVIDER,
    };
  }

  /** Puts the job's state on the session's D1 row for the Sessions tab. */
  async mirror(): Promise<void> {
    const identity = this.deps.store.identity();
    const job = this.latest();
    if (!identity || !job) return;
    const result = job.result ? (JSON.parse(job.result) as JobResult) : null;
    await mirrorAnalysisState(this.deps.env.DB, identity.orgId, identity.sessionId, statusOf(job, result), result?.overall.score ?? null);
  }
}

const NEEDS_PROVIDER = ['Transcripts of recorded answers', 'Rubric assessment against "What a good answer covers"', 'The 0–100 overall score'];

function shortMessage(cost: number, balance: number): string {
  return `This analysis needs ${cost} AI token${cost === 1 ? '' : 's'} and the organization has ${balance}. Nothing was charged. An admin can add tokens, then run the analysis again.`;
}

function statusOf(job: JobRow | null, result: JobResult | null): AnalysisStatus {
  if (!job || job.state === 'pending') return 'pending';
  if (job.state === 'failed' || !result) return 'failed';
  if (!result.configured) return 'not_configured';
  if (result.overall.score !== null) return 'done';
  return result.answers.some((a) => a.assessment.status === 'failed') ? 'failed' : 'insufficient_data';
}

function pendingAnswers(plans: AnswerPlan[]): AnswerAnalysis[] {
  return plans.map((p) => ({
    questionId: p.question.id,
    title: p.question.title,
    type: p.question.type,
    transcript: null,
    assessment: { status: 'pending', reason: 'Analysis has not finished yet.' },
  }));
}

function withoutProvider(plans: AnswerPlan[]): JobResult {
  return {
    configured: false,
    models: [],
    answers: plans.map((p) => ({
      questionId: p.question.id,
      title: p.question.title,
      type: p.question.type,
      transcript: null,
      assessment: { status: 'needs_provider', reason: 'Needs an AI provider: none is configured.' },
    })),
    overall: { score: null, breakdown: [] },
  };
}
