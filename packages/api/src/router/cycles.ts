/**
 * Award cycles: list, detail with the Art. 14–21 timeline check, opening a cycle and its
 * settings (cap, minimum total, weight set, method and fallback, flag threshold, tie-break), and
 * phase transitions with their pre-flight.
 */
import {
  applicationCountsByCycle,
  CYCLE_PHASES,
  cycleHasScores,
  freezeWeightSet,
  getCycleByYear,
  getWeightSet,
  listCycles,
  setCyclePhase,
  writeAudit,
  type Cycle,
  type CycleUpdate,
} from '@mqa/db';
import { checkTimeline, todayInChina, type CycleTimeline } from '@mqa/rules';
import { z } from 'zod';
import { requireCycle, weightSetSummary } from '../domain/cycle.ts';
import { applyCycleSettings, CYCLE_DEFAULTS, cycleSettingsJson, resolveNewCycleWeightSet, settingsFields, checkSettings } from '../domain/cycle-settings.ts';
import { PHASE_NAMES } from '../domain/labels.ts';
import { cyclePreflight, timelineOfCycle } from '../domain/preflight.ts';
import { apiError, domainText } from '../errors.ts';
import { allow } from '../trpc.ts';
import { inTransaction, nowIso } from './helpers.ts';
import { isoDate } from './inputs.ts';
import { READERS, SECRETARIAT } from './roles.ts';

export const yearInput = z.object({ year: z.number().int().min(2000).max(2100) });

const timelineOf = timelineOfCycle;

/** The phase dates of a cycle: API name → column. */
const DATE_COLUMNS = {
  callOpens: 'call_opens',
  callCloses: 'call_closes',
  applicationsReceived: 'applications_received',
  qualificationDone: 'qualification_done',
  reviewStarts: 'review_starts',
  reviewEnds: 'review_ends',
  commentStarts: 'comment_starts',
  commentEnds: 'comment_ends',
  noticeStarts: 'notice_starts',
  noticeEnds: 'notice_ends',
} as const satisfies Record<keyof CycleTimeline, keyof Cycle>;

const datesObject = z.strictObject(
  Object.fromEntries(Object.keys(DATE_COLUMNS).map((k) => [k, isoDate.nullable().optional()])) as Record<
    keyof typeof DATE_COLUMNS,
    z.ZodOptional<z.ZodNullable<typeof isoDate>>
  >,
);

function dateUpdate(dates: z.infer<typeof datesObject>): CycleUpdate {
  const update: CycleUpdate = {};
  for (const [key, value] of Object.entries(dates) as [keyof typeof DATE_COLUMNS, string | null | undefined][]) {
    if (value !== undefined) update[DATE_COLUMNS[key]] = value;
  }
  return update;
}

const datesInput = datesObject.refine((d) => Object.values(d).some((v) => v !== undefined), { message: 'Give at least one date (请至少填写一个日期)' });

/** checkTimeline over the cycle's dates, as of today in China (a domain error is reported, not thrown). */
function timelineJson(c: Cycle, now: Date) {
  const asOf = todayInChina(now);
  let timeline: ReturnType<typeof checkTimeline> = [];
  let timelineError: { zh: string; en: string } | null = null;
  try {
    timeline = checkTimeline(timelineOf(c), { asOf });
  } catch (error) {
    timelineError = domainText(error) ?? { zh: '时间线无法检查。', en: 'The timeline could not be checked.' };
  }
  return {
    timeline,
    timelineAsOf: asOf,
    timelineError,
    /** Deadlines breached (Art. 14/16/17/18/21). */
    breaches: timeline.filter((t) => t.status === 'breach').map((t) => ({ article: t.article, code: t.code, message: t.message })),
  };
}

function phaseJson(phase: Cycle['phase']) {
  const p = PHASE_NAMES[phase];
  return { id: phase, index: CYCLE_PHASES.indexOf(phase), name: { zh: p.zh, en: p.en }, article: p.article };
}

export const cyclesRouter = {
  list: allow(...READERS)
    .meta({ cacheable: true })
    .query(async ({ ctx }) => {
      const [cycles, counts, weightSets] = await Promise.all([
        listCycles(ctx.db),
        applicationCountsByCycle(ctx.db),
        ctx.db.selectFrom('weight_sets').select(['id', 'code', 'version', 'name_zh', 'name_en', 'status']).execute(),
      ]);
      const wsById = new Map(weightSets.map((w) => [w.id, w]));
      const scored = new Set(
        (
          await ctx.db
            .selectFrom('scores')
            .innerJoin('applications', 'applications.id', 'scores.application_id')
            .select('applications.cycle_id')
            .distinct()
            .execute()
        ).map((r) => r.cycle_id),
      );
      return cycles.map((c) => ({
        year: c.year,
        phase: phaseJson(c.phase),
        awardCap: c.award_cap,
        aggregationMethod: c.aggregation_method,
        applications: counts.get(c.id) ?? 0,
        ...cycleSettingsJson(c, scored.has(c.id)),
        weightSet: (() => {
          const w = wsById.get(c.weight_set_id);
          return w ? { id: w.id, code: w.code, version: w.version, name: { zh: w.name_zh, en: w.name_en }, status: w.status } : null;
        })(),
      }));
    }),

  get: allow(...READERS)
    .meta({ cacheable: true })
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const c = await requireCycle(ctx, input.year);
      const ws = await getWeightSet(ctx.db, c.weight_set_id);
      return {
        year: c.year,
        phase: phaseJson(c.phase),
        phases: CYCLE_PHASES.map(phaseJson),
        dates: timelineOf(c),
        awardCap: c.award_cap,
        aggregationMethod: c.aggregation_method,
        ...cycleSettingsJson(c, await cycleHasScores(ctx.db, c.id)),
        weightSet: ws ? { ...weightSetSummary(ws), points: ws.points } : null,
        ...timelineJson(c, ctx.services.now()),
      };
    }),

  /**
   * Stores phase dates (ISO `YYYY-MM-DD`; null clears one; dates not given stay) and returns the
   * @mqa/rules `checkTimeline` result (Art. 14/16/17/18/21, in Chinese working days). Audited.
   */
  updateDates: allow(...SECRETARIAT)
    .input(yearInput.extend({ dates: datesInput }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const c = await requireCycle(tx, input.year);
        const update = dateUpdate(input.dates);
        await tx.db.updateTable('cycles').set(update).where('id', '=', c.id).execute();
        const after = await requireCycle(tx, input.year);
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'cycle.updateDates',
          entity: 'cycle',
          entityId: c.id,
          cycleId: c.id,
          before: timelineOf(c),
          after: timelineOf(after),
          at: nowIso(ctx),
        });
        return { year: c.year, dates: timelineOf(after), ...timelineJson(after, ctx.services.now()) };
      }),
    ),

  /**
   * Opens a cycle (phase `preparation`). Defaults: cap 5 (Art. 3), minimum total 600, the
   * GB/T 19580-2012 standard weight set (created on first use), consensus first with the trimmed
   * mean as fallback, flag threshold 30 points, the Art. 2 priority-area tie-break. Call dates
   * given here are stored and checked as `updateDates` does (Art. 14). Audited.
   */
  create: allow(...SECRETARIAT)
    .input(yearInput.extend({ ...settingsFields, dates: datesObject.optional() }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        if (await getCycleByYear(tx.db, input.year)) {
          throw apiError(
            'CONFLICT',
            {
              zh: `${input.year} 年度的评审周期已经存在，每个年度只能有一个周期（第3条：每届评选一次）。`,
              en: `A ${input.year} award cycle already exists; there is one cycle per year (Art. 3: one award per cycle).`,
            },
            { year: input.year },
          );
        }
        const settings = checkSettings({
          cap: input.cap ?? CYCLE_DEFAULTS.cap,
          minTotal: input.minTotal ?? CYCLE_DEFAULTS.minTotal,
          method: input.method ?? CYCLE_DEFAULTS.method,
          fallback: input.fallback !== undefined ? input.fallback : (input.method ?? CYCLE_DEFAULTS.method) === 'consensus' ? CYCLE_DEFAULTS.fallback : null,
          flagThreshold: input.flagThreshold ?? CYCLE_DEFAULTS.flagThreshold,
          tieBreak: input.tieBreak ?? CYCLE_DEFAULTS.tieBreak,
        });
        const at = nowIso(ctx);
        const ws = await resolveNewCycleWeightSet(tx.db, input.weightSetId, ctx.user!.id, at);
        const dates = input.dates ? dateUpdate(input.dates) : {};
        const { id } = await tx.db
          .insertInto('cycles')
          .values({
            year: input.year,
            phase: 'preparation',
            award_cap: settings.cap,
            min_total: settings.minTotal,
            weight_set_id: ws.id,
            aggregation_method: settings.method,
            aggregation_fallback: settings.fallback,
            tie_break: settings.tieBreak,
            flag_threshold: settings.flagThreshold,
            call_opens: null,
            call_closes: null,
            applications_received: null,
            qualification_done: null,
            review_starts: null,
            review_ends: null,
            comment_starts: null,
            comment_ends: null,
            notice_starts: null,
            notice_ends: null,
            ...dates,
            created_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const c = await requireCycle(tx, input.year);
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'cycle.create',
          entity: 'cycle',
          entityId: id,
          cycleId: id,
          after: { year: c.year, phase: c.phase, ...cycleSettingsJson(c, false), weightSetId: ws.id, dates: timelineOf(c) },
          at,
        });
        return {
          year: c.year,
          phase: phaseJson(c.phase),
          ...cycleSettingsJson(c, false),
          weightSet: weightSetSummary(ws),
          dates: timelineOf(c),
          ...timelineJson(c, ctx.services.now()),
        };
      }),
    ),

  /**
   * Changes a cycle's settings. The weight set, method, fallback and flag threshold decide every
   * score: they are refused once the cycle has its first score. Cap, minimum total and tie-break
   * decide the selection: refused once the results are published (public comment, Art. 18).
   * Audited with old → new values.
   */
  updateSettings: allow(...SECRETARIAT)
    .input(yearInput.extend(settingsFields))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const { year, ...patch } = input;
        const c = await requireCycle(tx, year);
        const after = await applyCycleSettings(tx, c, patch, 'cycle.updateSettings');
        return { year, ...cycleSettingsJson(after, await cycleHasScores(tx.db, after.id)), weightSetId: after.weight_set_id };
      }),
    ),

  /**
   * What is still open before the cycle moves to its next phase (@mqa/rules `phasePreflight`):
   * each warning with its code, zh/en text and article. Empty when nothing is open.
   */
  preflight: allow(...SECRETARIAT)
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const c = await requireCycle(ctx, input.year);
      const p = await cyclePreflight(ctx.db, c, ctx.services.now());
      return { year: c.year, from: phaseJson(p.from), to: p.to ? phaseJson(p.to) : null, asOf: p.asOf, warnings: p.warnings };
    }),

  /**
   * Moves the cycle to its next phase (audited). Where the pre-flight has warnings, the call is
   * refused (PRECONDITION_FAILED, the warnings in `details.warnings`) unless `confirm: true`;
   * confirmed warnings are written to the audit row. Entering material review freezes the
   * cycle's weight set.
   */
  advancePhase: allow('secretariat')
    .input(yearInput.extend({ confirm: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) => {
      const user = ctx.user!;
      return ctx.db.transaction().execute(async (tx) => {
        const c = await requireCycle({ ...ctx, db: tx }, input.year);
        const i = CYCLE_PHASES.indexOf(c.phase);
        const next = CYCLE_PHASES[i + 1];
        if (!next) {
          throw apiError('PRECONDITION_FAILED', {
            zh: `${c.year} 年度周期已授奖，没有下一个阶段。`,
            en: `The ${c.year} cycle is already awarded; there is no next phase.`,
          });
        }
        const { warnings } = await cyclePreflight(tx, c, ctx.services.now());
        if (warnings.length > 0 && input.confirm !== true) {
          throw apiError(
            'PRECONDITION_FAILED',
            {
              zh: `进入“${PHASE_NAMES[next].zh}”前还有 ${warnings.length} 项未完成：${warnings.map((w) => w.message.zh).join('；')} 确认仍要进入下一阶段，请再次提交并确认。`,
              en: `${warnings.length} thing${warnings.length === 1 ? ' is' : 's are'} still open before "${PHASE_NAMES[next].en}": ${warnings.map((w) => w.message.en).join(' ')} To move on anyway, submit again with confirmation.`,
            },
            { warnings, from: c.phase, to: next, needsConfirm: true },
          );
        }
        const at = ctx.services.now().toISOString();
        await setCyclePhase(tx, c.id, next);
        await writeAudit(tx, {
          userId: user.id,
          action: 'cycle.advancePhase',
          entity: 'cycle',
          entityId: c.id,
          cycleId: c.id,
          before: { phase: c.phase },
          after: warnings.length > 0 ? { phase: next, confirmedWarnings: warnings } : { phase: next },
          at,
        });
        let frozeWeightSet = false;
        const scoringStarts = CYCLE_PHASES.indexOf(next) >= CYCLE_PHASES.indexOf('material_review');
        if (scoringStarts || (await cycleHasScores(tx, c.id))) {
          const ws = await getWeightSet(tx, c.weight_set_id);
          if (ws && ws.status !== 'frozen') {
            await freezeWeightSet(tx, ws.id, at);
            await writeAudit(tx, {
              userId: user.id,
              action: 'weightSet.freeze',
              entity: 'weight_set',
              entityId: ws.id,
              cycleId: c.id,
              before: { status: ws.status },
              after: { status: 'frozen', reason: 'cycle entered scoring' },
              at,
            });
            frozeWeightSet = true;
          }
        }
        return { year: c.year, from: phaseJson(c.phase), to: phaseJson(next), frozeWeightSet, warnings };
      });
    }),
};
