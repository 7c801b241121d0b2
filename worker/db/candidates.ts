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

const toCandidate = (r: CandidateRecord): Candidate => ({
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
  return db.prepare('DELETE FROM candidates WHERE id = ?1 AND org_id = ?2 AND NOT EXISTS (SELECT 1 FROM sessions WHERE candidate_id = ?1)').bind(candidateId, orgId);
}

type NewCandidateRow = Pick<Candidate, 'id' | 'name' | 'email' | 'phone' | 'school' | 'workExperience' | 'resumeKey'> & { dedupeKey: string };

/**
 * Inserts many candidates of one interview in one statement: the rows travel as one JSON
 * parameter (D1 binds at most 100 parameters), so keep each call's JSON well below D1's 2 MB
 * value limit.
 */
export function insertCandidatesStatement(
  db: D1Database,
  batch: { orgId: string; interviewId: string; source: CandidateSource; now: number },
  rows: readonly NewCandidateRow[],
): D1PreparedStatement {
  const json = JSON.stringify(
    rows.map((row) => ({
      id: row.id,
      name: row.name,
      email: row.email,
      phone: row.phone,
      school: row.school,
      workExperience: row.workExperience,
      resumeKey: row.resumeKey,
      key: row.dedupeKey,
    })),
  );
  return db
    .prepare(
      `INSERT INTO candidates (id, org_id, interview_id, name, email, phone, school, work_experience, resume_key, dedupe_key, source, created_at, updated_at)
       SELECT json_extract(value, '$.id'), ?1, ?2, json_extract(value, '$.name'), json_extract(value, '$.email'),
         json_extract(value, '$.phone'), json_extract(value, '$.school'), json_extract(value, '$.workExperience'),
         json_extract(value, '$.resumeKey'), json_extract(value, '$.key'), ?3, ?4, ?4
       FROM json_each(?5)`,
    )
    .bind(batch.orgId, batch.interviewId, batch.source, batch.now, json);
}

/** Ties a candidate added without an email to the first one given; fails on the interview's unique key when another candidate has it. */
export function setCandidateEmailStatement(db: D1Database, candidateId: string, email: string, dedupeKey: string, now: number): D1PreparedStatement {
  return db.prepare('UPDATE candidates SET email = ?1, dedupe_key = ?2, updated_at = ?3 WHERE id = ?4 AND email IS NULL').bind(email, dedupeKey, now, candidateId);
}
