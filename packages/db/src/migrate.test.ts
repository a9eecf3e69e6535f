import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, isPostgres, migrateToLatest, openDatabase } from './connection.ts';
import { migrations } from './migrations/index.ts';

describe('migrations', () => {
  it('migrate an empty database to the latest schema, and a second run does nothing', async () => {
    const db = openDatabase({ url: ':memory:' });
    const applied = await migrateToLatest(db);
    expect(applied).toEqual(Object.keys(migrations));
    expect(await migrateToLatest(db)).toEqual([]);
    const tables = await db.introspection.getTables();
    const names = tables.map((t) => t.name);
    for (const t of ['cycles', 'scores', 'audit_log', 'awards', 'revocations', 'weight_set_items']) expect(names).toContain(t);
    await db.destroy();
  });

  it('names every migration with an ISO date so they sort in the order they were written', () => {
    const names = Object.keys(migrations);
    for (const n of names) expect(n).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}_[a-z0-9_]+$/);
    expect([...names].sort()).toEqual(names);
  });

  it('enforce foreign keys', async () => {
    const db = await createTestDatabase();
    await expect(db.insertInto('weight_set_items').values({ weight_set_id: 999, item_id: '4.1.2', points: 50 }).execute()).rejects.toThrow(
      /FOREIGN KEY|foreign key/i,
    );
    if (!isPostgres(db)) {
      // SQLite checks foreign keys only when the connection asks for it.
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
      expect(fk.rows[0]?.foreign_keys).toBe(1);
    }
    await db.destroy();
  });
});
