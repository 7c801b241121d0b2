/** Typed D1 queries for the sessions index. Database first, explicit row mapping. */
export interface SessionRow {
  id: string;
  orgId: string;
  status: string;
  checkpointCount: number;
  lastCheckpointAt: number | null;
  createdAt: number;
  updatedAt: number;
}

interface SessionRecord {
  id: string;
  org_id: string;
  status: string;
  checkpoint_count: number;
  last_checkpoint_at: number | null;
  created_at: number;
  updated_at: number;
}

const toSession = (r: SessionRecord): SessionRow => ({
  id: r.id,
  orgId: r.org_id,
  status: r.status,
  checkpointCount: r.checkpoint_count,
  lastCheckpointAt: r.last_checkpoint_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function findSession(db: D1Database, sessionId: string): Promise<SessionRow | null> {
  const row = await db.prepare('SELECT * FROM sessions WHERE id = ?').bind(sessionId).first<SessionRecord>();
  return row ? toSession(row) : null;
}

export async function insertSession(db: D1Database, session: { id: string; orgId: string; now: number }): Promise<void> {
  await db
    .prepare('INSERT INTO sessions (id, org_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
    .bind(session.id, session.orgId, 'not_started', session.now, session.now)
    .run();
}
