import { describe, expect, it } from 'vitest';
import type { SessionListItem } from '../../../worker/schemas/candidate';
import type { CompareView } from '../../../worker/schemas/review';
import { as, register } from '../support/auth-helpers';
import { candidatePost, startedEntry } from '../support/candidates-helpers';
import { REVIEW_QUESTIONS, takenSession } from '../support/review-helpers';

async function retake(owner: Parameters<typeof as>[0], sessionId: string): Promise<SessionListItem> {
  const res = await as(owner).send('POST', `/api/sessions/${sessionId}/retake`);
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { session: SessionListItem }).session;
}

const compare = async (owner: Parameters<typeof as>[0], sessionId: string) => {
  const res = await as(owner).get(`/api/sessions/${sessionId}/compare`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as CompareView;
};

describe('compare retakes', () => {
  it('shows a retake beside its original, question by question, from either side', async () => {
    const original = await takenSession({ label: 'compare' });
    const second = await retake(original.owner, original.sessionId);
    const token = second.inviteUrl?.split('/i/')[1];
    expect(token).toBeDefined();
    const entry = await startedEntry(token!, { email: original.email });
    expect(entry.sessionId).toBe(second.id);
    const answered = await candidatePost(
      '/api/candidate/answers',
      { clientId: crypto.randomUUID(), questionId: REVIEW_QUESTIONS.text, value: 'A different answer the second time.' },
      entry.deviceToken,
    );
    expect(answered.status).toBe(200);
    await as(original.owner).send('PUT', `/api/sessions/${original.sessionId}/answers/${REVIEW_QUESTIONS.text}/review`, { rating: 2 });
    await as(original.owner).send('PUT', `/api/sessions/${second.id}/answers/${REVIEW_QUESTIONS.text}/review`, { rating: 5 });

    for (const from of [original.sessionId, second.id]) {
      const view = await compare(original.owner, from);
      expect(view.sessions.map((s) => s.session.id)).toEqual([original.sessionId, second.id]);
      const [first, again] = view.sessions;
      expect(first!.session).toMatchObject({ status: 'completed', retakenBy: second.id, retakeOf: null });
      expect(again!.session).toMatchObject({ status: 'in_progress', retakeOf: original.sessionId, retakenBy: null });
      // The same questions line up side by side; each session keeps its own answers and ratings.
      expect(first!.answers.map((a) => a.question.id)).toEqual(again!.answers.map((a) => a.question.id));
      const text = (i: 0 | 1) => view.sessions[i]!.answers.find((a) => a.question.id === REVIEW_QUESTIONS.text)!;
      expect(text(0).answer).toMatchObject({ type: 'text', text: expect.stringContaining('survive bad networks') });
      expect(text(1).answer).toMatchObject({ type: 'text', text: 'A different answer the second time.' });
      expect([text(0).averageRating, text(1).averageRating]).toEqual([2, 5]);
      expect(again!.answers.find((a) => a.question.id === REVIEW_QUESTIONS.video)!.answer).toBeNull();
    }
  });

  it('shows a session with no retakes alone, and nothing of another organization', async () => {
    const taken = await takenSession({ label: 'compare-alone' });
    const view = await compare(taken.owner, taken.sessionId);
    expect(view.sessions.map((s) => s.session.id)).toEqual([taken.sessionId]);
    const stranger = await register('compare-stranger');
    expect((await as(stranger).get(`/api/sessions/${taken.sessionId}/compare`)).status).toBe(404);
  });
});
