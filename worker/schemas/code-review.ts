/**
 * Reviewing a code answer (issue 11, "Review"): the test runs a reviewer's browser stores on the
 * session, and what the review page reads back. The event log and run shapes themselves are the
 * shared contract in ./code.ts.
 */
import { z } from 'zod';
import { type CodeLanguage, type TestOutcome, testRunRequestSchema } from './code';

/**
 * `POST /api/sessions/:sessionId/code/:questionId/test-runs`. `auto`: the run a reviewer's page
 * starts by itself the first time the answer is opened; the session keeps only the first such run
 * of a question, so two reviewers opening the answer at once store it once. "Run tests again" sends
 * `auto: false` and always adds a run. A repeated `runId` answers the run already stored.
 */
export const testRunPostSchema = testRunRequestSchema.extend({ auto: z.boolean({ error: 'must be true or false' }).default(false) }).superRefine((run, ctx) => {
  const seen = new Set<string>();
  for (const [index, outcome] of run.outcomes.entries()) {
    if (seen.has(outcome.testId)) ctx.addIssue({ code: 'custom', path: ['outcomes', index, 'testId'], message: 'must not repeat a test' });
    seen.add(outcome.testId);
  }
});
export type TestRunPost = z.output<typeof testRunPostSchema>;

/** One stored run of a question's tests, as every reviewer sees it. */
export interface StoredTestRun {
  runId: string;
  auto: boolean;
  outcomes: TestOutcome[];
  passed: number;
  /** The question's tests, visible and hidden: a run that left one out counts it as not passed. */
  total: number;
  ranAt: number;
  ranBy: { memberId: string; name: string };
}

/** A code question's tests as the session's copy holds them, hidden ones included. */
interface CodeTestCase {
  id: string;
  name: string;
  input: string;
  expectedOutput: string;
  hidden: boolean;
}

/** `GET .../code/:questionId/tests`: the full tests and every stored run, the latest last. */
export interface CodeTestsView {
  questionId: string;
  language: CodeLanguage;
  tests: CodeTestCase[];
  runs: StoredTestRun[];
}

/** `POST .../test-runs` answers the view after the write and the run that request stands for. */
export interface TestRunAnswer extends CodeTestsView {
  /** The run stored by this request, or the one stored before it (a repeated runId, a later automatic run). */
  run: StoredTestRun;
  stored: boolean;
}
