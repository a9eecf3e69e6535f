import { describe, expect, it } from 'vitest';
import { ITEM_IDS } from './criteria.ts';
import {
  WeightSetError,
  assertValidWeightSet,
  categoryTotals,
  defaultWeightSet,
  diffWeightSets,
  validateWeightSet,
  weightTotal,
  type WeightSet,
} from './weights.ts';

describe('defaultWeightSet', () => {
  it('is the GB/T 19580-2012 table and valid', () => {
    const ws = defaultWeightSet();
    expect(Object.keys(ws.points)).toEqual([...ITEM_IDS]);
    expect(ws.points['4.1.2']).toBe(50);
    expect(ws.points['4.7.5']).toBe(60);
    expect(weightTotal(ws)).toBe(1000);
    expect(validateWeightSet(ws)).toEqual({ ok: true, errors: [] });
  });

  it('returns a fresh copy each time', () => {
    const a = defaultWeightSet();
    a.points['4.1.2'] = 0;
    expect(defaultWeightSet().points['4.1.2']).toBe(50);
  });

  it('has the standard category totals', () => {
    expect(categoryTotals(defaultWeightSet())).toEqual({
      '4.1': 110,
      '4.2': 90,
      '4.3': 90,
      '4.4': 130,
      '4.5': 100,
      '4.6': 80,
      '4.7': 400,
    });
  });
});

describe('validateWeightSet', () => {
  it('reports every problem at once', () => {
    const ws = defaultWeightSet();
    delete ws.points['4.1.3']; // missing (−30)
    ws.points['4.9.9'] = 10; // unknown
    ws.points['4.2.2'] = -5; // negative (−40 counted as invalid)
    ws.points['4.4.3'] = Number.NaN; // non-finite (−15)
    const r = validateWeightSet(ws);
    expect(r.ok).toBe(false);
    const codes = r.errors.map((e) => `${e.code}:${e.itemId ?? ''}`).sort();
    expect(codes).toEqual(['missingItem:4.1.3', 'negativePoints:4.2.2', 'nonFinitePoints:4.4.3', 'totalNot1000:', 'unknownItem:4.9.9']);
    for (const e of r.errors) {
      expect(e.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.message.en.length).toBeGreaterThan(10);
    }
    // valid remaining points: 1000 − 30 − 40 − 15 = 915
    expect(r.errors.find((e) => e.code === 'totalNot1000')!.message.en).toContain('915');
  });

  it('flags a total other than 1000 alone', () => {
    const ws = defaultWeightSet();
    ws.points['4.7.2'] = 81;
    const r = validateWeightSet(ws);
    expect(r.errors.map((e) => e.code)).toEqual(['totalNot1000']);
    expect(r.errors[0]!.message.en).toContain('1001');
  });

  it('accepts fractional points that add up to 1000', () => {
    const ws = defaultWeightSet();
    ws.points['4.1.2'] = 49.9;
    ws.points['4.1.3'] = 30.1;
    expect(validateWeightSet(ws).ok).toBe(true);
  });

  it('never throws on garbage', () => {
    for (const bad of [null, undefined, 42, 'x', [], { id: 'x' }, { id: 'x', points: null }, { id: '', points: {} }, { points: [] }]) {
      const r = validateWeightSet(bad);
      expect(r.ok).toBe(false);
      expect(r.errors.length).toBeGreaterThan(0);
    }
    const r = validateWeightSet({ id: 'x', name: { zh: 'x', en: 'x' }, points: { '4.1.2': 'fifty' } });
    expect(r.errors.some((e) => e.code === 'nonFinitePoints' && e.itemId === '4.1.2')).toBe(true);
    expect(r.errors.filter((e) => e.code === 'missingItem')).toHaveLength(22);
  });

  it('assertValidWeightSet throws a WeightSetError listing the problems', () => {
    const ws = defaultWeightSet();
    ws.points['4.1.2'] = -1;
    expect(() => assertValidWeightSet(ws)).toThrow(WeightSetError);
    try {
      assertValidWeightSet(ws);
    } catch (e) {
      expect(e).toBeInstanceOf(RangeError);
      expect((e as WeightSetError).errors.map((x) => x.code)).toEqual(['negativePoints', 'totalNot1000']);
    }
  });
});

describe('diffWeightSets', () => {
  it('lists changed items and categories', () => {
    const a = defaultWeightSet();
    const b: WeightSet = { ...a, id: 'b', points: { ...a.points, '4.7.4': 60, '4.4.2': 80 } };
    const d = diffWeightSets(a, b);
    expect(d.identical).toBe(false);
    expect(d.items).toEqual([
      { id: '4.4.2', categoryId: '4.4', from: 60, to: 80, delta: 20 },
      { id: '4.7.4', categoryId: '4.7', from: 80, to: 60, delta: -20 },
    ]);
    expect(d.categories).toEqual([
      { id: '4.4', from: 130, to: 150, delta: 20 },
      { id: '4.7', from: 400, to: 380, delta: -20 },
    ]);
  });

  it('reports identical sets and one-sided items', () => {
    const a = defaultWeightSet();
    expect(diffWeightSets(a, defaultWeightSet()).identical).toBe(true);
    const b: WeightSet = { ...a, points: { ...a.points, extra: 5 } };
    delete b.points['4.4.6'];
    const d = diffWeightSets(a, b);
    expect(d.items).toEqual([
      { id: '4.4.6', categoryId: '4.4', from: 10, to: null, delta: null },
      { id: 'extra', categoryId: null, from: null, to: 5, delta: null },
    ]);
  });
});
