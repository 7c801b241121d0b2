import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { deviceNotRecognized, requireDevice } from '../../candidate-auth';
import type { AppEnv } from '../../context';
import { conflict, HttpError } from '../../errors';
import { codeEventsRequestSchema, MAX_CODE_EVENTS_BODY_BYTES } from '../../schemas/code';
import { sessionStub } from '../../sessions';
import { validate } from '../../validate';
import { deadlinePassed } from './device';

const questionParamsSchema = z.object({ questionId: z.string().min(1).max(100) });

/**
 * A code question's event log, in batches: every change, run, paste and focus change the device
 * numbered, with the document after the last one. The session's object checks the device itself
 * (no D1 lookup) and rebuilds the document from the events before it keeps the batch.
 */
export const candidateCode = new Hono<AppEnv>().post(
  '/:questionId/events',
  requireDevice,
  bodyLimit({
    maxSize: MAX_CODE_EVENTS_BODY_BYTES,
    onError: () => {
      throw new HttpError(413, 'code_events_too_large', `One batch of code events is at most ${MAX_CODE_EVENTS_BODY_BYTES} bytes; send fewer events at once.`);
    },
  }),
  validate('param', questionParamsSchema),
  validate('json', codeEventsRequestSchema),
  async (c) => {
    const { questionId } = c.req.valid('param');
    const result = await sessionStub(c.env, c.var.device.sessionId).deviceCodeEvents(c.var.device, decodeURIComponent(questionId), c.req.valid('json'));
    switch (result.kind) {
      case 'device_not_recognized':
        throw deviceNotRecognized();
      case 'stored':
        return c.json({ receipt: result.receipt }, 200);
      case 'gap':
        throw new HttpError(409, 'code_events_gap', `The server holds events up to ${result.expected}; send from event ${result.expected}.`, {
          expected: String(result.expected),
        });
      case 'deadline_passed':
        throw deadlinePassed(result.deadlineAt, result.heldThrough);
      case 'session_completed':
        throw conflict('session_completed', 'This interview is already submitted; nothing more can be changed.');
      case 'not_started':
        throw conflict('not_started', 'This interview has not been started yet. Open your interview link.');
      case 'not_a_code_question':
        throw new HttpError(400, 'not_a_code_question', 'This interview has no code question with that id.', { questionId: 'is not a code question of this interview' });
      case 'log_full':
        throw new HttpError(413, 'code_log_full', result.message);
      case 'invalid_change':
        throw new HttpError(400, 'invalid_code_events', result.message);
      default:
        return result satisfies never;
    }
  },
);
