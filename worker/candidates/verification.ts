/**
 * One-time codes that prove an email before a new device may resume a session. A code is six
 * digits, mailed, valid for 10 minutes, single use; five wrong tries lock it for 15 minutes, and a
 * session gets at most five codes an hour, so guessing stays hopeless. Only a digest is stored.
 */
import { constantTimeEqualText, sha256 } from '../auth/tokens';
import { HttpError } from '../errors';
import { sendMail } from '../mail';
import type { VerificationRequired } from '../schemas/candidate';

export const CODE_TTL_MS = 10 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;
export const MAX_WRONG_CODES = 5;
const CODES_PER_WINDOW = 5;
const CODE_WINDOW_MS = 60 * 60 * 1000;

export interface Verification {
  id: string;
  sessionId: string;
  orgId: string;
  email: string;
  codeHash: string;
  expiresAt: number;
  usedAt: number | null;
  failedAttempts: number;
  lockedUntil: number | null;
}

interface VerificationRecord {
  id: string;
  session_id: string;
  org_id: string;
  email: string;
  code_hash: string;
  expires_at: number;
  used_at: number | null;
  failed_attempts: number;
  locked_until: number | null;
}

const codeDigest = (verificationId: string, code: string) => sha256(`code:${verificationId}:${code}`);

/** Six uniformly random digits: values past the last whole million of 2^32 are drawn again. */
export function sixDigitCode(): string {
  const draw = new Uint32Array(1);
  do crypto.getRandomValues(draw);
  while (draw[0]! >= 4_294_000_000);
  return String(draw[0]! % 1_000_000).padStart(6, '0');
}

/** "a•••@example.com": enough to recognise one's own address, not enough to learn someone's. */
export function emailHint(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
}

const retryAfter = (until: number, now: number) => String(Math.max(1, Math.ceil((until - now) / 1000)));

export async function sendVerificationCode(
  env: Env,
  session: { id: string; orgId: string },
  email: string,
  mailContext: { interviewName: string; orgName: string },
  now = Date.now(),
): Promise<VerificationRequired> {
  const recent = await env.DB.prepare('SELECT count(*) AS n, min(created_at) AS first FROM email_verifications WHERE session_id = ? AND created_at > ?')
    .bind(session.id, now - CODE_WINDOW_MS)
    .first<{ n: number; first: number | null }>();
  if ((recent?.n ?? 0) >= CODES_PER_WINDOW) {
    const until = (recent?.first ?? now) + CODE_WINDOW_MS;
    throw new HttpError(429, 'too_many_attempts', 'Too many codes were sent for this interview. Please wait before asking for another.', undefined, {
      'retry-after': retryAfter(until, now),
    });
  }
  const id = crypto.randomUUID();
  const code = sixDigitCode();
  await env.DB.prepare(
    'INSERT INTO email_verifications (id, session_id, org_id, email, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
    .bind(id, session.id, session.orgId, email, await codeDigest(id, code), now, now + CODE_TTL_MS)
    .run();
  await sendMail(env, {
    kind: 'one_time_code',
    to: email,
    subject: `${code} is your code for ${mailContext.interviewName}`,
    text:
      `Your code to continue "${mailContext.interviewName}" (${mailContext.orgName}) on this device is:\n\n    ${code}\n\n` +
      `It works once, for the next 10 minutes. If you did not ask for it, you can ignore this email: nobody can continue your interview without it.`,
  });
  return { verificationRequired: true, verificationId: id, emailHint: emailHint(email) };
}

async function findVerification(db: D1Database, id: string): Promise<Verification | null> {
  const r = await db.prepare('SELECT * FROM email_verifications WHERE id = ?').bind(id).first<VerificationRecord>();
  return r
    ? {
        id: r.id,
        sessionId: r.session_id,
        orgId: r.org_id,
        email: r.email,
        codeHash: r.code_hash,
        expiresAt: r.expires_at,
        usedAt: r.used_at,
        failedAttempts: r.failed_attempts,
        lockedUntil: r.locked_until,
      }
    : null;
}

const invalidCode = () => new HttpError(400, 'invalid_code', 'That code is not right. Check the latest email and try again.');
const locked = (until: number, now: number) =>
  new HttpError(429, 'too_many_attempts', 'Too many wrong codes. Please wait and try again later.', undefined, { 'retry-after': retryAfter(until, now) });

/**
 * Checks a code and spends it. `belongs` says whether the verification is one of the link's own
 * (a code for another link is as good as no code). Answers the verification on success.
 */
export async function redeemCode(
  db: D1Database,
  input: { verificationId: string; code: string },
  belongs: (verification: Verification) => boolean,
  now = Date.now(),
): Promise<Verification> {
  const verification = await findVerification(db, input.verificationId);
  if (!verification || !belongs(verification)) throw invalidCode();
  if (verification.lockedUntil !== null && verification.lockedUntil > now) throw locked(verification.lockedUntil, now);
  if (verification.usedAt !== null) throw new HttpError(410, 'code_used', 'This code was already used. Open the link again to get a new one.');
  if (verification.expiresAt <= now) throw new HttpError(410, 'code_expired', 'This code has expired. Open the link again to get a new one.');

  if (!constantTimeEqualText(await codeDigest(verification.id, input.code), verification.codeHash)) {
    // Counted in the statement itself, so parallel guesses cannot slip past the limit.
    const counted = await db
      .prepare(
        `UPDATE email_verifications SET failed_attempts = failed_attempts + 1,
           locked_until = CASE WHEN failed_attempts + 1 >= ?1 THEN ?2 ELSE locked_until END
         WHERE id = ?3 RETURNING failed_attempts, locked_until`,
      )
      .bind(MAX_WRONG_CODES, now + LOCK_MS, verification.id)
      .first<{ failed_attempts: number; locked_until: number | null }>();
    if (counted?.locked_until) throw locked(counted.locked_until, now);
    throw invalidCode();
  }
  // Spent in one guarded statement: of two devices sending the same code at once, one wins.
  const spent = await db
    .prepare('UPDATE email_verifications SET used_at = ?1 WHERE id = ?2 AND used_at IS NULL AND (locked_until IS NULL OR locked_until <= ?1)')
    .bind(now, verification.id)
    .run();
  if (spent.meta.changes === 0) throw new HttpError(410, 'code_used', 'This code was already used. Open the link again to get a new one.');
  return verification;
}
