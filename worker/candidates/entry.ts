/**
 * How a candidate gets into a session from a link (../shared/PRODUCT.md, "Candidate experience"):
 *  - an invite link belongs to one session and one email; the public link to an interview;
 *  - starting makes the session's Durable Object take its copy of the interview and moves the
 *    session to In Progress; the device that started it gets a device token;
 *  - opening the link again with the same email resumes the same session: at once on a device
 *    that holds a token for it, elsewhere only after a one-time code mailed to that email.
 */
import { deviceTokenDigest, sessionDeviceToken } from '../candidate-auth';
import { type Candidate, dedupeKeyOf, findCandidate, findCandidateByEmail, setCandidateEmailStatement } from '../db/candidates';
import { findDevice, insertDeviceStatement } from '../db/devices';
import { findInterview, findInterviewByPublicToken, type InterviewRow, snapshotInterview } from '../db/interviews';
import { claimSessionStart, findCurrentSessionOfCandidate, findSessionByInviteToken, type SessionRow, setSessionsCandidateEmailStatement } from '../db/sessions';
import { HttpError, notFound } from '../errors';
import { type LinkInfo, linkTokenSchema, type SessionEntry, type StartRequest } from '../schemas/candidate';
import { interviewOutline } from '../schemas/outline';
import { sessionStub } from '../sessions';
import { isFinished, transition } from '../state/session-states';
import { createCandidates } from './create';
import { brandingOf, candidateSession } from './view';

export type LinkTarget =
  | { kind: 'invite'; token: string; session: SessionRow; candidate: Candidate; interview: InterviewRow }
  | { kind: 'public'; token: string; interview: InterviewRow };

const alreadySubmitted = () => new HttpError(409, 'session_completed', 'This interview is already submitted; there is nothing left to answer.');

const linkNotFound = () => notFound('This interview link does not exist or is no longer active.');

/** What a token opens: an invite link's session, or an interview's Shareable Link while it is on. */
export async function resolveLink(db: D1Database, token: string): Promise<LinkTarget> {
  // Something that cannot be a token is a link that does not exist, not a malformed request.
  if (!linkTokenSchema.safeParse(token).success) throw linkNotFound();
  const session = await findSessionByInviteToken(db, token);
  if (session?.interviewId && session.candidateId) {
    const [candidate, interview] = await Promise.all([findCandidate(db, session.orgId, session.candidateId), findInterview(db, session.orgId, session.interviewId)]);
    if (candidate && interview) return { kind: 'invite', token, session, candidate, interview };
  }
  const interview = await findInterviewByPublicToken(db, token);
  if (interview) return { kind: 'public', token, interview };
  throw linkNotFound();
}

export async function linkInfo(db: D1Database, target: LinkTarget): Promise<LinkInfo> {
  const { interview } = target;
  // A live pad has no questions to announce; the others tell what is coming before the start.
  const [snapshot, branding] = await Promise.all([
    interview.format === 'live' ? null : snapshotInterview(db, interview.orgId, interview.id),
    brandingOf(db, interview.orgId, target.token),
  ]);
  return {
    link: { kind: target.kind },
    interview: {
      name: interview.name,
      format: interview.format,
      intro: interview.intro,
      closing: interview.closing,
      questionCount: interview.questionIds.length,
      outline: snapshot ? interviewOutline(snapshot.questions) : null,
      branding,
    },
    candidate: target.kind === 'invite' ? { name: target.candidate.name, email: target.candidate.email ?? '' } : null,
    submitted: target.kind === 'invite' && isFinished(target.session.status),
  };
}

export type StartOutcome = { kind: 'started'; entry: SessionEntry } | { kind: 'resumed'; entry: SessionEntry } | { kind: 'verify'; session: SessionRow; email: string };

/**
 * The start button. `deviceToken` is the token this device already holds, if any: it resumes
 * its own session and nothing else.
 */
export async function startFromLink(env: Env, target: LinkTarget, request: StartRequest, deviceToken: string | undefined): Promise<StartOutcome> {
  const db = env.DB;
  const { email } = request;
  let session: SessionRow;
  if (target.kind === 'invite') {
    const invited = target.candidate.email;
    if (invited && invited !== email) {
      throw new HttpError(403, 'email_mismatch', 'This link was sent to another email address. Use the address the invitation was sent to.');
    }
    session = target.session;
    // A candidate added without an email is tied to the first one given: later devices prove it.
    if (!invited && session.startedAt === null) await bindEmail(db, target.candidate, email);
  } else {
    if (!request.name) throw new HttpError(400, 'invalid_request', 'Please give your name.', { name: 'is required' });
    const existing = await findCandidateByEmail(db, target.interview.id, email);
    const current = existing ? await findCurrentSessionOfCandidate(db, existing.id) : null;
    if (!current) {
      const created = await startNewPublicSession(env, target.interview, { name: request.name, email });
      if (created.mine) {
        const entry = await beginAndAdmit(env, created.session);
        if (entry) return { kind: 'started', entry };
      }
      return { kind: 'verify', session: created.session, email };
    }
    session = current;
  }

  if (deviceToken && (await deviceHolds(db, deviceToken, session.id))) {
    return { kind: 'resumed', entry: await entryFor(env, session, deviceToken) };
  }
  // A submitted interview has nothing left to do on a new device: no code is mailed for it.
  if (isFinished(session.status)) throw alreadySubmitted();
  // The invite link itself proves the right to a session nobody has started yet.
  if (target.kind === 'invite' && session.startedAt === null) {
    const entry = await beginAndAdmit(env, session);
    if (entry) return { kind: 'started', entry };
  }
  return { kind: 'verify', session, email };
}

async function deviceHolds(db: D1Database, deviceToken: string, sessionId: string): Promise<boolean> {
  const device = await findDevice(db, await deviceTokenDigest(deviceToken));
  return device?.sessionId === sessionId;
}

async function bindEmail(db: D1Database, candidate: Candidate, email: string): Promise<void> {
  try {
    await db.batch([
      setCandidateEmailStatement(db, candidate.id, email, dedupeKeyOf({ name: candidate.name, email }), Date.now()),
      setSessionsCandidateEmailStatement(db, candidate.id, email),
    ]);
  } catch (err) {
    if (err instanceof Error && /UNIQUE constraint failed/.test(err.message)) {
      throw new HttpError(409, 'email_in_use', 'Another candidate of this interview already uses this email address.');
    }
    throw err;
  }
}

/** A new candidate and session for this email; `mine` is false when a concurrent start made them. */
async function startNewPublicSession(env: Env, interview: InterviewRow, person: { name: string; email: string }): Promise<{ session: SessionRow; mine: boolean }> {
  try {
    const { created } = await createCandidates(
      env.DB,
      {
        interview: { id: interview.id, orgId: interview.orgId, format: interview.format, questionCount: interview.questionIds.length },
        source: 'public_link',
        practice: false,
        now: Date.now(),
      },
      [person],
    );
    if (created[0]) return { session: created[0].session, mine: true };
  } catch (err) {
    if (err instanceof HttpError && err.code === 'quota_exceeded') {
      throw new HttpError(409, 'interview_unavailable', 'This interview is not taking new candidates right now. Please contact the recruiter who shared the link.');
    }
    throw err;
  }
  const again = await findCandidateByEmail(env.DB, interview.id, person.email);
  const session = again ? await findCurrentSessionOfCandidate(env.DB, again.id) : null;
  if (!session) throw new Error('A candidate created by a concurrent start has no session');
  return { session, mine: false };
}

/**
 * Starts the session if nobody has yet, and admits this device. Null when another device won a
 * race to start it: this one must then prove the email like any other new device.
 */
async function beginAndAdmit(env: Env, session: SessionRow): Promise<SessionEntry | null> {
  const won = await beginSession(env, session);
  return won ? admitDevice(env, { ...session, startedAt: Date.now() }) : null;
}

/**
 * The session's Durable Object takes its copy of the interview first, then D1 records the start:
 * a crash in between leaves a session that simply starts again, never a started session without
 * its questions. Answers whether this call made the start.
 */
export async function beginSession(env: Env, session: SessionRow, now = Date.now()): Promise<boolean> {
  if (session.startedAt !== null || !session.interviewId) return false;
  const snapshot = await snapshotInterview(env.DB, session.orgId, session.interviewId);
  if (!snapshot) throw linkNotFound();
  // A take-home whose date has passed cannot start: its deadline would already be behind it.
  if (snapshot.format === 'take_home' && snapshot.deadlineAt != null && snapshot.deadlineAt <= now) {
    throw new HttpError(409, 'deadline_passed', `This take-home closed on ${new Date(snapshot.deadlineAt).toISOString()}; it can no longer be started.`);
  }
  const stub = sessionStub(env, session.id);
  await stub.initialize({ sessionId: session.id, orgId: session.orgId });
  await stub.start(snapshot);
  const won = await claimSessionStart(env.DB, session.id, snapshot.questions.length, now);
  if (won) await transition(env.DB, session.id, 'in_progress', { kind: 'candidate' }, now);
  return won;
}

/** A new device token for this session; only its digest is stored. */
export async function admitDevice(env: Env, session: SessionRow): Promise<SessionEntry> {
  return entryFor(env, session, await mintDeviceToken(env, { sessionId: session.id, orgId: session.orgId }));
}

/**
 * Mints a device token: the session's object admits its digest first (it checks the device's
 * writes), then D1 records it (for the routes that read the session from D1). A failure between
 * the two leaves a digest nobody holds the token of.
 */
export async function mintDeviceToken(env: Env, session: { sessionId: string; orgId: string }): Promise<string> {
  const deviceToken = await sessionDeviceToken(env.DB, session.sessionId);
  const tokenHash = await deviceTokenDigest(deviceToken);
  await sessionStub(env, session.sessionId).admitDevice(session, tokenHash);
  await insertDeviceStatement(env.DB, { tokenHash, sessionId: session.sessionId, orgId: session.orgId, now: Date.now() }).run();
  return deviceToken;
}

async function entryFor(env: Env, session: SessionRow, deviceToken: string): Promise<SessionEntry> {
  return {
    sessionId: session.id,
    deviceToken,
    session: await candidateSession(env, { sessionId: session.id, orgId: session.orgId, inviteToken: session.inviteToken, practice: session.practice }),
  };
}
