/** @mqa/api — tRPC v11 routers of the award platform. */
export { appRouter, createCaller, isCacheablePath, type AppRouter } from './root.ts';
export { createContextInner, resolveSession, toSessionUser, userFromCookie, type Context, type ContextInnerOptions, type SessionUser } from './context.ts';
export { createHttpContextFactory, clientAddress, type HttpContextOptions } from './http.ts';
export { createServices, ResultCache, LoginRateLimiter, type Services, type ServicesOptions } from './services/index.ts';
export { ensureAdminAccount, ensureDemoAccounts, DEMO_ACCOUNTS, DEMO_PASSWORD, ADMIN_USERNAME, type AdminAccount } from './bootstrap.ts';
export { hashPassword, verifyPassword } from './auth/password.ts';
export { SESSION_COOKIE } from './auth/session.ts';
export { apiError, LocalizedCause, type LocalizedText } from './errors.ts';
export type { Meta } from './trpc.ts';
export { ROLE_NAMES } from './trpc.ts';
export { handleSpreadsheetRequest, type SpreadsheetHttpContext } from './spreadsheet/http.ts';
export { warmCache, keepCacheWarm } from './domain/warm.ts';
