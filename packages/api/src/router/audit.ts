/**
 * The audit trail (Art. 26): every change to scores, weights and decisions, newest first, paged
 * by id (keyset: `beforeId` for the next, older page, `afterId` for the previous, newer one), and
 * the state of its hash chain.
 */
import { listAudit, verifyAuditChain } from '@mqa/db';
import { z } from 'zod';
import { allow } from '../trpc.ts';
import { SECRETARIAT } from './roles.ts';

function parse(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

export const auditRouter = {
  list: allow(...SECRETARIAT)
    .input(
      z
        .object({
          entity: z.string().trim().min(1).max(64).optional(),
          entityId: z.union([z.string().trim().min(1).max(64), z.number().int()]).optional(),
          limit: z.number().int().min(1).max(1000).default(100),
          /** Only rows older than this id (the next page: the last id of the current one). */
          beforeId: z.number().int().positive().optional(),
          /** Only rows newer than this id (the previous page: the first id of the current one). */
          afterId: z.number().int().nonnegative().optional(),
        })
        .refine((v) => v.beforeId === undefined || v.afterId === undefined, {
          message: 'Give beforeId or afterId, not both (只能指定 beforeId 或 afterId 之一)',
        })
        .optional(),
    )
    .query(async ({ ctx, input }) => {
      const rows = await listAudit(ctx.db, {
        ...(input?.entity ? { entity: input.entity } : {}),
        ...(input?.entityId !== undefined ? { entityId: input.entityId } : {}),
        limit: input?.limit ?? 100,
        ...(input?.beforeId !== undefined ? { beforeId: input.beforeId } : {}),
        ...(input?.afterId !== undefined ? { afterId: input.afterId } : {}),
      });
      const userIds = [...new Set(rows.map((r) => r.user_id).filter((id): id is number => id !== null))];
      const users = userIds.length ? await ctx.db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', 'in', userIds).execute() : [];
      const userById = new Map(users.map((u) => [u.id, u]));
      return rows.map((r) => {
        const u = r.user_id !== null ? userById.get(r.user_id) : undefined;
        return {
          id: r.id,
          at: r.at,
          user: u ? { id: u.id, username: u.username, displayName: u.display_name } : null,
          action: r.action,
          entity: r.entity,
          entityId: r.entity_id,
          cycleId: r.cycle_id,
          before: parse(r.before),
          after: parse(r.after),
        };
      });
    }),

  /**
   * Recomputes the whole hash chain (as `pnpm audit:verify` does): intact, or the first row that
   * does not verify and why, with the number of rows and the head.
   */
  chain: allow(...SECRETARIAT).query(async ({ ctx }) => {
    const report = await verifyAuditChain(ctx.db);
    return { ...report, checkedAt: ctx.services.now().toISOString() };
  }),
};
