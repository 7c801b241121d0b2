import { env, runInDurableObject } from 'cloudflare:test';
import type { RecordChunkInput } from '../../../durable/recording';
import { r2Keys } from '../../../worker/keys';
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

/**
 * A session with a fresh answer and segment id, as a device mints them. With `maxAnswerSeconds`
 * the session is started on one video question, the answer's, that allows that long.
 */
export async function newTake(options: { maxAnswerSeconds?: number } = {}): Promise<Take> {
  const { orgId, sessionId } = await seedSession('recording');
  const take = { orgId, sessionId, answerId: `answer-${crypto.randomUUID()}`, segmentId: `segment-${crypto.randomUUID()}`, stub: sessionStub(env, sessionId) };
  if (options.maxAnswerSeconds !== undefined) {
    const question = {
      id: take.answerId,
      type: 'video' as const,
      title: 'Introduce yourself',
      prompt: 'Tell us.',
      tags: [],
      thinkTimeSeconds: 0,
      maxAnswerSeconds: options.maxAnswerSeconds,
      attempts: 1,
      mayReviewTake: false,
    };
    await take.stub.start({
      interviewId: crypto.randomUUID(),
      version: 1,
      name: 'Recorded',
      format: 'one_way',
      intro: '',
      closing: '',
      deadlineHours: null,
      questions: [question],
    });
  }
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
