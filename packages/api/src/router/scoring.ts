/**
 * Scoring: the cycle's results (through @mqa/scoring), consensus records, and the examiner's desk
 * (assignments, score sheets, own scores beside the panel's).
 */
import {
  countExaminerScores,
  CYCLE_PHASES,
  getApplicationSummary,
  getConsensus,
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
  upsertConsensus,
  upsertSheet,
  writeAudit,
  writeSheetPercents,
  type ApplicationSummary,
  type Cycle,
  type Stage,
} from '@mqa/db';
import { ITEM_IDS, isValidPercent, scoreCycle } from '@mqa/scoring';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { cycleResultsJson, resolveMethod, scoredCycle, toScoringWeights } from '../domain/cycle.ts';
import { PHASE_NAMES, STAGE_NAMES } from '../domain/labels.ts';
import { apiError, applicationNotFound, rethrowDomain } from '../errors.ts';
import { getWeightSet } from '@mqa/db';
import { allow } from '../trpc.ts';
import { applicationJson } from './applications.ts';
import { yearInput } from './cycles.ts';
import { ANALYSTS, EXAMINER, SECRETARIAT } from './roles.ts';

const ITEM_SET = new Set(ITEM_IDS);
export const stageInput = z.enum(['material', 'onsite']);
export const methodInput = z.enum(['mean', 'median', 'trimmed', 'olympic', 'consensus']);
const itemIdInput = z.string().refine((id) => ITEM_SET.has(id), { message: 'Unknown GB/T 19580-2012 item (未知的评分条款)' });
const percentInput = z.number().refine(isValidPercent, { message: 'A percentage must be 0–100 in steps of 5 (评分须为 0–100 之间 5 的倍数)' });
const applicationIdInput = z.number().int().positive();


async function requireApplication(ctx: Context, id: number): Promise<ApplicationSummary> {
  const app = await getApplicationSummary(ctx.db, id);
  if (!app) throw applicationNotFound(id);
  return app;
}

/** The examiner of the signed-in account. */
function examinerIdOf(ctx: Context): number {
  const id = ctx.user?.examinerId;
  if (id == null) {
    throw apiError('FORBIDDEN', {
      zh: '您的账号没有关联评审员档案，请联系秘书处。',
      en: 'Your account is not linked to an examiner record; please contact the secretariat.',
    });
  }
  return id;
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

/** Scores of a stage can be entered only while that review runs (Art. 17). */
function assertStageOpen(cycle: Cycle, stage: Stage) {
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
    .query(async ({ ctx, input }) => cycleResultsJson(await scoredCycle(ctx, input.year, input.method, input.tieBreak))),

  recordConsensus: allow(...SECRETARIAT).meta({ changes: { cycleOfApplication: 'applicationId' } })
    .input(
      z.object({
        applicationId: applicationIdInput,
        itemId: itemIdInput,
        stage: stageInput,
        percent: percentInput,
        reason: z.string().trim().min(2, 'Give the reason for the consensus (请填写共识理由)').max(2000),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const app = await requireApplication(ctx, input.applicationId);
      const stageScores = await listApplicationScores(ctx.db, app.id, input.stage);
      if (!stageScores.some((s) => s.itemId === input.itemId)) {
        throw apiError('PRECONDITION_FAILED', {
          zh: `申报 ${app.code} 的条款 ${input.itemId} 在${STAGE_NAMES[input.stage].zh}阶段还没有评审员评分，无法记录共识。`,
          en: `No examiner has scored item ${input.itemId} of application ${app.code} in the ${STAGE_NAMES[input.stage].en.toLowerCase()} yet, so no consensus can be recorded.`,
        });
      }
      const at = ctx.services.now().toISOString();
      return ctx.db.transaction().execute(async (tx) => {
        const before = await getConsensus(tx, app.id, input.itemId, input.stage);
        await upsertConsensus(tx, { ...input, recordedBy: ctx.user!.id, at });
        await writeAudit(tx, {
          userId: ctx.user!.id,
          action: 'consensus.record',
          entity: 'consensus',
          entityId: `${app.id}:${input.itemId}:${input.stage}`,
          cycleId: app.cycle_id,
          before: before ? { percent: before.percent, reason: before.reason } : null,
          after: { percent: input.percent, reason: input.reason },
          at,
        });
        return { applicationId: app.id, itemId: input.itemId, stage: input.stage, percent: input.percent, reason: input.reason, recordedAt: at };
      });
    }),

  /** The examiner's applications: their groups' applications, minus recusals (Art. 24). */
  myAssignments: allow(...EXAMINER).query(async ({ ctx }) => {
    const examinerId = examinerIdOf(ctx);
    const [ids, sheets, counts, cycles] = await Promise.all([
      listAssignedApplicationIds(ctx.db, examinerId),
      listExaminerSheets(ctx.db, examinerId),
      countExaminerScores(ctx.db, examinerId),
      listCycles(ctx.db),
    ]);
    const cycleById = new Map(cycles.map((c) => [c.id, c]));
    const out = [];
    for (const id of ids) {
      const app = (await getApp(ctx.db, id))!;
      const cycle = cycleById.get(app.cycle_id)!;
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
        openStage: cycle.phase === 'material_review' ? 'material' : cycle.phase === 'onsite_review' ? 'onsite' : null,
        material: stage('material'),
        onsite: stage('onsite'),
      });
    }
    return out.sort((a, b) => b.year - a.year || a.code.localeCompare(b.code));
  }),

  mySheet: allow(...EXAMINER)
    .input(z.object({ applicationId: applicationIdInput, stage: stageInput }))
    .query(async ({ ctx, input }) => {
      const examinerId = examinerIdOf(ctx);
      const { app, cycle } = await requireAssigned(ctx, input.applicationId, examinerId);
      const sheet = await getSheet(ctx.db, app.id, examinerId, input.stage);
      const percents = await getSheetPercents(ctx.db, app.id, examinerId, input.stage);
      const editable = (sheet?.status ?? 'draft') !== 'submitted' && cycle.phase === (input.stage === 'material' ? 'material_review' : 'onsite_review');
      return {
        applicationId: app.id,
        code: app.code,
        name: { zh: app.applicantNameZh, en: app.applicantNameEn },
        year: cycle.year,
        stage: input.stage,
        status: sheet?.status ?? 'draft',
        submittedAt: sheet?.submittedAt ?? null,
        reopenedReason: sheet?.reopenedReason ?? null,
        editable,
        itemIds: [...ITEM_IDS],
        percents: fullSheet(percents),
      };
    }),

  /** Saves some or all percentages (null clears one). Refused once the sheet is submitted. */
  saveSheet: allow(...EXAMINER).meta({ changes: 'ownDraft' })
    .input(
      z.object({
        applicationId: applicationIdInput,
        stage: stageInput,
        percents: z.record(itemIdInput, percentInput.nullable()),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const examinerId = examinerIdOf(ctx);
      const { app, cycle } = await requireAssigned(ctx, input.applicationId, examinerId);
      assertStageOpen(cycle, input.stage);
      const at = ctx.services.now().toISOString();
      return ctx.db.transaction().execute(async (tx) => {
        const sheet = await getSheet(tx, app.id, examinerId, input.stage);
        if (sheet?.status === 'submitted') {
          throw apiError('CONFLICT', {
            zh: '评分表已提交，不能再修改；如需更正，请联系秘书处退回。',
            en: 'This sheet has been submitted and can no longer be changed; ask the secretariat to reopen it.',
          });
        }
        const before = await getSheetPercents(tx, app.id, examinerId, input.stage);
        await writeSheetPercents(tx, { applicationId: app.id, examinerId, stage: input.stage }, input.percents, at);
        await upsertSheet(tx, { applicationId: app.id, examinerId, stage: input.stage, status: sheet?.status ?? 'draft', submittedAt: null });
        const after = await getSheetPercents(tx, app.id, examinerId, input.stage);
        await writeAudit(tx, {
          userId: ctx.user!.id,
          action: 'sheet.save',
          entity: 'score_sheet',
          entityId: `${app.id}:${examinerId}:${input.stage}`,
          cycleId: cycle.id,
          before,
          after,
          at,
        });
        return { status: sheet?.status ?? 'draft', percents: fullSheet(after), scoredItems: Object.keys(after).length };
      });
    }),

  /** Submits the sheet; all 23 items must be scored. */
  submitSheet: allow(...EXAMINER).meta({ changes: { cycleOfApplication: 'applicationId' } })
    .input(z.object({ applicationId: applicationIdInput, stage: stageInput }))
    .mutation(async ({ ctx, input }) => {
      const examinerId = examinerIdOf(ctx);
      const { app, cycle } = await requireAssigned(ctx, input.applicationId, examinerId);
      assertStageOpen(cycle, input.stage);
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

  reopenSheet: allow(...SECRETARIAT).meta({ changes: { cycleOfApplication: 'applicationId' } })
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
   * their sheet is submitted and the consensus discussion has happened (a consensus is recorded
   * for the stage, or the cycle has moved past that review).
   */
  myComparison: allow(...EXAMINER)
    .input(z.object({ applicationId: applicationIdInput }))
    .query(async ({ ctx, input }) => {
      const examinerId = examinerIdOf(ctx);
      const { app, cycle } = await requireAssigned(ctx, input.applicationId, examinerId);
      const consensus = await listApplicationConsensus(ctx.db, app.id);
      const phaseIndex = CYCLE_PHASES.indexOf(cycle.phase);
      let stage: Stage | null = null;
      for (const s of ['onsite', 'material'] as const) {
        const sheet = await getSheet(ctx.db, app.id, examinerId, s);
        if (sheet?.status !== 'submitted') continue;
        const reviewPhase = CYCLE_PHASES.indexOf(s === 'material' ? 'material_review' : 'onsite_review');
        if (phaseIndex > reviewPhase || consensus.some((c) => c.stage === s)) {
          stage = s;
          break;
        }
      }
      if (!stage) {
        throw apiError('PRECONDITION_FAILED', {
          zh: '请先提交您的评分表；评审组形成共识后才能查看对比。',
          en: 'Submit your sheet first; the comparison is available once the panel has reached consensus.',
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
          consensus: consensus
            .filter((c) => c.stage === stage)
            .map((c) => ({ applicationId: String(app.id), itemId: c.item_id, percent: c.percent })),
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
