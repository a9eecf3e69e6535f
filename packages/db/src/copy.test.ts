import { describe, expect, it } from 'vitest';
import { createTestDatabase, migrateToLatest, openDatabase, testPostgresUrl } from './connection.ts';
import { copyDatabase, CopyRefusedError, databaseDigest } from './copy.ts';
import { seedDemo } from './seed/index.ts';

const pg = testPostgresUrl();
if (!pg) console.log('copy.test: MQA_TEST_POSTGRES_URL is not set, so the SQLite → PostgreSQL → SQLite round trip is skipped (pnpm test:pg runs it).');

async function seeded() {
  const db = openDatabase({ url: ':memory:' });
  await migrateToLatest(db);
  await seedDemo(db);
  return db;
}

describe('copying an installation to another database', () => {
  it('copies every row of every table and checks them (SQLite → SQLite)', async () => {
    const from = await seeded();
    const to = openDatabase({ url: ':memory:' });
    const report = await copyDatabase(from, to);
    expect(report.rows).toBeGreaterThan(10_000);
    expect(report.tables.find((t) => t.table === 'scores')!.rows).toBeGreaterThan(5_000);
    expect(await databaseDigest(to)).toEqual(await databaseDigest(from));
    await from.destroy();
    await to.destroy();
  });

  it('refuses a target that already holds data, and changes nothing in it', async () => {
    const from = await seeded();
    const to = await seeded();
    const before = await databaseDigest(to);
    await expect(copyDatabase(from, to)).rejects.toThrow(CopyRefusedError);
    await expect(copyDatabase(from, to)).rejects.toThrow(/not empty/);
    expect(await databaseDigest(to)).toEqual(before);
    await from.destroy();
    await to.destroy();
  });

  it('a digest notices one changed value', async () => {
    const a = await seeded();
    const before = await databaseDigest(a);
    await a.updateTable('scores').set({ percent: 5 }).where('id', '=', 1).execute();
    const after = await databaseDigest(a);
    expect(after.find((t) => t.table === 'scores')!.digest).not.toBe(before.find((t) => t.table === 'scores')!.digest);
    expect(after.filter((t) => t.table !== 'scores')).toEqual(before.filter((t) => t.table !== 'scores'));
    await a.destroy();
  });

  it.skipIf(!pg)(
    'round trip SQLite → PostgreSQL → SQLite gives back every table as it was (skipped without MQA_TEST_POSTGRES_URL)',
    async () => {
      const original = await seeded();
      const middle = await createTestDatabase();
      const back = openDatabase({ url: ':memory:' });
      await copyDatabase(original, middle);
      await copyDatabase(middle, back);
      expect(await databaseDigest(back)).toEqual(await databaseDigest(original));
      // New rows on PostgreSQL get ids after the copied ones.
      const next = await middle
        .insertInto('weight_sets')
        .values({
          code: 'after-copy',
          version: 1,
          name_zh: '复制后',
          name_en: 'After copy',
          status: 'draft',
          based_on_id: null,
          note: null,
          created_by: null,
          created_at: '2027-01-01T00:00:00Z',
          frozen_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const max = await original
        .selectFrom('weight_sets')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirstOrThrow();
      expect(next.id).toBeGreaterThan(Number(max.m));
      for (const d of [original, middle, back]) await d.destroy();
    },
    300_000,
  );
});
