/**
 * Follow-up indicators of an awardee (Art. 5, 28): the set the secretariat records per year for
 * the three years an award is valid, each with its unit, which direction is better and the range
 * of plausible values. A value outside its range is refused (a typing slip such as a
 * satisfaction of 905 or a percentage entered as a fraction of 1 000), not stored.
 */
import { addYears, compareIsoDates, parseIsoDate } from './dates.ts';
import type { LocalizedText } from './i18n.ts';
import { AWARD_VALIDITY_YEARS } from './selection.ts';

export const INDICATOR_IDS = [
  'revenue_cny_m',
  'profit_tax_cny_m',
  'asset_contribution_pct',
  'rd_intensity_pct',
  'energy_tce_per_10k_cny',
  'customer_satisfaction',
  'quality_safety_incidents',
] as const;
export type IndicatorId = (typeof INDICATOR_IDS)[number];

export interface IndicatorDefinition {
  id: IndicatorId;
  name: LocalizedText;
  unit: LocalizedText;
  better: 'higher' | 'lower';
  /** Plausible range, both ends inclusive. */
  min: number;
  max: number;
  /** Whole numbers only (counts). */
  integer: boolean;
  /** Decimal places worth entering. */
  digits: number;
}

/** The follow-up indicators, once: names, units and plausible ranges. */
export const INDICATORS: Readonly<Record<IndicatorId, IndicatorDefinition>> = {
  revenue_cny_m: {
    id: 'revenue_cny_m',
    name: { zh: '营业收入', en: 'Revenue' },
    unit: { zh: '百万元', en: 'CNY m' },
    better: 'higher',
    min: 0,
    max: 2_000_000,
    integer: false,
    digits: 1,
  },
  profit_tax_cny_m: {
    id: 'profit_tax_cny_m',
    name: { zh: '利税总额', en: 'Profit and tax' },
    unit: { zh: '百万元', en: 'CNY m' },
    better: 'higher',
    min: -200_000,
    max: 500_000,
    integer: false,
    digits: 1,
  },
  asset_contribution_pct: {
    id: 'asset_contribution_pct',
    name: { zh: '总资产贡献率', en: 'Total-asset contribution rate' },
    unit: { zh: '%', en: '%' },
    better: 'higher',
    min: -50,
    max: 100,
    integer: false,
    digits: 2,
  },
  rd_intensity_pct: {
    id: 'rd_intensity_pct',
    name: { zh: '研发投入强度', en: 'R&D intensity' },
    unit: { zh: '%', en: '%' },
    better: 'higher',
    min: 0,
    max: 50,
    integer: false,
    digits: 2,
  },
  energy_tce_per_10k_cny: {
    id: 'energy_tce_per_10k_cny',
    name: { zh: '万元产值综合能耗', en: 'Energy use per CNY 10,000 output' },
    unit: { zh: '吨标准煤/万元', en: 'tce per CNY 10,000' },
    better: 'lower',
    min: 0,
    max: 20,
    integer: false,
    digits: 3,
  },
  customer_satisfaction: {
    id: 'customer_satisfaction',
    name: { zh: '顾客满意度', en: 'Customer satisfaction' },
    unit: { zh: '分（百分制）', en: 'score out of 100' },
    better: 'higher',
    min: 0,
    max: 100,
    integer: false,
    digits: 1,
  },
  quality_safety_incidents: {
    id: 'quality_safety_incidents',
    name: { zh: '质量安全事件数', en: 'Quality and safety incidents' },
    unit: { zh: '起', en: 'count' },
    better: 'lower',
    min: 0,
    max: 1000,
    integer: true,
    digits: 0,
  },
};

export function isIndicatorId(value: unknown): value is IndicatorId {
  return typeof value === 'string' && (INDICATOR_IDS as readonly string[]).includes(value);
}

/** What is wrong with a value of an indicator (not a finite number, not whole, outside the range), or null. */
export function indicatorValueProblem(
  id: IndicatorId,
  value: number,
): { code: 'not_a_number' | 'not_integer' | 'out_of_range'; message: LocalizedText } | null {
  const d = INDICATORS[id];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { code: 'not_a_number', message: { zh: `“${d.name.zh}”须为数字。`, en: `“${d.name.en}” must be a number.` } };
  }
  if (d.integer && !Number.isInteger(value)) {
    return { code: 'not_integer', message: { zh: `“${d.name.zh}”须为整数。`, en: `“${d.name.en}” must be a whole number.` } };
  }
  if (value < d.min || value > d.max) {
    return {
      code: 'out_of_range',
      message: {
        zh: `“${d.name.zh}”${value} ${d.unit.zh}不在合理范围 ${d.min}–${d.max} ${d.unit.zh}内。`,
        en: `“${d.name.en}” ${value} ${d.unit.en} is outside the plausible range ${d.min}–${d.max} ${d.unit.en}.`,
      },
    };
  }
  return null;
}

/**
 * The years whose indicators are followed for an award (Art. 5, 28): the award year (the
 * baseline) up to the year in which the 3-year validity ends.
 */
export function followUpYears(awardedOn: string): number[] {
  parseIsoDate(awardedOn, 'awardedOn');
  const first = Number(awardedOn.slice(0, 4));
  const last = Number(addYears(awardedOn, AWARD_VALIDITY_YEARS).slice(0, 4));
  const out: number[] = [];
  for (let y = first; y <= last; y++) out.push(y);
  return out;
}

/**
 * Why indicators of `year` cannot be recorded for an award made on `awardedOn` (outside the
 * follow-up years, or a year that has not begun on `today`), or null.
 */
export function followUpYearProblem(awardedOn: string, year: number, today: string): LocalizedText | null {
  const years = followUpYears(awardedOn);
  const first = years[0]!;
  const last = years[years.length - 1]!;
  if (!Number.isInteger(year) || year < first || year > last) {
    return {
      zh: `${year} 年不在该奖励的3年有效期（${awardedOn} 起，${first}–${last} 年）内，不能录入跟踪指标（第5条）。`,
      en: `${year} is outside the award's 3-year validity (from ${awardedOn}, years ${first}–${last}); no follow-up indicators can be recorded for it (Art. 5).`,
    };
  }
  parseIsoDate(today, 'today');
  if (compareIsoDates(`${year}-01-01`, today) > 0) {
    return { zh: `${year} 年尚未开始，不能录入该年度指标。`, en: `The year ${year} has not begun; its indicators cannot be recorded yet.` };
  }
  return null;
}

/**
 * When a follow-up value is worth a look (Art. 5, 28: the secretariat follows awardees'
 * indicators during the award's validity). An indicator has a fixed line where one is in common
 * use, otherwise a gap to its sector's median; a value that crosses it is marked in the
 * dashboard, it is not a finding in itself.
 */
export interface IndicatorWatch {
  /** A value below this is worth a look. */
  below?: number;
  /** A value at or above this is worth a look. */
  atLeast?: number;
  /** A value worse than the sector median by more than this share of the median (0.2 = 20 %). */
  worseThanMedianBy?: number;
}

/** The lines worth a look, once per indicator. */
export const INDICATOR_WATCH: Readonly<Record<IndicatorId, IndicatorWatch>> = {
  revenue_cny_m: { worseThanMedianBy: 0.5 },
  // A loss: profit and tax below zero.
  profit_tax_cny_m: { below: 0 },
  // The standard value of the national industrial economic-benefit index.
  asset_contribution_pct: { below: 10.7 },
  // The lowest R&D share the high-tech enterprise criteria accept (larger enterprises).
  rd_intensity_pct: { below: 3 },
  energy_tce_per_10k_cny: { worseThanMedianBy: 0.2 },
  customer_satisfaction: { below: 80 },
  // Any quality or safety incident in a year.
  quality_safety_incidents: { atLeast: 1 },
};

/** Why a value is worth a look: the line it crossed (for a median gap, the value at that gap). */
export interface IndicatorWatchHit {
  rule: 'below' | 'atLeast' | 'worseThanMedian';
  threshold: number;
  message: LocalizedText;
}

/** Whether a value of `id` crosses its watch line ({@link INDICATOR_WATCH}), given its sector's median. */
export function indicatorWatch(id: IndicatorId, value: number, sectorMedian: number | null): IndicatorWatchHit | null {
  const d = INDICATORS[id];
  const w = INDICATOR_WATCH[id];
  const fmt = (v: number) => String(Number(v.toFixed(d.digits)));
  if (w.below !== undefined && value < w.below) {
    return {
      rule: 'below',
      threshold: w.below,
      message: { zh: `低于关注线 ${fmt(w.below)} ${d.unit.zh}`, en: `below the watch line of ${fmt(w.below)} ${d.unit.en}` },
    };
  }
  if (w.atLeast !== undefined && value >= w.atLeast) {
    return {
      rule: 'atLeast',
      threshold: w.atLeast,
      message: { zh: `达到关注线 ${fmt(w.atLeast)} ${d.unit.zh}`, en: `at or above the watch line of ${fmt(w.atLeast)} ${d.unit.en}` },
    };
  }
  if (w.worseThanMedianBy !== undefined && sectorMedian !== null && sectorMedian !== 0) {
    const gap = Math.abs(sectorMedian) * w.worseThanMedianBy;
    const line = d.better === 'higher' ? sectorMedian - gap : sectorMedian + gap;
    const worse = d.better === 'higher' ? value < line : value > line;
    if (worse) {
      const pct = Math.round(w.worseThanMedianBy * 100);
      return {
        rule: 'worseThanMedian',
        threshold: line,
        message: {
          zh: `${d.better === 'higher' ? '低于' : '高于'}行业中位数 ${pct}% 以上`,
          en: `${d.better === 'higher' ? 'below' : 'above'} the sector median by more than ${pct}%`,
        },
      };
    }
  }
  return null;
}
