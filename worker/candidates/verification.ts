/**
 * One-time codes that prove an email before a new device may resume a session. A code is six
 * digits, mailed, valid for 10 minutes, single use; five wrong tries lock it for 15 minutes, and a
 * session gets at most five codes an hour, so guessing stays hopeless. Only a digest is stored.
 */
import { constantTimeEqualText, sha256 } from '../auth/tokens';
import { countCodesSince, countWrongCode, findVerification, insertVerification, spendVerification, type Verification } from '../db/email-verifications';
import { HttpError } from '../errors';
import { sendMail } from '../mail';
import type { VerificationRequired } from '../schemas/candidate';

const CODE_TTL_MS = 10 * 60 * 1000;
const LOCK_MS = 15 * 60 * 1000;
const MAX_WRONG_CODES = 5;
const CODES_PER_WINDOW = 5;
const CODE_WINDOW_MS = 60 * 60 * 1000;

const codeDigest = (verificationId: string, code: string) => sha256(`code:${verificationId}:${code}`);

/** Six uniformly random digits: values past the last whole million of 2^32 are drawn again. */
function sixDigitCode(): string {
  let draw: number;
  do draw = new DataView(crypto.getRandomValues(new Uint8Array(4)).buffer).getUint32(0);
  while (draw >= 4_294_000_000);
  return String(draw % 1_000_000).padStart(6, '0');
}

/** "a•••@example.com": enough to recognise one's own address, not enough to learn someone's. */
function emailHint(email: string): string {
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
  const recent = await countCodesSince(env.DB, session.id, now - CODE_WINDOW_MS);
  if (recent.count >= CODES_PER_WINDOW) {
    const until = (recent.first ?? now) + CODE_WINDOW_MS;
    throw new HttpError(429, 'too_many_attempts', 'Too many codes were sent for this interview. Please wait before asking for another.', undefined, {
      'retry-after': retryAfter(until, now),
    });
  }
  const id = crypto.randomUUID();
  const code = sixDigitCode();
  await insertVerification(env.DB, { id, sessionId: session.id, orgId: session.orgId, email, codeHash: await codeDigest(id, code), now, expiresAt: now + CODE_TTL_MS });
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
    const counted = await countWrongCode(db, verification.id, MAX_WRONG_CODES, now + LOCK_MS);
    if (counted?.lockedUntil) throw locked(counted.lockedUntil, now);
    throw invalidCode();
  }
  // Spent in one guarded statement: of two devices sending the same code at once, one wins.
  if (!(await spendVerification(db, verification.id, now))) throw new HttpError(410, 'code_used', 'This code was already used. Open the link again to get a new one.');
  return verification;
}
