/** Award cycles: list, detail with the Art. 14–21 timeline check, and phase transitions. */
import {
  applicationCountsByCycle,
  CYCLE_PHASES,
  cycleHasScores,
  freezeWeightSet,
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
import { PHASE_NAMES } from '../domain/labels.ts';
import { apiError, domainText } from '../errors.ts';
import { allow } from '../trpc.ts';
import { inTransaction, nowIso } from './helpers.ts';
import { isoDate } from './inputs.ts';
import { READERS, SECRETARIAT } from './roles.ts';

export const yearInput = z.object({ year: z.number().int().min(2000).max(2100) });

function timelineOf(c: Cycle): CycleTimeline {
  const t: CycleTimeline = {};
  const set = (k: keyof CycleTimeline, v: string | null) => {
    if (v) t[k] = v;
  };
  set('callOpens', c.call_opens);
  set('callCloses', c.call_closes);
  set('applicationsReceived', c.applications_received);
  set('qualificationDone', c.qualification_done);
  set('reviewStarts', c.review_starts);
  set('reviewEnds', c.review_ends);
  set('commentStarts', c.comment_starts);
  set('commentEnds', c.comment_ends);
  set('noticeStarts', c.notice_starts);
  set('noticeEnds', c.notice_ends);
  return t;
}

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

const datesInput = z
  .strictObject(
    Object.fromEntries(Object.keys(DATE_COLUMNS).map((k) => [k, isoDate.nullable().optional()])) as Record<
      keyof typeof DATE_COLUMNS,
      z.ZodOptional<z.ZodNullable<typeof isoDate>>
    >,
  )
  .refine((d) => Object.values(d).some((v) => v !== undefined), { message: 'Give at least one date (请至少填写一个日期)' });

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
  list: allow(...READERS).meta({ cacheable: true }).query(async ({ ctx }) => {
    const [cycles, counts] = await Promise.all([listCycles(ctx.db), applicationCountsByCycle(ctx.db)]);
    return cycles.map((c) => ({
      year: c.year,
      phase: phaseJson(c.phase),
      awardCap: c.award_cap,
      minTotal: c.min_total,
      weightSetId: c.weight_set_id,
      aggregationMethod: c.aggregation_method,
      applications: counts.get(c.id) ?? 0,
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
        minTotal: c.min_total,
        aggregationMethod: c.aggregation_method,
        flagThreshold: c.flag_threshold,
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
        const update: CycleUpdate = {};
        for (const [key, value] of Object.entries(input.dates) as [keyof typeof DATE_COLUMNS, string | null | undefined][]) {
          if (value !== undefined) update[DATE_COLUMNS[key]] = value;
        }
        await tx.db.updateTable('cycles').set(update).where('id', '=', c.id).execute();
        const after = (await requireCycle(tx, input.year));
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

  /** Moves the cycle to its next phase (audited). Entering material review freezes the cycle's weight set. */
  advancePhase: allow('secretariat')
    .input(yearInput)
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
        const at = ctx.services.now().toISOString();
        await setCyclePhase(tx, c.id, next);
        await writeAudit(tx, {
          userId: user.id,
          action: 'cycle.advancePhase',
          entity: 'cycle',
          entityId: c.id,
          cycleId: c.id,
          before: { phase: c.phase },
          after: { phase: next },
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
        return { year: c.year, from: phaseJson(c.phase), to: phaseJson(next), frozeWeightSet };
      });
    }),
};
