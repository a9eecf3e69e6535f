/**
 * Benchmarks of the award's rules (`pnpm bench`): the one selection function over a province-
 * scale cycle and the working-day arithmetic behind every deadline. Prints medians and the
 * machine; writes nothing. Data are synthetic, from a fixed seed.
 */
import os from 'node:os';
import { addWorkingDays, exclusionOf, selectCandidates, workingDaysBetween, type SelectionEntry } from '../src/index.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function time(label: string, fn: () => unknown): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  const med = median(times);
  console.log(
    `${label.padEnd(72)} median ${med.toFixed(2).padStart(8)} ms   (min ${Math.min(...times).toFixed(2)}, max ${Math.max(...times).toFixed(2)}, ${RUNS} runs)`,
  );
  return med;
}

/** A deterministic pseudo-random sequence (xorshift32). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
);

for (const n of [1_000, 10_000]) {
  const r = rng(19580);
  const withdrawn = exclusionOf({ status: 'withdrawn', eligibility: 'eligible', qualification: 'qualified' });
  const entries: SelectionEntry[] = Array.from({ length: n }, (_, i) => ({
    id: `A${i}`,
    total: Math.round((400 + r() * 500) * 100) / 100,
    priorityAreas: Math.floor(r() * 6),
    exclusion: r() < 0.05 ? withdrawn : null,
  }));
  time(`selectCandidates, ${n.toLocaleString('en')} candidates, cap 5, minimum 600, priority tie-break`, () =>
    selectCandidates(entries, { cap: 5, minTotal: 600, tieBreak: 'priorityAreas' }),
  );
}

const starts = Array.from({ length: 1_000 }, (_, i) => `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`);
time('addWorkingDays(+20) and workingDaysBetween for 1,000 deadlines (Art. 16-17)', () => {
  for (const s of starts) workingDaysBetween(s, addWorkingDays(s, 20));
});
