/** Accounts, members and invitations: request schemas and answer types shared with the app. */
import { z } from 'zod';

/** Roles, most powerful first. What each may do is decided in worker/auth/permissions.ts. */
export const ROLES = ['owner', 'admin', 'recruiter', 'interviewer', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

/** Names of the permissions the app may see in `SignedIn.permissions` to show or hide controls. */
export const PERMISSION_NAMES = [
  'org.read',
  'members.read',
  'questions.read',
  'interviews.read',
  'sessions.read',
  'sandbox.take',
  'org.manage',
  'members.manage',
  'owners.manage',
  'integrations.manage',
  'questions.write',
  'interviews.write',
  'candidates.manage',
  'reviews.write',
  'reviews.reopen',
  'pads.run',
] as const;
export type Permission = (typeof PERMISSION_NAMES)[number];

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email('must be an email address').max(254));
/** Long enough to resist guessing; bounded so nobody can make us hash a megabyte. */
const passwordSchema = z.string().min(10, 'must be at least 10 characters').max(256, 'must be at most 256 characters');
const personNameSchema = z.string().trim().min(1, 'is required').max(120);
const roleSchema = z.enum(ROLES);

export const registerRequestSchema = z.object({
  organizationName: z.string().trim().min(1, 'is required').max(120),
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
});

export const loginRequestSchema = z.object({
  email: emailSchema,
  // Not checked for length here: a login never says whether a password could have been valid.
  password: z.string().min(1, 'is required').max(256),
  /** Which organization to enter when the account belongs to several; the latest joined otherwise. */
  organizationId: z.string().min(1).max(64).optional(),
});

export const invitationTokenRequestSchema = z.object({ token: z.string().min(1, 'is required').max(200) });

export const acceptInvitationRequestSchema = z.object({
  token: z.string().min(1, 'is required').max(200),
  name: personNameSchema,
  password: passwordSchema,
});

export const inviteRequestSchema = z.object({ email: emailSchema, role: roleSchema });
export const changeRoleRequestSchema = z.object({ role: roleSchema });

export interface MemberView {
  id: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: number;
}

export interface OrganizationSummary {
  id: string;
  name: string;
  accentColor: string;
  logoUrl: string | null;
}

/** What register, login, accept-invitation and `GET /api/auth/me` answer. */
export interface SignedIn {
  member: Omit<MemberView, 'joinedAt'>;
  organization: OrganizationSummary;
  /** Send it back as `x-csrf-token` on every POST, PUT, PATCH and DELETE. */
  csrfToken: string;
  permissions: Permission[];
  memberships: { organizationId: string; organizationName: string; role: Role }[];
  /** A local run (`npm start`): the dashboard links its development pages, such as the mail outbox. */
  development: boolean;
}

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  invitedBy: string;
  createdAt: number;
  expiresAt: number;
}

export interface InvitationPreview {
  organizationName: string;
  email: string;
  role: Role;
  expiresAt: number;
  /** True when this email already has a Holdfast account: accepting then asks for its password. */
  existingAccount: boolean;
}

export interface OutboxMessage {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  createdAt: number;
}

/** Organization settings. Quota and AI tokens are read-only here: they change by purchase. */
const accentColorSchema = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1a2b3c')
  .transform((colour) => colour.toLowerCase());
export const orgSettingsRequestSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(120).optional(),
  accentColor: accentColorSchema.optional(),
  retentionDays: z.number().int('must be a whole number of days').min(1).max(3650).optional(),
});

/** The largest logo accepted, and the formats recognised from the file's bytes. */
export const MAX_LOGO_BYTES = 512 * 1024;
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

export interface OrganizationSettings extends OrganizationSummary {
  sessionQuota: number;
  aiTokens: number;
  retentionDays: number;
}
