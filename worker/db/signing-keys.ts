/**
 * Typed D1 queries for the server's signing keys (worker/auth/signing-key.ts). Only that module
 * reads them; no route returns them.
 */

async function readSigningKey(db: D1Database, name: string): Promise<string | null> {
  return db.prepare('SELECT secret FROM signing_keys WHERE name = ?').bind(name).first<string>('secret');
}

/**
 * The stored key named `name`; the first caller stores `proposed`. Concurrent first callers race
 * on INSERT OR IGNORE and all read back the one row that won, so every isolate signs alike.
 */
export async function signingKeySecret(db: D1Database, name: string, proposed: string, now: number): Promise<string> {
  const stored = await readSigningKey(db, name);
  if (stored !== null) return stored;
  const [, readBack] = await db.batch<{ secret: string }>([
    db.prepare('INSERT OR IGNORE INTO signing_keys (name, secret, created_at) VALUES (?, ?, ?)').bind(name, proposed, now),
    db.prepare('SELECT secret FROM signing_keys WHERE name = ?').bind(name),
  ]);
  const secret = readBack?.results[0]?.secret;
  if (secret === undefined) throw new Error(`Signing key ${name} was not stored`);
  return secret;
}
