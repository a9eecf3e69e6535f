/**
 * Review groups (Art. 17, 组长负责制) and their applications: the secretariat forms each cycle's
 * groups from examiner accounts (the leader is a member), assigns applications by hand
 * (`applications.assignGroup`) or automatically (`autoAssign`: load-balanced, never to a group
 * with a conflicted member, Art. 24), or records the review agency it procured
 * (评审机构采用政府采购方式选定). The committee may read the groups.
 */
import {
  countActiveApplicationsByGroup,
  countScoresByExaminer,
  deleteReviewAgency,
  deleteReviewGroup,
  getAccountsByIds,
  getGroupRow,
  getReviewAgency,
  insertReviewGroup,
  listAssignableApplications,
  listConflictPairs,
  listExaminerAccounts,
  listExaminers,
  listGroupsOfCycle,
  saveReviewAgency,
  setReviewGroups,
  updateReviewGroup,
  writeAudit,
  type AssignableApplicationRow,
  type Cycle,
  type GroupRow,
  type ReviewAgencyRow,
} from '@mqa/db';
import { CYCLE_PHASES, findSector, planGroupAssignment, type MemberConflict } from '@mqa/rules';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { detectFor, recordDetected } from '../domain/conflicts.ts';
import { requireCycle } from '../domain/cycle.ts';
import { PHASE_NAMES, sectorName } from '../domain/labels.ts';
import { splitBilingual } from '../domain/text.ts';
import { apiError, notFound, type LocalizedText } from '../errors.ts';
import { allow } from '../trpc.ts';
import { yearInput } from './cycles.ts';
import { inTransaction, nowIso } from './helpers.ts';
import { idInput, isoDate, plain, plainText, text } from './inputs.ts';
import { cursorInput, decodeCursor, encodeCursor, MAX_PAGE_SIZE, searchInput } from './paging.ts';
import { ANALYSTS, SECRETARIAT } from './roles.ts';

const LAST_ASSIGNMENT_PHASE = CYCLE_PHASES.indexOf('onsite_review');

/** Groups and assignments may change until the on-site review ends (Art. 17); afterwards the results are published (Art. 18). */
function groupsEditable(cycle: Cycle): boolean {
  const i = CYCLE_PHASES.indexOf(cycle.phase);
  return i >= 0 && i <= LAST_ASSIGNMENT_PHASE;
}

function requireEditable(cycle: Cycle): void {
  if (groupsEditable(cycle)) return;
  const phase = PHASE_NAMES[cycle.phase];
  throw apiError('PRECONDITION_FAILED', {
    zh: `${cycle.year} 年度周期已处于“${phase.zh}”阶段，评审已结束，评审组及其分配不能再更改。`,
    en: `The ${cycle.year} cycle is in the ${phase.en} phase: the review is over, so review groups and assignments can no longer change.`,
  });
}

const sectorsInput = z.array(z.string().trim().min(1).max(64)).max(40);

function checkedSectors(sectors: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const s of sectors ?? []) {
    if (!findSector(s)) {
      throw apiError('BAD_REQUEST', { zh: `未知的行业代码「${s}」。`, en: `Unknown sector code "${s}".` }, { field: 'sectors' });
    }
    if (!out.includes(s)) out.push(s);
  }
  return out;
}

const nameZhInput = plainText(1, 128, 'Group name', '评审组名称');
const nameEnInput = plain(z.string().trim().max(128, 'Group name is too long (at most 128 characters) (评审组名称过长)').nullish(), 'Group name', '评审组名称');
const memberIdsInput = z.array(idInput).max(60, 'A review group has at most 60 members (评审组最多 60 名成员)');

interface MemberSpec {
  leaderUserId?: number | undefined;
  leaderExaminerId?: number | undefined;
  memberUserIds?: number[] | undefined;
  memberExaminerIds?: number[] | undefined;
}

/**
 * The examiner records of the given accounts (users) and records: unknown accounts, accounts of
 * another role, disabled accounts and accounts without an examiner record are refused.
 */
async function resolveMembers(ctx: Context, spec: MemberSpec): Promise<{ leaderId: number | null; memberIds: number[]; names: Map<number, LocalizedText> }> {
  const userIds = [...new Set([...(spec.memberUserIds ?? []), ...(spec.leaderUserId !== undefined ? [spec.leaderUserId] : [])])];
  const accounts = new Map((await getAccountsByIds(ctx.db, userIds)).map((a) => [a.id, a]));
  const examinerOfUser = new Map<number, number>();
  for (const id of userIds) {
    const a = accounts.get(id);
    if (!a) {
      throw apiError('NOT_FOUND', { zh: `找不到编号为 ${id} 的账号。`, en: `Account ${id} was not found.` }, { field: 'memberUserIds', userId: id });
    }
    if (a.role !== 'examiner') {
      throw apiError(
        'BAD_REQUEST',
        {
          zh: `账号「${a.displayName}」（${a.username}）不是评审员账号，不能加入评审组。`,
          en: `The account "${a.displayName}" (${a.username}) is not an examiner account and cannot join a review group.`,
        },
        { field: 'memberUserIds', userId: id },
      );
    }
    if (a.disabled) {
      throw apiError(
        'BAD_REQUEST',
        {
          zh: `评审员账号「${a.displayName}」（${a.username}）已停用，不能加入评审组。`,
          en: `The examiner account "${a.displayName}" (${a.username}) is disabled and cannot join a review group.`,
        },
        { field: 'memberUserIds', userId: id },
      );
    }
    if (a.examinerId === null) {
      throw apiError(
        'BAD_REQUEST',
        {
          zh: `评审员账号「${a.displayName}」（${a.username}）还没有评审员档案，请先在“人员与账户”中填写其工作单位等信息。`,
          en: `The examiner account "${a.displayName}" (${a.username}) has no examiner profile yet; fill it in under People & accounts first.`,
        },
        { field: 'memberUserIds', userId: id },
      );
    }
    examinerOfUser.set(id, a.examinerId);
  }
  const memberIds: number[] = [];
  for (const id of spec.memberUserIds ?? []) {
    const e = examinerOfUser.get(id)!;
    if (!memberIds.includes(e)) memberIds.push(e);
  }
  for (const e of spec.memberExaminerIds ?? []) if (!memberIds.includes(e)) memberIds.push(e);
  const leaderId = spec.leaderUserId !== undefined ? examinerOfUser.get(spec.leaderUserId)! : (spec.leaderExaminerId ?? null);
  const wanted = [...new Set([...memberIds, ...(leaderId !== null ? [leaderId] : [])])];
  const records = await listExaminers(ctx.db, wanted);
  const names = new Map(records.map((e) => [e.id, { zh: e.name_zh, en: e.name_en }]));
  for (const id of wanted) {
    if (!names.has(id)) {
      throw apiError(
        'NOT_FOUND',
        { zh: `找不到编号为 ${id} 的评审员档案。`, en: `Examiner record ${id} was not found.` },
        { field: 'memberExaminerIds', examinerId: id },
      );
    }
  }
  return { leaderId, memberIds, names };
}

function requireLeaderAmongMembers(leaderId: number | null, memberIds: number[], names: Map<number, LocalizedText>): number {
  if (memberIds.length === 0) {
    throw apiError(
      'BAD_REQUEST',
      { zh: '评审组至少要有一名成员（组长）。', en: 'A review group needs at least one member (its leader).' },
      { field: 'memberUserIds' },
    );
  }
  if (leaderId === null || !memberIds.includes(leaderId)) {
    const who = leaderId !== null ? names.get(leaderId) : undefined;
    throw apiError(
      'BAD_REQUEST',
      {
        zh: `组长${who ? `「${who.zh}」` : ''}须是本评审组的成员（第17条，组长负责制）：请把组长加入成员，或从成员中选择组长。`,
        en: `The leader${who ? ` ${who.en}` : ''} must be a member of the review group (Art. 17, the leader is responsible for the group): add the leader to the members, or choose the leader among them.`,
      },
      { field: 'leaderUserId' },
    );
  }
  return leaderId;
}

/** Refuses a name already used by another group of the cycle, and a member already in another group of the cycle. */
function requireUnique(
  groups: GroupRow[],
  selfId: number | null,
  nameZh: string,
  nameEn: string,
  memberIds: number[],
  names: Map<number, LocalizedText>,
): void {
  const fold = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  const clash = groups.find((g) => g.id !== selfId && (fold(g.nameZh) === fold(nameZh) || fold(g.nameEn) === fold(nameEn)));
  if (clash) {
    throw apiError(
      'CONFLICT',
      {
        zh: `本周期已有名为「${clash.nameZh}」的评审组，请换一个名称。`,
        en: `The cycle already has a review group named "${clash.nameEn}"; choose another name.`,
      },
      { field: 'name', groupId: clash.id },
    );
  }
  for (const id of memberIds) {
    const other = groups.find((g) => g.id !== selfId && g.members.some((m) => m.examinerId === id));
    if (other) {
      const n = names.get(id) ?? { zh: `评审员 ${id}`, en: `Examiner ${id}` };
      throw apiError(
        'CONFLICT',
        {
          zh: `评审员「${n.zh}」已是本周期「${other.nameZh}」的成员：一名评审员在一个周期只属于一个评审组。`,
          en: `Examiner ${n.en} is already a member of "${other.nameEn}" this cycle: an examiner belongs to one review group per cycle.`,
        },
        { field: 'memberUserIds', examinerId: id, groupId: other.id },
      );
    }
  }
}

/** Why an application without a group is not (yet) in the review. null: ready to be assigned. */
function notReadyReason(a: AssignableApplicationRow): LocalizedText | null {
  if (a.status === 'withdrawn') return { zh: '申报已撤回', en: 'The application was withdrawn' };
  if (a.status === 'removed') return { zh: '申报已被取消资格（第21条）', en: 'The application was removed (Art. 21)' };
  if (a.eligibilityStatus === 'ineligible') return { zh: '不符合申报条件（第10–12条）', en: 'The applicant does not meet the conditions (Art. 10–12)' };
  if (a.qualificationStatus === 'rejected') return { zh: '资格初审未通过（第16条）', en: 'Rejected in the qualification review (Art. 16)' };
  if (a.qualificationStatus !== 'qualified') return { zh: '尚未通过资格初审（第16条）', en: 'Not qualified yet (Art. 16)' };
  return null;
}

function memberName(m: { nameZh: string; nameEn: string }): LocalizedText {
  return { zh: m.nameZh, en: m.nameEn };
}

function agencyJson(a: ReviewAgencyRow | undefined) {
  if (!a) return null;
  return { name: a.name, procurementRef: a.procurementRef, contractDate: a.contractDate, note: a.note, recordedAt: a.recordedAt, article: 17 as const };
}

function groupAudit(g: { nameZh: string; nameEn: string; leaderExaminerId: number; memberIds: number[]; sectors: string[] }) {
  return { nameZh: g.nameZh, nameEn: g.nameEn, leaderExaminerId: g.leaderExaminerId, memberIds: [...g.memberIds].sort((a, b) => a - b), sectors: g.sectors };
}

/** The conflicts (recorded and detected, Art. 24) of the given members with the given applications, per group. */
async function memberConflicts(ctx: Context, cycleId: number, groups: GroupRow[], applicationIds: number[]): Promise<MemberConflict[]> {
  const memberIds = [...new Set(groups.flatMap((g) => g.members.map((m) => m.examinerId)))];
  const names = new Map(groups.flatMap((g) => g.members.map((m) => [m.examinerId, memberName(m)] as const)));
  const apps = new Set(applicationIds);
  const pairs = new Map<string, LocalizedText>();
  for (const c of await listConflictPairs(ctx.db, cycleId)) {
    if (!apps.has(c.applicationId)) continue;
    const r = splitBilingual(c.reason);
    pairs.set(`${c.applicationId}|${c.examinerId}`, c.source === 'declared' ? { zh: `已登记回避：${r.zh}`, en: `recorded recusal: ${r.en}` } : r);
  }
  for (const d of await detectFor(ctx, memberIds, applicationIds)) {
    const k = `${d.applicationId}|${d.examinerId}`;
    if (!pairs.has(k)) pairs.set(k, { zh: d.conflicts.map((c) => c.reason.zh).join('；'), en: d.conflicts.map((c) => c.reason.en).join('; ') });
  }
  const out: MemberConflict[] = [];
  for (const g of groups) {
    for (const m of g.members) {
      for (const appId of applicationIds) {
        const reason = pairs.get(`${appId}|${m.examinerId}`);
        if (reason)
          out.push({ applicationId: String(appId), groupId: String(g.id), examinerId: String(m.examinerId), examinerName: names.get(m.examinerId)!, reason });
      }
    }
  }
  return out;
}

async function planFor(ctx: Context, cycle: Cycle, bySector: boolean) {
  const [groups, apps] = await Promise.all([listGroupsOfCycle(ctx.db, cycle.id), listAssignableApplications(ctx.db, cycle.id)]);
  if (groups.length === 0) {
    throw apiError('PRECONDITION_FAILED', {
      zh: `${cycle.year} 年度周期还没有评审组：请先新建评审组（第17条）。`,
      en: `The ${cycle.year} cycle has no review group yet: create the review groups first (Art. 17).`,
    });
  }
  const ready = apps.filter((a) => a.reviewGroupId === null && notReadyReason(a) === null);
  const load = new Map<number, number>();
  for (const a of apps) if (a.reviewGroupId !== null && a.status === 'active') load.set(a.reviewGroupId, (load.get(a.reviewGroupId) ?? 0) + 1);
  const conflicts = await memberConflicts(
    ctx,
    cycle.id,
    groups,
    ready.map((a) => a.id),
  );
  const plan = planGroupAssignment({
    groups: groups.map((g) => ({
      id: String(g.id),
      name: { zh: g.nameZh, en: g.nameEn },
      load: load.get(g.id) ?? 0,
      sectors: g.sectors,
      memberCount: g.members.length,
    })),
    applications: ready.map((a) => ({ id: String(a.id), code: a.code, sector: a.sector, sectorName: sectorName(a.sector) })),
    conflicts,
    bySector,
  });
  const byId = new Map(ready.map((a) => [String(a.id), a]));
  const groupById = new Map(groups.map((g) => [String(g.id), g]));
  const rows = plan.assignments.map((p) => {
    const a = byId.get(p.applicationId)!;
    const g = p.groupId !== null ? groupById.get(p.groupId)! : null;
    return {
      applicationId: a.id,
      code: a.code,
      name: { zh: a.nameZh, en: a.nameEn },
      sector: a.sector,
      sectorName: sectorName(a.sector),
      reviewGroupId: g?.id ?? null,
      reviewGroupName: g ? { zh: g.nameZh, en: g.nameEn } : null,
      loadBefore: p.loadBefore,
      sectorMatch: p.sectorMatch,
      excluded: p.excluded.map((x) => ({
        reviewGroupId: Number(x.groupId),
        name: x.name,
        conflicts: x.conflicts.map((c) => ({ examinerId: Number(c.examinerId), name: c.examinerName, reason: c.reason, article: 24 as const })),
      })),
      explanation: p.explanation,
      article: 24 as const,
    };
  });
  return {
    groups,
    rows,
    loads: groups.map((g) => ({
      reviewGroupId: g.id,
      name: { zh: g.nameZh, en: g.nameEn },
      before: load.get(g.id) ?? 0,
      after: plan.loads[String(g.id)] ?? 0,
    })),
    notReady: apps.filter((a) => a.reviewGroupId === null && notReadyReason(a) !== null).length,
  };
}

/** Groups per page of `page` unless asked (the review groups view), and at most. */
const GROUPS_PAGE = 20;
const MAX_GROUPS_PAGE = 50;
/** Applications without a group per page of `page` unless asked. */
const UNASSIGNED_PAGE = 100;
/** The orders the cursors of `page` belong to. */
const GROUPS_ORDER = 'reviewGroups';
const UNASSIGNED_ORDER = 'unassignedApplications';

function appJson(a: AssignableApplicationRow) {
  return {
    id: a.id,
    code: a.code,
    name: { zh: a.nameZh, en: a.nameEn },
    applicantType: a.applicantType,
    sector: a.sector,
    sectorName: sectorName(a.sector),
    status: a.status,
    qualificationStatus: a.qualificationStatus,
    eligibilityStatus: a.eligibilityStatus,
  };
}

/** An application without a group, with whether it can be assigned and why not. */
function unassignedJson(a: AssignableApplicationRow) {
  const why = notReadyReason(a);
  return { ...appJson(a), ready: why === null, reason: why };
}

/**
 * What `list` and `page` are made of: the cycle's groups (in id order) and its applications
 * without a group (by code), with the entry of a group (members, leader, its applications with
 * the members recused from each, load) built only for the groups shown.
 */
async function groupsView(ctx: Context, cycle: Cycle) {
  const [groups, apps, conflicts, agency] = await Promise.all([
    listGroupsOfCycle(ctx.db, cycle.id),
    listAssignableApplications(ctx.db, cycle.id),
    listConflictPairs(ctx.db, cycle.id),
    getReviewAgency(ctx.db, cycle.id),
  ]);
  const recused = new Map<number, Set<number>>();
  for (const c of conflicts) {
    let s = recused.get(c.applicationId);
    if (!s) recused.set(c.applicationId, (s = new Set()));
    s.add(c.examinerId);
  }
  // Each group's applications through one pass over the cycle's (not one scan per group).
  const byGroup = new Map<number, AssignableApplicationRow[]>();
  for (const a of apps) {
    if (a.reviewGroupId === null) continue;
    let own = byGroup.get(a.reviewGroupId);
    if (!own) byGroup.set(a.reviewGroupId, (own = []));
    own.push(a);
  }
  const groupJson = (g: GroupRow) => {
    const own = byGroup.get(g.id) ?? [];
    const leader = g.members.find((m) => m.examinerId === g.leaderExaminerId);
    return {
      id: g.id,
      name: { zh: g.nameZh, en: g.nameEn },
      sectors: g.sectors.map((id) => ({ id, name: sectorName(id) })),
      leader: leader
        ? { examinerId: leader.examinerId, userId: leader.userId, name: memberName(leader) }
        : { examinerId: g.leaderExaminerId, userId: null, name: { zh: `评审员 ${g.leaderExaminerId}`, en: `Examiner ${g.leaderExaminerId}` } },
      members: g.members.map((m) => ({
        examinerId: m.examinerId,
        userId: m.userId,
        username: m.username,
        name: memberName(m),
        employerName: m.employerName,
        expertise: m.expertise,
        leader: m.examinerId === g.leaderExaminerId,
        disabled: m.disabled,
      })),
      applications: own.map((a) => {
        const r = recused.get(a.id) ?? new Set<number>();
        const out = g.members.filter((m) => r.has(m.examinerId));
        return {
          ...appJson(a),
          recused: out.map((m) => ({ examinerId: m.examinerId, name: memberName(m), article: 24 as const })),
          scoringMembers: g.members.length - out.length,
        };
      }),
      /** Applications in the review (active) assigned to the group. */
      load: own.filter((a) => a.status === 'active').length,
      createdAt: g.createdAt,
      updatedAt: g.updatedAt,
    };
  };
  return {
    head: { year: cycle.year, phase: cycle.phase, editable: groupsEditable(cycle), agency: agencyJson(agency) },
    groups,
    // By code, then id, compared as the cursors of `page` compare them (whatever the database's collation).
    unassigned: apps.filter((a) => a.reviewGroupId === null).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.id - b.id)),
    groupJson,
  };
}

const memberFields = {
  leaderUserId: idInput.optional(),
  memberUserIds: memberIdsInput.optional(),
  /** Examiner records without an account (e.g. imported or from earlier cycles). */
  leaderExaminerId: idInput.optional(),
  memberExaminerIds: memberIdsInput.optional(),
};

export const groupsRouter = {
  /** The cycle's groups with members, leader, assigned applications and load; the applications without a group; the procured agency. */
  list: allow(...ANALYSTS)
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      const v = await groupsView(ctx, cycle);
      return {
        ...v.head,
        groups: v.groups.map(v.groupJson),
        unassigned: v.unassigned.map(unassignedJson),
      };
    }),

  /**
   * What `list` gives, a page at a time (the review groups view): `limit` groups after `cursor`
   * (in the cycle's order, searched by `q`: part of the group's name or of a member's) and
   * `unassignedLimit` applications without a group after `unassignedCursor` (by code, searched by
   * `unassignedQ`: part of the code or the name), each with its `nextCursor` (null after the last)
   * and its total over the search. `groupsTotal`, `unassignedTotal` and `readyCount` are the
   * whole cycle's; `choices` names every group, for the selects that move an application.
   */
  page: allow(...ANALYSTS)
    .input(
      yearInput.extend({
        limit: z.number().int().min(1).max(MAX_GROUPS_PAGE).default(GROUPS_PAGE),
        cursor: cursorInput,
        q: searchInput,
        unassignedLimit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(UNASSIGNED_PAGE),
        unassignedCursor: cursorInput,
        unassignedQ: searchInput,
      }),
    )
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      const v = await groupsView(ctx, cycle);
      const q = input.q?.toLowerCase();
      const groups = q
        ? v.groups.filter((g) => [g.nameZh, g.nameEn, ...g.members.flatMap((m) => [m.nameZh, m.nameEn])].some((x) => x.toLowerCase().includes(q)))
        : v.groups;
      const after = input.cursor ? decodeCursor(input.cursor, GROUPS_ORDER).id : null;
      const from = after === null ? 0 : groups.findIndex((g) => g.id > after);
      const shown = from < 0 ? [] : groups.slice(from, from + input.limit);
      const last = shown[shown.length - 1];
      const hasMoreGroups = from >= 0 && from + input.limit < groups.length;

      const uq = input.unassignedQ?.toLowerCase();
      const unassigned = uq ? v.unassigned.filter((a) => [a.code, a.nameZh, a.nameEn].some((x) => x.toLowerCase().includes(uq))) : v.unassigned;
      const ua = input.unassignedCursor ? decodeCursor(input.unassignedCursor, UNASSIGNED_ORDER) : null;
      // Rows in `listAssignableApplications`' order (code, then id): the first after the cursor's.
      const uFrom = ua === null ? 0 : unassigned.findIndex((a) => a.code > String(ua.key) || (a.code === String(ua.key) && a.id > ua.id));
      const uShown = uFrom < 0 ? [] : unassigned.slice(uFrom, uFrom + input.unassignedLimit);
      const uLast = uShown[uShown.length - 1];
      const hasMoreUnassigned = uFrom >= 0 && uFrom + input.unassignedLimit < unassigned.length;
      return {
        ...v.head,
        groupsTotal: v.groups.length,
        unassignedTotal: v.unassigned.length,
        readyCount: v.unassigned.filter((a) => notReadyReason(a) === null).length,
        choices: v.groups.map((g) => ({ id: g.id, name: { zh: g.nameZh, en: g.nameEn } })),
        groups: shown.map(v.groupJson),
        total: groups.length,
        nextCursor: hasMoreGroups && last ? encodeCursor({ order: GROUPS_ORDER, key: last.id, id: last.id }) : null,
        unassigned: uShown.map(unassignedJson),
        unassignedMatched: unassigned.length,
        unassignedNextCursor: hasMoreUnassigned && uLast ? encodeCursor({ order: UNASSIGNED_ORDER, key: uLast.code, id: uLast.id }) : null,
      };
    }),

  /**
   * The cycle's review groups in brief (or only `ids`, in the cycle's order): name, leader,
   * members and load — what a view needs to choose a group or one of its examiners, without
   * every assigned application (`list`) or the panel's statistics (`analytics.panel`).
   */
  summaries: allow(...ANALYSTS)
    .input(yearInput.extend({ ids: z.array(idInput).min(1).max(200).optional() }))
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      const [groups, load] = await Promise.all([listGroupsOfCycle(ctx.db, cycle.id), countActiveApplicationsByGroup(ctx.db, cycle.id)]);
      const wanted = input.ids ? new Set(input.ids) : null;
      const found = wanted ? groups.filter((g) => wanted.has(g.id)) : groups;
      if (wanted && found.length < wanted.size) {
        const missing = [...wanted].filter((id) => !found.some((g) => g.id === id));
        throw apiError(
          'NOT_FOUND',
          { zh: `${cycle.year} 年度没有这些评审组：${missing.join('、')}。`, en: `The ${cycle.year} cycle has no review group ${missing.join(', ')}.` },
          { missing },
        );
      }
      return found.map((g) => ({
        id: g.id,
        name: { zh: g.nameZh, en: g.nameEn },
        leaderId: g.leaderExaminerId,
        members: g.members.map((m) => ({ id: m.examinerId, name: memberName(m), leader: m.examinerId === g.leaderExaminerId })),
        /** Applications in the review (active) assigned to the group. */
        load: load.get(g.id) ?? 0,
      }));
    }),

  /** The examiner accounts a group may be made of, with the group each belongs to in the cycle. */
  candidates: allow(...SECRETARIAT)
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      const [accounts, groups] = await Promise.all([listExaminerAccounts(ctx.db), listGroupsOfCycle(ctx.db, cycle.id)]);
      const groupOf = new Map(groups.flatMap((g) => g.members.map((m) => [m.examinerId, { id: g.id, name: { zh: g.nameZh, en: g.nameEn } }] as const)));
      return accounts.map((a) => ({
        userId: a.userId,
        username: a.username,
        displayName: a.displayName,
        disabled: a.disabled,
        examinerId: a.examinerId,
        name: a.nameZh ? { zh: a.nameZh, en: a.nameEn ?? a.nameZh } : { zh: a.displayName, en: a.displayName },
        employerName: a.employerName,
        expertise: a.expertise,
        hasProfile: a.examinerId !== null,
        group: a.examinerId !== null ? (groupOf.get(a.examinerId) ?? null) : null,
      }));
    }),

  /** Creates a review group of the cycle: members are examiner accounts, the leader one of them (组长负责制). */
  create: allow(...SECRETARIAT)
    .meta({ changes: { cycleYear: 'year' } })
    .input(
      z.object({
        year: yearInput.shape.year,
        name: nameZhInput,
        nameEn: nameEnInput,
        leaderUserId: idInput,
        memberUserIds: memberIdsInput,
        sectors: sectorsInput.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const cycle = await requireCycle(tx, input.year);
        requireEditable(cycle);
        const sectors = checkedSectors(input.sectors);
        const { leaderId, memberIds, names } = await resolveMembers(tx, { leaderUserId: input.leaderUserId, memberUserIds: input.memberUserIds });
        const leaderExaminerId = requireLeaderAmongMembers(leaderId, memberIds, names);
        const nameZh = input.name;
        const nameEn = input.nameEn ? input.nameEn : input.name;
        requireUnique(await listGroupsOfCycle(tx.db, cycle.id), null, nameZh, nameEn, memberIds, names);
        const at = nowIso(ctx);
        const write = { nameZh, nameEn, leaderExaminerId, sectors, memberIds };
        const id = await insertReviewGroup(tx.db, cycle.id, write, at);
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'reviewGroup.create',
          entity: 'review_group',
          entityId: id,
          cycleId: cycle.id,
          after: groupAudit(write),
          at,
        });
        return { id, year: cycle.year, name: { zh: nameZh, en: nameEn }, leaderExaminerId, memberExaminerIds: memberIds, article: 17 as const };
      }),
    ),

  /**
   * Renames a group, changes its leader, members or sectors. When members are given (as accounts
   * and/or examiner records) they replace the group's members; the leader must be among them.
   * Removing a member who has scores on an application assigned to the group is refused unless
   * that member is recused from it (Art. 24: then the scores are excluded anyway). New members are
   * checked for conflicts with the group's applications, and those found are recorded (recusal).
   */
  update: allow(...SECRETARIAT)
    .input(
      z.object({
        id: idInput,
        name: nameZhInput.optional(),
        nameEn: nameEnInput,
        sectors: sectorsInput.optional(),
        ...memberFields,
      }),
    )
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const group = await getGroupRow(tx.db, input.id);
        if (!group) throw notFound({ zh: `编号为 ${input.id} 的评审组`, en: `Review group ${input.id}` });
        const cycle = await tx.db.selectFrom('cycles').selectAll().where('id', '=', group.cycleId).executeTakeFirstOrThrow();
        requireEditable(cycle);
        const sectors = input.sectors !== undefined ? checkedSectors(input.sectors) : group.sectors;
        const replacing = input.memberUserIds !== undefined || input.memberExaminerIds !== undefined;
        const resolved = await resolveMembers(tx, {
          leaderUserId: input.leaderUserId,
          leaderExaminerId: input.leaderExaminerId,
          memberUserIds: input.memberUserIds,
          memberExaminerIds: input.memberExaminerIds,
        });
        const oldIds = group.members.map((m) => m.examinerId);
        const memberIds = replacing ? resolved.memberIds : oldIds;
        const names = new Map(resolved.names);
        for (const m of group.members) names.set(m.examinerId, memberName(m));
        const leaderExaminerId = requireLeaderAmongMembers(
          input.leaderUserId !== undefined || input.leaderExaminerId !== undefined ? resolved.leaderId : group.leaderExaminerId,
          memberIds,
          names,
        );
        const nameZh = input.name ?? group.nameZh;
        const nameEn = input.nameEn ? input.nameEn : input.name !== undefined ? input.name : group.nameEn;
        requireUnique(await listGroupsOfCycle(tx.db, cycle.id), group.id, nameZh, nameEn, memberIds, names);

        const apps = (await listAssignableApplications(tx.db, cycle.id)).filter((a) => a.reviewGroupId === group.id);
        const removed = oldIds.filter((id) => !memberIds.includes(id));
        const added = memberIds.filter((id) => !oldIds.includes(id));
        if (removed.length > 0) {
          const recorded = new Set((await listConflictPairs(tx.db, cycle.id)).map((c) => `${c.applicationId}|${c.examinerId}`));
          const scored = (
            await countScoresByExaminer(
              tx.db,
              apps.map((a) => a.id),
            )
          ).filter((s) => s.n > 0 && removed.includes(s.examinerId) && !recorded.has(`${s.applicationId}|${s.examinerId}`));
          if (scored.length > 0) {
            const code = new Map(apps.map((a) => [a.id, a.code]));
            const blocked = removed
              .map((id) => ({ examinerId: id, name: names.get(id)!, codes: scored.filter((s) => s.examinerId === id).map((s) => code.get(s.applicationId)!) }))
              .filter((b) => b.codes.length > 0);
            throw apiError(
              'CONFLICT',
              {
                zh: `不能移出已评分的成员：${blocked.map((b) => `${b.name.zh}（已评 ${b.codes.join('、')}）`).join('；')}。其评分计入本组结果；如该成员须退出，请先对相关申报登记回避（第24条），其评分将不再计入，再移出。`,
                en: `Members who have scored cannot be removed: ${blocked.map((b) => `${b.name.en} (scored ${b.codes.join(', ')})`).join('; ')}. Their scores count for this group; if the member must leave, first record a recusal for those applications (Art. 24), which excludes the scores, then remove them.`,
              },
              { blocked },
            );
          }
        }
        const at = nowIso(ctx);
        const before = groupAudit({ ...group, memberIds: oldIds });
        const write = { nameZh, nameEn, leaderExaminerId, sectors, memberIds };
        await updateReviewGroup(tx.db, group.id, write, at);
        const active = apps.filter((a) => a.status === 'active').map((a) => a.id);
        const { added: recordedConflicts } = await recordDetected(tx, added, active, at);
        const code = new Map(apps.map((a) => [a.id, a.code]));
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'reviewGroup.update',
          entity: 'review_group',
          entityId: group.id,
          cycleId: cycle.id,
          before,
          after: { ...groupAudit(write), recordedConflicts: recordedConflicts.map((c) => ({ applicationId: c.applicationId, examinerId: c.examinerId })) },
          at,
        });
        return {
          id: group.id,
          name: { zh: nameZh, en: nameEn },
          leaderExaminerId,
          memberExaminerIds: memberIds,
          addedExaminerIds: added,
          removedExaminerIds: removed,
          recordedConflicts: recordedConflicts.map((c) => ({
            applicationId: c.applicationId,
            code: code.get(c.applicationId) ?? '',
            examinerId: c.examinerId,
            name: names.get(c.examinerId)!,
            reason: c.reason,
            article: 24 as const,
          })),
        };
      }),
    ),

  /** Deletes a group that has no application assigned. */
  remove: allow(...SECRETARIAT)
    .input(z.object({ id: idInput }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const group = await getGroupRow(tx.db, input.id);
        if (!group) throw notFound({ zh: `编号为 ${input.id} 的评审组`, en: `Review group ${input.id}` });
        const cycle = await tx.db.selectFrom('cycles').selectAll().where('id', '=', group.cycleId).executeTakeFirstOrThrow();
        requireEditable(cycle);
        const n = (await listAssignableApplications(tx.db, cycle.id)).filter((a) => a.reviewGroupId === group.id).length;
        if (n > 0) {
          throw apiError(
            'CONFLICT',
            {
              zh: `评审组「${group.nameZh}」已分配 ${n} 件申报，不能删除：请先把这些申报分配到其他评审组。`,
              en: `Review group "${group.nameEn}" has ${n} application(s) assigned and cannot be deleted: assign them to another group first.`,
            },
            { applications: n },
          );
        }
        await deleteReviewGroup(tx.db, group.id);
        const at = nowIso(ctx);
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'reviewGroup.remove',
          entity: 'review_group',
          entityId: group.id,
          cycleId: cycle.id,
          before: groupAudit({ ...group, memberIds: group.members.map((m) => m.examinerId) }),
          at,
        });
        return { id: group.id, removed: true };
      }),
    ),

  /**
   * Assigns every qualified application of the cycle that has no group yet (Art. 16, 17): to a
   * group none of whose members has a conflict with the applicant (Art. 24, recorded or found by
   * `detectConflicts`), preferring groups strong in the sector (`bySector`, default true), then
   * the lowest load. `dryRun` answers the plan and writes nothing; otherwise the plan is
   * recomputed and written in one transaction, one audit row per application and one for the run.
   */
  autoAssign: allow(...SECRETARIAT)
    .meta({ changes: { cycleYear: 'year' } })
    .input(z.object({ year: yearInput.shape.year, dryRun: z.boolean().optional(), bySector: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) => {
      const dryRun = input.dryRun ?? false;
      const run = async (tx: Context) => {
        const cycle = await requireCycle(tx, input.year);
        requireEditable(cycle);
        const plan = await planFor(tx, cycle, input.bySector ?? true);
        const assigned = plan.rows.filter((r) => r.reviewGroupId !== null);
        if (!dryRun && assigned.length > 0) {
          const at = nowIso(ctx);
          await setReviewGroups(
            tx.db,
            assigned.map((r) => ({ applicationId: r.applicationId, reviewGroupId: r.reviewGroupId! })),
          );
          for (const r of assigned) {
            await writeAudit(tx.db, {
              userId: ctx.user!.id,
              action: 'application.autoAssign',
              entity: 'application',
              entityId: r.applicationId,
              cycleId: cycle.id,
              before: { reviewGroupId: null },
              after: { reviewGroupId: r.reviewGroupId, explanation: r.explanation },
              at,
            });
          }
          await writeAudit(tx.db, {
            userId: ctx.user!.id,
            action: 'cycle.autoAssign',
            entity: 'cycle',
            entityId: cycle.id,
            cycleId: cycle.id,
            before: { loads: Object.fromEntries(plan.loads.map((l) => [l.reviewGroupId, l.before])) },
            after: {
              loads: Object.fromEntries(plan.loads.map((l) => [l.reviewGroupId, l.after])),
              assigned: assigned.length,
              unassigned: plan.rows.filter((r) => r.reviewGroupId === null).map((r) => r.applicationId),
            },
            at,
          });
        }
        const left = plan.rows.filter((r) => r.reviewGroupId === null);
        return {
          year: cycle.year,
          dryRun,
          article: 24 as const,
          assignments: assigned,
          unassigned: left,
          loads: plan.loads,
          /** Applications without a group that are not in the review (not qualified, ineligible, withdrawn, removed). */
          notReady: plan.notReady,
          message:
            plan.rows.length === 0
              ? { zh: '没有待分配的申报：资格初审通过的申报都已分配评审组。', en: 'Nothing to assign: every qualified application already has a review group.' }
              : {
                  zh: `${dryRun ? '预览：将分配' : '已分配'} ${assigned.length} 件申报${left.length > 0 ? `，${left.length} 件因各组均有成员须回避而未分配（第24条）` : ''}。`,
                  en: `${dryRun ? 'Preview: would assign' : 'Assigned'} ${assigned.length} application(s)${left.length > 0 ? `; ${left.length} left unassigned because every group has a member who must recuse (Art. 24)` : ''}.`,
                },
        };
      };
      return dryRun ? run(ctx) : inTransaction(ctx, run);
    }),

  /** Records (or replaces) the review agency the cycle procured (Art. 17: 评审机构采用政府采购方式选定). */
  setAgency: allow(...SECRETARIAT)
    .meta({ changes: 'nothing' })
    .input(
      z.object({
        year: yearInput.shape.year,
        name: plainText(1, 255, 'Agency name', '评审机构名称'),
        procurementRef: text(1, 128, 'Procurement reference'),
        contractDate: isoDate,
        note: z.string().trim().max(2000).nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const cycle = await requireCycle(tx, input.year);
        const before = await getReviewAgency(tx.db, cycle.id);
        const at = nowIso(ctx);
        const row = { name: input.name, procurementRef: input.procurementRef, contractDate: input.contractDate, note: input.note ? input.note : null };
        await saveReviewAgency(tx.db, cycle.id, { ...row, recordedBy: ctx.user!.id, recordedAt: at });
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'reviewAgency.set',
          entity: 'review_agency',
          entityId: cycle.id,
          cycleId: cycle.id,
          before: before ? { name: before.name, procurementRef: before.procurementRef, contractDate: before.contractDate, note: before.note } : undefined,
          after: row,
          at,
        });
        return { year: cycle.year, agency: agencyJson(await getReviewAgency(tx.db, cycle.id)) };
      }),
    ),

  /** Removes the cycle's agency record (the secretariat organises the review itself). */
  clearAgency: allow(...SECRETARIAT)
    .meta({ changes: 'nothing' })
    .input(yearInput)
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const cycle = await requireCycle(tx, input.year);
        const before = await getReviewAgency(tx.db, cycle.id);
        if (!before) {
          throw apiError('NOT_FOUND', { zh: `${cycle.year} 年度周期没有登记评审机构。`, en: `No review agency is recorded for the ${cycle.year} cycle.` });
        }
        await deleteReviewAgency(tx.db, cycle.id);
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'reviewAgency.clear',
          entity: 'review_agency',
          entityId: cycle.id,
          cycleId: cycle.id,
          before: { name: before.name, procurementRef: before.procurementRef, contractDate: before.contractDate, note: before.note },
          at: nowIso(ctx),
        });
        return { year: cycle.year, agency: null };
      }),
    ),
};
