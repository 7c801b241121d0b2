/**
 * How a candidate's device proves it may use a session: `Authorization: Bearer <deviceToken>`.
 * No cookies, so nothing rides along with a cross-site request and no CSRF token is needed.
 * The token is minted when the device starts the session or proves the email with a one-time
 * code; only its SHA-256 is stored.
 */
import { createMiddleware } from 'hono/factory';
import { markGuard } from './auth/guard';
import { randomToken, sha256 } from './auth/tokens';
import type { AppEnv } from './context';
import { findDevice } from './db/devices';
import { HttpError } from './errors';

/** 192 random bits, base64url. */
export const newDeviceToken = () => randomToken(24);
export const deviceTokenDigest = (token: string) => sha256(`device:${token}`);

const DEVICE_TOKEN = /^Bearer\s+([A-Za-z0-9_-]{20,100})$/i;

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
