/**
 * The one state machine of an interview session (../shared/PRODUCT.md, "Session states"). Every change of
 * `sessions.status` goes through `transition`, which records who made it and when in
 * `session_events`; nothing else writes that column.
 *
 *   not_started ──► in_progress ──► completed         (one-way interview)
 *                               ├─► ready_for_review  (take-home submitted)
 *                               └─► ended             (live pad ended)
 *   completed | ready_for_review | ended ──► reviewed ──► back to its finished state (review reopened)
 *
 * A retake is not a state: the old session keeps its state and points at the new one.
 */
import { z } from 'zod';
import { changeStatusStatements, findSessionStatus, listSessionEventRecords } from '../db/session-events';
import { INTERVIEW_FORMATS, type InterviewFormat } from '../schemas/interviews';

export const SESSION_STATES = ['not_started', 'in_progress', 'completed', 'ready_for_review', 'ended', 'reviewed'] as const;
export type SessionState = (typeof SESSION_STATES)[number];
export const sessionStateSchema = z.enum(SESSION_STATES);

/** The words the dashboard shows for each state. */
export const SESSION_STATE_LABELS: Record<SessionState, string> = {
  not_started: 'Not Started',
  in_progress: 'In Progress',
  completed: 'Completed',
  ready_for_review: 'Ready for review',
  ended: 'Ended',
  reviewed: 'Reviewed',
};

export type { InterviewFormat };

/** Where a session of each format goes when the candidate (or the interviewer) finishes it. */
export const FINISHED_STATE: Record<InterviewFormat, SessionState> = {
  one_way: 'completed',
  take_home: 'ready_for_review',
  live: 'ended',
};

const ALLOWED: Record<SessionState, readonly SessionState[]> = {
  not_started: ['in_progress'],
  in_progress: ['completed', 'ready_for_review', 'ended'],
  completed: ['reviewed'],
  ready_for_review: ['reviewed'],
  ended: ['reviewed'],
  reviewed: ['completed', 'ready_for_review', 'ended'],
};

/**
 * Whether `from → to` is a step of the machine for a session of this format, taken by this actor.
 * Reviews are the members' business: only a member finishes a review or reopens one, so nothing a
 * candidate's device replays (a late answer, a second "complete") can undo a finished review.
 */
export function canTransition(from: SessionState, to: SessionState, format: InterviewFormat, actor: SessionActor): boolean {
  if (!ALLOWED[from].includes(to)) return false;
  if ((from === 'reviewed' || to === 'reviewed') && actor.kind !== 'member') return false;
  // A session only ever finishes in its format's own state, and a reopened review goes back to it.
  const foreign = (state: SessionState) => isFinished(state) && state !== 'reviewed' && state !== FINISHED_STATE[format];
  return !foreign(from) && !foreign(to);
}

export function isFinished(state: SessionState): boolean {
  return state !== 'not_started' && state !== 'in_progress';
}

export function isSessionState(value: string): value is SessionState {
  return (SESSION_STATES as readonly string[]).includes(value);
}

function isInterviewFormat(value: string): value is InterviewFormat {
  return (INTERVIEW_FORMATS as readonly string[]).includes(value);
}

/** Who made a change: a member of the organization, the candidate's device, or Holdfast itself. */
export type SessionActor = { kind: 'member'; memberId: string } | { kind: 'candidate' } | { kind: 'system' };

export type TransitionResult =
  | { kind: 'changed'; from: SessionState; to: SessionState; at: number }
  | { kind: 'unchanged'; state: SessionState }
  | { kind: 'not_allowed'; from: SessionState; to: SessionState }
  | { kind: 'session_not_found' };

export interface SessionEvent {
  from: SessionState;
  to: SessionState;
  actor: SessionActor;
  at: number;
}

/** A conflicting change between our read and our write is retried this many times. */
const MAX_ATTEMPTS = 3;

/**
 * Moves a session to `to` if the machine allows it from where the session is now. The update is
 * guarded by the state it was read in, and the event is written in the same transaction only
 * when that update changed the row, so two racing callers never record one change twice.
 * Asking for the state a session is already in changes nothing and records nothing.
 */
export async function transition(db: D1Database, sessionId: string, to: SessionState, actor: SessionActor, now: number = Date.now()): Promise<TransitionResult> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const row = await findSessionStatus(db, sessionId);
    if (!row) return { kind: 'session_not_found' };
    const from = row.status;
    if (!isSessionState(from)) throw new Error(`Session ${sessionId} has an unknown status "${from}"`);
    if (from === to) return { kind: 'unchanged', state: from };
    const format = isInterviewFormat(row.format) ? row.format : 'one_way';
    if (!canTransition(from, to, format, actor)) return { kind: 'not_allowed', from, to };

    const [update] = await db.batch(changeStatusStatements(db, { sessionId, from, to, actorKind: actor.kind, actorId: actor.kind === 'member' ? actor.memberId : null, at: now }));
    if ((update?.meta.changes ?? 0) > 0) return { kind: 'changed', from, to, at: now };
  }
  throw new Error(`Session ${sessionId} kept changing state while moving it to ${to}`);
}

/** A session's history of states, oldest first. */
export async function listSessionEvents(db: D1Database, orgId: string, sessionId: string): Promise<SessionEvent[]> {
  const records = await listSessionEventRecords(db, orgId, sessionId);
  return records.map((r) => ({ from: stateOf(r.from), to: stateOf(r.to), actor: actorOf(r.actorKind, r.actorId), at: r.at }));
}

/** Only `transition` writes events, so a state it does not know means the data was changed by hand. */
function stateOf(value: string): SessionState {
  if (!isSessionState(value)) throw new Error(`A session event has an unknown state "${value}"`);
  return value;
}

function actorOf(kind: string, id: string | null): SessionActor {
  switch (kind) {
    case 'member':
      return { kind: 'member', memberId: id ?? '' };
    case 'candidate':
    case 'system':
      return { kind };
    default:
      throw new Error(`A session event has an unknown actor "${kind}"`);
  }
}
