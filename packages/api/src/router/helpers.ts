/** Small helpers shared by the routers of the award's measures. */
import { getApplicationSummary, type ApplicationSummary, type DB } from '@mqa/db';
import { todayInChina } from '@mqa/rules';
import type { Context } from '../context.ts';
import { applicationNotFound } from '../errors.ts';

/** Today's date in China (UTC+8), from the services' clock. */
export function todayOf(ctx: Context): string {
  return todayInChina(ctx.services.now());
}

export function nowIso(ctx: Context): string {
  return ctx.services.now().toISOString();
}

export async function requireApplication(ctx: Context, id: number): Promise<ApplicationSummary> {
  const app = await getApplicationSummary(ctx.db, id);
  if (!app) throw applicationNotFound(id);
  return app;
}

/**
 * Runs `fn` in one transaction with a context whose `db` is the transaction, so every write and
 * its audit entry commit (or roll back) together.
 */
export function inTransaction<T>(ctx: Context, fn: (tx: Context & { db: DB }) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute((tx) => fn({ ...ctx, db: tx }));
}
