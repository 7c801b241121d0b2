-- Checkpoints (the foundation's generic write path) had no client left: candidate writes are
-- answers, finish-later and complete, and the summary counts answers. Neither column is in an
-- index, view or trigger, so both can be dropped in place.
ALTER TABLE sessions DROP COLUMN checkpoint_count;
ALTER TABLE sessions DROP COLUMN last_checkpoint_at;
