import { env, runInDurableObject } from 'cloudflare:test';
import type { RecordChunkInput } from '../../../durable/recording';
import { r2Keys } from '../../../worker/keys';
import type { SnapshotQuestion } from '../../../worker/schemas/interviews';
import { sessionStub } from '../../../worker/sessions';
import { seedSession } from './helpers';
import { sha256Hex, webmFixture } from './recording-fixture';

export interface Take {
  orgId: string;
  sessionId: string;
  answerId: string;
  segmentId: string;
  stub: ReturnType<typeof sessionStub>;
}

/** A video question of a session's copy, as an interview snapshot carries it. */
export function videoQuestion(id: string, options: { maxAnswerSeconds?: number; attempts?: number } = {}): SnapshotQuestion {
  return {
    id,
    type: 'video',
    title: 'Introduce yourself',
    prompt: 'Tell us.',
    tags: [],
    thinkTimeSeconds: 0,
    maxAnswerSeconds: options.maxAnswerSeconds ?? 1800,
    attempts: options.attempts ?? 1,
    mayReviewTake: false,
  };
}

/** Starts a session's object on these questions: only a video or audio question's id takes recordings. */
export async function startOn(stub: ReturnType<typeof sessionStub>, questions: SnapshotQuestion[]): Promise<void> {
  await stub.start({ interviewId: crypto.randomUUID(), version: 1, name: 'Recorded', format: 'one_way', intro: '', closing: '', deadlineHours: null, questions });
}

/**
 * A session started on one video question, the answer's, with a fresh segment id, as a device
 * mints them. The question allows `maxAnswerSeconds` (the schema's longest by default) and
 * `attempts`; `otherQuestions` follow it.
 */
export async function newTake(options: { maxAnswerSeconds?: number; attempts?: number; otherQuestions?: SnapshotQuestion[] } = {}): Promise<Take> {
  const { orgId, sessionId } = await seedSession('recording');
  const take = { orgId, sessionId, answerId: `answer-${crypto.randomUUID()}`, segmentId: `segment-${crypto.randomUUID()}`, stub: sessionStub(env, sessionId) };
  await startOn(take.stub, [videoQuestion(take.answerId, options), ...(options.otherQuestions ?? [])]);
  return take;
}

export async function chunkInput(take: Take, seq: number, bytes: Uint8Array, mimeType = webmFixture.mimeType): Promise<RecordChunkInput> {
  return { answerId: take.answerId, segmentId: take.segmentId, seq, mimeType, sha256: await sha256Hex(bytes), bytes: bytes.slice().buffer };
}

export async function sendAll(take: Take, chunks: readonly Uint8Array[], mimeType?: string): Promise<void> {
  for (const [seq, bytes] of chunks.entries()) {
    const result = await take.stub.recordChunk(await chunkInput(take, seq, bytes, mimeType));
    if (result.kind !== 'stored') throw new Error(`chunk ${seq} not stored: ${JSON.stringify(result)}`);
  }
}

export async function chunkObject(take: Take, seq: number): Promise<Uint8Array | null> {
  const object = await env.MEDIA.get(r2Keys.recordingChunk(take.orgId, take.sessionId, take.segmentId, seq));
  return object ? new Uint8Array(await object.arrayBuffer()) : null;
}

export function segmentKey(take: Take, ext = 'webm'): string {
  return r2Keys.recordingSegment(take.orgId, take.sessionId, take.segmentId, ext);
}

export async function sql<T extends Record<string, SqlStorageValue>>(take: Take, query: string, ...params: SqlStorageValue[]): Promise<T[]> {
  return runInDurableObject(take.stub, (_instance, state) => state.storage.sql.exec<T>(query, ...params).toArray());
}
