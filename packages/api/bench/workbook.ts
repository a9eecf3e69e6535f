/**
 * One results workbook (secretariat: every sheet), written as the server sends it — streamed
 * into a sink that only counts the bytes — in a process of its own, so that its peak RSS is the
 * workbook's alone. Run by `bench/scale.ts` for each size; prints one JSON line:
 * wall and CPU time (ms), peak RSS (MB, the process's maximum resident set), size (MB), and the
 * longest the event loop was held up while it ran (ms).
 *
 *   pnpm exec tsx bench/workbook.ts <sqlite file> [year=2025]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openDatabase } from '@mqa/db';
import { streamCycleWorkbook } from '../src/spreadsheet/export.ts';

const [file, year = '2025'] = process.argv.slice(2);
if (!file) throw new Error('usage: bench/workbook.ts <sqlite file> [year]');
const db = openDatabase({ url: `file:${file}` });
try {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const cpu = process.cpuUsage();
  const t = performance.now();
  const stream = await streamCycleWorkbook(db, Number(year), 'zh', { audience: 'secretariat' });
  // Only the writing: the scoring before it is one synchronous computation of the domain.
  delay.enable();
  await pipeline(stream, sink);
  delay.disable();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  console.log(
    JSON.stringify({
      ms: Math.round(ms),
      cpuMs: Math.round((used.user + used.system) / 1000),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      sizeMB: Math.round((bytes / 2 ** 20) * 10) / 10,
      maxLoopDelayMs: Math.round(delay.max / 1e6),
    }),
  );
} finally {
  await db.destroy();
}
