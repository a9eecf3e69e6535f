/**
 * Spreadsheet import/export core: templates, validated and transactional imports of the
 * applications register and examiner score sheets, annotated copies of problem files, and the
 * cycle results workbook; plus framework-free HTTP handlers for the routes.
 */
export * from './types.ts';
export * from './limits.ts';
export { isCycleOpenForScores, PHASE_NAMES } from './cycle.ts';
export { SCORES_TABLE, APPLICATIONS_TABLE, SCORE_COLUMNS, APPLICATION_COLUMNS, FACT_COLUMNS, type ColumnSpec, type TableSpec } from './columns.ts';
export type { ImportOptions, ImportOutcome, ImportResultBase } from './common.ts';
export {
  importScores,
  parseStage,
  parseExaminerCode,
  examinerCode,
  STAGE_NAMES,
  type ScoresImportResult,
  type ScoresPreview,
  type ScoreRowPreview,
} from './scores-import.ts';
export {
  importApplications,
  CHANNEL_NAMES,
  APPLICANT_TYPE_NAMES,
  type ApplicationsImportResult,
  type ApplicationsPreview,
  type ApplicationRowPreview,
} from './applications-import.ts';
export {
  buildApplicationsTemplate,
  buildScoresTemplate,
  loadScoresTemplateCycle,
  INSTRUCTIONS_SHEET,
  LISTS_SHEET,
  type ScoresTemplateCycle,
} from './templates.ts';
export {
  importIndicators,
  buildIndicatorsTemplate,
  INDICATORS_TABLE,
  INDICATOR_COLUMNS,
  type IndicatorsImportResult,
  type IndicatorsPreview,
  type IndicatorRowPreview,
} from './indicators-import.ts';
export { annotateWorkbook, PROBLEMS_COLUMN_HEADER, PROBLEM_LIST_SHEET } from './annotate.ts';
export { exportCycleWorkbook, CycleNotFoundError, EXPORT_SHEET_NAMES, type ExportCycleOptions } from './export.ts';
export { readTable, detectFormat, type SheetTable, type RawRow, type Cell } from './read.ts';
export {
  handleSpreadsheetRequest,
  handleImport,
  readImportUpload,
  runImport,
  handleScoresTemplate,
  handleApplicationsTemplate,
  handleIndicatorsTemplate,
  handleCycleExport,
  XLSX_MIME,
  type SpreadsheetHttpContext,
  type ImportResponseBody,
  type ImportUpload,
  type ImportKind,
} from './http.ts';
