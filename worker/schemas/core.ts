/**
 * Request and response schemas shared by the Worker and the app. Only schemas and types live
 * here, never runtime state: the app imports them to type its calls and validate its forms.
 */
import { z } from 'zod';

/** One check for every id: ids we mint are UUIDs; ids a device mints (an answer's clientId) are whatever it chose, within reason. */
/** What idSchema accepts, for the few hot paths that check a string without the schema library. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
export const idSchema = z.string().regex(ID_PATTERN, 'must be 8-64 letters, digits, _ or -');

export const sessionParamsSchema = z.object({ sessionId: idSchema });

export interface HealthReport {
  ok: boolean;
  checks: { d1: CheckResult; r2: CheckResult; durableObject: CheckResult };
}
export interface CheckResult {
  ok: boolean;
  ms: number;
  detail?: string;
}
