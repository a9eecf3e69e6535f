/**
 * Pure formatting of the import answers (@mqa/api's spreadsheet importer results, as the server
 * sends them): the problem table and the preview of what an import adds / changes.
 */
import type { ApplicationRowPreview, ApplicationsImportResult, ImportProblem, ScoreRowPreview, ScoresImportResult } from '@mqa/api';
import type { AppLocale } from '../i18n/index.ts';

export type { ImportProblem } from '@mqa/api';

/** The result of an import job (dry run or commit), as @mqa/api's importers return it. */
export type ImportResult = ScoresImportResult | ApplicationsImportResult;

/** One line of the problem table, in the UI language. */
export interface ProblemRow {
  key: string;
  sheet: string;
  /** Worksheet row number, or null for a problem of the whole sheet / file. */
  row: number | null;
  /** `F` or `F · 得分百分比`; empty for a problem of a whole row or sheet. */
  column: string;
  reason: string;
  code: string;
}

/** `A` → 1, `Z` → 26, `AA` → 27 (0 for anything else). */
export function columnNumber(letters: string | null): number {
  if (!letters || !/^[A-Z]+$/i.test(letters)) return 0;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/**
 * The problems as table rows in the UI language, file-level ones first, then by sheet (in the
 * order the file has them), row and column. When the file itself could not be read, its error is
 * shown on its own (`fileError`), so its copy among the problems (`file_error`) is left out.
 */
export function problemRows(problems: readonly ImportProblem[], locale: AppLocale, opts: { dropFileError?: boolean } = {}): ProblemRow[] {
  const sheetOrder = new Map<string, number>();
  for (const p of problems) if (!sheetOrder.has(p.sheet)) sheetOrder.set(p.sheet, sheetOrder.size);
  return problems
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !(opts.dropFileError && p.code === 'file_error'))
    .sort((a, b) => {
      const fa = a.p.row === null ? 0 : 1;
      const fb = b.p.row === null ? 0 : 1;
      if (fa !== fb) return fa - fb;
      const s = sheetOrder.get(a.p.sheet)! - sheetOrder.get(b.p.sheet)!;
      if (s !== 0) return s;
      const r = (a.p.row ?? 0) - (b.p.row ?? 0);
      if (r !== 0) return r;
      const c = columnNumber(a.p.column) - columnNumber(b.p.column);
      return c !== 0 ? c : a.i - b.i;
    })
    .map(({ p, i }) => ({
      key: `${i}`,
      sheet: p.sheet,
      row: p.row,
      column: p.column ? (p.header ? `${p.column} · ${p.header}` : p.column) : '',
      reason: locale === 'en' ? p.message.en : p.message.zh,
      code: p.code,
    }));
}

/** A value of the preview as text ('—' for nothing; long text shortened). */
export function showValue(v: unknown, max = 60): string {
  if (v === null || v === undefined || v === '') return '—';
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** One record of the preview with its field changes (old → new). */
export interface ChangeRow {
  key: string;
  row: number;
  subject: string;
  changes: { field: string; old: string; new: string }[];
}

/**
 * Score rows of the preview: the record is application / examiner / stage / item; the change is
 * the percentage (and the comment when it changes).
 */
export function scoreChangeRows(
  list: readonly ScoreRowPreview[],
  names: { stage: (s: ScoreRowPreview['stage']) => string; percent: string; comment: string },
): ChangeRow[] {
  return list.map((r) => {
    const changes: ChangeRow['changes'] = [];
    changes.push({ field: names.percent, old: r.oldPercent === null ? '—' : `${r.oldPercent}%`, new: `${r.newPercent}%` });
    if ((r.oldComment ?? null) !== (r.newComment ?? null)) {
      changes.push({ field: names.comment, old: showValue(r.oldComment, 40), new: showValue(r.newComment, 40) });
    }
    return {
      key: `${r.row}`,
      row: r.row,
      subject: `${r.application} · ${r.examiner} · ${names.stage(r.stage)} · ${r.item}`,
      changes,
    };
  });
}

/** Application rows of the preview: every changed field, named in the UI language when known. */
export function applicationChangeRows(list: readonly ApplicationRowPreview[], fieldName: (field: string) => string): ChangeRow[] {
  return list.map((r) => ({
    key: `${r.row}`,
    row: r.row,
    subject: `${r.code} ${r.name}`,
    changes: r.changes.map((c) => ({ field: fieldName(c.field), old: showValue(c.old), new: showValue(c.new) })),
  }));
}

/** Whether a finished dry run found nothing to add or change. */
export function previewIsEmpty(result: ImportResult | null | undefined): boolean {
  const c = result?.preview?.counts;
  return !!c && c.added === 0 && c.changed === 0;
}
