/**
 * Live status WebSockets. The Worker authenticates and authorizes the upgrade, then hands it to
 * the session's Durable Object (durable/live.ts), which keeps the socket hibernatable. The object
 * trusts the role headers set here because only this Worker can reach it. The routes are
 * `GET /api/sessions/:sessionId/live` (routes/sessions/live.ts) and `GET /api/candidate/live`
 * (routes/candidate/live.ts). A pad's editor sockets (`GET /api/sessions/:sessionId/pad/socket`,
 * `GET /api/candidate/pad/socket`) are handed off the same way, to the object's `/pad`.
 */
import { LIVE_MEMBER_HEADER, LIVE_MEMBER_ROLE_HEADER, LIVE_ROLE_HEADER, type LiveRole } from '../durable/live';
import { PAD_NAME_HEADER, PAD_ROLE_HEADER, PAD_WAITING_ROOM_HEADER, type PadRole } from '../durable/pad';
import type { Role } from './auth/permissions';
import { HttpError } from './errors';
import { sessionStub } from './sessions';

const upgradeRequired = () => new HttpError(426, 'upgrade_required', 'This address only speaks WebSocket.', undefined, { upgrade: 'websocket' });

export function requireUpgrade(request: Request): void {
  if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') throw upgradeRequired();
}

/**
 * A fresh request to the object: nothing the browser sent rides along except the upgrade, so a
 * client can never set the role headers itself.
 */
export function toSession(env: Env, sessionId: string, role: LiveRole, member?: { memberId: string; role: Role }): Promise<Response> {
  const headers = new Headers({ upgrade: 'websocket', [LIVE_ROLE_HEADER]: role });
  // The object keeps who watches, and with which role, to stop telling them once that changes.
  if (member) {
    headers.set(LIVE_MEMBER_HEADER, member.memberId);
    headers.set(LIVE_MEMBER_ROLE_HEADER, member.role);
  }
  return sessionStub(env, sessionId).fetch(new Request('https://session.internal/live', { headers }));
}

/**
 * The same hand-off for a pad's editor socket: who connects (their role and the name their edits
 * are stored under) and, for a candidate, whether the organization keeps a waiting room.
 */
export function toPad(env: Env, sessionId: string, role: PadRole, person: { name: string; waitingRoom?: boolean }): Promise<Response> {
  const headers = new Headers({ upgrade: 'websocket', [PAD_ROLE_HEADER]: role, [PAD_NAME_HEADER]: encodeURIComponent(person.name) });
  if (person.waitingRoom !== undefined) headers.set(PAD_WAITING_ROOM_HEADER, person.waitingRoom ? '1' : '0');
  return sessionStub(env, sessionId).fetch(new Request('https://session.internal/pad', { headers }));
}
