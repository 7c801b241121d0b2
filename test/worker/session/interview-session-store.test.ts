import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { migrate, objectMigrations } from '../../../durable/migrations';
import { sessionStub } from '../../../worker/sessions';
import { seedSession } from '../support/helpers';

const sha256 = async (text: string) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))].map((b) => b.toString(16).padStart(2, '0')).join('');

/**
 * SHA-256 of each applied migration's SQL, byte for byte, as objects in the field ran it. Moving
 * a migration must leave its text exactly as it was; a change of schema is a new entry.
 */
const APPLIED = {
  1: 'cfcbd146d6186a36563acfd8571ffa18a483cfee9b4ad7760ca65d068183bff4',
  2: 'b651a9a9ac4124c1ab4b0b4a0fdecf1e2bac1c1acf6bf038c160789c66d326a3',
  3: '4e0e0698e69535a46bb464bc6991c2e5a2db237a64d9608a2a73e0a31280b200',
  4: 'ad6e1b71b9a97e9fda75f2faf7a2252ec62866f553638888beb5a8ccead1c0a0',
  5: '2d1b0ecddfc0eb64bcdabdd65e310ff62678ba2c07e55b83d2fcdad458887397',
} as const;

describe("the session object's one schema", () => {
  it('keeps every applied migration byte for byte, in one list numbered in order', async () => {
    // Ascending, each id once; ids are handed out to parallel branches, so one may wait for its neighbours.
    const ids = objectMigrations.map((m) => m.id);
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
    expect(ids.slice(0, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const [id, digest] of Object.entries(APPLIED)) {
      const migration = objectMigrations.find((m) => m.id === Number(id));
      expect(migration && (await sha256(migration.sql)), `migration ${id}`).toBe(digest);
    }
  });

  it('refuses a list in which an applied migration was changed afterwards', async () => {
    const { sessionId } = await seedSession('store');
    await runInDurableObject(sessionStub(env, sessionId), async (_instance, state) => {
      const changed = objectMigrations.map((m) => (m.id === 2 ? { ...m, sql: `${m.sql} CREATE TABLE sneaked_in (x);` } : m));
      await expect(migrate(state.storage.sql, changed)).rejects.toThrow('Durable Object migration 2 was changed after it was applied');
    });
  });

  it('drops the checkpoints table from an object made before checkpoints were removed', async () => {
    const { sessionId } = await seedSession('store');
    const tables = await runInDurableObject(sessionStub(env, sessionId), async (_instance, state) => {
      const sql = state.storage.sql;
      // The object as migrations 1 to 5 left it (7 made the devices table).
      sql.exec('DELETE FROM _migrations WHERE id IN (6, 7)');
      sql.exec('DROP TABLE devices');
      sql.exec('CREATE TABLE checkpoints (seq INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL UNIQUE, payload TEXT NOT NULL, received_at INTEGER NOT NULL)');
      await migrate(sql);
      return sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'checkpoints'").toArray();
    });
    expect(tables).toEqual([]);
  });
});
