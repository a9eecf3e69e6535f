/**
 * Parts of @mqa/api that its package entry does not export yet: the spreadsheet core (importers,
 * annotated copies, limits) and the session-token helpers that `auth.login` uses. Imported from
 * their source files in one place; when @mqa/api exports them, only this file changes.
 */
export {
  importScores,
  importApplications,
  annotateWorkbook,
  SpreadsheetFileError,
  MAX_IMPORT_BYTES,
  XLSX_MIME,
  type ImportPhase,
  type ImportProblem,
  type ImportResultBase,
  type Lang,
  type LocalizedText,
} from '../../../packages/api/src/spreadsheet/index.ts';
export { newSessionToken, sessionIdOf } from '../../../packages/api/src/auth/session.ts';
