/**
 * The demo organization `npm start` creates, so a fresh checkout has something to look at: an
 * owner who can log in, an interview built from the shipped examples (one question of each type a
 * candidate records or answers), one invited candidate, and one more whose invite `npm start`
 * then takes through the candidate API with a real recording and rates (scripts/demo-session.ts),
 * so there is a session to review at once.
 * Idempotent: everything is keyed on fixed ids or emails and skipped when it exists, so running
 * it again changes nothing.
 */
import { hashPassword } from '../auth/password';
import { createCandidates } from '../candidates/create';
import { findUserByEmail, insertUserStatement, upsertMemberStatement } from '../db/accounts';
import { findInterview, insertInterview } from '../db/interviews';
import { insertOrganizationIfAbsent } from '../db/organizations';
import { findBankQuestions } from '../db/questions';
import { listAnswerReviews, saveAnswerReview, saveSessionReview } from '../db/reviews';
import { findFirstInviteOf } from '../db/sessions';

const DEMO_ORG = { id: 'demo-org-0000000000000001', name: 'Holdfast Demo', slug: 'holdfast-demo' } as const;
const DEMO_OWNER = {
  email: 'demo@holdfast.test',
  password: 'holdfast-demo-password',
  name: 'Dana Demo',
  memberId: 'demo-member-00000000001',
  userId: 'demo-user-0000000000001',
} as const;
const DEMO_INTERVIEW = {
  id: 'demo-interview-000000001',
  name: 'Customer support engineer',
  intro: 'Welcome! Five short questions. Your answers are saved on your device as you go, so a bad connection loses nothing.',
  closing: 'Thank you — we will be in touch within a week.',
  questionIds: ['example-video-introduce-yourself', 'example-audio-explain-simply', 'example-text-why-this-role', 'example-choice-work-setting', 'example-scale-work-style'],
} as const;
const DEMO_CANDIDATE = { name: 'Sam Sample', email: 'sam@candidates.test' } as const;
const REVIEWED_CANDIDATE = { name: 'Riley Reviewed', email: 'riley@candidates.test' } as const;
const SUBMITTED = new Set(['completed', 'ready_for_review', 'ended']);
/** The demo owner's rating of each answer of the reviewed session, and a note on some. */
const DEMO_RATINGS: readonly (readonly [questionId: string, rating: number, note: string | undefined])[] = [
  ['example-video-introduce-yourself', 4, 'Confident, concrete examples.'],
  ['example-audio-explain-simply', 4, undefined],
  ['example-text-why-this-role', 5, 'Measured their own impact.'],
  ['example-choice-work-setting', 3, undefined],
  ['example-scale-work-style', 4, undefined],
];

export interface SeedReport {
  created: string[];
  existing: string[];
  login: { email: string; password: string };
  /** The demo candidate's invite link path (`/i/<token>`). */
  invitePath: string | null;
  /** The candidate whose session `npm start` completes and rates; null once it cannot be started (no token). */
  reviewed: { name: string; email: string; sessionId: string; status: string; inviteToken: string | null } | null;
}

export async function seedDemo(db: D1Database, now = Date.now()): Promise<SeedReport> {
  const report: SeedReport = {
    created: [],
    existing: [],
    login: { email: DEMO_OWNER.email, password: DEMO_OWNER.password },
    invitePath: null,
    reviewed: null,
  };
  const note = (created: boolean, what: string) => (created ? report.created : report.existing).push(what);

  note(await insertOrganizationIfAbsent(db, { ...DEMO_ORG, now }), `organization ${DEMO_ORG.slug}`);

  const owner = await findUserByEmail(db, DEMO_OWNER.email);
  if (!owner) {
    await db.batch([
      insertUserStatement(db, { id: DEMO_OWNER.userId, email: DEMO_OWNER.email, name: DEMO_OWNER.name, passwordHash: await hashPassword(DEMO_OWNER.password), now }),
      upsertMemberStatement(db, { id: DEMO_OWNER.memberId, orgId: DEMO_ORG.id, userId: DEMO_OWNER.userId, role: 'owner', now }),
    ]);
  }
  note(!owner, `owner ${DEMO_OWNER.email}`);

  const interview = await findInterview(db, DEMO_ORG.id, DEMO_INTERVIEW.id);
  if (!interview) {
    const content = {
      name: DEMO_INTERVIEW.name,
      format: 'one_way' as const,
      intro: DEMO_INTERVIEW.intro,
      closing: DEMO_INTERVIEW.closing,
      deadlineHours: null,
      deadlineAt: null,
      questionIds: [...DEMO_INTERVIEW.questionIds],
    };
    const questions = await findBankQuestions(db, DEMO_ORG.id, content.questionIds);
    await insertInterview(db, { id: DEMO_INTERVIEW.id, orgId: DEMO_ORG.id, content, questions, createdBy: DEMO_OWNER.memberId, now });
  }
  note(!interview, `interview "${DEMO_INTERVIEW.name}"`);

  const interviewForSessions = { id: DEMO_INTERVIEW.id, orgId: DEMO_ORG.id, format: 'one_way' as const, questionCount: DEMO_INTERVIEW.questionIds.length };
  const invite = async (who: { name: string; email: string }) => {
    const existing = await findFirstInviteOf(db, DEMO_INTERVIEW.id, who.email);
    if (!existing) {
      await createCandidates(db, { interview: interviewForSessions, source: 'individual', practice: false, now }, [{ name: who.name, email: who.email }]);
    }
    note(!existing, `candidate ${who.email}`);
    return existing ?? (await findFirstInviteOf(db, DEMO_INTERVIEW.id, who.email));
  };
  const candidate = await invite(DEMO_CANDIDATE);
  report.invitePath = candidate?.inviteToken ? `/i/${candidate.inviteToken}` : null;
  const reviewed = await invite(REVIEWED_CANDIDATE);
  report.reviewed = reviewed ? { ...REVIEWED_CANDIDATE, ...reviewed } : null;
  // Rated once the candidate has submitted it (npm start submits it, then seeds again).
  if (reviewed && SUBMITTED.has(reviewed.status)) {
    const rated = (await listAnswerReviews(db, DEMO_ORG.id, reviewed.sessionId)).length > 0;
    if (!rated) {
      const who = { orgId: DEMO_ORG.id, sessionId: reviewed.sessionId, memberId: DEMO_OWNER.memberId };
      for (const [questionId, rating, note] of DEMO_RATINGS) await saveAnswerReview(db, { ...who, questionId, rating, note }, now);
      await saveSessionReview(db, { ...who, recommendation: 'advance', notes: 'Clear and warm on camera; worth a live interview.' }, now);
    }
    note(!rated, `rating of ${REVIEWED_CANDIDATE.email}'s answers`);
  }
  return report;
}
