/**
 * The candidate's two hottest writes, a text answer (`POST /api/candidate/answers`) and a
 * recording chunk (`PUT /api/candidate/recordings/:segmentId/chunks/:seq`), served before the Hono
 * app when the request is an ordinary one: a device token this isolate has already verified, a
 * well-formed body and headers. Measured (`npm run bench`): the app's routing, middleware chain
 * and schema parsing were about a millisecond of CPU per request, a quarter of what the platform
 * minimum spends on the whole write. Nothing here decides anything the routes do not: every check
 * is the route's own, done by hand, the session's object is called as the route calls it, and its
 * result becomes a response through the routes' own mapping (answerReply, chunkReply), error
 * shape (errorReply) and headers (finishResponse). Anything else (a token seen for the first
 * time, a malformed or unusual request) goes to the app untouched, or with the body already read,
 * so every refusal is worded by the route itself. test/worker/foundation/fast-writes.test.ts
 * sends the same requests both ways and fails if the answers differ.
 */
import { verifiedDeviceClaim } from '../../candidate-auth';
import { errorReply } from '../../errors';
import { finishResponse, requestIdOf } from '../../middleware';
import { plainTextAnswer } from '../../schemas/candidate';
import { MAX_CHUNK_BYTES, wellFormedChunkFields } from '../../schemas/recording';
import { sessionStub } from '../../sessions';
import { jsonNestingExceeds, MAX_JSON_DEPTH } from '../../validate';
import { answerReply } from './device';
import { chunkReply } from './recordings';

type AppFetch = (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>;

const ANSWERS_PATH = '/api/candidate/answers';
const CHUNKS_PREFIX = '/api/candidate/recordings/';
/** `<segment id>/chunks/<seq>`, the seq written as the route's schema reads it back unchanged. */
const CHUNK_REST = /^([A-Za-z0-9_-]{8,64})\/chunks\/(0|[1-9][0-9]{0,4})$/;

/**
 * The response for one of the two writes, or null when the request is not one of them (or not an
 * ordinary one before its body was read): the caller then hands it to the app.
 */
export function fastWrite(request: Request, env: Env, ctx: ExecutionContext, app: AppFetch): Promise<Response> | null {
  const method = request.method;
  if (method !== 'POST' && method !== 'PUT') return null;
  const { pathname } = new URL(request.url);
  if (method === 'POST' && pathname === ANSWERS_PATH) return fastAnswer(request, env, ctx, app);
  if (method === 'PUT' && pathname.startsWith(CHUNKS_PREFIX)) return fastChunk(request, pathname.slice(CHUNKS_PREFIX.length), env);
  return null;
}

function fastAnswer(request: Request, env: Env, ctx: ExecutionContext, app: AppFetch): Promise<Response> | null {
  const device = verifiedDeviceClaim(request.headers.get('authorization'));
  if (!device || request.headers.get('content-type') !== 'application/json') return null;
  const started = Date.now();
  const id = requestIdOf(request.headers.get('x-request-id'));
  return request.text().then((text) => {
    const answer = jsonNestingExceeds(text, MAX_JSON_DEPTH) ? null : plainTextAnswer(parseJson(text));
    // The route words every refusal; it reads the same body.
    if (!answer) return app(new Request(request.url, { method: request.method, headers: request.headers, body: text }), env, ctx);
    const reply = sessionStub(env, device.sessionId)
      .deviceAnswer(device, answer.clientId, answer.questionId, answer.value)
      .then((result) => json(answerReply(result), 200));
    return finish(reply, id, request, started);
  });
}

function fastChunk(request: Request, rest: string, env: Env): Promise<Response> | null {
  const device = verifiedDeviceClaim(request.headers.get('authorization'));
  if (!device) return null;
  const match = CHUNK_REST.exec(rest);
  const length = Number(request.headers.get('content-length') ?? Number.NaN);
  if (!match || !(length > 0 && length <= MAX_CHUNK_BYTES)) return null;
  const fields = {
    answerId: request.headers.get('x-answer-id') ?? undefined,
    segmentId: match[1] as string,
    seq: Number(match[2]),
    mimeType: request.headers.get('x-media-type') ?? undefined,
    sha256: request.headers.get('x-chunk-sha256') ?? undefined,
  };
  if (!wellFormedChunkFields(fields)) return null;
  const started = Date.now();
  const id = requestIdOf(request.headers.get('x-request-id'));
  const store = async () => {
    const bytes = await request.arrayBuffer();
    return json(chunkReply(await sessionStub(env, device.sessionId).deviceRecordChunk(device, { ...fields, bytes })), 200);
  };
  return finish(store(), id, request, started);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** As Hono's `c.json` answers. */
const json = (body: unknown, status: number) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A refusal or failure answers as the app's error handler would; then the app's headers. */
function finish(reply: Promise<Response>, id: string, request: Request, started: number): Promise<Response> {
  return reply
    .catch((err: unknown) => {
      const { status, body, headers } = errorReply(err instanceof Error ? err : new Error(String(err)), id);
      const res = json(body, status);
      if (headers) for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
      return res;
    })
    .then((res) => finishResponse(res, id, request, started));
}
