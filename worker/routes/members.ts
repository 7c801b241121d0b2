import { Hono } from 'hono';
import { requirePermission } from '../auth/guard';
import { owned } from '../auth/owned';
import { can } from '../auth/permissions';
import { randomToken, sha256 } from '../auth/tokens';
import type { AppEnv } from '../context';
import { changeMemberRole, findMember, findMemberByUser, findUserByEmail, listMembers, type Member, removeMember } from '../db/accounts';
import { findOpenInvitation, type Invitation, insertInvitation, listOpenInvitations, revokeInvitation } from '../db/invitations';
import { findOrganization } from '../db/organizations';
import { conflict, HttpError, notFound } from '../errors';
import { sendMail } from '../mail';
import { invitationMail } from '../mail/templates';
import { changeRoleRequestSchema, type InvitationView, inviteRequestSchema, type MemberView } from '../schemas/auth';
import { validate } from '../validate';

const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const memberView = (m: Member): MemberView => ({ id: m.id, name: m.name, email: m.email, role: m.role, joinedAt: m.createdAt });
const invitationView = (i: Invitation): InvitationView => ({
  id: i.id,
  email: i.email,
  role: i.role,
  invitedBy: i.invitedBy,
  createdAt: i.createdAt,
  expiresAt: i.expiresAt,
});

const onlyOwnersTouchOwners = () => new HttpError(403, 'forbidden', 'Only an owner may grant, take away or remove the owner role.');
const lastOwner = () => conflict('last_owner', 'An organization needs at least one owner. Make someone else owner first.');

const targetMember = owned('target', 'memberId', 'member', (db, me, id) => findMember(db, me.orgId, id));
const openInvitation = owned('invitation', 'invitationId', 'invitation', (db, me, id) => findOpenInvitation(db, me.orgId, id, Date.now()));

export const members = new Hono<AppEnv>()
  .get('/', requirePermission('members.read'), async (c) => {
    return c.json({ members: (await listMembers(c.env.DB, c.var.member.orgId)).map(memberView) }, 200);
  })

  .get('/invitations', requirePermission('members.manage'), async (c) => {
    const invitations = await listOpenInvitations(c.env.DB, c.var.member.orgId, Date.now());
    return c.json({ invitations: invitations.map(invitationView) }, 200);
  })

  /** Mails a one-time link (token >= 128 random bits; only its digest is kept) valid for 7 days. */
  .post('/invitations', requirePermission('members.manage'), validate('json', inviteRequestSchema), async (c) => {
    const { email, role } = c.req.valid('json');
    const me = c.var.member;
    if (role === 'owner' && !can(me.role, 'owners.manage')) throw onlyOwnersTouchOwners();
    const user = await findUserByEmail(c.env.DB, email);
    if (user && (await findMemberByUser(c.env.DB, me.orgId, user.id))) throw conflict('already_member', `${email} is already a member.`);
    const org = await findOrganization(c.env.DB, me.orgId);
    if (!org) throw notFound('No such organization');

    const token = randomToken();
    const now = Date.now();
    const invitation: Invitation = {
      id: crypto.randomUUID(),
      orgId: me.orgId,
      email,
      role,
      invitedBy: me.memberId,
      createdAt: now,
      expiresAt: now + INVITATION_TTL_MS,
      acceptedAt: null,
      revokedAt: null,
    };
    await insertInvitation(c.env.DB, { ...invitation, tokenHash: await sha256(token), now });
    // The token rides in the fragment: browsers never send it to a server or put it in a Referer.
    const link = `${new URL(c.req.url).origin}/accept-invite#token=${token}`;
    try {
      await sendMail(c.env, invitationMail({ to: email, organizationName: org.name, invitedBy: me.name, role, link, expiresAt: invitation.expiresAt }));
    } catch (err) {
      await revokeInvitation(c.env.DB, me.orgId, invitation.id, Date.now());
      console.error(JSON.stringify({ level: 'error', requestId: c.get('requestId'), message: `invitation mail failed: ${String(err)}` }));
      throw new HttpError(502, 'mail_failed', 'The invitation email could not be sent. Nothing was saved; please try again.');
    }
    return c.json({ invitation: invitationView(invitation) }, 201);
  })

  .delete('/invitations/:invitationId', requirePermission('members.manage'), openInvitation, async (c) => {
    await revokeInvitation(c.env.DB, c.var.member.orgId, c.var.invitation.id, Date.now());
    return c.body(null, 204);
  })

  .patch('/:memberId', requirePermission('members.manage'), targetMember, validate('json', changeRoleRequestSchema), async (c) => {
    const { role } = c.req.valid('json');
    const target = c.var.target;
    if ((target.role === 'owner' || role === 'owner') && !can(c.var.member.role, 'owners.manage')) throw onlyOwnersTouchOwners();
    if ((await changeMemberRole(c.env.DB, target.orgId, target.id, role, Date.now())) === 'last_owner') throw lastOwner();
    const updated = await findMember(c.env.DB, target.orgId, target.id);
    if (!updated) throw notFound('No such member');
    return c.json({ member: memberView(updated) }, 200);
  })

  /** Removal ends the member's login sessions at once. */
  .delete('/:memberId', requirePermission('members.manage'), targetMember, async (c) => {
    const target = c.var.target;
    if (target.role === 'owner' && !can(c.var.member.role, 'owners.manage')) throw onlyOwnersTouchOwners();
    if ((await removeMember(c.env.DB, target.orgId, target.id, Date.now())) === 'last_owner') throw lastOwner();
    return c.body(null, 204);
  });
