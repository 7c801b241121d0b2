import { Hono } from 'hono';
import { requirePermission } from '../auth/guard';
import { owned } from '../auth/owned';
import type { AppEnv } from '../context';
import { interviewRefreshStatements, runInterviewBatch } from '../db/interviews';
import {
  findBankQuestion,
  findOwnQuestion,
  insertQuestion,
  listQuestions,
  listQuestionTags,
  questionBodyOf,
  replaceQuestionBodyStatement,
  setQuestionArchived,
} from '../db/questions';
import { conflict, notFound } from '../errors';
import { type Question, questionBodySchema, questionListQuerySchema } from '../schemas/questions';
import { validate } from '../validate';

/** Examples are shared by every organization and never change: copy one to edit it. */
const exampleReadOnly = () => conflict('example_read_only', 'Example questions cannot be changed. Duplicate it into My Content and edit the copy.');

const bankQuestion = owned('question', 'questionId', 'question', (db, me, id) => findBankQuestion(db, me.orgId, id));

async function mustFind(db: D1Database, orgId: string, questionId: string): Promise<Question> {
  const question = await findOwnQuestion(db, orgId, questionId);
  if (!question) throw notFound('No such question');
  return question;
}

export const questions = new Hono<AppEnv>()
  /** `?source=mine|examples&type=&tag=&q=&archived=true|false&limit=&cursor=` */
  .get('/', requirePermission('questions.read'), validate('query', questionListQuerySchema), async (c) => {
    return c.json(await listQuestions(c.env.DB, c.var.member.orgId, c.req.valid('query')), 200);
  })

  .get('/tags', requirePermission('questions.read'), async (c) => {
    return c.json({ tags: await listQuestionTags(c.env.DB, c.var.member.orgId) }, 200);
  })

  .post('/', requirePermission('questions.write'), validate('json', questionBodySchema), async (c) => {
    const me = c.var.member;
    const id = crypto.randomUUID();
    await insertQuestion(c.env.DB, { id, orgId: me.orgId, body: c.req.valid('json'), copiedFrom: null, createdBy: me.memberId, now: Date.now() });
    return c.json({ question: await mustFind(c.env.DB, me.orgId, id) }, 201);
  })

  .get('/:questionId', requirePermission('questions.read'), bankQuestion, async (c) => {
    return c.json({ question: c.var.question }, 200);
  })

  /**
   * Replaces the question's content (the whole body, validated by type). Interviews that use it
   * get a new version; sessions already started keep the copy they took.
   */
  .put('/:questionId', requirePermission('questions.write'), bankQuestion, validate('json', questionBodySchema), async (c) => {
    const me = c.var.member;
    const question = c.var.question;
    if (question.source === 'example') throw exampleReadOnly();
    const body = c.req.valid('json');
    const now = Date.now();
    // The question and every interview using it change together, or not at all.
    const refreshes = await interviewRefreshStatements(c.env.DB, { orgId: me.orgId, questionId: question.id, body, updatedBy: me.memberId, now });
    await runInterviewBatch(c.env.DB, [replaceQuestionBodyStatement(c.env.DB, me.orgId, question.id, body, now), ...refreshes]);
    return c.json({ question: await mustFind(c.env.DB, me.orgId, question.id) }, 200);
  })

  /** Copies a question, or an example, into My Content. */
  .post('/:questionId/duplicate', requirePermission('questions.write'), bankQuestion, async (c) => {
    const me = c.var.member;
    const source = c.var.question;
    const body = questionBodyOf(source);
    const title = source.source === 'example' ? body.title : `Copy of ${body.title}`.slice(0, 200);
    const id = crypto.randomUUID();
    await insertQuestion(c.env.DB, { id, orgId: me.orgId, body: { ...body, title }, copiedFrom: source.id, createdBy: me.memberId, now: Date.now() });
    return c.json({ question: await mustFind(c.env.DB, me.orgId, id) }, 201);
  })

  /** Archived questions leave the bank's lists and cannot be added to interviews; nothing is lost. */
  .post('/:questionId/archive', requirePermission('questions.write'), bankQuestion, async (c) => {
    const question = c.var.question;
    if (question.source === 'example') throw exampleReadOnly();
    const now = Date.now();
    if (question.archivedAt === null) await setQuestionArchived(c.env.DB, c.var.member.orgId, question.id, now, now);
    return c.json({ question: await mustFind(c.env.DB, c.var.member.orgId, question.id) }, 200);
  })

  .post('/:questionId/restore', requirePermission('questions.write'), bankQuestion, async (c) => {
    const question = c.var.question;
    if (question.source === 'example') throw exampleReadOnly();
    if (question.archivedAt !== null) await setQuestionArchived(c.env.DB, c.var.member.orgId, question.id, null, Date.now());
    return c.json({ question: await mustFind(c.env.DB, c.var.member.orgId, question.id) }, 200);
  });
