/**
 * Scoring: the cycle's results (through @mqa/scoring), the examiner's desk (assignments, score
 * sheets with a comment per item, own scores beside the panel's once the review is over), and —
 * from ./consensus.ts — the consensus review and the on-site selection.
 *
 * Independence (GB/T 19580 practice): until the cycle leaves a stage's review, an examiner sees
 * no other examiner's scores and no panel figure; the group leader sees the members' scores only
 * in the consensus agenda, once every member has submitted.
 */
import {
  countExaminerScores,
  getApplicationSummary,
  getCycleById,
  getSheet,
  getSheetPercents,
  isInApplicationGroup,
  isRecused,
  listApplicationConsensus,
  listApplicationScores,
  listAssignedApplicationIds,
  listCycles,
  listExaminerSheets,
  getApplicationSummary as getApp,
  getExaminer,
  getSheetComments,
  isSelectedForOnsite,
  listOnsiteSelected,
  listReviewGroups,
  upsertSheet,
  writeSheetComments,
  writeAudit,
  writeSheetPercents,
  type ApplicationSummary,
  type Cycle,
  type Stage,
} from '@mqa/db';
import { addWorkingDays, CalendarNotCoveredError, TIMELINE_RULES, workingDaysBetween } from '@mqa/rules';
import { ITEM_IDS, scoreCycle } from '@mqa/scoring';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { resolveMethod, toScoringWeights } from '../domain/cycle.ts';
import { PHASE_NAMES, STAGE_NAMES } from '../domain/labels.ts';
import { apiError, applicationNotFound, rethrowDomain } from '../errors.ts';
import { getWeightSet } from '@mqa/db';
import { allow } from '../trpc.ts';
import { heavy } from '../compute/heavy.ts';
import { applicationJson } from './applications.ts';
import { yearInput } from './cycles.ts';
import { consensusProcedures, examinerIdOf, itemIdInput, percentInput, reviewOver, stageInput } from './consensus.ts';
import { todayOf } from './helpers.ts';
import { ANALYSTS, EXAMINER, SECRETARIAT } from './roles.ts';

export { stageInput };

export const methodInput = z.enum(['mean', 'median', 'trimmed', 'olympic', 'consensus']);
const applicationIdInput = z.number().int().positive();

async function requireApplication(ctx: Context, id: number): Promise<ApplicationSummary> {
  const app = await getApplicationSummary(ctx.db, id);
  if (!app) throw applicationNotFound(id);
  return app;
}

/** The application, when assigned to the examiner and the examiner is not recused (Art. 24). */
async function requireAssigned(ctx: Context, applicationId: number, examinerId: number) {
  const app = await requireApplication(ctx, applicationId);
  if (!(await isInApplicationGroup(ctx.db, app.id, examinerId))) {
    throw apiError('FORBIDDEN', {
      zh: `申报 ${app.code} 没有分配给您所在的评审组。`,
      en: `Application ${app.code} is not assigned to your review group.`,
    });
  }
  if (await isRecused(ctx.db, app.id, examinerId)) {
    throw apiError('FORBIDDEN', {
      zh: `您已回避申报 ${app.code}（第24条），不能为其评分。`,
      en: `You are recused from application ${app.code} (Art. 24) and may not score it.`,
    });
  }
  const cycle = (await getCycleById(ctx.db, app.cycle_id))!;
  return { app, cycle };
}

/**
 * Scores of a stage can be entered only while that review runs (Art. 17), and on-site scores
 * only for the candidates the secretariat chose for on-site review.
 */
async function assertStageOpen(ctx: Context, cycle: Cycle, stage: Stage, app: ApplicationSummary) {
  const phase = stage === 'material' ? 'material_review' : 'onsite_review';
  if (cycle.phase !== phase) {
    const now = PHASE_NAMES[cycle.phase];
    throw apiError(
      'PRECONDITION_FAILED',
      {
        zh: `${cycle.year} 年度周期当前处于“${now.zh}”阶段，${STAGE_NAMES[stage].zh}评分表不能修改。`,
        en: `The ${cycle.year} cycle is in its "${now.en}" phase; ${STAGE_NAMES[stage].en.toLowerCase()} sheets cannot be changed now.`,
      },
      { phase: cycle.phase, stage },
    );
  }
  if (stage === 'onsite' && !(await isSelectedForOnsite(ctx.db, app.id))) {
    throw apiError('PRECONDITION_FAILED', {
      zh: `申报 ${app.code} 未列入现场评审名单，不能填写现场评审评分表（第17条）。`,
      en: `Application ${app.code} was not chosen for on-site review, so no on-site sheet can be filled in for it (Art. 17).`,
    });
  }
}

/** The review window of Art. 17: the latest end, 20 working days after the review starts (@mqa/rules). */
const REVIEW_RULE = TIMELINE_RULES.find((r) => r.code === 'review_period')!;
function reviewWindow(cycle: Cycle, today: string) {
  let deadline: string | null = null;
  let workingDaysLeft: number | null = null;
  /** Why the deadline cannot be counted yet: the holiday arrangement of `year` is not in the calendar (`reason`, zh/en). */
  let deadlineUnknown: { year: number; reason: { zh: string; en: string } } | null = null;
  try {
    deadline = cycle.review_starts ? addWorkingDays(cycle.review_starts, REVIEW_RULE.required) : null;
    workingDaysLeft = deadline ? workingDaysBetween(today, deadline) : null;
  } catch (error) {
    // The examiner's desk still opens; the working days are never guessed from weekdays.
    if (!(error instanceof CalendarNotCoveredError)) throw error;
    deadlineUnknown = { year: error.year, reason: error.text };
  }
  return {
    article: REVIEW_RULE.article,
    workingDays: REVIEW_RULE.required,
    reviewStarts: cycle.review_starts,
    reviewEnds: cycle.review_ends,
    /** Null without a start date, or when the calendar does not cover it (`deadlineUnknown`). */
    deadline,
    /** Working days from today to the deadline (negative once past); null without a deadline or when not countable. */
    workingDaysLeft,
    deadlineUnknown,
  };
}

/** Whether a cycle is in progress (its review has not ended in an award). */
function inProgress(cycle: Cycle): boolean {
  return cycle.phase !== 'awarded';
}

function fullComments(comments: Record<string, string>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const id of ITEM_IDS) out[id] = comments[id] ?? null;
  return out;
}

function fullSheet(percents: Record<string, number>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const id of ITEM_IDS) out[id] = percents[id] ?? null;
  return out;
}

export const scoringRouter = {
  /** scoreCycle over the cycle (on-site stage where present, else material), ranks, selection, flags, recusals. */
  cycleResults: allow(...ANALYSTS)
    .meta({ cacheable: true })
    .input(yearInput.extend({ method: methodInput.optional(), tieBreak: z.enum(['none', 'priorityAreas']).optional() }))
    .query(({ ctx, input }) => heavy(ctx, 'cycleResults', { year: input.year, method: input.method, tieBreak: input.tieBreak })),

  ...consensusProcedures,

  /**
   * The examiner's desk header: their name, the cycles of their assignments (the one in progress
   * first) with the review window of Art. 17 (20 working days, @mqa/rules), and the groups they lead.
   */
  myDesk: allow(...EXAMINER).query(async ({ ctx }) => {
    const examinerId = examinerIdOf(ctx);
    const [examiner, ids, cycles] = await Promise.all([getExaminer(ctx.db, examinerId), listAssignedApplicationIds(ctx.db, examinerId), listCycles(ctx.db)]);
    const today = todayOf(ctx);
    const cycleIds = new Set<number>();
    for (const id of ids) cycleIds.add((await getApp(ctx.db, id))!.cycle_id);
    const leads = [];
    for (const c of cycles) {
      for (const g of await listReviewGroups(ctx.db, c.id)) {
        if (g.memberIds.includes(examinerId)) cycleIds.add(c.id);
        if (g.leaderExaminerId === examinerId) leads.push({ year: c.year, groupId: g.id, name: { zh: g.nameZh, en: g.nameEn } });
      }
    }
    const mine = cycles.filter((c) => cycleIds.has(c.id)).sort((a, b) => Number(inProgress(b)) - Number(inProgress(a)) || b.year - a.year);
    return {
      examiner: { id: examinerId, name: examiner ? { zh: examiner.name_zh, en: examiner.name_en } : null },
      displayName: ctx.user!.displayName,
      today,
      cycles: mine.map((c, i) => ({
        year: c.year,
        phase: c.phase,
        /** The cycle in progress shown first (the latest one not yet awarded). */
        current: i === 0 && inProgress(c),
        openStage: c.phase === 'material_review' ? ('material' as const) : c.phase === 'onsite_review' ? ('onsite' as const) : null,
        review: reviewWindow(c, today),
      })),
      leads,
    };
  }),

  /** The examiner's applications: their groups' applications, minus recusals (Art. 24); the cycle in progress first. */
  myAssignments: allow(...EXAMINER).query(async ({ ctx }) => {
    const examinerId = examinerIdOf(ctx);
    const [ids, sheets, counts, cycles] = await Promise.all([
      listAssignedApplicationIds(ctx.db, examinerId),
      listExaminerSheets(ctx.db, examinerId),
      countExaminerScores(ctx.db, examinerId),
      listCycles(ctx.db),
    ]);
    const cycleById = new Map(cycles.map((c) => [c.id, c]));
    const onsiteOf = new Map<number, Set<number>>();
    const groupsOf = new Map<number, Awaited<ReturnType<typeof listReviewGroups>>>();
    const out = [];
    for (const id of ids) {
      const app = (await getApp(ctx.db, id))!;
      const cycle = cycleById.get(app.cycle_id)!;
      if (!onsiteOf.has(cycle.id)) onsiteOf.set(cycle.id, new Set((await listOnsiteSelected(ctx.db, cycle.id)).map((s) => s.applicationId)));
      if (!groupsOf.has(cycle.id)) groupsOf.set(cycle.id, await listReviewGroups(ctx.db, cycle.id));
      const group = groupsOf.get(cycle.id)!.find((g) => g.id === app.review_group_id);
      const onsiteSelected = onsiteOf.get(cycle.id)!.has(id);
      const stage = (s: Stage) => {
        const sheet = sheets.find((x) => x.applicationId === id && x.stage === s);
        const n = counts.find((x) => x.applicationId === id && x.stage === s)?.n ?? 0;
        return { status: sheet?.status ?? (n > 0 ? 'draft' : 'not_started'), scoredItems: n, submittedAt: sheet?.submittedAt ?? null };
      };
      out.push({
        applicationId: id,
        code: app.code,
        name: { zh: app.applicantNameZh, en: app.applicantNameEn },
        sector: applicationJson(app, cycle.year).sectorName,
        year: cycle.year,
        phase: cycle.phase,
        current: inProgress(cycle),
        openStage: cycle.phase === 'material_review' ? 'material' : cycle.phase === 'onsite_review' && onsiteSelected ? 'onsite' : null,
        /** Chosen by the secretariat for on-site review (Art. 17): only these have an on-site sheet. */
        onsiteSelected,
        group: group ? { id: group.id, name: { zh: group.nameZh, en: group.nameEn }, leader: group.leaderExaminerId === examinerId } : null,
        material: stage('material'),
        onsite: stage('onsite'),
      });
    }
    return out.sort((a, b) => Number(b.current) - Number(a.current) || b.year - a.year || a.code.localeCompare(b.code));
  }),

  /** The examiner's own sheet of one stage: percentages and comments (never another examiner's). */
  mySheet: allow(...EXAMINER)
    .input(z.object({ applicationId: applicationIdInput, stage: stageInput }))
    .query(async ({ ctx, input }) => {
      const examinerId = examinerIdOf(ctx);
      const { app, cycle } = await requireAssigned(ctx, input.applicationId, examinerId);
      const sheet = await getSheet(ctx.db, app.id, examinerId, input.stage);
      const percents = await getSheetPercents(ctx.db, app.id, examinerId, input.stage);
      const comments = await getSheetComments(ctx.db, app.id, examinerId, input.stage);
      const selected = input.stage === 'material' || (await isSelectedForOnsite(ctx.db, app.id));
      const editable =
        selected && (sheet?.status ?? 'draft') !== 'submitted' && cycle.phase === (input.stage === 'material' ? 'material_review' : 'onsite_review');
      return {
        applicationId: app.id,
        code: app.code,
        name: { zh: app.applicantNameZh, en: app.applicantNameEn },
        year: cycle.year,
        phase: cycle.phase,
        stage: input.stage,
        status: sheet?.status ?? 'draft',
        submittedAt: sheet?.submittedAt ?? null,
        reopenedReason: sheet?.reopenedReason ?? null,
        editable,
        /** False for an on-site sheet of a candidate not chosen for on-site review. */
        stageAvailable: selected,
        review: reviewWindow(cycle, todayOf(ctx)),
        itemIds: [...ITEM_IDS],
        percents: fullSheet(percents),
        comments: fullComments(comments),
      };
    }),

  /**
   * Saves some or all percentages (null clears one) and comments (null or blank clears one; a
   * comment needs a score on its item). Refused once the sheet is submitted.
   */
  saveSheet: allow(...EXAMINER)
    .meta({ changes: 'ownDraft' })
    .input(
      z.object({
        applicationId: applicationIdInput,
        stage: stageInput,
        percents: z.record(itemIdInput, percentInput.nullable()),
        comments: z.record(itemIdInput, z.string().max(2000, 'A comment may have at most 2,000 characters (每条评语不超过 2000 字)').nullable()).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const examinerId = examinerIdOf(ctx);
      const { app, cycle } = await requireAssigned(ctx, input.applicationId, examinerId);
      await assertStageOpen(ctx, cycle, input.stage, app);
      const at = ctx.services.now().toISOString();
      return ctx.db.transaction().execute(async (tx) => {
        const sheet = await getSheet(tx, app.id, examinerId, input.stage);
        if (sheet?.status === 'submitted') {
          throw apiError('CONFLICT', {
            zh: '评分表已提交，不能再修改；如需更正，请联系秘书处退回。',
            en: 'This sheet has been submitted and can no longer be changed; ask the secretariat to reopen it.',
          });
        }
        const cell = { applicationId: app.id, examinerId, stage: input.stage };
        const before = await getSheetPercents(tx, app.id, examinerId, input.stage);
        const commentsBefore = await getSheetComments(tx, app.id, examinerId, input.stage);
        await writeSheetPercents(tx, cell, input.percents, at);
        const after = await getSheetPercents(tx, app.id, examinerId, input.stage);
        const comments: Record<string, string | null> = {};
        for (const [itemId, text] of Object.entries(input.comments ?? {})) comments[itemId] = text?.trim() ? text.trim() : null;
        const unscored = Object.entries(comments)
          .filter(([itemId, text]) => text !== null && after[itemId] === undefined)
          .map(([itemId]) => itemId);
        if (unscored.length) {
          throw apiError(
            'BAD_REQUEST',
            {
              zh: `条款 ${unscored.join('、')} 还没有评分：请先给出评分再填写评语。`,
              en: `Item(s) ${unscored.join(', ')} have no score yet: score an item before commenting on it.`,
            },
            { unscored },
          );
        }
        await writeSheetComments(tx, cell, comments);
        await upsertSheet(tx, { applicationId: app.id, examinerId, stage: input.stage, status: sheet?.status ?? 'draft', submittedAt: null });
        const commentsAfter = await getSheetComments(tx, app.id, examinerId, input.stage);
        const commentsChanged = JSON.stringify(commentsBefore) !== JSON.stringify(commentsAfter);
        await writeAudit(tx, {
          userId: ctx.user!.id,
          action: 'sheet.save',
          entity: 'score_sheet',
          entityId: `${app.id}:${examinerId}:${input.stage}`,
          cycleId: cycle.id,
          before: commentsChanged ? { ...before, comments: commentsBefore } : before,
          after: commentsChanged ? { ...after, comments: commentsAfter } : after,
          at,
        });
        return { status: sheet?.status ?? 'draft', percents: fullSheet(after), comments: fullComments(commentsAfter), scoredItems: Object.keys(after).length };
      });
    }),

  /** Submits the sheet; all 23 items must be scored. */
  submitSheet: allow(...EXAMINER)
    .meta({ changes: { cycleOfApplication: 'applicationId' } })
    .input(z.object({ applicationId: applicationIdInput, stage: stageInput }))
    .mutation(async ({ ctx, input }) => {
      const examinerId = examinerIdOf(ctx);
      const { app, cycle } = await requireAssigned(ctx, input.applicationId, examinerId);
      await assertStageOpen(ctx, cycle, input.stage, app);
      const at = ctx.services.now().toISOString();
      return ctx.db.transaction().execute(async (tx) => {
        const sheet = await getSheet(tx, app.id, examinerId, input.stage);
        if (sheet?.status === 'submitted') {
          throw apiError('CONFLICT', { zh: '评分表已经提交过了。', en: 'This sheet has already been submitted.' });
        }
        const percents = await getSheetPercents(tx, app.id, examinerId, input.stage);
        const missing = ITEM_IDS.filter((id) => percents[id] === undefined);
        if (missing.length) {
          throw apiError(
            'PRECONDITION_FAILED',
            {
              zh: `还有 ${missing.length} 个条款未评分：${missing.join('、')}。全部 23 个条款评分后才能提交。`,
              en: `${missing.length} item(s) have no score yet: ${missing.join(', ')}. All 23 items must be scored before submitting.`,
            },
            { missing },
          );
        }
        await upsertSheet(tx, { applicationId: app.id, examinerId, stage: input.stage, status: 'submitted', submittedAt: at });
        await writeAudit(tx, {
          userId: ctx.user!.id,
          action: 'sheet.submit',
          entity: 'score_sheet',
          entityId: `${app.id}:${examinerId}:${input.stage}`,
          cycleId: cycle.id,
          before: { status: sheet?.status ?? 'draft' },
          after: { status: 'submitted', percents },
          at,
        });
        return { status: 'submitted' as const, submittedAt: at };
      });
    }),

  reopenSheet: allow(...SECRETARIAT)
    .meta({ changes: { cycleOfApplication: 'applicationId' } })
    .input(
      z.object({
        applicationId: applicationIdInput,
        examinerId: z.number().int().positive(),
        stage: stageInput,
        reason: z.string().trim().min(2, 'Give the reason for reopening (请填写退回理由)').max(2000),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const app = await requireApplication(ctx, input.applicationId);
      const at = ctx.services.now().toISOString();
      return ctx.db.transaction().execute(async (tx) => {
        const sheet = await getSheet(tx, app.id, input.examinerId, input.stage);
        if (!sheet || sheet.status !== 'submitted') {
          throw apiError('PRECONDITION_FAILED', {
            zh: '只有已提交的评分表才能退回。',
            en: 'Only a submitted sheet can be reopened.',
          });
        }
        await upsertSheet(tx, {
          applicationId: app.id,
          examinerId: input.examinerId,
          stage: input.stage,
          status: 'reopened',
          submittedAt: null,
          reopenedReason: input.reason,
          reopenedBy: ctx.user!.id,
        });
        await writeAudit(tx, {
          userId: ctx.user!.id,
          action: 'sheet.reopen',
          entity: 'score_sheet',
          entityId: `${app.id}:${input.examinerId}:${input.stage}`,
          cycleId: app.cycle_id,
          before: { status: sheet.status, submittedAt: sheet.submittedAt },
          after: { status: 'reopened', reason: input.reason },
          at,
        });
        return { status: 'reopened' as const, reason: input.reason };
      });
    }),

  /**
   * The examiner's own percentages beside the panel's result (consensus where recorded), once
   * their sheet is submitted and the cycle has left that stage's review: until then no examiner
   * sees any panel figure (independence of the review; the leader sees the members' scores in
   * the consensus agenda only).
   */
  myComparison: allow(...EXAMINER)
    .input(z.object({ applicationId: applicationIdInput }))
    .query(async ({ ctx, input }) => {
      const examinerId = examinerIdOf(ctx);
      const { app, cycle } = await requireAssigned(ctx, input.applicationId, examinerId);
      const consensus = await listApplicationConsensus(ctx.db, app.id);
      let stage: Stage | null = null;
      for (const s of ['onsite', 'material'] as const) {
        const sheet = await getSheet(ctx.db, app.id, examinerId, s);
        if (sheet?.status !== 'submitted') continue;
        if (reviewOver(cycle, s)) {
          stage = s;
          break;
        }
      }
      if (!stage) {
        throw apiError('PRECONDITION_FAILED', {
          zh: '请先提交您的评分表；该评审阶段结束后才能查看您的评分与评审组结果的对比（评审期间各评审员独立评分）。',
          en: 'Submit your sheet first; the comparison with the panel is available once this review stage has ended (examiners score independently until then).',
        });
      }
      const ws = (await getWeightSet(ctx.db, cycle.weight_set_id))!;
      // The panel's result counts submitted sheets only, as every aggregate does.
      const scores = await listApplicationScores(ctx.db, app.id, stage, { submittedOnly: true });
      const conflicts = await ctx.db.selectFrom('conflicts').select(['examiner_id']).where('application_id', '=', app.id).execute();
      let result;
      try {
        result = scoreCycle({
          weights: toScoringWeights(ws),
          ...resolveMethod(cycle),
          flagThreshold: cycle.flag_threshold,
          applicationIds: [String(app.id)],
          scores: scores.map((s) => ({ applicationId: String(s.applicationId), examinerId: String(s.examinerId), itemId: s.itemId, percent: s.percent })),
          recusals: conflicts.map((c) => ({ applicationId: String(app.id), examinerId: String(c.examiner_id) })),
          consensus: consensus.filter((c) => c.stage === stage).map((c) => ({ applicationId: String(app.id), itemId: c.item_id, percent: c.percent })),
        });
      } catch (error) {
        rethrowDomain(error);
      }
      const panel = result.applications[0]!;
      const own = await getSheetPercents(ctx.db, app.id, examinerId, stage);
      const reasons = new Map(consensus.filter((c) => c.stage === stage).map((c) => [c.item_id, c.reason]));
      return {
        applicationId: app.id,
        code: app.code,
        name: { zh: app.applicantNameZh, en: app.applicantNameEn },
        year: cycle.year,
        stage,
        method: result.method,
        items: ITEM_IDS.map((itemId) => {
          const it = panel.items[itemId]!;
          const mine = own[itemId] ?? null;
          return {
            itemId,
            own: mine,
            panel: it.percent,
            source: it.source,
            difference: mine !== null && it.percent !== null ? mine - it.percent : null,
            panelRange: it.range,
            consensusReason: reasons.get(itemId) ?? null,
          };
        }),
        panelTotal: panel.total,
      };
    }),
};
