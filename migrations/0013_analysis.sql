-- Analysis of finished sessions (issue 13): the AI token ledger, the analysis state each session's
-- object mirrors for the Sessions tab, and reviewers' overrides of AI scores.

-- Every debit of an organization's AI tokens: who asked (null: the session's finishing started
-- it), what for, when, how many, for which session. An accounting record: it outlives the session.
-- `idem_key` makes a debit happen once however often the job that owes it runs.
CREATE TABLE ai_ledger (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  member_id TEXT,
  session_id TEXT,
  what TEXT NOT NULL,
  tokens INTEGER NOT NULL CHECK (tokens > 0),
  created_at INTEGER NOT NULL,
  idem_key TEXT NOT NULL UNIQUE,
  -- 0 until the organization's balance was lowered in the same batch.
  settled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ai_ledger_org ON ai_ledger (org_id, created_at);

-- The session's analysis for the Sessions tab: its state (pending, done, insufficient_data,
-- failed, not_configured; null before the session finished) and a sort key (the score, -1 when
-- there is none) read by one index like the other sorts.
ALTER TABLE sessions ADD COLUMN analysis_state TEXT;
ALTER TABLE sessions ADD COLUMN analysis_score INTEGER NOT NULL DEFAULT -1;
CREATE INDEX sessions_interview_analysis ON sessions (interview_id, analysis_score, id);

-- A reviewer's score beside the AI's (per question, or `overall`): it never overwrites the AI's.
CREATE TABLE analysis_overrides (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  target TEXT NOT NULL,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  member_id TEXT NOT NULL REFERENCES members(id),
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, target)
) WITHOUT ROWID;
