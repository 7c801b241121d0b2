/**
 * The analysis of a finished session, shared by the Worker, the session object and the dashboard:
 * what the device measures of a recorded answer's sound (sent with each segment's finish), the
 * built-in results that need no model, the AI results when a provider is configured, reviewers'
 * overrides, and the AI token ledger.
 *
 * AI results only inform a reviewer: nothing here rejects or advances a candidate.
 */
import { z } from 'zod';
import { idSchema } from './core';
import { MIN_LEVEL_INTERVAL_MS } from './limits';
import type { ScaleDimension } from './review';

/** Sound levels of a recorded segment, as the device metered them while recording. */
const MAX_LEVELS = 40_000;
export const speechLevelsSchema = z.object({
  /** One level per this many milliseconds of recording. */
  intervalMs: z.number().int().min(MIN_LEVEL_INTERVAL_MS).max(1000),
  /** Peak level of each interval, 0 (silence) to 100 (full scale). */
  levels: z.array(z.number().int().min(0).max(100)).max(MAX_LEVELS),
});
export type SpeechLevels = z.infer<typeof speechLevelsSchema>;

/** A stretch of a take, in milliseconds from the take's start (segments played one after another). */
export interface Span {
  startMs: number;
  endMs: number;
}

export interface SpeechMeasure {
  speakingMs: number;
  measuredMs: number;
  /** Silences at least LONG_SILENCE_MS long, in order. */
  silences: Span[];
}

// ---- Built-in results (no model) ----

interface ChoiceResult {
  questionId: string;
  title: string;
  points: number | null;
  maxPoints: number | null;
}

/** Reviewer-run test results of a code answer (the code review part stores them on the session object). */
export interface CodeTestResult {
  questionId: string;
  title: string;
  passed: number;
  total: number;
  ranAt: number;
}

export interface AnswerMeasures {
  questionId: string;
  title: string;
  type: string;
  /** From the previous answer (or the session's start) to this one. */
  timeTakenMs: number | null;
  /** Length of the submitted take of a recorded answer. */
  recordedMs: number | null;
  /** Takes recorded and not submitted (a recorded answer's retakes). */
  retakesUsed: number | null;
  attemptsAllowed: number | null;
  /** Null when the device sent no levels (an older app) or the answer is not recorded. */
  speech: SpeechMeasure | null;
}

export interface BuiltinResults {
  choice: ChoiceResult[];
  scaleProfile: ScaleDimension[];
  /** Null until the code review part stores test runs on the session object. */
  codeTests: CodeTestResult[] | null;
  answers: AnswerMeasures[];
  /** Offline while the interview was under way (disconnects before completing). */
  timeAwayMs: number;
  disconnects: number;
}

// ---- AI results ----

export const RUBRIC_VERDICTS = ['met', 'partly', 'not_met'] as const;
export type RubricVerdict = (typeof RUBRIC_VERDICTS)[number];

export interface TranscriptView {
  text: string;
  segments: { startMs: number; endMs: number; text: string }[];
}

export interface CriterionResult {
  criterion: string;
  verdict: RubricVerdict;
  /** Quoted from the answer (transcript, text or code); empty when nothing in it speaks to the criterion. */
  evidence: string;
  /** Where the evidence is said in a recording, ms from the take's start. */
  atMs: number | null;
}

export type AnswerAssessment =
  | { status: 'assessed'; score: number; criteria: CriterionResult[]; summary: string }
  | { status: 'insufficient_data' | 'failed' | 'no_rubric' | 'needs_provider' | 'pending'; reason: string };

export interface AnswerAnalysis {
  questionId: string;
  title: string;
  type: string;
  transcript: TranscriptView | null;
  assessment: AnswerAssessment;
}

export const ANALYSIS_STATUSES = ['pending', 'done', 'insufficient_data', 'failed', 'not_configured'] as const;
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number];

export interface ScoreOverride {
  score: number;
  by: string;
  byName: string;
  at: number;
}

export interface AnalysisView {
  status: AnalysisStatus;
  /** Why a job failed or was refused (too few AI tokens), in words for the reviewer. */
  message: string | null;
  requestedAt: number | null;
  finishedAt: number | null;
  attempts: number;
  provider: { configured: boolean; models: string[] };
  builtins: BuiltinResults;
  answers: AnswerAnalysis[];
  overall: { score: number | null; breakdown: { questionId: string; title: string; score: number }[] };
  /** Reviewers' scores, kept beside the AI's; by question id, and `overall`. */
  overrides: Record<string, ScoreOverride>;
  /** What the panel cannot show without a provider. */
  needsProvider: string[];
}

export const OVERALL_KEY = 'overall';

export const overrideParamsSchema = z.object({
  sessionId: idSchema,
  target: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be a question id or overall'),
});
/** `score: null` withdraws the caller's override. */
export const overrideRequestSchema = z.strictObject({
  score: z.number().int('must be a whole number from 0 to 100').min(0, 'must be from 0 to 100').max(100, 'must be from 0 to 100').nullable(),
});

// ---- Ledger ----

export interface LedgerEntry {
  id: string;
  at: number;
  tokens: number;
  what: string;
  sessionId: string | null;
  /** The member who asked (a re-run), null when the session's finishing started it. */
  memberName: string | null;
}

export interface LedgerView {
  balance: number;
  entries: LedgerEntry[];
}
