import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { examinerLeniency, icc, ICC_READING, iccReading, kendallW, midRanks, zScoreNormalise, type ExaminerScore } from './reliability.ts';

describe('icc (Shrout & Fleiss 1979)', () => {
  // Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges; Table 4 gives the six ICCs.
  const SF = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
  ];

  it('reproduces the published values .17 .29 .71 .44 .62 .91', () => {
    const r = icc(SF);
    expect(r.icc1).toBeCloseTo(0.17, 2);
    expect(r.icc2).toBeCloseTo(0.29, 2);
    expect(r.icc3).toBeCloseTo(0.71, 2);
    expect(r.icc1k).toBeCloseTo(0.44, 2);
    expect(r.icc2k).toBeCloseTo(0.62, 2);
    expect(r.icc3k).toBeCloseTo(0.91, 2);
  });

  it('matches the mean squares worked by hand (BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02)', () => {
    // From the ANOVA of the table: BMS = 56.2083/5, WMS = 112.75/18, JMS = 97.4583/3, EMS = 15.2917/15.
    const BMS = 56.208333 / 5;
    const WMS = 112.75 / 18;
    const JMS = 97.458333 / 3;
    const EMS = 15.291667 / 15;
    const k = 4;
    const n = 6;
    const r = icc(SF);
    expect(r.icc1).toBeCloseTo((BMS - WMS) / (BMS + (k - 1) * WMS), 5);
    expect(r.icc2).toBeCloseTo((BMS - EMS) / (BMS + (k - 1) * EMS + (k * (JMS - EMS)) / n), 5);
    expect(r.icc3k).toBeCloseTo((BMS - EMS) / BMS, 5);
  });

  it('is 1 for perfect agreement and ICC3 ignores a constant examiner offset', () => {
    const perfect = [
      [10, 10, 10],
      [20, 20, 20],
      [35, 35, 35],
    ];
    const p = icc(perfect);
    for (const v of Object.values(p)) expect(v).toBeCloseTo(1, 12);
    const offset = perfect.map((row) => [row[0]!, row[1]! + 10, row[2]! + 20]);
    const o = icc(offset);
    expect(o.icc3).toBeCloseTo(1, 12);
    expect(o.icc1).toBeLessThan(1);
    expect(o.icc2).toBeLessThan(1);
  });

  it('rejects incomplete, tiny or non-finite matrices with a clear error', () => {
    expect(() => icc([[1, 2]])).toThrow(/at least 2 candidates/);
    expect(() => icc([[1], [2]])).toThrow(/at least 2 examiners/);
    expect(() => icc([[1, 2], [3]])).toThrow(/incomplete/);
    expect(() =>
      icc([
        [1, 2],
        [3, Number.NaN],
      ]),
    ).toThrow(/non-finite/);
  });
});

describe('kendallW', () => {
  it('reproduces Siegel (1956) §9: three executives rank six applicants, W = .16', () => {
    // Siegel, S. (1956) Nonparametric Statistics for the Behavioral Sciences, Kendall coefficient
    // of concordance example: rank sums 8, 14, 11, 11, 11, 8; s = 25.5; W = 25.5 / 157.5 = 0.162.
    const ranksByExecutive = [
      [1, 6, 3, 2, 5, 4],
      [1, 5, 6, 4, 2, 3],
      [6, 3, 2, 5, 4, 1],
    ];
    const rows = ranksByExecutive[0]!.map((_, i) => ranksByExecutive.map((r) => r[i]!));
    expect(kendallW(rows)).toBeCloseTo(25.5 / 157.5, 12);
    expect(kendallW(rows)).toBeCloseTo(0.16, 2);
  });

  it('applies the tie correction (hand-computed; scipy friedmanchisquare gives the same)', () => {
    // 5 candidates × 4 examiners. Mid-ranks per examiner (column):
    //   e1: 3 3 1 5 3 (one triple: T = 24)   e2: 2 3.5 3.5 5 1 (one pair: T = 6)
    //   e3: 4 1.5 1.5 5 3 (T = 6)            e4: 4 4 1 4 2 (T = 24)
    // R = 13 12 7 19 9, mean 12, S = 84, ΣT = 60;
    // W = 12·84 / (4²(5³ − 5) − 4·60) = 1008 / 1680 = 0.6.
    // Check: scipy.stats.friedmanchisquare(*rows) = 9.6 and W = χ² / (m(n − 1)) = 9.6 / 16 = 0.6.
    const rows = [
      [70, 60, 80, 75],
      [70, 65, 60, 75],
      [50, 65, 60, 40],
      [85, 80, 90, 75],
      [70, 50, 75, 60],
    ];
    expect(kendallW(rows)).toBeCloseTo(0.6, 12);
    // Without the correction it would be 1008 / 1920 = 0.525.
    expect(kendallW(rows)).not.toBeCloseTo(0.525, 3);
  });

  it('is 1 for identical rankings and NaN when nobody ranks anything', () => {
    expect(
      kendallW([
        [1, 10],
        [2, 20],
        [3, 30],
      ]),
    ).toBeCloseTo(1, 12);
    expect(
      kendallW([
        [5, 5],
        [5, 5],
      ]),
    ).toBeNaN();
  });

  it('lies in [0, 1] (property)', () => {
    const matrix = fc.integer({ min: 2, max: 8 }).chain((n) =>
      fc.array(
        fc.array(
          fc.integer({ min: 0, max: 20 }).map((k) => k * 5),
          { minLength: 3, maxLength: 3 },
        ),
        { minLength: n, maxLength: n },
      ),
    );
    fc.assert(
      fc.property(matrix, (m) => {
        const w = kendallW(m);
        if (!Number.isNaN(w)) {
          expect(w).toBeGreaterThanOrEqual(-1e-12);
          expect(w).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
    );
  });

  it('midRanks averages ties', () => {
    expect(midRanks([10, 30, 20, 30])).toEqual({ ranks: [1, 3.5, 2, 3.5], tieSum: 6 });
  });
});

describe('examinerLeniency and zScoreNormalise', () => {
  const s = (applicationId: string, examinerId: string, itemId: string, percent: number): ExaminerScore => ({
    applicationId,
    examinerId,
    itemId,
    percent,
  });
  const scores = [
    s('A', 'e1', '4.1.2', 70),
    s('A', 'e2', '4.1.2', 50),
    s('A', 'e3', '4.1.2', 60),
    s('B', 'e1', '4.1.2', 80),
    s('B', 'e2', '4.1.2', 60),
    s('B', 'e3', '4.1.2', 70),
  ];

  it('measures each examiner against the others on the same application and item', () => {
    // e1 on A: 70 − mean(50, 60) = +15; on B: 80 − mean(60, 70) = +15 → +15, lenient.
    // e2: 50 − 65 = −15, 60 − 75 = −15 → −15, severe. e3: 60 − 60 = 0, 70 − 70 = 0.
    const r = examinerLeniency(scores);
    expect(r.map((x) => [x.examinerId, x.meanDeviation, x.tendency])).toEqual([
      ['e1', 15, 'lenient'],
      ['e3', 0, 'typical'],
      ['e2', -15, 'severe'],
    ]);
    expect(r[0]!.n).toBe(2);
    expect(r[0]!.mean).toBe(75);
  });

  it('leaves recused scores out', () => {
    const r = examinerLeniency([...scores, s('C', 'e2', '4.1.2', 100), s('C', 'e3', '4.1.2', 0)], {
      recusals: [{ applicationId: 'C', examinerId: 'e2' }],
    });
    // e3's score on C has no other examiner left to compare with.
    expect(r.find((x) => x.examinerId === 'e3')!.n).toBe(2);
    expect(r.find((x) => x.examinerId === 'e2')!.meanDeviation).toBe(-15);
  });

  it('z-scores sit beside the raw percentages and never replace them', () => {
    const z = zScoreNormalise(scores);
    const e1 = z.filter((x) => x.examinerId === 'e1');
    // e1: 70, 80 → mean 75, SD √50 → z = ∓0.7071
    expect(e1[0]!.percent).toBe(70);
    expect(e1[0]!.z).toBeCloseTo(-1 / Math.SQRT2, 12);
    expect(e1[1]!.z).toBeCloseTo(1 / Math.SQRT2, 12);
    expect(e1[0]!.normalisedPercent).not.toBeNull();
    expect(zScoreNormalise([s('A', 'x', '4.1.2', 50)])[0]!.z).toBeNull();
  });
});

describe('iccReading: the bands of Koo & Li (2016), one definition', () => {
  it('reads below 0.5 as poor, 0.5 to below 0.75 as moderate, 0.75 or more as good', () => {
    expect([0.38, 0.49, 0.5, 0.51, 0.74, 0.75, 0.93].map(iccReading)).toEqual(['poor', 'poor', 'moderate', 'moderate', 'moderate', 'good', 'good']);
    expect(iccReading(null)).toBeNull();
    expect(iccReading(Number.NaN)).toBeNull();
  });
  it('uses the thresholds it exports', () => {
    expect(iccReading(ICC_READING.moderate)).toBe('moderate');
    expect(iccReading(ICC_READING.moderate - 1e-9)).toBe('poor');
    expect(iccReading(ICC_READING.good)).toBe('good');
  });
});
