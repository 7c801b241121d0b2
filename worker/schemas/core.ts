/**
 * Request and response schemas shared by the Worker and the app. Only schemas and types live
 * here, never runtime state: the app imports them to type its calls and validate its forms.
 */
import { z } from 'zod';

/** Ids we mint are UUIDs; client ids are whatever a device minted, within reason. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, _ or -');
export const clientIdSchema = idSchema;

/** Largest checkpoint payload accepted, serialized: well under a Durable Object row's 2 MB. */
export const MAX_CHECKPOINT_BYTES = 64 * 1024;

export const checkpointPayloadSchema = z
  .record(z.string(), z.json())
  .refine((value) => new TextEncoder().encode(JSON.stringify(value)).byteLength <= MAX_CHECKPOINT_BYTES, {
    message: `must be at most ${MAX_CHECKPOINT_BYTES} bytes of JSON`,
  });

export const checkpointRequestSchema = z.object({
  clientId: clientIdSchema,
  payload: checkpointPayloadSchema,
});
export type CheckpointRequest = z.infer<typeof checkpointRequestSchema>;

export const sessionParamsSchema = z.object({ sessionId: idSchema });

export interface CheckpointReceipt {
  clientId: string;
  /** Order in which the session received it, from 1. */
  seq: number;
  receivedAt: number;
}

export interface HealthReport {
  ok: boolean;
  checks: { d1: CheckResult; r2: CheckResult; durableObject: CheckResult };
}
export interface CheckResult {
  ok: boolean;
  ms: number;
  detail?: string;
}
