/**
 * Live status of a session: the candidate's device and the dashboards watching it hold
 * WebSockets to this object. Sockets are hibernatable (`acceptWebSocket`), so an idle session
 * costs nothing; everything a socket must remember lives in its attachment, and the presence
 * (where the candidate is, since when they are offline) in the object's SQLite, because the
 * object may be evicted and rebuilt between any two frames.
 */

import { can, isRole, type Role } from '../worker/auth/permissions';
import { readMemberRoles, readSessionStatus } from '../worker/db/session-status';
import {
  type CandidateFrame,
  candidateFrameSchema,
  LIVE_SILENCE_MS,
  type LiveFrameError,
  type LiveStatus,
  MAX_LIVE_FRAME_BYTES,
  PING_FRAME,
  PONG_FRAME,
  watcherFrameSchema,
} from '../worker/schemas/live';
import { isSessionState, type SessionState } from '../worker/state/session-states';
import type { SessionStore } from './store';

/** The Worker tells the object who is connecting with these headers; only the Worker can reach it. */
export const LIVE_ROLE_HEADER = 'x-holdfast-live-role';
export const LIVE_MEMBER_HEADER = 'x-holdfast-live-member';
export const LIVE_MEMBER_ROLE_HEADER = 'x-holdfast-live-member-role';

export type LiveRole = 'candidate' | 'watcher';

/** A watcher remembers the role it was let in with: a socket outlives a change of role. */
type SocketAttachment = { role: 'candidate'; connectedAt: number; lastFrameAt: number } | { role: 'watcher'; memberId: string; memberRole?: Role; connectedAt: number };

/** Close codes 4000-4999 are ours to define (RFC 6455 §7.4.2). */
const CLOSE_SILENT = 4408;
/** The member was removed or their role changed: the dashboard reconnects and is authorized afresh. */
const CLOSE_ACCESS_CHANGED = 4403;

/** Where a device that chose "Finish later" stopped, and when (object meta, see store.ts). */
const PAUSED_AT_META = 'live_paused_at';

interface PresenceRecord extends Record<string, SqlStorageValue> {
  online: number;
  offline_since: number | null;
  question_index: number | null;
  question_count: number | null;
  bytes_left: number | null;
  session_status: string | null;
}

export class LivePresence {
  /** What watchers were told last, so an unchanged status is not sent again (lost on eviction: harmless). */
  private lastAnnounced: string | null = null;
  /**
   * When the device's last request (an answer, a chunk) reached the object. Kept in memory only,
   * so the hot path of chunk uploads writes nothing for presence; after an eviction the sockets'
   * own times are still there.
   */
  private lastRequestAt = 0;
  /**
   * The presence row as last read or written (only this class writes it), so the device's writes,
   * which all ask whether it was offline, read no SQLite for it. Tagged with the store's
   * generation: erasing the session forgets it.
   */
  private knownPresence: { generation: number; record: PresenceRecord } | null = null;

  /**
   * `ctx` for the sockets (the runtime keeps them), the store for presence, D1 for the session's
   * state and the watchers' roles, `answeredCount` for the dashboard's Progress column.
   */
  constructor(
    private readonly ctx: DurableObjectState,
    private readonly store: SessionStore,
    private readonly db: D1Database,
    private readonly answeredCount: () => number,
  ) {}

  private get sql(): SqlStorage {
    return this.store.sql;
  }

  /** The alarm runs `checkSilence` at `at`, or sooner if asked already. */
  private scheduleSilenceCheck(at: number): Promise<void> {
    return this.store.alarms.schedule('liveSilence', at);
  }

  /**
   * Pings are answered by the runtime without waking the object; the time of each socket's last
   * one is kept by the runtime too (`getWebSocketAutoResponseTimestamp`). Call from the constructor.
   */
  static enableAutoPong(ctx: DurableObjectState): void {
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING_FRAME, PONG_FRAME));
  }

  /** Accepts an upgrade the Worker has already authorized. */
  async connect(request: Request, now = Date.now()): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return new Response('Expected a WebSocket upgrade', { status: 426 });
    }
    const role = request.headers.get(LIVE_ROLE_HEADER);
    if (role !== 'candidate' && role !== 'watcher') return new Response('Unknown live role', { status: 400 });
    if (!this.store.identity()) return new Response('No such session', { status: 404 });

    const { 0: client, 1: server } = new WebSocketPair();
    const memberRole = request.headers.get(LIVE_MEMBER_ROLE_HEADER) ?? '';
    const attachment: SocketAttachment =
      role === 'candidate'
        ? { role, connectedAt: now, lastFrameAt: now }
        : { role, memberId: request.headers.get(LIVE_MEMBER_HEADER) ?? '', ...(isRole(memberRole) ? { memberRole } : {}), connectedAt: now };
    this.ctx.acceptWebSocket(server, [role]);
    server.serializeAttachment(attachment);

    if (role === 'candidate') {
      this.goOnline(now);
      await this.scheduleSilenceCheck(now + LIVE_SILENCE_MS);
      await this.announce();
    } else {
      // A watcher always gets the current status first, changed or not.
      server.send(JSON.stringify(await this.status()));
    }
    // The 101 is returned even though the socket is already usable: the runtime completes the
    // handshake with the client end.
    return new Response(null, { status: 101, webSocket: client });
  }

  async onMessage(ws: WebSocket, message: string | ArrayBuffer, now = Date.now()): Promise<void> {
    const attachment = attachmentOf(ws);
    if (!attachment) return;
    const text = typeof message === 'string' ? message : null;
    if (text === null || text.length > MAX_LIVE_FRAME_BYTES) {
      return refuse(ws, `Frames are JSON text of at most ${MAX_LIVE_FRAME_BYTES} bytes.`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return refuse(ws, 'The frame is not JSON.');
    }
    if (attachment.role === 'watcher') {
      const frame = watcherFrameSchema.safeParse(json);
      if (!frame.success) return refuse(ws, `Watchers may only send ${PING_FRAME}.`);
      ws.send(PONG_FRAME);
      return;
    }
    const frame = candidateFrameSchema.safeParse(json);
    if (!frame.success) return refuse(ws, frame.error.issues.map((i) => `${i.path.join('.') || 'frame'}: ${i.message}`).join('; '));
    ws.serializeAttachment({ ...attachment, lastFrameAt: now } satisfies SocketAttachment);
    await this.onCandidateFrame(ws, frame.data, now);
  }

  private async onCandidateFrame(ws: WebSocket, frame: CandidateFrame, now: number): Promise<void> {
    switch (frame.type) {
      case 'ping':
        ws.send(PONG_FRAME);
        // A ping after a silence (the alarm marked the device offline) brings it back.
        if (this.presence().online === 0) {
          this.goOnline(now);
          await this.announce();
        }
        return;
      case 'progress':
        this.goOnline(now);
        if (frame.paused) this.pause(now);
        else this.store.deleteMeta(PAUSED_AT_META);
        this.writePresence({
          question_index: Math.min(frame.questionIndex, frame.questionCount),
          question_count: frame.questionCount,
          bytes_left: frame.bytesLeft,
        });
        await this.scheduleSilenceCheck(now + LIVE_SILENCE_MS);
        await this.announce();
        return;
      default:
        return frame satisfies never;
    }
  }

  /**
   * The peer closed its socket. Under hibernation the close handshake is ours to finish, so a
   * real close frame is answered with the peer's own code and reason (see reciprocateClose).
   */
  async onClose(ws: WebSocket, code: number, reason: string, now = Date.now()): Promise<void> {
    reciprocateClose(ws, code, reason);
    await this.onGone(ws, now);
  }

  /**
   * The socket failed (its transport is gone): nothing can be sent on it, so only the presence
   * follows. A close reported for the same socket afterwards finds the device already offline.
   */
  async onError(ws: WebSocket, error: unknown, now = Date.now()): Promise<void> {
    console.error(JSON.stringify({ level: 'warn', sessionId: this.store.identity()?.sessionId, message: `live socket failed: ${String(error)}` }));
    await this.onGone(ws, now);
  }

  private async onGone(ws: WebSocket, now: number): Promise<void> {
    const attachment = attachmentOf(ws);
    if (attachment?.role !== 'candidate') return;
    // Already offline (the silence check got there first): keep the earlier, truer moment.
    if (this.openCandidateSockets(ws).length === 0 && this.presence().online === 1) {
      this.goOffline(now);
      await this.announce();
    }
  }

  /**
   * The alarm's half of presence: a device that has sent nothing for `LIVE_SILENCE_MS` (its
   * network died without a close) is disconnected and offline since the last thing it sent.
   */
  async checkSilence(now = Date.now()): Promise<void> {
    let lastHeard: number | null = null;
    let nextCheck: number | null = null;
    for (const ws of this.openCandidateSockets()) {
      const heard = this.lastHeardFrom(ws);
      if (now - heard >= LIVE_SILENCE_MS) {
        try {
          ws.close(CLOSE_SILENT, 'No ping for 30 seconds');
        } catch {
          // Already gone.
        }
        lastHeard = Math.max(lastHeard ?? 0, heard);
      } else {
        nextCheck = Math.min(nextCheck ?? Infinity, heard + LIVE_SILENCE_MS);
      }
    }
    // A device whose socket is still reconnecting is online as long as its requests arrive.
    if (this.lastRequestAt > 0 && now - this.lastRequestAt < LIVE_SILENCE_MS) {
      nextCheck = Math.min(nextCheck ?? Infinity, this.lastRequestAt + LIVE_SILENCE_MS);
    }
    if (nextCheck !== null) {
      await this.scheduleSilenceCheck(nextCheck);
      return;
    }
    if (this.presence().online === 1) {
      const lastContact = Math.max(lastHeard ?? 0, this.lastRequestAt);
      this.goOffline(lastContact > 0 ? lastContact : now);
      await this.announce();
    }
  }

  /**
   * Any request of the device reaching the object (an answer, a recording chunk, the manifest) is
   * contact: a device that went offline is online again from that moment, without waiting for its
   * live socket, which may still be backing off before it reconnects.
   */
  async heardFromDevice(now = Date.now()): Promise<void> {
    this.lastRequestAt = Math.max(this.lastRequestAt, now);
    // Only a device that was online and dropped comes back this way; a device that never opened
    // its live socket has no presence to restore (and books no silence check for it).
    const presence = this.presence();
    if (presence.online === 1 || presence.offline_since === null) return;
    this.goOnline(now);
    await this.scheduleSilenceCheck(now + LIVE_SILENCE_MS);
    await this.announce();
  }

  /**
   * The candidate chose "Finish later": they stopped at `questionIndex` (the first unanswered
   * question). The status says so until the device reports a question again.
   */
  async finishedLater(questionIndex: number, questionCount: number, now = Date.now()): Promise<void> {
    this.pause(now);
    this.writePresence({ question_index: Math.min(questionIndex, questionCount), question_count: questionCount });
    await this.announce();
  }

  private pause(now: number): void {
    if (this.store.meta(PAUSED_AT_META) === null) this.store.setMeta(PAUSED_AT_META, String(now));
  }

  /**
   * Tells every watcher the current status if it changed since they were last told. Each
   * watcher's membership is checked first: a member removed, or whose role changed, since their
   * socket opened is never told anything more; their socket is closed (the dashboard then
   * reconnects, and the Worker authorizes the member as they are now).
   */
  async announce(): Promise<void> {
    const watchers = this.ctx.getWebSockets('watcher');
    if (watchers.length === 0) return;
    const [status, allowed] = await Promise.all([this.status(), this.allowedWatchers(watchers)]);
    // Nobody could be checked: nobody is told, and the next change tries again with this frame too.
    if (allowed === null) return;
    const frame = JSON.stringify(status);
    if (frame === this.lastAnnounced) return;
    this.lastAnnounced = frame;
    for (const ws of allowed) {
      try {
        ws.send(frame);
      } catch {
        // A socket closing under us is cleaned up by its own close event.
      }
    }
  }

  /** The watchers still entitled to this session's status; the others are closed. Null when D1 could not say. */
  private async allowedWatchers(watchers: WebSocket[]): Promise<WebSocket[] | null> {
    const identity = this.store.identity();
    if (!identity) return [];
    const byMember = new Map<WebSocket, { memberId: string; memberRole?: Role }>();
    for (const ws of watchers) {
      const attachment = attachmentOf(ws);
      if (attachment?.role === 'watcher') byMember.set(ws, attachment);
    }
    let roles: Map<string, string>;
    try {
      roles = await readMemberRoles(this.db, identity.orgId, [...new Set([...byMember.values()].map((w) => w.memberId))]);
    } catch (err) {
      // Fail closed: nobody is told anything this time; the next change asks D1 again.
      console.error(JSON.stringify({ level: 'warn', sessionId: identity.sessionId, message: `live watcher check failed: ${String(err)}` }));
      return null;
    }
    const allowed: WebSocket[] = [];
    for (const [ws, watcher] of byMember) {
      const role = roles.get(watcher.memberId);
      if (role !== undefined && isRole(role) && role === watcher.memberRole && can(role, 'sessions.read')) {
        allowed.push(ws);
        continue;
      }
      try {
        ws.close(CLOSE_ACCESS_CHANGED, role === undefined ? 'no longer a member' : 'role changed');
      } catch {
        // Already closed.
      }
    }
    return allowed;
  }

  async status(): Promise<LiveStatus> {
    const presence = this.presence();
    const questionCount = presence.question_count;
    const index = presence.question_index;
    return {
      type: 'status',
      online: presence.online === 1,
      offlineSince: presence.online === 1 ? null : presence.offline_since,
      // On the closing screen the index equals the count: still "Question 8 of 8".
      currentQuestion: index === null ? null : questionCount ? Math.min(index + 1, questionCount) : index + 1,
      questionCount,
      bytesLeft: presence.bytes_left,
      paused: this.store.meta(PAUSED_AT_META) !== null,
      answeredCount: this.answeredCount(),
      status: await this.sessionStatus(presence.session_status),
    };
  }

  /**
   * The session's state lives in D1 (the state machine writes it there). It is read when
   * watchers are told, and remembered so a D1 hiccup still answers the last state seen.
   */
  private async sessionStatus(remembered: string | null): Promise<SessionState> {
    const identity = this.store.identity();
    const fallback: SessionState = remembered && isSessionState(remembered) ? remembered : 'not_started';
    if (!identity) return fallback;
    try {
      const status = await readSessionStatus(this.db, identity);
      if (status === null || !isSessionState(status)) return fallback;
      if (status !== remembered) this.writePresence({ session_status: status });
      return status;
    } catch (err) {
      console.error(JSON.stringify({ level: 'warn', sessionId: identity.sessionId, message: `live status read failed: ${String(err)}` }));
      return fallback;
    }
  }

  /** Every stretch the device was offline, oldest first; `endedAt` is null while it lasts. */
  disconnects(): { startedAt: number; endedAt: number | null }[] {
    return this.sql
      .exec<{ started_at: number; ended_at: number | null }>('SELECT started_at, ended_at FROM live_disconnects ORDER BY started_at')
      .toArray()
      .map((r) => ({ startedAt: r.started_at, endedAt: r.ended_at }));
  }

  private goOnline(now: number): void {
    if (this.presence().online === 1) return;
    this.sql.exec('UPDATE live_disconnects SET ended_at = ? WHERE ended_at IS NULL', now);
    this.writePresence({ online: 1, offline_since: null });
  }

  private goOffline(since: number): void {
    this.writePresence({ online: 0, offline_since: since });
    this.sql.exec('INSERT OR IGNORE INTO live_disconnects (started_at) VALUES (?)', since);
  }

  private lastHeardFrom(ws: WebSocket): number {
    const attachment = attachmentOf(ws);
    const framed = attachment?.role === 'candidate' ? attachment.lastFrameAt : 0;
    const pinged = this.ctx.getWebSocketAutoResponseTimestamp(ws)?.getTime() ?? 0;
    return Math.max(framed, pinged);
  }

  private openCandidateSockets(except?: WebSocket): WebSocket[] {
    return this.ctx.getWebSockets('candidate').filter((ws) => ws !== except && ws.readyState === WebSocket.OPEN);
  }

  private presence(): PresenceRecord {
    if (this.knownPresence?.generation === this.store.generation) return this.knownPresence.record;
    const record = this.sql
      .exec<PresenceRecord>('SELECT online, offline_since, question_index, question_count, bytes_left, session_status FROM live_presence WHERE id = 1')
      .toArray()[0] ?? {
      online: 0,
      offline_since: null,
      question_index: null,
      question_count: null,
      bytes_left: null,
      session_status: null,
    };
    this.knownPresence = { generation: this.store.generation, record };
    return record;
  }

  private writePresence(changes: Partial<PresenceRecord>): void {
    const next = { ...this.presence(), ...changes } as PresenceRecord;
    this.sql.exec(
      `INSERT INTO live_presence (id, online, offline_since, question_index, question_count, bytes_left, session_status, updated_at)
       VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
       ON CONFLICT (id) DO UPDATE SET online = ?1, offline_since = ?2, question_index = ?3, question_count = ?4,
         bytes_left = ?5, session_status = ?6, updated_at = ?7`,
      next.online,
      next.offline_since,
      next.question_index,
      next.question_count,
      next.bytes_left,
      next.session_status,
      Date.now(),
    );
    this.knownPresence = { generation: this.store.generation, record: next };
  }
}

function attachmentOf(ws: WebSocket): SocketAttachment | null {
  const value: unknown = ws.deserializeAttachment();
  if (typeof value !== 'object' || value === null || !('role' in value)) return null;
  return value as SocketAttachment;
}

/**
 * 1005 (no code in the frame), 1006 (the transport dropped without a close frame) and 1015 (TLS
 * failed) are codes the runtime reports, never codes a close frame may carry (RFC 6455 §7.4.1).
 * When it reports one there is no peer left to answer: a close sent anyway is accepted at once
 * but fails later inside the runtime ("WebSocket peer disconnected"), out of reach of any
 * try/catch. partyserver skips these codes for the same reason (`isReservedCloseCode`).
 */
function isReservedCloseCode(code: number): boolean {
  return code === 1005 || code === 1006 || code === 1015;
}

/**
 * Finishes a close handshake the peer started, with the peer's code, so the device sees the
 * reason it gave (4000-4999 are meaningful to it). Nothing to finish after a reserved code; a
 * socket already closed (or a reason the runtime refuses) leaves nothing more to do either.
 */
export function reciprocateClose(ws: WebSocket, code: number, reason: string): void {
  if (isReservedCloseCode(code)) return;
  try {
    ws.close(code, reason);
  } catch {
    // Already closed: the handshake is done.
  }
}

function refuse(ws: WebSocket, message: string): void {
  const frame: LiveFrameError = { type: 'error', code: 'invalid_frame', message };
  ws.send(JSON.stringify(frame));
}
