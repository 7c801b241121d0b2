/**
 * The test runs of code answers (object migration 9), stored by reviewers' browsers: the hidden
 * tests run there, in the sandbox, never on the Worker. The first automatic run of a question is
 * kept once whoever sends it first; "Run tests again" adds runs; a repeated run id answers the run
 * already stored. The latest run's score of each question is mirrored to D1 for the CSV export.
 */
import { type CodeScoreRow, saveCodeScores } from '../worker/db/code-scores';
import type { TestOutcome } from '../worker/schemas/code';
import type { CodeTestsView, StoredTestRun, TestRunPost } from '../worker/schemas/code-review';
import type { SnapshotQuestion } from '../worker/schemas/interviews';
import type { SessionStore } from './store';

type CodeQuestion = Extract<SnapshotQuestion, { type: 'code' }>;

export type TestRunResult =
  | { kind: 'stored' | 'already_stored'; run: StoredTestRun; view: CodeTestsView }
  | { kind: 'not_a_code_question' }
  | { kind: 'unknown_tests'; testIds: string[] }
  /** The run id was used for another question's run. */
  | { kind: 'run_id_taken' };

interface RunRow {
  seq: number;
  run_id: string;
  question_id: string;
  auto: number;
  outcomes: string;
  passed: number;
  total: number;
  ran_at: number;
  member_id: string;
  member_name: string;
  [key: string]: SqlStorageValue;
}

const COLUMNS = 'seq, run_id, question_id, auto, outcomes, passed, total, ran_at, member_id, member_name';

const runOf = (row: RunRow): StoredTestRun => ({
  runId: row.run_id,
  auto: row.auto === 1,
  outcomes: JSON.parse(row.outcomes) as TestOutcome[],
  passed: row.passed,
  total: row.total,
  ranAt: row.ran_at,
  ranBy: { memberId: row.member_id, name: row.member_name },
});

const OWED = 'code_scores_owed';

export class CodeTestRuns {
  constructor(private readonly store: SessionStore) {}

  private codeQuestion(questionId: string): CodeQuestion | null {
    const question = this.store.question(questionId);
    return question?.type === 'code' ? question : null;
  }

  /** The question's full tests (hidden ones too) and its runs, oldest first; null if it is not a code question. */
  view(questionId: string): CodeTestsView | null {
    const question = this.codeQuestion(questionId);
    if (!question) return null;
    const rows = this.store.sql.exec<RunRow>(`SELECT ${COLUMNS} FROM code_test_runs WHERE question_id = ? ORDER BY seq`, questionId).toArray();
    return {
      questionId,
      language: question.language,
      tests: question.tests.map((t) => ({ id: t.id, name: t.name, input: t.input, expectedOutput: t.expectedOutput, hidden: t.hidden })),
      runs: rows.map(runOf),
    };
  }

  /**
   * Stores a run. Everything between the checks and the insert is synchronous SQL, so two
   * requests that arrive together are serialized: the second automatic run finds the first.
   */
  record(questionId: string, post: TestRunPost, by: { memberId: string; name: string }, now: number): TestRunResult {
    const question = this.codeQuestion(questionId);
    if (!question) return { kind: 'not_a_code_question' };
    const sql = this.store.sql;
    const existing = (where: string, ...bindings: SqlStorageValue[]) =>
      sql.exec<RunRow>(`SELECT ${COLUMNS} FROM code_test_runs WHERE ${where} ORDER BY seq LIMIT 1`, ...bindings).toArray()[0];
    const answer = (kind: 'stored' | 'already_stored', row: RunRow): TestRunResult => ({ kind, run: runOf(row), view: this.view(questionId) as CodeTestsView });

    const same = existing('run_id = ?', post.runId);
    if (same) return same.question_id === questionId ? answer('already_stored', same) : { kind: 'run_id_taken' };
    const known = new Set(question.tests.map((t) => t.id));
    const unknown = post.outcomes.map((o) => o.testId).filter((id) => !known.has(id));
    if (unknown.length > 0) return { kind: 'unknown_tests', testIds: unknown };
    if (post.auto) {
      const first = existing('question_id = ? AND auto = 1', questionId);
      if (first) return answer('already_stored', first);
    }
    const passed = post.outcomes.filter((o) => o.passed).length;
    sql.exec(
      'INSERT INTO code_test_runs (run_id, question_id, auto, outcomes, passed, total, ran_at, member_id, member_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      post.runId,
      questionId,
      post.auto ? 1 : 0,
      JSON.stringify(post.outcomes),
      passed,
      question.tests.length,
      now,
      by.memberId,
      by.name,
    );
    this.store.setMeta(OWED, '1');
    return answer('stored', existing('run_id = ?', post.runId) as RunRow);
  }

  /** The latest run's score of every question, in the order they were run: the export's and the analysis's. */
  latestScores(): (CodeScoreRow & { ranAt: number })[] {
    return this.store.sql
      .exec<{ question_id: string; seq: number; passed: number; total: number; ran_at: number }>(
        `SELECT question_id, seq, passed, total, ran_at FROM code_test_runs r
         WHERE seq = (SELECT max(seq) FROM code_test_runs WHERE question_id = r.question_id) ORDER BY seq`,
      )
      .toArray()
      .map((r) => ({ questionId: r.question_id, runSeq: r.seq, passed: r.passed, total: r.total, ranAt: r.ran_at }));
  }

  /** The latest scores, when owed to D1 since a run was stored. */
  owedScores(): CodeScoreRow[] | null {
    return this.store.meta(OWED) === '1' ? this.latestScores() : null;
  }

  /**
   * Writes the owed scores to D1; throws when D1 fails (the object's alarm retries). A run stored
   * while D1 was being written keeps them owed.
   */
  async mirror(db: D1Database, identity: { orgId: string; sessionId: string }): Promise<void> {
    const scores = this.owedScores();
    if (!scores) return;
    const through = Math.max(...scores.map((s) => s.runSeq));
    await saveCodeScores(db, identity, scores);
    const latest = this.store.sql.exec<{ seq: number | null }>('SELECT max(seq) AS seq FROM code_test_runs').toArray()[0]?.seq ?? 0;
    if (latest <= through) this.store.deleteMeta(OWED);
  }
}
