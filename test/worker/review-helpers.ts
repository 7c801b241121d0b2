/** Sessions in a member's organization, candidate devices and WebSockets, for the review and live tests. */
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { deviceTokenDigest, insertDeviceStatement, newDeviceToken } from '../../worker/candidate-auth';
import { insertSession } from '../../worker/db/sessions';
import { sessionStub } from '../../worker/sessions';
import { type SessionState, transition } from '../../worker/state/session-states';
import type { Account } from './auth-helpers';
import { api, BASE } from './helpers';

export const orgOf = (account: Account) => account.signedIn.organization.id;

/** A bare session (no interview yet) in the account's organization, its object initialized. */
export async function sessionIn(orgId: string): Promise<string> {
  const sessionId = crypto.randomUUID();
  await insertSession(env.DB, { id: sessionId, orgId, now: Date.now() });
  await sessionStub(env, sessionId).initialize({ sessionId, orgId });
  return sessionId;
}

/** Walks the session through the state machine, as a candidate and the system would. */
export async function moveTo(sessionId: string, path: readonly SessionState[]): Promise<void> {
  for (const to of path) {
    const result = await transition(env.DB, sessionId, to, { kind: 'system' });
    expect(result.kind, `moving ${sessionId} to ${to}`).toBe('changed');
  }
}

/** A device token for the session, as issue 4's start route mints them. */
export async function candidateDevice(sessionId: string, orgId: string): Promise<string> {
  const token = newDeviceToken();
  await insertDeviceStatement(env.DB, { tokenHash: await deviceTokenDigest(token), sessionId, orgId, now: Date.now() }).run();
  return token;
}

/** A WebSocket client whose frames are read in order with `next()`. */
export interface Socket {
  ws: WebSocket;
  next(): Promise<unknown>;
  send(frame: unknown): void;
  close(): Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
}

export async function openSocket(path: string, headers: Record<string, string> = {}): Promise<Socket> {
  const res = await api(path, { headers: { upgrade: 'websocket', ...headers } });
  expect(res.status, `upgrade of ${path}: ${res.status === 101 ? '' : await res.clone().text()}`).toBe(101);
  const ws = res.webSocket;
  if (!ws) throw new Error('no WebSocket in the 101 answer');
  const frames: unknown[] = [];
  const waiting: ((frame: unknown) => void)[] = [];
  let closedWith: (value: { code: number; reason: string }) => void = () => {};
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (closedWith = resolve));
  ws.addEventListener('message', (event) => {
    const frame: unknown = JSON.parse(String(event.data));
    const waiter = waiting.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  ws.addEventListener('close', (event) => closedWith({ code: event.code, reason: event.reason }));
  ws.accept();
  return {
    ws,
    next: () => (frames.length > 0 ? Promise.resolve(frames.shift()) : new Promise((resolve) => waiting.push(resolve))),
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    close: async () => {
      ws.close(1000, 'done');
      await closed;
    },
    closed,
  };
}

/** Reads frames until one matches: status frames may repeat while several things change at once. */
export async function nextMatching(socket: Socket, match: (frame: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (;;) {
    const frame = (await socket.next()) as Record<string, unknown>;
    if (match(frame)) return frame;
  }
}

export const sameOrigin = { origin: BASE };

/** Uploads and finishes one recording segment of an answer, as the candidate's device would. */
export async function recordSegment(sessionId: string, answerId: string, chunks: readonly Uint8Array[], mimeType = 'video/webm;codecs="vp8,opus"'): Promise<string> {
  const stub = sessionStub(env, sessionId);
  const segmentId = `segment-${crypto.randomUUID()}`;
  for (const [seq, bytes] of chunks.entries()) {
    const digest = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
    const result = await stub.recordChunk({ answerId, segmentId, seq, mimeType, sha256: digest, bytes: bytes.slice().buffer });
    expect(result.kind, `chunk ${seq}`).toBe('stored');
  }
  const finished = await stub.finishSegment({ answerId, segmentId, chunkCount: chunks.length, durationMs: 1000 * chunks.length });
  expect(finished.kind, JSON.stringify(finished)).toBe('finalized');
  return segmentId;
}
