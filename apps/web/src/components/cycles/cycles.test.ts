import { describe, expect, it } from 'vitest';
import { assignableCycles, createInputOf, emptyCycleForm, formOf, formProblems, settingsPatchOf, type CycleRow } from './cycles.ts';

const row = (year: number, extra: Partial<CycleRow> = {}): CycleRow => ({
  year,
  phase: { id: 'preparation', index: 0, name: { zh: '筹备', en: 'Preparation' }, article: null },
  awardCap: 5,
  aggregationMethod: 'consensus',
  applications: 0,
  cap: 5,
  minTotal: 600,
  method: 'consensus',
  fallback: 'trimmed',
  flagThreshold: 30,
  tieBreak: 'priorityAreas',
  weightSetId: 1,
  hasScores: false,
  locks: { scoring: false, selection: false },
  weightSet: null,
  ...extra,
});

describe('the cycle form', () => {
  it('suggests the year after the newest cycle (one award every two years) and the declared defaults', () => {
    expect(emptyCycleForm([2023, 2025], 2026)).toMatchObject({
      year: 2027,
      cap: 5,
      minTotal: 600,
      method: 'consensus',
      fallback: 'trimmed',
      flagThreshold: 30,
      tieBreak: 'priorityAreas',
      weightSetId: undefined,
    });
    expect(emptyCycleForm([], 2026).year).toBe(2026);
  });

  it('flags what the server refuses: a taken year, a cap above 5, a closing date before the opening', () => {
    const f = emptyCycleForm([2025], 2026);
    expect(formProblems(f, [2025])).toEqual([]);
    expect(formProblems({ ...f, year: 2025 }, [2025])).toEqual(['duplicate']);
    expect(formProblems({ ...f, cap: 6 }, [])).toEqual(['cap']);
    expect(formProblems({ ...f, year: undefined }, [])).toEqual(['year']);
    expect(formProblems({ ...f, callOpens: '2027-03-10', callCloses: '2027-03-01' }, [])).toEqual(['dates']);
  });

  it('sends no fallback for a plain statistic, the standard set by omission, and only the dates given', () => {
    const f = { ...emptyCycleForm([], 2027), method: 'median' as const, callOpens: '2027-03-01' };
    expect(createInputOf(f)).toEqual({
      year: 2027,
      cap: 5,
      minTotal: 600,
      method: 'median',
      fallback: null,
      flagThreshold: 30,
      tieBreak: 'priorityAreas',
      dates: { callOpens: '2027-03-01' },
    });
    expect(createInputOf({ ...f, weightSetId: 4, callOpens: '' })).toMatchObject({ weightSetId: 4, fallback: null });
    expect(createInputOf({ ...f, weightSetId: 4, callOpens: '' })).not.toHaveProperty('dates');
  });

  it('sends only what changed, so a locked setting is never sent unchanged', () => {
    const r = row(2025, { hasScores: true, locks: { scoring: true, selection: false } });
    expect(settingsPatchOf(r, formOf(r))).toEqual({ year: 2025 });
    expect(settingsPatchOf(r, { ...formOf(r), cap: 3 })).toEqual({ year: 2025, cap: 3 });
    expect(settingsPatchOf(r, { ...formOf(r), method: 'mean' })).toEqual({ year: 2025, method: 'mean', fallback: null });
  });

  it('offers only cycles without scores for a weight set, oldest first', () => {
    expect(assignableCycles([row(2029), row(2025, { hasScores: true }), row(2027)]).map((r) => r.year)).toEqual([2027, 2029]);
  });
});
