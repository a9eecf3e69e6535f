/**
 * Benchmarks of the scoring core (`pnpm bench`). Prints medians over several runs and the machine;
 * writes nothing to disk. Data are synthetic, generated from a fixed seed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import {
  CATEGORY_IDS,
  DEFAULT_FLAG_THRESHOLD,
  DEFAULT_TRIM_PROPORTION,
  ITEM_IDS,
  categoryOf,
  createRng,
  defaultWeightSet,
  flipPoints,
  materialise,
  rankAcceptability,
  rescoreCycle,
  scoreCycle,
  scoreCycleColumnar,
  toColumnar,
  type ScoreRecord,
  type WeightSet,
} from '../src/index.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

// Collect garbage before each timed run so one run's garbage is not charged to the next
// (GC caused by a run's own allocations still counts). `--expose-gc` set at run time.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function time<T>(label: string, runs: number, fn: () => T, check?: (r: T) => void): number {
  const times: number[] = [];
  fn(); // warm-up
  for (let i = 0; i < runs; i++) {
    gc();
    const t0 = performance.now();
    const r = fn();
    times.push(performance.now() - t0);
    if (i === 0 && check) check(r);
  }
  const med = median(times);
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  console.log(`${label.padEnd(64)} median ${med.toFixed(1).padStart(7)} ms   (min ${lo.toFixed(1)}, max ${hi.toFixed(1)}, ${runs} runs)`);
  return med;
}

/** Synthetic province-scale cycle: each application scored by 7 of 300 examiners on 23 items. */
function makeScores(nApps: number, nExaminersPerApp: number, seed: number): ScoreRecord[] {
  const rng = createRng(seed);
  const examinerPool = Array.from({ length: 300 }, (_, i) => `E${String(i + 1).padStart(4, '0')}`);
  const bias = examinerPool.map(() => (rng.next() - 0.5) * 20);
  const appIds = Array.from({ length: nApps }, (_, i) => `A${String(i + 1).padStart(6, '0')}`);
  const out: ScoreRecord[] = [];
  for (let a = 0; a < nApps; a++) {
    const quality = 20 + rng.next() * 65;
    const start = Math.floor(rng.next() * examinerPool.length);
    for (let e = 0; e < nExaminersPerApp; e++) {
      const ex = (start + e * 37) % examinerPool.length;
      for (const itemId of ITEM_IDS) {
        const raw = quality + bias[ex]! + rng.normal() * 8;
        const percent = Math.min(100, Math.max(0, Math.round(raw / 5) * 5));
        out.push({ applicationId: appIds[a]!, examinerId: examinerPool[ex]!, itemId, percent });
      }
    }
  }
  return out;
}

/** The straightforward implementation (objects, string keys, a Map of arrays) for comparison. */
function naiveTrimmed(scores: ScoreRecord[], weights: WeightSet) {
  const cells = new Map<string, number[]>();
  for (const s of scores) {
    const k = `${s.applicationId}|${s.itemId}`;
    const list = cells.get(k);
    if (list) list.push(s.percent);
    else cells.set(k, [s.percent]);
  }
  const totals = new Map<string, number>();
  for (const [k, list] of cells) {
    const [app, item] = k.split('|') as [string, string];
    const sorted = [...list].sort((a, b) => a - b);
    const cut = Math.floor(0.2 * sorted.length);
    const kept = sorted.slice(cut, sorted.length - cut);
    const pct = kept.reduce((a, b) => a + b, 0) / kept.length;
    totals.set(app, (totals.get(app) ?? 0) + (weights.points[item]! * pct) / 100);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/**
 * The same cycle through a vectorised pandas pipeline (bench/pandas_pipeline.py), in the same run:
 * the scores go to a temporary folder as int32 columns, Python times its pipeline on a DataFrame
 * already in memory (reading excluded), and its ten leaders are checked against scoreCycle's.
 * Needs a python3 with pandas (`apt-get install python3-pandas`, or MQA_PYTHON=<python>); without
 * one the comparison is skipped and says so.
 */
function comparePandas(objectMs: number): void {
  const python = [process.env.MQA_PYTHON, '/usr/bin/python3', 'python3'].find(
    (p) => p !== undefined && spawnSync(p, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0,
  );
  if (python === undefined) {
    console.log('pandas comparison skipped: no python3 with pandas found (apt-get install python3-pandas, or set MQA_PYTHON)');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-pandas-'));
  try {
    const appIndex = new Map<string, number>();
    const exIndex = new Map<string, number>();
    const itemIndex = new Map(ITEM_IDS.map((id, i) => [id, i]));
    const cols = {
      app: new Int32Array(scores.length),
      ex: new Int32Array(scores.length),
      item: new Int32Array(scores.length),
      pct: new Int32Array(scores.length),
    };
    scores.forEach((s, i) => {
      if (!appIndex.has(s.applicationId)) appIndex.set(s.applicationId, appIndex.size);
      if (!exIndex.has(s.examinerId)) exIndex.set(s.examinerId, exIndex.size);
      cols.app[i] = appIndex.get(s.applicationId)!;
      cols.ex[i] = exIndex.get(s.examinerId)!;
      cols.item[i] = itemIndex.get(s.itemId)!;
      cols.pct[i] = s.percent;
    });
    for (const [name, arr] of Object.entries(cols)) fs.writeFileSync(path.join(dir, `${name}.i32`), Buffer.from(arr.buffer));
    const meta = {
      points: ITEM_IDS.map((id) => weights.points[id]!),
      category: ITEM_IDS.map((id) => CATEGORY_IDS.indexOf(categoryOf(id)!)),
      categories: CATEGORY_IDS.length,
      proportion: DEFAULT_TRIM_PROPORTION,
      flagThreshold: DEFAULT_FLAG_THRESHOLD,
    };
    fs.writeFileSync(path.join(dir, 'items.json'), JSON.stringify(meta));
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pandas_pipeline.py');
    const run = spawnSync(python, [script, dir, String(RUNS)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (run.status !== 0) throw new Error(`pandas pipeline failed: ${run.stderr}`);
    const out = JSON.parse(run.stdout) as { medianMs: number; times: number[]; pandas: string; leaders: { app: number; total: number }[] };
    const ids = [...appIndex.keys()];
    const ours = objectResult!.applications.slice(0, 10);
    out.leaders.forEach((l, i) => {
      if (Math.abs(l.total - ours[i]!.total) > 1e-9 || (ids[l.app] !== ours[i]!.id && Math.abs(l.total - ours[i]!.total) > 0))
        throw new Error(`pandas and scoreCycle disagree at rank ${i + 1}: ${ids[l.app]} ${l.total} vs ${ours[i]!.id} ${ours[i]!.total}`);
    });
    const lo = Math.min(...out.times);
    const hi = Math.max(...out.times);
    console.log(
      `${`pandas ${out.pandas} vectorised pipeline (same data, same results)`.padEnd(64)} median ${out.medianMs.toFixed(1).padStart(7)} ms   (min ${lo.toFixed(1)}, max ${hi.toFixed(1)}, ${out.times.length} runs)`,
    );
    console.log(`  scoreCycle is ${(out.medianMs / objectMs).toFixed(1)}× faster than pandas (medians of this run; target ≥ 10×)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const cpus = os.cpus();
console.log('@mqa/scoring benchmarks');
console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, node ${process.version}, ${os.platform()} ${os.arch()}`);
// Other work on the machine inflates timings: show the load so figures can be judged.
console.log(
  `load average (1/5/15 min): ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ')}`,
);
console.log(`runs per figure: ${RUNS} (median reported, after one warm-up run; heap collected before each run)\n`);

const weights = defaultWeightSet();
const N_APPS = 10_000;
const scores = makeScores(N_APPS, 7, 42);
console.log(
  `Province scale: ${N_APPS.toLocaleString('en')} applications × 7 examiners × 23 items = ${scores.length.toLocaleString('en')} scores, trimmed mean (p = 0.2)`,
);

const col = toColumnar({ scores });
let objectResult: ReturnType<typeof scoreCycle> | undefined;
const objectMs = time(
  'scoreCycle (object input → object output)',
  RUNS,
  () => scoreCycle({ weights, method: 'trimmed', scores }),
  (r) => {
    objectResult = r;
    if (r.applications.length !== N_APPS) throw new Error('wrong number of applications');
  },
);
time('scoreCycleColumnar (typed arrays of interned indices)', RUNS, () => scoreCycleColumnar({ weights, method: 'trimmed', scores: col.scores }));
time('  step: interning objects → columns (toColumnar)', RUNS, () => toColumnar({ scores }));
const colResult = scoreCycleColumnar({ weights, method: 'trimmed', scores: col.scores });
time('  step: columnar result → objects (materialise)', RUNS, () => materialise(colResult));
time('naive baseline (string keys, Map of arrays, per-cell sort)', Math.min(RUNS, 3), () => naiveTrimmed(scores, weights));

// Sanity: the fast path agrees with the naive baseline on the leader.
const naiveTop = naiveTrimmed(scores.slice(0, 23 * 7 * 50), weights)[0]!;
const fastTop = scoreCycle({ weights, method: 'trimmed', scores: scores.slice(0, 23 * 7 * 50) }).applications[0]!;
if (naiveTop[0] !== fastTop.id && Math.abs(naiveTop[1] - fastTop.total) > 1e-9) throw new Error('fast path disagrees with baseline');

comparePandas(objectMs);

console.log('\nWeight sensitivity');
const alt: WeightSet = { ...weights, id: 'alt', points: { ...weights.points, '4.7.4': 60, '4.4.2': 80 } };
time(`rescoreCycle (${N_APPS.toLocaleString('en')} applications under another weight set)`, RUNS, () => rescoreCycle(objectResult!, alt));
const small = scoreCycle({ weights, method: 'trimmed', scores: makeScores(200, 7, 7) });
time('rankAcceptability (200 candidates × 10,000 samples, κ = 100)', RUNS, () =>
  rankAcceptability(small.applications, { base: weights, samples: 10_000, seed: 1 }),
);
time('flipPoints (200 candidates × 7 categories)', RUNS, () => flipPoints(small.applications, weights));
