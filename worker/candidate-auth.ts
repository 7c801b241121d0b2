/**
 * How a candidate's device proves it may use a session: `Authorization: Bearer <deviceToken>`.
 * No cookies, so nothing rides along with a cross-site request and no CSRF token is needed.
 * The token is minted when the device starts the session or proves the email with a one-time
 * code; only its SHA-256 is stored, in D1 and in the session's Durable Object.
 *
 * A token is `<32 random characters><session id>.<tag>`. The id says which object to ask: the
 * object holds the digests of its session's devices and checks the token itself, so a write
 * costs one call to the object and no D1 lookup. The tag, an HMAC under the server's key
 * (auth/signing-key.ts) of everything before it, is checked first, by the Worker: only ids this
 * Worker put in a token reach an object, so a made-up token cannot make the platform create an
 * object (and its storage) for an id that was never a session. Deleting the session erases the
 * object, and with it every device it admitted.
 */
import { createMiddleware } from 'hono/factory';
import { markGuard } from './auth/guard';
import { signTag, verifyTag } from './auth/signing-key';
import { randomToken, sha256 } from './auth/tokens';
import type { AppEnv } from './context';
import { type DeviceClaim, findDevice } from './db/devices';
import { HttpError } from './errors';
import { sessionStub } from './sessions';

/** The random part: 192 bits, base64url, always 32 characters. */
export const newDeviceToken = () => randomToken(24);
/** What the tag signs, so that a tag made for anything else is never a device token's. */
const tagged = (routed: string) => `device-token:${routed}`;

/** A device token for a session: its random part, the session id that routes it, and their tag. */
export async function sessionDeviceToken(db: D1Database, sessionId: string, secret = newDeviceToken()): Promise<string> {
  const routed = `${secret}${sessionId}`;
  return `${routed}.${await signTag(db, tagged(routed))}`;
}
export const deviceTokenDigest = (token: string) => sha256(`device:${token}`);

/**
 * A device token: a signed one, or one minted before tokens were signed (32 random characters
 * alone, or followed by the session id), which only D1 can tell apart from a made-up one.
 */
export const deviceTokenPattern = /^(?:[A-Za-z0-9_-]{20,100}|[A-Za-z0-9_-]{40,96}\.[A-Za-z0-9_-]{22})$/;
/** `<random><session id>.<tag>`: the tag is 128 bits, 22 characters (auth/signing-key.ts). */
const SIGNED_TOKEN = /^([A-Za-z0-9_-]{32}([A-Za-z0-9_-]{8,64}))\.([A-Za-z0-9_-]{22})$/;
const BEARER = /^Bearer\s+(\S+)$/i;

/** The Bearer token of a request, when it has a well-formed one. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const token = authorization?.trim().match(BEARER)?.[1];
  return token && deviceTokenPattern.test(token) ? token : undefined;
}

/**
 * The session a signed token names, once its tag proves this Worker made it; null for a token
 * that is not signed. Throws 401 for a signed token whose tag does not verify.
 */
async function signedSession(db: D1Database, token: string): Promise<string | null> {
  const [, routed, sessionId, tag] = token.match(SIGNED_TOKEN) ?? [];
  if (routed === undefined || sessionId === undefined || tag === undefined) return null;
  if (!(await verifyTag(db, tagged(routed), tag))) throw deviceNotRecognized();
  return sessionId;
}

/**
 * `Authorization` headers carrying a signed token this isolate has verified, and the claim each
 * makes: a device sends the same header with every answer and chunk, and the tag and digest of a
 * given token never change (the key is kept per isolate, auth/signing-key.ts), so each is
 * computed once per isolate, not per request. Profiled under the write-path bench: parsing the
 * header, the HMAC, the SHA-256 and their base64 were about a tenth of the Worker's time. Only
 * verified tokens are kept, so a flood of made-up tokens cannot grow it; bounded, the oldest
 * entry leaves first.
 */
const verifiedClaims = new Map<string, DeviceClaim>();
const VERIFIED_CLAIMS_MAX = 4096;

function remember(authorization: string, claim: DeviceClaim): void {
  if (verifiedClaims.size >= VERIFIED_CLAIMS_MAX) verifiedClaims.delete(verifiedClaims.keys().next().value as string);
  verifiedClaims.set(authorization, claim);
}

/**
 * The claim of an `Authorization` header this isolate has already verified; undefined for any
 * other (requireDevice then verifies it). The candidate's fast write paths use only this.
 */
export const verifiedDeviceClaim = (authorization: string | null | undefined): DeviceClaim | undefined => (authorization == null ? undefined : verifiedClaims.get(authorization));

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
 * For the candidate's writes (answers, recording chunks): names the session the token claims
 * once its tag verifies, and the route hands the claim to that session's object, which refuses
 * it unless it admitted this device (`InterviewSession.deviceAnswer`, `deviceRecordChunk`). A
 * token with a wrong tag is refused here, before any object is called. A token minted before
 * tokens were signed is looked up in D1 and then admitted by its object.
 */
export const requireDevice = markGuard(
  createMiddleware<AppEnv>(async (c, next) => {
    const authorization = c.req.header('authorization');
    const known = verifiedDeviceClaim(authorization);
    if (known) {
      c.set('device', known);
      return next();
    }
    const token = bearerToken(authorization);
    if (!token || authorization === undefined) throw deviceNotRecognized();
    const sessionId = await signedSession(c.env.DB, token);
    if (sessionId !== null) {
      const claim = { sessionId, tokenHash: await deviceTokenDigest(token) };
      remember(authorization, claim);
      c.set('device', claim);
    } else {
      const tokenHash = await deviceTokenDigest(token);
      const device = await findDevice(c.env.DB, tokenHash);
      if (!device) throw deviceNotRecognized();
      await sessionStub(c.env, device.sessionId).admitDevice({ sessionId: device.sessionId, orgId: device.orgId }, tokenHash);
      c.set('device', { sessionId: device.sessionId, tokenHash });
    }
    await next();
  }),
  'candidate',
);
