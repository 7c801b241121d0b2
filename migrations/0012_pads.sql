-- Live coding interviews (pads, issue 12). The organization decides whether a candidate waits for
-- an interviewer's Admit, and what the waiting room says.
ALTER TABLE organizations ADD COLUMN pad_waiting_room INTEGER NOT NULL DEFAULT 1;
ALTER TABLE organizations ADD COLUMN pad_waiting_message TEXT NOT NULL DEFAULT '';
-- A pad's own state beside the session's: Not Started, Waiting (the candidate is in the waiting
-- room), In Progress, Ended. Null for sessions that are not pads. Mirrored by the session's object.
ALTER TABLE sessions ADD COLUMN pad_state TEXT;
ALTER TABLE sessions ADD COLUMN pad_waiting_since INTEGER;
