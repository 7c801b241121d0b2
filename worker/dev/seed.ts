/**
 * The demo organization `npm start` creates, so a fresh checkout has something to look at: an
 * owner who can log in, an interview built from the shipped examples, and one invited candidate.
 * Idempotent: everything is keyed on fixed ids or emails and skipped when it exists, so running
 * it again changes nothing.
 */
import { hashPassword } from '../auth/password';
import { createCandidates } from '../candidates/create';
import { findUserByEmail, insertUserStatement, upsertMemberStatement } from '../db/accounts';
import { findInterview, insertInterview } from '../db/interviews';
import { insertOrganizationIfAbsent } from '../db/organizations';
import { findBankQuestions } from '../db/questions';
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
  intro: 'Welcome! Four short questions. Your answers are saved on your device as you go, so a bad connection loses nothing.',
  closing: 'Thank you — we will be in touch within a week.',
  questionIds: ['example-video-introduce-yourself', 'example-audio-explain-simply', 'example-text-why-this-role', 'example-choice-work-setting'],
} as const;
const DEMO_CANDIDATE = { name: 'Sam Sample', email: 'sam@candidates.test' } as const;

export interface SeedReport {
  created: string[];
  existing: string[];
  login: { email: string; password: string };
  /** The demo candidate's invite link path (`/i/<token>`). */
  invitePath: string | null;
}

export async function seedDemo(db: D1Database, now = Date.now()): Promise<SeedReport> {
  const report: SeedReport = { created: [], existing: [], login: { email: DEMO_OWNER.email, password: DEMO_OWNER.password }, invitePath: null };
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

  const invited = () => findFirstInviteOf(db, DEMO_INTERVIEW.id, DEMO_CANDIDATE.email);
  let candidate = await invited();
  if (!candidate) {
    await createCandidates(
      db,
      { interview: { id: DEMO_INTERVIEW.id, orgId: DEMO_ORG.id, format: 'one_way', questionCount: DEMO_INTERVIEW.questionIds.length }, source: 'individual', practice: false, now },
      [{ name: DEMO_CANDIDATE.name, email: DEMO_CANDIDATE.email }],
    );
  }
  note(!candidate, `candidate ${DEMO_CANDIDATE.email}`);
  candidate ??= await invited();
  report.invitePath = candidate?.inviteToken ? `/i/${candidate.inviteToken}` : null;
  return report;
}
