/**
 * `GET /api/sessions/:sessionId/recordings/:segmentId`: an assembled recording segment, streamed
 * from R2 through the Worker with HTTP Range support, so a `<video>` element can seek anywhere.
 * There are no public URLs: access is checked on every request, and whoever may not see the
 * recording (logged out, a candidate's device, another organization) is told it does not exist.
 * `?download=1` answers the same bytes as an attachment named for the candidate and the question,
 * for members who may review (a member who may only watch gets 403).
 */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import parseRange from 'range-parser';
import { z } from 'zod';
import { can } from '../../auth/permissions';
import { signedInMember } from '../../auth/session';
import type { AppEnv } from '../../context';
import { findOrgSession } from '../../db/sessions';
import { badRequest, HttpError, notFound } from '../../errors';
import { r2Keys } from '../../keys';
import { recordingDownloadName } from '../../review/download';
import { idSchema } from '../../schemas/core';
import { sessionStub } from '../../sessions';

const noSuchRecording = () => notFound('No such recording');

/**
 * A signed-in member who may read sessions, or 404. Not 401/403: a recording's address must not
 * tell an outsider that it exists.
 */
const memberOrNotFound = createMiddleware<AppEnv>(async (c, next) => {
  const signedIn = await signedInMember(c);
  if (!signedIn || !can(signedIn.member.role, 'sessions.read')) throw noSuchRecording();
  c.set('member', signedIn.member);
  await next();
});

const paramsSchema = z.object({ sessionId: idSchema, segmentId: idSchema });
const querySchema = z.object({ download: z.enum(['0', '1']).optional() });

export const sessionRecordings = new Hono<AppEnv>().get('/:sessionId/recordings/:segmentId', memberOrNotFound, async (c) => {
  const params = paramsSchema.safeParse(c.req.param());
  if (!params.success) throw noSuchRecording();
  const { sessionId, segmentId } = params.data;
  const query = querySchema.safeParse(c.req.query());
  if (!query.success) throw badRequest('download must be 1 (an attachment) or 0 (to play).', { download: 'must be 1 or 0' });
  const download = query.data.download === '1';
  const { orgId, role } = c.var.member;
  const session = await findOrgSession(c.env.DB, orgId, sessionId);
  if (!session) throw noSuchRecording();
  // Watching is for every member; taking a copy away is for those who may review.
  if (download && !can(role, 'reviews.write')) throw new HttpError(403, 'forbidden', `Your role (${role}) may watch recordings but not download them.`);
  // The session's own object answers only for its own segments, and only finished ones.
  const recording = await sessionStub(c.env, sessionId).recordingObject(segmentId);
  if (!recording?.key.startsWith(r2Keys.sessionPrefix(orgId, sessionId))) throw noSuchRecording();

  const head = await c.env.MEDIA.head(recording.key);
  if (!head) throw noSuchRecording();
  const size = head.size;
  const common: Record<string, string> = {
    'content-type': recording.mimeType,
    'accept-ranges': 'bytes',
    etag: head.httpEtag,
    // Access is checked on every request, so nothing may be kept by a shared cache or the browser.
    'cache-control': 'private, no-store',
  };
  if (download) common['content-disposition'] = await recordingDownloadName(c.env, session, segmentId, recording.mimeType);

  const range = requestedRange(c.req.header('range'), c.req.header('if-range'), head.httpEtag, size);
  if (range === 'unsatisfiable') {
    throw new HttpError(416, 'range_not_satisfiable', `The recording has ${size} bytes; the range asked for is outside it.`, undefined, {
      'content-range': `bytes */${size}`,
      'accept-ranges': 'bytes',
    });
  }
  if (range === null) {
    const object = await c.env.MEDIA.get(recording.key);
    if (!object) throw noSuchRecording();
    return c.body(object.body, 200, { ...common, 'content-length': String(size) });
  }
  const length = range.end - range.start + 1;
  const object = await c.env.MEDIA.get(recording.key, { range: { offset: range.start, length } });
  if (!object) throw noSuchRecording();
  return c.body(object.body, 206, {
    ...common,
    'content-length': String(length),
    'content-range': `bytes ${range.start}-${range.end}/${size}`,
  });
});

/**
 * The one byte range to answer (RFC 9110 §14), or null for the whole object: no Range header, a
 * malformed one (a server may ignore it), several ranges (we answer them whole rather than as
 * multipart/byteranges, which no media element asks for), or an If-Range for another version.
 */
function requestedRange(header: string | undefined, ifRange: string | undefined, etag: string, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  if (ifRange !== undefined && ifRange !== etag) return null;
  if (size === 0) return 'unsatisfiable';
  const ranges = parseRange(size, header, { combine: true });
  if (ranges === -1) return 'unsatisfiable';
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return null;
  const [only] = ranges;
  return only ? { start: only.start, end: only.end } : null;
}
