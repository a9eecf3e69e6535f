/**
 * Backup and restore round trip on a real WAL database file: an online backup while another
 * connection holds the database open and keeps writing, then a restore that gives back every
 * table row by row as it was at the backup, and the refusals.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError, backupDatabase, checkDatabaseFile, restoreDatabase } from './backup.ts';
import { migrateToLatest, openDatabase, type DB } from './connection.ts';
import { verifyAuditChain, writeAudit } from './repositories/audit.ts';
import { seedDemo } from './seed/index.ts';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const TSX = path.resolve(here, '../../../node_modules/.bin/tsx');

let dir: string;
let file: string;

/** Every table's rows, in rowid order (the migration table too). */
async function snapshot(db: DB): Promise<Record<string, unknown[]>> {
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db);
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables.rows) out[name] = (await sql.raw(`select * from "${name}" order by rowid`).execute(db)).rows;
  return out;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-backup-'));
  file = path.join(dir, 'mqa.sqlite');
  const db = openDatabase({ url: `file:${file}` });
  await migrateToLatest(db);
  await seedDemo(db);
  await db.destroy();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('db:backup and db:restore', () => {
  it('backs up online, and a restore gives back every table row by row as it was then', async () => {
    const live = openDatabase({ url: `file:${file}` });
    // A write that sits in the WAL (not yet checkpointed) must be in the copy.
    await writeAudit(live, { userId: null, action: 'test.before-backup', entity: 'thing', entityId: 1 });
    const atBackup = await snapshot(live);
    const copy = path.join(dir, 'copy.sqlite');
    const done = backupDatabase(file, copy);
    expect(done.tables.audit_log).toBe(atBackup.audit_log!.length);
    expect(done.pending).toEqual([]);

    // The database moves on after the backup.
    await writeAudit(live, { userId: null, action: 'test.after-backup', entity: 'thing', entityId: 2 });
    await live.updateTable('cycles').set({ award_cap: 3 }).execute();
    await live.deleteFrom('scores').where('percent', '<', 50).execute();

    // Refused while the database is open, and nothing is touched.
    expect(() => restoreDatabase(copy, file)).toThrow(BackupError);
    try {
      restoreDatabase(copy, file);
    } catch (e) {
      expect((e as BackupError).code).toBe('in_use');
      expect((e as BackupError).text.zh).toMatch(/停止服务器/);
    }
    expect(fs.readdirSync(dir).filter((f) => f.includes('before-restore'))).toEqual([]);
    const afterChange = await snapshot(live);
    await live.destroy();

    const restored = restoreDatabase(copy, file, new Date('2026-12-02T20:00:00Z'));
    expect(restored.previous).toBe(`${file}.before-restore-2026-12-02T20-00-00`);
    const db = openDatabase({ url: `file:${file}` });
    const back = await snapshot(db);
    expect(Object.keys(back)).toEqual(Object.keys(atBackup));
    for (const table of Object.keys(atBackup)) expect(back[table], table).toEqual(atBackup[table]);
    expect((await verifyAuditChain(db)).intact).toBe(true);
    await db.destroy();

    // The previous file was kept aside, complete (its WAL folded in).
    const kept = openDatabase({ url: `file:${restored.previous}` });
    expect(await snapshot(kept)).toEqual(afterChange);
    await kept.destroy();
  });

  it('refuses a file that is not a database of this schema, and leaves the database alone', () => {
    const before = fs.readFileSync(file);
    const junk = path.join(dir, 'junk.sqlite');
    fs.writeFileSync(junk, 'not a database at all, just some text '.repeat(200));
    expect(() => restoreDatabase(junk, file)).toThrow(expect.objectContaining({ code: 'not_a_database' }));

    const other = path.join(dir, 'other.sqlite');
    const o = new SQLite(other);
    o.exec('create table t(x)');
    o.close();
    expect(() => restoreDatabase(other, file)).toThrow(expect.objectContaining({ code: 'not_this_schema' }));

    const newer = path.join(dir, 'newer.sqlite');
    backupDatabase(file, newer);
    const n = new SQLite(newer);
    n.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('2099-01-01T00-00-00_future', new Date().toISOString());
    n.close();
    expect(() => checkDatabaseFile(newer)).toThrow(expect.objectContaining({ code: 'newer_schema' }));
    expect(() => restoreDatabase(newer, file)).toThrow(/newer version/);

    expect(() => restoreDatabase(path.join(dir, 'missing.sqlite'), file)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => backupDatabase(file, newer)).toThrow(expect.objectContaining({ code: 'exists' }));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('runs as pnpm scripts: db:backup writes the copy, audit:verify names a broken row, db:restore puts it back', async () => {
    const env = { ...process.env, DATABASE_URL: `file:${file}`, INIT_CWD: dir };
    const b = await run(TSX, [path.join(here, 'cli/backup.ts'), 'cli-copy.sqlite'], { cwd: here, env });
    expect(JSON.parse(b.stdout)).toMatchObject({ event: 'db.backup', file: path.join(dir, 'cli-copy.sqlite') });
    const ok = await run(TSX, [path.join(here, 'cli/audit-verify.ts')], { cwd: here, env });
    expect(JSON.parse(ok.stdout)).toMatchObject({ event: 'audit.verify', intact: true });

    const db = new SQLite(file);
    db.prepare(`update audit_log set after = '{"tampered":true}' where id = 1`).run();
    db.close();
    const broken = await run(TSX, [path.join(here, 'cli/audit-verify.ts')], { cwd: here, env }).catch((e: { code: number; stderr: string }) => e);
    expect((broken as { code: number }).code).toBe(1);
    expect(JSON.parse((broken as { stderr: string }).stderr)).toMatchObject({ intact: false, firstBroken: { id: 1, reason: 'hash_mismatch' } });
    expect((broken as { stderr: string }).stderr).toMatch(/broken at row 1/);

    const r = await run(TSX, [path.join(here, 'cli/restore.ts'), 'cli-copy.sqlite'], { cwd: here, env });
    expect(JSON.parse(r.stdout)).toMatchObject({ event: 'db.restore' });
    const again = await run(TSX, [path.join(here, 'cli/audit-verify.ts')], { cwd: here, env });
    expect(JSON.parse(again.stdout)).toMatchObject({ intact: true });
  });
});
