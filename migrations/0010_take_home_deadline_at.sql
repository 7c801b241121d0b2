-- A take-home's absolute deadline (ms since the epoch), beside or instead of its duration from the
-- candidate's first start (deadline_hours): a session's deadline is the earlier of the two, fixed
-- when it starts.
ALTER TABLE interviews ADD COLUMN deadline_at INTEGER;
