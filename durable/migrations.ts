/**
 * The Durable Object's own SQLite schema, as an append-only list. Each migration runs once, in
 * order, recorded in `_migrations`; an applied migration must never change (it is checked).
 */
export interface ObjectMigration {
  id: number;
  sql: string;
}

export const objectMigrations: readonly ObjectMigration[] = [
  {
    id: 1,
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE checkpoints (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id TEXT NOT NULL UNIQUE,
        payload TEXT NOT NULL,
        received_at INTEGER NOT NULL
      );
    `,
  },
];

async function fingerprint(sql: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(sql.replace(/\s+/g, ' ').trim()));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function migrate(sql: SqlStorage, migrations: readonly ObjectMigration[] = objectMigrations): Promise<void> {
  sql.exec('CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = new Map(
    sql.exec<{ id: number; fingerprint: string }>('SELECT id, fingerprint FROM _migrations').toArray().map((r) => [r.id, r.fingerprint]),
  );
  for (const migration of migrations) {
    const print = await fingerprint(migration.sql);
    const known = applied.get(migration.id);
    if (known !== undefined) {
      if (known !== print) throw new Error(`Durable Object migration ${migration.id} was changed after it was applied`);
      continue;
    }
    sql.exec(migration.sql);
    sql.exec('INSERT INTO _migrations (id, fingerprint, applied_at) VALUES (?, ?, ?)', migration.id, print, Date.now());
  }
}
