/**
 * Question Bank: one schema per question type (a discriminated union on `type`), shared by the
 * Worker (validation) and the app (forms). Every limit here is a product rule, named in the
 * message a client shows next to the field.
 */
import { z } from 'zod';
import { CODE_LANGUAGES } from './code';

export const QUESTION_TYPES = ['video', 'audio', 'text', 'choice', 'scale', 'code'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

const whole = (what: string) => z.number({ error: `must be a number of ${what}` }).int(`must be a whole number of ${what}`);
const text = (max: number) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);
/** Ids of options, items and tests inside one question: short, stable, chosen by the client. */
const localId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1-40 letters, digits, _ or -');

const tagsSchema = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .min(1, 'is required')
      .max(40, 'must be at most 40 characters')
      .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, 'must be letters, digits, spaces, _ or -'),
  )
  .max(20, 'must be at most 20 tags')
  .default([])
  .transform((tags) => [...new Set(tags)]);

const common = {
  title: text(200),
  prompt: text(5000),
  tags: tagsSchema,
  /**
   * "What a good answer covers", one criterion per line: what AI analysis assesses a recorded,
   * text or code answer against. The recruiter's alone: never in the candidate's copy.
   */
  goodAnswer: z.string().trim().max(4000, 'must be at most 4000 characters').optional(),
};

/** Flags the second and later uses of the same id, at the path of the offending entry. */
function uniqueIds(list: readonly { id: string }[], path: string, ctx: z.core.$RefinementCtx) {
  const seen = new Set<string>();
  list.forEach((entry, index) => {
    if (seen.has(entry.id)) ctx.addIssue({ code: 'custom', path: [path, index, 'id'], message: 'must be unique within the question' });
    seen.add(entry.id);
  });
}

const recorded = {
  /** Seconds to read and think before recording starts. */
  thinkTimeSeconds: whole('seconds').min(0, 'must be at least 0').max(600, 'must be at most 600 seconds'),
  maxAnswerSeconds: whole('seconds').min(10, 'must be at least 10 seconds').max(1800, 'must be at most 1800 seconds'),
  /** Takes allowed, the first included. */
  attempts: whole('attempts').min(1, 'must be at least 1').max(10, 'must be at most 10'),
  /** Whether the candidate may watch their take before submitting it. */
  mayReviewTake: z.boolean({ error: 'must be true or false' }),
};

const videoQuestionSchema = z.object({ type: z.literal('video'), ...common, ...recorded });
const audioQuestionSchema = z.object({ type: z.literal('audio'), ...common, ...recorded });

const textQuestionSchema = z.object({
  type: z.literal('text'),
  ...common,
  /** null: no limit. */
  wordLimit: whole('words').min(1, 'must be at least 1').max(10_000, 'must be at most 10000').nullable().default(null),
});

const choiceQuestionSchema = z
  .object({
    type: z.literal('choice'),
    ...common,
    mode: z.enum(['single', 'multiple'], { error: 'must be single or multiple' }),
    options: z
      .array(z.object({ id: localId, label: text(500) }))
      .min(2, 'must have at least 2 options')
      .max(20, 'must have at most 20 options'),
    /** Empty: not scored. */
    correctOptionIds: z.array(localId).max(20).default([]),
    /** Points for a correct answer; only meaningful with correct options. */
    points: whole('points').min(0, 'must be at least 0').max(100, 'must be at most 100').default(0),
  })
  .superRefine((q, ctx) => {
    uniqueIds(q.options, 'options', ctx);
    const ids = new Set(q.options.map((o) => o.id));
    q.correctOptionIds.forEach((id, index) => {
      if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['correctOptionIds', index], message: 'must be the id of one of the options' });
    });
    if (new Set(q.correctOptionIds).size !== q.correctOptionIds.length) {
      ctx.addIssue({ code: 'custom', path: ['correctOptionIds'], message: 'must not repeat an option' });
    }
    if (q.mode === 'single' && q.correctOptionIds.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['correctOptionIds'], message: 'a single-choice question has at most one correct option' });
    }
    if (q.points > 0 && q.correctOptionIds.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['points'], message: 'needs at least one correct option to score' });
    }
  });

const scaleQuestionSchema = z
  .object({
    type: z.literal('scale'),
    ...common,
    /** A personality or work-style trait, or a work scenario ("what would you do"). */
    keyedTo: z.enum(['trait', 'scenario'], { error: 'must be trait or scenario' }),
    /** Answer steps of each Likert item, e.g. 5 for "strongly disagree" to "strongly agree". */
    steps: whole('steps').min(3, 'must be at least 3').max(10, 'must be at most 10'),
    anchors: z.object({ low: text(60), high: text(60) }),
    items: z
      .array(
        z.object({
          id: localId,
          statement: text(500),
          /** The profile dimension this item scores into. */
          trait: text(60),
          /** Scored high-to-low: agreeing with it means less of the trait. */
          reverse: z.boolean({ error: 'must be true or false' }).default(false),
        }),
      )
      .min(1, 'must have at least 1 item')
      .max(50, 'must have at most 50 items'),
  })
  .superRefine((q, ctx) => uniqueIds(q.items, 'items', ctx));

const codeQuestionSchema = z
  .object({
    type: z.literal('code'),
    ...common,
    language: z.enum(CODE_LANGUAGES, { error: 'must be javascript, typescript or python' }),
    starterCode: z.string().max(20_000, 'must be at most 20000 characters').default(''),
    /** Run against the candidate's program: `input` on stdin, `expectedOutput` compared to stdout. */
    tests: z
      .array(
        z.object({
          id: localId,
          name: text(120),
          input: z.string().max(4_000, 'must be at most 4000 characters').default(''),
          expectedOutput: z.string().max(4_000, 'must be at most 4000 characters'),
          /** Hidden tests run at grading only; the candidate never sees them. */
          hidden: z.boolean({ error: 'must be true or false' }),
        }),
      )
      .max(30, 'must have at most 30 tests')
      .default([]),
  })
  .superRefine((q, ctx) => uniqueIds(q.tests, 'tests', ctx));

export const questionBodySchema = z.discriminatedUnion(
  'type',
  [videoQuestionSchema, audioQuestionSchema, textQuestionSchema, choiceQuestionSchema, scaleQuestionSchema, codeQuestionSchema],
  { error: `must be one of ${QUESTION_TYPES.join(', ')}` },
);

/** What a client sends to create or replace a question. */
export type QuestionInput = z.input<typeof questionBodySchema>;
/** A valid question's content, defaults filled in. */
export type QuestionBody = z.output<typeof questionBodySchema>;

export type QuestionSource = 'mine' | 'example';

export type Question = QuestionBody & {
  id: string;
  /** `example`: ships with Holdfast, read-only; copy it into My Content to change it. */
  source: QuestionSource;
  copiedFrom: string | null;
  archivedAt: number | null;
  createdAt: number;
  updatedAt: number;
};

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const questionListQuerySchema = z.object({
  source: z.enum(['mine', 'examples']).default('mine'),
  type: z.enum(QUESTION_TYPES).optional(),
  tag: z.string().trim().toLowerCase().min(1).max(40).optional(),
  q: z.string().trim().max(200).optional(),
  /** true: only archived questions; false (default): only active ones. */
  archived: booleanQuery.default(false),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type QuestionListQuery = z.output<typeof questionListQuerySchema>;
