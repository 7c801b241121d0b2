/** Typed D1 queries for candidates. Database first, explicit row mapping, scoped by organization. */
import type { CandidateInput } from '../schemas/candidates';

export type CandidateSource = 'individual' | 'sheet' | 'resume' | 'public_link' | 'sandbox';

export interface Candidate {
  id: string;
  orgId: string;
  interviewId: string;
  name: string;
  email: string | null;
  phone: string | null;
  school: string | null;
  workExperience: string | null;
  resumeKey: string | null;
  source: CandidateSource;
  createdAt: number;
}

interface CandidateRecord {
  id: string;
  org_id: string;
  interview_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  school: string | null;
  work_experience: string | null;
  resume_key: string | null;
  source: CandidateSource;
  created_at: number;
}

export const toCandidate = (r: CandidateRecord): Candidate => ({
  id: r.id,
  orgId: r.org_id,
  interviewId: r.interview_id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  school: r.school,
  workExperience: r.work_experience,
  resumeKey: r.resume_key,
  source: r.source,
  createdAt: r.created_at,
});

/**
 * What makes two entries the same candidate within one interview: the email when there is one
 * ("same email in the same interview is one candidate"), otherwise the name and the phone's
 * digits, so re-importing a file of rows without emails adds nothing either.
 */
export function dedupeKeyOf(candidate: Pick<CandidateInput, 'name' | 'email' | 'phone'>): string {
  if (candidate.email) return `email:${candidate.email.toLowerCase()}`;
  const name = candidate.name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return `name:${name}|${(candidate.phone ?? '').replace(/\D/g, '')}`;
}

export async function findCandidate(db: D1Database, orgId: string, candidateId: string): Promise<Candidate | null> {
  const row = await db.prepare('SELECT * FROM candidates WHERE id = ? AND org_id = ?').bind(candidateId, orgId).first<CandidateRecord>();
  return row ? toCandidate(row) : null;
}

export async function findCandidateByEmail(db: D1Database, interviewId: string, email: string): Promise<Candidate | null> {
  const row = await db
    .prepare('SELECT * FROM candidates WHERE interview_id = ? AND dedupe_key = ?')
    .bind(interviewId, dedupeKeyOf({ name: '', email }))
    .first<CandidateRecord>();
  return row ? toCandidate(row) : null;
}

/** Which of these dedupe keys already belong to a candidate of the interview. */
export async function existingDedupeKeys(db: D1Database, interviewId: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { results } = await db
    .prepare('SELECT dedupe_key FROM candidates WHERE interview_id = ? AND dedupe_key IN (SELECT value FROM json_each(?))')
    .bind(interviewId, JSON.stringify(keys))
    .all<{ dedupe_key: string }>();
  return new Set(results.map((r) => r.dedupe_key));
}

/** Deletes the candidate once no session of theirs is left (run after the session's own delete). */
export function deleteCandidateStatement(db: D1Database, orgId: string, candidateId: string): D1PreparedStatement {
  return db
    .prepare('DELETE FROM candidates WHERE id = ?1 AND org_id = ?2 AND NOT EXISTS (SELECT 1 FROM sessions WHERE candidate_id = ?1)')
    .bind(candidateId, orgId);
}

export async function setCandidateResume(db: D1Database, orgId: string, candidateId: string, resumeKey: string, now: number): Promise<void> {
  await db
    .prepare('UPDATE candidates SET resume_key = ?, updated_at = ? WHERE id = ? AND org_id = ?')
    .bind(resumeKey, now, candidateId, orgId)
    .run();
}
