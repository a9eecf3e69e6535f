/**
 * The compute worker pool of a server (services.compute): the heavy analytics (heavy.ts) run in
 * worker threads that open their own connection to the server's database.
 *
 * Settings (environment): `MQA_COMPUTE_WORKERS` (workers, default 1; `0`: compute on the main
 * thread), `MQA_COMPUTE_WORKER_MB` (heap limit per worker, default 4096 MB), `MQA_COMPUTE_TIMEOUT_S`
 * (longest computation, default 600 s), `MQA_COMPUTE_IDLE_S` (a worker idle this long is retired
 * and its memory returned, the next computation starting a fresh one; default 60 s, `0`: kept
 * for good). An in-memory SQLite database cannot be shared with a
 * worker: there is no pool then.
 */
import { PassThrough, type Readable } from 'node:stream';
import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { sqliteFilename, databaseKind, type Role } from '@mqa/db';
import { apiError, type LocalizedText } from '../errors.ts';
import { WorkerLimitError, WorkerPool, reviveError, type WorkerErrorPayload } from '../workers/pool.ts';
import { CycleNotFoundError } from '../spreadsheet/export.ts';
import type { Lang } from '../spreadsheet/types.ts';
import type { HeavyTask } from './heavy.ts';

export interface ComputeSettings {
  workers: number;
  memoryMb: number;
  timeoutMs: number;
  /** A worker idle this long is retired (0: kept); absent: the default, 60 s. */
  idleMs?: number;
}

function envNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/**
 * Seconds an idle compute worker is kept: long enough for the heavy queries of one visit to share
 * the cycle it loaded, short enough that a server nobody is asking gives the memory back (at
 * 10,000 applications the worker's cycle and caches are a few hundred MB).
 */
const DEFAULT_IDLE_S = 60;

export function computeSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ComputeSettings {
  return {
    workers: Math.floor(envNumber(env, 'MQA_COMPUTE_WORKERS', 1)),
    memoryMb: Math.max(256, envNumber(env, 'MQA_COMPUTE_WORKER_MB', 4096)),
    timeoutMs: Math.max(1, envNumber(env, 'MQA_COMPUTE_TIMEOUT_S', 600)) * 1000,
    idleMs: envNumber(env, 'MQA_COMPUTE_IDLE_S', DEFAULT_IDLE_S) * 1000,
  };
}

/** Whether a worker thread can open the database of `url` too (a file or PostgreSQL, not memory). */
export function shareableDatabase(url: string): boolean {
  return databaseKind(url) === 'postgres' || sqliteFilename(url) !== ':memory:';
}

/** A TRPCError as it travels from the worker (see worker.ts). */
export interface TravellingTrpcError {
  trpcCode: TRPC_ERROR_CODE_KEY;
  i18n?: LocalizedText;
  details?: Record<string, unknown>;
}

/** What the worker is asked for the results workbook (see spreadsheet/export.ts). */
export interface WorkbookTask {
  year: number;
  lang: Lang;
  audience: Role;
}

function revive(payload: WorkerErrorPayload): Error {
  if (payload.name === 'CycleNotFoundError') return new CycleNotFoundError(Number(payload.fields.year));
  if (payload.name === 'TRPCError') {
    const f = payload.fields as unknown as TravellingTrpcError;
    return f.i18n ? apiError(f.trpcCode, f.i18n, f.details) : new TRPCError({ code: f.trpcCode, message: payload.message });
  }
  return reviveError(payload);
}

export class ComputeWorkers {
  readonly pool: WorkerPool;
  readonly settings: ComputeSettings;

  constructor(databaseUrl: string, settings: ComputeSettings = computeSettingsFromEnv()) {
    this.settings = settings;
    this.pool = new WorkerPool({
      script: new URL('./worker.ts', import.meta.url),
      size: settings.workers,
      resourceLimits: { maxOldGenerationSizeMb: settings.memoryMb },
      timeoutMs: settings.timeoutMs,
      workerData: { databaseUrl },
      idleMs: settings.idleMs ?? DEFAULT_IDLE_S * 1000,
      revive,
    });
  }

  /** Runs a heavy computation in a worker; a worker stopped by its limits is an INTERNAL_SERVER_ERROR with a zh/en reason. */
  async run<T>(task: HeavyTask): Promise<T> {
    try {
      return await this.pool.run<T>('heavy', task);
    } catch (error) {
      if (!(error instanceof WorkerLimitError)) throw error;
      const why =
        error.reason === 'memory'
          ? { zh: `超出了内存上限（${this.settings.memoryMb} MB）`, en: `it exceeded the memory limit (${this.settings.memoryMb} MB)` }
          : error.reason === 'timeout'
            ? {
                zh: `超出了时间上限（${Math.round(this.settings.timeoutMs / 1000)} 秒）`,
                en: `it exceeded the time limit (${Math.round(this.settings.timeoutMs / 1000)} s)`,
              }
            : { zh: '计算进程意外终止', en: 'the computing worker stopped unexpectedly' };
      throw apiError('INTERNAL_SERVER_ERROR', {
        zh: `${task.year} 年度的分析计算未能完成：${why.zh}。请稍后重试或联系管理员。`,
        en: `The analysis of the ${task.year} cycle could not be completed: ${why.en}. Try again later or ask the administrator.`,
      });
    }
  }

  /**
   * The results workbook written in a worker (scoring a large cycle and writing its sheets would
   * otherwise hold up every other request for as long): resolves once the cycle is scored, with
   * a stream of the bytes as the worker writes them; rejects with CycleNotFoundError, before any
   * byte, for an unknown year. The worker does not wait for a slow reader: what it has written
   * waits in this stream.
   */
  workbook(task: WorkbookTask): Promise<Readable> {
    const out = new PassThrough();
    return new Promise<Readable>((resolve, reject) => {
      let started = false;
      const onProgress = (value: unknown) => {
        if (value === 'start') {
          started = true;
          resolve(out);
        } else if (value instanceof Uint8Array) out.write(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
      };
      this.pool.run<null>('workbook', task, { onProgress }).then(
        () => {
          if (!started) resolve(out);
          out.end();
        },
        (error: unknown) => {
          if (started) out.destroy(error instanceof Error ? error : new Error(String(error)));
          else reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The server's compute workers for its database, or null (in-memory database, or `MQA_COMPUTE_WORKERS=0`). */
export function computeWorkersFor(databaseUrl: string | undefined, settings: ComputeSettings = computeSettingsFromEnv()): ComputeWorkers | null {
  if (!databaseUrl || settings.workers === 0 || !shareableDatabase(databaseUrl)) return null;
  return new ComputeWorkers(databaseUrl, settings);
}
