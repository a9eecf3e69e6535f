import { selectCandidates } from '@mqa/rules';
import { defaultWeightSet, scoreCycleColumnar, scoringInputOf } from '@mqa/scoring';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFixture, OPEN_YEAR, type Fixture } from '../test/helpers.ts';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
});

describe('analytics.cycleOverview', () => {
  it('counts, bins and summarises the cycle consistently with the scored results', async () => {
    const o = await f.as('leadership').analytics.cycleOverview({ year: OPEN_YEAR });
    const r = await f.as('committee').scoring.cycleResults({ year: OPEN_YEAR });
    expect(o.counts.applications).toBe(f.seed.applicationsPerCycle[OPEN_YEAR]);
    expect(o.counts.bySector.reduce((s, x) => s + x.count, 0)).toBe(o.counts.applications);
    expect(o.counts.byDistrict.reduce((s, x) => s + x.count, 0)).toBe(o.counts.applications);
    expect(o.counts.byDistrict.every((d) => /区|旗/.test(d.name.zh))).toBe(true);
    const complete = r.applications.filter((a) => a.complete);
    expect(o.histogram.bins.reduce((s, b) => s + b.count, 0) + o.histogram.outside).toBe(complete.length);
    for (const c of o.categories) {
      expect(c.percentOfMax!.n).toBe(complete.length);
      expect(c.percentOfMax!.max).toBeLessThanOrEqual(100);
    }
    expect(o.ranked.map((x) => x.id)).toEqual(r.applications.map((a) => a.id));
    expect(o.ranked.filter((x) => x.selected).map((x) => x.id)).toEqual(r.selection.selected);
    expect(o.capLine).toBe(r.selection.capLine);
    // The tie-break the selection declared (the official results use the priority areas of Art. 2).
    expect(o.tieBreak).toBe('priorityAreas');
    expect(o.tieBreak).toBe(r.tieBreak);
    for (const a of o.awaitingConsensus) expect(a.range).toBeGreaterThanOrEqual(o.flagThreshold);
    for (let i = 1; i < o.awaitingConsensus.length; i++) expect(o.awaitingConsensus[i - 1]!.range).toBeGreaterThanOrEqual(o.awaitingConsensus[i]!.range);
    const consensusKeys = new Set(r.agenda.filter((a) => a.consensus).map((a) => `${a.applicationId}|${a.itemId}`));
    for (const a of o.awaitingConsensus) expect(consensusKeys.has(`${a.applicationId}|${a.itemId}`)).toBe(false);
  });

  it('is computed once per data version and recomputed after a mutation', async () => {
    const first = await f.as('secretariat').analytics.cycleOverview({ year: OPEN_YEAR });
    const hits = f.services.cache.hits;
    const second = await f.as('committee').analytics.cycleOverview({ year: OPEN_YEAR });
    expect(second).toBe(first);
    expect(f.services.cache.hits).toBeGreaterThan(hits);
    const target = first.ranked[0]!;
    await f.as('secretariat').scoring.recordConsensus({ applicationId: target.id, itemId: '4.7.3', stage: target.stage, percent: 0, reason: 'cache test' });
    const third = await f.as('secretariat').analytics.cycleOverview({ year: OPEN_YEAR });
    expect(third).not.toBe(first);
  });
});

describe('analytics.compare', () => {
  it('defaults to the top 3 eligible candidates with categories, examiners, acceptability and reliability', async () => {
    const c = await f.as('committee').analytics.compare({ year: 2023 });
    const r = await f.as('committee').scoring.cycleResults({ year: 2023 });
    expect(c.candidates.map((x) => x.id)).toEqual(
      r.applications
        .filter((a) => !a.exclusion)
        .slice(0, 3)
        .map((a) => a.id),
    );
    for (const cand of c.candidates) {
      expect(cand.categories).toHaveLength(7);
      const sum = cand.categories.reduce((s, x) => s + x.score, 0);
      expect(sum).toBeCloseTo(cand.total, 9);
      for (const cat of cand.categories) expect(cat.percentOfMax!).toBeGreaterThanOrEqual(0);
      expect(cand.examiners.length).toBeGreaterThanOrEqual(2);
      const raw = await f.db
        .selectFrom('scores')
        .select(['examiner_id', 'percent'])
        .where('application_id', '=', cand.id)
        .where('stage', '=', cand.stage)
        .where('item_id', '=', '4.2.2')
        .execute();
      for (const e of cand.examiners) expect(e.percents['4.2.2']).toBe(raw.find((x) => x.examiner_id === e.id)!.percent);
      expect(cand.acceptability!.selectionProbability).toBeGreaterThanOrEqual(0);
      expect(cand.acceptability!.selectionProbability).toBeLessThanOrEqual(1);
      expect(cand.reliability).not.toBeNull();
    }
  });

  it('validates the selection of candidates', async () => {
    const com = f.as('committee');
    await expect(com.analytics.compare({ year: 2023, ids: [1] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(com.analytics.compare({ year: 2023, ids: [1, 2, 3, 4, 5, 6, 7] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(com.analytics.compare({ year: 2023, ids: [1, 1] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(com.analytics.compare({ year: 2023, ids: [1, 999999] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('analytics.cycleMatrix', () => {
  it('carries everything the browser needs to reproduce the server’s scoring with @mqa/scoring', async () => {
    const m = await f.as('committee').analytics.cycleMatrix({ year: 2023 });
    const r = await f.as('committee').scoring.cycleResults({ year: 2023 });
    // The browser's path: the same matrix through the same scoring input, then the same selection.
    const local = scoreCycleColumnar(scoringInputOf(m));
    // The same tie-break as the server's selection (and cycleOverview), for the weights what-if.
    expect(m.tieBreak).toBe(r.tieBreak);
    expect(m.tieBreak).toBe((await f.as('committee').analytics.cycleOverview({ year: 2023 })).tieBreak);
    expect(m.fallback).toBe(r.fallback);
    const selection = selectCandidates(
      m.applications.map((a, i) => ({ id: String(a.id), total: local.total[i]!, priorityAreas: a.priorityAreas, exclusion: a.exclusion })),
      { cap: m.cap, minTotal: m.minTotal, tieBreak: m.tieBreak },
    );
    const localRank = new Map(selection.decisions.map((d) => [Number(d.id), d.rank]));
    m.applications.forEach((a, i) => {
      const server = r.applications.find((x) => x.id === a.id)!;
      expect(local.total[i]).toBeCloseTo(server.total, 9);
      expect(localRank.get(a.id)).toBe(server.rank);
    });
    expect(selection.selected.map(Number)).toEqual(r.selection.selected);
    // No recused examiner's score reaches the browser (Art. 24), yet the totals above match.
    expect(r.recusals.length).toBeGreaterThan(0);
    const appIndex = new Map(m.applications.map((a, i) => [a.id, i]));
    const exIndex = new Map(m.examiners.map((e, i) => [e.id, i]));
    for (const rec of r.recusals) {
      const a = appIndex.get(rec.applicationId);
      const e = exIndex.get(rec.examiner.id);
      if (a === undefined || e === undefined) continue;
      let sent = 0;
      for (let k = 0; k < m.scores.percent.length; k++) if (m.scores.application[k] === a && m.scores.examiner[k] === e) sent++;
      expect(sent, `scores of recused examiner ${rec.examiner.id} on application ${rec.code}`).toBe(0);
    }
    expect(m.recusals.application).toEqual([]);
  });
});

describe('analytics.rescore and acceptability', () => {
  it('re-scoring with the cycle’s own weights changes nothing', async () => {
    const r = await f.as('committee').analytics.rescore({ year: 2021, weightSetId: 1 });
    expect(r.diff.identical).toBe(true);
    for (const a of r.applications) {
      expect(a.rankChange).toBe(0);
      expect(a.total).toBeCloseTo(a.baseTotal, 9);
      expect(a.selected).toBe(a.baseSelected);
    }
    expect(r.flipPoints).toHaveLength(7);
  });

  it('re-scores under draft points, and rejects invalid points with the core’s reasons', async () => {
    const p = defaultWeightSet().points;
    p['4.7.2'] = 30;
    p['4.1.2'] = 100;
    const r = await f.as('secretariat').analytics.rescore({ year: 2021, points: p });
    expect(r.weightSet).toBeNull();
    expect(r.diff.items.map((i) => i.id)).toEqual(['4.1.2', '4.7.2']);
    for (const a of r.applications) expect(Object.values(a.categories).reduce((s, v) => s + v, 0)).toBeCloseTo(a.total, 9);
    for (let i = 1; i < r.applications.length; i++) expect(r.applications[i - 1]!.total).toBeGreaterThanOrEqual(r.applications[i]!.total - 1e-9);
    p['4.1.2'] = 10;
    await expect(f.as('secretariat').analytics.rescore({ year: 2021, points: p })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(f.as('secretariat').analytics.rescore({ year: 2021 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('rank acceptability is reproducible for a seed and gives probability distributions', async () => {
    const a = await f.as('committee').analytics.acceptability({ year: 2021, samples: 500, seed: 7 });
    f.services.cache.bump();
    const b = await f.as('committee').analytics.acceptability({ year: 2021, samples: 500, seed: 7 });
    expect(b.candidates.map((c) => c.selectionProbability)).toEqual(a.candidates.map((c) => c.selectionProbability));
    for (const c of a.candidates) {
      expect(c.rankProbabilities.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
      expect(c.name.zh.length).toBeGreaterThan(0);
    }
    const selectedSum = a.candidates.reduce((s, c) => s + c.selectionProbability, 0);
    expect(selectedSum).toBeLessThanOrEqual(a.cap + 1e-9);
  });
});

describe('analytics.panel, sectors, trends, followUp', () => {
  it('describes each review group: leniency, reliability and the consensus agenda', async () => {
    const groups = await f.as('committee').analytics.panel({ year: 2023 });
    const dbGroups = await f.db.selectFrom('review_groups').select('id').where('cycle_id', '=', 3).execute();
    expect(groups.map((g) => g.group.id).sort((a, b) => a - b)).toEqual(dbGroups.map((g) => g.id).sort((a, b) => a - b));
    for (const g of groups) {
      expect(g.leniency.length).toBeGreaterThan(0);
      for (const l of g.leniency) expect(['lenient', 'severe', 'typical']).toContain(l.tendency);
      if (g.reliability.icc) {
        expect(g.reliability.n).toBeGreaterThanOrEqual(2);
        expect(Number.isFinite(g.reliability.icc.icc2)).toBe(true);
      } else expect(g.reliability.note).not.toBeNull();
      for (let i = 1; i < g.agenda.length; i++) expect(g.agenda[i - 1]!.range).toBeGreaterThanOrEqual(g.agenda[i]!.range);
      expect(g.totals.length).toBe(g.applications);
    }
  });

  it('compares sectors and districts and orders the weakest categories', async () => {
    const s = await f.as('leadership').analytics.sectors();
    expect(s.bySector.reduce((t, x) => t + x.n, 0)).toBe(s.applications);
    expect(s.byDistrict.reduce((t, x) => t + x.n, 0)).toBe(s.applications);
    for (let i = 1; i < s.weakestCategories.length; i++) {
      expect(s.weakestCategories[i - 1]!.meanPercent).toBeLessThanOrEqual(s.weakestCategories[i]!.meanPercent);
    }
    const one = await f.as('leadership').analytics.sectors({ year: 2019 });
    expect(one.applications).toBeLessThan(s.applications);
    await expect(f.as('leadership').analytics.sectors({ year: 2001 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('gives one trend point per cycle with its awardees', async () => {
    const t = await f.as('leadership').analytics.trends();
    expect(t.map((x) => x.year)).toEqual([2019, 2021, 2023, 2025]);
    for (const x of t) {
      expect(x.awardees).toBe(f.seed.awardsPerCycle[x.year] ?? 0);
      expect(x.spread!.sd).toBeGreaterThan(0);
      expect(x.bySector.reduce((s, b) => s + b.n, 0)).toBe(x.scored);
    }
  });

  it('follows awardees up: status, indicators against the sector median, incidents needing review', async () => {
    const list = await f.as('leadership').analytics.followUp();
    const awards = await f.db.selectFrom('awards').select('id').execute();
    expect(list).toHaveLength(awards.length);
    const revoked = list.filter((a) => a.status === 'revoked');
    expect(revoked.length).toBe(1);
    expect(revoked[0]!.revocation!.article).toBe(28);
    for (const a of list) {
      expect(['valid', 'expiring', 'expired', 'revoked']).toContain(a.status);
      for (const ind of a.indicators) for (const y of ind.years) if (y.sectorMedian !== null) expect(y.sectorN).toBeGreaterThan(0);
    }
    const open = list.flatMap((a) => a.incidents.filter((i) => i.reviewStatus === 'open' && i.severity === 'major'));
    for (const i of open) expect(i.needsReview).toBe(i.assessment.needed);
    expect(list.some((a) => a.indicators.length > 0)).toBe(true);
    // Each entry names its award and the awardee organisation (null for an individual), as awards.list does.
    const awardList = await f.as('secretariat').awards.list();
    const orgOfAward = new Map(awardList.map((a) => [a.id, a.organisationId]));
    for (const a of list) {
      expect(orgOfAward.has(a.awardId)).toBe(true);
      expect(a.organisationId).toBe(orgOfAward.get(a.awardId));
      expect(a.organisationId === null).toBe(a.applicantType === 'individual');
    }
    expect(list.some((a) => a.organisationId !== null)).toBe(true);
  });
});
