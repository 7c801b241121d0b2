/** Interviews: request schemas and answer types shared by the Worker and the app. */
import { z } from 'zod';
import { idSchema } from './core';
import type { QuestionBody, QuestionSource, QuestionType } from './questions';

export const INTERVIEW_FORMATS = ['one_way', 'take_home', 'live'] as const;
export type InterviewFormat = (typeof INTERVIEW_FORMATS)[number];

/** Most questions one interview holds. */
const MAX_INTERVIEW_QUESTIONS = 50;
/** Longest take-home deadline: 30 days. */
const MAX_DEADLINE_HOURS = 720;

export const interviewInputSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    format: z.enum(INTERVIEW_FORMATS, { error: 'must be one_way, take_home or live' }),
    /** Shown to the candidate before the first question, and after the last. */
    intro: z.string().trim().max(5000, 'must be at most 5000 characters').default(''),
    closing: z.string().trim().max(5000, 'must be at most 5000 characters').default(''),
    /** Take-home only: hours from the candidate's start until it is submitted for them. */
    deadlineHours: z
      .number({ error: 'must be a number of hours' })
      .int('must be a whole number of hours')
      .min(1, 'must be at least 1 hour')
      .max(MAX_DEADLINE_HOURS, `must be at most ${MAX_DEADLINE_HOURS} hours`)
      .nullable()
      .default(null),
    /** Take-home only: an absolute deadline, ms since the epoch; with hours too, the earlier one holds. */
    deadlineAt: z.number({ error: 'must be a time in milliseconds' }).int('must be a whole number of milliseconds').positive('must be a time').nullable().default(null),
    /** Bank question ids (the organization's own or examples), in the order asked. */
    questionIds: z.array(idSchema).max(MAX_INTERVIEW_QUESTIONS, `must have at most ${MAX_INTERVIEW_QUESTIONS} questions`).default([]),
    /** When given, the edit applies only if the interview is still at this version (else 409). */
    expectedVersion: z.number().int().min(1).optional(),
  })
  .superRefine((interview, ctx) => {
    if (interview.format === 'take_home' && interview.deadlineHours === null && interview.deadlineAt === null) {
      ctx.addIssue({ code: 'custom', path: ['deadlineHours'], message: 'a take-home interview needs a deadline' });
    }
    if (interview.format !== 'take_home' && interview.deadlineHours !== null) {
      ctx.addIssue({ code: 'custom', path: ['deadlineHours'], message: 'only take-home interviews have a deadline' });
    }
    if (interview.format !== 'take_home' && interview.deadlineAt !== null) {
      ctx.addIssue({ code: 'custom', path: ['deadlineAt'], message: 'only take-home interviews have a deadline' });
    }
    const seen = new Set<string>();
    interview.questionIds.forEach((id, index) => {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['questionIds', index], message: 'is already in this interview' });
      seen.add(id);
    });
  });
export type InterviewInput = z.input<typeof interviewInputSchema>;

export const publicLinkRequestSchema = z.object({ enabled: z.boolean({ error: 'must be true or false' }) });

export const interviewListQuerySchema = z.object({
  archived: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false),
});

/** A question as a session copies it: the full body, with the bank id it came from. */
export type SnapshotQuestion = QuestionBody & { id: string };

/**
 * One version of an interview, complete: what a session copies into its Durable Object when it
 * starts, so later edits of the interview or its questions never reach it.
 */
export interface InterviewSnapshot {
  interviewId: string;
  version: number;
  name: string;
  format: InterviewFormat;
  intro: string;
  closing: string;
  deadlineHours: number | null;
  /** Take-home only: an absolute deadline (ms since the epoch); absent in snapshots made before it existed. */
  deadlineAt?: number | null;
  questions: SnapshotQuestion[];
}

interface PublicLink {
  enabled: boolean;
  /** >= 128 random bits, base64url; null when the link is off. */
  token: string | null;
  /** Where candidates start; null when the link is off. */
  url: string | null;
}

interface InterviewQuestionSummary {
  id: string;
  type: QuestionType;
  title: string;
  source: QuestionSource;
  archived: boolean;
}

export interface Interview {
  id: string;
  name: string;
  format: InterviewFormat;
  intro: string;
  closing: string;
  deadlineHours: number | null;
  deadlineAt: number | null;
  version: number;
  questions: InterviewQuestionSummary[];
  publicLink: PublicLink;
  /** From the organization's settings: candidates see the organization's logo and colour. */
  branding: { accentColor: string; logoUrl: string | null };
  archivedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface InterviewListItem {
  id: string;
  name: string;
  format: InterviewFormat;
  version: number;
  questionCount: number;
  publicLinkEnabled: boolean;
  archivedAt: number | null;
  updatedAt: number;
}

export interface InterviewVersionSummary {
  version: number;
  createdAt: number;
  createdBy: string;
}
