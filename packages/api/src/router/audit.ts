/**
 * The audit trail (Art. 26): every change to scores, weights and decisions, newest first, paged
 * by id (keyset: `beforeId` for the next, older page, `afterId` for the previous, newer one), and
 * the state of its hash chain.
 */
import { listAudit, verifyAuditChain, type DB } from '@mqa/db';
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

/** Entities whose rows belong to one application, with the table that says which. */
const OWNED_BY_APPLICATION = {
  conflict: 'conflicts',
  objection: 'objections',
  committee_decision: 'committee_decisions',
  award: 'awards',
  feedback: 'feedback',
} as const;
/** Entities whose id starts with the application's id (`<applicationId>:<examinerId>:<stage>`). */
const KEYED_BY_APPLICATION = new Set(['score_sheet', 'consensus', 'consensus_opening']);

const asId = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 && n <= 2 ** 31 - 1 ? n : null;
};

/** The application ids a row's before/after name in an `applicationId` field (top level). */
function mentionedApplications(...values: unknown[]): number[] {
  const out: number[] = [];
  for (const v of values) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const id = asId((v as Record<string, unknown>).applicationId);
      if (id !== null) out.push(id);
    }
  }
  return out;
}

/**
 * For a page of audit rows: the application each row is about (its id, by the entity), and the
 * codes of every application the page names, so the log reads "2025-903", not "#187".
 */
async function applicationsOfRows(
  db: DB,
  rows: readonly { entity: string; entity_id: string | null; before: unknown; after: unknown }[],
): Promise<{ subject: (number | null)[]; codes: Map<number, string> }> {
  const owned = new Map<string, Set<number>>();
  for (const r of rows) {
    const table = OWNED_BY_APPLICATION[r.entity as keyof typeof OWNED_BY_APPLICATION];
    const id = asId(r.entity_id);
    if (table && id !== null) (owned.get(table) ?? owned.set(table, new Set()).get(table)!).add(id);
  }
  const ownerOf = new Map<string, number>();
  for (const [table, ids] of owned) {
    const found = await db
      .selectFrom(table as 'conflicts')
      .select(['id', 'application_id'])
      .where('id', 'in', [...ids])
      .execute();
    for (const f of found) ownerOf.set(`${table}:${f.id}`, f.application_id);
  }
  const subject = rows.map((r) => {
    if (r.entity === 'application') return asId(r.entity_id);
    if (KEYED_BY_APPLICATION.has(r.entity)) return asId(r.entity_id?.split(':')[0]);
    const table = OWNED_BY_APPLICATION[r.entity as keyof typeof OWNED_BY_APPLICATION];
    const id = asId(r.entity_id);
    return table && id !== null ? (ownerOf.get(`${table}:${id}`) ?? null) : null;
  });
  const ids = new Set<number>(subject.filter((id): id is number => id !== null));
  for (const r of rows) for (const id of mentionedApplications(r.before, r.after)) ids.add(id);
  const codes = new Map<number, string>();
  const list = [...ids];
  for (let i = 0; i < list.length; i += 500) {
    const found = await db
      .selectFrom('applications')
      .select(['id', 'code'])
      .where('id', 'in', list.slice(i, i + 500))
      .execute();
    for (const a of found) codes.set(a.id, a.code);
  }
  return { subject, codes };
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
      const parsed = rows.map((r) => ({ ...r, before: parse(r.before), after: parse(r.after) }));
      const { subject, codes } = await applicationsOfRows(ctx.db, parsed);
      return parsed.map((r, i) => {
        const u = r.user_id !== null ? userById.get(r.user_id) : undefined;
        const appId = subject[i] ?? null;
        const named = mentionedApplications(r.before, r.after).filter((id) => codes.has(id));
        return {
          id: r.id,
          at: r.at,
          user: u ? { id: u.id, username: u.username, displayName: u.display_name } : null,
          action: r.action,
          entity: r.entity,
          entityId: r.entity_id,
          cycleId: r.cycle_id,
          before: r.before,
          after: r.after,
          /** The application the row is about (by its entity), with its code: "2025-903" rather than "#187". */
          ...(appId !== null && codes.has(appId) ? { application: { id: appId, code: codes.get(appId)! } } : {}),
          /** The codes of the applications its before/after name by id (`applicationId`). */
          ...(named.length ? { applicationCodes: Object.fromEntries(named.map((id) => [String(id), codes.get(id)!])) as Record<string, string> } : {}),
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
