/** Typed D1 queries for the Question Bank. Database first, explicit row mapping. */
import { EXAMPLE_QUESTIONS, type ExampleQuestion, findExampleQuestion } from '../examples';
import type { Question, QuestionBody, QuestionListQuery } from '../schemas/questions';

interface QuestionRecord {
  id: string;
  body: string;
  copied_from: string | null;
  archived_at: number | null;
  created_at: number;
  updated_at: number;
}

// The body column only ever holds what questionBodySchema produced (see insertQuestion).
const toQuestion = (r: QuestionRecord): Question => ({
  ...(JSON.parse(r.body) as QuestionBody),
  id: r.id,
  source: 'mine',
  copiedFrom: r.copied_from,
  archivedAt: r.archived_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const exampleAsQuestion = (example: ExampleQuestion): Question => ({
  ...example.body,
  id: example.id,
  source: 'example',
  copiedFrom: null,
  archivedAt: null,
  createdAt: 0,
  updatedAt: 0,
});

/** A question's content without the bank's bookkeeping: what copies and snapshots carry. */
export function questionBodyOf(question: Question): QuestionBody {
  const { id: _id, source: _source, copiedFrom: _copiedFrom, archivedAt: _archivedAt, createdAt: _createdAt, updatedAt: _updatedAt, ...body } = question;
  return body as QuestionBody;
}

const searchTextOf = (body: QuestionBody) => [body.title, body.prompt, ...body.tags].join('\n').toLowerCase();

export async function insertQuestion(
  db: D1Database,
  question: { id: string; orgId: string; body: QuestionBody; copiedFrom: string | null; createdBy: string; now: number },
): Promise<void> {
  const { body } = question;
  await db
    .prepare(
      `INSERT INTO questions (id, org_id, type, title, tags, body, search_text, copied_from, created_by, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)`,
    )
    .bind(
      question.id,
      question.orgId,
      body.type,
      body.title,
      JSON.stringify(body.tags),
      JSON.stringify(body),
      searchTextOf(body),
      question.copiedFrom,
      question.createdBy,
      question.now,
    )
    .run();
}

export function replaceQuestionBodyStatement(db: D1Database, orgId: string, questionId: string, body: QuestionBody, now: number): D1PreparedStatement {
  return db
    .prepare('UPDATE questions SET type = ?, title = ?, tags = ?, body = ?, search_text = ?, updated_at = ? WHERE id = ? AND org_id = ?')
    .bind(body.type, body.title, JSON.stringify(body.tags), JSON.stringify(body), searchTextOf(body), now, questionId, orgId);
}

export async function setQuestionArchived(db: D1Database, orgId: string, questionId: string, archivedAt: number | null, now: number): Promise<void> {
  await db.prepare('UPDATE questions SET archived_at = ?, updated_at = ? WHERE id = ? AND org_id = ?').bind(archivedAt, now, questionId, orgId).run();
}

/** The organization's own question; another organization's id finds nothing. */
export async function findOwnQuestion(db: D1Database, orgId: string, questionId: string): Promise<Question | null> {
  const row = await db
    .prepare('SELECT id, body, copied_from, archived_at, created_at, updated_at FROM questions WHERE id = ? AND org_id = ?')
    .bind(questionId, orgId)
    .first<QuestionRecord>();
  return row ? toQuestion(row) : null;
}

/** A question this organization can see: its own, or one of the examples everyone shares. */
export async function findBankQuestion(db: D1Database, orgId: string, questionId: string): Promise<Question | null> {
  const example = findExampleQuestion(questionId);
  return example ? exampleAsQuestion(example) : findOwnQuestion(db, orgId, questionId);
}

/** Several questions at once, by id, as the organization sees them (missing ids are left out). */
export async function findBankQuestions(db: D1Database, orgId: string, questionIds: readonly string[]): Promise<Map<string, Question>> {
  const found = new Map<string, Question>();
  const own = [...new Set(questionIds)].filter((id) => {
    const example = findExampleQuestion(id);
    if (example) found.set(id, exampleAsQuestion(example));
    return !example;
  });
  if (own.length > 0) {
    const { results } = await db
      .prepare(
        `SELECT id, body, copied_from, archived_at, created_at, updated_at FROM questions
         WHERE org_id = ? AND id IN (SELECT value FROM json_each(?))`,
      )
      .bind(orgId, JSON.stringify(own))
      .all<QuestionRecord>();
    for (const row of results) found.set(row.id, toQuestion(row));
  }
  return found;
}

function matches(question: Question, query: QuestionListQuery): boolean {
  if (query.type && question.type !== query.type) return false;
  if (query.tag && !question.tags.includes(query.tag)) return false;
  if (query.q && ![question.title, question.prompt, ...question.tags].join('\n').toLowerCase().includes(query.q.toLowerCase())) return false;
  return true;
}

/** Keyset pagination: the cursor is the last row's (updated_at, id), never an OFFSET. */
const encodeCursor = (q: Question) => `${q.updatedAt}.${q.id}`;
function decodeCursor(cursor: string | undefined): { updatedAt: number; id: string } | null {
  const [, updatedAt, id] = cursor?.match(/^(\d{1,16})\.([A-Za-z0-9_-]{1,64})$/) ?? [];
  return updatedAt && id ? { updatedAt: Number(updatedAt), id } : null;
}

export async function listQuestions(db: D1Database, orgId: string, query: QuestionListQuery): Promise<{ questions: Question[]; nextCursor: string | null }> {
  if (query.source === 'examples') {
    return { questions: query.archived ? [] : EXAMPLE_QUESTIONS.map(exampleAsQuestion).filter((q) => matches(q, query)), nextCursor: null };
  }
  const after = decodeCursor(query.cursor);
  const { results } = await db
    .prepare(
      `SELECT id, body, copied_from, archived_at, created_at, updated_at FROM questions
       WHERE org_id = ?1
         AND (CASE WHEN ?2 THEN archived_at IS NOT NULL ELSE archived_at IS NULL END)
         AND (?3 IS NULL OR type = ?3)
         AND (?4 IS NULL OR EXISTS (SELECT 1 FROM json_each(questions.tags) WHERE value = ?4))
         AND (?5 IS NULL OR instr(search_text, ?5) > 0)
         AND (?6 IS NULL OR updated_at < ?6 OR (updated_at = ?6 AND id > ?7))
       ORDER BY updated_at DESC, id
       LIMIT ?8`,
    )
    .bind(
      orgId,
      query.archived ? 1 : 0,
      query.type ?? null,
      query.tag ?? null,
      query.q ? query.q.toLowerCase() : null,
      after?.updatedAt ?? null,
      after?.id ?? null,
      query.limit + 1,
    )
    .all<QuestionRecord>();
  const page = results.slice(0, query.limit).map(toQuestion);
  const last = page[page.length - 1];
  return { questions: page, nextCursor: results.length > query.limit && last ? encodeCursor(last) : null };
}

/** Tags in use on the organization's active questions, for the bank's filter. */
export async function listQuestionTags(db: D1Database, orgId: string): Promise<{ tag: string; count: number }[]> {
  const { results } = await db
    .prepare(
      `SELECT t.value AS tag, count(*) AS count FROM questions q, json_each(q.tags) t
       WHERE q.org_id = ? AND q.archived_at IS NULL GROUP BY t.value ORDER BY count DESC, tag`,
    )
    .bind(orgId)
    .all<{ tag: string; count: number }>();
  return results;
}
