import { describe, expect, it } from 'vitest';
import { EXAMPLE_QUESTIONS } from '../../../worker/examples';
import { QUESTION_TYPES, type Question, questionBodySchema } from '../../../worker/schemas/questions';
import { type Account, addMember, as, register } from '../support/auth-helpers';
import { VALID_QUESTIONS } from '../support/questions-fixtures';

type Answer = { question: Question };
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; fields?: Record<string, string> } }).error;

async function create(owner: Account, body: unknown): Promise<Question> {
  const res = await as(owner).send('POST', '/api/questions', body);
  expect(res.status).toBe(201);
  return ((await res.json()) as Answer).question;
}

async function list(owner: Account, query = ''): Promise<{ questions: Question[]; nextCursor: string | null }> {
  const res = await as(owner).get(`/api/questions${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { questions: Question[]; nextCursor: string | null };
}

describe('the Question Bank', () => {
  it('saves a question of every type and answers it back with defaults filled in', async () => {
    const owner = await register('bank');
    for (const type of QUESTION_TYPES) {
      const question = await create(owner, VALID_QUESTIONS[type]);
      expect(question).toMatchObject({ ...questionBodySchema.parse(VALID_QUESTIONS[type]), source: 'mine', archivedAt: null, copiedFrom: null });
      const fetched = await as(owner).get(`/api/questions/${question.id}`);
      expect(((await fetched.json()) as Answer).question).toEqual(question);
    }
    expect((await list(owner)).questions).toHaveLength(QUESTION_TYPES.length);
  });

  it('normalizes tags: trimmed, lower-case, without repeats', async () => {
    const owner = await register('tags');
    const question = await create(owner, { ...VALID_QUESTIONS.text, tags: [' Remote ', 'remote', 'Senior Role'] });
    expect(question.tags).toEqual(['remote', 'senior role']);
  });

  it('edits a question in place, validated by its type', async () => {
    const owner = await register('edit');
    const question = await create(owner, VALID_QUESTIONS.video);
    const res = await as(owner).send('PUT', `/api/questions/${question.id}`, { ...VALID_QUESTIONS.video, attempts: 5, title: 'Renamed' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Answer).question).toMatchObject({ id: question.id, attempts: 5, title: 'Renamed' });
    const bad = await as(owner).send('PUT', `/api/questions/${question.id}`, { ...VALID_QUESTIONS.video, attempts: 0 });
    expect(bad.status).toBe(400);
    expect(Object.keys((await errorOf(bad)).fields ?? {})).toEqual(['attempts']);
    // The refused edit left the saved question as it was.
    expect(((await (await as(owner).get(`/api/questions/${question.id}`)).json()) as Answer).question).toMatchObject({ attempts: 5 });
  });

  it('searches by words, filters by type and tag, and pages with a cursor', async () => {
    const owner = await register('search');
    await create(owner, { ...VALID_QUESTIONS.text, title: 'Salary expectations', tags: ['logistics'] });
    await create(owner, { ...VALID_QUESTIONS.text, title: 'Notice period', prompt: 'When could you START?', tags: ['logistics'] });
    await create(owner, VALID_QUESTIONS.code);
    await create(owner, VALID_QUESTIONS.choice);

    expect((await list(owner, '?q=start')).questions.map((q) => q.title)).toEqual(['Notice period']);
    expect((await list(owner, '?type=code')).questions.map((q) => q.type)).toEqual(['code']);
    expect((await list(owner, '?tag=logistics')).questions.map((q) => q.title).sort()).toEqual(['Notice period', 'Salary expectations']);
    const tags = (await (await as(owner).get('/api/questions/tags')).json()) as { tags: { tag: string; count: number }[] };
    expect(tags.tags[0]).toEqual({ tag: 'logistics', count: 2 });

    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { questions: Question[]; nextCursor: string | null } = await list(owner, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.questions.map((q) => q.id));
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(4);
    expect(seen).toHaveLength(4);
  });

  it('archives and restores: archived questions leave the list but are not lost', async () => {
    const owner = await register('archive');
    const question = await create(owner, VALID_QUESTIONS.audio);
    const archived = await as(owner).send('POST', `/api/questions/${question.id}/archive`);
    expect(((await archived.json()) as Answer).question.archivedAt).toEqual(expect.any(Number));
    expect((await list(owner)).questions).toHaveLength(0);
    expect((await list(owner, '?archived=true')).questions.map((q) => q.id)).toEqual([question.id]);
    const restored = await as(owner).send('POST', `/api/questions/${question.id}/restore`);
    expect(((await restored.json()) as Answer).question.archivedAt).toBeNull();
    expect((await list(owner)).questions.map((q) => q.id)).toEqual([question.id]);
  });

  it('duplicates a question into a new, independent one', async () => {
    const owner = await register('duplicate');
    const original = await create(owner, VALID_QUESTIONS.scale);
    const res = await as(owner).send('POST', `/api/questions/${original.id}/duplicate`);
    expect(res.status).toBe(201);
    const copy = ((await res.json()) as Answer).question;
    expect(copy.id).not.toBe(original.id);
    expect(copy).toMatchObject({ title: `Copy of ${original.title}`, copiedFrom: original.id, items: original.type === 'scale' ? original.items : [] });
    await as(owner).send('PUT', `/api/questions/${copy.id}`, { ...VALID_QUESTIONS.scale, steps: 7 });
    expect(((await (await as(owner).get(`/api/questions/${original.id}`)).json()) as Answer).question).toMatchObject({ steps: 5 });
  });
});

describe('example questions', () => {
  it('ship with Holdfast, valid, with at least one of every type', () => {
    for (const example of EXAMPLE_QUESTIONS) expect(questionBodySchema.parse(example.body)).toEqual(example.body);
    expect(new Set(EXAMPLE_QUESTIONS.map((e) => e.body.type))).toEqual(new Set(QUESTION_TYPES));
    expect(new Set(EXAMPLE_QUESTIONS.map((e) => e.id)).size).toBe(EXAMPLE_QUESTIONS.length);
  });

  it('show under Examples for every organization, filtered like the bank', async () => {
    const owner = await register('examples');
    const examples = (await list(owner, '?source=examples')).questions;
    expect(examples).toHaveLength(EXAMPLE_QUESTIONS.length);
    expect(examples.every((q) => q.source === 'example')).toBe(true);
    expect((await list(owner, '?source=examples&type=scale')).questions.every((q) => q.type === 'scale')).toBe(true);
    // Examples are not the organization's own content.
    expect((await list(owner)).questions).toHaveLength(0);
  });

  it('can be copied into My Content and the copy edited, while the example stays unchanged', async () => {
    const owner = await register('copy-example');
    const example = EXAMPLE_QUESTIONS.find((e) => e.body.type === 'choice')!;
    const res = await as(owner).send('POST', `/api/questions/${example.id}/duplicate`);
    expect(res.status).toBe(201);
    const copy = ((await res.json()) as Answer).question;
    expect(copy).toMatchObject({ ...example.body, source: 'mine', copiedFrom: example.id });

    const edited = await as(owner).send('PUT', `/api/questions/${copy.id}`, { ...example.body, title: 'Our own version' });
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as Answer).question.title).toBe('Our own version');
    const again = ((await (await as(owner).get(`/api/questions/${example.id}`)).json()) as Answer).question;
    expect(again.title).toBe(example.body.title);
  });

  it('cannot be edited or archived in place', async () => {
    const owner = await register('example-locked');
    const example = EXAMPLE_QUESTIONS[0]!;
    const put = await as(owner).send('PUT', `/api/questions/${example.id}`, { ...example.body, title: 'Hijacked' });
    expect(put.status).toBe(409);
    expect((await errorOf(put)).code).toBe('example_read_only');
    expect((await as(owner).send('POST', `/api/questions/${example.id}/archive`)).status).toBe(409);
    const other = await register('example-other');
    const seenByOther = ((await (await as(other).get(`/api/questions/${example.id}`)).json()) as Answer).question;
    expect(seenByOther.title).toBe(example.body.title);
  });

  it('are readable by every role, and copied only by roles that build questions', async () => {
    const owner = await register('example-roles');
    const reviewer = await addMember(owner, 'reviewer');
    const example = EXAMPLE_QUESTIONS[0]!;
    expect((await as(reviewer).get(`/api/questions/${example.id}`)).status).toBe(200);
    expect((await as(reviewer).send('POST', `/api/questions/${example.id}/duplicate`)).status).toBe(403);
  });
});
