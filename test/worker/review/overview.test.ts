import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveAnswerReview } from '../../../worker/db/reviews';
import type { InterviewOverview } from '../../../worker/schemas/overview';
import { type SessionState, transition } from '../../../worker/state/session-states';
import { addMember, as, register } from '../support/auth-helpers';
import { addCandidate, type Recruiting, recruiting, uniqueCandidateEmail } from '../support/candidates-helpers';

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;
const today = Math.floor(Date.now() / DAY) * DAY;
/** An hour into the day `daysAgo` days before today (UTC), so nothing lands in the future. */
const dayAgo = (daysAgo: number, hours = 1) => today - daysAgo * DAY + hours * 60 * MINUTE;

let r: Recruiting;
const ids: Record<string, string> = {};

/**
 * Five sessions with a known history, and a practice session that must count nowhere:
 *   A: created 3 days ago, started that day, completed 2 days ago, reviewed yesterday (40 min to complete)
 *   B: created 3 days ago, started and completed 2 days ago (20 min)
 *   C: created 2 days ago, started and completed yesterday (60 min)
 *   D: created 2 days ago, started yesterday
 *   E: created yesterday, not started
 */
async function session(name: string, created: number, history: [SessionState, number][], times: { startedAt?: number; minutes?: number } = {}) {
  const { session } = await addCandidate(r, { name, email: uniqueCandidateEmail(name.toLowerCase()) });
  // Finishing a review is a member's step; the rest the candidate's device and Holdfast take.
  const actor = (to: SessionState) => (to === 'reviewed' ? { kind: 'member' as const, memberId: r.owner.signedIn.member.id } : { kind: 'system' as const });
  for (const [to, at] of history) expect((await transition(env.DB, session.id, to, actor(to), at)).kind).toBe('changed');
  const finishedAt = times.startedAt !== undefined && times.minutes !== undefined ? times.startedAt + times.minutes * MINUTE : null;
  await env.DB.prepare('UPDATE sessions SET created_at = ?1, started_at = ?2, finished_at = ?3 WHERE id = ?4')
    .bind(created, times.startedAt ?? null, finishedAt, session.id)
    .run();
  ids[name] = session.id;
  return session.id;
}

beforeAll(async () => {
  r = await recruiting('overview');
  await session(
    'A',
    dayAgo(3),
    [
      ['in_progress', dayAgo(3, 2)],
      ['completed', dayAgo(2, 2)],
      ['reviewed', dayAgo(1, 2)],
    ],
    { startedAt: dayAgo(3, 2), minutes: 40 },
  );
  await session(
    'B',
    dayAgo(3),
    [
      ['in_progress', dayAgo(2, 2)],
      ['completed', dayAgo(2, 3)],
    ],
    { startedAt: dayAgo(2, 2), minutes: 20 },
  );
  await session(
    'C',
    dayAgo(2),
    [
      ['in_progress', dayAgo(1, 2)],
      ['completed', dayAgo(1, 3)],
    ],
    { startedAt: dayAgo(1, 2), minutes: 60 },
  );
  await session('D', dayAgo(2), [['in_progress', dayAgo(1, 2)]], { startedAt: dayAgo(1, 2) });
  await session('E', dayAgo(1), []);
  const practice = await session('Practice', dayAgo(3), [['in_progress', dayAgo(3, 2)]], { startedAt: dayAgo(3, 2), minutes: 1 });
  await env.DB.prepare('UPDATE sessions SET practice = 1 WHERE id = ?').bind(practice).run();

  // Ratings: A's answers 5, 4 and 2 by the owner, B's 4 by a reviewer; the practice session's 1 does not count.
  const reviewer = await addMember(r.owner, 'reviewer');
  const orgId = r.owner.signedIn.organization.id;
  const rate = (sessionId: string, questionId: string, memberId: string, rating: number) =>
    saveAnswerReview(env.DB, { orgId, sessionId, questionId, memberId, rating }, Date.now());
  const owner = r.owner.signedIn.member.id;
  await rate(ids.A!, 'q1', owner, 5);
  await rate(ids.A!, 'q2', owner, 4);
  await rate(ids.A!, 'q3', owner, 2);
  await rate(ids.B!, 'q1', reviewer.memberId, 4);
  await rate(practice, 'q1', owner, 1);
});

async function overview(days?: number): Promise<InterviewOverview> {
  const res = await as(r.owner).get(`/api/interviews/${r.interview.id}/overview${days ? `?days=${days}` : ''}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as InterviewOverview;
}

const zero = { not_started: 0, in_progress: 0, completed: 0, ready_for_review: 0, ended: 0, reviewed: 0 };

describe('GET /api/interviews/:interviewId/overview', () => {
  it('counts sessions by state at the end of each day, replayed from their status changes', async () => {
    const { days } = await overview(7);
    expect(days).toHaveLength(7);
    expect(days.map((d) => d.date)).toEqual([6, 5, 4, 3, 2, 1, 0].map((n) => new Date(today - n * DAY).toISOString().slice(0, 10)));
    expect(days.slice(0, 3).map((d) => d.states)).toEqual([zero, zero, zero]);
    expect(days[3]!.states).toEqual({ ...zero, not_started: 1, in_progress: 1 });
    expect(days[4]!.states).toEqual({ ...zero, not_started: 2, completed: 2 });
    expect(days[5]!.states).toEqual({ ...zero, not_started: 1, in_progress: 1, completed: 2, reviewed: 1 });
    expect(days[6]!.states).toEqual(days[5]!.states);
  });

  it('gives the completion rate, the median time to complete and the rating distribution, practice sessions left out', async () => {
    const figures = await overview();
    expect(figures.days).toHaveLength(14);
    expect(figures).toMatchObject({ sessions: 5, started: 4, submitted: 3, completionRate: 0.6, medianTimeToCompleteMs: 40 * MINUTE });
    expect(figures.ratings).toEqual([0, 1, 0, 2, 1]);
  });

  it('answers an interview without sessions with empty figures, not errors', async () => {
    const empty = await recruiting('overview-empty');
    const res = await as(empty.owner).get(`/api/interviews/${empty.interview.id}/overview`);
    expect(res.status).toBe(200);
    const figures = (await res.json()) as InterviewOverview;
    expect(figures).toMatchObject({ sessions: 0, started: 0, submitted: 0, completionRate: null, medianTimeToCompleteMs: null, ratings: [0, 0, 0, 0, 0] });
    expect(figures.days.every((d) => Object.values(d.states).every((n) => n === 0))).toBe(true);
  });

  it('is open to every member of the organization and to nobody else: another organization gets 404', async () => {
    const reviewer = await addMember(r.owner, 'reviewer');
    expect((await as(reviewer).get(`/api/interviews/${r.interview.id}/overview`)).status).toBe(200);
    const stranger = await register('overview-stranger');
    const res = await as(stranger).get(`/api/interviews/${r.interview.id}/overview`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('refuses a range outside 7 to 90 days, naming the field', async () => {
    const res = await as(r.owner).get(`/api/interviews/${r.interview.id}/overview?days=3`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toContain('days');
  });
});
