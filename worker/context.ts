import type { SignedInMember } from './db/login-sessions';

/** Types of the Hono context shared by every route module. */
export interface AppVariables {
  requestId: string;
  /** Set by requirePermission / requireMember (worker/auth/guard.ts) on member routes only. */
  member: SignedInMember;
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}
