/**
 * How a candidate's device proves it may use a session: `Authorization: Bearer <deviceToken>`.
 * No cookies, so nothing rides along with a cross-site request and no CSRF token is needed.
 * The token is minted when the device starts the session or proves the email with a one-time
 * code; only its SHA-256 is stored, in D1 and in the session's Durable Object.
 *
 * A token is 32 random characters followed by its session's id. The id only says which object
 * to ask: the object holds the digests of its session's devices and checks the token itself, so
 * a write costs one call to the object and no D1 lookup. Deleting the session erases the object,
 * and with it every device it admitted.
 */
import { createMiddleware } from 'hono/factory';
import { markGuard } from './auth/guard';
import { randomToken, sha256 } from './auth/tokens';
import type { AppEnv } from './context';
import { findDevice } from './db/devices';
import { HttpError } from './errors';
import { sessionStub } from './sessions';

/** The random part: 192 bits, base64url, always 32 characters. */
export const newDeviceToken = () => randomToken(24);
const SECRET_LENGTH = 32;
/** A device token for a session: its random part, then the session id that routes it. */
export const sessionDeviceToken = (sessionId: string, secret = newDeviceToken()) => `${secret}${sessionId}`;
export const deviceTokenDigest = (token: string) => sha256(`device:${token}`);

const DEVICE_TOKEN = /^Bearer\s+([A-Za-z0-9_-]{20,100})$/i;
const SESSION_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** The Bearer token of a request, when it has a well-formed one. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return authorization?.trim().match(DEVICE_TOKEN)?.[1];
}

export const deviceNotRecognized = () => new HttpError(401, 'device_not_recognized', 'This device is not signed in to an interview. Open your interview link again.');

/** 401 `device_not_recognized` unless the Bearer token belongs to a device of a live session. */
export const requireCandidate = markGuard(
  createMiddleware<AppEnv>(async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    const device = token ? await findDevice(c.env.DB, await deviceTokenDigest(token)) : null;
    if (!device) throw deviceNotRecognized();
    c.set('candidate', device);
    await next();
  }),
  'candidate',
);

/**
 * For the candidate's writes (answers, recording chunks): names the session the token claims,
 * and the route hands the claim to that session's object, which refuses it unless it admitted
 * this device (`InterviewSession.deviceAnswer`, `deviceRecordChunk`). A token minted before
 * tokens carried their session is looked up in D1 once and then admitted by its object.
 */
export const requireDevice = markGuard(
  createMiddleware<AppEnv>(async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    if (!token) throw deviceNotRecognized();
    const tokenHash = await deviceTokenDigest(token);
    const sessionId = token.slice(SECRET_LENGTH);
    if (SESSION_ID.test(sessionId)) {
      c.set('device', { sessionId, tokenHash });
    } else {
      const device = await findDevice(c.env.DB, tokenHash);
      if (!device) throw deviceNotRecognized();
      await sessionStub(c.env, device.sessionId).admitDevice({ sessionId: device.sessionId, orgId: device.orgId }, tokenHash);
      c.set('device', { sessionId: device.sessionId, tokenHash });
    }
    await next();
  }),
  'candidate',
);
