/**
 * Benchmark: 100,000 examiner score rows parsed, validated and imported (one transaction,
 * chunked multi-row upserts) from .xlsx and .csv. Run from packages/api:
 *
 *   pnpm exec tsx bench/import.ts [rows=100000] [runs=3]
 *
 * Prints the median of each measurement together with the machine it ran on.
 */
import os from 'node:os';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { createTestDatabase, seedDemo, type DB } from '@mqa/db';
import { makeUscc } from '@mqa/rules';
import { ITEM_IDS } from '@mqa/scoring';
import { importScores } from '../src/spreadsheet/index.ts';

const ROWS = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 3);
const YEAR = 2027;
const EXAMINERS_PER_APP = 10;

interface Bench {
  db: DB;
  userId: number;
}

/** A demo database plus an open 2027 cycle with enough applications for ROWS scores. */
async function fixture(): Promise<Bench & { apps: string[]; examiners: number[] }> {
  const db = await createTestDatabase();
  await seedDemo(db);
  const ws = await db.selectFrom('weight_sets').select('id').orderBy('id').executeTakeFirstOrThrow();
  const cycle = await db
    .insertInto('cycles')
    .values({
      year: YEAR,
      phase: 'material_review',
      award_cap: 5,
      min_total: 600,
      weight_set_id: ws.id,
      aggregation_method: 'consensus',
      aggregation_fallback: 'trimmed',
      flag_threshold: 30,
      call_opens: null,
      call_closes: null,
      applications_received: null,
      qualification_done: null,
      review_starts: null,
      review_ends: null,
      comment_starts: null,
      comment_ends: null,
      notice_starts: null,
      notice_ends: null,
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const nApps = Math.ceil(ROWS / (ITEM_IDS.length * 2 * EXAMINERS_PER_APP));
  const apps: string[] = [];
  for (let i = 0; i < nApps; i++) {
    const org = await db
      .insertInto('organisations')
      .values({
        uscc: makeUscc(`91150602MA${String(9000000 + i).padStart(7, '0')}`),
        name_zh: `基准测试组织 ${i}`,
        name_en: `Benchmark organisation ${i}`,
        sector: 'coal_mining',
        district: '150602',
        founded_on: '2010-01-01',
        legal_person: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const code = `${YEAR}-${String(i + 1).padStart(3, '0')}`;
    await db
      .insertInto('applications')
      .values({
        cycle_id: cycle.id,
        code,
        applicant_type: 'organisation',
        organisation_id: org.id,
        individual_id: null,
        channel: 'district_bureau',
        recommending_body: '基准测试',
        received_on: null,
        eligibility_facts: '{}',
        eligibility_status: 'pending',
        eligibility_failures: '[]',
        qualification_status: 'qualified',
        review_group_id: null,
        status: 'active',
        removed_reason: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    apps.push(code);
  }
  const examiners = (await db.selectFrom('examiners').select('id').orderBy('id').execute()).map((e) => e.id);
  // Only the members of an application's review group may score it (Art. 17): one group of every examiner.
  const group = await db
    .insertInto('review_groups')
    .values({ cycle_id: cycle.id, name_zh: '基准测试评审组', name_en: 'Benchmark group', leader_examiner_id: examiners[0]! })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('review_group_members')
    .values(examiners.map((id) => ({ review_group_id: group.id, examiner_id: id })))
    .execute();
  await db.updateTable('applications').set({ review_group_id: group.id }).where('cycle_id', '=', cycle.id).execute();
  const user = await db
    .insertInto('users')
    .values({ username: 'bench', display_name: 'bench', password_hash: 'x', role: 'secretariat', examiner_id: null, created_at: new Date().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { db, userId: user.id, apps, examiners };
}

function* rows(apps: string[], examiners: number[]): Generator<(string | number)[]> {
  let n = 0;
  for (let a = 0; a < apps.length; a++) {
    for (let k = 0; k < EXAMINERS_PER_APP; k++) {
      const ex = examiners[(a * 3 + k) % examiners.length]!;
      for (const stage of ['材料评审', '现场评审']) {
        for (let i = 0; i < ITEM_IDS.length; i++) {
          if (n++ >= ROWS) return;
          yield [YEAR, apps[a]!, `E${ex}`, stage, ITEM_IDS[i]!, ((a + k + i) % 21) * 5];
        }
      }
    }
  }
}

const HEADERS = ['年度', '申报编号', '评审员编号', '评审阶段', '条款', '得分百分比'];

async function xlsx(apps: string[], examiners: number[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on('end', resolve));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true });
  const ws = wb.addWorksheet('评分表');
  ws.addRow(HEADERS).commit();
  for (const r of rows(apps, examiners)) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}

function csv(apps: string[], examiners: number[]): Buffer {
  const lines = [HEADERS.join(',')];
  for (const r of rows(apps, examiners)) lines.push(r.join(','));
  return Buffer.from(lines.join('\n'));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = (x: number) => `${x.toFixed(0).padStart(6)} ms`;

async function main() {
  console.log(`Spreadsheet import benchmark — ${ROWS.toLocaleString('en')} score rows, median of ${RUNS} runs`);
  console.log(
    `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} ×${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}, node ${process.version}`,
  );
  const base = await fixture();
  const xbuf = await xlsx(base.apps, base.examiners);
  const cbuf = csv(base.apps, base.examiners);
  await base.db.destroy();
  console.log(`files: .xlsx ${(xbuf.byteLength / 2 ** 20).toFixed(1)} MiB, .csv ${(cbuf.byteLength / 2 ** 20).toFixed(1)} MiB`);

  const results: Record<string, number[]> = {};
  const record = (k: string, v: number) => (results[k] ??= []).push(v);
  for (let run = 0; run < RUNS; run++) {
    for (const [fmt, buf] of [
      ['xlsx', xbuf],
      ['csv', cbuf],
    ] as const) {
      const f = await fixture();
      let t = performance.now();
      const dry = await importScores(f.db, buf, { fileName: `bench.${fmt}`, userId: f.userId, dryRun: true });
      record(`${fmt} validate only (dry run)`, performance.now() - t);
      if (dry.problems.length > 0 || dry.fileError) throw new Error(JSON.stringify(dry.fileError ?? dry.problems.slice(0, 3)));
      t = performance.now();
      const res = await importScores(f.db, buf, { fileName: `bench.${fmt}`, userId: f.userId });
      const total = performance.now() - t;
      if (res.outcome !== 'committed' || res.preview?.counts.added !== ROWS) throw new Error(`unexpected outcome ${res.outcome}`);
      record(`${fmt} import (parse + validate + write)`, total);
      record(`${fmt}   parse`, res.timings.parseMs);
      record(`${fmt}   validate`, res.timings.validateMs);
      record(`${fmt}   write (1 transaction)`, res.timings.writeMs);
      t = performance.now();
      const again = await importScores(f.db, buf, { fileName: `bench.${fmt}`, userId: f.userId });
      record(`${fmt} re-import (unchanged)`, performance.now() - t);
      if (again.outcome !== 'unchanged') throw new Error('re-import changed something');
      await f.db.destroy();
    }
  }
  for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(40)} ${ms(median(v))}   (runs: ${v.map((x) => x.toFixed(0)).join(', ')})`);
  const worst = Math.max(median(results['xlsx import (parse + validate + write)']!), median(results['csv import (parse + validate + write)']!));
  console.log(`target ≤ 5000 ms for ${ROWS.toLocaleString('en')} rows: ${worst <= 5000 ? 'met' : 'NOT met'} (slowest median ${worst.toFixed(0)} ms)`);
}

await main();
