/**
 * Uploaded files are read in a worker thread with a memory and a time limit, so a runaway file
 * (a zip bomb that slips past the container checks, a huge shared-strings table, a pathological
 * CSV) is stopped there and answered as a file error (`too_complex`), while the server goes on
 * answering everyone else. Validation against the database and the write stay on the main
 * thread, in one transaction, as before: a stopped read writes nothing.
 *
 * Settings (environment): `MQA_IMPORT_WORKER_MB` (heap limit of the reader, default 384 MB),
 * `MQA_IMPORT_WORKER_TIMEOUT_S` (default 120 s), `MQA_IMPORT_WORKERS` (readers at once, default 1;
 * `0` reads on the main thread, as before).
 */
import { WorkerLimitError, WorkerPool, reviveError, type WorkerErrorPayload } from '../workers/pool.ts';
import type { TableSpec } from './columns.ts';
import { readTable, type SheetTable } from './read.ts';
import { SpreadsheetFileError, type FileErrorCode, type ImportProblem, type LocalizedText } from './types.ts';

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

export interface ImportReaderSettings {
  workers: number;
  memoryMb: number;
  timeoutMs: number;
}

export function importReaderSettings(): ImportReaderSettings {
  return {
    workers: Math.floor(envNumber('MQA_IMPORT_WORKERS', 1)),
    memoryMb: Math.max(64, envNumber('MQA_IMPORT_WORKER_MB', 384)),
    timeoutMs: Math.max(1, envNumber('MQA_IMPORT_WORKER_TIMEOUT_S', 120)) * 1000,
  };
}

function revive(payload: WorkerErrorPayload): Error {
  if (payload.name === 'SpreadsheetFileError') {
    const f = payload.fields as { code: FileErrorCode; text: LocalizedText; problems?: ImportProblem[] };
    return new SpreadsheetFileError(f.code, f.text, f.problems ?? []);
  }
  return reviveError(payload);
}

let pool: { pool: WorkerPool; key: string } | null = null;

/** The reader pool for the current settings (rebuilt when they change, e.g. between tests). */
function readerPool(s: ImportReaderSettings): WorkerPool {
  const key = `${s.workers}|${s.memoryMb}|${s.timeoutMs}`;
  if (pool?.key === key) return pool.pool;
  void pool?.pool.close();
  pool = {
    key,
    pool: new WorkerPool({
      script: new URL('./parse-worker.ts', import.meta.url),
      size: s.workers,
      // The young generation is capped too, so the old-generation limit is what a runaway file hits.
      resourceLimits: { maxOldGenerationSizeMb: s.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(16, s.memoryMb / 8)) },
      timeoutMs: s.timeoutMs,
      revive,
    }),
  };
  return pool.pool;
}

/** Stops the reader workers (they never keep the process alive; for a clean shutdown). */
export async function closeImportReaders(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.pool.close();
}

function tooComplex(error: WorkerLimitError, s: ImportReaderSettings): SpreadsheetFileError {
  if (error.reason === 'timeout') {
    return new SpreadsheetFileError('too_complex', {
      zh: `读取该文件超过了时间上限（${Math.round(s.timeoutMs / 1000)} 秒），已停止读取，未写入任何数据。请检查文件内容，或拆分为多个文件后分别导入。`,
      en: `Reading this file took longer than the limit (${Math.round(s.timeoutMs / 1000)} s), so it was stopped and nothing was written. Check the file, or split it into several files and import them one by one.`,
    });
  }
  return new SpreadsheetFileError('too_complex', {
    zh: `读取该文件所需的内存超过了上限（${s.memoryMb} MB），已停止读取，未写入任何数据。文件可能含有解压后异常膨胀的内容（如压缩炸弹或超大的共享字符串表）；请从模板重新填写或另存后上传，或拆分为多个文件。`,
    en: `Reading this file needed more memory than the limit (${s.memoryMb} MB), so it was stopped and nothing was written. The file may hold content that inflates enormously (a zip bomb or a huge shared-strings table); fill in the template again or re-save the file, or split it into several files.`,
  });
}

/**
 * {@link readTable} in a reader worker (or on this thread with `MQA_IMPORT_WORKERS=0`): the same
 * table or the same {@link SpreadsheetFileError}; a read stopped by the worker's memory or time
 * limit is a `too_complex` file error. A throwing `onRows` aborts the import once the read returns.
 */
export async function readTableOffThread(buf: Buffer, spec: TableSpec, onRows: (done: number, total: number) => void | Promise<void>): Promise<SheetTable> {
  const s = importReaderSettings();
  if (s.workers === 0) return readTable(buf, spec, onRows);
  let progressError: unknown = null;
  let chain: Promise<void> = Promise.resolve();
  try {
    const table = await readerPool(s).run<SheetTable>(
      'readTable',
      { buffer: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), spec },
      {
        onProgress: (value) => {
          const [done, total] = value as [number, number];
          chain = chain.then(() => onRows(done, total)).catch((error: unknown) => void (progressError ??= error));
        },
      },
    );
    await chain;
    if (progressError !== null) throw progressError;
    return table;
  } catch (error) {
    if (error instanceof WorkerLimitError && error.reason !== 'crash') throw tooComplex(error, s);
    throw error;
  }
}
