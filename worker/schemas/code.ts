/**
 * Code questions, take-homes and pads: the shapes the candidate's device, the Worker, the
 * session's Durable Object and the reviewer's browser share. One event log format serves
 * code answers (issue 11) and pads (issue 12); one runner contract serves the candidate's
 * Run, the reviewer's hidden tests and a pad's shared output.
 */
import { z } from 'zod';

export const CODE_LANGUAGES = ['javascript', 'typescript', 'python'] as const;
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];

/** Most bytes of stdout plus stderr a run keeps; beyond it the run stops with `output_limit`. */
export const RUN_OUTPUT_LIMIT_BYTES = 64 * 1024;
/** Wall-clock limit of one run, from the Run click to the sandbox's answer. */
export const RUN_TIME_LIMIT_MS = 5_000;

export type RunStatus = 'ok' | 'error' | 'timeout' | 'output_limit';

/** What a run produced. `ms` is wall clock from the request to the answer, as the user lives it. */
export interface RunResult {
  status: RunStatus;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunRequest {
  language: CodeLanguage;
  source: string;
  stdin: string;
  timeLimitMs?: number;
  outputLimitBytes?: number;
}

/** A test compares stdout to `expectedOutput` after trimming trailing whitespace of each line and the end. */
export interface TestOutcome {
  testId: string;
  name: string;
  passed: boolean;
  result: RunResult;
}

const runResultSchema = z.object({
  status: z.enum(['ok', 'error', 'timeout', 'output_limit']),
  stdout: z.string().max(RUN_OUTPUT_LIMIT_BYTES),
  stderr: z.string().max(RUN_OUTPUT_LIMIT_BYTES),
  ms: z.number().int().min(0).max(600_000),
});

/**
 * A CodeMirror `ChangeSet.toJSON()`: per range, a number (length kept) or `[deleted, ...inserted lines]`.
 * Applied in order to the starter code, the log rebuilds the document at any moment.
 */
const changeJsonSchema = z.array(z.union([z.number().int().min(0), z.array(z.union([z.number().int().min(0), z.string()])).min(1)])).max(10_000);

/**
 * One entry of a code answer's event log. `t` is the device's clock in ms since the epoch;
 * the server stores its own receive time beside it and never trusts `t` for deadlines.
 */
const codeEventSchema = z.discriminatedUnion('k', [
  z.object({ k: z.literal('change'), t: z.number().int(), changes: changeJsonSchema }).strict(),
  z.object({ k: z.literal('run'), t: z.number().int(), stdin: z.string().max(4_000), result: runResultSchema, testId: z.string().max(40).optional() }).strict(),
  z.object({ k: z.literal('paste'), t: z.number().int(), size: z.number().int().min(0) }).strict(),
  z.object({ k: z.literal('blur'), t: z.number().int() }).strict(),
  z.object({ k: z.literal('focus'), t: z.number().int() }).strict(),
]);
export type CodeEvent = z.infer<typeof codeEventSchema>;

/** CodeMirror keeps `\n` inside its document whatever the starter code used. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Applies one `ChangeSet.toJSON()` to `doc`: per section, a number keeps that many characters,
 * `[deleted, ...insertedLines]` replaces them. Returns null when the change does not fit the
 * document (its sections must cover it exactly), as CodeMirror's own `ChangeSet.fromJSON` would refuse. Shared by the
 * session object (it rebuilds every draft) and the device (it sends the document after each batch)
 * so the two agree without loading CodeMirror where it is not needed.
 */
export function applyChangeJson(doc: string, changes: readonly (number | readonly (number | string)[])[]): string | null {
  const out: string[] = [];
  let pos = 0;
  for (const section of changes) {
    if (typeof section === 'number') {
      if (pos + section > doc.length) return null;
      out.push(doc.slice(pos, pos + section));
      pos += section;
      continue;
    }
    const [deleted, ...lines] = section;
    if (typeof deleted !== 'number' || lines.some((line) => typeof line !== 'string')) return null;
    if (pos + deleted > doc.length) return null;
    pos += deleted;
    if (lines.length > 0) out.push(lines.join('\n'));
  }
  return pos === doc.length ? out.join('') : null;
}

/** Most events one upload carries; a device with more pending sends several, in order. */
export const MAX_EVENTS_PER_BATCH = 500;

/**
 * `POST /api/candidate/code/:questionId/events`: events `fromSeq .. fromSeq + events.length - 1`
 * (numbered by the device from 0 per question, gap-free) and the document after the last one.
 * Idempotent: events already held are skipped; a gap answers 409 with the sequence expected.
 */
export const codeEventsRequestSchema = z.object({
  fromSeq: z.number().int().min(0),
  events: z.array(codeEventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
  code: z.string().max(64 * 1024),
});
export type CodeEventsRequest = z.infer<typeof codeEventsRequestSchema>;

/** Largest events request body: one batch of typing, or a single large paste, never a whole history. */
export const MAX_CODE_EVENTS_BODY_BYTES = 1024 * 1024;
/**
 * What one session's logs may hold in total, all questions together: about 30 hours of steady
 * typing. Beyond it events answer 413 `code_log_full` (the draft already held is kept).
 */
export const MAX_CODE_EVENTS_PER_SESSION = 200_000;
export const MAX_CODE_EVENT_BYTES_PER_SESSION = 32 * 1024 * 1024;

/** The latest document the server holds for a code question, and how much of its log. */
export interface CodeDraft {
  code: string;
  heldThrough: number;
}

export interface CodeEventsReceipt {
  /** Events `0 .. heldThrough - 1` are durable on the server. */
  heldThrough: number;
}

/** What a reviewer's playback loads: the starter code, then every event with the server's receive time. */
export interface CodeTimeline {
  questionId: string;
  language: CodeLanguage;
  starterCode: string;
  events: (CodeEvent & { seq: number; receivedAt: number })[];
  /** The code as submitted (the answer), or the latest draft when not submitted. */
  finalCode: string;
  /**
   * Work that reached the server after a take-home's deadline and was refused (it stays on the
   * candidate's device): a signal for the reviewer, never part of the answer. Null when none.
   */
  lateRefused: { batches: number; events: number; lastAt: number } | null;
}

/** Results of a code question's tests as a reviewer's browser ran them; stored once per run id. */
export const testRunRequestSchema = z.object({
  runId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  outcomes: z.array(z.object({ testId: z.string().max(40), name: z.string().max(120), passed: z.boolean(), result: runResultSchema })).max(30),
});
