/**
 * Benchmarks of the database layer (`pnpm bench`): migrating an empty SQLite database and
 * writing the synthetic demo data (four cycles) into it. Prints medians and the machine; works
 * in memory, writes no file.
 */
import os from 'node:os';
import { createTestDatabase, seedDemo } from '../src/index.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function time(label: string, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  const med = median(times);
  console.log(
    `${label.padEnd(64)} median ${med.toFixed(1).padStart(8)} ms   (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}, ${RUNS} runs)`,
  );
  return med;
}

console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
);

await time('migrate an empty in-memory SQLite database', async () => {
  const db = await createTestDatabase();
  await db.destroy();
});
await time('migrate, then write the demo data (4 cycles, synthetic)', async () => {
  const db = await createTestDatabase();
  await seedDemo(db);
  await db.destroy();
});
