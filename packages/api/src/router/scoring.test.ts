import { listAudit, listCycleConflicts, getCycleByYear } from '@mqa/db';
import { aggregate, ITEM_IDS } from '@mqa/scoring';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeOf, createFixture, OPEN_YEAR, type Fixture } from '../test/helpers.ts';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
});

describe('scoring.cycleResults', () => {
  it('ranks, selects within the cap at or above minTotal, and lists recusals (2023)', async () => {
    const r = await f.as('committee').scoring.cycleResults({ year: 2023 });
    expect(r.cap).toBe(5);
    expect(r.selection.selected.length).toBeLessThanOrEqual(r.cap);
    const selected = r.applications.filter((a) => a.selection.selected);
    expect(selected.map((a) => a.id)).toEqual(r.selection.selected);
    for (const a of selected) expect(a.total).toBeGreaterThanOrEqual(r.minTotal);
    // Every selected candidate outranks every eligible unselected one.
    const worstSelected = Math.max(...selected.map((a) => a.rank!));
    for (const a of r.applications.filter((x) => !x.selection.selected && !x.exclusion)) {
      expect(a.rank).toBeGreaterThanOrEqual(worstSelected);
    }
    expect(r.selection.capLine).toBe(Math.min(...selected.map((a) => a.total)));
    // Candidates in the running come first, by total, ranked 1… without gaps for excluded ones;
    // excluded candidates follow, without a rank.
    const running = r.applications.filter((a) => a.rank !== null);
    const excluded = r.applications.filter((a) => a.rank === null);
    expect(r.applications).toEqual([...running, ...excluded]);
    for (const a of excluded) expect(a.exclusion).not.toBeNull();
    expect(running[0]!.rank).toBe(1);
    for (let i = 1; i < running.length; i++) {
      expect(running[i - 1]!.total).toBeGreaterThanOrEqual(running[i]!.total);
      // Competition ranking: a new total starts at its position; an equal total may share the rank
      // (or follow it under the declared priority-area tie-break).
      if (running[i]!.total !== running[i - 1]!.total) expect(running[i]!.rank).toBe(i + 1);
      else expect([running[i - 1]!.rank, i + 1]).toContain(running[i]!.rank);
    }
    // Recused examiners are listed on their application and never counted.
    const cycle = (await getCycleByYear(f.db, 2023))!;
    const conflicts = await listCycleConflicts(f.db, cycle.id);
    expect(r.recusals).toHaveLength(conflicts.length);
    for (const c of conflicts) {
      const app = r.applications.find((a) => a.id === c.applicationId);
      if (app) expect(app.excludedExaminers.map((e) => e.id)).toContain(c.examinerId);
    }
  });

  it('aggregates each item over the non-recused examiners of the stage used (on-site where present)', async () => {
    const r = await f.as('secretariat').scoring.cycleResults({ year: 2023, method: 'median' });
    const onsite = r.applications.find((a) => a.stage === 'onsite' && a.items['4.7.2']!.source === 'examiners')!;
    expect(onsite).toBeDefined();
    const raw = await f.db
      .selectFrom('scores')
      .select(['examiner_id', 'percent'])
      .where('application_id', '=', onsite.id)
      .where('stage', '=', 'onsite')
      .where('item_id', '=', '4.7.2')
      .execute();
    const recused = new Set(onsite.excludedExaminers.map((e) => e.id));
    const counted = raw.filter((s) => !recused.has(s.examiner_id)).map((s) => s.percent);
    expect(onsite.items['4.7.2']!.n).toBe(counted.length);
    expect(onsite.items['4.7.2']!.percent).toBe(aggregate(counted, 'median'));
    expect(r.method).toBe('median');
  });

  it('refuses an unknown cycle and a bad method with clear errors', async () => {
    await expect(f.as('secretariat').scoring.cycleResults({ year: 1999 + 2 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(f.as('secretariat').scoring.cycleResults({ year: OPEN_YEAR, method: 'best' as never })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('scoring.recordConsensus', () => {
  it('records a consensus percentage that then wins in the consensus method, invalidating the cache and auditing', async () => {
    const sec = f.as('secretariat');
    const before = await sec.scoring.cycleResults({ year: OPEN_YEAR, method: 'consensus' });
    const target = before.applications.find((a) => a.items['4.6.3']!.source === 'examiners')!;
    const old = target.items['4.6.3']!.percent!;
    const percent = old >= 50 ? 10 : 95;
    const version = f.services.cache.version;
    await sec.scoring.recordConsensus({ applicationId: target.id, itemId: '4.6.3', stage: target.stage, percent, reason: '评审组讨论后一致认定' });
    expect(f.services.cache.version).toBe(version + 1);
    // The official (default) result is consensus first, with the cycle's statistic as fallback.
    const after = await sec.scoring.cycleResults({ year: OPEN_YEAR });
    expect(after.method).toBe('consensus');
    const cycle = (await getCycleByYear(f.db, OPEN_YEAR))!;
    expect(after.fallback).toBe(cycle.aggregation_fallback);
    const item = after.applications.find((a) => a.id === target.id)!.items['4.6.3']!;
    expect(item).toMatchObject({ percent, source: 'consensus' });
    // An explicit statistic is the cross-check view: it ignores the consensus records.
    const stat = await sec.scoring.cycleResults({ year: OPEN_YEAR, method: 'mean' });
    expect(stat.applications.find((a) => a.id === target.id)!.items['4.6.3']!.source).toBe('examiners');
    const audit = await listAudit(f.db, { entity: 'consensus', entityId: `${target.id}:4.6.3:${target.stage}` });
    expect(audit[0]).toMatchObject({ action: 'consensus.record', user_id: f.users.secretariat.id });
    expect(JSON.parse(audit[0]!.after!)).toEqual({ percent, reason: '评审组讨论后一致认定' });
  });

  it('validates the percentage (0–100 in steps of 5) and the item id', async () => {
    const sec = f.as('secretariat');
    const base = { applicationId: 1, itemId: '4.1.2', stage: 'material' as const, reason: 'ok reason' };
    expect(await codeOf(sec.scoring.recordConsensus({ ...base, percent: 42 }))).toBe('BAD_REQUEST');
    expect(await codeOf(sec.scoring.recordConsensus({ ...base, percent: 50, itemId: '4.1.1' }))).toBe('BAD_REQUEST');
    expect(await codeOf(sec.scoring.recordConsensus({ ...base, percent: 50, applicationId: 99999 }))).toBe('NOT_FOUND');
  });
});

describe('the examiner desk', () => {
  it('lists only the group’s applications the examiner is not recused from', async () => {
    const ex = f.as('examiner');
    const before = await ex.scoring.myAssignments();
    const open = before.filter((a) => a.year === OPEN_YEAR);
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((a) => a.openStage === 'material')).toBe(true);
    const group = await f.db
      .selectFrom('review_group_members')
      .innerJoin('applications', 'applications.review_group_id', 'review_group_members.review_group_id')
      .select('applications.id')
      .where('review_group_members.examiner_id', '=', f.seed.demoExaminerId)
      .execute();
    const groupIds = new Set(group.map((g) => g.id));
    expect(before.every((a) => groupIds.has(a.applicationId))).toBe(true);
    // A recusal removes the application from the desk and locks its sheet.
    const victim = open[open.length - 1]!.applicationId;
    await f.db
      .insertInto('conflicts')
      .values({ application_id: victim, examiner_id: f.seed.demoExaminerId, source: 'declared', reason: 'test', declared_at: '2025-06-01T00:00:00Z' })
      .execute();
    const after = await ex.scoring.myAssignments();
    expect(after.map((a) => a.applicationId)).not.toContain(victim);
    expect(await codeOf(ex.scoring.mySheet({ applicationId: victim, stage: 'material' }))).toBe('FORBIDDEN');
    expect(await codeOf(ex.applications.get({ id: victim }))).toBe('FORBIDDEN');
    // An application of another group is refused too.
    const other = await f.db
      .selectFrom('applications')
      .select('id')
      .where('cycle_id', '=', (await getCycleByYear(f.db, OPEN_YEAR))!.id)
      .where('review_group_id', 'is not', null)
      .execute();
    const foreign = other.find((o) => !groupIds.has(o.id))!;
    expect(await codeOf(ex.scoring.saveSheet({ applicationId: foreign.id, stage: 'material', percents: { '4.1.2': 50 } }))).toBe('FORBIDDEN');
  });

  it('saves, refuses an incomplete submit, submits, refuses edits, and reopens through the secretariat', async () => {
    const ex = f.as('examiner');
    const list = await ex.scoring.myAssignments();
    const target = list.find((a) => a.year === OPEN_YEAR && a.material.status !== 'submitted')!;
    const id = target.applicationId;
    // Clear the sheet, then fill part of it.
    const clear: Record<string, null> = {};
    for (const item of ITEM_IDS) clear[item] = null;
    await ex.scoring.saveSheet({ applicationId: id, stage: 'material', percents: clear });
    const saved = await ex.scoring.saveSheet({ applicationId: id, stage: 'material', percents: { '4.1.2': 55, '4.7.2': 70 } });
    expect(saved.scoredItems).toBe(2);
    const sheet = await ex.scoring.mySheet({ applicationId: id, stage: 'material' });
    expect(sheet.percents['4.1.2']).toBe(55);
    expect(sheet.percents['4.1.3']).toBeNull();
    expect(sheet.editable).toBe(true);

    const incomplete = await ex.scoring.submitSheet({ applicationId: id, stage: 'material' }).catch((e: unknown) => e);
    expect(incomplete).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect((incomplete as { cause: { details: { missing: string[] } } }).cause.details.missing).toHaveLength(21);

    expect(await codeOf(ex.scoring.saveSheet({ applicationId: id, stage: 'material', percents: { '4.1.2': 52 } }))).toBe('BAD_REQUEST');
    const all: Record<string, number> = {};
    ITEM_IDS.forEach((item, i) => (all[item] = (i * 5) % 100));
    await ex.scoring.saveSheet({ applicationId: id, stage: 'material', percents: all });
    const submitted = await ex.scoring.submitSheet({ applicationId: id, stage: 'material' });
    expect(submitted.status).toBe('submitted');
    expect(await codeOf(ex.scoring.saveSheet({ applicationId: id, stage: 'material', percents: { '4.1.2': 50 } }))).toBe('CONFLICT');
    expect((await ex.scoring.mySheet({ applicationId: id, stage: 'material' })).editable).toBe(false);

    // The scores count in the cycle results.
    const results = await f.as('secretariat').scoring.cycleResults({ year: OPEN_YEAR, method: 'mean' });
    expect(results.applications.find((a) => a.id === id)).toBeDefined();

    await f.as('secretariat').scoring.reopenSheet({ applicationId: id, examinerId: f.seed.demoExaminerId, stage: 'material', reason: '4.1.2 需复核' });
    const reopened = await ex.scoring.mySheet({ applicationId: id, stage: 'material' });
    expect(reopened).toMatchObject({ status: 'reopened', reopenedReason: '4.1.2 需复核', editable: true });
    await ex.scoring.saveSheet({ applicationId: id, stage: 'material', percents: { '4.1.2': 60 } });
    expect((await ex.scoring.mySheet({ applicationId: id, stage: 'material' })).percents['4.1.2']).toBe(60);

    const actions = (await listAudit(f.db, { entity: 'score_sheet', entityId: `${id}:${f.seed.demoExaminerId}:material` })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['sheet.save', 'sheet.submit', 'sheet.reopen']));
  });

  it('refuses on-site scores while the cycle is in material review', async () => {
    const ex = f.as('examiner');
    const id = (await ex.scoring.myAssignments()).find((a) => a.year === OPEN_YEAR)!.applicationId;
    const err = await ex.scoring.saveSheet({ applicationId: id, stage: 'onsite', percents: { '4.1.2': 50 } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect((err as { cause: { i18n: { zh: string } } }).cause.i18n.zh).toMatch(/材料评审/);
  });

  it('shows the examiner’s own scores beside the panel’s only after submission and consensus', async () => {
    const ex = f.as('examiner');
    const list = await ex.scoring.myAssignments();
    // A past cycle: sheet submitted, review over.
    const past = list.find((a) => a.year < OPEN_YEAR && a.material.status === 'submitted')!;
    const cmp = await ex.scoring.myComparison({ applicationId: past.applicationId });
    expect(cmp.items).toHaveLength(23);
    const own = await f.db
      .selectFrom('scores')
      .select(['item_id', 'percent'])
      .where('application_id', '=', past.applicationId)
      .where('examiner_id', '=', f.seed.demoExaminerId)
      .where('stage', '=', cmp.stage)
      .execute();
    for (const s of own) {
      const row = cmp.items.find((i) => i.itemId === s.item_id)!;
      expect(row.own).toBe(s.percent);
      if (row.panel !== null) expect(row.difference).toBeCloseTo(s.percent - row.panel, 9);
    }
    // An open sheet that is not submitted: no comparison yet.
    const draft = list.find((a) => a.year === OPEN_YEAR && a.material.status !== 'submitted');
    if (draft) expect(await codeOf(ex.scoring.myComparison({ applicationId: draft.applicationId }))).toBe('PRECONDITION_FAILED');
  });
});
