/** Typed D1 queries for each organization's sandbox interview (worker/candidates/sandbox.ts). */

export async function findSandboxInterviewId(db: D1Database, orgId: string): Promise<string | null> {
  const row = await db.prepare('SELECT interview_id FROM org_sandboxes WHERE org_id = ?').bind(orgId).first<{ interview_id: string }>();
  return row ? row.interview_id : null;
}

/** Makes this interview the organization's sandbox unless it has one; answers whether it did. */
export async function claimSandbox(db: D1Database, orgId: string, interviewId: string, now: number): Promise<boolean> {
  const claimed = await db
    .prepare('INSERT INTO org_sandboxes (org_id, interview_id, created_at) VALUES (?, ?, ?) ON CONFLICT (org_id) DO NOTHING')
    .bind(orgId, interviewId, now)
    .run();
  return claimed.meta.changes > 0;
}
