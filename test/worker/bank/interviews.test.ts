import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { findInterviewByPublicToken, snapshotInterview } from '../../../worker/db/interviews';
import { EXAMPLE_QUESTIONS } from '../../../worker/examples';
import type { Interview, InterviewSnapshot, InterviewVersionSummary } from '../../../worker/schemas/interviews';
import type { Question } from '../../../worker/schemas/questions';
import { type Account, as, register } from '../support/auth-helpers';
import { VALID_QUESTIONS } from '../support/questions-fixtures';

type Answer = { interview: Interview };
const fieldsOf = async (res: Response) => Object.keys(((await res.json()) as { error: { fields?: object } }).error.fields ?? {});

async function question(owner: Account, body: unknown): Promise<Question> {
  const res = await as(owner).send('POST', '/api/questions', body);
  expect(res.status).toBe(201);
  return ((await res.json()) as { question: Question }).question;
}

async function createInterview(owner: Account, body: Record<string, unknown>): Promise<Interview> {
  const res = await as(owner).send('POST', '/api/interviews', body);
  expect(res.status).toBe(201);
  return ((await res.json()) as Answer).interview;
}

const getInterview = async (owner: Account, id: string) => ((await (await as(owner).get(`/api/interviews/${id}`)).json()) as Answer).interview;

describe('building an interview', () => {
  it('orders questions from the bank and the examples, with intro, closing and the organization’s branding', async () => {
    const owner = await register('builder');
    const video = await question(owner, VALID_QUESTIONS.video);
    const text = await question(owner, VALID_QUESTIONS.text);
    const example = EXAMPLE_QUESTIONS.find((e) => e.body.type === 'choice')!;
    const interview = await createInterview(owner, {
      name: 'Support engineer',
      format: 'one_way',
      intro: 'Welcome!',
      closing: 'Thank you.',
      questionIds: [text.id, example.id, video.id],
    });
    expect(interview).toMatchObject({
      name: 'Support engineer',
      format: 'one_way',
      intro: 'Welcome!',
      closing: 'Thank you.',
      deadlineHours: null,
      version: 1,
      publicLink: { enabled: false, token: null, url: null },
      branding: { accentColor: '#0f5c63', logoUrl: null },
    });
    expect(interview.questions.map((q) => [q.id, q.type, q.source])).toEqual([
      [text.id, 'text', 'mine'],
      [example.id, 'choice', 'example'],
      [video.id, 'video', 'mine'],
    ]);
    const list = (await (await as(owner).get('/api/interviews')).json()) as { interviews: { id: string; questionCount: number }[] };
    expect(list.interviews).toEqual([expect.objectContaining({ id: interview.id, questionCount: 3 })]);
  });

  it('answers 400 naming each bad field', async () => {
    const owner = await register('builder-bad');
    const text = await question(owner, VALID_QUESTIONS.text);
    const archived = await question(owner, VALID_QUESTIONS.audio);
    await as(owner).send('POST', `/api/questions/${archived.id}/archive`);
    const stranger = await question(await register('stranger'), VALID_QUESTIONS.code);

    expect(await fieldsOf(await as(owner).send('POST', '/api/interviews', { name: '', format: 'panel' }))).toEqual(['name', 'format']);
    expect(await fieldsOf(await as(owner).send('POST', '/api/interviews', { name: 'x', format: 'take_home' }))).toEqual(['deadlineHours']);
    expect(await fieldsOf(await as(owner).send('POST', '/api/interviews', { name: 'x', format: 'one_way', deadlineHours: 24 }))).toEqual(['deadlineHours']);
    expect(await fieldsOf(await as(owner).send('POST', '/api/interviews', { name: 'x', format: 'one_way', questionIds: [text.id, text.id] }))).toEqual(['questionIds.1']);
    // Another organization's question is simply not in this bank.
    const unknown = await as(owner).send('POST', '/api/interviews', { name: 'x', format: 'one_way', questionIds: [text.id, stranger.id, archived.id] });
    expect(unknown.status).toBe(400);
    expect(await fieldsOf(unknown)).toEqual(['questionIds.1', 'questionIds.2']);
    const takeHome = await as(owner).send('POST', '/api/interviews', { name: 'x', format: 'take_home', deadlineHours: 72, questionIds: [text.id] });
    expect(await fieldsOf(takeHome)).toEqual(['questionIds.0']);
  });

  it('makes every edit a new version and keeps the previous ones', async () => {
    const owner = await register('versions');
    const a = await question(owner, VALID_QUESTIONS.text);
    const b = await question(owner, VALID_QUESTIONS.choice);
    const created = await createInterview(owner, { name: 'Draft', format: 'one_way', questionIds: [a.id, b.id] });

    const reordered = await as(owner).send('PUT', `/api/interviews/${created.id}`, { name: 'Final', format: 'one_way', questionIds: [b.id, a.id], expectedVersion: 1 });
    expect(reordered.status).toBe(200);
    const v2 = ((await reordered.json()) as Answer).interview;
    expect(v2.version).toBe(2);
    expect(v2.questions.map((q) => q.id)).toEqual([b.id, a.id]);

    // Saving the same content again is not an edit.
    const same = await as(owner).send('PUT', `/api/interviews/${created.id}`, { name: 'Final', format: 'one_way', questionIds: [b.id, a.id] });
    expect(((await same.json()) as Answer).interview.version).toBe(2);
    // An edit made from a stale copy is refused rather than silently overwriting.
    const stale = await as(owner).send('PUT', `/api/interviews/${created.id}`, { name: 'Stale', format: 'one_way', expectedVersion: 1 });
    expect(stale.status).toBe(409);

    const versions = (await (await as(owner).get(`/api/interviews/${created.id}/versions`)).json()) as { versions: InterviewVersionSummary[] };
    expect(versions.versions.map((v) => v.version)).toEqual([2, 1]);
    const first = (await (await as(owner).get(`/api/interviews/${created.id}/versions/1`)).json()) as { snapshot: InterviewSnapshot };
    expect(first.snapshot).toMatchObject({ name: 'Draft', version: 1 });
    expect(first.snapshot.questions.map((q) => q.id)).toEqual([a.id, b.id]);
    expect((await as(owner).get(`/api/interviews/${created.id}/versions/9`)).status).toBe(404);
  });

  it('gives interviews a new version when one of their questions is edited', async () => {
    const owner = await register('question-edit');
    const q = await question(owner, VALID_QUESTIONS.text);
    const interview = await createInterview(owner, { name: 'Uses q', format: 'one_way', questionIds: [q.id] });
    await as(owner).send('PUT', `/api/questions/${q.id}`, { ...VALID_QUESTIONS.text, prompt: 'A better prompt' });
    const now = await getInterview(owner, interview.id);
    expect(now.version).toBe(2);
    const snapshot = await snapshotInterview(env.DB, owner.signedIn.organization.id, interview.id);
    expect(snapshot?.questions[0]).toMatchObject({ id: q.id, prompt: 'A better prompt' });
    const before = (await (await as(owner).get(`/api/interviews/${interview.id}/versions/1`)).json()) as { snapshot: InterviewSnapshot };
    expect(before.snapshot.questions[0]?.prompt).toBe(VALID_QUESTIONS.text.prompt);
  });

  it('builds a take-home from code questions with a deadline, and archives and restores', async () => {
    const owner = await register('take-home');
    const code = await question(owner, VALID_QUESTIONS.code);
    const interview = await createInterview(owner, { name: 'Take-home', format: 'take_home', deadlineHours: 72, questionIds: [code.id] });
    expect(interview.deadlineHours).toBe(72);
    const archived = ((await (await as(owner).send('POST', `/api/interviews/${interview.id}/archive`)).json()) as Answer).interview;
    expect(archived.archivedAt).toEqual(expect.any(Number));
    expect(((await (await as(owner).get('/api/interviews')).json()) as { interviews: unknown[] }).interviews).toHaveLength(0);
    expect(((await (await as(owner).get('/api/interviews?archived=true')).json()) as { interviews: unknown[] }).interviews).toHaveLength(1);
    const restored = ((await (await as(owner).send('POST', `/api/interviews/${interview.id}/restore`)).json()) as Answer).interview;
    expect(restored.archivedAt).toBeNull();
  });
});

describe('the Shareable Link', () => {
  it('is off by default; on gives a public link; rotating makes a new one and kills the old', async () => {
    const owner = await register('share');
    const interview = await createInterview(owner, { name: 'Open role', format: 'one_way' });
    expect(interview.publicLink.enabled).toBe(false);

    const on = ((await (await as(owner).send('PUT', `/api/interviews/${interview.id}/public-link`, { enabled: true })).json()) as Answer).interview;
    const token = on.publicLink.token!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits
    expect(on.publicLink.url).toBe(`https://holdfast.test/i/${token}`);
    expect((await findInterviewByPublicToken(env.DB, token))?.id).toBe(interview.id);
    // Switching it on again keeps the link people already have.
    const again = ((await (await as(owner).send('PUT', `/api/interviews/${interview.id}/public-link`, { enabled: true })).json()) as Answer).interview;
    expect(again.publicLink.token).toBe(token);
    // Turning the link on or off is not a content edit: no new version.
    expect(again.version).toBe(1);

    const rotated = ((await (await as(owner).send('POST', `/api/interviews/${interview.id}/public-link/rotate`)).json()) as Answer).interview;
    expect(rotated.publicLink.token).not.toBe(token);
    expect(await findInterviewByPublicToken(env.DB, token)).toBeNull();
    expect((await findInterviewByPublicToken(env.DB, rotated.publicLink.token!))?.id).toBe(interview.id);

    const off = ((await (await as(owner).send('PUT', `/api/interviews/${interview.id}/public-link`, { enabled: false })).json()) as Answer).interview;
    expect(off.publicLink).toEqual({ enabled: false, token: null, url: null });
    expect(await findInterviewByPublicToken(env.DB, rotated.publicLink.token!)).toBeNull();
    expect((await as(owner).send('POST', `/api/interviews/${interview.id}/public-link/rotate`)).status).toBe(409);
  });

  it('stops working while the interview is archived', async () => {
    const owner = await register('share-archived');
    const interview = await createInterview(owner, { name: 'Closed role', format: 'one_way' });
    const on = ((await (await as(owner).send('PUT', `/api/interviews/${interview.id}/public-link`, { enabled: true })).json()) as Answer).interview;
    await as(owner).send('POST', `/api/interviews/${interview.id}/archive`);
    expect(await findInterviewByPublicToken(env.DB, on.publicLink.token!)).toBeNull();
  });
});

describe('snapshotInterview', () => {
  it('answers the current version with full question bodies in order, and nothing for another organization', async () => {
    const owner = await register('snapshot');
    const code = await question(owner, VALID_QUESTIONS.code);
    const scale = await question(owner, VALID_QUESTIONS.scale);
    const interview = await createInterview(owner, { name: 'Snap', format: 'one_way', intro: 'Hi', questionIds: [scale.id, code.id] });
    const snapshot = await snapshotInterview(env.DB, owner.signedIn.organization.id, interview.id);
    expect(snapshot).toMatchObject({ interviewId: interview.id, version: 1, name: 'Snap', format: 'one_way', intro: 'Hi', closing: '', deadlineHours: null });
    expect(snapshot?.questions).toEqual([
      { ...VALID_QUESTIONS.scale, id: scale.id },
      { ...VALID_QUESTIONS.code, id: code.id },
    ]);
    const other = await register('snapshot-other');
    expect(await snapshotInterview(env.DB, other.signedIn.organization.id, interview.id)).toBeNull();
  });
});
