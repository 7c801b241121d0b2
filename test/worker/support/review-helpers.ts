/** Sessions in a member's organization, candidate devices and WebSockets, for the review and live tests. */
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { mintDeviceToken } from '../../../worker/candidates/entry';
import type { Interview } from '../../../worker/schemas/interviews';
import { sessionStub } from '../../../worker/sessions';
import { type SessionState, transition } from '../../../worker/state/session-states';
import { type Account, register } from './auth-helpers';
import { addCandidate, candidatePost, createInterview, startedEntry, uniqueCandidateEmail } from './candidates-helpers';
import { api, BASE, insertBareSession } from './helpers';
import { webmFixture } from './recording-fixture';

export const orgOf = (account: Account) => account.signedIn.organization.id;

/** A bare session (no interview yet) in the account's organization, its object initialized. */
export async function sessionIn(orgId: string): Promise<string> {
  const sessionId = crypto.randomUUID();
  await insertBareSession(orgId, sessionId);
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
  return mintDeviceToken(env, { sessionId, orgId });
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

export const REVIEW_QUESTIONS = {
  video: 'example-video-introduce-yourself',
  text: 'example-text-why-this-role',
  choice: 'example-choice-http-not-found',
  scale: 'example-scale-work-style',
} as const;
/** Conscientiousness 5 + (6-1) = 10 of 10, extraversion 3 + (6-4) = 5 of 10, openness 2 of 5. */
export const SCALE_ANSWER = { c1: 5, c2: 1, e1: 3, e2: 4, o1: 2 };
export const TEXT_ANSWER = 'I like building things that survive bad networks.';

export interface TakenSession {
  owner: Account;
  interviewId: string;
  sessionId: string;
  candidateName: string;
  email: string;
  deviceToken: string;
  segments: string[];
}

/**
 * A recruiter's interview (video, text, scored choice, trait scale) taken by a candidate through
 * the real candidate routes: the video answer recorded in two segments (an interruption), every
 * question answered, and, unless told otherwise, the session completed.
 */
export async function takenSession(options: { label?: string; complete?: boolean; candidateName?: string; owner?: Account; interviewId?: string } = {}): Promise<TakenSession> {
  const owner = options.owner ?? (await register(options.label ?? 'review'));
  const interviewId = options.interviewId ?? (await createInterview(owner, { questionIds: Object.values(REVIEW_QUESTIONS) })).id;
  const email = uniqueCandidateEmail('reviewed');
  const candidateName = options.candidateName ?? 'Ada Reviewed';
  const added = await addCandidate({ owner, interview: { id: interviewId } as Interview }, { name: candidateName, email });
  const entry = await startedEntry(added.inviteToken, { email });
  const sessionId = entry.sessionId;
  const chunks = webmFixture.chunks.map((c) => c.bytes);
  // A recording belongs to its question's answer: the device uses the question id as the answer id.
  const answerId = REVIEW_QUESTIONS.video;
  const segments = [await recordSegment(sessionId, answerId, chunks, webmFixture.mimeType), await recordSegment(sessionId, answerId, chunks, webmFixture.mimeType)];
  const answer = async (questionId: string, value: unknown) => {
    const res = await candidatePost('/api/candidate/answers', { clientId: crypto.randomUUID(), questionId, value }, entry.deviceToken);
    expect(res.status, await res.clone().text()).toBe(200);
  };
  await answer(REVIEW_QUESTIONS.video, { recording: { segments } });
  await answer(REVIEW_QUESTIONS.text, TEXT_ANSWER);
  await answer(REVIEW_QUESTIONS.choice, 'c');
  await answer(REVIEW_QUESTIONS.scale, SCALE_ANSWER);
  if (options.complete !== false) {
    const done = await candidatePost('/api/candidate/complete', { clientId: crypto.randomUUID() }, entry.deviceToken);
    expect(done.status, await done.clone().text()).toBe(200);
  }
  return { owner, interviewId, sessionId, candidateName, email, deviceToken: entry.deviceToken, segments };
}
