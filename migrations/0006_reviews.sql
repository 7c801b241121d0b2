-- Reviews: each reviewer keeps their own rating and private note per answer, and their own overall
-- recommendation and notes per session. Deleting a session deletes its reviews with it.

-- One reviewer's rating (1-5) and private note on one answer of one session.
CREATE TABLE answer_reviews (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  -- The question's id in the session's own copy of the interview.
  question_id TEXT NOT NULL,
  member_id TEXT NOT NULL REFERENCES members(id),
  org_id TEXT NOT NULL REFERENCES organizations(id),
  rating INTEGER CHECK (rating BETWEEN 1 AND 5),
  note TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, question_id, member_id)
) WITHOUT ROWID;

-- One reviewer's overall recommendation and notes on a session.
CREATE TABLE session_reviews (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  member_id TEXT NOT NULL REFERENCES members(id),
  org_id TEXT NOT NULL REFERENCES organizations(id),
  recommendation TEXT CHECK (recommendation IN ('advance', 'hold', 'reject')),
  notes TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, member_id)
) WITHOUT ROWID;

-- Scores that need no model (choice points, scale profiles), one row per answered choice or scale
-- question, written by the session's Durable Object as answers arrive, so the CSV export of an
-- interview reads them from here instead of waking every session's object.
CREATE TABLE answer_scores (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  question_id TEXT NOT NULL,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  kind TEXT NOT NULL CHECK (kind IN ('choice', 'scale')),
  score INTEGER NOT NULL,
  max_score INTEGER NOT NULL,
  -- Scale only: JSON [{ key, label, score, max }], this question's part of the trait profile.
  profile TEXT,
  PRIMARY KEY (session_id, question_id)
) WITHOUT ROWID;
