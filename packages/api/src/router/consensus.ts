/**
 * The consensus review (the second step of every GB/T 19580 review) and the choice of the
 * candidates for on-site review (Art. 17). Spread into the `scoring` router.
 *
 * - The group leader (or the secretariat) opens the consensus agenda of the group's
 *   applications once every member has submitted the stage's sheet (or the secretariat opened
 *   the step early, with a reason): the items whose examiners' range reaches the cycle's flag
 *   threshold, ordered by disagreement × points at stake, each with every member's percentage
 *   and comment. Until then nobody on the panel sees another examiner's scores.
 * - A consensus percentage is recorded per item with a reason where it moves away from the
 *   independent statistic; the independent figure it was recorded against, who recorded it and
 *   when stay on the record, and every change is kept in the history and audited old → new.
 * - Every statistic comes from @mqa/scoring `scoreCycle` with the cycle's configured statistic
 *   (the fallback of the consensus-first method, `resolveMethod`).
 */
import {
  getApplicationSummary,
  getConsensus,
  getCycleById,
  getWeightSet,
  insertConsensusHistory,
  listApplicationsOfCycle,
  listConsensusHistory,
  listConsensusOpenings,
  listCycleConflicts,
  listCycleConsensus,
  listExaminers,
  listOnsiteSelected,
  listReviewGroups,
  listScoresWithComments,
  replaceOnsiteSelection,
  setConsensusIndependent,
  upsertConsensus,
  upsertConsensusOpening,
  writeAudit,
  type ApplicationSummary,
  type ConsensusHistoryRow,
  type ConsensusOpening,
  type ConsensusRecord,
  type Cycle,
  type ReviewGroupWithMembers,
  type ScoreWithComment,
  type Stage,
} from '@mqa/db';
import { CYCLE_PHASES, STAGE_IDS, type CyclePhase } from '@mqa/rules';
import {
  ITEM_IDS,
  isValidPercent,
  scoreCycle,
  scoreCycleColumnar,
  type ApplicationResult,
  type ColumnarCycleResult,
  type ItemResult,
  type StatMethod,
} from '@mqa/scoring';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { cycleBundle, requireCycle, resolveMethod, toScoringWeights } from '../domain/cycle.ts';
import { PHASE_NAMES, STAGE_NAMES } from '../domain/labels.ts';
import { apiError, applicationNotFound, rethrowDomain } from '../errors.ts';
import { allow } from '../trpc.ts';
import { inTransaction } from './helpers.ts';
import { yearInput } from './cycles.ts';
import { badCursor, cursorInput, decodeCursor, encodeCursor, MAX_PAGE_SIZE, searchInput } from './paging.ts';
import { ANALYSTS, CONSENSUS, SECRETARIAT } from './roles.ts';

const ITEM_SET = new Set<string>(ITEM_IDS);
export const stageInput = z.enum(['material', 'onsite']);
export const itemIdInput = z.string().refine((id) => ITEM_SET.has(id), { message: 'Unknown GB/T 19580-2012 item (未知的评分条款)' });
export const percentInput = z.number().refine(isValidPercent, { message: 'A percentage must be 0–100 in steps of 5 (评分须为 0–100 之间 5 的倍数)' });
const applicationIdInput = z.number().int().positive();

/** The review phase in which a stage's sheets and consensus are open (Art. 17). */
export function reviewPhaseOf(stage: Stage): CyclePhase {
  return stage === 'material' ? 'material_review' : 'onsite_review';
}

/** Whether the cycle has left the stage's review (independence ends there). */
export function reviewOver(cycle: Cycle, stage: Stage): boolean {
  return CYCLE_PHASES.indexOf(cycle.phase) > CYCLE_PHASES.indexOf(reviewPhaseOf(stage));
}

/** The examiner of the signed-in account. */
export function examinerIdOf(ctx: Context): number {
  const id = ctx.user?.examinerId;
  if (id == null) {
    throw apiError('FORBIDDEN', {
      zh: '您的账号没有关联评审员档案，请联系秘书处。',
      en: 'Your account is not linked to an examiner record; please contact the secretariat.',
    });
  }
  return id;
}

/** The cycle's statistic used for the independent figure (the fallback of the consensus-first method). */
export function independentMethodOf(cycle: Cycle): StatMethod {
  return resolveMethod(cycle).fallback ?? 'mean';
}

interface PanelData {
  cycle: Cycle;
  groups: ReviewGroupWithMembers[];
  conflicts: { applicationId: number; examinerId: number }[];
  points: Record<string, number>;
  method: StatMethod;
}

async function panelData(ctx: Context, cycle: Cycle): Promise<PanelData> {
  const [groups, conflicts, ws] = await Promise.all([
    listReviewGroups(ctx.db, cycle.id),
    listCycleConflicts(ctx.db, cycle.id),
    getWeightSet(ctx.db, cycle.weight_set_id),
  ]);
  return { cycle, groups, conflicts, points: ws!.points, method: independentMethodOf(cycle) };
}

/** Sheet status of each member for an application's stage. */
async function sheetStatuses(ctx: Context, applicationIds: number[], stage: Stage): Promise<Map<string, string>> {
  if (applicationIds.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('score_sheets')
    .select(['application_id', 'examiner_id', 'status'])
    .where('application_id', 'in', applicationIds)
    .where('stage', '=', stage)
    .execute();
  return new Map(rows.map((r) => [`${r.application_id}|${r.examiner_id}`, r.status]));
}

/**
 * The independent statistic of each item of some applications (submitted sheets only, recusals
 * excluded), through @mqa/scoring with the cycle's statistic.
 */
function independentResults(
  data: PanelData,
  weightSet: Parameters<typeof toScoringWeights>[0],
  applicationIds: number[],
  scores: { applicationId: number; examinerId: number; itemId: string; percent: number }[],
): Map<number, ApplicationResult> {
  if (applicationIds.length === 0) return new Map();
  const ids = new Set(applicationIds);
  try {
    const result = scoreCycle({
      weights: toScoringWeights(weightSet),
      method: data.method,
      flagThreshold: data.cycle.flag_threshold,
      applicationIds: applicationIds.map(String),
      scores: scores
        .filter((s) => ids.has(s.applicationId))
        .map((s) => ({ applicationId: String(s.applicationId), examinerId: String(s.examinerId), itemId: s.itemId, percent: s.percent })),
      recusals: data.conflicts
        .filter((c) => ids.has(c.applicationId))
        .map((c) => ({ applicationId: String(c.applicationId), examinerId: String(c.examinerId) })),
    });
    return new Map(result.applications.map((a) => [Number(a.id), a]));
  } catch (error) {
    rethrowDomain(error);
  }
}

/** Members of the application's group who are not recused from it. */
function activeMembers(data: PanelData, app: ApplicationSummary, recusedFrom?: ReadonlySet<number>): number[] {
  const group = data.groups.find((g) => g.id === app.review_group_id);
  if (!group) return [];
  const recused = recusedFrom ?? new Set(data.conflicts.filter((c) => c.applicationId === app.id).map((c) => c.examinerId));
  return group.memberIds.filter((m) => !recused.has(m));
}

/**
 * Whether the consensus step of an application's stage is open: every non-recused member of its
 * group has submitted the sheet, or the secretariat opened it early.
 */
async function consensusState(ctx: Context, data: PanelData, app: ApplicationSummary, stage: Stage) {
  const members = activeMembers(data, app);
  const statuses = await sheetStatuses(ctx, [app.id], stage);
  const allSubmitted = members.length > 0 && members.every((m) => statuses.get(`${app.id}|${m}`) === 'submitted');
  const opening = (await listConsensusOpenings(ctx.db, [app.id])).find((o) => o.stage === stage) ?? null;
  return { members, allSubmitted, opening, open: allSubmitted || opening !== null };
}

/**
 * The caller's right to record consensus on the application: the secretariat, or the leader of
 * the application's review group who is not recused from it (FORBIDDEN otherwise).
 */
async function requireConsensusRecorder(ctx: Context, app: ApplicationSummary, data: PanelData): Promise<'secretariat' | 'leader'> {
  if (ctx.user!.role === 'secretariat') return 'secretariat';
  const examinerId = examinerIdOf(ctx);
  const group = data.groups.find((g) => g.id === app.review_group_id);
  if (!group || group.leaderExaminerId !== examinerId) {
    throw apiError('FORBIDDEN', {
      zh: `只有申报 ${app.code} 所在评审组的组长或秘书处可以记录共识。`,
      en: `Only the leader of the review group of application ${app.code}, or the secretariat, may record its consensus.`,
    });
  }
  if (data.conflicts.some((c) => c.applicationId === app.id && c.examinerId === examinerId)) {
    throw apiError('FORBIDDEN', {
      zh: `您已回避申报 ${app.code}（第24条），不能主持其共识评议；请由秘书处记录。`,
      en: `You are recused from application ${app.code} (Art. 24) and may not lead its consensus; the secretariat records it instead.`,
    });
  }
  return 'leader';
}

function assertReviewPhase(cycle: Cycle, stage: Stage) {
  if (cycle.phase !== reviewPhaseOf(stage)) {
    const now = PHASE_NAMES[cycle.phase];
    throw apiError(
      'PRECONDITION_FAILED',
      {
        zh: `${cycle.year} 年度周期当前处于“${now.zh}”阶段，${STAGE_NAMES[stage].zh}的共识只能在该评审阶段内记录。`,
        en: `The ${cycle.year} cycle is in its "${now.en}" phase; the consensus of the ${STAGE_NAMES[stage].en.toLowerCase()} can only be recorded during that review.`,
      },
      { phase: cycle.phase, stage },
    );
  }
}

const reasonInput = z.string().trim().max(2000);

// ---- the consensus agenda -----------------------------------------------------------------------

/** Agenda rows or applications per page, at most {@link MAX_PAGE_SIZE} (absent: every one). */
const agendaLimitInput = z.number().int().min(1).max(MAX_PAGE_SIZE).optional();

const agendaInput = yearInput.extend({
  groupId: z.number().int().positive().optional(),
  stage: stageInput.optional(),
  scope: z.enum(['flagged', 'all']).optional(),
  /** Agenda rows (items) per page; with it (or any field below) the agenda is paged and searched on the server. */
  limit: agendaLimitInput,
  /** The `nextCursor` of the previous page of agenda rows. */
  cursor: cursorInput,
  /** Applications per page (the applications table, paged on its own). */
  applicationsLimit: agendaLimitInput,
  /** The `applicationsNextCursor` of the previous page of applications. */
  applicationsCursor: cursorInput,
  /** Part of an application's code or applicant name: only those applications and their rows. */
  q: searchInput,
  /** Only applications whose consensus step is open, or still waiting for sheets (and their rows). */
  state: z.enum(['open', 'waiting']).optional(),
  /** Only agenda rows with (true) or without (false) a recorded consensus. */
  recorded: z.boolean().optional(),
});
type AgendaInput = z.infer<typeof agendaInput>;

/** Whether a call asks for the paged and searched agenda (any of the optional paging fields). */
function pagedCall(input: AgendaInput): boolean {
  return (
    input.limit !== undefined ||
    input.applicationsLimit !== undefined ||
    !!input.cursor ||
    !!input.applicationsCursor ||
    !!input.q ||
    input.state !== undefined ||
    input.recorded !== undefined
  );
}

/** Who asks for which groups' agenda, and of which stage. */
interface AgendaScope {
  cycle: Cycle;
  data: PanelData;
  stage: Stage;
  isSecretariat: boolean;
  /** The caller's examiner record (a group leader); null for the secretariat. */
  examinerId: number | null;
  groups: ReviewGroupWithMembers[];
}

async function agendaScope(ctx: Context, input: AgendaInput): Promise<AgendaScope> {
  const cycle = await requireCycle(ctx, input.year);
  const data = await panelData(ctx, cycle);
  const stage: Stage = input.stage ?? (cycle.phase === 'onsite_review' ? 'onsite' : 'material');
  const isSecretariat = ctx.user!.role === 'secretariat';
  const examinerId = isSecretariat ? null : examinerIdOf(ctx);
  let groups = isSecretariat ? data.groups : data.groups.filter((g) => g.leaderExaminerId === examinerId);
  if (!isSecretariat && groups.length === 0) {
    throw apiError('FORBIDDEN', {
      zh: `您不是 ${cycle.year} 年度任何评审组的组长，共识议程由组长或秘书处打开。`,
      en: `You lead no review group in the ${cycle.year} cycle; the consensus agenda is for group leaders and the secretariat.`,
    });
  }
  if (input.groupId !== undefined) {
    const g = groups.find((x) => x.id === input.groupId);
    if (!g) {
      const exists = data.groups.some((x) => x.id === input.groupId);
      throw exists
        ? apiError('FORBIDDEN', { zh: '您不是该评审组的组长。', en: 'You are not the leader of that review group.' })
        : apiError('NOT_FOUND', {
            zh: `${cycle.year} 年度没有编号为 ${input.groupId} 的评审组。`,
            en: `The ${cycle.year} cycle has no review group ${input.groupId}.`,
          });
    }
    groups = [g];
  }
  return { cycle, data, stage, isSecretariat, examinerId, groups };
}

type Name = { zh: string; en: string };
type NameOf = (examinerId: number) => Name;

/** Examiners' names (a member without a record: "Examiner <id>"). */
function namesOf(examiners: ReadonlyMap<number, { name_zh: string; name_en: string }>): NameOf {
  return (id) => {
    const e = examiners.get(id);
    return e ? { zh: e.name_zh, en: e.name_en } : { zh: `评审员 ${id}`, en: `Examiner ${id}` };
  };
}

/** Examiner → application → recused (Art. 24), from the cycle's conflicts. */
function recusalsOf(conflicts: PanelData['conflicts']): (applicationId: number) => ReadonlySet<number> {
  const byApp = new Map<number, Set<number>>();
  for (const c of conflicts) {
    const set = byApp.get(c.applicationId);
    if (set) set.add(c.examinerId);
    else byApp.set(c.applicationId, new Set([c.examinerId]));
  }
  const none: ReadonlySet<number> = new Set();
  return (id) => byApp.get(id) ?? none;
}

/** The applications of the agenda: active, in one of the groups, and on the on-site list for the on-site stage. */
function agendaApplications(s: AgendaScope, all: ApplicationSummary[], onsite: ReadonlySet<number> | null): ApplicationSummary[] {
  const groupIds = new Set(s.groups.map((g) => g.id));
  return all.filter((a) => a.review_group_id !== null && groupIds.has(a.review_group_id) && a.status === 'active' && (!onsite || onsite.has(a.id)));
}

/** One application's row of the agenda: its members with their sheet status, whether the step is open. */
function applicationRow(
  app: ApplicationSummary,
  group: ReviewGroupWithMembers,
  recused: ReadonlySet<number>,
  statusOf: (examinerId: number) => string | undefined,
  opening: ConsensusOpening | null,
  nameOf: NameOf,
) {
  const members = group.memberIds.filter((m) => !recused.has(m));
  const allSubmitted = members.length > 0 && members.every((m) => statusOf(m) === 'submitted');
  return {
    applicationId: app.id,
    code: app.code,
    name: { zh: app.applicantNameZh, en: app.applicantNameEn },
    groupId: group.id,
    members: group.memberIds.map((m) => ({
      examinerId: m,
      name: nameOf(m),
      leader: m === group.leaderExaminerId,
      recused: recused.has(m),
      status: statusOf(m) ?? 'not_started',
    })),
    allSubmitted,
    opening: opening ? { reason: opening.reason, openedBy: opening.openedByName, openedAt: opening.openedAt } : null,
    /** Members' scores are visible (and consensus may be recorded) once every member submitted or the secretariat opened the step. */
    open: allSubmitted || opening !== null,
  };
}
type AgendaApplication = ReturnType<typeof applicationRow>;

/** An agenda row's figures: the item's disagreement and independent statistic (no scores, no consensus yet). */
function itemFigures(
  app: Pick<AgendaApplication, 'applicationId' | 'code' | 'name'>,
  itemId: string,
  it: Pick<ItemResult, 'percent' | 'n' | 'sd' | 'range' | 'flagged'>,
  points: number,
  method: StatMethod,
) {
  return {
    applicationId: app.applicationId,
    code: app.code,
    name: app.name,
    itemId,
    points,
    range: it.range,
    sd: it.sd,
    n: it.n,
    flagged: it.flagged,
    /** range × item points / 100: the points the examiners' disagreement spans. */
    stake: it.range === null ? 0 : (it.range * points) / 100,
    independent: { percent: it.percent, method },
  };
}
type ItemFigures = ReturnType<typeof itemFigures>;

/** The agenda's order: the points at stake, then the range, largest first; then code and item. */
function compareItems(a: Pick<ItemFigures, 'stake' | 'range' | 'code' | 'itemId'>, b: Pick<ItemFigures, 'stake' | 'range' | 'code' | 'itemId'>): number {
  return b.stake - a.stake || (b.range ?? 0) - (a.range ?? 0) || a.code.localeCompare(b.code) || ITEM_IDS.indexOf(a.itemId) - ITEM_IDS.indexOf(b.itemId);
}

/** An agenda row: its figures, the members' percentages and comments, the consensus with its history. */
function itemRow(
  figures: ItemFigures,
  cellScores: readonly ScoreWithComment[],
  recused: ReadonlySet<number>,
  c: ConsensusRecord | undefined,
  history: readonly ConsensusHistoryRow[],
  nameOf: NameOf,
  userName: ReadonlyMap<number, string>,
) {
  return {
    ...figures,
    scores: cellScores
      .filter((s) => !recused.has(s.examinerId))
      .sort((a, b) => a.examinerId - b.examinerId)
      .map((s) => ({ examinerId: s.examinerId, name: nameOf(s.examinerId), percent: s.percent, comment: s.comment })),
    consensus: c
      ? {
          percent: c.percent,
          reason: c.reason,
          recordedBy: c.recorded_by === null ? null : { id: c.recorded_by, name: userName.get(c.recorded_by) ?? null },
          recordedAt: c.recorded_at,
          independentPercent: c.independent_percent,
          independentMethod: c.independent_method,
          history: history.map((h) => ({
            oldPercent: h.oldPercent,
            percent: h.percent,
            oldReason: h.oldReason,
            reason: h.reason,
            independentPercent: h.independentPercent,
            recordedBy: h.recordedByName,
            recordedAt: h.recordedAt,
          })),
        }
      : null,
  };
}
type AgendaItem = ReturnType<typeof itemRow>;

const cellKey = (applicationId: number, itemId: string) => `${applicationId}|${itemId}`;

function groupCells<T extends { applicationId: number; itemId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = cellKey(r.applicationId, r.itemId);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

async function userNames(ctx: Context, ids: Iterable<number>): Promise<Map<number, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const users = await ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(users.map((u) => [u.id, u.display_name]));
}

/** How many applications and rows the agenda has before any search or filter. */
interface AgendaCounts {
  /** Applications on the agenda (the caller's groups, recused ones left out). */
  applications: number;
  /** Of those, with the consensus step open. */
  open: number;
  /** Agenda rows (items), and those with a recorded consensus. */
  items: number;
  recorded: number;
}

function agendaAnswer(
  s: AgendaScope,
  input: AgendaInput,
  nameOf: NameOf,
  parts: {
    applications: AgendaApplication[];
    recusedApplications: string[];
    items: AgendaItem[];
    total: number;
    nextCursor: string | null;
    applicationsTotal: number;
    applicationsNextCursor: string | null;
    counts: AgendaCounts;
  },
) {
  const { cycle, stage } = s;
  return {
    year: cycle.year,
    phase: cycle.phase,
    stage,
    /** Consensus may be recorded by the leader only while the stage's review runs. */
    recordable: cycle.phase === reviewPhaseOf(stage),
    method: s.data.method,
    flagThreshold: cycle.flag_threshold,
    scope: input.scope ?? 'flagged',
    groups: s.groups.map((g) => ({
      id: g.id,
      name: { zh: g.nameZh, en: g.nameEn },
      leader: { examinerId: g.leaderExaminerId, name: nameOf(g.leaderExaminerId) },
    })),
    applications: parts.applications,
    /** Applications of the caller's groups from which the caller is recused (Art. 24): not shown. */
    recusedApplications: parts.recusedApplications,
    items: parts.items,
    /** Agenda rows matching the search and filters (every page); `items` is one page of them when paged. */
    total: parts.total,
    /** The cursor of the next page of rows (`cursor`), null on the last page. */
    nextCursor: parts.nextCursor,
    /** Applications matching the search and filters (every page). */
    applicationsTotal: parts.applicationsTotal,
    /** The cursor of the next page of applications (`applicationsCursor`), null on the last page. */
    applicationsNextCursor: parts.applicationsNextCursor,
    counts: parts.counts,
  };
}

function countsOf(applications: readonly { open: boolean }[], items: readonly { consensus?: unknown; record?: unknown }[]): AgendaCounts {
  return {
    applications: applications.length,
    open: applications.filter((a) => a.open).length,
    items: items.length,
    recorded: items.filter((i) => (i.consensus ?? i.record ?? null) !== null).length,
  };
}

/** The whole agenda in one answer (a caller that asks for no page: the agenda as it always was). */
async function wholeAgenda(ctx: Context, s: AgendaScope, input: AgendaInput) {
  const { cycle, data, stage, isSecretariat, examinerId, groups } = s;
  const onsite = stage === 'onsite' ? new Set((await listOnsiteSelected(ctx.db, cycle.id)).map((x) => x.applicationId)) : null;
  // Every per-application and per-item lookup below goes through a map built once (a cycle of
  // thousands of applications made scanning the lists per row quadratic).
  const recusedOf = recusalsOf(data.conflicts);
  const apps = agendaApplications(s, await listApplicationsOfCycle(ctx.db, cycle.id), onsite);
  // A recused leader sees nothing of that application (Art. 24).
  const recusedFromLeader = examinerId === null ? [] : apps.filter((a) => recusedOf(a.id).has(examinerId));
  const visible = apps.filter((a) => !recusedFromLeader.includes(a));
  const ids = visible.map((a) => a.id);
  const [statuses, openings, allConsensus, history, withComments] = await Promise.all([
    sheetStatuses(ctx, ids, stage),
    listConsensusOpenings(ctx.db, ids),
    listCycleConsensus(ctx.db, cycle.id),
    listConsensusHistory(ctx.db, ids),
    listScoresWithComments(ctx.db, ids, stage),
  ]);
  const memberIds = new Set<number>();
  for (const g of groups) for (const m of g.memberIds) memberIds.add(m);
  const nameOf = namesOf(new Map((await listExaminers(ctx.db, [...memberIds])).map((e) => [e.id, e])));
  const groupById = new Map(groups.map((g) => [g.id, g]));
  const openingOf = new Map(openings.filter((o) => o.stage === stage).map((o) => [o.applicationId, o]));
  const consensusOf = new Map(allConsensus.filter((c) => c.stage === stage).map((c) => [cellKey(c.application_id, c.item_id), c]));
  const userName = await userNames(
    ctx,
    [...consensusOf.values()].flatMap((c) => (c.recorded_by === null ? [] : [c.recorded_by])),
  );

  const applications = visible.map((app) =>
    applicationRow(app, groupById.get(app.review_group_id!)!, recusedOf(app.id), (m) => statuses.get(`${app.id}|${m}`), openingOf.get(app.id) ?? null, nameOf),
  );
  const openIds = applications.filter((a) => a.open || isSecretariat).map((a) => a.applicationId);
  const openSet = new Set(openIds);
  const counted = withComments.filter((sc) => openSet.has(sc.applicationId) && statuses.get(`${sc.applicationId}|${sc.examinerId}`) === 'submitted');
  const weightSet = (await getWeightSet(ctx.db, cycle.weight_set_id))!;
  const results = independentResults(data, weightSet, openIds, counted);
  const scoresOfCell = groupCells(counted);
  const historyOfCell = groupCells(history.filter((h) => h.stage === stage));
  const items: AgendaItem[] = [];
  for (const app of applications) {
    if (!openSet.has(app.applicationId)) continue;
    const r = results.get(app.applicationId);
    if (!r) continue;
    const recused = recusedOf(app.applicationId);
    for (const itemId of ITEM_IDS) {
      const it = r.items[itemId]!;
      const k = cellKey(app.applicationId, itemId);
      const c = consensusOf.get(k);
      if (input.scope !== 'all' && !it.flagged && !c) continue;
      const figures = itemFigures(app, itemId, it, data.points[itemId] ?? 0, data.method);
      items.push(itemRow(figures, scoresOfCell.get(k) ?? [], recused, c, historyOfCell.get(k) ?? [], nameOf, userName));
    }
  }
  items.sort(compareItems);
  return agendaAnswer(s, input, nameOf, {
    applications,
    recusedApplications: recusedFromLeader.map((a) => a.code),
    items,
    total: items.length,
    nextCursor: null,
    applicationsTotal: applications.length,
    applicationsNextCursor: null,
    counts: countsOf(applications, items),
  });
}

/**
 * What the paged agenda keeps between calls (per data version, caller's groups, stage and
 * scope): every application's row and every agenda row's figures, in order, without the
 * members' comments and the consensus history, which are read for the page shown.
 */
interface AgendaIndex {
  applications: AgendaApplication[];
  /** Code and applicant names per application, lower-cased (the search). */
  searchText: Map<number, string>;
  items: (ItemFigures & { record: ConsensusRecord | undefined })[];
  recusedApplications: string[];
  counts: AgendaCounts;
  /** The names of the groups' members. */
  names: Map<number, Name>;
}

/**
 * Builds the {@link AgendaIndex} from the cycle's cached data (`cycleBundle`: the submitted
 * scores as columns) with one pass of the scoring core over the open applications, instead of
 * every score as an object with its comment (at 10,000 applications, 1.6 M of them).
 */
async function buildAgendaIndex(ctx: Context, s: AgendaScope, scope: AgendaInput['scope']): Promise<AgendaIndex> {
  const { cycle, data, stage, isSecretariat, examinerId, groups } = s;
  const [bundle, onsiteRows] = await Promise.all([cycleBundle(ctx, cycle.year), stage === 'onsite' ? listOnsiteSelected(ctx.db, cycle.id) : null]);
  const onsite = onsiteRows ? new Set(onsiteRows.map((x) => x.applicationId)) : null;
  const recusedOf = recusalsOf(data.conflicts);
  const apps = agendaApplications(s, bundle.applications, onsite);
  const recusedFromLeader = examinerId === null ? [] : apps.filter((a) => recusedOf(a.id).has(examinerId));
  const hidden = new Set(recusedFromLeader);
  const visible = apps.filter((a) => !hidden.has(a));
  const [sheets, openings] = await Promise.all([
    ctx.db
      .selectFrom('score_sheets')
      .innerJoin('applications', 'applications.id', 'score_sheets.application_id')
      .select(['score_sheets.application_id as a', 'score_sheets.examiner_id as e', 'score_sheets.status as status'])
      .where('applications.cycle_id', '=', cycle.id)
      .where('score_sheets.stage', '=', stage)
      .execute(),
    listConsensusOpenings(
      ctx.db,
      visible.map((a) => a.id),
    ),
  ]);
  const statuses = new Map(sheets.map((r) => [`${r.a}|${r.e}`, r.status as string]));
  const memberIds = new Set<number>();
  for (const g of groups) for (const m of g.memberIds) memberIds.add(m);
  const nameOf = namesOf(new Map([...memberIds].flatMap((id) => (bundle.examiners.has(id) ? [[id, bundle.examiners.get(id)!] as const] : []))));
  const groupById = new Map(groups.map((g) => [g.id, g]));
  const openingOf = new Map(openings.filter((o) => o.stage === stage).map((o) => [o.applicationId, o]));
  const applications = visible.map((app) =>
    applicationRow(app, groupById.get(app.review_group_id!)!, recusedOf(app.id), (m) => statuses.get(`${app.id}|${m}`), openingOf.get(app.id) ?? null, nameOf),
  );
  const searchText = new Map(visible.map((a) => [a.id, `${a.code}\n${a.applicantNameZh}\n${a.applicantNameEn}`.toLowerCase()]));

  // The submitted scores of the stage of the open applications (the bundle's cells are the
  // cycle's submitted sheets), scored by the core with the independent statistic.
  const openApps = applications.filter((a) => a.open || isSecretariat);
  const appIndex = new Map(openApps.map((a, i) => [a.applicationId, i]));
  const cells = bundle.cells;
  const st = STAGE_IDS.indexOf(stage);
  const itemOf = Int16Array.from(cells.itemIds, (id) => ITEM_IDS.indexOf(id));
  const exIndex = new Map<number, number>();
  const application = new Uint32Array(cells.length);
  const examiner = new Uint32Array(cells.length);
  const item = new Uint8Array(cells.length);
  const percent = new Float64Array(cells.length);
  let n = 0;
  // The cells come sheet by sheet (application, examiner): one lookup per sheet, not per score.
  let lastApp = -1;
  let ai: number | undefined;
  let lastEx = -1;
  let x = 0;
  for (let k = 0; k < cells.length; k++) {
    if (cells.stage[k] !== st) continue;
    const id = cells.applicationId[k]!;
    if (id !== lastApp) {
      lastApp = id;
      ai = appIndex.get(id);
      lastEx = -1;
    }
    const t = itemOf[cells.item[k]!]!;
    if (ai === undefined || t < 0) continue;
    const e = cells.examinerId[k]!;
    if (e !== lastEx) {
      lastEx = e;
      let i = exIndex.get(e);
      if (i === undefined) exIndex.set(e, (i = exIndex.size));
      x = i;
    }
    application[n] = ai;
    examiner[n] = x;
    item[n] = t;
    percent[n] = cells.percent[k]!;
    n++;
  }
  const ra: number[] = [];
  const re: number[] = [];
  for (const c of data.conflicts) {
    const i = appIndex.get(c.applicationId);
    const j = exIndex.get(c.examinerId);
    if (i === undefined || j === undefined) continue;
    ra.push(i);
    re.push(j);
  }
  const items: AgendaIndex['items'] = [];
  if (openApps.length) {
    let r: ColumnarCycleResult;
    try {
      r = scoreCycleColumnar({
        weights: toScoringWeights(bundle.weightSet),
        method: data.method,
        flagThreshold: cycle.flag_threshold,
        scores: {
          applicationIds: openApps.map((o) => String(o.applicationId)),
          examinerIds: [...exIndex.keys()].map(String),
          itemIds: ITEM_IDS,
          application: application.subarray(0, n),
          examiner: examiner.subarray(0, n),
          item: item.subarray(0, n),
          percent: percent.subarray(0, n),
        },
        recusals: { application: Uint32Array.from(ra), examiner: Uint32Array.from(re) },
      });
    } catch (error) {
      rethrowDomain(error);
    }
    const consensusOf = new Map<number, ConsensusRecord>();
    const NI = ITEM_IDS.length;
    for (const c of bundle.consensus) {
      const t = ITEM_IDS.indexOf(c.item_id);
      if (c.stage === stage && t >= 0) consensusOf.set(c.application_id * NI + t, c);
    }
    // The core's per-cell figures, read as `materialise` gives them (null where nothing was counted).
    for (const [i, app] of openApps.entries()) {
      for (let t = 0; t < NI; t++) {
        const cell = i * NI + t;
        const c = consensusOf.get(app.applicationId * NI + t);
        const flagged = r.flagged[cell] === 1;
        if (scope !== 'all' && !flagged && !c) continue;
        const m = r.n[cell]!;
        const pct = r.percent[cell]!;
        const it = { percent: pct === pct ? pct : null, n: m, sd: m > 0 ? r.sd[cell]! : null, range: m > 0 ? r.range[cell]! : null, flagged };
        const itemId = ITEM_IDS[t]!;
        items.push({ ...itemFigures(app, itemId, it, data.points[itemId] ?? 0, data.method), record: c });
      }
    }
  }
  items.sort(compareItems);
  return {
    applications,
    searchText,
    items,
    recusedApplications: recusedFromLeader.map((a) => a.code),
    counts: countsOf(applications, items),
    names: new Map([...memberIds].map((id) => [id, nameOf(id)])),
  };
}

const ITEMS_ORDER = 'consensus-items';
const APPLICATIONS_ORDER = 'consensus-applications';

/** An agenda row's place in the order, as a cursor's key: stake, range, item, code. */
function itemKey(r: Pick<ItemFigures, 'stake' | 'range' | 'itemId' | 'code'>): string {
  return [r.stake, r.range ?? '', r.itemId, r.code].join('|');
}

function parseItemKey(key: string | number): Pick<ItemFigures, 'stake' | 'range' | 'itemId' | 'code'> {
  const parts = String(key).split('|');
  const [stake, range, itemId] = [Number(parts[0]), parts[1] === '' ? null : Number(parts[1]), parts[2] ?? ''];
  const code = parts.slice(3).join('|');
  if (parts.length < 4 || !Number.isFinite(stake) || (range !== null && !Number.isFinite(range)) || !ITEM_SET.has(itemId)) throw badCursor();
  return { stake, range, itemId, code };
}

/** One page of `rows` after the cursor's row, by `after(row)` (true once past the cursor). */
function pageOf<T>(rows: readonly T[], limit: number | undefined, after: ((row: T) => boolean) | null, cursorOf: (row: T) => string) {
  const from = after ? rows.findIndex(after) : 0;
  const start = from < 0 ? rows.length : from;
  const page = limit === undefined ? rows.slice(start) : rows.slice(start, start + limit);
  const more = start + page.length < rows.length && page.length > 0;
  return { page, nextCursor: more ? cursorOf(page[page.length - 1]!) : null };
}

/**
 * The agenda paged and searched on the server: one page of applications (in code order) and one
 * page of agenda rows (in the agenda's order), each with its own keyset cursor, and how many
 * match. The rows of the page get the members' percentages and comments and the consensus
 * history, as in the whole agenda.
 */
async function pagedAgenda(ctx: Context, s: AgendaScope, input: AgendaInput) {
  const who = s.examinerId === null ? 'secretariat' : `examiner-${s.examinerId}`;
  const groupsKey = input.groupId === undefined ? 'all' : String(input.groupId);
  const index = await ctx.services.cache.memo(`consensusAgenda:${s.cycle.year}:${s.stage}:${input.scope ?? 'flagged'}:${who}:${groupsKey}`, () =>
    buildAgendaIndex(ctx, s, input.scope),
  );
  const q = input.q?.toLowerCase() ?? '';
  const openOf = new Map(index.applications.map((a) => [a.applicationId, a.open]));
  const wanted = (id: number) => (!q || index.searchText.get(id)!.includes(q)) && (input.state === undefined || (input.state === 'open') === openOf.get(id));
  const apps = q || input.state ? index.applications.filter((a) => wanted(a.applicationId)) : index.applications;
  const rows = index.items.filter((r) => wanted(r.applicationId) && (input.recorded === undefined || input.recorded === (r.record !== undefined)));

  let appsAfter: ((a: AgendaApplication) => boolean) | null = null;
  if (input.applicationsCursor) {
    const c = decodeCursor(input.applicationsCursor, APPLICATIONS_ORDER);
    const code = String(c.key);
    appsAfter = (a) => a.code > code || (a.code === code && a.applicationId > c.id);
  }
  const appPage = pageOf(apps, input.applicationsLimit, appsAfter, (a) => encodeCursor({ order: APPLICATIONS_ORDER, key: a.code, id: a.applicationId }));
  let rowsAfter: ((r: ItemFigures) => boolean) | null = null;
  if (input.cursor) {
    const c = decodeCursor(input.cursor, ITEMS_ORDER);
    const last = parseItemKey(c.key);
    rowsAfter = (r) => compareItems(r, last) > 0;
  }
  const rowPage = pageOf(rows, input.limit, rowsAfter, (r) => encodeCursor({ order: ITEMS_ORDER, key: itemKey(r), id: r.applicationId }));

  // What the page shows beyond the figures: the members' sheet status now (a draft saved since
  // changes no result), their percentages and comments, the consensus history.
  const pageApps = new Set([...appPage.page.map((a) => a.applicationId), ...rowPage.page.map((r) => r.applicationId)]);
  const rowApps = [...new Set(rowPage.page.map((r) => r.applicationId))];
  const [statuses, withComments, history, userName] = await Promise.all([
    sheetStatuses(ctx, [...pageApps], s.stage),
    listScoresWithComments(ctx.db, rowApps, s.stage),
    listConsensusHistory(ctx.db, rowApps),
    userNames(
      ctx,
      rowPage.page.flatMap((r) => (r.record && r.record.recorded_by !== null ? [r.record.recorded_by] : [])),
    ),
  ]);
  const recusedOf = recusalsOf(s.data.conflicts);
  const scoresOfCell = groupCells(withComments.filter((sc) => statuses.get(`${sc.applicationId}|${sc.examinerId}`) === 'submitted'));
  const historyOfCell = groupCells(history.filter((h) => h.stage === s.stage));
  const nameOf: NameOf = (id) => index.names.get(id) ?? { zh: `评审员 ${id}`, en: `Examiner ${id}` };
  const applications = appPage.page.map((a) => ({
    ...a,
    members: a.members.map((m) => ({ ...m, status: statuses.get(`${a.applicationId}|${m.examinerId}`) ?? 'not_started' })),
  }));
  const items = rowPage.page.map(({ record, ...figures }) => {
    const k = cellKey(figures.applicationId, figures.itemId);
    return itemRow(figures, scoresOfCell.get(k) ?? [], recusedOf(figures.applicationId), record, historyOfCell.get(k) ?? [], nameOf, userName);
  });
  return agendaAnswer(s, input, nameOf, {
    applications,
    recusedApplications: index.recusedApplications,
    items,
    total: rows.length,
    nextCursor: rowPage.nextCursor,
    applicationsTotal: apps.length,
    applicationsNextCursor: appPage.nextCursor,
    counts: index.counts,
  });
}

export const consensusProcedures = {
  /**
   * Records a consensus percentage for one item (audited old → new, kept in the history). The
   * secretariat may record at any time; the group leader once the consensus step is open and
   * while the stage's review runs. A reason is required where the percentage moves away from the
   * independent statistic (and always from the secretariat).
   */
  recordConsensus: allow(...CONSENSUS)
    .meta({ changes: { cycleOfApplication: 'applicationId' } })
    .input(
      z.object({
        applicationId: applicationIdInput,
        itemId: itemIdInput,
        stage: stageInput,
        percent: percentInput,
        reason: reasonInput.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const app = await getApplicationSummary(ctx.db, input.applicationId);
      if (!app) throw applicationNotFound(input.applicationId);
      const cycle = (await getCycleById(ctx.db, app.cycle_id))!;
      const data = await panelData(ctx, cycle);
      const who = await requireConsensusRecorder(ctx, app, data);
      if (who === 'leader') {
        assertReviewPhase(cycle, input.stage);
        const state = await consensusState(ctx, data, app, input.stage);
        if (!state.open) {
          throw apiError('PRECONDITION_FAILED', {
            zh: `评审组成员尚未全部提交申报 ${app.code} 的${STAGE_NAMES[input.stage].zh}评分表，共识评议还不能开始（秘书处可说明理由提前开启）。`,
            en: `Not every member of the group has submitted the ${STAGE_NAMES[input.stage].en.toLowerCase()} sheet of application ${app.code} yet, so the consensus cannot start (the secretariat may open it early with a reason).`,
          });
        }
      }
      const scores = await listScoresWithComments(ctx.db, [app.id], input.stage);
      if (!scores.some((s) => s.itemId === input.itemId)) {
        throw apiError('PRECONDITION_FAILED', {
          zh: `申报 ${app.code} 的条款 ${input.itemId} 在${STAGE_NAMES[input.stage].zh}阶段还没有评审员评分，无法记录共识。`,
          en: `No examiner has scored item ${input.itemId} of application ${app.code} in the ${STAGE_NAMES[input.stage].en.toLowerCase()} yet, so no consensus can be recorded.`,
        });
      }
      const submitted = await submittedScores(ctx, [app.id], input.stage);
      const weightSet = (await getWeightSet(ctx.db, cycle.weight_set_id))!;
      const independent = independentResults(data, weightSet, [app.id], submitted).get(app.id)?.items[input.itemId]?.percent ?? null;
      const reason = input.reason ?? '';
      const reasonNeeded = who === 'secretariat' || independent === null || input.percent !== independent;
      if (reasonNeeded && reason.length < 2) {
        throw apiError('BAD_REQUEST', {
          zh:
            who === 'secretariat'
              ? '请填写共识理由（秘书处记录的共识须说明理由）。'
              : `共识分 ${input.percent}% 与独立评分的${methodZh(data.method)} ${independent ?? '—'}% 不同，请填写理由。`,
          en:
            who === 'secretariat'
              ? 'Give the reason for the consensus (the secretariat always states one).'
              : `The consensus ${input.percent}% differs from the independent ${data.method} ${independent ?? '—'}%: give the reason.`,
        });
      }
      const at = ctx.services.now().toISOString();
      return inTransaction(ctx, async (tx) => {
        const before = await getConsensus(tx.db, app.id, input.itemId, input.stage);
        await upsertConsensus(tx.db, {
          applicationId: app.id,
          itemId: input.itemId,
          stage: input.stage,
          percent: input.percent,
          reason,
          recordedBy: ctx.user!.id,
          at,
        });
        await setConsensusIndependent(
          tx.db,
          { applicationId: app.id, itemId: input.itemId, stage: input.stage },
          { percent: independent, method: data.method },
        );
        await insertConsensusHistory(tx.db, {
          applicationId: app.id,
          itemId: input.itemId,
          stage: input.stage,
          oldPercent: before?.percent ?? null,
          oldReason: before?.reason ?? null,
          percent: input.percent,
          reason,
          independentPercent: independent,
          independentMethod: data.method,
          recordedBy: ctx.user!.id,
          recordedAt: at,
        });
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'consensus.record',
          entity: 'consensus',
          entityId: `${app.id}:${input.itemId}:${input.stage}`,
          cycleId: app.cycle_id,
          before: before ? { percent: before.percent, reason: before.reason } : null,
          after: { percent: input.percent, reason },
          at,
        });
        return {
          applicationId: app.id,
          itemId: input.itemId,
          stage: input.stage,
          percent: input.percent,
          reason,
          recordedAt: at,
          independent: { percent: independent, method: data.method },
          previous: before ? { percent: before.percent, reason: before.reason } : null,
        };
      });
    }),

  /**
   * The secretariat opens the consensus step of an application's stage before every member has
   * submitted (audited with the reason).
   */
  openConsensus: allow(...SECRETARIAT)
    // The opened step changes the agenda (kept per data version with the cycle's results).
    .meta({ changes: { cycleOfApplication: 'applicationId' } })
    .input(
      z.object({
        applicationId: applicationIdInput,
        stage: stageInput,
        reason: z.string().trim().min(2, 'Give the reason for opening the consensus early (请填写提前开启共识评议的理由)').max(2000),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const app = await getApplicationSummary(ctx.db, input.applicationId);
      if (!app) throw applicationNotFound(input.applicationId);
      const cycle = (await getCycleById(ctx.db, app.cycle_id))!;
      assertReviewPhase(cycle, input.stage);
      if (app.review_group_id === null) {
        throw apiError('PRECONDITION_FAILED', {
          zh: `申报 ${app.code} 还没有分配评审组，无法开启共识评议。`,
          en: `Application ${app.code} has no review group yet, so its consensus cannot be opened.`,
        });
      }
      const at = ctx.services.now().toISOString();
      return inTransaction(ctx, async (tx) => {
        const before = (await listConsensusOpenings(tx.db, [app.id])).find((o) => o.stage === input.stage) ?? null;
        await upsertConsensusOpening(tx.db, { applicationId: app.id, stage: input.stage, reason: input.reason, openedBy: ctx.user!.id, openedAt: at });
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'consensus.open',
          entity: 'consensus_opening',
          entityId: `${app.id}:${input.stage}`,
          cycleId: app.cycle_id,
          before: before ? { reason: before.reason, openedAt: before.openedAt } : null,
          after: { reason: input.reason, openedAt: at },
          at,
        });
        return { applicationId: app.id, stage: input.stage, reason: input.reason, openedAt: at };
      });
    }),

  /**
   * The consensus agenda of a cycle's review groups: for the secretariat every group (or
   * `groupId`), for an examiner the groups they lead. Per application: the members and their
   * sheet status, whether the step is open; once open, the items whose range reaches the flag
   * threshold (or that have a consensus; `scope: 'all'` for every item) with every member's
   * percentage and comment, the independent statistic, and the consensus with its history.
   * Items are ordered by range × item points (the points the disagreement spans), largest first.
   *
   * Paged on the server when asked (a province's cycle has tens of thousands of rows): `limit`
   * rows a page after `cursor`, `applicationsLimit` applications a page after
   * `applicationsCursor`, searched by code or applicant name (`q`) and filtered by the step's
   * state and whether a consensus is recorded; `total`, `applicationsTotal` and `counts` say
   * how many. Without any of these the answer is the whole agenda, as it always was.
   */
  consensusAgenda: allow(...CONSENSUS)
    .input(agendaInput)
    .query(async ({ ctx, input }) => {
      const s = await agendaScope(ctx, input);
      return pagedCall(input) ? pagedAgenda(ctx, s, input) : wholeAgenda(ctx, s, input);
    }),

  /** The candidates chosen for on-site review in a cycle (Art. 17). */
  onsiteSelection: allow(...ANALYSTS)
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      const rows = await listOnsiteSelected(ctx.db, cycle.id);
      // Each candidate's code and name, so a list longer than the page of the ranking shown still names them all.
      const apps = await Promise.all(rows.map((r) => getApplicationSummary(ctx.db, r.applicationId)));
      const selected = rows.map((r, i) => {
        const app = apps[i];
        return { ...r, code: app?.code ?? String(r.applicationId), name: { zh: app?.applicantNameZh ?? '', en: app?.applicantNameEn ?? '' } };
      });
      return { year: cycle.year, phase: cycle.phase, editable: cycle.phase === 'material_review' || cycle.phase === 'onsite_review', selected };
    }),

  /**
   * The secretariat chooses the candidates for on-site review (replaces the cycle's selection).
   * Allowed during the material and the on-site review; a candidate that already has on-site
   * scores cannot be dropped.
   */
  selectForOnsite: allow(...SECRETARIAT)
    .meta({ changes: { cycleYear: 'year' } })
    .input(yearInput.extend({ applicationIds: z.array(applicationIdInput).max(500) }))
    .mutation(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      if (cycle.phase !== 'material_review' && cycle.phase !== 'onsite_review') {
        const now = PHASE_NAMES[cycle.phase];
        throw apiError('PRECONDITION_FAILED', {
          zh: `${cycle.year} 年度周期当前处于“${now.zh}”阶段；现场评审名单只能在材料评审或现场评审阶段确定（第17条）。`,
          en: `The ${cycle.year} cycle is in its "${now.en}" phase; the on-site review list can only be set during the material or the on-site review (Art. 17).`,
        });
      }
      const wanted = [...new Set(input.applicationIds)];
      const apps = new Map((await listApplicationsOfCycle(ctx.db, cycle.id)).map((a) => [a.id, a]));
      const foreign = wanted.filter((id) => !apps.has(id));
      if (foreign.length) {
        throw apiError(
          'BAD_REQUEST',
          {
            zh: `申报 ${foreign.join('、')} 不属于 ${cycle.year} 年度周期。`,
            en: `Application(s) ${foreign.join(', ')} do not belong to the ${cycle.year} cycle.`,
          },
          { foreign },
        );
      }
      const unfit = wanted.map((id) => apps.get(id)!).filter((a) => a.status !== 'active' || a.qualification_status !== 'qualified');
      if (unfit.length) {
        const codes = unfit.map((a) => a.code);
        throw apiError(
          'BAD_REQUEST',
          {
            zh: `只有通过资格初审且仍在评审中的申报可以进入现场评审：${codes.join('、')} 不符合。`,
            en: `Only qualified applications still in the review can go to on-site review: ${codes.join(', ')} cannot.`,
          },
          { codes },
        );
      }
      const at = ctx.services.now().toISOString();
      return inTransaction(ctx, async (tx) => {
        const before = (await listOnsiteSelected(tx.db, cycle.id)).map((s) => s.applicationId);
        const dropped = before.filter((id) => !wanted.includes(id));
        if (dropped.length) {
          const scored = await tx.db
            .selectFrom('scores')
            .select('application_id')
            .distinct()
            .where('application_id', 'in', dropped)
            .where('stage', '=', 'onsite')
            .execute();
          if (scored.length) {
            const codes = scored.map((s) => apps.get(s.application_id)?.code ?? String(s.application_id));
            throw apiError(
              'CONFLICT',
              {
                zh: `申报 ${codes.join('、')} 已有现场评审评分，不能移出现场评审名单。`,
                en: `Application(s) ${codes.join(', ')} already have on-site scores and cannot be dropped from the on-site review.`,
              },
              { codes },
            );
          }
        }
        await replaceOnsiteSelection(tx.db, cycle.id, wanted, ctx.user!.id, at);
        const codesOf = (ids: number[]) => ids.map((id) => apps.get(id)?.code ?? String(id)).sort();
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'onsite.select',
          entity: 'onsite_selection',
          entityId: String(cycle.year),
          cycleId: cycle.id,
          before: { applications: codesOf(before) },
          after: { applications: codesOf(wanted) },
          at,
        });
        return { year: cycle.year, selected: wanted.sort((a, b) => a - b) };
      });
    }),
};

async function submittedScores(ctx: Context, applicationIds: number[], stage: Stage) {
  const [scores, statuses] = await Promise.all([listScoresWithComments(ctx.db, applicationIds, stage), sheetStatuses(ctx, applicationIds, stage)]);
  return scores.filter((s) => statuses.get(`${s.applicationId}|${s.examinerId}`) === 'submitted');
}

function methodZh(method: StatMethod): string {
  const names: Record<StatMethod, string> = { mean: '平均值', median: '中位数', trimmed: '截尾平均值', olympic: '去掉最高最低后的平均值' };
  return names[method];
}
