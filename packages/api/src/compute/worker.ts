/**
 * Worker script of {@link ComputeWorkers}: its own connection to the server's database and its own
 * result cache, kept in step with the main thread's data version (each task carries the cycle's
 * stamp; a newer one drops what this worker cached for that cycle, or everything).
 */
import { workerData } from 'node:worker_threads';
import { openDatabase } from '@mqa/db';
import { TRPCError } from '@trpc/server';
import { createContextInner } from '../context.ts';
import { LocalizedCause } from '../errors.ts';
import { createServices } from '../services/index.ts';
import { streamCycleWorkbook } from '../spreadsheet/export.ts';
import { serveTasks } from '../workers/serve.ts';
import { HEAVY, type HeavyTask } from './heavy.ts';
import type { TravellingTrpcError, WorkbookTask } from './workers.ts';

const { databaseUrl } = workerData as { databaseUrl: string };
const db = openDatabase({ url: databaseUrl, postgres: { poolMax: 2 } });
const services = createServices();
const ctx = createContextInner({ db, services });

let epoch: string | null = null;
const versions = new Map<number, string>();

/** Drops what this worker cached from data older than the main thread's `stamp` of `year`. */
function catchUp(year: number, stamp: string): void {
  const m = /^e(\d+)\|\d{4}\.(\d+)$/.exec(stamp);
  if (!m) {
    services.cache.bump();
    return;
  }
  if (epoch !== null && epoch !== m[1]) {
    services.cache.bump();
    versions.clear();
  } else if (versions.has(year) && versions.get(year) !== m[2]) {
    services.cache.bump(year);
  }
  epoch = m[1]!;
  versions.set(year, m[2]!);
}

serveTasks({
  // The results workbook, written here and sent to the main thread chunk by chunk as progress
  // ('start' once the cycle is scored, so an unknown year fails before any byte).
  workbook: async (task: WorkbookTask, progress) => {
    const stream = await streamCycleWorkbook(db, task.year, task.lang, { audience: task.audience });
    progress('start');
    for await (const chunk of stream) progress(chunk as Uint8Array);
    return null;
  },
  heavy: async (task: HeavyTask) => {
    catchUp(task.year, task.stamp);
    try {
      return await (HEAVY[task.op] as (c: typeof ctx, input: unknown) => Promise<unknown>)(ctx, task.input);
    } catch (error) {
      if (!(error instanceof TRPCError)) throw error;
      const cause = error.cause instanceof LocalizedCause ? error.cause : null;
      const fields: TravellingTrpcError = {
        trpcCode: error.code,
        ...(cause ? { i18n: cause.i18n, ...(cause.details ? { details: cause.details } : {}) } : {}),
      };
      throw Object.assign(new Error(error.message), { name: 'TRPCError' }, fields);
    }
  },
});
