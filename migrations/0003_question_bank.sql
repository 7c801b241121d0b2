-- The Question Bank and the interviews built from it. The example questions that ship with
-- Holdfast are not here: they live in code (worker/examples/) and are the same for everyone.

CREATE TABLE questions (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  type TEXT NOT NULL CHECK (type IN ('video', 'audio', 'text', 'choice', 'scale', 'code')),
  title TEXT NOT NULL,
  -- JSON array of lower-case tags, filtered with json_each.
  tags TEXT NOT NULL DEFAULT '[]',
  -- The whole validated question (worker/schemas/questions.ts), type-specific fields included.
  body TEXT NOT NULL,
  -- Lower-cased title, prompt and tags: what the search box matches.
  search_text TEXT NOT NULL,
  -- The example or question this one was copied from, if any.
  copied_from TEXT,
  archived_at INTEGER,
  created_by TEXT NOT NULL REFERENCES members(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- The bank lists newest first, active or archived, with keyset pagination on (updated_at, id).
CREATE INDEX questions_org ON questions (org_id, archived_at, updated_at DESC, id);

CREATE TABLE interviews (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('one_way', 'take_home', 'live')),
  intro TEXT NOT NULL DEFAULT '',
  closing TEXT NOT NULL DEFAULT '',
  -- Take-home only: hours the candidate has from starting.
  deadline_hours INTEGER,
  -- Bumped by every edit of the interview or of one of its questions; sessions store the version
  -- they started from.
  version INTEGER NOT NULL,
  -- The Shareable Link: NULL when off; >= 128 random bits when on; rotating replaces it.
  public_link_token TEXT UNIQUE,
  archived_at INTEGER,
  created_by TEXT NOT NULL REFERENCES members(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX interviews_org ON interviews (org_id, archived_at, updated_at DESC, id);

-- The current version's questions, in order.
CREATE TABLE interview_questions (
  interview_id TEXT NOT NULL REFERENCES interviews(id),
  position INTEGER NOT NULL,
  -- A question of the organization's bank, or an example's id (examples never change).
  question_id TEXT NOT NULL,
  PRIMARY KEY (interview_id, position)
);
CREATE INDEX interview_questions_question ON interview_questions (question_id);

-- Every version ever made, as the snapshot a session copies: previous versions are kept.
CREATE TABLE interview_versions (
  interview_id TEXT NOT NULL REFERENCES interviews(id),
  version INTEGER NOT NULL,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  -- JSON: InterviewSnapshot (worker/schemas/interviews.ts) with the full question bodies.
  snapshot TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES members(id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (interview_id, version)
);
