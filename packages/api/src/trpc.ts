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
  /** A mutation that changes no scored data (login, logout): the result cache is kept. */
  keepsCache?: boolean;
  /**
   * A query whose answer depends only on the caller's role, its input, the data version and the
   * day: the HTTP host may keep its serialized response until the data changes.
   */
  cacheable?: boolean;
}

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

/**
 * Enforces `meta.roles` / `meta.public`, and bumps the data version after every successful
 * mutation that may change scored data.
 */
const guard = t.middleware(async ({ ctx, meta, next, type, path }) => {
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
  }
  const result = await next();
  if (type === 'mutation' && result.ok && !meta?.keepsCache) ctx.services.cache.bump();
  return result;
});

/** The roles' names (the vocabulary of @mqa/rules). */
export const ROLE_NAMES: Readonly<Record<Role, LocalizedText>> = ROLES;

const base = t.procedure.use(guard);

/** Callable by anyone (sign-in, demo information). */
export const publicProcedure = base.meta({ public: true });

/** Callable by the given roles only. */
export function allow(...roles: readonly Role[]) {
  return base.meta({ roles });
}

/** A signed-in user is present (after the guard, for procedures with roles). */
export function requireUser(ctx: Context) {
  if (!ctx.user) throw apiError('UNAUTHORIZED', UNAUTHORIZED);
  return ctx.user;
}

export { TRPCError };
