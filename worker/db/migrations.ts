/** Typed D1 queries about the database itself. */

/** How many of the migrations in `migrations/` D1 has applied (wrangler records them in `d1_migrations`). */
export async function countAppliedMigrations(db: D1Database): Promise<number> {
  const row = await db.prepare('SELECT count(*) AS migrations FROM d1_migrations').first<{ migrations: number }>();
  return row?.migrations ?? 0;
}
