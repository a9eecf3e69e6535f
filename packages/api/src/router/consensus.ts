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
  type Cycle,
  type ReviewGroupWithMembers,
  type Stage,
} from '@mqa/db';
import { CYCLE_PHASES, type CyclePhase } from '@mqa/rules';
import { ITEM_IDS, isValidPercent, scoreCycle, type ApplicationResult, type StatMethod } from '@mqa/scoring';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { requireCycle, resolveMethod, toScoringWeights } from '../domain/cycle.ts';
import { PHASE_NAMES, STAGE_NAMES } from '../domain/labels.ts';
import { apiError, applicationNotFound, rethrowDomain } from '../errors.ts';
import { allow } from '../trpc.ts';
import { inTransaction } from './helpers.ts';
import { yearInput } from './cycles.ts';
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
    .meta({ changes: 'nothing' })
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
   */
  consensusAgenda: allow(...CONSENSUS)
    .input(yearInput.extend({ groupId: z.number().int().positive().optional(), stage: stageInput.optional(), scope: z.enum(['flagged', 'all']).optional() }))
    .query(async ({ ctx, input }) => {
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
      const groupIds = new Set(groups.map((g) => g.id));
      const onsite = stage === 'onsite' ? new Set((await listOnsiteSelected(ctx.db, cycle.id)).map((s) => s.applicationId)) : null;
      // Every per-application and per-item lookup below goes through a map built once (a cycle of
      // thousands of applications made scanning the lists per row quadratic).
      const recusedByApp = new Map<number, Set<number>>();
      for (const c of data.conflicts) {
        const set = recusedByApp.get(c.applicationId);
        if (set) set.add(c.examinerId);
        else recusedByApp.set(c.applicationId, new Set([c.examinerId]));
      }
      const noneRecused: ReadonlySet<number> = new Set();
      const recusedOf = (appId: number): ReadonlySet<number> => recusedByApp.get(appId) ?? noneRecused;
      const apps = (await listApplicationsOfCycle(ctx.db, cycle.id)).filter(
        (a) => a.review_group_id !== null && groupIds.has(a.review_group_id) && a.status === 'active' && (!onsite || onsite.has(a.id)),
      );
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
      const examiners = new Map((await listExaminers(ctx.db, [...memberIds])).map((e) => [e.id, e]));
      const nameOf = (id: number) => {
        const e = examiners.get(id);
        return e ? { zh: e.name_zh, en: e.name_en } : { zh: `评审员 ${id}`, en: `Examiner ${id}` };
      };
      const groupById = new Map(groups.map((g) => [g.id, g]));
      const openingOf = new Map(openings.filter((o) => o.stage === stage).map((o) => [o.applicationId, o]));
      const users = await ctx.db.selectFrom('users').select(['id', 'display_name']).execute();
      const userName = new Map(users.map((u) => [u.id, u.display_name]));

      const applications = visible.map((app) => {
        const members = activeMembers(data, app, recusedOf(app.id));
        const allSubmitted = members.length > 0 && members.every((m) => statuses.get(`${app.id}|${m}`) === 'submitted');
        const opening = openingOf.get(app.id) ?? null;
        const group = groupById.get(app.review_group_id!)!;
        return {
          applicationId: app.id,
          code: app.code,
          name: { zh: app.applicantNameZh, en: app.applicantNameEn },
          groupId: group.id,
          members: group.memberIds.map((m) => ({
            examinerId: m,
            name: nameOf(m),
            leader: m === group.leaderExaminerId,
            recused: recusedOf(app.id).has(m),
            status: statuses.get(`${app.id}|${m}`) ?? 'not_started',
          })),
          allSubmitted,
          opening: opening ? { reason: opening.reason, openedBy: opening.openedByName, openedAt: opening.openedAt } : null,
          /** Members' scores are visible (and consensus may be recorded) once every member submitted or the secretariat opened the step. */
          open: allSubmitted || opening !== null,
        };
      });
      const openIds = applications.filter((a) => a.open || isSecretariat).map((a) => a.applicationId);
      const openSet = new Set(openIds);
      const counted = withComments.filter((s) => openSet.has(s.applicationId) && statuses.get(`${s.applicationId}|${s.examinerId}`) === 'submitted');
      const weightSet = (await getWeightSet(ctx.db, cycle.weight_set_id))!;
      const results = independentResults(data, weightSet, openIds, counted);
      const consensusOf = new Map(allConsensus.filter((c) => c.stage === stage).map((c) => [`${c.application_id}|${c.item_id}`, c]));
      const cellKey = (applicationId: number, itemId: string) => `${applicationId}|${itemId}`;
      const scoresOfCell = new Map<string, typeof counted>();
      for (const sc of counted) {
        const k = cellKey(sc.applicationId, sc.itemId);
        const list = scoresOfCell.get(k);
        if (list) list.push(sc);
        else scoresOfCell.set(k, [sc]);
      }
      const historyOfCell = new Map<string, typeof history>();
      for (const h of history) {
        if (h.stage !== stage) continue;
        const k = cellKey(h.applicationId, h.itemId);
        const list = historyOfCell.get(k);
        if (list) list.push(h);
        else historyOfCell.set(k, [h]);
      }
      const items = [];
      for (const app of applications) {
        if (!openSet.has(app.applicationId)) continue;
        const r = results.get(app.applicationId);
        if (!r) continue;
        const recused = recusedOf(app.applicationId);
        for (const itemId of ITEM_IDS) {
          const it = r.items[itemId]!;
          const c = consensusOf.get(`${app.applicationId}|${itemId}`);
          if (input.scope !== 'all' && !it.flagged && !c) continue;
          const points = data.points[itemId] ?? 0;
          items.push({
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
            independent: { percent: it.percent, method: data.method },
            scores: (scoresOfCell.get(cellKey(app.applicationId, itemId)) ?? [])
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
                  history: (historyOfCell.get(cellKey(app.applicationId, itemId)) ?? []).map((h) => ({
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
          });
        }
      }
      items.sort(
        (a, b) =>
          b.stake - a.stake || (b.range ?? 0) - (a.range ?? 0) || a.code.localeCompare(b.code) || ITEM_IDS.indexOf(a.itemId) - ITEM_IDS.indexOf(b.itemId),
      );
      return {
        year: cycle.year,
        phase: cycle.phase,
        stage,
        /** Consensus may be recorded by the leader only while the stage's review runs. */
        recordable: cycle.phase === reviewPhaseOf(stage),
        method: data.method,
        flagThreshold: cycle.flag_threshold,
        scope: input.scope ?? 'flagged',
        groups: groups.map((g) => ({
          id: g.id,
          name: { zh: g.nameZh, en: g.nameEn },
          leader: { examinerId: g.leaderExaminerId, name: nameOf(g.leaderExaminerId) },
        })),
        applications,
        /** Applications of the caller's groups from which the caller is recused (Art. 24): not shown. */
        recusedApplications: recusedFromLeader.map((a) => a.code),
        items,
      };
    }),

  /** The candidates chosen for on-site review in a cycle (Art. 17). */
  onsiteSelection: allow(...ANALYSTS)
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      const rows = await listOnsiteSelected(ctx.db, cycle.id);
      return { year: cycle.year, phase: cycle.phase, editable: cycle.phase === 'material_review' || cycle.phase === 'onsite_review', selected: rows };
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
