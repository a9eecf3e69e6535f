/** The follow-up migration keeps existing incidents, re-grading minor → general and major → larger. */
import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../connection.ts';
import { migrationProvider } from './index.ts';

describe('2026-12-02T40-00-00_followup', () => {
  it('maps the old grades, copies every incident with its id, and lets an incident concern an individual', async () => {
    const db = openDatabase({ url: ':memory:' });
    const migrator = new Migrator({ db, provider: migrationProvider });
    const names = Object.keys(await migrationProvider.getMigrations());
    const before = names[names.indexOf('2026-12-02T40-00-00_followup') - 1]!;
    const { error } = await migrator.migrateTo(before);
    expect(error).toBeUndefined();
    const any = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    await any
      .insertInto('organisations')
      .values({
        uscc: '91150602MA0N000001',
        name_zh: '示例',
        name_en: 'Demo',
        sector: 'coal_mining',
        district: '150602',
        founded_on: '2000-01-01',
        legal_person: 1,
      })
      .execute();
    const incident = {
      organisation_id: 1,
      occurred_on: '2024-01-01',
      reported_on: '2024-01-02',
      kind: 'safety_accident',
      description: 'x',
      review_status: 'none',
    };
    await any
      .insertInto('incidents')
      .values([
        { ...incident, severity: 'minor' },
        { ...incident, severity: 'major', review_status: 'open' },
      ])
      .execute();
    await migrateToLatest(db);
    const rows = await db.selectFrom('incidents').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.severity, r.review_status, r.organisation_id, r.individual_id])).toEqual([
      [1, 'general', 'none', 1, null],
      [2, 'larger', 'open', 1, null],
    ]);
    // New incidents continue the ids; an individual's incident has no organisation.
    const r = await db
      .insertInto('incidents')
      .values({
        organisation_id: null,
        occurred_on: '2024-02-01',
        reported_on: '2024-02-01',
        kind: 'violation',
        severity: 'major',
        description: 'y',
        review_status: 'none',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(r.id).toBe(3);
    await db.destroy();
  });
});
