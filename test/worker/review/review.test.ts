import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionPage } from '../../../worker/schemas/review';
import { listSessionEvents } from '../../../worker/state/session-states';
import { ADA_RESUME, buildResumePdf } from '../../fixtures/imports/resumes';
import { type Account, addMember, as, register } from '../support/auth-helpers';
import { addCandidate, candidatePost, createInterview, startedEntry, uniqueCandidateEmail } from '../support/candidates-helpers';
import { api } from '../support/helpers';
import { nextMatching, openSocket, REVIEW_QUESTIONS, SCALE_ANSWER, type TakenSession, TEXT_ANSWER, takenSession } from '../support/review-helpers';

const pageOf = async (account: Account, sessionId: string) => {
  const res = await as(account).get(`/api/sessions/${sessionId}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as SessionPage;
};
const answerOf = (page: SessionPage, questionId: string) => {
  const found = page.answers.find((a) => a.question.id === questionId);
  if (!found) throw new Error(`no answer row for ${questionId}`);
  return found;
};
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; fields?: Record<string, string> } }).error;
const rate = (account: Account, sessionId: string, questionId: string, body: unknown) => as(account).send('PUT', `/api/sessions/${sessionId}/answers/${questionId}/review`, body);

describe('the session page', () => {
  let taken: TakenSession;
  let page: SessionPage;
  beforeAll(async () => {
    taken = await takenSession({ label: 'page' });
    page = await pageOf(taken.owner, taken.sessionId);
  });

  it('shows the session and the candidate', () => {
    expect(page.session).toMatchObject({ id: taken.sessionId, status: 'completed', practice: false, interviewId: taken.interviewId, retakeOf: null, retakenBy: null });
    expect(page.session.interviewName).toMatch(/^Interview /);
    expect(page.candidate).toMatchObject({ name: taken.candidateName, email: taken.email, resumeUrl: null });
    expect(page.canReview).toBe(true);
    expect(page.canReopen).toBe(false);
  });

  it('lists every answer in question order, a recording as its segments in order', async () => {
    expect(page.answers.map((a) => a.question.id)).toEqual(Object.values(REVIEW_QUESTIONS));
    const video = answerOf(page, REVIEW_QUESTIONS.video).answer;
    expect(video?.type).toBe('recording');
    if (video?.type !== 'recording') return;
    expect(video.segments.map((s) => s.segmentId)).toEqual(taken.segments);
    expect(video.pendingSegments).toBe(0);
    expect(video.segments.every((s) => s.durationMs > 4000 && s.mimeType.startsWith('video/webm'))).toBe(true);
    expect(video.totalDurationMs).toBe(video.segments[0]!.durationMs + video.segments[1]!.durationMs);
    // Each segment's URL plays, through the access-checked route.
    const played = await api(video.segments[1]!.url, { headers: { cookie: taken.owner.cookie, range: 'bytes=0-15' } });
    expect(played.status).toBe(206);
  });

  it('shows text with its word count, choice right or wrong with points, and the scale profile', () => {
    expect(answerOf(page, REVIEW_QUESTIONS.text).answer).toEqual({ type: 'text', text: TEXT_ANSWER, wordCount: 8 });
    expect(answerOf(page, REVIEW_QUESTIONS.choice).answer).toEqual({ type: 'choice', chosen: [{ id: 'c', label: '404', correct: true }], points: 1, maxPoints: 1 });
    expect(answerOf(page, REVIEW_QUESTIONS.scale).answer).toEqual({
      type: 'scale',
      keyedTo: 'trait',
      value: SCALE_ANSWER,
      profile: [
        { key: 'conscientiousness', label: 'conscientiousness', score: 10, max: 10 },
        { key: 'extraversion', label: 'extraversion', score: 5, max: 10 },
        { key: 'openness', label: 'openness', score: 2, max: 5 },
      ],
      score: 17,
      maxScore: 25,
    });
    expect(page.scaleProfile.map((d) => [d.key, d.score, d.max])).toEqual([
      ['conscientiousness', 10, 10],
      ['extraversion', 5, 10],
      ['openness', 2, 5],
    ]);
  });

  it('tells the session’s story in order: created, started, answers recorded and uploaded, completed', () => {
    const kinds = page.timeline.map((e) => e.kind);
    for (const kind of ['created', 'started', 'answer_recorded', 'answer_uploaded', 'answered', 'completed'] as const) expect(kinds).toContain(kind);
    expect(kinds.indexOf('created')).toBeLessThanOrEqual(kinds.indexOf('started'));
    expect(kinds.indexOf('started')).toBeLessThan(kinds.indexOf('completed'));
    const times = page.timeline.map((e) => e.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(page.timeline.find((e) => e.kind === 'answer_recorded')).toMatchObject({ questionId: REVIEW_QUESTIONS.video, detail: 'Question 1 (video) recorded in 2 segments' });
  });

  it('is shared with every role of the organization and nobody else', async () => {
    const interviewer = await addMember(taken.owner, 'interviewer');
    const seen = await pageOf(interviewer, taken.sessionId);
    expect(seen.session.id).toBe(taken.sessionId);
    expect(seen.canReview).toBe(false);
    const stranger = await register('page-stranger');
    const elsewhere = await as(stranger).get(`/api/sessions/${taken.sessionId}`);
    expect(elsewhere.status).toBe(404);
    expect((await api(`/api/sessions/${taken.sessionId}`)).status).toBe(401);
    expect((await as(taken.owner).get(`/api/sessions/${crypto.randomUUID()}`)).status).toBe(404);
  });
});

describe('ratings and notes', () => {
  let taken: TakenSession;
  let reviewer: Account;
  beforeAll(async () => {
    taken = await takenSession({ label: 'ratings' });
    reviewer = await addMember(taken.owner, 'reviewer');
  });

  it('keeps each reviewer’s rating separately, side by side with the average', async () => {
    expect((await rate(taken.owner, taken.sessionId, REVIEW_QUESTIONS.video, { rating: 4, note: 'Clear and calm.' })).status).toBe(200);
    const res = await rate(reviewer, taken.sessionId, REVIEW_QUESTIONS.video, { rating: 2, note: 'Too long.' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ averageRating: 3 });

    const ownerView = answerOf(await pageOf(taken.owner, taken.sessionId), REVIEW_QUESTIONS.video);
    expect(ownerView.averageRating).toBe(3);
    expect(ownerView.reviews).toHaveLength(2);
    expect(ownerView.reviews.find((r) => r.mine)).toMatchObject({ rating: 4, note: 'Clear and calm.' });
    // Another reviewer's note is private: their rating is shown, the note never.
    expect(ownerView.reviews.find((r) => !r.mine)).toMatchObject({ rating: 2, note: null, reviewerName: 'A reviewer' });

    const reviewerView = answerOf(await pageOf(reviewer, taken.sessionId), REVIEW_QUESTIONS.video);
    expect(reviewerView.reviews.find((r) => r.mine)).toMatchObject({ rating: 2, note: 'Too long.' });
    expect(reviewerView.reviews.find((r) => !r.mine)).toMatchObject({ rating: 4, note: null });
    expect(JSON.stringify(await pageOf(reviewer, taken.sessionId))).not.toContain('Clear and calm.');
  });

  it('changes only the fields sent: a rating alone keeps the note, null clears the rating', async () => {
    await rate(taken.owner, taken.sessionId, REVIEW_QUESTIONS.text, { rating: 3, note: 'Keep me.' });
    await rate(taken.owner, taken.sessionId, REVIEW_QUESTIONS.text, { rating: 5 });
    let mine = answerOf(await pageOf(taken.owner, taken.sessionId), REVIEW_QUESTIONS.text).reviews.find((r) => r.mine);
    expect(mine).toMatchObject({ rating: 5, note: 'Keep me.' });
    await rate(taken.owner, taken.sessionId, REVIEW_QUESTIONS.text, { rating: null });
    mine = answerOf(await pageOf(taken.owner, taken.sessionId), REVIEW_QUESTIONS.text).reviews.find((r) => r.mine);
    expect(mine).toMatchObject({ rating: null, note: 'Keep me.' });
    // The same PUT twice is the same state.
    await rate(taken.owner, taken.sessionId, REVIEW_QUESTIONS.text, { note: '' });
    await rate(taken.owner, taken.sessionId, REVIEW_QUESTIONS.text, { note: '' });
    mine = answerOf(await pageOf(taken.owner, taken.sessionId), REVIEW_QUESTIONS.text).reviews.find((r) => r.mine);
    expect(mine).toMatchObject({ rating: null, note: null });
  });

  it('refuses bad ratings with the field named, and keeps what was saved', async () => {
    await rate(reviewer, taken.sessionId, REVIEW_QUESTIONS.choice, { rating: 3 });
    for (const body of [{ rating: 6 }, { rating: 0 }, { rating: 2.5 }, { rating: '4' }, {}, { rating: 3, extra: true }, { note: 'x'.repeat(5001) }]) {
      const res = await rate(reviewer, taken.sessionId, REVIEW_QUESTIONS.choice, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await errorOf(res)).code).toBe('invalid_request');
    }
    expect((await errorOf(await rate(reviewer, taken.sessionId, REVIEW_QUESTIONS.choice, { rating: 6 }))).fields).toHaveProperty('rating');
    const malformed = await as(reviewer).raw('PUT', `/api/sessions/${taken.sessionId}/answers/${REVIEW_QUESTIONS.choice}/review`, {
      body: '{"rating":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    const mine = answerOf(await pageOf(reviewer, taken.sessionId), REVIEW_QUESTIONS.choice).reviews.find((r) => r.mine);
    expect(mine?.rating).toBe(3);
  });

  it('rates only questions of this session, and only for roles of this organization that may review', async () => {
    expect((await rate(taken.owner, taken.sessionId, 'example-text-not-in-this-session', { rating: 3 })).status).toBe(404);
    const interviewer = await addMember(taken.owner, 'interviewer');
    const forbidden = await rate(interviewer, taken.sessionId, REVIEW_QUESTIONS.video, { rating: 5 });
    expect(forbidden.status).toBe(403);
    const stranger = await register('ratings-stranger');
    expect((await rate(stranger, taken.sessionId, REVIEW_QUESTIONS.video, { rating: 5 })).status).toBe(404);
    expect((await api(`/api/sessions/${taken.sessionId}/answers/${REVIEW_QUESTIONS.video}/review`, { method: 'PUT', body: '{"rating":1}' })).status).toBe(401);
    // Without the CSRF token a signed-in member's change is refused.
    const noCsrf = await api(`/api/sessions/${taken.sessionId}/answers/${REVIEW_QUESTIONS.video}/review`, {
      method: 'PUT',
      headers: { cookie: taken.owner.cookie, 'content-type': 'application/json' },
      body: '{"rating":1}',
    });
    expect(noCsrf.status).toBe(403);
  });

  it('refuses to rate a question the candidate has not answered yet', async () => {
    const interview = await createInterview(taken.owner, { questionIds: [REVIEW_QUESTIONS.text, REVIEW_QUESTIONS.choice] });
    const email = uniqueCandidateEmail('unanswered');
    const added = await addCandidate({ owner: taken.owner, interview }, { name: 'Not Yet', email });
    const entry = await startedEntry(added.inviteToken, { email });
    const res = await rate(taken.owner, entry.sessionId, REVIEW_QUESTIONS.text, { rating: 3 });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('not_answered');
  });

  it('keeps each reviewer’s overall recommendation and notes, shared with the team', async () => {
    const put = (account: Account, body: unknown) => as(account).send('PUT', `/api/sessions/${taken.sessionId}/review`, body);
    expect((await put(taken.owner, { recommendation: 'advance', notes: 'Strong answers.' })).status).toBe(200);
    expect((await put(reviewer, { recommendation: 'hold' })).status).toBe(200);
    expect((await put(reviewer, { recommendation: 'maybe' })).status).toBe(400);
    expect((await put(reviewer, {})).status).toBe(400);
    const page = await pageOf(reviewer, taken.sessionId);
    expect(page.overall.reviews).toEqual([
      { reviewerId: taken.owner.signedIn.member.id, reviewerName: taken.owner.signedIn.member.name, recommendation: 'advance', notes: 'Strong answers.', mine: false },
      { reviewerId: reviewer.signedIn.member.id, reviewerName: 'A reviewer', recommendation: 'hold', notes: '', mine: true },
    ]);
    await put(reviewer, { recommendation: null });
    expect((await pageOf(reviewer, taken.sessionId)).overall.reviews.find((r) => r.mine)?.recommendation).toBeNull();
  });
});

describe('Finish Review', () => {
  const finish = (account: Account, sessionId: string) => as(account).send('POST', `/api/sessions/${sessionId}/finish-review`);
  const reopen = (account: Account, sessionId: string) => as(account).send('POST', `/api/sessions/${sessionId}/reopen-review`);
  const statusOf = async (sessionId: string) => (await env.DB.prepare('SELECT status FROM sessions WHERE id = ?').bind(sessionId).first<{ status: string }>())?.status;

  it('moves a completed session to Reviewed, recorded with who did it, and only for roles that may review', async () => {
    const taken = await takenSession({ label: 'finish' });
    const interviewer = await addMember(taken.owner, 'interviewer');
    const reviewer = await addMember(taken.owner, 'reviewer');
    const refused = await finish(interviewer, taken.sessionId);
    expect(refused.status).toBe(403);
    expect(await statusOf(taken.sessionId)).toBe('completed');
    const stranger = await register('finish-stranger');
    expect((await finish(stranger, taken.sessionId)).status).toBe(404);

    const res = await finish(reviewer, taken.sessionId);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'reviewed' });
    expect(await statusOf(taken.sessionId)).toBe('reviewed');
    const events = await listSessionEvents(env.DB, taken.owner.signedIn.organization.id, taken.sessionId);
    expect(events.at(-1)).toMatchObject({ from: 'completed', to: 'reviewed', actor: { kind: 'member', memberId: reviewer.signedIn.member.id } });
    // Twice is still reviewed, and nothing more is recorded.
    expect((await finish(reviewer, taken.sessionId)).status).toBe(200);
    expect(await listSessionEvents(env.DB, taken.owner.signedIn.organization.id, taken.sessionId)).toHaveLength(events.length);

    const page = await pageOf(taken.owner, taken.sessionId);
    expect(page.session.status).toBe('reviewed');
    expect(page.canReview).toBe(false);
    expect(page.canReopen).toBe(true);
    expect(page.timeline.at(-1)).toMatchObject({ kind: 'reviewed', detail: 'Review finished by A reviewer' });
  });

  it('is refused (409) while the candidate is still answering, and so is reopening', async () => {
    const taken = await takenSession({ label: 'finish-early', complete: false });
    const res = await finish(taken.owner, taken.sessionId);
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('not_finished');
    const early = await reopen(taken.owner, taken.sessionId);
    expect(early.status).toBe(409);
    expect((await errorOf(early)).code).toBe('not_reviewed');
    expect(await statusOf(taken.sessionId)).toBe('in_progress');
  });

  it('locks ratings until an owner or admin reopens the review', async () => {
    const taken = await takenSession({ label: 'reopen' });
    const reviewer = await addMember(taken.owner, 'reviewer');
    const admin = await addMember(taken.owner, 'admin');
    await rate(reviewer, taken.sessionId, REVIEW_QUESTIONS.text, { rating: 4 });
    expect((await finish(reviewer, taken.sessionId)).status).toBe(200);
    const locked = await rate(reviewer, taken.sessionId, REVIEW_QUESTIONS.text, { rating: 1 });
    expect(locked.status).toBe(409);
    expect((await errorOf(locked)).code).toBe('review_finished');
    expect((await as(reviewer).send('PUT', `/api/sessions/${taken.sessionId}/review`, { recommendation: 'reject' })).status).toBe(409);

    expect((await reopen(reviewer, taken.sessionId)).status).toBe(403);
    expect(await statusOf(taken.sessionId)).toBe('reviewed');
    const reopened = await reopen(admin, taken.sessionId);
    expect(reopened.status).toBe(200);
    expect(await reopened.json()).toEqual({ status: 'completed' });
    expect(await statusOf(taken.sessionId)).toBe('completed');
    expect((await rate(reviewer, taken.sessionId, REVIEW_QUESTIONS.text, { rating: 1 })).status).toBe(200);
    const mine = answerOf(await pageOf(reviewer, taken.sessionId), REVIEW_QUESTIONS.text).reviews.find((r) => r.mine);
    expect(mine?.rating).toBe(1);
    expect((await pageOf(admin, taken.sessionId)).timeline.map((e) => e.kind)).toContain('review_reopened');
    // Reopening a session that is not reviewed changes nothing.
    expect((await reopen(admin, taken.sessionId)).status).toBe(200);
    expect(await statusOf(taken.sessionId)).toBe('completed');
  });
});

describe('the timeline of an interrupted session', () => {
  it('shows each disconnect with its length, finishing later and coming back', async () => {
    const taken = await takenSession({ label: 'timeline', complete: false });
    const live = `/api/candidate/live?token=${taken.deviceToken}`;
    const watcher = await openSocket(`/api/sessions/${taken.sessionId}/live`, { cookie: taken.owner.cookie });
    const first = await openSocket(live);
    await nextMatching(watcher, (f) => f.online === true);
    const later = await candidatePost('/api/candidate/finish-later', { clientId: crypto.randomUUID() }, taken.deviceToken);
    expect(later.status).toBe(200);
    await first.close();
    await nextMatching(watcher, (f) => f.online === false);
    const back = await openSocket(live);
    await nextMatching(watcher, (f) => f.online === true);
    await back.close();

    const page = await pageOf(taken.owner, taken.sessionId);
    const kinds = page.timeline.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['finished_later', 'disconnected', 'resumed']));
    const disconnects = page.timeline.filter((e) => e.kind === 'disconnected');
    const [firstDisconnect] = disconnects;
    expect(firstDisconnect).toMatchObject({ durationMs: expect.any(Number) });
    // A stretch shorter than a second (this test reconnects at once) is a blip, not an outage.
    expect(firstDisconnect!.detail).toMatch(firstDisconnect!.durationMs! < 1_000 ? /^Reconnected at once/ : /^Offline for \d+ s$/);
    // The last close leaves the candidate offline: that stretch has no end yet.
    expect(disconnects.at(-1)).toMatchObject({ durationMs: null, detail: 'Went offline and has not come back' });
    expect(kinds.indexOf('finished_later')).toBeLessThan(kinds.indexOf('resumed'));
  });
});

describe('deleting a reviewed session', () => {
  it('takes its ratings, notes, recommendations and scores with it', async () => {
    const taken = await takenSession({ label: 'delete-reviews' });
    await rate(taken.owner, taken.sessionId, REVIEW_QUESTIONS.text, { rating: 4, note: 'A note to be erased.' });
    await as(taken.owner).send('PUT', `/api/sessions/${taken.sessionId}/review`, { recommendation: 'reject', notes: 'Gone too.' });
    const count = async (table: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE session_id = ?`).bind(taken.sessionId).first<{ n: number }>())?.n;
    expect([await count('answer_reviews'), await count('session_reviews'), await count('answer_scores')]).toEqual([1, 1, 2]);
    const deleted = await as(taken.owner).send('DELETE', `/api/sessions/${taken.sessionId}`, { confirmName: taken.candidateName });
    expect(deleted.status, await deleted.clone().text()).toBe(204);
    expect([await count('answer_reviews'), await count('session_reviews'), await count('answer_scores')]).toEqual([0, 0, 0]);
  });
});

describe('a session not started yet, with a resume', () => {
  it('shows the questions it will ask, no answers, and the resume behind the same access check', { timeout: 30_000 }, async () => {
    const owner = await register('resume');
    const interview = await createInterview(owner, { questionIds: [REVIEW_QUESTIONS.text, REVIEW_QUESTIONS.choice] });
    const pdf = await buildResumePdf(ADA_RESUME);
    const form = new FormData();
    form.append('name', 'Augusta Ada King');
    form.append('resume', new File([pdf], 'ada.pdf', { type: 'application/pdf' }));
    const created = await as(owner).raw('POST', `/api/interviews/${interview.id}/candidates`, { body: form });
    expect(created.status).toBe(201);
    const { session } = (await created.json()) as { session: { id: string } };

    const page = await pageOf(owner, session.id);
    expect(page.session.status).toBe('not_started');
    expect(page.answers.map((a) => [a.question.id, a.answer])).toEqual([
      [REVIEW_QUESTIONS.text, null],
      [REVIEW_QUESTIONS.choice, null],
    ]);
    expect(page.candidate?.resumeUrl).toBe(`/api/sessions/${session.id}/resume`);
    const res = await as(owner).get(page.candidate!.resumeUrl!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf);
    const stranger = await register('resume-stranger');
    expect((await as(stranger).get(page.candidate!.resumeUrl!)).status).toBe(404);
    expect((await api(page.candidate!.resumeUrl!)).status).toBe(401);
    expect((await as(owner).send('POST', `/api/sessions/${session.id}/finish-review`)).status).toBe(409);
  });
});
