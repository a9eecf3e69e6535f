/** After the award: the severity grading of incidents, the Art. 28 window, the follow-up years and indicator ranges. */
import { describe, expect, it } from 'vitest';
import { assessIncident, incidentGrounds, revocationReviewWindow, severityOpensReview } from './award.ts';
import { followUpYearProblem, followUpYears, indicatorValueProblem, INDICATOR_IDS, INDICATORS } from './indicators.ts';
import { INCIDENT_SEVERITIES, INCIDENT_SEVERITY_IDS } from './vocabulary.ts';

describe('incident grading (一般 / 较大 / 重大)', () => {
  it('names the three grades as the regulations do, and only 较大 and above ground an Art. 28 review', () => {
    expect(INCIDENT_SEVERITY_IDS.map((s) => INCIDENT_SEVERITIES[s].zh)).toEqual(['一般', '较大', '重大']);
    expect(severityOpensReview('general')).toBe(false);
    expect(severityOpensReview('larger')).toBe(true);
    expect(severityOpensReview('major')).toBe(true);
    expect(() => severityOpensReview('minor' as never)).toThrow(/severity/);
  });

  it('maps kinds and grades to the grounds of Art. 27–28; fraud at any grade', () => {
    expect(incidentGrounds({ kind: 'safety_accident', severity: 'general', date: '2024-01-01' })).toBeNull();
    expect(incidentGrounds({ kind: 'safety_accident', severity: 'larger', date: '2024-01-01' })).toEqual({ date: '2024-01-01', kind: 'major_safety_accident' });
    expect(incidentGrounds({ kind: 'public_health', severity: 'major', date: '2024-01-01' })!.kind).toBe('major_quality_accident');
    expect(incidentGrounds({ kind: 'violation', severity: 'larger', date: '2024-01-01' })!.kind).toBe('serious_violation');
    expect(incidentGrounds({ kind: 'fraud', severity: 'general', date: '2024-01-01' })!.kind).toBe('fraud');
  });
});

describe('the revocation-review window (Art. 28)', () => {
  it('runs from the award day to the third anniversary, both inclusive', () => {
    expect(revocationReviewWindow('2023-12-20')).toEqual({ from: '2023-12-20', until: '2026-12-20', article: 28 });
    const award = { awardedOn: '2023-12-20' };
    const larger = (date: string) => incidentGrounds({ kind: 'quality_accident', severity: 'larger', date })!;
    expect(assessIncident(award, larger('2023-12-20')).needed).toBe(true);
    expect(assessIncident(award, larger('2026-12-20')).needed).toBe(true);
    expect(assessIncident(award, larger('2026-12-21')).needed).toBe(false);
    expect(assessIncident(award, larger('2023-12-19')).needed).toBe(false);
  });
});

describe('follow-up indicators (Art. 5, 28)', () => {
  it('follows the award year and the years up to the end of validity; refuses others and years not begun', () => {
    expect(followUpYears('2023-12-20')).toEqual([2023, 2024, 2025, 2026]);
    expect(followUpYearProblem('2023-12-20', 2025, '2026-03-01')).toBeNull();
    expect(followUpYearProblem('2023-12-20', 2022, '2026-03-01')!.zh).toMatch(/第5条/);
    expect(followUpYearProblem('2023-12-20', 2027, '2028-03-01')!.en).toMatch(/outside/);
    expect(followUpYearProblem('2025-12-20', 2027, '2026-03-01')!.en).toMatch(/not begun/);
  });

  it('defines a plausible range for every indicator and refuses values outside it', () => {
    for (const id of INDICATOR_IDS) expect(INDICATORS[id].min).toBeLessThan(INDICATORS[id].max);
    expect(indicatorValueProblem('customer_satisfaction', 92.5)).toBeNull();
    expect(indicatorValueProblem('customer_satisfaction', 925)!.code).toBe('out_of_range');
    expect(indicatorValueProblem('customer_satisfaction', 925)!.message.zh).toMatch(/合理范围 0–100/);
    expect(indicatorValueProblem('quality_safety_incidents', 1.5)!.code).toBe('not_integer');
    expect(indicatorValueProblem('energy_tce_per_10k_cny', -0.1)!.code).toBe('out_of_range');
    expect(indicatorValueProblem('asset_contribution_pct', Number.NaN)!.code).toBe('not_a_number');
  });
});
