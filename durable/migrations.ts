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
  // id 8: code answers (durable/code.ts). One row per event of a question's log, so a row is one
  // change, run or paste (bounded by the route's body limit, far below the 2 MB a row may hold);
  // one row per question for the latest draft the log rebuilds; and the late work refused after
  // a take-home's deadline, counted per question for the reviewer.
  {
    id: 8,
    sql: `
      CREATE TABLE code_events (
        question_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        event TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (question_id, seq)
      ) WITHOUT ROWID;
      CREATE TABLE code_drafts (
        question_id TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        held_through INTEGER NOT NULL,
        event_bytes INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE code_late (
        question_id TEXT PRIMARY KEY,
        batches INTEGER NOT NULL,
        events INTEGER NOT NULL,
        last_at INTEGER NOT NULL
      );
    `,
  },
  // id 9: the test runs of code answers that reviewers' browsers store (durable/code-tests.ts).
  // The partial unique index keeps one automatic run per question, however many reviewers open
  // the answer at once.
  {
    id: 9,
    sql: `
      CREATE TABLE code_test_runs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL UNIQUE,
        question_id TEXT NOT NULL,
        auto INTEGER NOT NULL CHECK (auto IN (0, 1)),
        outcomes TEXT NOT NULL,
        passed INTEGER NOT NULL,
        total INTEGER NOT NULL,
        ran_at INTEGER NOT NULL,
        member_id TEXT NOT NULL,
        member_name TEXT NOT NULL
      );
      CREATE INDEX code_test_runs_question ON code_test_runs (question_id, seq);
      CREATE UNIQUE INDEX code_test_runs_first_auto ON code_test_runs (question_id) WHERE auto = 1;
    `,
  },
  // id 10: the pad of a live interview (durable/pad.ts). Every Yjs update with its author and
  // time (playback replays them), snapshots of the whole document in parts of at most 512 KB (a
  // wake-up replays only what follows the last one), and runs, pastes and focus changes.
  {
    id: 10,
    sql: `
      CREATE TABLE pad_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        data BLOB NOT NULL,
        author TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE TABLE pad_snapshots (
        through_seq INTEGER NOT NULL,
        part INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (through_seq, part)
      ) WITHOUT ROWID;
      CREATE TABLE pad_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        author TEXT NOT NULL,
        at INTEGER NOT NULL,
        body TEXT NOT NULL
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
