import type { CandidateDevice, DeviceClaim } from './db/devices';
import type { SignedInMember } from './db/login-sessions';

/** Types of the Hono context shared by every route module. */
export interface AppVariables {
  requestId: string;
  /** Set by requirePermission / requireMember (worker/auth/guard.ts) on member routes only. */
  member: SignedInMember;
  /** Set by requireCandidate (worker/candidate-auth.ts) on the candidate device's routes only. */
  candidate: CandidateDevice;
  /** Set by requireDevice (worker/candidate-auth.ts) on the candidate's write routes: checked by the session's object. */
  device: DeviceClaim;
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}
