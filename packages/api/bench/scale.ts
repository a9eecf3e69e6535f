/**
 * Scale benchmark (`pnpm bench`): one synthetic cycle of 1,000 and one of 10,000 applications
 * (7 examiners × 23 items each), built deterministically by the demo-data generator
 * (`seedDemo(db, { applications })`) in a temporary SQLite file that is deleted afterwards. For
 * each size it measures, in process, the dashboard's heavy queries:
 *
 *  - cold: a fresh result cache (the first request after a data change: load the cycle from
 *    SQLite, score it, shape the answer), median of BENCH_SCALE_COLD runs (default 3);
 *  - warm: the same query again on the same cache, median of 10 runs;
 *  - the answer's size as JSON and gzipped;
 *
 * then the results workbook for the secretariat (every sheet, streamed as the server sends it, in a
 * process of its own per run so its peak RSS is its own: `bench/workbook.ts`; median of
 * BENCH_SCALE_WORKBOOK runs, default 3), and prints the growth factors 10k / 1k (10 × the data:
 * linear work gives about 10).
 *
 *   pnpm exec tsx bench/scale.ts [sizes=1000,10000]
 *
 * MQA_BENCH_SCALE_DIR=<folder> keeps the databases there and reuses them on the next run
 * (for profiling: `node --cpu-prof --import tsx bench/scale.ts 10000`).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { migrateToLatest, openDatabase, seedDemo, type DB } from '@mqa/db';
import { createCaller, createContextInner, createServices } from '../src/index.ts';

const SIZES = (process.argv[2] ?? '1000,10000').split(',').map(Number);
const COLD_RUNS = Number(process.env.BENCH_SCALE_COLD ?? 3);
const WARM_RUNS = 10;
const WORKBOOK_RUNS = Number(process.env.BENCH_SCALE_WORKBOOK ?? 3);
const YEAR = 2025;
const SEED = 20251126;

const QUERIES = {
  'analytics.panel': (c: Caller) => c.analytics.panel({ year: YEAR }),
  'analytics.compare': (c: Caller) => c.analytics.compare({ year: YEAR }),
  'scoring.cycleResults': (c: Caller) => c.scoring.cycleResults({ year: YEAR }),
  'analytics.cycleOverview': (c: Caller) => c.analytics.cycleOverview({ year: YEAR }),
  // The bounded answers the dashboard asks for instead (issue 15: paged lists, the overview's
  // top, the compact re-ranking base), beside the whole-cycle answers they replace.
  'analytics.cycleOverview top 100': (c: Caller) => c.analytics.cycleOverview({ year: YEAR, top: 100 }),
  'analytics.ranking (page)': (c: Caller) => c.analytics.ranking({ year: YEAR }),
  'applications.list': (c: Caller) => c.applications.list({ year: YEAR }),
  'applications.page': (c: Caller) => c.applications.page({ year: YEAR }),
  'analytics.cycleMatrix': (c: Caller) => c.analytics.cycleMatrix({ year: YEAR }),
  'analytics.rerankBase': (c: Caller) => c.analytics.rerankBase({ year: YEAR }),
  // The panel bounded: a page of review groups with the cycle's summary, one group, the groups in brief.
  'analytics.panelPage': (c: Caller) => c.analytics.panelPage({ year: YEAR }),
  'analytics.panel one group': (c: Caller) => c.analytics.panel({ year: YEAR, groupIds: [sampleGroupId] }),
  'groups.summaries': (c: Caller) => c.groups.summaries({ year: YEAR }),
  // The consensus view (asked as the secretariat): the whole agenda it loaded, and a page of 100 rows and 100 applications.
  'scoring.consensusAgenda': (c: Caller) => c.scoring.consensusAgenda({ year: YEAR }),
  'scoring.consensusAgenda (page)': (c: Caller) => c.scoring.consensusAgenda({ year: YEAR, limit: 100, applicationsLimit: 100 }),
  // The overview's list of applications never ranked (one page), and the report's details of a shortlist of 20.
  'analytics.notRanked (page)': (c: Caller) => c.analytics.notRanked({ year: YEAR }),
  'analytics.candidateDetails': (c: Caller) => c.analytics.candidateDetails({ year: YEAR, ids: sampleApplicationIds }),
} as const;
/** A review group of the measured cycle (its middle one), for the one-group panel query. */
let sampleGroupId = 0;
/** Twenty applications of the measured cycle (the first by id), for the shortlist's details. */
let sampleApplicationIds: number[] = [];
type Caller = ReturnType<typeof createCaller>;
type QueryName = keyof typeof QUERIES;
/** Queries only the secretariat (or a group leader) may ask; the others are asked as a committee member. */
const AS_SECRETARIAT: ReadonlySet<QueryName> = new Set(['scoring.consensusAgenda', 'scoring.consensusAgenda (page)']);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function openScaleDatabase(n: number, dir: string): Promise<{ db: DB; seedMs: number | null }> {
  const file = path.join(dir, `scale-${n}-${SEED}.sqlite`);
  const reuse = fs.existsSync(file);
  const db = openDatabase({ url: `file:${file}` });
  await migrateToLatest(db);
  if (reuse) return { db, seedMs: null };
  const t = performance.now();
  await seedDemo(db, { seed: SEED, applications: n });
  return { db, seedMs: performance.now() - t };
}

interface WorkbookRun {
  ms: number;
  cpuMs: number;
  peakRssMB: number;
  sizeMB: number;
  maxLoopDelayMs: number;
}

/** One workbook in a fresh process (bench/workbook.ts), on the database file already written. */
function workbookRun(file: string): WorkbookRun {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'workbook.ts');
  const child = spawnSync(process.execPath, [...process.execArgv, script, file, String(YEAR)], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`bench/workbook.ts failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as WorkbookRun;
}

function callerFor(db: DB, services = createServices(), role: 'committee' | 'secretariat' = 'committee'): Caller {
  const user = { id: 1, username: 'bench', displayName: 'bench', role, examinerId: null };
  return createCaller(createContextInner({ db, services, user }));
}

interface Measure {
  coldMs: number;
  /** CPU time of the process during the cold run (all threads): steadier than wall time on a busy machine. */
  coldCpuMs: number;
  warmMs: number;
  jsonKB: number;
  gzipKB: number;
}

async function measure(db: DB, name: QueryName): Promise<Measure> {
  const query = QUERIES[name];
  const cold: number[] = [];
  const cpu: number[] = [];
  let answer: unknown;
  const role = AS_SECRETARIAT.has(name) ? 'secretariat' : 'committee';
  let caller = callerFor(db, undefined, role);
  for (let i = 0; i < COLD_RUNS; i++) {
    caller = callerFor(db, undefined, role);
    const c = process.cpuUsage();
    const t = performance.now();
    answer = await query(caller);
    cold.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  const warm: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    const t = performance.now();
    await query(caller);
    warm.push(performance.now() - t);
  }
  const json = Buffer.from(JSON.stringify(answer));
  return {
    coldMs: round(median(cold)),
    coldCpuMs: round(median(cpu)),
    warmMs: round(median(warm), 2),
    jsonKB: round(json.length / 1024),
    gzipKB: round(gzipSync(json).length / 1024),
  };
}

console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const keep = process.env.MQA_BENCH_SCALE_DIR;
const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-scale-'));
fs.mkdirSync(dir, { recursive: true });
const results = new Map<number, Record<QueryName, Measure>>();
const exports = new Map<number, WorkbookRun>();
try {
  for (const n of SIZES) {
    const { db, seedMs } = await openScaleDatabase(n, dir);
    try {
      const scores = await db
        .selectFrom('scores')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      console.log(
        `\n${n.toLocaleString('en')} applications, ${Number(scores.n).toLocaleString('en')} scores${seedMs === null ? ' (database reused)' : `, generated and written in ${(seedMs / 1000).toFixed(1)} s`}`,
      );
      const groups = await db
        .selectFrom('review_groups')
        .innerJoin('cycles', 'cycles.id', 'review_groups.cycle_id')
        .select('review_groups.id')
        .where('cycles.year', '=', YEAR)
        .orderBy('review_groups.id')
        .execute();
      sampleGroupId = groups[groups.length >> 1]!.id;
      sampleApplicationIds = (
        await db
          .selectFrom('applications')
          .innerJoin('cycles', 'cycles.id', 'applications.cycle_id')
          .select('applications.id')
          .where('cycles.year', '=', YEAR)
          .orderBy('applications.id')
          .limit(20)
          .execute()
      ).map((a) => a.id);
      const row = {} as Record<QueryName, Measure>;
      for (const name of Object.keys(QUERIES) as QueryName[]) {
        const m = await measure(db, name);
        row[name] = m;
        console.log(
          `  ${name.padEnd(26)} cold ${m.coldMs.toFixed(1).padStart(9)} ms (CPU ${m.coldCpuMs.toFixed(0).padStart(6)} ms)   warm ${m.warmMs.toFixed(2).padStart(8)} ms   JSON ${m.jsonKB.toFixed(1).padStart(9)} KB   gzip ${m.gzipKB.toFixed(1).padStart(8)} KB`,
        );
      }
      {
        const runs: WorkbookRun[] = [];
        for (let i = 0; i < WORKBOOK_RUNS; i++) runs.push(workbookRun(path.join(dir, `scale-${n}-${SEED}.sqlite`)));
        const m = (k: keyof WorkbookRun) => median(runs.map((r) => r[k]));
        const w = { ms: m('ms'), cpuMs: m('cpuMs'), peakRssMB: m('peakRssMB'), sizeMB: m('sizeMB'), maxLoopDelayMs: m('maxLoopDelayMs') };
        exports.set(n, w);
        console.log(
          `  ${'results workbook (.xlsx)'.padEnd(26)} ${w.ms.toFixed(0).padStart(9)} ms (CPU ${w.cpuMs.toFixed(0).padStart(6)} ms)   peak RSS ${w.peakRssMB.toFixed(0)} MB   ${w.sizeMB.toFixed(1)} MB   longest event-loop delay while writing ${w.maxLoopDelayMs.toFixed(0)} ms   (median of ${runs.length}: ${runs.map((r) => `${(r.ms / 1000).toFixed(1)} s / ${r.peakRssMB} MB`).join(', ')})`,
        );
      }
      results.set(n, row);
    } finally {
      await db.destroy();
    }
  }
} finally {
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
}

// Issue 15: no answer over ~500 KB gzipped at any cycle size.
for (const [n, row] of results) {
  const over = (Object.keys(row) as QueryName[]).filter((name) => row[name].gzipKB > 500).map((name) => `${name} (${row[name].gzipKB.toFixed(0)} KB)`);
  console.log(`\nover the payload budget (500 KB gzipped) at ${n.toLocaleString('en')}: ${over.join(', ') || 'none'}`);
}

const small = results.get(1000);
const large = results.get(10000);
if (small && large) {
  console.log('\ngrowth 10k / 1k (×10 data; linear ≈ 10)');
  for (const name of Object.keys(QUERIES) as QueryName[]) {
    const a = small[name];
    const b = large[name];
    console.log(
      `  ${name.padEnd(26)} cold ×${(b.coldMs / a.coldMs).toFixed(1).padStart(5)} (CPU ×${(b.coldCpuMs / a.coldCpuMs).toFixed(1).padStart(5)})   JSON ×${(b.jsonKB / a.jsonKB).toFixed(1).padStart(5)}`,
    );
  }
  const wa = exports.get(1000)!;
  const wb = exports.get(10000)!;
  console.log(
    `  ${'results workbook (.xlsx)'.padEnd(26)} ×${(wb.ms / wa.ms).toFixed(1).padStart(5)} (CPU ×${(wb.cpuMs / wa.cpuMs).toFixed(1).padStart(5)})   peak RSS ×${(wb.peakRssMB / wa.peakRssMB).toFixed(1)}`,
  );
}
