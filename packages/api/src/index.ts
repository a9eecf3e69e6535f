/** @mqa/api — tRPC v11 routers of the award platform. */
export { appRouter, createCaller, isCacheablePath, type AppRouter } from './root.ts';
// tRPC's inference helpers, for clients that cannot resolve @trpc/server themselves (the dashboard).
export type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
export { createContextInner, resolveSession, toSessionUser, type Context, type ContextInnerOptions, type SessionUser } from './context.ts';
export { createHttpContextFactory, clientAddress, type HttpContextOptions } from './http.ts';
export {
  createServices,
  ResultCache,
  LoginThrottle,
  DEFAULT_LOGIN_BACKOFF,
  type LoginBackoffOptions,
  type Services,
  type ServicesOptions,
} from './services/index.ts';
export { purgeExpired } from './auth/session.ts';
export { ensureAdminAccount, ensureDemoAccounts, DEMO_ACCOUNTS, DEMO_PASSWORD, ADMIN_USERNAME, type AdminAccount } from './bootstrap.ts';
export { hashPassword, verifyPassword } from './auth/password.ts';
export { SESSION_COOKIE, createUserSession, deleteUserSession, type UserSession } from './auth/session.ts';
export { apiError, LocalizedCause, type LocalizedText } from './errors.ts';
export type { Meta } from './trpc.ts';
export { ROLE_NAMES } from './trpc.ts';
// The vocabulary's role groups, for hosts that guard routes of their own (the file routes).
export { ROLE_GROUPS, type RoleGroup } from '@mqa/rules';
export { computeCycleResults, cycleResultsJson, type CycleResultsOptions, type ScoredCycle } from './domain/cycle.ts';
// The spreadsheet import/export core (templates, importers, annotated copies, the results workbook, HTTP handlers).
export {
  importScores,
  importApplications,
  importIndicators,
  handleIndicatorsTemplate,
  annotateWorkbook,
  exportCycleWorkbook,
  EXPORT_SHEET_NAMES,
  CycleNotFoundError,
  SpreadsheetFileError,
  MAX_IMPORT_BYTES,
  XLSX_MIME,
  handleSpreadsheetRequest,
  handleImport,
  readImportUpload,
  runImport,
  type SpreadsheetHttpContext,
  type ImportResponseBody,
  type ImportUpload,
  type ImportOptions,
  type ImportOutcome,
  type ImportResultBase,
  type ImportProblem,
  type ImportPhase,
  type ProgressCallback,
  type ProblemCode,
  type FileErrorCode,
  type FileFormat,
  type Lang,
  type ScoresImportResult,
  type ScoresPreview,
  type ApplicationsImportResult,
  type ApplicationsPreview,
  type IndicatorsImportResult,
  type IndicatorsPreview,
  type ImportKind,
  type ExportCycleOptions,
} from './spreadsheet/index.ts';
export { warmCache, warmHeavy, keepCacheWarm } from './domain/warm.ts';
// The rows of an import preview, for the dashboard's preview tables.
export type { ScoreRowPreview, ApplicationRowPreview, IndicatorRowPreview } from './spreadsheet/index.ts';
// Application materials as files (Art. 15, 29), for the host's upload and download routes.
export {
  detectFileType,
  MAX_MATERIAL_BYTES,
  MaterialRefusal,
  materialAccess,
  readMaterial,
  storeMaterial,
  TOO_LARGE_TEXT as TOO_LARGE_MATERIAL_TEXT,
  type MaterialUpload,
} from './domain/materials.ts';
