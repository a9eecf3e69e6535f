/**
 * People: the accounts of every role, their passwords, and the examiners' profiles (employer and
 * declared ties, which conflict detection under Art. 24 reads). Secretariat only; every change is
 * audited with its old and new values, never with a password or a hash.
 */
import {
  countEnabledAccounts,
  findAccountByUsernameFolded,
  findAccountOfExaminer,
  getAccount,
  getExaminerProfile,
  getOrganisationsByIds,
  insertExaminer,
  insertUser,
  listAccounts,
  listExaminerProfiles,
  listOpenAssignedApplicationIds,
  listOrganisationBriefs,
  listTieDetails,
  replaceExaminerTies,
  updateAccount,
  updateExaminerProfile,
  writeAudit,
  type AccountRow,
  type ExaminerProfileRow,
  type ExaminerTieDetail,
  type TieKind,
} from '@mqa/db';
import { ROLE_IDS, validateUscc } from '@mqa/rules';
import { z } from 'zod';
import { endSessionsOf } from '../auth/accounts.ts';
import { generatePassword, hashPassword } from '../auth/password.ts';
import { PASSWORD_MAX_LENGTH, passwordProblems, passwordProblemText } from '../auth/passwordPolicy.ts';
import type { Context } from '../context.ts';
import { recordDetected } from '../domain/conflicts.ts';
import { apiError, type LocalizedText } from '../errors.ts';
import { allow, ROLE_NAMES } from '../trpc.ts';
import { inTransaction, nowIso } from './helpers.ts';
import { idInput, plain } from './inputs.ts';
import { SECRETARIAT } from './roles.ts';

export const TIE_KINDS = ['employment', 'business', 'relative', 'other'] as const satisfies readonly TieKind[];

const usernameInput = z
  .string()
  .trim()
  .min(3, 'A username has at least 3 characters (用户名至少 3 个字符)')
  .max(64, 'A username has at most 64 characters (用户名最多 64 个字符)')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._@-]*$/,
    'A username uses letters, digits and . _ - @, starting with a letter or digit (用户名只能包含字母、数字及 . _ - @，并以字母或数字开头)',
  );
const displayNameInput = plain(
  z.string().trim().min(1, 'Enter a display name (请填写姓名)').max(128, 'A display name has at most 128 characters (姓名最多 128 个字符)'),
  'A display name',
  '姓名',
);
const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what} is too long (at most ${max} characters) (${what}过长)`)
    .nullish()
    .transform((v) => (v ? v : null));

const examinerProfileInput = z.object({
  nameZh: plain(z.string().trim().min(1, 'Enter the Chinese name (请填写中文姓名)').max(128), 'The Chinese name', '中文姓名'),
  nameEn: plain(z.string().trim().max(128).nullish(), 'The English name', '英文姓名'),
  employerName: plain(optionalText(255, 'Employer name'), 'Employer name', '工作单位'),
  employerUscc: optionalText(32, 'Employer USCC'),
  expertise: plain(optionalText(255, 'Expertise'), 'Expertise', '专业领域'),
});

const tieInput = z.object({
  organisationId: idInput,
  kind: z.enum(TIE_KINDS),
  note: optionalText(500, 'Note'),
});

function roleName(role: AccountRow['role']): LocalizedText {
  return { zh: ROLE_NAMES[role].zh, en: ROLE_NAMES[role].en };
}

/** The employer USCC checked with @mqa/rules (GB 32100-2015), upper-cased; null when none was given. */
function checkedUscc(value: string | null): string | null {
  if (value === null) return null;
  const v = validateUscc(value);
  if (!v.ok) {
    throw apiError(
      'BAD_REQUEST',
      {
        zh: `工作单位统一社会信用代码「${v.code}」无效：${v.errors.map((e) => e.message.zh).join('；')}`,
        en: `The employer's USCC "${v.code}" is not valid: ${v.errors.map((e) => e.message.en).join('; ')}`,
      },
      { field: 'employerUscc', problems: v.errors.map((e) => e.code) },
    );
  }
  return v.code;
}

function profileJson(p: ExaminerProfileRow, ties: ExaminerTieDetail[]) {
  return {
    id: p.id,
    nameZh: p.nameZh,
    nameEn: p.nameEn,
    employerName: p.employerName,
    employerUscc: p.employerUscc,
    expertise: p.expertise,
    ties: ties.map((t) => ({
      id: t.id,
      organisationId: t.organisationId,
      organisationUscc: t.organisationUscc,
      organisationName: { zh: t.organisationNameZh, en: t.organisationNameEn },
      kind: t.kind,
      note: t.note,
    })),
  };
}

function accountJson(a: AccountRow, examiner: ReturnType<typeof profileJson> | null) {
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    roleName: roleName(a.role),
    disabled: a.disabled === 1,
    mustChangePassword: a.mustChangePassword === 1,
    lastLoginAt: a.lastLoginAt,
    createdAt: a.createdAt,
    examinerId: a.examinerId,
    examiner,
  };
}

/** What the audit keeps of an account: never its password or hash. */
function accountAudit(a: Pick<AccountRow, 'username' | 'displayName' | 'role' | 'examinerId' | 'disabled' | 'mustChangePassword'>) {
  return {
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    examinerId: a.examinerId,
    disabled: a.disabled === 1,
    mustChangePassword: a.mustChangePassword === 1,
  };
}

function profileAudit(p: ExaminerProfileRow, ties: readonly { organisationId: number; organisationUscc?: string; kind: TieKind; note: string | null }[]) {
  return {
    nameZh: p.nameZh,
    nameEn: p.nameEn,
    employerName: p.employerName,
    employerUscc: p.employerUscc,
    expertise: p.expertise,
    ties: ties.map((t) => ({ organisationId: t.organisationId, ...(t.organisationUscc ? { uscc: t.organisationUscc } : {}), kind: t.kind, note: t.note })),
  };
}

async function requireAccount(ctx: Context, id: number): Promise<AccountRow> {
  const a = await getAccount(ctx.db, id);
  if (!a) throw apiError('NOT_FOUND', { zh: `找不到编号为 ${id} 的账号。`, en: `Account ${id} was not found.` }, { id });
  return a;
}

function refuseWeakPassword(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length > 0) throw apiError('BAD_REQUEST', passwordProblemText(problems), { field: 'password', problems });
}

async function accountWithProfile(ctx: Context, a: AccountRow) {
  if (a.examinerId === null) return accountJson(a, null);
  const p = await getExaminerProfile(ctx.db, a.examinerId);
  return accountJson(a, p ? profileJson(p, await listTieDetails(ctx.db, [p.id])) : null);
}

export const usersRouter = {
  /** Every account (never a password hash), with the examiner profile and declared ties of examiner accounts. */
  list: allow(...SECRETARIAT).query(async ({ ctx }) => {
    const [accounts, profiles, ties] = await Promise.all([listAccounts(ctx.db), listExaminerProfiles(ctx.db), listTieDetails(ctx.db)]);
    const byId = new Map(profiles.map((p) => [p.id, p]));
    return accounts.map((a) => {
      const p = a.examinerId !== null ? byId.get(a.examinerId) : undefined;
      return accountJson(
        a,
        p
          ? profileJson(
              p,
              ties.filter((t) => t.examinerId === p.id),
            )
          : null,
      );
    });
  }),

  /** The examiner records, with the account each belongs to (null: none yet, so a new examiner account may take it). */
  examinerRecords: allow(...SECRETARIAT).query(async ({ ctx }) => {
    const [profiles, accounts] = await Promise.all([listExaminerProfiles(ctx.db), listAccounts(ctx.db)]);
    const accountOf = new Map<number, number>();
    for (const a of accounts) if (a.examinerId !== null && !accountOf.has(a.examinerId)) accountOf.set(a.examinerId, a.id);
    return profiles.map((p) => ({ ...profileJson(p, []), accountId: accountOf.get(p.id) ?? null }));
  }),

  /** The organisations the platform knows (applicants, individual applicants' employers): what a declared tie refers to. */
  organisations: allow(...SECRETARIAT).query(async ({ ctx }) =>
    (await listOrganisationBriefs(ctx.db)).map((o) => ({ id: o.id, uscc: o.uscc, name: { zh: o.nameZh, en: o.nameEn } })),
  ),

  /**
   * Creates an account of any role. `password` follows the password rules; unless
   * `mustChangePassword: false`, the user must replace it at the first sign-in. An examiner
   * account gets its examiner record (`examiner`, default: the display name), or is linked to an
   * existing record without an account (`examinerId`). Duplicate usernames (ignoring case) are refused.
   */
  create: allow(...SECRETARIAT)
    .input(
      z.object({
        username: usernameInput,
        displayName: displayNameInput,
        role: z.enum(ROLE_IDS),
        password: z.string().max(PASSWORD_MAX_LENGTH * 4),
        mustChangePassword: z.boolean().optional(),
        examiner: examinerProfileInput.optional(),
        examinerId: idInput.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      refuseWeakPassword(input.password, input.username);
      if (input.role !== 'examiner' && (input.examiner || input.examinerId)) {
        throw apiError('BAD_REQUEST', {
          zh: '只有评审员账号才有评审员档案。',
          en: 'Only an examiner account has an examiner profile.',
        });
      }
      if (input.examiner && input.examinerId) {
        throw apiError('BAD_REQUEST', {
          zh: '请新建评审员档案或选择已有档案，二者只能选一。',
          en: 'Either create an examiner profile or pick an existing one, not both.',
        });
      }
      const employerUscc = checkedUscc(input.examiner?.employerUscc ?? null);
      const passwordHash = await hashPassword(input.password);
      const at = nowIso(ctx);
      return inTransaction(ctx, async (tx) => {
        const taken = await findAccountByUsernameFolded(tx.db, input.username);
        if (taken) {
          throw apiError(
            'CONFLICT',
            { zh: `用户名「${input.username}」已被使用，请换一个。`, en: `The username "${input.username}" is already taken; choose another.` },
            { field: 'username' },
          );
        }
        let examinerId: number | null = null;
        if (input.role === 'examiner') {
          if (input.examinerId) {
            const existing = await getExaminerProfile(tx.db, input.examinerId);
            if (!existing) {
              throw apiError('NOT_FOUND', { zh: `找不到编号为 ${input.examinerId} 的评审员档案。`, en: `Examiner record ${input.examinerId} was not found.` });
            }
            const owner = await findAccountOfExaminer(tx.db, existing.id);
            if (owner) {
              throw apiError(
                'CONFLICT',
                {
                  zh: `评审员档案「${existing.nameZh}」已属于账号「${owner.username}」。`,
                  en: `The examiner record "${existing.nameEn}" already belongs to the account "${owner.username}".`,
                },
                { field: 'examinerId' },
              );
            }
            examinerId = existing.id;
          } else {
            const e = input.examiner;
            const profile = {
              nameZh: e?.nameZh ?? input.displayName,
              nameEn: e?.nameEn ? e.nameEn : (e?.nameZh ?? input.displayName),
              employerName: e?.employerName ?? null,
              employerUscc,
              expertise: e?.expertise ?? null,
            };
            examinerId = await insertExaminer(tx.db, profile);
            await writeAudit(tx.db, {
              userId: ctx.user!.id,
              action: 'examiner.create',
              entity: 'examiner',
              entityId: examinerId,
              before: null,
              after: profileAudit({ id: examinerId, ...profile }, []),
              at,
            });
          }
        }
        const mustChange = input.mustChangePassword === false ? 0 : 1;
        const id = await insertUser(tx.db, {
          username: input.username,
          display_name: input.displayName,
          password_hash: passwordHash,
          role: input.role,
          examiner_id: examinerId,
          disabled: 0,
          must_change_password: mustChange,
          created_at: at,
        });
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'user.create',
          entity: 'user',
          entityId: id,
          before: null,
          after: accountAudit({
            username: input.username,
            displayName: input.displayName,
            role: input.role,
            examinerId,
            disabled: 0,
            mustChangePassword: mustChange,
          }),
          at,
        });
        return { id, examinerId };
      });
    }),

  /**
   * Changes an account's display name and/or disables or re-enables it. Disabling ends the
   * account's sessions at once; the last enabled secretariat account, and the caller's own
   * account, cannot be disabled.
   */
  update: allow(...SECRETARIAT)
    .meta({ changes: 'nothing' })
    .input(z.object({ id: idInput, displayName: displayNameInput.optional(), disabled: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const before = await requireAccount(tx, input.id);
        const disabling = input.disabled === true && before.disabled === 0;
        if (disabling && before.role === 'secretariat' && (await countEnabledAccounts(tx.db, 'secretariat')) <= 1) {
          throw apiError('CONFLICT', {
            zh: `「${before.username}」是最后一个启用的秘书处账号，不能停用；请先新建或启用另一个秘书处账号。`,
            en: `"${before.username}" is the last enabled secretariat account and cannot be disabled; create or enable another secretariat account first.`,
          });
        }
        if (disabling && before.id === ctx.user!.id) {
          throw apiError('BAD_REQUEST', {
            zh: '不能停用自己正在使用的账号，请由另一名秘书处人员操作。',
            en: 'You cannot disable the account you are signed in with; ask another secretariat member.',
          });
        }
        const patch: { displayName?: string; disabled?: 0 | 1 } = {};
        if (input.displayName !== undefined && input.displayName !== before.displayName) patch.displayName = input.displayName;
        if (input.disabled !== undefined && (input.disabled ? 1 : 0) !== before.disabled) patch.disabled = input.disabled ? 1 : 0;
        if (Object.keys(patch).length === 0) return { ...(await accountWithProfile(tx, before)), sessionsEnded: 0 };
        await updateAccount(tx.db, before.id, patch);
        const sessionsEnded = patch.disabled === 1 ? await endSessionsOf(tx.db, ctx.services, before.id) : 0;
        const after = await requireAccount(tx, before.id);
        const old: Record<string, unknown> = {};
        const now: Record<string, unknown> = {};
        if (patch.displayName !== undefined) [old.displayName, now.displayName] = [before.displayName, after.displayName];
        if (patch.disabled !== undefined) [old.disabled, now.disabled] = [before.disabled === 1, after.disabled === 1];
        if (sessionsEnded > 0) now.sessionsEnded = sessionsEnded;
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: patch.disabled === 1 ? 'user.disable' : patch.disabled === 0 ? 'user.enable' : 'user.update',
          entity: 'user',
          entityId: before.id,
          before: { username: before.username, ...old },
          after: { username: after.username, ...now },
          at: nowIso(ctx),
        });
        return { ...(await accountWithProfile(tx, after)), sessionsEnded };
      }),
    ),

  /**
   * Sets a generated one-time password (returned once, never stored in clear or audited), obliges
   * the user to change it at the next sign-in, ends the account's sessions and clears its sign-in
   * throttle. Your own password is changed with `auth.changePassword`.
   */
  resetPassword: allow(...SECRETARIAT)
    .meta({ changes: 'nothing' })
    .input(z.object({ id: idInput }))
    .mutation(async ({ ctx, input }) => {
      const account = await requireAccount(ctx, input.id);
      if (account.id === ctx.user!.id) {
        throw apiError('BAD_REQUEST', {
          zh: '不能重置自己的密码；请在页面右上角的“修改密码”中修改。',
          en: 'You cannot reset your own password; change it with “Change password” in the header.',
        });
      }
      const password = generatePassword();
      const hash = await hashPassword(password);
      const sessionsEnded = await inTransaction(ctx, async (tx) => {
        await updateAccount(tx.db, account.id, { passwordHash: hash, mustChangePassword: 1 });
        const ended = await endSessionsOf(tx.db, ctx.services, account.id);
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'user.resetPassword',
          entity: 'user',
          entityId: account.id,
          before: { username: account.username, mustChangePassword: account.mustChangePassword === 1 },
          after: { username: account.username, mustChangePassword: true, sessionsEnded: ended },
          at: nowIso(ctx),
        });
        return ended;
      });
      await ctx.services.loginThrottle.reset(ctx.db, account.username);
      return { password, mustChangePassword: true as const, sessionsEnded };
    }),

  /**
   * Replaces an examiner account's profile: names, employer (name and USCC, checked under
   * GB 32100-2015) and the declared ties (organisation, kind, note). Conflict detection (Art. 24)
   * reads the new profile from then on; it is re-run at once for the applications the examiner
   * already sits on (groups of cycles not yet awarded), recording the new conflicts it finds
   * (recorded recusals are never removed).
   */
  updateExaminer: allow(...SECRETARIAT)
    .input(
      examinerProfileInput.extend({
        id: idInput,
        ties: z.array(tieInput).max(100, 'At most 100 ties (最多 100 项关联)'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const employerUscc = checkedUscc(input.employerUscc);
      const seen = new Set<string>();
      for (const t of input.ties) {
        const key = `${t.organisationId}|${t.kind}`;
        if (seen.has(key)) {
          throw apiError(
            'BAD_REQUEST',
            { zh: '同一单位的同一类关联只能登记一次。', en: 'Each kind of tie with one organisation is declared once.' },
            { field: 'ties' },
          );
        }
        seen.add(key);
      }
      return inTransaction(ctx, async (tx) => {
        const account = await requireAccount(tx, input.id);
        if (account.role !== 'examiner') {
          throw apiError('BAD_REQUEST', {
            zh: `账号「${account.username}」不是评审员账号，没有评审员档案。`,
            en: `The account "${account.username}" is not an examiner account and has no examiner profile.`,
          });
        }
        const orgs = await getOrganisationsByIds(tx.db, [...new Set(input.ties.map((t) => t.organisationId))]);
        const orgById = new Map(orgs.map((o) => [o.id, o]));
        const missing = input.ties.filter((t) => !orgById.has(t.organisationId)).map((t) => t.organisationId);
        if (missing.length > 0) {
          throw apiError(
            'NOT_FOUND',
            { zh: `找不到编号为 ${missing.join('、')} 的单位。`, en: `Organisation(s) ${missing.join(', ')} not found.` },
            { field: 'ties', missing },
          );
        }
        const at = nowIso(ctx);
        const profile = {
          nameZh: input.nameZh,
          nameEn: input.nameEn ? input.nameEn : input.nameZh,
          employerName: input.employerName,
          employerUscc,
          expertise: input.expertise,
        };
        let examinerId = account.examinerId;
        let before: ReturnType<typeof profileAudit> | null = null;
        if (examinerId === null) {
          examinerId = await insertExaminer(tx.db, profile);
          await updateAccount(tx.db, account.id, { examinerId });
        } else {
          const old = await getExaminerProfile(tx.db, examinerId);
          before = old ? profileAudit(old, await listTieDetails(tx.db, [examinerId])) : null;
          await updateExaminerProfile(tx.db, examinerId, profile);
        }
        await replaceExaminerTies(tx.db, examinerId, input.ties);
        const after = profileAudit(
          { id: examinerId, ...profile },
          input.ties.map((t) => ({ ...t, organisationUscc: orgById.get(t.organisationId)!.uscc })),
        );
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'examiner.update',
          entity: 'examiner',
          entityId: examinerId,
          before,
          after: { ...after, accountId: account.id },
          at,
        });
        // Art. 24 at once for the applications the examiner already sits on.
        const appIds = await listOpenAssignedApplicationIds(tx.db, examinerId);
        const { added } = await recordDetected(tx, [examinerId], appIds, at);
        const codes = new Map<number, { code: string; cycleId: number }>();
        if (added.length > 0) {
          const rows = await tx.db
            .selectFrom('applications')
            .select(['id', 'code', 'cycle_id'])
            .where(
              'id',
              'in',
              added.map((a) => a.applicationId),
            )
            .execute();
          for (const r of rows) codes.set(r.id, { code: r.code, cycleId: r.cycle_id });
        }
        for (const a of added) {
          await writeAudit(tx.db, {
            userId: ctx.user!.id,
            action: 'conflict.detect',
            entity: 'conflict',
            entityId: a.id,
            cycleId: codes.get(a.applicationId)?.cycleId ?? null,
            before: null,
            after: { applicationId: a.applicationId, examinerId, source: 'automatic', kinds: a.conflicts.map((c) => c.kind), trigger: 'examiner.update' },
            at,
          });
        }
        const updated = await requireAccount(tx, account.id);
        return {
          account: await accountWithProfile(tx, updated),
          article: 24 as const,
          applicationsChecked: appIds.length,
          conflictsAdded: added.map((a) => ({ id: a.id, applicationId: a.applicationId, code: codes.get(a.applicationId)?.code ?? '', reason: a.reason })),
        };
      });
    }),
};
