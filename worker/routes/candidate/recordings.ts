import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { DeviceRefused } from '../../../durable/InterviewSession';
import { deviceNotRecognized, requireCandidate, requireDevice } from '../../candidate-auth';
import type { AppEnv } from '../../context';
import { HttpError } from '../../errors';
import { idSchema } from '../../schemas/core';
import {
  type ChunkReceipt,
  chunkFieldsSchema,
  finishSegmentRequestSchema,
  MAX_CHUNK_BYTES,
  MAX_CHUNKS_PER_SEGMENT,
  type RecordChunkResult,
  recordingRejectionStatus,
} from '../../schemas/recording';
import { sessionStub } from '../../sessions';
import { fieldErrors, validate } from '../../validate';

const chunkParamsSchema = z.object({
  segmentId: idSchema,
  seq: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_CHUNKS_PER_SEGMENT - 1),
});
const segmentParamsSchema = z.object({ segmentId: idSchema });

const tooLarge = () => new HttpError(413, 'chunk_too_large', `A recording chunk is at most ${MAX_CHUNK_BYTES} bytes; split larger ones.`);

/**
 * What the session's object answered to a chunk, as the API answers it: the receipt, or the
 * HttpError to throw. Shared with the fast write path (fast-writes.ts).
 */
export function chunkReply(result: RecordChunkResult | DeviceRefused): { receipt: ChunkReceipt } {
  switch (result.kind) {
    case 'device_not_recognized':
      throw deviceNotRecognized();
    case 'stored':
    case 'duplicate':
      return { receipt: result.receipt };
    case 'rejected':
      throw new HttpError(recordingRejectionStatus(result.code), result.code, result.message);
    default:
      return result satisfies never;
  }
}

/**
 * The candidate device's recordings: one request per chunk (never a whole recording), then one to
 * finish each segment. The session's Durable Object records what it holds; R2 holds the bytes.
 */
export const candidateRecordings = new Hono<AppEnv>()
  .get('/manifest', requireCandidate, async (c) => {
    return c.json(await sessionStub(c.env, c.var.candidate.sessionId).manifest(), 200);
  })

  /** The chunk's bytes are the body; what they are travels in headers so nothing is re-encoded. */
  .put(
    '/:segmentId/chunks/:seq',
    // The session's object checks the device itself: no D1 lookup per chunk (candidate-auth.ts).
    requireDevice,
    bodyLimit({
      maxSize: MAX_CHUNK_BYTES,
      onError: () => {
        throw tooLarge();
      },
    }),
    validate('param', chunkParamsSchema),
    async (c) => {
      const { segmentId, seq } = c.req.valid('param');
      const fields = chunkFieldsSchema.safeParse({
        answerId: c.req.header('x-answer-id'),
        segmentId,
        seq,
        mimeType: c.req.header('x-media-type'),
        sha256: c.req.header('x-chunk-sha256'),
      });
      if (!fields.success) {
        const named = fieldErrors(fields.error.issues);
        throw new HttpError(
          400,
          'invalid_request',
          `Invalid chunk: ${Object.entries(named)
            .map(([k, v]) => `${k} (${v})`)
            .join(', ')}`,
          named,
        );
      }
      const bytes = await c.req.arrayBuffer();
      if (bytes.byteLength === 0) throw new HttpError(400, 'invalid_request', 'A chunk needs its bytes as the request body.', { body: 'is empty' });
      const result = await sessionStub(c.env, c.var.device.sessionId).deviceRecordChunk(c.var.device, { ...fields.data, bytes });
      return c.json(chunkReply(result), 200);
    },
  )

  .post('/:segmentId/finish', requireCandidate, validate('param', segmentParamsSchema), validate('json', finishSegmentRequestSchema.omit({ segmentId: true })), async (c) => {
    const { segmentId } = c.req.valid('param');
    const body = c.req.valid('json');
    // The answer's time limit is the object's to derive, from its own copy of the question.
    const result = await sessionStub(c.env, c.var.candidate.sessionId).finishSegment({ ...body, segmentId });
    switch (result.kind) {
      case 'finalized':
        return c.json({ segment: { segmentId, state: 'finalized', recording: result.recording } }, 200);
      case 'deferred':
        // Every chunk is held; assembly retries on the session's own alarm. Nothing to resend.
        return c.json({ segment: { segmentId, state: 'finishing' } }, 202);
      case 'incomplete':
        throw new HttpError(409, 'chunks_missing', `The server is missing chunks ${result.missing.join(', ')} of this segment.`, {
          missing: result.missing.join(','),
        });
      case 'rejected':
        throw new HttpError(recordingRejectionStatus(result.code), result.code, result.message);
      default:
        return result satisfies never;
    }
  });
