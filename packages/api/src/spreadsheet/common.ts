/** Plumbing shared by the importers: options, result envelope, progress, hashing. */
import { createHash } from 'node:crypto';
import { writeAudit, type DB } from '@mqa/db';
import { readTableOffThread } from './offload.ts';
import type { SheetTable } from './read.ts';
import { columnLetter, type TableSpec } from './columns.ts';
import {
  SpreadsheetFileError,
  type FileErrorCode,
  type FileFormat,
  type ImportPhase,
  type ImportProblem,
  type LocalizedText,
  type ProblemCode,
  type ProgressCallback,
} from './types.ts';

export interface ImportOptions {
  /** Original file name, recorded in the audit log. */
  fileName: string;
  /** The importing user (users.id), recorded in the audit log; null for a system import. */
  userId: number | null;
  /** Validate and preview only; never writes. */
  dryRun?: boolean;
  /** The cycle, when the file has no year column (or to check that it matches). */
  cycleYear?: number;
  onProgress?: ProgressCallback;
  /** Clock for timestamps (tests). */
  now?: () => Date;
}

/**
 * - `invalid`: the file is malformed (`fileError`) or has problems; nothing was written.
 * - `preview`: a dry run of a valid file; nothing was written.
 * - `unchanged`: a valid file that matches the database exactly; nothing was written.
 * - `committed`: the changes and one audit row were written in one transaction.
 */
export type ImportOutcome = 'invalid' | 'preview' | 'unchanged' | 'committed';

export interface ImportResultBase {
  fileName: string;
  /** SHA-256 of the uploaded bytes, hex. */
  fileHash: string;
  fileSize: number;
  format: FileFormat | null;
  /** The data sheet that was read. */
  sheet: string | null;
  dryRun: boolean;
  outcome: ImportOutcome;
  /** True when no file error and no problems. */
  ok: boolean;
  fileError: { code: FileErrorCode; message: LocalizedText } | null;
  problems: ImportProblem[];
  /** audit_log.id of the import, when committed. */
  auditId: number | null;
  timings: { parseMs: number; validateMs: number; writeMs: number };
}

export function sha256(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

export function fileErrorOf(err: SpreadsheetFileError): ImportResultBase['fileError'] {
  return { code: err.code, message: err.text };
}

/** Calls the user callback with a monotonic fraction; a throw propagates and aborts the import. */
export class Progress {
  private last = 0;
  constructor(private readonly cb: ProgressCallback | undefined) {}
  async report(fraction: number, phase: ImportPhase): Promise<void> {
    if (!this.cb) return;
    const f = Math.min(1, Math.max(this.last, fraction));
    this.last = f;
    await this.cb(f, phase);
  }
}

/** Builds row-level problems against one sheet. */
export class ProblemList {
  readonly items: ImportProblem[] = [];
  constructor(private readonly table: SheetTable) {}

  add(row: number | null, key: string | null, code: ProblemCode, message: LocalizedText): void {
    const col = key === null ? undefined : this.table.columnOf.get(key);
    this.items.push({
      sheet: this.table.sheetName,
      row,
      column: col === undefined ? null : columnLetter(col),
      header: col === undefined ? null : (this.table.headers[col] ?? null),
      code,
      message,
    });
  }
}

export function nowIso(opts: ImportOptions): string {
  return (opts.now ? opts.now() : new Date()).toISOString();
}

export async function cyclesByYear(db: DB, years: readonly number[]) {
  if (years.length === 0) return new Map<number, { id: number; year: number; phase: string }>();
  const rows = await db
    .selectFrom('cycles')
    .select(['id', 'year', 'phase'])
    .where('year', 'in', [...years])
    .execute();
  return new Map(rows.map((r) => [r.year, r]));
}

export function chunks<T>(arr: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < arr.length; i += size) out.push(arr.slice(i, i + size));
  return out;
}

/** The result envelope before anything has been read: outcome `invalid` until proven otherwise. */
export function emptyImportResult(buf: Buffer, opts: ImportOptions): ImportResultBase {
  return {
    fileName: opts.fileName,
    fileHash: sha256(buf),
    fileSize: buf.byteLength,
    format: null,
    sheet: null,
    dryRun: Boolean(opts.dryRun),
    outcome: 'invalid',
    ok: false,
    fileError: null,
    problems: [],
    auditId: null,
    timings: { parseMs: 0, validateMs: 0, writeMs: 0 },
  };
}

/**
 * Reads the data sheet (progress 0 → 0.5) in a reader worker (offload.ts). A malformed file is recorded on `result` as its
 * `fileError` and problems, and null comes back; any other error propagates.
 */
export async function parseImportFile(buf: Buffer, spec: TableSpec, result: ImportResultBase, progress: Progress): Promise<SheetTable | null> {
  await progress.report(0, 'parse');
  const t0 = performance.now();
  try {
    const table = await readTableOffThread(buf, spec, (done, total) => progress.report((0.5 * done) / Math.max(total, done), 'parse'));
    result.format = table.format;
    result.sheet = table.sheetName;
    return table;
  } catch (err) {
    if (!(err instanceof SpreadsheetFileError)) throw err;
    result.fileError = fileErrorOf(err);
    result.problems = err.problems;
    return null;
  } finally {
    result.timings.parseMs = performance.now() - t0;
  }
}

/** The one audit row of a committed import (Art. 26): who imported which file, with its counts. */
export async function insertImportAudit(
  trx: DB,
  entry: {
    kind: 'scores' | 'applications' | 'indicators';
    at: string;
    opts: ImportOptions;
    result: ImportResultBase;
    table: SheetTable;
    cycleIds: readonly number[];
    preview: { cycles: unknown; counts: unknown };
  },
): Promise<number> {
  const { kind, at, opts, result, table, cycleIds, preview } = entry;
  return writeAudit(trx, {
    at,
    userId: opts.userId,
    action: `import.${kind}`,
    entity: kind,
    entityId: result.fileHash.slice(0, 16),
    cycleId: cycleIds.length === 1 ? (cycleIds[0] ?? null) : null,
    after: {
      fileName: opts.fileName,
      fileHash: result.fileHash,
      fileSize: result.fileSize,
      format: table.format,
      sheet: table.sheetName,
      cycles: preview.cycles,
      counts: preview.counts,
    },
  });
}
