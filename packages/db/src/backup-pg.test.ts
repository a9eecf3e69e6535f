import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupPostgres, postgresDumpTables, restorePostgres } from './backup-pg.ts';
import { createTestDatabaseUrl, migrateToLatest, openDatabase, testPostgresUrl } from './connection.ts';
import { databaseDigest } from './copy.ts';
import { seedDemo } from './seed/index.ts';

const pg = testPostgresUrl();
const hasTools = spawnSync('pg_dump', ['--version']).status === 0;
const why = !pg ? 'MQA_TEST_POSTGRES_URL is not set' : !hasTools ? 'pg_dump is not installed' : '';
if (why) console.log(`backup-pg.test: ${why}, so the PostgreSQL backup round trip is skipped (pnpm test:pg runs it).`);

describe('backups of a PostgreSQL installation', () => {
  it.skipIf(Boolean(why))(
    'pg_dump and pg_restore give back every table as it was at the backup (skipped without PostgreSQL)',
    async () => {
      const url = await createTestDatabaseUrl();
      const db = openDatabase({ url });
      await migrateToLatest(db);
      await seedDemo(db);
      const before = await databaseDigest(db);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-pgdump-')), 'mqa.dump');
      const done = backupPostgres(url, file);
      expect(done.bytes).toBeGreaterThan(1000);
      expect(postgresDumpTables(file)).toContain('scores');
      // Changes after the backup…
      await db.deleteFrom('feedback').execute();
      await db.updateTable('scores').set({ percent: 0 }).where('id', '<', 100).execute();
      await db.destroy();
      // …are undone by the restore (the servers are stopped meanwhile).
      restorePostgres(url, file);
      const back = openDatabase({ url });
      expect(await databaseDigest(back)).toEqual(before);
      await back.destroy();
    },
    300_000,
  );

  it.skipIf(!hasTools)('refuses a file that is not a dump of this platform, with the reason in zh and en', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-pgdump-')), 'not.dump');
    fs.writeFileSync(file, 'not a dump');
    expect(() => postgresDumpTables(file)).toThrow(/pg_restore failed/);
    expect(() => postgresDumpTables(`${file}.missing`)).toThrow(/No such file/);
  });
});
