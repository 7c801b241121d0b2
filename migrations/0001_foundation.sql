-- Organizations own everything; every org-owned table carries org_id and every query is scoped by it.
CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);

-- The dashboard's index of sessions. The session's Durable Object is the source of truth while it
-- is live and mirrors this summary whenever it changes, so lists and filters never wake objects.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  status TEXT NOT NULL DEFAULT 'not_started',
  checkpoint_count INTEGER NOT NULL DEFAULT 0,
  last_checkpoint_at INTEGER,
  -- Monotonic version of the mirrored summary: an older summary never overwrites a newer one.
  summary_version INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX sessions_org ON sessions (org_id, updated_at DESC);
