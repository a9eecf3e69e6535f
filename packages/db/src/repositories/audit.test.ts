import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Migrator } from 'kysely/migration';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, migrateToLatest, openDatabase } from '../connection.ts';
import { migrationProvider, migrations } from '../migrations/index.ts';
import { AUDIT_GENESIS_HASH, auditRowHash, countAudit, listAudit, verifyAuditChain, writeAudit, writeAuditMany } from './audit.ts';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const TSX = path.resolve(here, '../../../../node_modules/.bin/tsx');

async function withRows(n: number) {
  const db = await createTestDatabase();
  await writeAuditMany(
    db,
    Array.from({ length: n }, (_, i) => ({ userId: null, action: 'test.action', entity: i % 2 ? 'odd' : 'even', entityId: i, after: { i } })),
  );
  return db;
}

describe('the audit chain (Art. 26)', () => {
  it('chains every row to the one before by SHA-256 over its canonical JSON', async () => {
    const db = await withRows(3);
    const first = await writeAudit(db, {
      userId: null,
      action: 'test.one',
      entity: 'thing',
      entityId: 9,
      before: { a: 1 },
      after: { a: 2 },
      at: '2026-12-02T00:00:00.000Z',
    });
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, first]);
    expect(rows[0]!.prev_hash).toBe(AUDIT_GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    for (const r of rows) expect(r.hash).toBe(auditRowHash(r.prev_hash!, r));
    expect(rows[3]).toMatchObject({ entity_id: '9', before: '{"a":1}', after: '{"a":2}', at: '2026-12-02T00:00:00.000Z' });
    expect(await verifyAuditChain(db)).toEqual({ intact: true, rows: 4, head: { id: 4, hash: rows[3]!.hash }, firstBroken: null, brokenRows: 0 });
    await db.destroy();
  });

  it('names the first row that was edited, deleted around or written past the chain', async () => {
    const db = await withRows(10);
    await db.updateTable('audit_log').set({ after: '{"i":99}' }).where('id', '=', 4).execute();
    expect(await verifyAuditChain(db, { batchSize: 3 })).toMatchObject({ intact: false, firstBroken: { id: 4, reason: 'hash_mismatch' }, brokenRows: 1 });

    const db2 = await withRows(10);
    await db2.deleteFrom('audit_log').where('id', '=', 6).execute();
    expect(await verifyAuditChain(db2)).toMatchObject({ intact: false, firstBroken: { id: 7, reason: 'prev_hash_mismatch' }, rows: 9 });

    const db3 = await withRows(2);
    await db3
      .insertInto('audit_log')
      .values({
        // The next id (the chain's writer numbers rows itself; PostgreSQL's sequence is not used).
        id: 3,
        at: 'x',
        user_id: null,
        action: 'sneaked.in',
        entity: 'thing',
        entity_id: null,
        cycle_id: null,
        before: null,
        after: null,
        prev_hash: null,
        hash: null,
      })
      .execute();
    await writeAudit(db3, { userId: null, action: 'after.it', entity: 'thing' });
    const report = await verifyAuditChain(db3);
    expect(report).toMatchObject({ intact: false, firstBroken: { id: 3, reason: 'missing_hash' }, brokenRows: 1, rows: 4 });
    for (const d of [db, db2, db3]) await d.destroy();
  });

  it('refuses a second row after the same predecessor (no fork)', async () => {
    const db = await withRows(2);
    const last = await db.selectFrom('audit_log').selectAll().where('id', '=', 2).executeTakeFirstOrThrow();
    await expect(
      db
        .insertInto('audit_log')
        .values({ ...last, id: 3, hash: 'f'.repeat(64) })
        .execute(),
    ).rejects.toThrow(/UNIQUE|unique/i);
    await db.destroy();
  });

  it('rolls back with the caller’s transaction', async () => {
    const db = await withRows(1);
    await expect(
      db.transaction().execute(async (trx) => {
        await writeAudit(trx, { userId: null, action: 'test.rolled.back', entity: 'thing' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await countAudit(db)).toBe(1);
    await writeAudit(db, { userId: null, action: 'test.next', entity: 'thing' });
    expect((await verifyAuditChain(db)).intact).toBe(true);
    await db.destroy();
  });

  it('does not fork under concurrent writers: in one process and from other processes on the same file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-audit-'));
    const file = path.join(dir, 'audit.sqlite');
    const db = openDatabase({ url: `file:${file}` });
    try {
      await migrateToLatest(db);
      const local = Promise.all(Array.from({ length: 40 }, (_, i) => writeAudit(db, { userId: null, action: 'test.local', entity: 'thing', entityId: i })));
      const others = ['a', 'b', 'c'].map((tag) => run(TSX, [path.join(here, 'audit-writer.fixture.ts'), file, '40', tag], { cwd: here }));
      await Promise.all([local, ...others]);
      const report = await verifyAuditChain(db);
      expect(report).toMatchObject({ intact: true, rows: 160, brokenRows: 0 });
      const ids = (await db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => r.id);
      expect(ids).toEqual(Array.from({ length: 160 }, (_, i) => i + 1));
    } finally {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('chains the rows that existed before the migration, in id order', async () => {
    const names = Object.keys(migrations).sort();
    const previous = names[names.indexOf('2026-12-02T20-00-00_audit_chain') - 1]!;
    const db = openDatabase({ url: ':memory:' });
    const migrator = new Migrator({ db, provider: migrationProvider });
    const { error } = await migrator.migrateTo(previous);
    expect(error).toBeUndefined();
    const old = db as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
    for (let i = 1; i <= 5; i++) {
      await old
        .insertInto('audit_log')
        .values({
          at: `2026-01-0${i}T00:00:00.000Z`,
          user_id: null,
          action: 'old.row',
          entity: 'thing',
          entity_id: String(i),
          cycle_id: null,
          before: null,
          after: `{"n":${i}}`,
        })
        .execute();
    }
    await migrateToLatest(db);
    expect(await verifyAuditChain(db)).toMatchObject({ intact: true, rows: 5 });
    await writeAudit(db, { userId: null, action: 'new.row', entity: 'thing' });
    expect(await verifyAuditChain(db)).toMatchObject({ intact: true, rows: 6 });
    await db.destroy();
  });
});

describe('listAudit pages by id', () => {
  it('walks past 1,000 rows with beforeId and back with afterId, filtered or not', async () => {
    const db = await withRows(2500);
    const seen: number[] = [];
    let beforeId: number | undefined;
    for (;;) {
      const page = await listAudit(db, { limit: 1000, ...(beforeId ? { beforeId } : {}) });
      if (page.length === 0) break;
      seen.push(...page.map((r) => r.id));
      beforeId = page.at(-1)!.id;
    }
    expect(seen).toEqual(Array.from({ length: 2500 }, (_, i) => 2500 - i));

    const odd = await listAudit(db, { entity: 'odd', limit: 10, beforeId: 1001 });
    expect(odd.map((r) => r.id)).toEqual([1000, 998, 996, 994, 992, 990, 988, 986, 984, 982]);
    const newer = await listAudit(db, { entity: 'odd', limit: 3, afterId: 1000 });
    expect(newer.map((r) => r.id)).toEqual([1006, 1004, 1002]);
    expect(await countAudit(db, { entity: 'odd' })).toBe(1250);
    await db.destroy();
  });
});
