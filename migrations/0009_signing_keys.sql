-- Server keys the Worker signs with (worker/auth/signing-key.ts): the first request that needs
-- one stores a random key with INSERT OR IGNORE and every isolate reads back the one stored, so
-- all agree without manual configuration. No route reads this table.
CREATE TABLE signing_keys (
  name TEXT PRIMARY KEY,
  secret TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
