import { Hono } from 'hono';
import type { AnswerResult } from '../../../durable/answers';
import type { DeviceRefused } from '../../../durable/InterviewSession';
import { deviceNotRecognized, requireCandidate, requireDevice } from '../../candidate-auth';
import { candidateSession } from '../../candidates/view';
import type { AppEnv } from '../../context';
import { conflict, HttpError } from '../../errors';
import { type AnswerReceipt, answerRequestSchema, clientWriteSchema } from '../../schemas/candidate';
import { sessionStub } from '../../sessions';
import { validate } from '../../validate';

const sessionCompleted = () => conflict('session_completed', 'This interview is already submitted; nothing more can be changed.');
/** The take-home rule (README): the server's clock decides; what it held at the deadline is the submission. */
export const deadlinePassed = (deadlineAt: number, heldThrough?: number) =>
  new HttpError(
    409,
    'deadline_passed',
    `The deadline passed at ${new Date(deadlineAt).toISOString()}; work reaching us after the deadline is not included (it stays on your device).`,
    heldThrough === undefined ? { deadlineAt: String(deadlineAt) } : { deadlineAt: String(deadlineAt), heldThrough: String(heldThrough) },
  );
const notStarted = () => conflict('not_started', 'This interview has not been started yet. Open your interview link.');

/**
 * What the session's object answered to a device's answer, as the API answers it: the receipt,
 * or the HttpError to throw. Shared with the fast write path (fast-writes.ts).
 */
export function answerReply(result: AnswerResult | DeviceRefused): { receipt: AnswerReceipt } {
  switch (result.kind) {
    case 'device_not_recognized':
      throw deviceNotRecognized();
    case 'stored':
      return { receipt: result.receipt };
    case 'invalid':
      throw new HttpError(400, 'invalid_answer', result.message, { value: result.message });
    case 'recording_incomplete':
      throw conflict(
        'recording_incomplete',
        `The recording of this answer has not fully arrived yet (segment ${result.segmentIds.join(', ')}); send its chunks and finish it first.`,
      );
    case 'unknown_question':
      throw new HttpError(400, 'invalid_request', 'This interview has no such question.', { questionId: 'is not a question of this interview' });
    case 'code_draft_mismatch':
      throw new HttpError(409, 'code_events_missing', `This program is not the document its ${result.heldThrough} saved edits make; send the code events first, then the answer.`, {
        heldThrough: String(result.heldThrough),
      });
    case 'already_answered':
      throw conflict('already_answered', 'This question already has an answer; it cannot be changed.');
    case 'session_completed':
      throw sessionCompleted();
    case 'deadline_passed':
      throw deadlinePassed(result.deadlineAt);
    case 'not_started':
      throw notStarted();
    default:
      return result satisfies never;
  }
}

/**
 * The candidate device's own session (`Authorization: Bearer <deviceToken>`). Every write carries
 * a client-generated id and is idempotent on it: a retry answers what the first call answered.
 */
export const candidateDevice = new Hono<AppEnv>()
  .get('/session', requireCandidate, async (c) => {
    return c.json(await candidateSession(c.env, c.var.candidate), 200);
  })

  // The hot path: the session's object checks the device itself, so no D1 lookup (candidate-auth.ts).
  .post('/answers', requireDevice, validate('json', answerRequestSchema), async (c) => {
    const { clientId, questionId, value } = c.req.valid('json');
    const result = await sessionStub(c.env, c.var.device.sessionId).deviceAnswer(c.var.device, clientId, questionId, value);
    return c.json(answerReply(result), 200);
  })

  .post('/finish-later', requireCandidate, validate('json', clientWriteSchema), async (c) => {
    const result = await sessionStub(c.env, c.var.candidate.sessionId).finishLater(c.req.valid('json').clientId);
    switch (result.kind) {
      case 'recorded':
        return c.json({ finishedLaterAt: result.finishedLaterAt }, 200);
      case 'session_completed':
        throw sessionCompleted();
      case 'not_started':
        throw notStarted();
      default:
        return result satisfies never;
    }
  })

  .post('/complete', requireCandidate, validate('json', clientWriteSchema), async (c) => {
    const { sessionId } = c.var.candidate;
    const result = await sessionStub(c.env, sessionId).complete(c.req.valid('json').clientId);
    switch (result.kind) {
      case 'completed':
        return c.json({ status: result.status }, 200);
      case 'unanswered':
        throw new HttpError(
          409,
          'unanswered_questions',
          `${result.questionIds.length} question${result.questionIds.length === 1 ? ' is' : 's are'} not answered yet.`,
          Object.fromEntries(result.questionIds.map((id) => [id, 'is not answered'])),
        );
      case 'not_started':
        throw notStarted();
      default:
        return result satisfies never;
    }
  });
