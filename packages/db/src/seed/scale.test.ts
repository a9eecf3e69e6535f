import { describe, expect, it } from 'vitest';
import { validateUscc } from '@mqa/rules';
import { ITEM_IDS } from '@mqa/scoring';
import { createTestDatabase } from '../connection.ts';
import { SCALE_APPLICATIONS_PER_GROUP, SCALE_EXAMINERS_PER_GROUP, SCALE_YEAR, assertScaleSize, generateScalePlan } from './scale.ts';
import { seedDemo } from './seed.ts';

describe('generateScalePlan', () => {
  const plan = generateScalePlan(7, 400);

  it('is deterministic and changes with the seed', () => {
    expect(JSON.stringify(generateScalePlan(7, 400))).toBe(JSON.stringify(plan));
    expect(JSON.stringify(generateScalePlan(8, 400).scores.slice(0, 50))).not.toBe(JSON.stringify(plan.scores.slice(0, 50)));
  });

  it('builds one cycle of exactly that many synthetic applications', () => {
    expect(plan.cycles.map((c) => c.year)).toEqual([SCALE_YEAR]);
    expect(plan.applications).toHaveLength(400);
    expect(new Set(plan.applications.map((a) => a.code)).size).toBe(400);
    expect(plan.organisations.length + plan.individuals.length).toBe(400);
    expect(plan.organisations.every((o) => o.name_zh.startsWith('示例') && o.name_en.startsWith('Demo ') && validateUscc(o.uscc).ok)).toBe(true);
    expect(plan.individuals.every((p) => p.name_zh.startsWith('示例人员'))).toBe(true);
    expect(plan.examiners.every((e) => e.name_zh.startsWith('示例评审员'))).toBe(true);
    const ineligible = plan.applications.filter((a) => a.eligibility_status === 'ineligible');
    expect(ineligible.length).toBeGreaterThan(0);
    expect(ineligible.every((a) => a.group === null && JSON.parse(a.eligibility_failures).length > 0)).toBe(true);
  });

  it('has groups of seven examiners, each examiner in one group, about 20 applications per group', () => {
    const eligible = plan.applications.filter((a) => a.eligibility_status === 'eligible');
    expect(plan.groups.length).toBe(Math.round(eligible.length / SCALE_APPLICATIONS_PER_GROUP));
    expect(plan.groups.every((g) => g.members.length === SCALE_EXAMINERS_PER_GROUP && g.members.includes(g.leader))).toBe(true);
    const members = plan.groups.flatMap((g) => g.members);
    expect(new Set(members).size).toBe(members.length);
    const sizes = plan.groups.map((g) => eligible.filter((a) => a.group === g.name_zh).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('scores every eligible application by its group on all 23 items, minus recused examiners without late scores', () => {
    const groupOf = new Map(plan.groups.map((g) => [g.name_zh, g]));
    const skipped = new Set(plan.conflicts.filter((c) => !c.reason.includes('declared after scoring')).map((c) => `${c.application}|${c.examiner}`));
    const expected = plan.applications
      .filter((a) => a.group !== null)
      .reduce((n, a) => n + groupOf.get(a.group!)!.members.filter((m) => !skipped.has(`${a.code}|${m}`)).length, 0);
    expect(plan.sheets).toHaveLength(expected);
    expect(plan.sheets.every((s) => s.status === 'submitted' && s.stage === 'material')).toBe(true);
    expect(plan.scores).toHaveLength(expected * ITEM_IDS.length);
    expect(plan.scores.every((s) => s.percent % 5 === 0 && s.percent >= 0 && s.percent <= 100)).toBe(true);
    expect(plan.conflicts.length).toBeGreaterThan(0);
    expect(plan.consensus.length).toBeGreaterThan(0);
  });

  it('refuses sizes it cannot make', () => {
    expect(() => assertScaleSize(0)).toThrow(/1 至/);
    expect(() => assertScaleSize(1.5)).toThrow(RangeError);
    expect(() => generateScalePlan(1, 1_000_000)).toThrow(RangeError);
  });
});

describe('seedDemo({ applications })', () => {
  it('writes the sized cycle, marked synthetic', async () => {
    const db = await createTestDatabase();
    try {
      const summary = await seedDemo(db, { seed: 3, applications: 120 });
      expect(summary.applicationsPerCycle).toEqual({ [SCALE_YEAR]: 120 });
      const meta = new Map((await db.selectFrom('meta').selectAll().execute()).map((m) => [m.key, m.value]));
      expect(meta.get('synthetic')).toBe('true');
      expect(meta.get('seed')).toBe('3');
      const scores = await db
        .selectFrom('scores')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(scores.n)).toBe(summary.counts.scores);
    } finally {
      await db.destroy();
    }
  });
});
