-- Accounts: organizations' settings, people, their memberships and roles, login sessions,
-- invitations, login throttling and the local mail outbox.

-- Settings the dashboard edits now (name, accent colour, logo) and fields later issues fill
-- (session quota, AI token balance, retention).
ALTER TABLE organizations ADD COLUMN accent_color TEXT NOT NULL DEFAULT '#2563eb';
-- R2 key of the current logo (built by worker/keys.ts) and the type sniffed from its bytes.
ALTER TABLE organizations ADD COLUMN logo_key TEXT;
ALTER TABLE organizations ADD COLUMN logo_type TEXT;
ALTER TABLE organizations ADD COLUMN session_quota INTEGER NOT NULL DEFAULT 100;
ALTER TABLE organizations ADD COLUMN ai_tokens INTEGER NOT NULL DEFAULT 100;
ALTER TABLE organizations ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 365;
ALTER TABLE organizations ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;

-- A person who can log in. One password for every organization they belong to.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  -- Always stored lower-case and trimmed, so the unique index is the one truth about "taken".
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  -- Versioned: "pbkdf2-sha256$<iterations>$<salt>$<hash>", so the cost can be raised later.
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- A user's place in one organization. Removal is a mark, not a delete: later records (ratings,
-- notes, state changes) keep pointing at the member who made them.
CREATE TABLE members (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'recruiter', 'interviewer', 'reviewer')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  removed_at INTEGER,
  UNIQUE (org_id, user_id)
);
CREATE INDEX members_user ON members (user_id);

-- Only a SHA-256 of the cookie's token is stored: a copy of this table logs nobody in.
CREATE TABLE login_sessions (
  token_hash TEXT PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES members(id),
  org_id TEXT NOT NULL REFERENCES organizations(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX login_sessions_member ON login_sessions (member_id);

-- An invitation link carries a random token; only its SHA-256 is stored.
CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'recruiter', 'interviewer', 'reviewer')),
  token_hash TEXT NOT NULL UNIQUE,
  invited_by TEXT NOT NULL REFERENCES members(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  accepted_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX invitations_org ON invitations (org_id, created_at DESC);

-- Failed logins counted in a fixed window, per email and per client address.
CREATE TABLE login_attempts (
  scope TEXT NOT NULL CHECK (scope IN ('email', 'client')),
  key TEXT NOT NULL,
  window_started_at INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
);

-- Where mail lands when no email sending binding is configured (local development).
CREATE TABLE mail_outbox (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX mail_outbox_created ON mail_outbox (created_at DESC);
