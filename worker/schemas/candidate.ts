/**
 * The candidate API and the Sessions tab: request schemas and answer types shared with the app.
 * Candidate requests carry `Authorization: Bearer <deviceToken>`; recruiter requests the cookie
 * and CSRF token of a signed-in member.
 */
import { z } from 'zod';
import { SESSION_STATES, type SessionState } from '../state/session-states';
import { ANALYSIS_STATUSES, type AnalysisStatus } from './analysis';
import { CANDIDATE_LIMITS, candidateEmailSchema } from './candidates';
import type { CodeDraft } from './code';
import { ID_PATTERN, idSchema } from './core';
import type { SnapshotQuestion } from './interviews';
import type { InterviewOutline } from './outline';

/** Link tokens we mint are base64url; anything else cannot be one and is simply not found. */
export const linkTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{16,100}$/, 'is not a link token');

export const startRequestSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(CANDIDATE_LIMITS.name).optional(),
  email: candidateEmailSchema,
});
export type StartRequest = z.infer<typeof startRequestSchema>;

export const verifyRequestSchema = z.object({
  verificationId: idSchema,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'must be the 6 digits from the email'),
});

/** Largest answer value accepted, serialized: text answers are bounded by words, this by bytes. */
const MAX_ANSWER_BYTES = 64 * 1024;

const segmentIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, _ or -');

/**
 * A text answer, a choice (one option id, or several for a multiple choice), a scale (a step for
 * each item), a recorded answer's segments, or a program. Which shape fits which question, and
 * its limits (words, option ids, steps), is checked against the session's own copy of the question.
 */
const answerValueSchema = z.union([
  z.object({ recording: z.object({ segments: z.array(segmentIdSchema).min(1).max(100) }).strict() }).strict(),
  z.object({ code: z.string().max(MAX_ANSWER_BYTES) }).strict(),
  z.string().max(MAX_ANSWER_BYTES),
  z.array(z.string().min(1).max(100)).min(1).max(100),
  z.record(z.string().max(100), z.number().int()),
]);
export type AnswerValue = z.infer<typeof answerValueSchema>;

const MAX_QUESTION_ID_LENGTH = 100;

export const answerRequestSchema = z.object({
  clientId: idSchema,
  questionId: z.string().min(1).max(MAX_QUESTION_ID_LENGTH),
  value: answerValueSchema,
});

/**
 * A text answer's body, checked by hand: exactly what answerRequestSchema accepts and returns for
 * a body whose value is a string, without the schema library (the fast write path,
 * worker/routes/candidate/fast-writes.ts). Null for anything else, which goes to the schema.
 */
export function plainTextAnswer(body: unknown): { clientId: string; questionId: string; value: string } | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const { clientId, questionId, value } = body as Record<string, unknown>;
  if (typeof clientId !== 'string' || !ID_PATTERN.test(clientId)) return null;
  if (typeof questionId !== 'string' || questionId.length < 1 || questionId.length > MAX_QUESTION_ID_LENGTH) return null;
  if (typeof value !== 'string' || value.length > MAX_ANSWER_BYTES) return null;
  return { clientId, questionId, value };
}

export const clientWriteSchema = z.object({ clientId: idSchema });

export interface AnswerReceipt {
  clientId: string;
  questionId: string;
  answeredAt: number;
}

export interface Branding {
  orgName: string;
  accentColor: string;
  logoUrl: string | null;
}

interface InterviewIntro {
  name: string;
  format: string;
  intro: string;
  closing: string;
  branding: Branding;
}

/** `GET /api/links/:token`. */
export interface LinkInfo {
  link: { kind: 'invite' | 'public' };
  /** `outline`: counts by type, estimated minutes and what the device needs; null for a live pad. */
  interview: InterviewIntro & { questionCount: number; outline: InterviewOutline | null };
  /** Only for invite links: who the link was made for. */
  candidate: { name: string; email: string } | null;
  /** An invite link whose interview the candidate already submitted: nothing is left to start. */
  submitted: boolean;
}

/**
 * A question as the candidate's device sees it: without correct options and points, scoring keys
 * of scale items, and tags. Code questions keep only visible tests (the durable object filters
 * the hidden ones out; the type cannot say which).
 */
export type CandidateQuestion = SnapshotQuestion extends infer Q
  ? Q extends { type: 'choice' }
    ? Omit<Q, 'correctOptionIds' | 'points' | 'tags' | 'goodAnswer'>
    : Q extends { type: 'scale' }
      ? Omit<Q, 'items' | 'tags' | 'goodAnswer'> & { items: { id: string; statement: string }[] }
      : Omit<Q, 'tags' | 'goodAnswer'>
  : never;

/** What the candidate's device sees of its session: never correct answers or hidden tests. */
export interface CandidateSession {
  sessionId: string;
  status: SessionState;
  practice: boolean;
  interview: InterviewIntro;
  questions: CandidateQuestion[];
  /** As checked: a choice is always a list of option ids. */
  answers: Record<string, { value: AnswerValue; answeredAt: number }>;
  /** Index of the first unanswered question; `questions.length` when all are answered. */
  nextStep: number;
  finishedLaterAt: number | null;
  /** The latest draft the server holds of each code question: a new device resumes from it. */
  codeDrafts: Record<string, CodeDraft>;
  /** When the candidate first started. */
  startedAt: number;
  /** A take-home's deadline, fixed at the first start (the server's clock decides); null otherwise. */
  deadlineAt: number | null;
}

export interface SessionEntry {
  sessionId: string;
  deviceToken: string;
  session: CandidateSession;
}

export interface VerificationRequired {
  verificationRequired: true;
  verificationId: string;
  emailHint: string;
}

// ---- The Sessions tab (recruiter side) ----

const SESSION_SORTS = ['created', 'updated', 'name', 'analysis'] as const;

export const sessionListQuerySchema = z.object({
  status: z.enum(SESSION_STATES).optional(),
  analysis: z.enum(ANALYSIS_STATUSES).optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(SESSION_SORTS).default('created'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface SessionListItem {
  id: string;
  candidate: { id: string | null; name: string; email: string | null };
  status: SessionState;
  progress: { answered: number; total: number };
  practice: boolean;
  retakeOf: string | null;
  retakenBy: string | null;
  createdAt: number;
  updatedAt: number;
  /** The candidate's invite link; null for sessions started through the public link or the sandbox. */
  inviteUrl: string | null;
  /** From the first start to the submission (or the take-home's deadline); null until both happened. */
  timeUsedMs: number | null;
  /** The analysis state (null before the session finished) and its 0–100 score when there is one. */
  analysis: { state: AnalysisStatus | null; score: number | null };
}

export interface SessionList {
  sessions: SessionListItem[];
  nextCursor: string | null;
}

/** `POST .../candidates/bulk`: the reviewed candidates of "Import by resumes". */
export const bulkCandidatesRequestSchema = z.object({
  candidates: z
    .array(z.object({ resumeId: idSchema.optional() }).passthrough())
    .min(1, 'must list at least one candidate')
    .max(500, 'at most 500 candidates at once'),
});

export interface ImportReport {
  imported: number;
  skippedDuplicates: number;
  errors: { row: number; reason: string }[];
}

export const deleteSessionRequestSchema = z.object({ confirmName: z.string().max(CANDIDATE_LIMITS.name + 50) });

export interface QuotaView {
  used: number;
  limit: number;
  refundWindowDays: number;
}
