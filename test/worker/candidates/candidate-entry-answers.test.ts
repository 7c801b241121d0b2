import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { CandidateSession } from '../../../worker/schemas/candidate';
import { listSessionEvents } from '../../../worker/state/session-states';
import { as } from '../support/auth-helpers';
import { addCandidate, candidateGet, candidatePost, EXAMPLE_IDS, mirrorSummary, recruiting, startedEntry, statusOf, uniqueCandidateEmail } from '../support/candidates-helpers';
import { webmFixture } from '../support/recording-fixture';
import { recordSegment } from '../support/review-helpers';

const ALL_TYPES = [EXAMPLE_IDS.text, EXAMPLE_IDS.choice, EXAMPLE_IDS.scale, EXAMPLE_IDS.video, 'example-choice-http-not-found'];
const SCALE_ANSWER = { c1: 5, c2: 1, e1: 3, e2: 4, o1: 2 };

async function takingInterview(questionIds: string[] = ALL_TYPES) {
  const r = await recruiting('answers', { questionIds });
  const email = uniqueCandidateEmail();
  const added = await addCandidate(r, { name: 'Answering Candidate', email });
  const entry = await startedEntry(added.inviteToken, { email });
  const token = entry.deviceToken;
  const answer = (questionId: string, value: unknown, clientId: string = crypto.randomUUID()) => candidatePost('/api/candidate/answers', { clientId, questionId, value }, token);
  const session = async () => (await (await candidateGet('/api/candidate/session', token)).json()) as CandidateSession;
  return { ...r, ...added, email, token, entry, answer, session };
}

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } }).error;

describe('the candidate’s session', () => {
  it('shows the questions without correct answers, scoring keys or tags', async () => {
    const t = await takingInterview();
    const text = JSON.stringify(t.entry.session.questions);
    expect(text).not.toContain('correctOptionIds');
    expect(text).not.toContain('"points"');
    expect(text).not.toContain('conscientiousness');
    expect(text).not.toContain('reverse');
    expect(text).not.toContain('tags');
    const choice = t.entry.session.questions.find((q) => q.id === 'example-choice-http-not-found');
    expect(choice).toMatchObject({ type: 'choice', mode: 'single', options: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }] });
  });
});

describe('answers', () => {
  it('stores each type of answer once, and a retry answers the same receipt', async () => {
    const t = await takingInterview();
    const first = await t.answer(EXAMPLE_IDS.text, 'Because I like hard problems.', 'answer-text-0001');
    expect(first.status).toBe(200);
    const receipt = await first.json();
    const retry = await t.answer(EXAMPLE_IDS.text, 'Because I like hard problems.', 'answer-text-0001');
    expect(await retry.json()).toEqual(receipt);
    expect((await t.answer(EXAMPLE_IDS.choice, 'remote')).status).toBe(200);
    expect((await t.answer(EXAMPLE_IDS.scale, SCALE_ANSWER)).status).toBe(200);
    // A recorded answer names segments the session already holds whole; an unknown one waits.
    const unknown = await t.answer(EXAMPLE_IDS.video, { recording: { segments: ['segment-0001'] } });
    expect(unknown.status).toBe(409);
    expect((await errorOf(unknown)).code).toBe('recording_incomplete');
    const chunks = webmFixture.chunks.map((c) => c.bytes);
    const segments = [await recordSegment(t.entry.sessionId, EXAMPLE_IDS.video, chunks), await recordSegment(t.entry.sessionId, EXAMPLE_IDS.video, chunks)];
    expect((await t.answer(EXAMPLE_IDS.video, { recording: { segments } })).status).toBe(200);

    const session = await t.session();
    expect(session.answers[EXAMPLE_IDS.text]?.value).toBe('Because I like hard problems.');
    expect(session.answers[EXAMPLE_IDS.choice]?.value).toEqual(['remote']);
    expect(session.answers[EXAMPLE_IDS.scale]?.value).toEqual(SCALE_ANSWER);
    // Resuming lands on the next unanswered step, not the beginning.
    expect(session.nextStep).toBe(4);
  });

  it('refuses a second, different answer to an answered question', async () => {
    const t = await takingInterview();
    await t.answer(EXAMPLE_IDS.text, 'First answer.');
    const res = await t.answer(EXAMPLE_IDS.text, 'Second answer.');
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('already_answered');
    expect((await t.session()).answers[EXAMPLE_IDS.text]?.value).toBe('First answer.');
  });

  it('checks each answer against its question: words, options, steps, shape', async () => {
    const t = await takingInterview();
    const refused: [string, unknown][] = [
      [EXAMPLE_IDS.text, Array.from({ length: 301 }, () => 'word').join(' ')],
      [EXAMPLE_IDS.text, '   '],
      [EXAMPLE_IDS.text, ['office']],
      [EXAMPLE_IDS.choice, 'moon-base'],
      [EXAMPLE_IDS.choice, ['office', 'remote']],
      [EXAMPLE_IDS.scale, { ...SCALE_ANSWER, c1: 6 }],
      [EXAMPLE_IDS.scale, { c1: 3 }],
      [EXAMPLE_IDS.scale, { ...SCALE_ANSWER, zz: 1 }],
      [EXAMPLE_IDS.video, 'a transcript instead of a recording'],
    ];
    for (const [questionId, value] of refused) {
      const res = await t.answer(questionId, value);
      expect(res.status, `${questionId} ${JSON.stringify(value).slice(0, 40)}`).toBe(400);
      expect((await errorOf(res)).code).toBe('invalid_answer');
    }
    const unknown = await t.answer('no-such-question', 'x');
    expect(unknown.status).toBe(400);
    expect((await errorOf(unknown)).fields).toHaveProperty('questionId');
    const malformed = await candidatePost('/api/candidate/answers', { clientId: 'x', questionId: EXAMPLE_IDS.text }, t.token);
    expect(malformed.status).toBe(400);
    expect(Object.keys((await errorOf(malformed)).fields ?? {}).sort()).toEqual(['clientId', 'value']);
    expect((await t.session()).answers).toEqual({});
  });

  it('keeps the Sessions tab’s progress in step with the answers', async () => {
    const t = await takingInterview([EXAMPLE_IDS.text, EXAMPLE_IDS.choice]);
    await t.answer(EXAMPLE_IDS.text, 'One answer.');
    await mirrorSummary(t.entry.sessionId);
    const list = (await (await as(t.owner).get(`/api/interviews/${t.interview.id}/sessions`)).json()) as { sessions: { id: string; progress: unknown; status: string }[] };
    expect(list.sessions.find((s) => s.id === t.entry.sessionId)).toMatchObject({ progress: { answered: 1, total: 2 }, status: 'in_progress' });
  });
});

describe('finish later and complete', () => {
  it('finish later is recorded once and shown when the candidate comes back', async () => {
    const t = await takingInterview();
    const a = await candidatePost('/api/candidate/finish-later', { clientId: 'finish-later-01' }, t.token);
    const b = await candidatePost('/api/candidate/finish-later', { clientId: 'finish-later-01' }, t.token);
    expect(a.status).toBe(200);
    const first = (await a.json()) as { finishedLaterAt: number };
    expect(await b.json()).toEqual(first);
    expect((await t.session()).finishedLaterAt).toBe(first.finishedLaterAt);
  });

  it('refuses to complete while questions are unanswered, naming them', async () => {
    const t = await takingInterview([EXAMPLE_IDS.text, EXAMPLE_IDS.choice]);
    await t.answer(EXAMPLE_IDS.text, 'Answered.');
    const res = await candidatePost('/api/candidate/complete', { clientId: 'complete-0001' }, t.token);
    expect(res.status).toBe(409);
    const error = await errorOf(res);
    expect(error.code).toBe('unanswered_questions');
    expect(Object.keys(error.fields ?? {})).toEqual([EXAMPLE_IDS.choice]);
    expect(await statusOf(t.entry.sessionId)).toBe('in_progress');
  });

  it('completes when every question is answered, through the state machine, and refuses writes after', async () => {
    const t = await takingInterview([EXAMPLE_IDS.text, EXAMPLE_IDS.choice]);
    await t.answer(EXAMPLE_IDS.text, 'Answered.');
    await t.answer(EXAMPLE_IDS.choice, ['hybrid']);
    const res = await candidatePost('/api/candidate/complete', { clientId: 'complete-0002' }, t.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'completed' });
    const retry = await candidatePost('/api/candidate/complete', { clientId: 'complete-0002' }, t.token);
    expect(retry.status).toBe(200);
    expect(await statusOf(t.entry.sessionId)).toBe('completed');
    const events = await listSessionEvents(env.DB, t.owner.signedIn.organization.id, t.entry.sessionId);
    expect(events.map((e) => `${e.from}>${e.to}:${e.actor.kind}`)).toEqual(['not_started>in_progress:candidate', 'in_progress>completed:candidate']);

    const late = await candidatePost('/api/candidate/finish-later', { clientId: 'finish-late-01' }, t.token);
    expect(late.status).toBe(409);
    expect((await errorOf(late)).code).toBe('session_completed');
    expect((await t.session()).status).toBe('completed');
  });
});
