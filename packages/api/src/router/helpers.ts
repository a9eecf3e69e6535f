/** Small helpers shared by the routers of the award's measures. */
import { getApplicationSummary, getCycleById, type ApplicationSummary, type Cycle, type DB } from '@mqa/db';
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

export async function requireApplicationWithCycle(ctx: Context, id: number): Promise<{ app: ApplicationSummary; cycle: Cycle }> {
  const app = await requireApplication(ctx, id);
  return { app, cycle: (await getCycleById(ctx.db, app.cycle_id))! };
}

/**
 * Runs `fn` in one transaction with a context whose `db` is the transaction, so every write and
 * its audit entry commit (or roll back) together.
 */
export function inTransaction<T>(ctx: Context, fn: (tx: Context & { db: DB }) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute((tx) => fn({ ...ctx, db: tx }));
}
