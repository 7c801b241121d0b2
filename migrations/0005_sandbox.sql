-- Each organization's sandbox interview: made the first time a member tries it, then reused.
-- Its sessions are practice sessions: they never count against the quota.
CREATE TABLE org_sandboxes (
  org_id TEXT PRIMARY KEY REFERENCES organizations(id),
  interview_id TEXT NOT NULL UNIQUE REFERENCES interviews(id),
  created_at INTEGER NOT NULL
);
