/**
 * Live status WebSockets. The Worker authenticates and authorizes the upgrade, then hands it to
 * the session's Durable Object (durable/live.ts), which keeps the socket hibernatable. The object
 * trusts the role headers set here because only this Worker can reach it. The routes are
 * `GET /api/sessions/:sessionId/live` (routes/sessions/live.ts) and `GET /api/candidate/live`
 * (routes/candidate/live.ts).
 */
import { LIVE_MEMBER_HEADER, LIVE_MEMBER_ROLE_HEADER, LIVE_ROLE_HEADER, type LiveRole } from '../durable/live';
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
