import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requirePermission } from '../auth/guard';
import { organizationSummary } from '../auth/signed-in';
import { readQuota } from '../candidates/quota';
import type { AppEnv } from '../context';
import { listLedger } from '../db/analysis';
import { findAiTokens, findOrganization, type Organization, replaceOrganizationLogo, updateOrganizationSettings } from '../db/organizations';
import { badRequest, HttpError, notFound } from '../errors';
import { r2Keys } from '../keys';
import type { LedgerView } from '../schemas/analysis';
import { type LOGO_TYPES, MAX_LOGO_BYTES, type OrganizationSettings, orgSettingsRequestSchema } from '../schemas/auth';
import { validate } from '../validate';

type LogoType = (typeof LOGO_TYPES)[number];

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);

/**
 * The image type read from the file's own bytes: a name or a Content-Type header is only a
 * claim. Three fixed signatures; a general sniffing library would add far more than it checks.
 */
function logoTypeOf(bytes: Uint8Array): LogoType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

function settingsOf(org: Organization): OrganizationSettings {
  return { ...organizationSummary(org), sessionQuota: org.sessionQuota, aiTokens: org.aiTokens, retentionDays: org.retentionDays };
}

async function currentOrganization(db: D1Database, orgId: string): Promise<Organization> {
  const org = await findOrganization(db, orgId);
  if (!org) throw notFound('No such organization');
  return org;
}

const tooLarge = () => new HttpError(413, 'too_large', `The logo must be at most ${MAX_LOGO_BYTES / 1024} KB.`);

export const org = new Hono<AppEnv>()
  .get('/', requirePermission('org.read'), async (c) => {
    return c.json(settingsOf(await currentOrganization(c.env.DB, c.var.member.orgId)), 200);
  })

  /** Admins see the AI token balance and every debit (worker/db/analysis.ts). */
  .get('/ai-ledger', requirePermission('org.manage'), async (c) => {
    const orgId = c.var.member.orgId;
    const [balance, entries] = await Promise.all([findAiTokens(c.env.DB, orgId), listLedger(c.env.DB, orgId)]);
    return c.json({ balance, entries } satisfies LedgerView, 200);
  })

  .patch('/', requirePermission('org.manage'), validate('json', orgSettingsRequestSchema), async (c) => {
    await updateOrganizationSettings(c.env.DB, c.var.member.orgId, c.req.valid('json'), Date.now());
    return c.json(settingsOf(await currentOrganization(c.env.DB, c.var.member.orgId)), 200);
  })

  /** The logo is the request body itself (PNG, JPEG or WebP, at most 512 KB). */
  .put(
    '/logo',
    requirePermission('org.manage'),
    bodyLimit({
      maxSize: MAX_LOGO_BYTES,
      onError: () => {
        throw tooLarge();
      },
    }),
    async (c) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.byteLength === 0) throw badRequest('Send the image file as the request body.', { logo: 'is required' });
      const type = logoTypeOf(bytes);
      if (!type) throw new HttpError(415, 'unsupported_image', 'The logo must be a PNG, JPEG or WebP image.', { logo: 'must be a PNG, JPEG or WebP image' });
      const orgId = c.var.member.orgId;
      const key = r2Keys.orgLogo(orgId, crypto.randomUUID());
      // The new object first, then the pointer, then the old object: a failure never leaves a
      // pointer to nothing.
      await c.env.MEDIA.put(key, bytes, { httpMetadata: { contentType: type } });
      const previous = await replaceOrganizationLogo(c.env.DB, orgId, { key, type }, Date.now());
      if (previous) await c.env.MEDIA.delete(previous);
      return c.json(settingsOf(await currentOrganization(c.env.DB, orgId)), 200);
    },
  )

  .delete('/logo', requirePermission('org.manage'), async (c) => {
    const previous = await replaceOrganizationLogo(c.env.DB, c.var.member.orgId, null, Date.now());
    if (previous) await c.env.MEDIA.delete(previous);
    return c.json(settingsOf(await currentOrganization(c.env.DB, c.var.member.orgId)), 200);
  })

  .get('/quota', requirePermission('org.read'), async (c) => {
    return c.json(await readQuota(c.env.DB, c.var.member.orgId), 200);
  })

  .get('/logo', requirePermission('org.read'), async (c) => {
    const current = await currentOrganization(c.env.DB, c.var.member.orgId);
    const object = current.logoKey ? await c.env.MEDIA.get(current.logoKey) : null;
    if (!object || !current.logoType) throw notFound('This organization has no logo');
    const versioned = c.req.query('v') === current.logoKey?.split('/').pop();
    return c.body(object.body, 200, {
      'content-type': current.logoType,
      'content-length': String(object.size),
      // Each upload has its own URL (see organizationSummary), so a versioned URL never changes.
      'cache-control': versioned ? 'private, max-age=31536000, immutable' : 'private, no-cache',
    });
  });
