/** Fixtures for the spreadsheet tests (not a test file itself). */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestDatabase, seedDemo, type DB } from '@mqa/db';
import { ITEM_IDS } from '@mqa/scoring';
import { SCORE_COLUMNS } from './columns.ts';

export interface Fixture {
  db: DB;
  userId: number;
  /** The open demo cycle (material_review). */
  year: number;
  /** A finished (awarded) demo cycle. */
  frozenYear: number;
  /** Active 2025 applications with their review-group members that are not recused. */
  pairs: { appId: number; code: string; examinerId: number; nameZh: string }[];
  /** A recused (application, examiner) pair of the open cycle. */
  recused: { code: string; examinerId: number };
}

export async function setup(): Promise<Fixture> {
  const db = await createTestDatabase();
  await seedDemo(db);
  const user = await db
    .insertInto('users')
    .values({
      username: 'secretariat-test',
      display_name: '秘书处（测试）',
      password_hash: 'x',
      role: 'secretariat',
      examiner_id: null,
      created_at: '2025-06-01T00:00:00.000Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const cycle = await db.selectFrom('cycles').select(['id', 'year']).where('phase', '=', 'material_review').executeTakeFirstOrThrow();
  const frozen = await db.selectFrom('cycles').select(['year']).where('phase', '=', 'awarded').orderBy('year', 'desc').executeTakeFirstOrThrow();
  const pairs = (
    await sql<{ appId: number; code: string; examinerId: number; nameZh: string }>`
      select a.id as "appId", a.code as code, m.examiner_id as "examinerId", e.name_zh as "nameZh"
      from applications a
      join review_group_members m on m.review_group_id = a.review_group_id
      join examiners e on e.id = m.examiner_id
      where a.cycle_id = ${cycle.id} and a.status = 'active'
        and not exists (select 1 from conflicts c where c.application_id = a.id and c.examiner_id = m.examiner_id)
      order by a.code, m.examiner_id`.execute(db)
  ).rows;
  let recused = (
    await sql<{ code: string; examinerId: number }>`
      select a.code as code, c.examiner_id as "examinerId" from conflicts c
      join applications a on a.id = c.application_id where a.cycle_id = ${cycle.id} and a.status = 'active' limit 1`.execute(db)
  ).rows[0];
  if (!recused) {
    const p = pairs[0]!;
    await db
      .insertInto('conflicts')
      .values({ application_id: p.appId, examiner_id: p.examinerId, source: 'declared', reason: 'test', declared_at: '2025-06-01T00:00:00.000Z' })
      .execute();
    recused = { code: p.code, examinerId: p.examinerId };
    pairs.shift();
  }
  return { db, userId: user.id, year: cycle.year, frozenYear: frozen.year, pairs, recused };
}

export type ScoreRowInput = (string | number | null)[];

/** Score-file rows [year, code, examiner code, name, stage, item, percent, comment] in template column order. */
export const SCORE_KEYS = ['year', 'application', 'examiner', 'examiner_name', 'stage', 'item', 'percent', 'comment'] as const;

export function scoreHeaders(lang: 'zh' | 'en'): string[] {
  return SCORE_KEYS.map((k) => {
    const c = SCORE_COLUMNS.find((x) => x.key === k)!;
    return lang === 'zh' ? c.zh : c.en;
  });
}

export async function xlsxFile(rows: ScoreRowInput[], options: { headers?: string[]; sheetName?: string; extraSheets?: string[] } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of options.extraSheets ?? []) wb.addWorksheet(s).addRow(['说明 notes']);
  const ws = wb.addWorksheet(options.sheetName ?? '评分表');
  ws.addRow(options.headers ?? scoreHeaders('zh'));
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function csvFile(rows: ScoreRowInput[], headers = scoreHeaders('zh')): string {
  const esc = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [headers, ...rows].map((r) => r.map(esc).join(',')).join('\r\n');
}

/** `n` valid new score rows of the open cycle, for pairs that have no score yet at the `onsite` stage. */
export function onsiteRows(f: Fixture, n: number): ScoreRowInput[] {
  const rows: ScoreRowInput[] = [];
  for (const p of f.pairs) {
    for (const item of ITEM_IDS) {
      if (rows.length >= n) return rows;
      rows.push([f.year, p.code, `E${p.examinerId}`, p.nameZh, '现场评审', item, ((rows.length * 7) % 21) * 5, null]);
    }
  }
  return rows;
}

/** Row counts and a content digest of the tables an import can touch. */
export async function snapshot(db: DB) {
  const count = async (t: 'scores' | 'score_sheets' | 'audit_log' | 'applications' | 'organisations' | 'individuals' | 'application_priority_areas') =>
    Number(
      (
        await db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const scores = await db.selectFrom('scores').selectAll().orderBy('id').execute();
  const sheets = await db.selectFrom('score_sheets').selectAll().orderBy('application_id').orderBy('examiner_id').orderBy('stage').execute();
  const apps = await db.selectFrom('applications').selectAll().orderBy('id').execute();
  return {
    counts: {
      scores: await count('scores'),
      score_sheets: await count('score_sheets'),
      audit_log: await count('audit_log'),
      applications: await count('applications'),
      organisations: await count('organisations'),
      individuals: await count('individuals'),
      application_priority_areas: await count('application_priority_areas'),
    },
    digest: JSON.stringify([scores, sheets, apps]),
  };
}
