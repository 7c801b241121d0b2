/** Typed D1 queries for organizations. Database first, explicit row mapping. */
import { DEFAULT_ACCENT } from '../schemas/brand-theme';
export interface Organization {
  id: string;
  name: string;
  slug: string;
  accentColor: string;
  logoKey: string | null;
  logoType: string | null;
  sessionQuota: number;
  aiTokens: number;
  retentionDays: number;
  createdAt: number;
  updatedAt: number;
}

interface OrganizationRecord {
  id: string;
  name: string;
  slug: string;
  accent_color: string;
  logo_key: string | null;
  logo_type: string | null;
  session_quota: number;
  ai_tokens: number;
  retention_days: number;
  created_at: number;
  updated_at: number;
}

const toOrganization = (r: OrganizationRecord): Organization => ({
  id: r.id,
  name: r.name,
  slug: r.slug,
  accentColor: r.accent_color,
  logoKey: r.logo_key,
  logoType: r.logo_type,
  sessionQuota: r.session_quota,
  aiTokens: r.ai_tokens,
  retentionDays: r.retention_days,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function findOrganization(db: D1Database, orgId: string): Promise<Organization | null> {
  const row = await db.prepare('SELECT * FROM organizations WHERE id = ?').bind(orgId).first<OrganizationRecord>();
  return row ? toOrganization(row) : null;
}

export function insertOrganizationStatement(db: D1Database, org: { id: string; name: string; slug: string; now: number }): D1PreparedStatement {
  return db
    .prepare('INSERT INTO organizations (id, name, slug, accent_color, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(org.id, org.name, org.slug, DEFAULT_ACCENT, org.now, org.now);
}

export async function updateOrganizationSettings(
  db: D1Database,
  orgId: string,
  changes: { name?: string | undefined; accentColor?: string | undefined; retentionDays?: number | undefined },
  now: number,
): Promise<void> {
  await db
    .prepare(
      `UPDATE organizations SET name = coalesce(?, name), accent_color = coalesce(?, accent_color),
         retention_days = coalesce(?, retention_days), updated_at = ? WHERE id = ?`,
    )
    .bind(changes.name ?? null, changes.accentColor ?? null, changes.retentionDays ?? null, now, orgId)
    .run();
}

/** Swaps the logo and answers the key it replaced, so the caller can delete that object. */
export async function replaceOrganizationLogo(db: D1Database, orgId: string, logo: { key: string; type: string } | null, now: number): Promise<string | null> {
  const previous = await db.prepare('SELECT logo_key FROM organizations WHERE id = ?').bind(orgId).first<{ logo_key: string | null }>();
  await db
    .prepare('UPDATE organizations SET logo_key = ?, logo_type = ?, updated_at = ? WHERE id = ?')
    .bind(logo?.key ?? null, logo?.type ?? null, now, orgId)
    .run();
  return previous?.logo_key ?? null;
}

/** Inserts the organization unless one with its id exists; answers whether this call made it. */
export async function insertOrganizationIfAbsent(db: D1Database, org: { id: string; name: string; slug: string; now: number }): Promise<boolean> {
  const result = await db
    .prepare('INSERT INTO organizations (id, name, slug, accent_color, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
    .bind(org.id, org.name, org.slug, DEFAULT_ACCENT, org.now)
    .run();
  return result.meta.changes > 0;
}

/** The organization's balance of AI tokens; 0 when there is no such organization. */
export async function findAiTokens(db: D1Database, orgId: string): Promise<number> {
  return (await db.prepare('SELECT ai_tokens FROM organizations WHERE id = ?').bind(orgId).first<{ ai_tokens: number }>())?.ai_tokens ?? 0;
}

/**
 * Spends `cost` tokens in one guarded statement, so two spenders racing for the last tokens
 * cannot both pass. Answers the balance left, or null when it was too low (nothing spent).
 */
export async function spendAiTokens(db: D1Database, orgId: string, cost: number): Promise<number | null> {
  const left = await db
    .prepare('UPDATE organizations SET ai_tokens = ai_tokens - ?1 WHERE id = ?2 AND ai_tokens >= ?1 RETURNING ai_tokens')
    .bind(cost, orgId)
    .first<{ ai_tokens: number }>();
  return left ? left.ai_tokens : null;
}

export async function returnAiTokens(db: D1Database, orgId: string, tokens: number): Promise<void> {
  await db.prepare('UPDATE organizations SET ai_tokens = ai_tokens + ? WHERE id = ?').bind(tokens, orgId).run();
}
