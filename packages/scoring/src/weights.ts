import { CATEGORY_IDS, GBT_19580_2012, ITEM_IDS, categoryOf, type LocalizedText } from './criteria.ts';

/** Points per item. The GB/T 19580-2012 table is the default; totals must be 1000. */
export interface WeightSet {
  id: string;
  name: LocalizedText;
  /** itemId → points. */
  points: Record<string, number>;
}

export type WeightSetErrorCode = 'invalidShape' | 'invalidId' | 'unknownItem' | 'missingItem' | 'negativePoints' | 'nonFinitePoints' | 'totalNot1000';

export interface WeightSetProblem {
  code: WeightSetErrorCode;
  itemId?: string;
  message: LocalizedText;
}

export interface WeightSetValidation {
  ok: boolean;
  errors: WeightSetProblem[];
}

/** Total every weight set must reach (GB/T 19580-2012: 1000 points). */
export const WEIGHT_TOTAL = 1000;
/** Tolerance when comparing a total of fractional points with 1000. */
const TOTAL_TOLERANCE = 1e-6;

/** A fresh copy of the GB/T 19580-2012 points table. */
export function defaultWeightSet(): WeightSet {
  const points: Record<string, number> = {};
  for (const c of GBT_19580_2012.categories) for (const i of c.items) points[i.id] = i.points;
  return {
    id: 'gbt19580-2012',
    name: { zh: 'GB/T 19580-2012 标准分值', en: 'GB/T 19580-2012 standard points' },
    points,
  };
}

/**
 * Checks a weight set and reports every problem at once; never throws, whatever it is given
 * (the argument is typed `unknown` on purpose: it may come straight from a form or a file).
 */
export function validateWeightSet(ws: unknown): WeightSetValidation {
  const errors: WeightSetProblem[] = [];
  if (ws === null || typeof ws !== 'object' || Array.isArray(ws)) {
    errors.push({
      code: 'invalidShape',
      message: { zh: '权重方案必须是一个对象，包含 id、name 和 points。', en: 'A weight set must be an object with id, name and points.' },
    });
    return { ok: false, errors };
  }
  const { id, points } = ws as { id?: unknown; points?: unknown };
  if (typeof id !== 'string' || id.trim() === '') {
    errors.push({ code: 'invalidId', message: { zh: '权重方案缺少有效的 id。', en: 'The weight set has no valid id.' } });
  }
  if (points === null || typeof points !== 'object' || Array.isArray(points)) {
    errors.push({
      code: 'invalidShape',
      message: { zh: '权重方案的 points 必须是“条款编号 → 分值”的对象。', en: 'The weight set’s points must be an object mapping item id → points.' },
    });
    return { ok: false, errors };
  }
  const record = points as Record<string, unknown>;
  const known = new Set(ITEM_IDS);
  let total = 0;
  for (const [itemId, value] of Object.entries(record)) {
    if (!known.has(itemId)) {
      errors.push({
        code: 'unknownItem',
        itemId,
        message: { zh: `未知条款“${itemId}”：GB/T 19580-2012 中没有该评分条款。`, en: `Unknown item "${itemId}": GB/T 19580-2012 has no such scored item.` },
      });
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      errors.push({
        code: 'nonFinitePoints',
        itemId,
        message: {
          zh: `条款 ${itemId} 的分值必须是有限数字（当前为 ${String(value)}）。`,
          en: `Item ${itemId}: points must be a finite number (got ${String(value)}).`,
        },
      });
      continue;
    }
    if (value < 0) {
      errors.push({
        code: 'negativePoints',
        itemId,
        message: { zh: `条款 ${itemId} 的分值不能为负数（当前为 ${value}）。`, en: `Item ${itemId}: points must not be negative (got ${value}).` },
      });
      continue;
    }
    total += value;
  }
  for (const itemId of ITEM_IDS) {
    if (!Object.prototype.hasOwnProperty.call(record, itemId)) {
      errors.push({
        code: 'missingItem',
        itemId,
        message: { zh: `缺少条款 ${itemId} 的分值。`, en: `Item ${itemId} has no points.` },
      });
    }
  }
  if (Math.abs(total - WEIGHT_TOTAL) > TOTAL_TOLERANCE) {
    const shown = Math.round(total * 1e6) / 1e6;
    errors.push({
      code: 'totalNot1000',
      message: {
        zh: `各条款有效分值合计为 ${shown}，应为 ${WEIGHT_TOTAL}。`,
        en: `The valid item points add up to ${shown}; they must add up to ${WEIGHT_TOTAL}.`,
      },
    });
  }
  return { ok: errors.length === 0, errors };
}

/** Throws a {@link WeightSetError} when the weight set is not valid. */
export function assertValidWeightSet(ws: unknown): asserts ws is WeightSet {
  const result = validateWeightSet(ws);
  if (!result.ok) throw new WeightSetError(result.errors);
}

/** Thrown by functions that need a valid weight set to compute anything. */
export class WeightSetError extends RangeError {
  readonly code = 'invalidWeightSet';
  readonly errors: WeightSetProblem[];
  readonly messages: LocalizedText;
  constructor(errors: WeightSetProblem[]) {
    const messages = {
      zh: `权重方案无效：${errors.map((e) => e.message.zh).join('；')}`,
      en: `Invalid weight set: ${errors.map((e) => e.message.en).join('; ')}`,
    };
    super(`${messages.en} (${messages.zh})`);
    this.name = 'WeightSetError';
    this.errors = errors;
    this.messages = messages;
  }
}

/** Points per category (sum of its items) of a weight set, for the 7 GB/T 19580 categories. */
export function categoryTotals(ws: WeightSet): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const c of CATEGORY_IDS) totals[c] = 0;
  for (const itemId of ITEM_IDS) {
    const v = ws.points[itemId];
    const c = categoryOf(itemId)!;
    if (typeof v === 'number' && Number.isFinite(v)) totals[c] = totals[c]! + v;
  }
  return totals;
}

/** Sum of all item points of a weight set (finite values only). */
export function weightTotal(ws: WeightSet): number {
  let t = 0;
  for (const itemId of ITEM_IDS) {
    const v = ws.points[itemId];
    if (typeof v === 'number' && Number.isFinite(v)) t += v;
  }
  return t;
}

export interface WeightChange {
  id: string;
  from: number | null;
  to: number | null;
  /** to − from; null when one side has no value. */
  delta: number | null;
}

export interface WeightSetDiff {
  from: string;
  to: string;
  /** Items whose points differ (in the standard's order; unknown extra items last). */
  items: (WeightChange & { categoryId: string | null })[];
  /** Categories whose totals differ. */
  categories: WeightChange[];
  /** True when no item differs. */
  identical: boolean;
}

/** Item-by-item and category-by-category differences between two weight sets. */
export function diffWeightSets(a: WeightSet, b: WeightSet): WeightSetDiff {
  const ids = [...ITEM_IDS];
  for (const k of [...Object.keys(a.points), ...Object.keys(b.points)]) if (!ids.includes(k)) ids.push(k);
  const items: WeightSetDiff['items'] = [];
  for (const id of ids) {
    const from = num(a.points[id]);
    const to = num(b.points[id]);
    if (from === to) continue;
    items.push({ id, categoryId: categoryOf(id) ?? null, from, to, delta: from === null || to === null ? null : to - from });
  }
  const ca = categoryTotals(a);
  const cb = categoryTotals(b);
  const categories: WeightChange[] = [];
  for (const id of CATEGORY_IDS) {
    const from = ca[id]!;
    const to = cb[id]!;
    if (from !== to) categories.push({ id, from, to, delta: to - from });
  }
  return { from: a.id, to: b.id, items, categories, identical: items.length === 0 };
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
