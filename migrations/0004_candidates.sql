-- Candidates, their sessions' links and devices, one-time codes, the session state history and
-- the session quota ledger.

-- A person invited to (or who started) one interview. "Same email in the same interview is one
-- candidate": dedupe_key is `email:<address>`, or `name:<name>|<phone digits>` when there is no email.
CREATE TABLE candidates (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  interview_id TEXT NOT NULL REFERENCES interviews(id),
  name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  school TEXT,
  work_experience TEXT,
  -- R2 key of the uploaded resume PDF (built by worker/keys.ts).
  resume_key TEXT,
  dedupe_key TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('individual', 'sheet', 'resume', 'public_link', 'sandbox')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (interview_id, dedupe_key)
);
CREATE INDEX candidates_org ON candidates (org_id, created_at);

-- What the Sessions tab lists, filters and sorts without waking any Durable Object.
ALTER TABLE sessions ADD COLUMN interview_id TEXT REFERENCES interviews(id);
ALTER TABLE sessions ADD COLUMN candidate_id TEXT REFERENCES candidates(id);
-- The interview's format when the session was created: it decides the session's finished state.
ALTER TABLE sessions ADD COLUMN format TEXT NOT NULL DEFAULT 'one_way';
-- Sandbox sessions: taken by a member to try Holdfast, never counted against the quota.
ALTER TABLE sessions ADD COLUMN practice INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN retake_of TEXT;
ALTER TABLE sessions ADD COLUMN retaken_by TEXT;
-- The invite link's token (>= 128 random bits). Kept as issued because the Sessions tab must show
-- the link again for its copy button; device tokens and one-time codes are stored only as digests.
ALTER TABLE sessions ADD COLUMN invite_token TEXT;
-- The candidate's name, lower-cased, and email, copied here so sort and search use this table's indexes.
ALTER TABLE sessions ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN candidate_email TEXT;
ALTER TABLE sessions ADD COLUMN answered_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN question_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN started_at INTEGER;
ALTER TABLE sessions ADD COLUMN finished_at INTEGER;

CREATE UNIQUE INDEX sessions_invite_token ON sessions (invite_token);
CREATE INDEX sessions_candidate ON sessions (candidate_id, created_at);
-- Keyset pagination of the Sessions tab: one index per sort, each ending in id for ties.
CREATE INDEX sessions_interview_created ON sessions (interview_id, created_at, id);
CREATE INDEX sessions_interview_updated ON sessions (interview_id, updated_at, id);
CREATE INDEX sessions_interview_name ON sessions (interview_id, sort_name, id);
CREATE INDEX sessions_interview_status ON sessions (interview_id, status, created_at, id);

-- A device that started or proved its way into a session. Only a SHA-256 of its token is kept.
CREATE TABLE candidate_devices (
  token_hash TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  org_id TEXT NOT NULL REFERENCES organizations(id),
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX candidate_devices_session ON candidate_devices (session_id);

-- One-time codes mailed to prove an email on a new device. Only a digest of the code is kept.
CREATE TABLE email_verifications (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  org_id TEXT NOT NULL REFERENCES organizations(id),
  email TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER
);
CREATE INDEX email_verifications_session ON email_verifications (session_id, created_at);

-- Every change of a session's state, with who made it and when (worker/state/session-states.ts).
CREATE TABLE session_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  org_id TEXT NOT NULL REFERENCES organizations(id),
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('member', 'candidate', 'system')),
  actor_id TEXT,
  at INTEGER NOT NULL
);
CREATE INDEX session_events_session ON session_events (session_id, id);

-- The quota ledger: one charge per counted session, kept after the session is deleted (no foreign
-- key on purpose). A session deleted within 28 days of creation is refunded.
CREATE TABLE quota_charges (
  session_id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  created_at INTEGER NOT NULL,
  refunded_at INTEGER
);
-- Live count of unrefunded charges per organization, kept by the triggers below, so checking the
-- quota costs one row read however many sessions an organization has made.
CREATE TABLE quota_usage (
  org_id TEXT PRIMARY KEY REFERENCES organizations(id),
  used INTEGER NOT NULL DEFAULT 0
);
-- The last word on the quota: a charge past the limit aborts its whole transaction, so two
-- imports racing for the last places cannot both get them.
CREATE TRIGGER quota_charges_limit BEFORE INSERT ON quota_charges
WHEN coalesce((SELECT used FROM quota_usage WHERE org_id = NEW.org_id), 0)
     >= (SELECT session_quota FROM organizations WHERE id = NEW.org_id)
BEGIN
  SELECT RAISE(ABORT, 'quota_exceeded');
END;
CREATE TRIGGER quota_charges_count AFTER INSERT ON quota_charges
BEGIN
  INSERT OR IGNORE INTO quota_usage (org_id, used) VALUES (NEW.org_id, 0);
  UPDATE quota_usage SET used = used + 1 WHERE org_id = NEW.org_id;
END;
CREATE TRIGGER quota_charges_refund AFTER UPDATE OF refunded_at ON quota_charges
WHEN OLD.refunded_at IS NULL AND NEW.refunded_at IS NOT NULL
BEGIN
  UPDATE quota_usage SET used = used - 1 WHERE org_id = NEW.org_id;
END;
