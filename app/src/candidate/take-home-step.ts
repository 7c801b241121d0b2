/**
 * Where a take-home resumes, and what its closing screen says when the deadline submitted it.
 * Loaded with the code screens (code-screens.ts), so interviews of other formats never carry it.
 */
import type { CandidateSession } from '../lib/candidateApi';
import { tc } from './code-messages';
import type { Device } from './device';

type TakeHomeStep = { kind: 'closing'; submittedHere: boolean } | { kind: 'take-home'; resumed: boolean };

export async function takeHomeStep(device: Device, session: CandidateSession): Promise<TakeHomeStep> {
  const stored = await device.db.get('sessions', session.sessionId);
  if (stored?.completedAt || session.status === 'ready_for_review' || session.status === 'reviewed') return { kind: 'closing', submittedHere: !!stored?.completedAt };
  // Code on this device means it passed the device check before; a new device prepares its runtimes too.
  const held = await device.db.count('codeDocs', IDBKeyRange.bound([session.sessionId], [session.sessionId, []]));
  return { kind: 'take-home', resumed: held > 0 };
}

/** The closing sentence of a take-home its deadline submitted (the candidate never pressed Submit here), else null. */
export function deadlineClosing(session: CandidateSession, submittedHere: boolean): string | null {
  const deadlineAt = session.deadlineAt;
  return deadlineAt != null && Date.now() >= deadlineAt && !submittedHere ? tc.submittedByDeadline : null;
}
