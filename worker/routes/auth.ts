import { Hono } from 'hono';
import { checkCsrfToken, requireSameOrigin } from '../auth/csrf';
import { requireMember, unauthenticated } from '../auth/guard';
import { hashPassword, needsRehash, spendVerificationTime, verifyPassword } from '../auth/password';
import { csrfTokenFor, endLoginSession, sessionTokenFrom, signedInMember, startLoginSession } from '../auth/session';
import { signedInAnswer } from '../auth/signed-in';
import { clientAddress, recordFailedLogin, recordSuccessfulLogin, refuseWhileThrottled } from '../auth/throttle';
import { sha256 } from '../auth/tokens';
import type { AppEnv } from '../context';
import { findMemberByUser, findUserByEmail, insertUserStatement, listMemberships, updateUserStatement, upsertMemberStatement } from '../db/accounts';
import { claimInvitation, findInvitationByTokenHash, type Invitation, releaseInvitation } from '../db/invitations';
import type { SignedInMember } from '../db/login-sessions';
import { findOrganization, insertOrganizationStatement } from '../db/organizations';
import { conflict, HttpError, notFound } from '../errors';
import { acceptInvitationRequestSchema, type InvitationPreview, invitationTokenRequestSchema, loginRequestSchema, registerRequestSchema } from '../schemas/auth';
import { validate } from '../validate';

const invalidCredentials = () => new HttpError(401, 'invalid_credentials', 'Wrong email or password.');
const emailTaken = () => conflict('email_taken', 'An account with this email already exists. Log in instead, or ask your admin for an invitation.');

function slugFor(name: string): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'org';
  return `${base}-${crypto.randomUUID().slice(0, 8)}`;
}

const isUniqueViolation = (err: unknown) => err instanceof Error && /UNIQUE constraint failed/i.test(err.message);

/** An invitation that can still be accepted; used, revoked and expired ones each say so. */
async function openInvitation(db: D1Database, token: string): Promise<Invitation> {
  const invitation = await findInvitationByTokenHash(db, await sha256(token));
  if (!invitation || invitation.revokedAt) throw notFound('This invitation link is not valid. Ask for a new one.');
  if (invitation.acceptedAt) throw conflict('invitation_used', 'This invitation was already accepted. Log in instead.');
  if (invitation.expiresAt <= Date.now()) throw new HttpError(410, 'invitation_expired', 'This invitation has expired. Ask for a new one.');
  return invitation;
}

export const auth = new Hono<AppEnv>()
  /** A new organization; the person registering is its first owner, and is logged in. */
  .post('/register', requireSameOrigin, validate('json', registerRequestSchema), async (c) => {
    const body = c.req.valid('json');
    const db = c.env.DB;
    if (await findUserByEmail(db, body.email)) throw emailTaken();
    const now = Date.now();
    const member: SignedInMember = {
      userId: crypto.randomUUID(),
      memberId: crypto.randomUUID(),
      orgId: crypto.randomUUID(),
      role: 'owner',
      email: body.email,
      name: body.name,
    };
    const passwordHash = await hashPassword(body.password);
    try {
      await db.batch([
        insertOrganizationStatement(db, { id: member.orgId, name: body.organizationName, slug: slugFor(body.organizationName), now }),
        insertUserStatement(db, { id: member.userId, email: body.email, name: body.name, passwordHash, now }),
        upsertMemberStatement(db, { id: member.memberId, orgId: member.orgId, userId: member.userId, role: 'owner', now }),
      ]);
    } catch (err) {
      // Two registrations with one email at once: the unique index decides, the batch rolls back.
      if (isUniqueViolation(err)) throw emailTaken();
      throw err;
    }
    const { csrfToken } = await startLoginSession(c, member);
    return c.json(await signedInAnswer(c.env, member, csrfToken), 201);
  })

  .post('/login', requireSameOrigin, validate('json', loginRequestSchema), async (c) => {
    const { email, password, organizationId } = c.req.valid('json');
    const db = c.env.DB;
    const client = clientAddress(c);
    await refuseWhileThrottled(db, email, client);
    const user = await findUserByEmail(db, email);
    // An unknown email costs the same time as a wrong password, so timing tells nothing.
    if (!user) await spendVerificationTime(password);
    const valid = user ? await verifyPassword(password, user.passwordHash) : false;
    if (!user || !valid) {
      await recordFailedLogin(db, email, client);
      throw invalidCredentials();
    }
    await recordSuccessfulLogin(db, email, client);
    const memberships = await listMemberships(db, user.id);
    const chosen = organizationId ? memberships.find((m) => m.organizationId === organizationId) : memberships[0];
    if (!chosen) {
      throw new HttpError(403, 'no_membership', organizationId ? 'You are not a member of that organization.' : 'Your account is not a member of any organization any more.');
    }
    if (needsRehash(user.passwordHash)) {
      await updateUserStatement(db, user.id, { name: user.name, passwordHash: await hashPassword(password) }, Date.now()).run();
    }
    const member: SignedInMember = { userId: user.id, memberId: chosen.memberId, orgId: chosen.organizationId, role: chosen.role, email: user.email, name: user.name };
    const { csrfToken } = await startLoginSession(c, member);
    return c.json(await signedInAnswer(c.env, member, csrfToken), 200);
  })

  /** Ends the session server-side. Without a live session there is nothing to forge: 204 anyway. */
  .post('/logout', async (c) => {
    const session = await signedInMember(c);
    if (session) await checkCsrfToken(c, session.token);
    await endLoginSession(c);
    return c.body(null, 204);
  })

  .get('/me', requireMember, async (c) => {
    // The guard has just checked this cookie's session.
    const token = sessionTokenFrom(c);
    if (!token) throw unauthenticated();
    return c.json(await signedInAnswer(c.env, c.var.member, await csrfTokenFor(token)), 200);
  })

  /** What the accept page shows before asking for a name and password. */
  .post('/invitations/preview', requireSameOrigin, validate('json', invitationTokenRequestSchema), async (c) => {
    const invitation = await openInvitation(c.env.DB, c.req.valid('json').token);
    const org = await findOrganization(c.env.DB, invitation.orgId);
    if (!org) throw notFound('This invitation link is not valid. Ask for a new one.');
    const preview: InvitationPreview = {
      organizationName: org.name,
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expiresAt,
      existingAccount: (await findUserByEmail(c.env.DB, invitation.email)) !== null,
    };
    return c.json(preview, 200);
  })

  /**
   * Joins the organization and logs in. A new person sets their name and password; someone who
   * already has an account proves it with their existing password.
   */
  .post('/invitations/accept', requireSameOrigin, validate('json', acceptInvitationRequestSchema), async (c) => {
    const { token, name, password } = c.req.valid('json');
    const db = c.env.DB;
    const invitation = await openInvitation(db, token);
    const now = Date.now();
    const existing = await findUserByEmail(db, invitation.email);
    if (existing) {
      const client = clientAddress(c);
      await refuseWhileThrottled(db, existing.email, client);
      if (!(await verifyPassword(password, existing.passwordHash))) {
        await recordFailedLogin(db, existing.email, client);
        throw new HttpError(401, 'invalid_credentials', 'This email already has a Holdfast account: enter its password to join.');
      }
      await recordSuccessfulLogin(db, existing.email, client);
      if (await findMemberByUser(db, invitation.orgId, existing.id)) throw conflict('already_member', 'You are already a member of this organization.');
    }
    const userId = existing?.id ?? crypto.randomUUID();
    const saveUser = existing
      ? updateUserStatement(db, userId, { name }, now)
      : insertUserStatement(db, { id: userId, email: invitation.email, name, passwordHash: await hashPassword(password), now });
    // Claim first: of two accepts racing, exactly one gets past this line.
    if (!(await claimInvitation(db, invitation.id, now))) throw conflict('invitation_used', 'This invitation was already accepted. Log in instead.');
    try {
      await db.batch([saveUser, upsertMemberStatement(db, { id: crypto.randomUUID(), orgId: invitation.orgId, userId, role: invitation.role, now })]);
    } catch (err) {
      // The same email registered in the meantime: give the invitation back, nothing half-made.
      await releaseInvitation(db, invitation.id);
      if (isUniqueViolation(err)) throw emailTaken();
      throw err;
    }
    const member = await findMemberByUser(db, invitation.orgId, userId);
    if (!member) throw notFound('This invitation link is not valid. Ask for a new one.');
    const signedIn: SignedInMember = { userId, memberId: member.id, orgId: member.orgId, role: member.role, email: member.email, name: member.name };
    const { csrfToken } = await startLoginSession(c, signedIn);
    return c.json(await signedInAnswer(c.env, signedIn, csrfToken), 200);
  });
