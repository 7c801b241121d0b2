/** Typed D1 queries for candidate devices: a device holds a token for one session; only its digest is stored. */

/** What `requireCandidate` puts on the context: the one session this device may use. */
export interface CandidateDevice {
  sessionId: string;
  orgId: string;
  interviewId: string | null;
  candidateId: string | null;
  /** Links to the session's invite link: the candidate's pages load the organization's logo through it. */
  inviteToken: string | null;
  practice: boolean;
  tokenHash: string;
}

/** What the candidate's write routes know of a device before its session's object has checked it. */
export interface DeviceClaim {
  sessionId: string;
  tokenHash: string;
}

export function insertDeviceStatement(db: D1Database, device: { tokenHash: string; sessionId: string; orgId: string; now: number }): D1PreparedStatement {
  return db
    .prepare('INSERT INTO candidate_devices (token_hash, session_id, org_id, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)')
    .bind(device.tokenHash, device.sessionId, device.orgId, device.now, device.now);
}

interface DeviceRecord {
  session_id: string;
  org_id: string;
  interview_id: string | null;
  candidate_id: string | null;
  invite_token: string | null;
  practice: number;
}

export async function findDevice(db: D1Database, tokenHash: string): Promise<CandidateDevice | null> {
  const row = await db
    .prepare(
      `SELECT d.session_id, d.org_id, s.interview_id, s.candidate_id, s.invite_token, s.practice FROM candidate_devices d
       JOIN sessions s ON s.id = d.session_id AND s.org_id = d.org_id WHERE d.token_hash = ?`,
    )
    .bind(tokenHash)
    .first<DeviceRecord>();
  if (!row) return null;
  return {
    sessionId: row.session_id,
    orgId: row.org_id,
    interviewId: row.interview_id,
    candidateId: row.candidate_id,
    inviteToken: row.invite_token,
    practice: row.practice === 1,
    tokenHash,
  };
}

/** Shuts every device of a session out. */
export function deleteSessionDevicesStatement(db: D1Database, sessionId: string): D1PreparedStatement {
  return db.prepare('DELETE FROM candidate_devices WHERE session_id = ?').bind(sessionId);
}
