/**
 * The demo organization `npm start` creates, so a fresh checkout has something to look at.
 * Idempotent: every insert is keyed on a fixed id and skips what exists, so running it again
 * changes nothing.
 */
export const DEMO_ORG = { id: 'demo-org-0000000000000001', name: 'Holdfast Demo', slug: 'holdfast-demo' } as const;

export interface SeedReport {
  created: string[];
  existing: string[];
}

export async function seedDemo(db: D1Database, now = Date.now()): Promise<SeedReport> {
  const report: SeedReport = { created: [], existing: [] };
  const org = await db
    .prepare('INSERT INTO organizations (id, name, slug, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
    .bind(DEMO_ORG.id, DEMO_ORG.name, DEMO_ORG.slug, now)
    .run();
  (org.meta.changes > 0 ? report.created : report.existing).push(`organization ${DEMO_ORG.slug}`);
  return report;
}
