import { env, evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { snapshotInterview } from '../../../worker/db/interviews';
import type { Interview, InterviewSnapshot } from '../../../worker/schemas/interviews';
import type { Question } from '../../../worker/schemas/questions';
import { sessionStub } from '../../../worker/sessions';
import { type Account, as, register } from '../support/auth-helpers';
import { insertBareSession } from '../support/helpers';
import { VALID_QUESTIONS } from '../support/questions-fixtures';

async function post<T>(owner: Account, path: string, body: unknown, method = 'POST'): Promise<T> {
  const res = await as(owner).send(method, path, body);
  expect(res.status).toBeLessThan(300);
  return (await res.json()) as T;
}

/** An organization with a two-question interview and a session of it, not started yet. */
async function interviewWithSession() {
  const owner = await register('snapshot');
  const orgId = owner.signedIn.organization.id;
  const { question: text } = await post<{ question: Question }>(owner, '/api/questions', VALID_QUESTIONS.text);
  const { question: choice } = await post<{ question: Question }>(owner, '/api/questions', VALID_QUESTIONS.choice);
  const { interview } = await post<{ interview: Interview }>(owner, '/api/interviews', { name: 'Original', format: 'one_way', questionIds: [text.id, choice.id] });
  const sessionId = crypto.randomUUID();
  await insertBareSession(orgId, sessionId);
  const stub = sessionStub(env, sessionId);
  await stub.initialize({ sessionId, orgId });
  return { owner, orgId, text, choice, interview, sessionId, stub };
}

describe('starting a session snapshots the interview', () => {
  it('keeps the session’s questions unchanged when the interview and its questions are edited afterwards', async () => {
    const { owner, orgId, text, choice, interview, stub } = await interviewWithSession();
    const snapshot = (await snapshotInterview(env.DB, orgId, interview.id))!;
    expect(await stub.start(snapshot)).toMatchObject({ kind: 'started', interviewId: interview.id, version: 1, questionCount: 2 });
    const taken = await stub.questions();
    expect(taken).toEqual(snapshot);

    // The recruiter reorders, renames, drops a question and rewrites the other one.
    await post(owner, `/api/interviews/${interview.id}`, { name: 'Edited', format: 'one_way', intro: 'New intro', questionIds: [choice.id] }, 'PUT');
    await post(owner, `/api/questions/${choice.id}`, { ...VALID_QUESTIONS.choice, prompt: 'Rewritten prompt' }, 'PUT');
    await post(owner, `/api/questions/${text.id}`, { ...VALID_QUESTIONS.text, wordLimit: 5 }, 'PUT');
    const current = (await snapshotInterview(env.DB, orgId, interview.id))!;
    expect(current.version).toBe(3);
    expect(current.questions.map((q) => q.prompt)).toEqual(['Rewritten prompt']);

    const after = await stub.questions();
    expect(after).toEqual(snapshot);
    expect(after?.version).toBe(1);
    expect(after?.name).toBe('Original');
    expect(after?.questions.map((q) => q.id)).toEqual([text.id, choice.id]);
    expect(after?.questions[0]).toMatchObject({ type: 'text', wordLimit: 200 });
  });

  it('takes the copy once: a repeated start answers the copy it has, even with a newer snapshot', async () => {
    const { owner, orgId, interview, stub } = await interviewWithSession();
    const first = (await snapshotInterview(env.DB, orgId, interview.id))!;
    const started = await stub.start(first);
    await post(owner, `/api/interviews/${interview.id}`, { name: 'Renamed', format: 'one_way' }, 'PUT');
    const newer = (await snapshotInterview(env.DB, orgId, interview.id))!;
    expect(newer.version).toBe(2);
    const again = await stub.start(newer);
    expect(again).toEqual({ ...started, kind: 'already_started' });
    expect(await stub.questions()).toEqual(first);
  });

  it('keeps the copy in the object’s own storage across eviction', async () => {
    const { orgId, interview, sessionId, stub } = await interviewWithSession();
    const snapshot = (await snapshotInterview(env.DB, orgId, interview.id))!;
    await stub.start(snapshot);
    await evictDurableObject(stub);
    const revived = sessionStub(env, sessionId);
    expect(await revived.questions()).toEqual(snapshot);
    const rows = await runInDurableObject(revived, (_instance, state) =>
      state.storage.sql.exec<{ question_id: string }>('SELECT question_id FROM interview_copy_questions ORDER BY position').toArray(),
    );
    expect(rows.map((r) => r.question_id)).toEqual(snapshot.questions.map((q) => q.id));
  });

  it('has no copy before it starts, and refuses to start an object that belongs to no session', async () => {
    const { orgId, interview, stub } = await interviewWithSession();
    expect(await stub.questions()).toBeNull();
    const orphan = sessionStub(env, `orphan-${crypto.randomUUID()}`);
    const snapshot: InterviewSnapshot = (await snapshotInterview(env.DB, orgId, interview.id))!;
    expect(await orphan.start(snapshot)).toEqual({ kind: 'session_not_found' });
    expect(await orphan.questions()).toBeNull();
  });
});
