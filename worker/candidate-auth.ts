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
import { HttpError } from './errors';

/** What `requireCandidate` puts on the context: the one session this device may use. */
export interface CandidateDevice {
  sessionId: string;
  orgId: string;
  interviewId: string | null;
  candidateId: string | null;
  /** Links to the session's invite link: the candidate's pages load the organization's logo through it. */
  inviteToken: string | null;
  practice: boolean;
  tokenHash: string;
}

/** 192 random bits, base64url. */
export const newDeviceToken = () => randomToken(24);
export const deviceTokenDigest = (token: string) => sha256(`device:${token}`);

const DEVICE_TOKEN = /^Bearer\s+([A-Za-z0-9_-]{20,100})$/i;

/** The Bearer token of a request, when it has a well-formed one. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return authorization?.trim().match(DEVICE_TOKEN)?.[1];
}

export const deviceNotRecognized = () =>
  new HttpError(401, 'device_not_recognized', 'This device is not signed in to an interview. Open your interview link again.');

export function insertDeviceStatement(db: D1Database, device: { tokenHash: string; sessionId: string; orgId: string; now: number }): D1PreparedStatement {
  return db
    .prepare('INSERT INTO candidate_devices (token_hash, session_id, org_id, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)')
    .bind(device.tokenHash, device.sessionId, device.orgId, device.now, device.now);
}

interface DeviceRecord {
  session_id: string;
  org_id: string;
  interview_id: string | null;
  candidate_id: string | null;
  invite_token: string | null;
  practice: number;
}

export async function findDevice(db: D1Database, tokenHash: string): Promise<CandidateDevice | null> {
  const row = await db
    .prepare(
      `SELECT d.session_id, d.org_id, s.interview_id, s.candidate_id, s.invite_token, s.practice FROM candidate_devices d
       JOIN sessions s ON s.id = d.session_id AND s.org_id = d.org_id WHERE d.token_hash = ?`,
    )
    .bind(tokenHash)
    .first<DeviceRecord>();
  if (!row) return null;
  return {
    sessionId: row.session_id,
    orgId: row.org_id,
    interviewId: row.interview_id,
    candidateId: row.candidate_id,
    inviteToken: row.invite_token,
    practice: row.practice === 1,
    tokenHash,
  };
}

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
