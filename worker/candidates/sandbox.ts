/**
 * The sandbox (../shared/PRODUCT.md, "Sandbox"): a practice interview any member can take as a candidate to
 * try Holdfast. It is an ordinary one-way interview of the shipped example questions, made the
 * first time someone in the organization tries it; its sessions are practice and use no quota.
 */
import { findCandidateByEmail } from '../db/candidates';
import { findInterview, type InterviewRow, insertInterview, setInterviewArchived } from '../db/interviews';
import type { SignedInMember } from '../db/login-sessions';
import { findBankQuestions } from '../db/questions';
import { claimSandbox, findSandboxInterviewId } from '../db/sandboxes';
import { findCurrentSessionOfCandidate, findSession, type SessionRow } from '../db/sessions';
import { isFinished } from '../state/session-states';
import { createCandidates, createSessionForCandidate, type InterviewForSessions } from './create';

/** One question of each type a one-way interview asks, from the examples that ship with Holdfast. */
const SANDBOX_QUESTION_IDS = [
  'example-video-introduce-yourself',
  'example-audio-explain-simply',
  'example-text-why-this-role',
  'example-choice-work-setting',
  'example-scale-work-style',
] as const;

const SANDBOX_CONTENT = {
  name: 'Sandbox: try Holdfast as a candidate',
  format: 'one_way' as const,
  intro: 'This is a practice interview. Nothing here counts: try recording, pausing, going offline and coming back.',
  closing: 'That is the whole candidate experience. Your practice answers are visible in the sandbox interview.',
  deadlineHours: null,
  deadlineAt: null,
};

async function findSandbox(db: D1Database, orgId: string): Promise<InterviewRow | null> {
  const interviewId = await findSandboxInterviewId(db, orgId);
  return interviewId ? findInterview(db, orgId, interviewId) : null;
}

async function ensureSandboxInterview(db: D1Database, member: SignedInMember, now = Date.now()): Promise<InterviewRow> {
  const existing = await findSandbox(db, member.orgId);
  if (existing) return existing;
  const id = crypto.randomUUID();
  const questionIds = [...SANDBOX_QUESTION_IDS];
  await insertInterview(db, {
    id,
    orgId: member.orgId,
    content: { ...SANDBOX_CONTENT, questionIds },
    questions: await findBankQuestions(db, member.orgId, questionIds),
    createdBy: member.memberId,
    now,
  });
  if (!(await claimSandbox(db, member.orgId, id, now))) {
    // Another member's first try made one at the same moment: theirs is the sandbox, ours is put away.
    await setInterviewArchived(db, member.orgId, id, now, now);
  }
  const sandbox = await findSandbox(db, member.orgId);
  if (!sandbox) throw new Error('The sandbox interview vanished right after it was made');
  return sandbox;
}

/**
 * The member's practice session: the one still in progress if there is one (they may continue it
 * on this device: the cookie already proved who they are), otherwise a new one.
 */
export async function practiceSessionFor(db: D1Database, member: SignedInMember, now = Date.now()): Promise<{ session: SessionRow; created: boolean }> {
  const interview = await ensureSandboxInterview(db, member, now);
  const forSessions: InterviewForSessions = { id: interview.id, orgId: interview.orgId, format: interview.format, questionCount: interview.questionIds.length };
  const candidate = await findCandidateByEmail(db, interview.id, member.email);
  if (!candidate) {
    const { created } = await createCandidates(db, { interview: forSessions, source: 'sandbox', practice: true, now }, [{ name: member.name, email: member.email }]);
    if (created[0]) return { session: created[0].session, created: true };
    return practiceSessionFor(db, member, now);
  }
  const current = await findCurrentSessionOfCandidate(db, candidate.id);
  if (current && !isFinished(current.status)) return { session: current, created: false };
  const session = await createSessionForCandidate(db, { interview: forSessions, candidate, practice: true, retakeOf: current?.id ?? null, now });
  return { session: (await findSession(db, session.id)) ?? session, created: true };
}
