/** The answer a signed-in member's page starts from: who, where, what they may do, the CSRF token. */

import { listMemberships } from '../db/accounts';
import type { SignedInMember } from '../db/login-sessions';
import { findOrganization, type Organization } from '../db/organizations';
import { notFound } from '../errors';
import type { OrganizationSummary, SignedIn } from '../schemas/auth';
import { permissionsOf } from './permissions';

/** The logo's URL changes with every upload, so browsers may cache each one for good. */
export function organizationSummary(org: Organization): OrganizationSummary {
  const version = org.logoKey?.split('/').pop();
  return { id: org.id, name: org.name, accentColor: org.accentColor, logoUrl: version ? `/api/org/logo?v=${version}` : null };
}

export async function signedInAnswer(env: Pick<Env, 'DB' | 'ENVIRONMENT'>, member: SignedInMember, csrfToken: string): Promise<SignedIn> {
  const db = env.DB;
  const [org, memberships] = await Promise.all([findOrganization(db, member.orgId), listMemberships(db, member.userId)]);
  if (!org) throw notFound('No such organization');
  return {
    member: { id: member.memberId, name: member.name, email: member.email, role: member.role },
    organization: organizationSummary(org),
    csrfToken,
    permissions: permissionsOf(member.role),
    memberships: memberships.map(({ organizationId, organizationName, role }) => ({ organizationId, organizationName, role })),
    development: env.ENVIRONMENT === 'development',
  };
}
