/**
 * Shared types of the spreadsheet import/export core: problems, file errors, progress.
 * Every user-facing text is a `{ zh, en }` pair (Simplified Chinese first, English second).
 */

export interface LocalizedText {
  zh: string;
  en: string;
}

export type Lang = 'zh' | 'en';

/** Stable machine-readable codes of row-level problems. */
export type ProblemCode =
  | 'missing_value'
  | 'unknown_cycle'
  | 'cycle_mismatch'
  | 'frozen_cycle'
  | 'unknown_application'
  | 'application_inactive'
  | 'unknown_examiner'
  | 'examiner_name_mismatch'
  | 'unknown_item'
  | 'invalid_stage'
  | 'invalid_percent'
  | 'recused_examiner'
  | 'examiner_not_in_group'
  /** The row would change a submitted score sheet (reopen it first). */
  | 'sheet_submitted'
  | 'application_not_in_review'
  | 'duplicate_row'
  | 'invalid_uscc'
  | 'invalid_value'
  | 'invalid_date'
  | 'type_change'
  | 'duplicate_applicant'
  | 'unknown_award'
  | 'individual_award'
  | 'year_outside_followup'
  | 'out_of_range'
  | 'file_error';

/**
 * One problem in an imported file. `row` is the 1-based worksheet row (the header is row 1 in
 * the templates); `column` is the column letter (`F`) and `header` the header text as found in
 * the file. Both are null for a problem that concerns the whole sheet.
 */
export interface ImportProblem {
  sheet: string;
  row: number | null;
  column: string | null;
  header: string | null;
  code: ProblemCode;
  message: LocalizedText;
}

/** Codes of file-level errors: the file cannot be read as the expected spreadsheet at all. */
export type FileErrorCode =
  | 'too_large'
  | 'empty'
  | 'not_spreadsheet'
  | 'legacy_xls'
  | 'unsupported_zip'
  | 'zip_bomb'
  /** Reading it exceeded the reader's memory or time limit (offload.ts). */
  | 'too_complex'
  | 'wrong_sheet'
  | 'missing_columns'
  | 'duplicate_columns'
  | 'merged_cells'
  | 'formulas'
  | 'no_rows'
  | 'too_many_rows'
  | 'bad_encoding'
  | 'missing_cycle';

/**
 * Thrown by the readers for a file that is not a usable spreadsheet. `problems` pinpoints the
 * offending cells where that is possible (formulas, merged ranges, duplicate headers).
 */
export class SpreadsheetFileError extends Error {
  readonly code: FileErrorCode;
  readonly text: LocalizedText;
  readonly problems: ImportProblem[];

  constructor(code: FileErrorCode, text: LocalizedText, problems: ImportProblem[] = []) {
    super(`${text.en} (${text.zh})`);
    this.name = 'SpreadsheetFileError';
    this.code = code;
    this.text = text;
    this.problems = problems;
  }
}

/** Progress phases reported by the importers, in order. */
export type ImportPhase = 'parse' | 'validate' | 'write' | 'done';

/**
 * Progress callback: `fraction` grows monotonically from 0 to 1. Throwing (or rejecting) from it
 * aborts the import; if it happens during the write phase the transaction is rolled back.
 */
export type ProgressCallback = (fraction: number, phase: ImportPhase) => void | Promise<void>;

/** Detected format of an uploaded file. */
export type FileFormat = 'xlsx' | 'csv';
