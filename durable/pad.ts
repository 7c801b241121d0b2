/**
 * The pad of a live coding interview: one Yjs document held by the session's object, synced over
 * its hibernatable WebSockets with y-protocols (sync and awareness).
 *
 * Why y-protocols with our own small provider and not y-partyserver: y-partyserver's YServer is a
 * partyserver `Server`, a Durable Object class of its own, and Holdfast has one object per session,
 * InterviewSession, which already owns the session's sockets (durable/live.ts), alarms and SQLite.
 * A pad is one more part of that object, sharing its store, its alarm and the Worker's socket
 * hand-off (worker/live-sockets.ts), as the live status does.
 *
 * The document lives in SQLite as every update (kept for playback, each a row far below 2 MB: a
 * frame is at most MAX_PAD_FRAME_BYTES) plus a snapshot every SNAPSHOT_EVERY updates, split in
 * parts, so waking the object replays only the updates after the last snapshot. Everything a
 * socket must remember (its role, its name, its awareness client ids) is in its attachment,
 * because the object may be evicted between any two frames.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { setPadState } from '../worker/db/pads';
import { CODE_LANGUAGES, type CodeLanguage, RUN_OUTPUT_LIMIT_BYTES, type RunResult } from '../worker/schemas/code';
import {
  MAX_PAD_FRAME_BYTES,
  MAX_PAD_NOTES,
  PAD_CLOSE_ENDED,
  PAD_IDLE_END_MS,
  PAD_MESSAGE_AWARENESS,
  PAD_MESSAGE_SYNC,
  PAD_STATES,
  PAD_TEXT,
  type PadEventRecord,
  type PadHistory,
  type PadServerFrame,
  type PadState,
  type PadStatus,
} from '../worker/schemas/pads';
import { type SessionActor, transition } from '../worker/state/session-states';
import type { SessionStore } from './store';

/** The Worker says who connects with these headers; only the Worker can reach the object. */
export const PAD_ROLE_HEADER = 'x-holdfast-pad-role';
export const PAD_NAME_HEADER = 'x-holdfast-pad-name';
export const PAD_WAITING_ROOM_HEADER = 'x-holdfast-pad-waiting-room';

export type PadRole = 'interviewer' | 'candidate';

/** Every pad socket carries this tag, and `pad:<role>`; live-status sockets never do. */
const PAD_TAG = 'pad';

interface PadAttachment {
  channel: 'pad';
  role: PadRole;
  name: string;
  connectedAt: number;
  /** Awareness client ids this socket announced, with their last clock, to say they left when it closes. */
  awareness: Record<string, number>;
}

const SNAPSHOT_EVERY = 500;
/** A snapshot row holds at most this much of the encoded document. */
const SNAPSHOT_PART_BYTES = 512 * 1024;
/** Origin of transactions that only load what SQLite already holds. */
const LOADING = Symbol('loading');
const SYSTEM_AUTHOR = 'Holdfast';

const META = {
  state: 'pad_state',
  waitingSince: 'pad_waiting_since',
  language: 'pad_language',
  notes: 'pad_notes',
  lastLeftAt: 'pad_last_left_at',
  snapshotSeq: 'pad_snapshot_seq',
  endedAt: 'pad_ended_at',
} as const;

export type EndResult = { kind: 'ended' | 'already_ended' } | { kind: 'not_started' };

export class PadRoom {
  private doc: Y.Doc | null = null;
  /** The awareness states last heard, by client id, to greet a new socket (lost on eviction: clients renew theirs every 15 s). */
  private readonly awareness = new Map<number, { clock: number; state: string }>();

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly store: SessionStore,
    private readonly db: D1Database,
  ) {}

  private get sql(): SqlStorage {
    return this.store.sql;
  }

  static isPadSocket(ws: WebSocket): boolean {
    return attachmentOf(ws) !== null;
  }

  state(): PadState {
    const value = this.store.meta(META.state);
    return value && (PAD_STATES as readonly string[]).includes(value) ? (value as PadState) : 'not_started';
  }

  language(): CodeLanguage {
    const chosen = this.store.meta(META.language);
    if (chosen && (CODE_LANGUAGES as readonly string[]).includes(chosen)) return chosen as CodeLanguage;
    const question = this.store.questions()?.find((q) => q.type === 'code');
    return question?.type === 'code' ? question.language : 'javascript';
  }

  setLanguage(language: CodeLanguage): PadStatus {
    this.store.setMeta(META.language, language);
    const status = this.status();
    this.broadcast(JSON.stringify(status));
    return status;
  }

  status(): PadStatus {
    const since = this.store.meta(META.waitingSince);
    return {
      type: 'status',
      state: this.state(),
      language: this.language(),
      waitingSince: since === null ? null : Number(since),
      candidateConnected: this.sockets('candidate').length > 0,
    };
  }

  /** Accepts a pad socket the Worker has already authorized. */
  async connect(request: Request, now = Date.now()): Promise<Response> {
    const role = request.headers.get(PAD_ROLE_HEADER);
    if (role !== 'interviewer' && role !== 'candidate') return new Response('Unknown pad role', { status: 400 });
    if (!this.store.identity()) return new Response('No such session', { status: 404 });
    if (role === 'candidate' && this.state() === 'ended') return new Response('This interview has ended', { status: 404 });

    const { 0: client, 1: server } = new WebSocketPair();
    const attachment: PadAttachment = { channel: 'pad', role, name: decodeURIComponent(request.headers.get(PAD_NAME_HEADER) ?? ''), connectedAt: now, awareness: {} };
    this.ctx.acceptWebSocket(server, [PAD_TAG, `${PAD_TAG}:${role}`]);
    server.serializeAttachment(attachment);

    if (role === 'candidate' && (this.state() === 'not_started' || this.state() === 'waiting')) {
      // No waiting room in this organization: the candidate is in at once.
      if (request.headers.get(PAD_WAITING_ROOM_HEADER) === '0') await this.moveTo('in_progress', now);
      else if (this.state() === 'not_started') {
        this.store.setMeta(META.waitingSince, String(now));
        await this.moveTo('waiting', now);
      }
    }
    server.send(JSON.stringify(this.status()));
    if (role === 'interviewer') server.send(JSON.stringify({ type: 'notes', text: this.store.meta(META.notes) ?? '' } satisfies PadServerFrame));
    if (this.mayEdit(attachment)) this.greet(server);
    // Everyone else learns that the candidate is here (or who joined).
    this.broadcast(JSON.stringify(this.status()), server);
    return new Response(null, { status: 101, webSocket: client });
  }

  /** The interviewer let the candidate in: their socket gets the document from now on. */
  async admit(now = Date.now()): Promise<PadStatus> {
    const state = this.state();
    if (state === 'ended' || state === 'in_progress') return this.status();
    await this.moveTo('in_progress', now);
    const status = JSON.stringify(this.status());
    for (const ws of this.sockets()) {
      try {
        ws.send(status);
        // Its first sync step was ignored while it waited: it gets the whole document now.
        if (attachmentOf(ws)?.role === 'candidate') this.greet(ws, true);
      } catch {
        // Closing under us: its close event cleans up.
      }
    }
    return this.status();
  }

  /** Ends the pad for everyone: candidate sockets are closed, and the session is Ended. */
  async end(actor: SessionActor, now = Date.now()): Promise<EndResult> {
    if (this.state() === 'ended') return { kind: 'already_ended' };
    const identity = this.store.identity();
    if (!identity) return { kind: 'not_started' };
    const moved = await transition(this.db, identity.sessionId, 'ended', actor, now);
    if (moved.kind === 'not_allowed' || moved.kind === 'session_not_found') return { kind: 'not_started' };
    this.store.setMeta(META.endedAt, String(now));
    // The session's summary agrees: the session finished (in its format's state, Ended).
    if (this.store.meta('completed_at') === null) {
      this.store.setMeta('completed_at', String(now));
      this.store.summaryChanged();
    }
    await this.moveTo('ended', now);
    const ended = JSON.stringify({ type: 'ended' } satisfies PadServerFrame);
    for (const ws of this.sockets()) {
      try {
        ws.send(ended);
        if (attachmentOf(ws)?.role === 'candidate') ws.close(PAD_CLOSE_ENDED, 'This interview has ended');
      } catch {
        // Already gone.
      }
    }
    return { kind: 'ended' };
  }

  async onMessage(ws: WebSocket, message: string | ArrayBuffer, now = Date.now()): Promise<void> {
    const attachment = attachmentOf(ws);
    if (!attachment) return;
    const size = typeof message === 'string' ? message.length : message.byteLength;
    if (size > MAX_PAD_FRAME_BYTES) return send(ws, { type: 'error', message: `Frames are at most ${MAX_PAD_FRAME_BYTES} bytes.` });
    if (typeof message === 'string') return this.onText(ws, attachment, message, now);
    if (!this.mayEdit(attachment) || this.state() === 'ended') return;
    const bytes = new Uint8Array(message);
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    if (type === PAD_MESSAGE_SYNC) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, PAD_MESSAGE_SYNC);
      try {
        syncProtocol.readSyncMessage(decoder, encoder, this.loadDoc(), ws);
      } catch (err) {
        return send(ws, { type: 'error', message: `Not a Yjs sync message: ${String(err)}` });
      }
      if (encoding.length(encoder) > 1) ws.send(encoding.toUint8Array(encoder));
    } else if (type === PAD_MESSAGE_AWARENESS) {
      this.onAwareness(ws, attachment, decoding.readVarUint8Array(decoder));
    }
  }

  async onClose(ws: WebSocket, now = Date.now()): Promise<void> {
    const attachment = attachmentOf(ws);
    if (!attachment) return;
    // The clients it announced are gone: the others stop drawing their cursors.
    const ids = Object.entries(attachment.awareness);
    if (ids.length > 0) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, ids.length);
      for (const [id, clock] of ids) {
        encoding.writeVarUint(encoder, Number(id));
        encoding.writeVarUint(encoder, clock + 1);
        encoding.writeVarString(encoder, 'null');
        this.awareness.delete(Number(id));
      }
      this.broadcast(awarenessFrame(encoding.toUint8Array(encoder)), ws);
    }
    this.broadcast(JSON.stringify({ ...this.status(), candidateConnected: this.sockets('candidate').some((s) => s !== ws) }), ws);
    if (this.sockets().every((s) => s === ws) && (this.state() === 'waiting' || this.state() === 'in_progress')) {
      this.store.setMeta(META.lastLeftAt, String(now));
      await this.store.alarms.schedule('padIdle', now + PAD_IDLE_END_MS);
    }
  }

  /** The alarm's half of auto-end: nobody connected for PAD_IDLE_END_MS ends the pad. */
  async checkIdle(now = Date.now()): Promise<void> {
    const state = this.state();
    if (state !== 'waiting' && state !== 'in_progress') return;
    if (this.sockets().some((ws) => ws.readyState === WebSocket.OPEN)) return;
    const lastLeft = Number(this.store.meta(META.lastLeftAt) ?? now);
    if (now - lastLeft < PAD_IDLE_END_MS) {
      await this.store.alarms.schedule('padIdle', lastLeft + PAD_IDLE_END_MS);
      return;
    }
    await this.end({ kind: 'system' }, now);
  }

  /** Every update with its time and author, the events, and the document now: the pad's playback. */
  history(): PadHistory {
    const updates = this.sql
      .exec<{ seq: number; data: ArrayBuffer; author: string; at: number }>('SELECT seq, data, author, at FROM pad_updates ORDER BY seq')
      .toArray()
      .map((r) => ({ seq: r.seq, at: r.at, author: r.author, update: toBase64(new Uint8Array(r.data)) }));
    const events = this.sql
      .exec<{ seq: number; kind: PadEventRecord['kind']; author: string; at: number; body: string }>('SELECT seq, kind, author, at, body FROM pad_events ORDER BY seq')
      .toArray()
      .map((r) => ({ seq: r.seq, kind: r.kind, author: r.author, at: r.at, ...(JSON.parse(r.body) as Pick<PadEventRecord, 'size' | 'result'>) }));
    return { language: this.language(), updates, events, finalText: this.loadDoc().getText(PAD_TEXT).toString() };
  }

  /** The text of the document as the object holds it. */
  text(): string {
    return this.loadDoc().getText(PAD_TEXT).toString();
  }

  private mayEdit(attachment: PadAttachment): boolean {
    return attachment.role === 'interviewer' || this.state() === 'in_progress';
  }

  /**
   * A socket that may edit gets the server's state vector (it answers with what it has that we
   * lack), the whole document when its own request for it went unanswered, and the cursors.
   */
  private greet(ws: WebSocket, wholeDocument = false): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, PAD_MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.loadDoc());
    ws.send(encoding.toUint8Array(encoder));
    if (wholeDocument) {
      const all = encoding.createEncoder();
      encoding.writeVarUint(all, PAD_MESSAGE_SYNC);
      syncProtocol.writeSyncStep2(all, this.loadDoc());
      ws.send(encoding.toUint8Array(all));
    }
    if (this.awareness.size > 0) {
      const states = encoding.createEncoder();
      encoding.writeVarUint(states, this.awareness.size);
      for (const [id, { clock, state }] of this.awareness) {
        encoding.writeVarUint(states, id);
        encoding.writeVarUint(states, clock);
        encoding.writeVarString(states, state);
      }
      ws.send(awarenessFrame(encoding.toUint8Array(states)));
    }
  }

  private async onText(ws: WebSocket, attachment: PadAttachment, text: string, now: number): Promise<void> {
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return send(ws, { type: 'error', message: 'The frame is not JSON.' });
    }
    if (this.state() === 'ended') return;
    switch (frame.type) {
      case 'notes': {
        // Notes are the interviewers' alone: a candidate's socket may neither write nor read them.
        if (attachment.role !== 'interviewer' || typeof frame.text !== 'string' || frame.text.length > MAX_PAD_NOTES) {
          return send(ws, { type: 'error', message: 'Only interviewers keep notes, of at most 20000 characters.' });
        }
        this.store.setMeta(META.notes, frame.text);
        this.toInterviewers(JSON.stringify({ type: 'notes', text: frame.text } satisfies PadServerFrame), ws);
        return;
      }
      case 'run': {
        const result = runResultOf(frame.result);
        if (!result || !this.mayEdit(attachment)) return send(ws, { type: 'error', message: 'A run frame carries one run result.' });
        this.recordEvent('run', attachment.name, now, { result });
        this.broadcast(JSON.stringify({ type: 'run', by: attachment.name, at: now, result } satisfies PadServerFrame), ws);
        return;
      }
      case 'event': {
        const k = frame.k;
        if (k !== 'blur' && k !== 'focus' && k !== 'paste') return send(ws, { type: 'error', message: 'An event is blur, focus or paste.' });
        const size = typeof frame.size === 'number' && Number.isInteger(frame.size) && frame.size >= 0 ? frame.size : undefined;
        this.recordEvent(k, attachment.name, now, size === undefined ? {} : { size });
        return;
      }
      default:
        return send(ws, { type: 'error', message: 'Unknown frame.' });
    }
  }

  private recordEvent(kind: PadEventRecord['kind'], author: string, at: number, body: Pick<PadEventRecord, 'size' | 'result'>): void {
    this.sql.exec('INSERT INTO pad_events (kind, author, at, body) VALUES (?, ?, ?, ?)', kind, author, at, JSON.stringify(body));
  }

  private onAwareness(ws: WebSocket, attachment: PadAttachment, update: Uint8Array): void {
    const decoder = decoding.createDecoder(update);
    try {
      const count = decoding.readVarUint(decoder);
      for (let i = 0; i < count; i++) {
        const id = decoding.readVarUint(decoder);
        const clock = decoding.readVarUint(decoder);
        const state = decoding.readVarString(decoder);
        if (state === 'null') this.awareness.delete(id);
        else this.awareness.set(id, { clock, state });
        attachment.awareness[String(id)] = clock;
      }
    } catch {
      send(ws, { type: 'error', message: 'Not an awareness update.' });
      return;
    }
    ws.serializeAttachment(attachment);
    this.broadcast(awarenessFrame(update), ws);
  }

  /** The document, loaded from SQLite on first use after a wake-up: the last snapshot, then the updates after it. */
  private loadDoc(): Y.Doc {
    if (this.doc) return this.doc;
    const doc = new Y.Doc();
    const snapshotSeq = Number(this.store.meta(META.snapshotSeq) ?? 0);
    doc.transact(() => {
      if (snapshotSeq > 0) {
        const parts = this.sql.exec<{ data: ArrayBuffer }>('SELECT data FROM pad_snapshots WHERE through_seq = ? ORDER BY part', snapshotSeq).toArray();
        Y.applyUpdate(doc, concat(parts.map((p) => new Uint8Array(p.data))));
      }
      for (const row of this.sql.exec<{ data: ArrayBuffer }>('SELECT data FROM pad_updates WHERE seq > ? ORDER BY seq', snapshotSeq)) {
        Y.applyUpdate(doc, new Uint8Array(row.data));
      }
    }, LOADING);
    doc.on('update', (update: Uint8Array, origin: unknown) => this.onUpdate(update, origin));
    this.doc = doc;
    if (snapshotSeq === 0 && this.sql.exec('SELECT 1 FROM pad_updates LIMIT 1').toArray().length === 0) {
      const question = this.store.questions()?.find((q) => q.type === 'code');
      const starter = question?.type === 'code' ? question.starterCode : '';
      if (starter) doc.transact(() => doc.getText(PAD_TEXT).insert(0, starter), SYSTEM_AUTHOR);
    }
    return doc;
  }

  /** Every change is stored before anyone else hears of it: what a client saw the server send is durable. */
  private onUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === LOADING) return;
    const attachment = origin && typeof origin === 'object' && 'deserializeAttachment' in origin ? attachmentOf(origin as WebSocket) : null;
    const author = attachment ? `${attachment.role}:${attachment.name}` : `system:${SYSTEM_AUTHOR}`;
    const seq = this.sql.exec<{ seq: number }>('INSERT INTO pad_updates (data, author, at) VALUES (?, ?, ?) RETURNING seq', bufferOf(update), author, Date.now()).one().seq;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, PAD_MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    this.broadcast(encoding.toUint8Array(encoder), attachment ? (origin as WebSocket) : undefined);
    if (seq - Number(this.store.meta(META.snapshotSeq) ?? 0) >= SNAPSHOT_EVERY) this.snapshot(seq);
  }

  private snapshot(throughSeq: number): void {
    if (!this.doc) return;
    const state = Y.encodeStateAsUpdate(this.doc);
    this.store.transaction(() => {
      this.sql.exec('DELETE FROM pad_snapshots');
      for (let part = 0; part * SNAPSHOT_PART_BYTES < state.length || part === 0; part++) {
        this.sql.exec(
          'INSERT INTO pad_snapshots (through_seq, part, data) VALUES (?, ?, ?)',
          throughSeq,
          part,
          bufferOf(state.subarray(part * SNAPSHOT_PART_BYTES, (part + 1) * SNAPSHOT_PART_BYTES)),
        );
      }
      this.store.setMeta(META.snapshotSeq, String(throughSeq));
    });
  }

  private async moveTo(state: PadState, now: number): Promise<void> {
    this.store.setMeta(META.state, state);
    const identity = this.store.identity();
    if (!identity) return;
    const since = this.store.meta(META.waitingSince);
    try {
      await setPadState(this.db, identity.sessionId, state, since === null ? null : Number(since), now);
    } catch (err) {
      // The object is the truth; the list catches up at the next change.
      console.error(JSON.stringify({ level: 'warn', sessionId: identity.sessionId, message: `pad state mirror failed: ${String(err)}` }));
    }
  }

  private sockets(role?: PadRole): WebSocket[] {
    return this.ctx.getWebSockets(role ? `${PAD_TAG}:${role}` : PAD_TAG);
  }

  /** To every pad socket but `except`; a candidate's socket only once they are admitted. */
  private broadcast(frame: string | Uint8Array, except?: WebSocket): void {
    const admitted = this.state() === 'in_progress';
    for (const ws of this.sockets()) {
      if (ws === except || (!admitted && attachmentOf(ws)?.role === 'candidate')) continue;
      try {
        ws.send(frame);
      } catch {
        // Closing under us.
      }
    }
  }

  private toInterviewers(frame: string, except?: WebSocket): void {
    for (const ws of this.sockets('interviewer')) {
      if (ws === except) continue;
      try {
        ws.send(frame);
      } catch {
        // Closing under us.
      }
    }
  }
}

function attachmentOf(ws: WebSocket): PadAttachment | null {
  const value: unknown = ws.deserializeAttachment();
  return typeof value === 'object' && value !== null && (value as { channel?: unknown }).channel === 'pad' ? (value as PadAttachment) : null;
}

function send(ws: WebSocket, frame: PadServerFrame): void {
  try {
    ws.send(JSON.stringify(frame));
  } catch {
    // Closing under us.
  }
}

function awarenessFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, PAD_MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function runResultOf(value: unknown): RunResult | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  const status = r.status;
  if (status !== 'ok' && status !== 'error' && status !== 'timeout' && status !== 'output_limit') return null;
  if (typeof r.stdout !== 'string' || typeof r.stderr !== 'string' || typeof r.ms !== 'number') return null;
  if (r.stdout.length > RUN_OUTPUT_LIMIT_BYTES || r.stderr.length > RUN_OUTPUT_LIMIT_BYTES) return null;
  return { status, stdout: r.stdout, stderr: r.stderr, ms: Math.max(0, Math.round(r.ms)) };
}

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
