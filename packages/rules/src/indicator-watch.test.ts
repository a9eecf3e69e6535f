import { describe, expect, it } from 'vitest';
import { INDICATOR_IDS, INDICATOR_WATCH, INDICATORS, indicatorWatch } from './indicators.ts';

describe('indicator watch lines', () => {
  it('gives every indicator a line, on the side that is worse', () => {
    for (const id of INDICATOR_IDS) {
      const w = INDICATOR_WATCH[id];
      expect(Object.keys(w).length, id).toBeGreaterThan(0);
      if (w.below !== undefined) expect(INDICATORS[id].better, id).toBe('higher');
      if (w.atLeast !== undefined) expect(INDICATORS[id].better, id).toBe('lower');
    }
  });

  it('marks a value that crosses a fixed line, and not one on the right side', () => {
    expect(indicatorWatch('customer_satisfaction', 79.9, 90)).toMatchObject({ rule: 'below', threshold: 80 });
    expect(indicatorWatch('customer_satisfaction', 80, 90)).toBeNull();
    expect(indicatorWatch('quality_safety_incidents', 1, 0)).toMatchObject({ rule: 'atLeast', threshold: 1 });
    expect(indicatorWatch('quality_safety_incidents', 0, 2)).toBeNull();
    expect(indicatorWatch('profit_tax_cny_m', -0.5, 100)?.message.en).toMatch(/below the watch line of 0/);
  });

  it('marks a value far worse than its sector median, in the indicator’s direction', () => {
    // Energy: lower is better, watched at 20 % above the median.
    expect(indicatorWatch('energy_tce_per_10k_cny', 1.25, 1)).toMatchObject({ rule: 'worseThanMedian', threshold: 1.2 });
    expect(indicatorWatch('energy_tce_per_10k_cny', 1.15, 1)).toBeNull();
    expect(indicatorWatch('energy_tce_per_10k_cny', 0.5, 1)).toBeNull();
    // Revenue: higher is better, watched at half the median.
    expect(indicatorWatch('revenue_cny_m', 40, 100)).toMatchObject({ rule: 'worseThanMedian', threshold: 50 });
    expect(indicatorWatch('revenue_cny_m', 60, 100)).toBeNull();
    // No sector median: nothing to compare with.
    expect(indicatorWatch('revenue_cny_m', 1, null)).toBeNull();
  });
});
