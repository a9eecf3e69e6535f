import { listAudit } from '@mqa/db';
import { defaultWeightSet } from '@mqa/scoring';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../test/helpers.ts';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
});

/** The standard points with 10 points moved from 4.7.2 to 4.1.2. */
function shifted() {
  const p = defaultWeightSet().points;
  p['4.1.2'] = p['4.1.2']! + 10;
  p['4.7.2'] = p['4.7.2']! - 10;
  return p;
}

describe('weights', () => {
  it('lists the demo weight set with its totals and the cycles using it', async () => {
    const list = await f.as('leadership').weights.list();
    const std = list.find((w) => w.code === 'gbt19580-2012')!;
    expect(std.total).toBe(1000);
    expect(std.categoryTotals).toEqual({ '4.1': 110, '4.2': 90, '4.3': 90, '4.4': 130, '4.5': 100, '4.6': 80, '4.7': 400 });
    expect(std.usedByCycles).toContain(2025);
  });

  it('creates a draft based on another set (new version of its code), edits it and freezes it, auditing each step', async () => {
    const sec = f.as('secretariat');
    const created = await sec.weights.create({ nameZh: '草案', nameEn: 'Draft', basedOnId: 1, points: shifted() });
    expect(created).toMatchObject({ code: 'gbt19580-2012', status: 'draft', basedOnId: 1, total: 1000 });
    expect(created.version).toBeGreaterThan(1);
    expect(created.points['4.1.2']).toBe(60);

    const p = shifted();
    p['4.4.3'] = 20;
    p['4.4.2'] = 55;
    const updated = await sec.weights.update({ id: created.id, points: p, nameEn: 'Draft 2' });
    expect(updated.points['4.4.3']).toBe(20);
    expect(updated.name).toEqual({ zh: '草案', en: 'Draft 2' });

    const diff = await f.as('committee').weights.diff({ aId: 1, bId: created.id });
    expect(diff.diff.items.map((i) => [i.id, i.delta])).toEqual([
      ['4.1.2', 10],
      ['4.4.2', -5],
      ['4.4.3', 5],
      ['4.7.2', -10],
    ]);

    const frozen = await sec.weights.freeze({ id: created.id });
    expect(frozen.status).toBe('frozen');
    expect(frozen.frozenAt).not.toBeNull();

    const audit = await listAudit(f.db, { entity: 'weight_set', entityId: created.id });
    expect(audit.map((a) => a.action).reverse()).toEqual(['weightSet.create', 'weightSet.update', 'weightSet.freeze']);
    expect(audit.every((a) => a.user_id === f.users.secretariat.id)).toBe(true);
    const upd = audit.find((a) => a.action === 'weightSet.update')!;
    expect(JSON.parse(upd.before!).points['4.4.3']).toBe(15);
    expect(JSON.parse(upd.after!).points['4.4.3']).toBe(20);
  });

  it('refuses to edit a frozen set with a clear bilingual error', async () => {
    const err = await f
      .as('secretariat')
      .weights.update({ id: 1, points: shifted() })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFLICT' });
    const cause = (err as { cause: { i18n: { zh: string; en: string } } }).cause;
    expect(cause.i18n.en).toMatch(/frozen and cannot be edited/);
    expect(cause.i18n.zh).toMatch(/已冻结/);
    const again = await f
      .as('secretariat')
      .weights.freeze({ id: 1 })
      .catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'CONFLICT' });
  });

  it('rejects points that do not add up to 1000, listing every problem from the scoring core', async () => {
    const p = defaultWeightSet().points;
    p['4.1.2'] = 70;
    delete p['4.7.7'];
    const err = await f
      .as('secretariat')
      .weights.create({ nameZh: '错', nameEn: 'Bad', points: p })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_REQUEST' });
    const cause = (err as { cause: { i18n: { zh: string; en: string }; details: { problems: { code: string }[] } } }).cause;
    expect(cause.details.problems.map((x) => x.code).sort()).toEqual(['missingItem', 'totalNot1000']);
    expect(cause.i18n.zh).toMatch(/权重方案无效/);
    expect((await f.as('secretariat').weights.list()).some((w) => w.name.en === 'Bad')).toBe(false);
  });

  it('reports an unknown weight set as NOT_FOUND', async () => {
    await expect(f.as('committee').weights.get({ id: 9999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('ids beyond the integer columns', () => {
  it('are a bad request with a zh/en reason, not a server error, on either database', async () => {
    // 2⁵³ − 1 passes z.number().int() but fits no PostgreSQL integer column (SQLite takes it).
    const error = await f
      .as('leadership')
      .weights.diff({ aId: 1, bId: Number.MAX_SAFE_INTEGER })
      .then(
        () => null,
        (e: unknown) => e as { code: string; message: string },
      );
    expect(error?.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(['BAD_REQUEST', 'NOT_FOUND']).toContain(error?.code);
    const set = await f.as('leadership').weights.list();
    expect(set.length).toBeGreaterThan(0);
  });
});
