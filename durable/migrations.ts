/**
 * The Durable Object's whole SQLite schema, as one append-only list (the pattern of tldraw's
 * fileDurableObjectMigrations.ts): meta and identity, the interview copy, answers, the recording
 * manifest, alarms, live presence. Each migration runs once, in order, recorded in `_migrations`
 * with a fingerprint of its SQL; an applied migration must never change (it is checked), so a
 * change of schema is always a new entry at the end. Only durable/store.ts runs them.
 */

export interface ObjectMigration {
  id: number;
  sql: string;
}

export const objectMigrations: readonly ObjectMigration[] = [
  {
    id: 1,
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE checkpoints (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id TEXT NOT NULL UNIQUE,
        payload TEXT NOT NULL,
        received_at INTEGER NOT NULL
      );
    `,
  },
  // id 2: the session's copy of the interview, taken once when it starts (durable/store.ts). One
  // row per question keeps every row far below the 2 MB a Durable Object SQLite row may hold.
  // (Its text is kept exactly as applied, indentation included.)
  {
    id: 2,
    sql: `
  CREATE TABLE interview_copy (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    interview_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    header TEXT NOT NULL,
    started_at INTEGER NOT NULL
  );
  CREATE TABLE interview_copy_questions (
    position INTEGER PRIMARY KEY,
    question_id TEXT NOT NULL,
    body TEXT NOT NULL
  );
`,
  },
  {
    id: 3,
    sql: `
      CREATE TABLE recording_segments (
        segment_id TEXT PRIMARY KEY,
        answer_id TEXT NOT NULL,
        mime_type TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'finishing', 'finalized', 'discarded')),
        created_at INTEGER NOT NULL,
        last_activity_at INTEGER NOT NULL,
        chunk_count INTEGER,
        claimed_duration_ms INTEGER,
        limit_ms INTEGER,
        object_key TEXT,
        object_size INTEGER,
        duration_ms INTEGER,
        duration_source TEXT,
        flags TEXT NOT NULL DEFAULT '[]',
        finalized_at INTEGER
      );
      CREATE INDEX recording_segments_answer ON recording_segments (answer_id, created_at);
      CREATE TABLE recording_chunks (
        segment_id TEXT NOT NULL REFERENCES recording_segments (segment_id),
        seq INTEGER NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (segment_id, seq)
      ) WITHOUT ROWID;
      CREATE TABLE recording_uploads (
        upload_id TEXT PRIMARY KEY,
        segment_id TEXT NOT NULL,
        object_key TEXT NOT NULL,
        started_at INTEGER NOT NULL
      );
      CREATE TABLE recording_upload_parts (
        upload_id TEXT NOT NULL,
        part_number INTEGER NOT NULL,
        etag TEXT NOT NULL,
        PRIMARY KEY (upload_id, part_number)
      ) WITHOUT ROWID;
      CREATE TABLE alarms (name TEXT PRIMARY KEY, due_at INTEGER NOT NULL);
    `,
  },
  // id 4: the candidate's answers and finish-later/complete writes (durable/answers.ts). (Its
  // text is kept exactly as applied, indentation included.)
  {
    id: 4,
    sql: `
  CREATE TABLE answers (
    question_id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL,
    answered_at INTEGER NOT NULL
  );
  -- Finish-later and complete, kept by client id so a retry answers the first result.
  CREATE TABLE candidate_writes (
    client_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    result TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
`,
  },
  // id 5: live status (durable/live.ts). One row: where the candidate's device said it is, and
  // since when it has been offline, and the history of disconnects; the sockets themselves are
  // the runtime's (hibernation).
  {
    id: 5,
    sql: `
      CREATE TABLE live_presence (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        online INTEGER NOT NULL DEFAULT 0,
        offline_since INTEGER,
        question_index INTEGER,
        question_count INTEGER,
        bytes_left INTEGER,
        session_status TEXT,
        updated_at INTEGER NOT NULL
      );
      -- Every stretch the candidate's device was offline, for the review timeline.
      CREATE TABLE live_disconnects (
        started_at INTEGER PRIMARY KEY,
        ended_at INTEGER
      );
    `,
  },
  // id 6: checkpoints had no client left (candidate writes are answers, finish-later and
  // complete). The table goes; migration 1, which made it, stays as it was applied.
  {
    id: 6,
    sql: `
      DROP TABLE checkpoints;
    `,
  },
  // id 7: the digests of the devices admitted to this session, so the object checks a device's
  // writes itself (worker/candidate-auth.ts) rather than the Worker asking D1 on every request.
  {
    id: 7,
    sql: `
      CREATE TABLE devices (
        token_hash TEXT PRIMARY KEY,
        admitted_at INTEGER NOT NULL
      );
    `,
  },
  // id 11: analysis (durable/analysis.ts). One row per job (the finish's, then each re-run), one
  // per model call a job finished (its result, kept so a repeated job does not pay twice), and the
  // sound levels each segment's device measured while recording.
  {
    id: 11,
    sql: `
      CREATE TABLE analysis_jobs (
        job_id TEXT PRIMARY KEY,
        requested_at INTEGER NOT NULL,
        requested_by TEXT,
        state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        message TEXT,
        finished_at INTEGER,
        result TEXT
      );
      CREATE TABLE analysis_steps (
        step_key TEXT PRIMARY KEY,
        result TEXT NOT NULL,
        done_at INTEGER NOT NULL
      );
      CREATE TABLE segment_levels (
        segment_id TEXT PRIMARY KEY,
        levels TEXT NOT NULL
      );
    `,
  },
];

async function fingerprint(sql: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(sql.replace(/\s+/g, ' ').trim()));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function migrate(sql: SqlStorage, migrations: readonly ObjectMigration[] = objectMigrations): Promise<void> {
  sql.exec('CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = new Map(
    sql
      .exec<{ id: number; fingerprint: string }>('SELECT id, fingerprint FROM _migrations')
      .toArray()
      .map((r) => [r.id, r.fingerprint]),
  );
  for (const migration of migrations) {
    const print = await fingerprint(migration.sql);
    const known = applied.get(migration.id);
    if (known !== undefined) {
      if (known !== print) throw new Error(`Durable Object migration ${migration.id} was changed after it was applied`);
      continue;
    }
    sql.exec(migration.sql);
    sql.exec('INSERT INTO _migrations (id, fingerprint, applied_at) VALUES (?, ?, ?)', migration.id, print, Date.now());
  }
}
