/** Typed D1 queries for pads (live interviews): the state mirrored by the session's object, the list, the org's waiting room. */
import type { PadListItem, PadState } from '../schemas/pads';

/** The pad's state as its object last mirrored it; the Pads view and the Sessions tab read it. */
export async function setPadState(db: D1Database, sessionId: string, state: PadState, waitingSince: number | null, now: number): Promise<void> {
  await db.prepare('UPDATE sessions SET pad_state = ?1, pad_waiting_since = ?2, updated_at = max(updated_at, ?3) WHERE id = ?4').bind(state, waitingSince, now, sessionId).run();
}

export interface PadSettings {
  waitingRoom: boolean;
  waitingMessage: string;
}

export async function readPadSettings(db: D1Database, orgId: string): Promise<PadSettings> {
  const row = await db
    .prepare('SELECT pad_waiting_room, pad_waiting_message FROM organizations WHERE id = ?')
    .bind(orgId)
    .first<{ pad_waiting_room: number; pad_waiting_message: string }>();
  return { waitingRoom: (row?.pad_waiting_room ?? 1) === 1, waitingMessage: row?.pad_waiting_message ?? '' };
}

export async function updatePadSettings(
  db: D1Database,
  orgId: string,
  changes: { waitingRoom?: boolean | undefined; waitingMessage?: string | undefined },
  now: number,
): Promise<void> {
  await db
    .prepare('UPDATE organizations SET pad_waiting_room = coalesce(?1, pad_waiting_room), pad_waiting_message = coalesce(?2, pad_waiting_message), updated_at = ?3 WHERE id = ?4')
    .bind(changes.waitingRoom === undefined ? null : changes.waitingRoom ? 1 : 0, changes.waitingMessage ?? null, now, orgId)
    .run();
}

/** A pad of the organization with who it is for; null for another organization's session or one that is not a pad. */
export async function findPad(
  db: D1Database,
  orgId: string,
  sessionId: string,
): Promise<{ sessionId: string; candidateName: string; interviewName: string; state: PadState; status: string; inviteToken: string | null } | null> {
  const row = await db
    .prepare(
      `SELECT s.id, c.name AS candidate_name, i.name AS interview_name, coalesce(s.pad_state, 'not_started') AS pad_state, s.status, s.invite_token
       FROM sessions s LEFT JOIN candidates c ON c.id = s.candidate_id LEFT JOIN interviews i ON i.id = s.interview_id
       WHERE s.id = ?1 AND s.org_id = ?2 AND s.format = 'live'`,
    )
    .bind(sessionId, orgId)
    .first<{ id: string; candidate_name: string | null; interview_name: string | null; pad_state: PadState; status: string; invite_token: string | null }>();
  return row
    ? {
        sessionId: row.id,
        candidateName: row.candidate_name ?? '',
        interviewName: row.interview_name ?? '',
        state: row.pad_state,
        status: row.status,
        inviteToken: row.invite_token,
      }
    : null;
}

/** Every pad of the organization, newest first (at most 500). */
export async function listPads(db: D1Database, orgId: string): Promise<PadListItem[]> {
  const { results } = await db
    .prepare(
      `SELECT s.id, s.interview_id, i.name AS interview_name, c.name AS candidate_name, coalesce(s.pad_state, 'not_started') AS pad_state,
         s.pad_waiting_since, s.created_at
       FROM sessions s LEFT JOIN candidates c ON c.id = s.candidate_id LEFT JOIN interviews i ON i.id = s.interview_id
       WHERE s.org_id = ?1 AND s.format = 'live' AND s.retaken_by IS NULL
       ORDER BY s.created_at DESC, s.id DESC LIMIT 500`,
    )
    .bind(orgId)
    .all<{
      id: string;
      interview_id: string;
      interview_name: string | null;
      candidate_name: string | null;
      pad_state: PadState;
      pad_waiting_since: number | null;
      created_at: number;
    }>();
  return results.map((r) => ({
    sessionId: r.id,
    interviewId: r.interview_id,
    interviewName: r.interview_name ?? '',
    candidateName: r.candidate_name ?? '',
    state: r.pad_state,
    waitingSince: r.pad_waiting_since,
    createdAt: r.created_at,
  }));
}
