-- Login throttling per (account email, client address), with growing delays: one client's
-- failures on an account slow that client down, not the account's owner elsewhere. A pair that
-- logged in successfully is the owner's usual client, let through the account-wide last resort
-- (login_attempts scope 'email') that stops attacks spread over many addresses.
CREATE TABLE login_pair_attempts (
  email TEXT NOT NULL,
  client TEXT NOT NULL,
  failures INTEGER NOT NULL,
  last_failure_at INTEGER,
  last_success_at INTEGER,
  PRIMARY KEY (email, client)
);
