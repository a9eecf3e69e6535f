import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, type StatMethod } from './aggregate.ts';
import { CATEGORY_IDS, ITEM_IDS, categoryOf } from './criteria.ts';
import { scoreCycle, scoreCycleColumnar, toColumnar, type ScoreRecord } from './cycle.ts';
import { ScoringError } from './errors.ts';
import { defaultWeightSet, type WeightSet } from './weights.ts';

const weights = defaultWeightSet();
const rec = (applicationId: string, examinerId: string, itemId: string, percent: number): ScoreRecord => ({
  applicationId,
  examinerId,
  itemId,
  percent,
});
/** Every item of `app` scored by each examiner with the given percentage. */
function full(app: string, byExaminer: Record<string, number>): ScoreRecord[] {
  return Object.entries(byExaminer).flatMap(([ex, p]) => ITEM_IDS.map((item) => rec(app, ex, item, p)));
}

describe('scoreCycle: hand-computed cycle', () => {
  // A: three examiners give 50 / 60 / 70 everywhere → mean 60 → total 600.
  // B: 40 / 40 / 100 everywhere → mean 60, median 40; range 60 → flagged.
  const scores = [...full('A', { e1: 50, e2: 60, e3: 70 }), ...full('B', { e1: 40, e2: 40, e3: 100 })];

  it('mean: item = points × percent / 100, category = Σ items, total = Σ', () => {
    const r = scoreCycle({ weights, method: 'mean', scores });
    const a = r.applications.find((x) => x.id === 'A')!;
    expect(a.items['4.1.2']).toEqual({ percent: 60, score: 30, n: 3, sd: 10, range: 20, iqr: 10, flagged: false, source: 'examiners' });
    expect(a.categories['4.1']).toBe(66); // 110 × 0.6
    expect(a.categories['4.7']).toBe(240);
    expect(a.total).toBeCloseTo(600, 9);
    expect(a.complete).toBe(true);
    expect(a.missingItems).toEqual([]);
    const b = r.applications.find((x) => x.id === 'B')!;
    expect(b.total).toBeCloseTo(600, 9);
    // Equal totals share rank 1, listed by id.
    expect(r.applications.map((x) => [x.id, x.rank])).toEqual([
      ['A', 1],
      ['B', 1],
    ]);
    expect(r.method).toBe('mean');
    expect(r.weightSetId).toBe(weights.id);
  });

  it('median separates them; disagreement is flagged at a range of 30 or more', () => {
    const r = scoreCycle({ weights, method: 'median', scores });
    expect(r.applications.map((x) => [x.id, x.rank, Math.round(x.total * 100) / 100])).toEqual([
      ['A', 1, 600],
      ['B', 2, 400],
    ]);
    const b = r.applications[1]!;
    expect(b.items['4.7.2']).toMatchObject({ percent: 40, score: 32, range: 60, flagged: true });
    expect(b.items['4.7.2']!.sd).toBeCloseTo(Math.sqrt(1200), 12); // values 40 40 100: mean 60, SS 2400, /2
    expect(b.flaggedItems).toEqual([...ITEM_IDS]);
    expect(r.agenda).toHaveLength(23);
    expect(r.agenda[0]).toMatchObject({ applicationId: 'B', itemId: '4.1.2', range: 60, n: 3 });
    expect(r.applications[0]!.flaggedItems).toEqual([]);
  });

  it('flagThreshold is configurable (range 20 reaches a threshold of 20)', () => {
    const r = scoreCycle({ weights, method: 'mean', scores, flagThreshold: 20 });
    expect(r.applications.find((x) => x.id === 'A')!.flaggedItems).toHaveLength(23);
  });

  it('trimmed and olympic', () => {
    const five = full('C', { e1: 10, e2: 50, e3: 55, e4: 60, e5: 100 });
    const t = scoreCycle({ weights, method: 'trimmed', scores: five }).applications[0]!;
    expect(t.items['4.2.2']!.percent).toBe(55); // cut 1 each end: (50 + 55 + 60) / 3
    expect(t.total).toBeCloseTo(550, 9);
    const o = scoreCycle({ weights, method: 'olympic', scores: five }).applications[0]!;
    expect(o.items['4.2.2']!.percent).toBe(55);
  });
});

describe('scoreCycle: recusal, missing items, consensus', () => {
  it('recused examiners never count', () => {
    const scores = [...full('A', { e1: 50, e2: 60, e3: 100 })];
    const r = scoreCycle({ weights, method: 'mean', scores, recusals: [{ applicationId: 'A', examinerId: 'e3' }] });
    const a = r.applications[0]!;
    expect(a.items['4.1.2']).toMatchObject({ percent: 55, n: 2, range: 10 });
    expect(a.total).toBeCloseTo(550, 9);
    expect(a.excludedExaminers).toEqual(['e3']);
    expect(r.recusedScores).toBe(23);
  });

  it('an item with no valid score is missing, never 0; the total covers present items only', () => {
    const scores = full('A', { e1: 50, e2: 70 }).filter((s) => s.itemId !== '4.4.3' && !(s.itemId === '4.7.7' && s.examinerId === 'e1'));
    scores.push(rec('A', 'e3', '4.4.3', 90));
    const r = scoreCycle({ weights, method: 'mean', scores, recusals: [{ applicationId: 'A', examinerId: 'e3' }] });
    const a = r.applications[0]!;
    expect(a.items['4.4.3']).toEqual({ percent: null, score: null, n: 0, sd: null, range: null, iqr: null, flagged: false, source: 'missing' });
    expect(a.missingItems).toEqual(['4.4.3']);
    expect(a.complete).toBe(false);
    expect(a.items['4.7.7']).toMatchObject({ percent: 70, n: 1, sd: 0, range: 0 });
    // 60 % of everything except 4.4.3 (15 points) and 4.7.7 (50 points, at 70 %).
    expect(a.total).toBeCloseTo(0.6 * (1000 - 15 - 50) + 0.7 * 50, 9);
    expect(a.categories['4.4']).toBeCloseTo(0.6 * (130 - 15), 9);
  });

  it('applications listed without scores are reported with every item missing', () => {
    const r = scoreCycle({ weights, method: 'mean', scores: full('A', { e1: 50 }), applicationIds: ['Z'] });
    const z = r.applications.find((x) => x.id === 'Z')!;
    expect(z.total).toBe(0);
    expect(z.missingItems).toHaveLength(23);
    expect(z.rank).toBe(2);
  });

  it('a recorded consensus wins; elsewhere the declared fallback applies', () => {
    const scores = full('A', { e1: 40, e2: 50, e3: 90 });
    const r = scoreCycle({
      weights,
      method: 'consensus',
      fallback: 'median',
      scores,
      consensus: [
        { applicationId: 'A', itemId: '4.1.2', percent: 65 },
        { applicationId: 'B', itemId: '4.7.2', percent: 80 },
      ],
    });
    expect(r.fallback).toBe('median');
    const a = r.applications.find((x) => x.id === 'A')!;
    expect(a.items['4.1.2']).toMatchObject({ percent: 65, score: 32.5, source: 'consensus', range: 50, flagged: true });
    expect(a.items['4.1.3']).toMatchObject({ percent: 50, source: 'examiners' });
    // Consensus without any examiner score still counts.
    const b = r.applications.find((x) => x.id === 'B')!;
    expect(b.items['4.7.2']).toMatchObject({ percent: 80, score: 64, n: 0, source: 'consensus' });
    expect(b.missingItems).toHaveLength(22);
    // Default fallback is the mean.
    expect(scoreCycle({ weights, method: 'consensus', scores }).fallback).toBe('mean');
    // A statistical method ignores recorded consensus.
    const stat = scoreCycle({ weights, method: 'median', scores, consensus: [{ applicationId: 'A', itemId: '4.1.2', percent: 65 }] });
    expect(stat.applications[0]!.items['4.1.2']).toMatchObject({ percent: 50, source: 'examiners' });
    expect(stat.fallback).toBeNull();
  });

  it('olympic with fewer than 3 counted scores is reported as insufficient', () => {
    const scores = full('A', { e1: 40, e2: 50, e3: 90 });
    const r = scoreCycle({ weights, method: 'olympic', scores, recusals: [{ applicationId: 'A', examinerId: 'e3' }] });
    const a = r.applications[0]!;
    expect(a.insufficientItems).toHaveLength(23);
    expect(a.items['4.1.2']).toMatchObject({ percent: null, score: null, n: 2, source: 'insufficient' });
    expect(a.complete).toBe(false);
    expect(a.total).toBe(0);
  });
});

describe('scoreCycle: edge cases', () => {
  it('an empty cycle has no applications', () => {
    expect(scoreCycle({ weights, method: 'trimmed', scores: [] })).toMatchObject({ applications: [], agenda: [], recusedScores: 0 });
  });

  it('the result survives JSON (no NaN or undefined: missing values are null)', () => {
    const scores = full('A', { e1: 50 }).filter((s) => s.itemId !== '4.2.2');
    const r = scoreCycle({ weights, method: 'median', scores });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r.applications[0]!.items['4.2.2']!.percent).toBeNull();
  });
});

describe('scoreCycle: bad input gets clear errors', () => {
  it('rejects a percentage that is not 0–100 in steps of 5, saying where', () => {
    const scores = [rec('A', 'e1', '4.1.2', 50), rec('A', 'e2', '4.1.2', 57)];
    try {
      scoreCycle({ weights, method: 'mean', scores });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RangeError);
      expect((e as ScoringError).code).toBe('invalidPercent');
      expect((e as ScoringError).messages.en).toBe('Application "A", examiner "e2", item "4.1.2": the score must be 0–100 in steps of 5; got 57.');
      expect((e as ScoringError).messages.zh).toContain('5 的倍数');
    }
    for (const bad of [-5, 105, 2.5, Number.NaN, '50' as unknown as number]) {
      expect(() => scoreCycle({ weights, method: 'mean', scores: [rec('A', 'e1', '4.1.2', bad)] })).toThrow(RangeError);
    }
  });

  it('rejects unknown items, duplicate scores, bad consensus and invalid weight sets', () => {
    expect(() => scoreCycle({ weights, method: 'mean', scores: [rec('A', 'e1', '4.1.1', 50)] })).toThrow(/Unknown item "4.1.1"/);
    expect(() => scoreCycle({ weights, method: 'mean', scores: [rec('A', 'e1', '4.1.2', 50), rec('A', 'e1', '4.1.2', 60)] })).toThrow(
      /scored application "A", item 4.1.2 more than once/,
    );
    expect(() => scoreCycle({ weights, method: 'consensus', scores: [], consensus: [{ applicationId: 'A', itemId: '4.1.2', percent: 33 }] })).toThrow(
      /consensus percentage must be 0–100/,
    );
    const bad: WeightSet = { ...weights, points: { ...weights.points, '4.1.2': 60 } };
    expect(() => scoreCycle({ weights: bad, method: 'mean', scores: [] })).toThrow(/Invalid weight set/);
    expect(() => scoreCycle({ weights, method: 'best' as StatMethod, scores: [] })).toThrow(/Unknown aggregation method/);
    expect(() => scoreCycle({ weights, method: 'trimmed', proportion: 0.6, scores: [] })).toThrow(/0 ≤ p < 0.5/);
  });

  it('columnar input is checked too', () => {
    const base = { applicationIds: ['A'], examinerIds: ['e1'] };
    const cols = (a: number, e: number, t: number, p: number) => ({
      ...base,
      application: [a],
      examiner: [e],
      item: [t],
      percent: [p],
    });
    expect(() => scoreCycleColumnar({ weights, method: 'mean', scores: cols(1, 0, 0, 50) })).toThrow(/invalid application index/);
    expect(() => scoreCycleColumnar({ weights, method: 'mean', scores: cols(0, 0, 23, 50) })).toThrow(/invalid item index/);
    expect(() => scoreCycleColumnar({ weights, method: 'mean', scores: { ...cols(0, 0, 0, 50), percent: [] } })).toThrow(/differ in length/);
  });
});

/** Straightforward reference: Maps of arrays and `aggregate`, no typed arrays. */
function reference(scores: ScoreRecord[], ws: WeightSet, method: StatMethod) {
  const cells = new Map<string, number[]>();
  for (const s of scores) {
    const k = `${s.applicationId}|${s.itemId}`;
    cells.set(k, [...(cells.get(k) ?? []), s.percent]);
  }
  const totals = new Map<string, number>();
  const pct = new Map<string, number>();
  for (const [k, v] of cells) {
    const [app, item] = k.split('|') as [string, string];
    if (method === 'olympic' && v.length < 3) continue;
    const p = aggregate(v, method);
    pct.set(k, p);
    totals.set(app, (totals.get(app) ?? 0) + (ws.points[item]! * p) / 100);
  }
  return { totals, pct };
}

const arbScores = fc
  .array(
    fc.record({
      applicationId: fc.constantFrom('A', 'B', 'C', 'D'),
      examinerId: fc.constantFrom('e1', 'e2', 'e3', 'e4', 'e5'),
      itemId: fc.constantFrom(...ITEM_IDS),
      percent: fc.integer({ min: 0, max: 20 }).map((k) => k * 5),
    }),
    { maxLength: 200 },
  )
  .map((list) => {
    const seen = new Set<string>();
    return list.filter((s) => {
      const k = `${s.applicationId}|${s.examinerId}|${s.itemId}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  });

/** Valid weight sets: random positive integers per item, scaled to 1000 with the remainder on 4.7.2. */
const arbWeights: fc.Arbitrary<WeightSet> = fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 23, maxLength: 23 }).map((raw) => {
  const sum = raw.reduce((a, b) => a + b, 0);
  const pts = raw.map((x) => Math.floor((x * 1000) / sum));
  const rest = 1000 - pts.reduce((a, b) => a + b, 0);
  pts[17] = pts[17]! + rest;
  return { id: 'random', name: { zh: '随机', en: 'random' }, points: Object.fromEntries(ITEM_IDS.map((id, i) => [id, pts[i]!])) };
});

describe('scoreCycle properties', () => {
  const methods = fc.constantFrom<StatMethod>('mean', 'median', 'trimmed', 'olympic');

  it('agrees with a straightforward reference implementation', () => {
    fc.assert(
      fc.property(arbScores, arbWeights, methods, (scores, ws, method) => {
        const r = scoreCycle({ weights: ws, method, scores });
        const ref = reference(scores, ws, method);
        for (const a of r.applications) {
          expect(a.total).toBeCloseTo(ref.totals.get(a.id) ?? 0, 9);
          for (const itemId of ITEM_IDS) {
            const p = ref.pct.get(`${a.id}|${itemId}`);
            expect(a.items[itemId]!.percent).toBe(p === undefined ? null : p);
          }
          const catSum = CATEGORY_IDS.reduce((s, c) => s + a.categories[c]!, 0);
          expect(catSum).toBeCloseTo(a.total, 9);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('totals never exceed the weight set total, and each item never exceeds its points', () => {
    fc.assert(
      fc.property(arbScores, arbWeights, methods, (scores, ws, method) => {
        for (const a of scoreCycle({ weights: ws, method, scores }).applications) {
          expect(a.total).toBeLessThanOrEqual(1000 + 1e-9);
          expect(a.total).toBeGreaterThanOrEqual(0);
          for (const itemId of ITEM_IDS) {
            const s = a.items[itemId]!.score;
            if (s !== null) expect(s).toBeLessThanOrEqual(ws.points[itemId]! + 1e-9);
            if (s !== null) expect(categoryOf(itemId)).toBeDefined();
          }
        }
      }),
    );
  });

  it('scores scale linearly with points: total(λ·w1 + (1 − λ)·w2) = λ·total(w1) + (1 − λ)·total(w2)', () => {
    fc.assert(
      fc.property(arbScores, arbWeights, arbWeights, fc.double({ min: 0, max: 1, noNaN: true }), (scores, w1, w2, lambda) => {
        const mix: WeightSet = {
          id: 'mix',
          name: { zh: '混合', en: 'mix' },
          points: Object.fromEntries(ITEM_IDS.map((id) => [id, lambda * w1.points[id]! + (1 - lambda) * w2.points[id]!])),
        };
        const t = (ws: WeightSet) => new Map(scoreCycle({ weights: ws, method: 'mean', scores }).applications.map((a) => [a.id, a.total]));
        const t1 = t(w1);
        const t2 = t(w2);
        for (const [id, total] of t(mix)) expect(total).toBeCloseTo(lambda * t1.get(id)! + (1 - lambda) * t2.get(id)!, 8);
      }),
      { numRuns: 60 },
    );
  });

  it('ranking ignores input order', () => {
    fc.assert(
      fc.property(arbScores, fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), methods, (scores, rnd, method) => {
        const shuffled = scores
          .map((s) => ({ s, k: rnd.next().value }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.s);
        const a = scoreCycle({ weights, method, scores });
        const b = scoreCycle({ weights, method, scores: shuffled });
        expect(b.applications.map((x) => [x.id, x.rank])).toEqual(a.applications.map((x) => [x.id, x.rank]));
        for (const app of a.applications) {
          const other = b.applications.find((x) => x.id === app.id)!;
          expect(other.total).toBeCloseTo(app.total, 9);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('the columnar path gives the same result as the object path', () => {
    fc.assert(
      fc.property(arbScores, methods, (scores, method) => {
        const col = toColumnar({ scores });
        const c = scoreCycleColumnar({ weights, method, scores: col.scores });
        const o = scoreCycle({ weights, method, scores });
        expect(Array.from(c.order, (a) => col.scores.applicationIds[a])).toEqual(o.applications.map((a) => a.id));
        o.applications.forEach((app) => {
          const idx = col.scores.applicationIds.indexOf(app.id);
          expect(c.total[idx]).toBe(app.total);
          expect(c.rank[idx]).toBe(app.rank);
        });
      }),
      { numRuns: 60 },
    );
  });
});

describe('scoreCycle result objects', () => {
  const scores = ['a', 'b'].flatMap((applicationId) =>
    ['x', 'y', 'z'].flatMap((examinerId, e) =>
      ITEM_IDS.map((itemId, t) => ({ applicationId, examinerId, itemId, percent: ((t + e * 3 + applicationId.length) % 20) * 5 })),
    ),
  );

  it("build each application's items on first read, and they survive JSON and structured clone unchanged", () => {
    const result = scoreCycle({ weights: defaultWeightSet(), method: 'mean', scores });
    const app = result.applications[0]!;
    const first = app.items;
    expect(Object.keys(first)).toEqual([...ITEM_IDS]);
    expect(app.items).toBe(first); // built once, then an ordinary property
    expect(Object.getOwnPropertyDescriptor(app, 'items')).toMatchObject({ enumerable: true, writable: true });
    const other = scoreCycle({ weights: defaultWeightSet(), method: 'mean', scores });
    // Never read before: JSON and structured clone still carry every item.
    const viaJson = JSON.parse(JSON.stringify(other)) as typeof other;
    const viaClone = structuredClone(scoreCycle({ weights: defaultWeightSet(), method: 'mean', scores }));
    expect(viaJson.applications[1]!.items).toEqual(result.applications[1]!.items);
    expect(viaClone.applications[1]!.items).toEqual(result.applications[1]!.items);
    const total = Object.values(viaJson.applications[0]!.items).reduce((s, i) => s + (i.score ?? 0), 0);
    expect(total).toBeCloseTo(viaJson.applications[0]!.total, 9);
  });

  it('let a caller replace items like any other property', () => {
    const app = scoreCycle({ weights: defaultWeightSet(), method: 'mean', scores }).applications[0]!;
    app.items = {};
    expect(app.items).toEqual({});
  });
});
