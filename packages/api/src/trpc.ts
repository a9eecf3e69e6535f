/**
 * The one initTRPC of the API. Every procedure declares the roles it allows in its meta
 * (`roles`), or `public: true`; a middleware on the base procedure enforces it and refuses any
 * procedure that declares neither (fail closed).
 */
import type { Role } from '@mqa/db';
import { ROLES } from '@mqa/rules';
import { initTRPC, TRPCError } from '@trpc/server';
import { z, ZodError } from 'zod';
import type { Context } from './context.ts';
import { apiError, domainText, LocalizedCause, type LocalizedText } from './errors.ts';

export interface Meta {
  /** Roles allowed to call the procedure. */
  roles?: readonly Role[];
  /** Callable without signing in. */
  public?: boolean;
  /** A mutation that changes no data any cached result reads (login, logout): the same as `changes: 'nothing'`. */
  keepsCache?: boolean;
  /**
   * What a successful mutation changes, for the result cache (see {@link CacheEffect}). Without
   * it every cycle's cached results are dropped, so leaving it out is never wrong, only slower.
   */
  changes?: CacheEffect;
  /**
   * A query whose answer depends only on the caller's role, its input, the data version and the
   * day: the HTTP host may keep its serialized response until the data changes.
   */
  cacheable?: boolean;
  /** Callable while the user must still replace a reset password (`auth.changePassword`, `auth.logout`). */
  duringPasswordChange?: boolean;
}

/**
 * What a mutation changes, as far as cached results are concerned:
 * - `'nothing'`: no data that any cached result or cacheable query reads (sign-in, feedback);
 * - `'ownDraft'`: only the caller's own unsubmitted score sheet — drafts (and reopened sheets)
 *   never count toward any result, and no cacheable query shows them;
 * - `{ cycleYear: 'year' }`: the data of one cycle, the one whose year is that input field;
 * - `{ cycleOfApplication: 'applicationId' }`: the data of the cycle of the application whose id
 *   is that input field.
 * When the cycle cannot be determined (a missing or odd input, an unknown application), every
 * cycle's results are dropped.
 */
export type CacheEffect = 'nothing' | 'ownDraft' | { cycleYear: string } | { cycleOfApplication: string };

function zodSummary(error: ZodError): LocalizedText {
  const first = error.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`);
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3})` : '';
  return {
    zh: `输入无效：${first.join('；')}${more}`,
    en: `Invalid input: ${first.join('; ')}${more}`,
  };
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // Stack traces only in development; a production error never shows a path of the server.
    isDev: process.env.NODE_ENV === 'development',
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      let i18n: LocalizedText;
      let details: Record<string, unknown> | null = null;
      let zodError: ReturnType<typeof z.flattenError> | null = null;
      if (cause instanceof ZodError) {
        i18n = zodSummary(cause);
        zodError = z.flattenError(cause);
      } else if (cause instanceof LocalizedCause) {
        i18n = cause.i18n;
        details = cause.details ?? null;
      } else if (domainText(cause)) {
        i18n = domainText(cause)!;
      } else if (error.code === 'INTERNAL_SERVER_ERROR') {
        i18n = { zh: '服务器内部错误，请稍后重试或联系管理员。', en: 'Internal server error: please try again later or contact the administrator.' };
      } else {
        i18n = { zh: error.message, en: error.message };
      }
      return {
        ...shape,
        message: error.code === 'INTERNAL_SERVER_ERROR' ? i18n.en : cause instanceof ZodError ? i18n.en : shape.message,
        data: { ...shape.data, i18n, details, zodError },
      };
    },
  });

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;

const UNAUTHORIZED: LocalizedText = { zh: '请先登录。', en: 'Please sign in first.' };
const PASSWORD_CHANGE_REQUIRED: LocalizedText = {
  zh: '您的密码是秘书处设置的初始密码或重置后的临时密码，请先修改密码再继续操作。',
  en: 'Your password was set or reset by the secretariat: change it before doing anything else.',
};

/** The year of the one cycle a mutation changed, by its declared effect; null when unknown. */
async function changedCycle(ctx: Context, effect: Exclude<CacheEffect, string>, rawInput: unknown): Promise<number | null> {
  if (!rawInput || typeof rawInput !== 'object') return null;
  const input = rawInput as Record<string, unknown>;
  if ('cycleYear' in effect) {
    const year = input[effect.cycleYear];
    return typeof year === 'number' && Number.isInteger(year) && year >= 1000 && year <= 9999 ? year : null;
  }
  const id = input[effect.cycleOfApplication];
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return null;
  const row = await ctx.db
    .selectFrom('applications')
    .innerJoin('cycles', 'cycles.id', 'applications.cycle_id')
    .select('cycles.year as year')
    .where('applications.id', '=', id)
    .executeTakeFirst();
  return row?.year ?? null;
}

/** Drops the cached results a successful mutation may have changed (all of them unless its meta says less). */
async function invalidateAfter(ctx: Context, meta: Meta | undefined, getRawInput: () => Promise<unknown>): Promise<void> {
  const effect: CacheEffect | undefined = meta?.keepsCache ? 'nothing' : meta?.changes;
  if (effect === 'nothing' || effect === 'ownDraft') return;
  if (effect !== undefined) {
    let year: number | null = null;
    try {
      year = await changedCycle(ctx, effect, await getRawInput());
    } catch {
      // Unknown: drop everything below.
    }
    if (year !== null) return ctx.services.versions.dataChanged(ctx.db, ctx.services, year);
  }
  await ctx.services.versions.dataChanged(ctx.db, ctx.services);
}

/**
 * Enforces `meta.roles` / `meta.public`, and after every successful mutation drops the cached
 * results it may have changed (`meta.changes`; by default every cycle's).
 */
const guard = t.middleware(async ({ ctx, meta, next, type, path, getRawInput }) => {
  if (!meta?.public) {
    if (!meta?.roles || meta.roles.length === 0) {
      throw apiError('FORBIDDEN', {
        zh: `接口 ${path} 没有声明允许的角色，已拒绝访问。`,
        en: `Procedure ${path} declares no allowed roles, so it is refused.`,
      });
    }
    if (!ctx.user) throw apiError('UNAUTHORIZED', UNAUTHORIZED);
    if (!meta.roles.includes(ctx.user.role)) {
      throw apiError('FORBIDDEN', {
        zh: `当前角色（${ROLE_NAMES[ctx.user.role].zh}）无权执行此操作。`,
        en: `Your role (${ROLE_NAMES[ctx.user.role].en}) may not do this.`,
      });
    }
    if (ctx.user.mustChangePassword && !meta.duringPasswordChange) throw apiError('FORBIDDEN', PASSWORD_CHANGE_REQUIRED, { passwordChangeRequired: true });
  }
  const result = await next();
  if (!result.ok && isOutOfRange(result.error.cause)) throw apiError('BAD_REQUEST', OUT_OF_RANGE);
  if (type === 'mutation' && result.ok) await invalidateAfter(ctx, meta, getRawInput);
  return result;
});

const OUT_OF_RANGE: LocalizedText = {
  zh: '输入的数值超出允许范围（例如编号过大）。',
  en: 'A number in the request is out of range (for example an id that is too large).',
};

/**
 * A number the database cannot hold (PostgreSQL's `numeric_value_out_of_range`, 22003: an id
 * above 2³¹ − 1 in an integer column; SQLite stores any 64-bit integer): the caller's mistake,
 * answered as a bad request, not as a server error.
 */
function isOutOfRange(cause: unknown): boolean {
  return typeof cause === 'object' && cause !== null && (cause as { code?: unknown }).code === '22003';
}

/** The roles' names (the vocabulary of @mqa/rules). */
export const ROLE_NAMES: Readonly<Record<Role, LocalizedText>> = ROLES;

const base = t.procedure.use(guard);

/** Callable by anyone (sign-in, demo information). */
export const publicProcedure = base.meta({ public: true });

/** Callable by the given roles only. */
export function allow(...roles: readonly Role[]) {
  return base.meta({ roles });
}

export { TRPCError };
