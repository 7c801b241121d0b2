-- The latest run of each code question's tests (passed of total), written by the session's
-- Durable Object when a reviewer's browser stores a run, so the CSV export reads code scores from
-- here like the choice and scale scores, without waking every session's object. `run_seq` is the
-- run's order in the session: a write of an older run never replaces a newer one.
CREATE TABLE code_test_scores (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  question_id TEXT NOT NULL,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  run_seq INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  total INTEGER NOT NULL,
  PRIMARY KEY (session_id, question_id)
) WITHOUT ROWID;
