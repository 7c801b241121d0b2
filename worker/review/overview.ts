/**
 * An interview's overview for the charts on its page: sessions by state at the end of each of the
 * last days, completion rate, median time from start to submission, and how answers were rated.
 * States over time are replayed from the sessions' status changes (session_events), so a day shows
 * what was true at its end, not today's state pushed back.
 */
import { countOverviewRatings, listOverviewEvents, listOverviewSessions } from '../db/overview';
import type { InterviewOverview } from '../schemas/overview';
import { SESSION_STATES, type SessionState } from '../state/session-states';

const DAY_MS = 24 * 60 * 60 * 1000;
const SUBMITTED: ReadonlySet<string> = new Set<SessionState>(['completed', 'ready_for_review', 'ended', 'reviewed']);

const isState = (s: string): s is SessionState => (SESSION_STATES as readonly string[]).includes(s);
const emptyStates = () => Object.fromEntries(SESSION_STATES.map((s) => [s, 0])) as Record<SessionState, number>;

function median(values: number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  const upper = sorted[Math.floor(sorted.length / 2)];
  const lower = sorted[Math.ceil(sorted.length / 2) - 1];
  return upper === undefined || lower === undefined ? null : Math.round((lower + upper) / 2);
}

export async function interviewOverview(db: D1Database, orgId: string, interviewId: string, days: number, now = Date.now()): Promise<InterviewOverview> {
  const [sessions, events, ratingRows] = await Promise.all([
    listOverviewSessions(db, orgId, interviewId),
    listOverviewEvents(db, orgId, interviewId, now),
    countOverviewRatings(db, orgId, interviewId),
  ]);

  // Each session's changes in time order; a session without one is Not Started from its creation.
  const changes = new Map<string, { at: number; to: string }[]>();
  for (const e of events) {
    const list = changes.get(e.sessionId) ?? [];
    list.push({ at: e.at, to: e.toStatus });
    changes.set(e.sessionId, list);
  }
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const series: InterviewOverview['days'] = [];
  for (let i = days - 1; i >= 0; i--) {
    const dayStart = today - i * DAY_MS;
    const end = Math.min(dayStart + DAY_MS - 1, now);
    const states = emptyStates();
    for (const s of sessions) {
      if (s.createdAt > end) continue;
      let state = 'not_started';
      for (const change of changes.get(s.id) ?? []) {
        if (change.at > end) break;
        state = change.to;
      }
      if (isState(state)) states[state] += 1;
    }
    series.push({ date: new Date(dayStart).toISOString().slice(0, 10), states });
  }

  const submitted = sessions.filter((s) => SUBMITTED.has(s.status));
  const durations = submitted.flatMap((s) => (s.startedAt !== null && s.finishedAt !== null && s.finishedAt >= s.startedAt ? [s.finishedAt - s.startedAt] : []));
  const ratings: InterviewOverview['ratings'] = [1, 2, 3, 4, 5].map((r) => ratingRows.find((row) => row.rating === r)?.count ?? 0) as InterviewOverview['ratings'];
  return {
    days: series,
    sessions: sessions.length,
    started: sessions.filter((s) => s.startedAt !== null).length,
    submitted: submitted.length,
    completionRate: sessions.length ? submitted.length / sessions.length : null,
    medianTimeToCompleteMs: median(durations),
    ratings,
  };
}
