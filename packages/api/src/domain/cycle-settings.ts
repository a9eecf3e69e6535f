/**
 * A cycle's settings: cap (Art. 3), minimum total (Art. 3), weight set (Art. 13), the official
 * aggregation method with its declared fallback, the disagreement flag threshold and the
 * tie-break at the cap line (Art. 2). Shared by `cycles.create`, `cycles.updateSettings` and
 * `weights.assignToCycle`.
 *
 * When they may change:
 * - weight set, method, fallback, threshold decide every score: editable until the cycle has
 *   its first score (a draft counts: it was scored under these settings);
 * - cap, minimum total, tie-break decide the selection: editable until the results are
 *   published for public comment (Art. 18).
 */
import {
  CYCLE_PHASES,
  cycleHasScores,
  freezeWeightSet,
  getCycleByYear,
  getWeightSet,
  insertWeightSet,
  nextWeightSetVersion,
  writeAudit,
  type Cycle,
  type CycleUpdate,
  type DB,
  type StatMethodName,
  type TieBreakName,
  type WeightSetWithPoints,
} from '@mqa/db';
import { AWARD_CAP } from '@mqa/rules';
import { DEFAULT_FLAG_THRESHOLD, defaultWeightSet, type AggregationMethod } from '@mqa/scoring';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { apiError, weightSetNotFound } from '../errors.ts';
import { assertValidPoints } from '../router/weights.ts';
import { nowIso } from '../router/helpers.ts';

export const STAT_METHOD_IDS = ['mean', 'median', 'trimmed', 'olympic'] as const;
export const METHOD_IDS = ['consensus', ...STAT_METHOD_IDS] as const;
export const TIE_BREAK_IDS = ['priorityAreas', 'none'] as const;

/** The code of the GB/T 19580-2012 standard weight set. */
export const STANDARD_WEIGHT_SET_CODE = 'gbt19580-2012';

export const CYCLE_DEFAULTS = {
  cap: AWARD_CAP,
  minTotal: 600,
  method: 'consensus',
  fallback: 'trimmed',
  flagThreshold: DEFAULT_FLAG_THRESHOLD,
  tieBreak: 'priorityAreas',
} as const satisfies CycleSettings;

export interface CycleSettings {
  cap: number;
  minTotal: number;
  method: AggregationMethod;
  fallback: StatMethodName | null;
  flagThreshold: number;
  tieBreak: TieBreakName;
}

/** The optional settings fields of `cycles.create` / `cycles.updateSettings` (ranges are checked with zh/en errors). */
export const settingsFields = {
  cap: z.number().int().optional(),
  minTotal: z.number().finite().optional(),
  weightSetId: z.number().int().positive().optional(),
  method: z.enum(METHOD_IDS).optional(),
  fallback: z.enum(STAT_METHOD_IDS).nullable().optional(),
  flagThreshold: z.number().finite().optional(),
  tieBreak: z.enum(TIE_BREAK_IDS).optional(),
};

export type SettingsPatch = Partial<Omit<CycleSettings, 'fallback'>> & { fallback?: StatMethodName | null; weightSetId?: number };

/** Checks a complete set of settings, refusing with a zh/en message that names the rule. */
export function checkSettings(s: CycleSettings): CycleSettings {
  if (s.cap > AWARD_CAP) {
    throw apiError(
      'BAD_REQUEST',
      {
        zh: `每届授奖总数不超过 ${AWARD_CAP} 个（组织和个人合计，第3条），不能设为 ${s.cap}。`,
        en: `At most ${AWARD_CAP} awards per cycle, organisations and individuals together (Art. 3); ${s.cap} is not allowed.`,
      },
      { field: 'cap', article: 3, max: AWARD_CAP },
    );
  }
  if (s.cap < 1) {
    throw apiError(
      'BAD_REQUEST',
      {
        zh: `授奖名额至少为 1 个，不能设为 ${s.cap}（第3条：名额可以空缺，但上限须为正数）。`,
        en: `The cap must be at least 1, not ${s.cap} (Art. 3: awards may stay vacant, but the cap is positive).`,
      },
      { field: 'cap', article: 3 },
    );
  }
  if (!(s.minTotal >= 0 && s.minTotal <= 1000)) {
    throw apiError(
      'BAD_REQUEST',
      { zh: `最低总分须在 0 到 1000 分之间，收到的是 ${s.minTotal}。`, en: `The minimum total must be between 0 and 1000 points; got ${s.minTotal}.` },
      { field: 'minTotal', article: 3 },
    );
  }
  if (!(s.flagThreshold > 0 && s.flagThreshold <= 100)) {
    throw apiError(
      'BAD_REQUEST',
      {
        zh: `分歧标记阈值须大于 0 且不超过 100 个百分点，收到的是 ${s.flagThreshold}。`,
        en: `The disagreement flag threshold must be above 0 and at most 100 percentage points; got ${s.flagThreshold}.`,
      },
      { field: 'flagThreshold' },
    );
  }
  if (s.method === 'consensus' && s.fallback === null) {
    throw apiError(
      'BAD_REQUEST',
      {
        zh: '合议优先的汇总方法须声明后备统计方法（用于没有合议分的条款）。',
        en: 'The consensus-first method needs a declared fallback statistic for the items without a consensus.',
      },
      { field: 'fallback' },
    );
  }
  if (s.method !== 'consensus' && s.fallback !== null) {
    throw apiError(
      'BAD_REQUEST',
      {
        zh: `后备统计方法只适用于合议优先的汇总方法；“${s.method}”本身就是统计方法，请不要填写后备方法。`,
        en: `A fallback applies only to the consensus-first method; "${s.method}" is itself a statistic, so leave the fallback empty.`,
      },
      { field: 'fallback' },
    );
  }
  return s;
}

export function settingsOf(c: Cycle): CycleSettings {
  return {
    cap: c.award_cap,
    minTotal: c.min_total,
    method: c.aggregation_method,
    fallback: c.aggregation_method === 'consensus' ? (c.aggregation_fallback ?? 'mean') : null,
    flagThreshold: c.flag_threshold,
    tieBreak: c.tie_break,
  };
}

/** The settings as the API shows them, with what may still change. */
export function cycleSettingsJson(c: Cycle, hasScores: boolean) {
  const published = CYCLE_PHASES.indexOf(c.phase) >= CYCLE_PHASES.indexOf('public_comment');
  return {
    ...settingsOf(c),
    weightSetId: c.weight_set_id,
    /** The cycle has at least one stored score: weight set, method, fallback and threshold are fixed. */
    hasScores,
    locks: { scoring: hasScores, selection: published },
  };
}

/** A weight set for a cycle: the one asked for (checked with @mqa/scoring), else the standard set, created on first use. */
export async function resolveNewCycleWeightSet(db: DB, weightSetId: number | undefined, userId: number, at: string): Promise<WeightSetWithPoints> {
  if (weightSetId !== undefined) {
    const ws = await getWeightSet(db, weightSetId);
    if (!ws) throw weightSetNotFound(weightSetId);
    assertValidPoints(ws.points, String(ws.id));
    return ws;
  }
  const standard = await db
    .selectFrom('weight_sets')
    .select('id')
    .where('code', '=', STANDARD_WEIGHT_SET_CODE)
    .orderBy('status', 'desc') // 'frozen' before 'draft'
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (standard) return (await getWeightSet(db, standard.id))!;
  const std = defaultWeightSet();
  const id = await insertWeightSet(db, {
    code: STANDARD_WEIGHT_SET_CODE,
    version: await nextWeightSetVersion(db, STANDARD_WEIGHT_SET_CODE),
    nameZh: 'GB/T 19580-2012 标准分值',
    nameEn: 'GB/T 19580-2012 standard points',
    basedOnId: null,
    note: '国家标准默认分值（1000分），首次开设周期时创建。/ The standard’s default points (1000), created when the first cycle was opened.',
    createdBy: userId,
    createdAt: at,
    points: { ...std.points },
  });
  // The standard itself never changes: it is created frozen; tuned sets are new versions or codes.
  await freezeWeightSet(db, id, at);
  await writeAudit(db, {
    userId,
    action: 'weightSet.create',
    entity: 'weight_set',
    entityId: id,
    after: { code: STANDARD_WEIGHT_SET_CODE, status: 'frozen', reason: 'standard set created for the first cycle', points: std.points },
    at,
  });
  return (await getWeightSet(db, id))!;
}

const SCORING_FIELDS = ['weightSetId', 'method', 'fallback', 'flagThreshold'] as const;
const SELECTION_FIELDS = ['cap', 'minTotal', 'tieBreak'] as const;

const FIELD_NAMES: Record<string, { zh: string; en: string }> = {
  weightSetId: { zh: '权重方案', en: 'weight set' },
  method: { zh: '汇总方法', en: 'aggregation method' },
  fallback: { zh: '后备统计方法', en: 'fallback statistic' },
  flagThreshold: { zh: '分歧标记阈值', en: 'flag threshold' },
  cap: { zh: '授奖名额上限', en: 'award cap' },
  minTotal: { zh: '最低总分', en: 'minimum total' },
  tieBreak: { zh: '并列处理', en: 'tie-break' },
};

/**
 * Applies a settings patch to a cycle inside the caller's transaction, refusing what may no
 * longer change, and audits old → new. Returns the updated cycle. A patch that changes nothing
 * is accepted and writes nothing.
 */
export async function applyCycleSettings(tx: Context & { db: DB }, c: Cycle, patch: SettingsPatch, action: string): Promise<Cycle> {
  const before = { ...settingsOf(c), weightSetId: c.weight_set_id };
  const merged: CycleSettings & { weightSetId: number } = {
    cap: patch.cap ?? before.cap,
    minTotal: patch.minTotal ?? before.minTotal,
    method: patch.method ?? before.method,
    fallback:
      patch.fallback !== undefined
        ? patch.fallback
        : patch.method !== undefined && patch.method !== before.method
          ? patch.method === 'consensus'
            ? CYCLE_DEFAULTS.fallback
            : null
          : before.fallback,
    flagThreshold: patch.flagThreshold ?? before.flagThreshold,
    tieBreak: patch.tieBreak ?? before.tieBreak,
    weightSetId: patch.weightSetId ?? before.weightSetId,
  };
  const changed = (Object.keys(merged) as (keyof typeof merged)[]).filter((k) => merged[k] !== before[k]);
  if (changed.length === 0) return c;

  const scoringChanges = changed.filter((k): k is (typeof SCORING_FIELDS)[number] => (SCORING_FIELDS as readonly string[]).includes(k));
  if (scoringChanges.length > 0 && (await cycleHasScores(tx.db, c.id))) {
    const names = scoringChanges.map((k) => FIELD_NAMES[k]!);
    throw apiError(
      'CONFLICT',
      {
        zh: `${c.year} 年度周期已有评分，${names.map((n) => n.zh).join('、')}不能再修改：已录入的评分是按现有设置给出和汇总的，修改会改变已有结果。如需新的权重，请另建草案用于下一周期。`,
        en: `The ${c.year} cycle already has scores, so its ${names.map((n) => n.en).join(', ')} can no longer change: the scores were given and aggregated under the current settings, and a change would alter existing results. For new weights, make a draft for the next cycle.`,
      },
      { year: c.year, fields: scoringChanges, reason: 'hasScores' },
    );
  }
  const selectionChanges = changed.filter((k) => (SELECTION_FIELDS as readonly string[]).includes(k));
  if (selectionChanges.length > 0 && CYCLE_PHASES.indexOf(c.phase) >= CYCLE_PHASES.indexOf('public_comment')) {
    const names = selectionChanges.map((k) => FIELD_NAMES[k]!);
    throw apiError(
      'CONFLICT',
      {
        zh: `${c.year} 年度周期的评审结果已公开征求意见（第18条），${names.map((n) => n.zh).join('、')}不能再修改。`,
        en: `The ${c.year} cycle's results are already published for public comment (Art. 18); its ${names.map((n) => n.en).join(', ')} can no longer change.`,
      },
      { year: c.year, fields: selectionChanges, reason: 'published', article: 18 },
    );
  }
  checkSettings(merged);
  if (merged.weightSetId !== before.weightSetId) await resolveNewCycleWeightSet(tx.db, merged.weightSetId, tx.user!.id, nowIso(tx));

  const update: CycleUpdate = {
    award_cap: merged.cap,
    min_total: merged.minTotal,
    aggregation_method: merged.method,
    aggregation_fallback: merged.fallback,
    flag_threshold: merged.flagThreshold,
    tie_break: merged.tieBreak,
    weight_set_id: merged.weightSetId,
  };
  await tx.db.updateTable('cycles').set(update).where('id', '=', c.id).execute();
  const pick = (o: typeof merged) => Object.fromEntries(changed.map((k) => [k, o[k]]));
  await writeAudit(tx.db, {
    userId: tx.user!.id,
    action,
    entity: 'cycle',
    entityId: c.id,
    cycleId: c.id,
    before: pick(before),
    after: pick(merged),
    at: nowIso(tx),
  });
  return (await getCycleByYear(tx.db, c.year))!;
}
