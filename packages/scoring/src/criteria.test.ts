import { describe, expect, it } from 'vitest';
import { CATEGORY_IDS, GBT_19580_2012, ITEMS, ITEM_IDS, SCORING_BANDS, bandOf, categoryOf, getItem, isValidPercent, itemsOfCategory } from './criteria.ts';

describe('GB/T 19580-2012 model', () => {
  it('has 7 categories and 23 items with the standard ids, 1000 points in all', () => {
    expect(CATEGORY_IDS).toEqual(['4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7']);
    expect(ITEM_IDS).toHaveLength(23);
    expect(ITEM_IDS[0]).toBe('4.1.2');
    expect(ITEM_IDS[22]).toBe('4.7.7');
    expect(ITEMS.reduce((s, i) => s + i.points, 0)).toBe(1000);
    expect(GBT_19580_2012.totalPoints).toBe(1000);
  });

  it('category points equal the sum of their items (110/90/90/130/100/80/400)', () => {
    expect(GBT_19580_2012.categories.map((c) => c.points)).toEqual([110, 90, 90, 130, 100, 80, 400]);
    for (const c of GBT_19580_2012.categories) {
      expect(c.items.reduce((s, i) => s + i.points, 0)).toBe(c.points);
      for (const i of c.items) expect(i.id.startsWith(`${c.id}.`)).toBe(true);
    }
  });

  it('judges 4.1–4.6 on ADLI (process) and 4.7 on LeTCI (results)', () => {
    for (const i of ITEMS) expect(i.kind).toBe(i.id.startsWith('4.7.') ? 'results' : 'process');
    expect(ITEMS.filter((i) => i.kind === 'results')).toHaveLength(6);
  });

  it('has Chinese and English names everywhere', () => {
    for (const c of GBT_19580_2012.categories) {
      expect(c.name.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(c.name.en).toMatch(/[A-Za-z]/);
      for (const i of c.items) {
        expect(i.name.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(i.name.en).toMatch(/[A-Za-z]/);
      }
    }
  });

  it('looks items and categories up', () => {
    expect(getItem('4.4.3')?.points).toBe(15);
    expect(getItem('4.4.3')?.name.zh).toBe('财务资源');
    expect(getItem('4.8.1')).toBeUndefined();
    expect(categoryOf('4.4.3')).toBe('4.4');
    expect(categoryOf('4.1')).toBeUndefined();
    expect(itemsOfCategory('4.2')).toEqual(['4.2.2', '4.2.3']);
    expect(itemsOfCategory('9.9')).toEqual([]);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(GBT_19580_2012.categories[0]!.items[0])).toBe(true);
  });
});

describe('scoring bands', () => {
  it('are the six GB/T 19580 bands, contiguous over 0–100 in steps of 5', () => {
    expect(SCORING_BANDS.map((b) => [b.min, b.max])).toEqual([
      [0, 5],
      [10, 25],
      [30, 45],
      [50, 65],
      [70, 85],
      [90, 100],
    ]);
    for (let i = 1; i < SCORING_BANDS.length; i++) expect(SCORING_BANDS[i]!.min).toBe(SCORING_BANDS[i - 1]!.max + 5);
  });

  it('describe process (ADLI) and results (LeTCI) maturity in zh and en', () => {
    for (const b of SCORING_BANDS) {
      for (const text of [b.process, b.results]) {
        expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(text.en.length).toBeGreaterThan(60);
      }
    }
    expect(SCORING_BANDS[0]!.process.en).toMatch(/no systematic approach/i);
    expect(SCORING_BANDS[0]!.results.en).toMatch(/no results/i);
    expect(SCORING_BANDS[5]!.process.en).toMatch(/exemplary/i);
    expect(SCORING_BANDS[5]!.process.en).toMatch(/innovation/i);
    expect(SCORING_BANDS[5]!.results.en).toMatch(/benchmark leadership/i);
    expect(SCORING_BANDS[5]!.results.en).toMatch(/sustained/i);
  });

  it('maps every valid percentage to exactly its band', () => {
    for (let p = 0; p <= 100; p += 5) {
      const b = bandOf(p)!;
      expect(p).toBeGreaterThanOrEqual(b.min);
      expect(p).toBeLessThanOrEqual(b.max);
    }
    expect(bandOf(7.5)!.level).toBe(1);
    expect(bandOf(47.5)!.level).toBe(3);
    expect(bandOf(-1)).toBeUndefined();
    expect(bandOf(101)).toBeUndefined();
    expect(bandOf(Number.NaN)).toBeUndefined();
  });

  it('validates examiner percentages', () => {
    expect(isValidPercent(0)).toBe(true);
    expect(isValidPercent(35)).toBe(true);
    expect(isValidPercent(100)).toBe(true);
    for (const bad of [-5, 105, 7, 2.5, Number.NaN, Number.POSITIVE_INFINITY, '50', null]) expect(isValidPercent(bad)).toBe(false);
  });
});
