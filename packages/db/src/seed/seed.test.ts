import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ORDOS_DIVISIONS, checkEligibility, checkTimeline, selectCandidates, validateUscc, type EligibilityFacts } from '@mqa/rules';
import { ITEM_IDS, icc, scoreCycle, weightTotal, type WeightSet } from '@mqa/scoring';
import { createTestDatabase, type DB } from '../connection.ts';
import type { Database } from '../schema.ts';
import { SEED_META_KEYS, SeedRefusedError, seedDemo, type SeedSummary } from './seed.ts';
import { DEFAULT_SEED, Rng } from './prng.ts';

const TABLES: (keyof Database)[] = [
  'users',
  'sessions',
  'weight_sets',
  'weight_set_items',
  'cycles',
  'organisations',
  'individuals',
  'applications',
  'application_priority_areas',
  'supplement_requests',
  'application_materials',
  'examiners',
  'examiner_ties',
  'review_groups',
  'review_group_members',
  'conflicts',
  'scores',
  'score_sheets',
  'consensus_records',
  'public_comments',
  'objections',
  'committee_decisions',
  'awards',
  'revocations',
  'org_indicators',
  'incidents',
  'feedback',
  'audit_log',
  'meta',
];

/** Every row of every table, canonically ordered. */
async function dump(db: DB): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of TABLES) {
    const rows = await db.selectFrom(t).selectAll().execute();
    out[t] = rows.map((r) => JSON.stringify(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)))).sort();
  }
  return out;
}

async function rows<T>(db: DB, query: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

let db: DB;
let summary: SeedSummary;

beforeAll(async () => {
  db = await createTestDatabase();
  summary = await seedDemo(db);
});
afterAll(async () => {
  await db.destroy();
});

describe('prng', () => {
  it('is reproducible per seed and differs between seeds', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const xa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xa);
    for (const x of xa) expect(x >= 0 && x < 1).toBe(true);
  });

  it('draws normals with about the requested mean and SD', () => {
    const r = new Rng(1);
    const xs = Array.from({ length: 20000 }, () => r.normal(10, 3));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
    expect(mean).toBeGreaterThan(9.9);
    expect(mean).toBeLessThan(10.1);
    expect(sd).toBeGreaterThan(2.9);
    expect(sd).toBeLessThan(3.1);
  });

  it('rejects a non-integer seed', () => {
    expect(() => new Rng(1.5)).toThrow(/integer/);
  });
});

describe('seedDemo', () => {
  it('is deterministic: two fresh databases get identical content, another seed does not', async () => {
    const other = await createTestDatabase();
    await seedDemo(other, { seed: DEFAULT_SEED });
    expect(await dump(other)).toEqual(await dump(db));
    const third = await createTestDatabase();
    await seedDemo(third, { seed: 42 });
    expect((await dump(third)).scores).not.toEqual((await dump(db)).scores);
    await other.destroy();
    await third.destroy();
  });

  it('refuses a database that already has cycles and leaves it untouched', async () => {
    const before = await dump(db);
    const error = await seedDemo(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedRefusedError);
    expect((error as SeedRefusedError).text.zh).toMatch(/拒绝/);
    expect((error as SeedRefusedError).text.en).toMatch(/refusing/);
    expect(await dump(db)).toEqual(before);
  });

  it('says it is synthetic (meta, names, audit entry)', async () => {
    const meta = Object.fromEntries((await db.selectFrom('meta').selectAll().execute()).map((m) => [m.key, m.value]));
    expect(Object.keys(meta).sort()).toEqual([...SEED_META_KEYS].sort());
    expect(meta.synthetic).toBe('true');
    expect(meta.seed).toBe(String(DEFAULT_SEED));
    expect(meta.generated_note).toContain('合成演示数据');
    expect(meta.generated_note).toContain('Synthetic demo data');
    expect(Number(meta.demo_examiner_id)).toBe(summary.demoExaminerId);
    for (const o of await db.selectFrom('organisations').select(['name_zh', 'name_en']).execute()) {
      expect(o.name_zh.startsWith('示例')).toBe(true);
      expect(o.name_en.startsWith('Demo ')).toBe(true);
    }
    for (const t of ['individuals', 'examiners'] as const) {
      for (const p of await db.selectFrom(t).select(['name_zh', 'name_en']).execute()) {
        expect(p.name_zh.startsWith('示例')).toBe(true);
        expect(p.name_en.startsWith('Demo ')).toBe(true);
      }
    }
    const audit = await db.selectFrom('audit_log').selectAll().execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.action).toBe('seed');
    expect(JSON.parse(audit[0]!.after!).counts.scores).toBe(summary.counts.scores);
  });

  it('reports counts that match the tables', async () => {
    for (const [table, n] of Object.entries(summary.counts)) {
      const got = await db
        .selectFrom(table as keyof Database)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(got.n), table).toBe(n);
    }
  });

  it('makes four cycles of 30–60 applications, mostly organisations, from all nine districts', async () => {
    const cycles = await db.selectFrom('cycles').selectAll().orderBy('year').execute();
    expect(cycles.map((c) => c.year)).toEqual([2019, 2021, 2023, 2025]);
    expect(cycles.map((c) => c.phase)).toEqual(['awarded', 'awarded', 'awarded', 'material_review']);
    const perCycle = await rows(
      db,
      sql<{ year: number; n: number; orgs: number; districts: number }>`
        select c.year, count(*) as n,
               sum(case when a.applicant_type = 'organisation' then 1 else 0 end) as orgs,
               count(distinct coalesce(o.district, i.district)) as districts
        from applications a join cycles c on c.id = a.cycle_id
        left join organisations o on o.id = a.organisation_id
        left join individuals i on i.id = a.individual_id
        group by c.year order by c.year`,
    );
    expect(perCycle).toHaveLength(4);
    for (const c of perCycle) {
      expect(c.n).toBeGreaterThanOrEqual(30);
      expect(c.n).toBeLessThanOrEqual(60);
      expect(c.orgs / c.n).toBeGreaterThan(0.85);
      expect(c.orgs).toBeLessThan(c.n);
      expect(c.districts).toBe(9);
    }
    const districts = new Set((await db.selectFrom('organisations').select('district').execute()).map((o) => o.district));
    expect([...districts].sort()).toEqual(ORDOS_DIVISIONS.map((d) => d.code).sort());
    // Some organisations apply in several cycles, so their trend can be followed.
    const repeat = await rows(
      db,
      sql<{
        n: number;
      }>`select count(*) as n from (select organisation_id from applications where organisation_id is not null group by organisation_id having count(*) >= 3) x`,
    );
    expect(repeat[0]!.n).toBeGreaterThan(5);
  });

  it('gives every organisation a valid USCC carrying its district code', async () => {
    for (const o of await db.selectFrom('organisations').select(['uscc', 'district']).execute()) {
      const v = validateUscc(o.uscc);
      expect(v.ok, o.uscc).toBe(true);
      expect(v.warnings).toEqual([]);
      expect(v.parts?.divisionCode).toBe(o.district);
      expect(o.uscc.slice(0, 2)).toBe('91');
    }
  });

  it('stores eligibility as @mqa/rules computes it; ineligible applications get no group and no scores', async () => {
    const apps = await db.selectFrom('applications').selectAll().execute();
    let ineligible = 0;
    for (const a of apps) {
      const check = checkEligibility(JSON.parse(a.eligibility_facts) as EligibilityFacts, { asOf: a.received_on! });
      expect(a.eligibility_status).toBe(check.eligible ? 'eligible' : 'ineligible');
      expect(JSON.parse(a.eligibility_failures)).toEqual(check.failures);
      if (!check.eligible) {
        ineligible++;
        expect(a.review_group_id).toBeNull();
        expect(a.qualification_status).toBe('rejected');
      }
    }
    expect(ineligible).toBeGreaterThanOrEqual(8);
    const scored = await rows(
      db,
      sql<{ n: number }>`select count(*) as n from scores s join applications a on a.id = s.application_id where a.eligibility_status <> 'eligible'`,
    );
    expect(scored[0]!.n).toBe(0);
    const codes = new Set(apps.flatMap((a) => (JSON.parse(a.eligibility_failures) as { code: string }[]).map((f) => f.code)));
    expect(codes).toContain('EXC_ABNORMAL_OPERATION_LIST');
    expect(codes).toContain('ORG_YEARS_OF_OPERATION');
  });

  it('keeps the Art. 14–21 timelines except one qualification-review breach in 2021', async () => {
    const cycles = await db.selectFrom('cycles').selectAll().execute();
    for (const c of cycles) {
      const checks = checkTimeline({
        callOpens: c.call_opens ?? undefined,
        callCloses: c.call_closes ?? undefined,
        applicationsReceived: c.applications_received ?? undefined,
        qualificationDone: c.qualification_done ?? undefined,
        reviewStarts: c.review_starts ?? undefined,
        reviewEnds: c.review_ends ?? undefined,
        commentStarts: c.comment_starts ?? undefined,
        commentEnds: c.comment_ends ?? undefined,
        noticeStarts: c.notice_starts ?? undefined,
        noticeEnds: c.notice_ends ?? undefined,
      });
      const breaches = checks.filter((x) => x.status === 'breach').map((x) => x.code);
      expect(breaches, String(c.year)).toEqual(c.year === 2021 ? ['qualification_review'] : []);
      if (c.year === 2021) expect(checks.find((x) => x.code === 'qualification_review')?.actual).toBe(13);
    }
  });

  it('forms review groups of 5–7 examiners with a leader among them', async () => {
    const groups = await rows(
      db,
      sql<{ id: number; n: number; leader_in: number }>`
        select g.id, count(*) as n, sum(case when m.examiner_id = g.leader_examiner_id then 1 else 0 end) as leader_in
        from review_groups g join review_group_members m on m.review_group_id = g.id group by g.id`,
    );
    expect(groups.length).toBeGreaterThanOrEqual(16);
    for (const g of groups) {
      expect(g.n).toBeGreaterThanOrEqual(5);
      expect(g.n).toBeLessThanOrEqual(7);
      expect(g.leader_in).toBe(1);
    }
  });

  it('records recusals: mostly without scores, in at least one case with scores kept for exclusion', async () => {
    const conflicts = await rows(
      db,
      sql<{ source: string; n: number }>`
        select k.source, (select count(*) from scores s where s.application_id = k.application_id and s.examiner_id = k.examiner_id) as n
        from conflicts k`,
    );
    expect(conflicts.length).toBeGreaterThanOrEqual(8);
    expect(new Set(conflicts.map((c) => c.source))).toEqual(new Set(['automatic', 'declared']));
    const withScores = conflicts.filter((c) => c.n > 0).length;
    expect(withScores).toBeGreaterThanOrEqual(1);
    expect(withScores).toBeLessThan(conflicts.length / 2);
    // Automatic conflicts: the examiner works for the applicant.
    const auto = await rows(
      db,
      sql<{ same: number }>`
        select case when e.employer_uscc = coalesce(o.uscc, io.uscc) then 1 else 0 end as same
        from conflicts k join examiners e on e.id = k.examiner_id join applications a on a.id = k.application_id
        left join organisations o on o.id = a.organisation_id
        left join individuals i on i.id = a.individual_id left join organisations io on io.id = i.organisation_id
        where k.source = 'automatic'`,
    );
    for (const a of auto) expect(a.same).toBe(1);
  });

  it('scores every item 0–100 in steps of 5, with some wide disagreements and consensus for them', async () => {
    const bad = await rows(db, sql<{ n: number }>`select count(*) as n from scores where percent % 5 <> 0 or percent < 0 or percent > 100`);
    expect(bad[0]!.n).toBe(0);
    const ranges = await rows(
      db,
      sql<{ r: number }>`select max(percent) - min(percent) as r from scores where stage = 'material' group by application_id, item_id`,
    );
    const wide = ranges.filter((x) => x.r >= 30).length;
    expect(wide).toBeGreaterThan(20);
    expect(wide / ranges.length).toBeLessThan(0.25);
    const consensus = await db.selectFrom('consensus_records').selectAll().execute();
    expect(consensus.length).toBeGreaterThan(20);
    for (const c of consensus) {
      expect(c.reason).toMatch(/组内讨论后达成一致/);
      expect(c.stage).toBe('material');
    }
    // Every (application, examiner, stage) with scores has a sheet.
    const orphans = await rows(
      db,
      sql<{ n: number }>`
        select count(*) as n from (select distinct application_id, examiner_id, stage from scores) s
        where not exists (select 1 from score_sheets h where h.application_id = s.application_id and h.examiner_id = s.examiner_id and h.stage = s.stage)`,
    );
    expect(orphans[0]!.n).toBe(0);
  });

  it('gives panels a plausible reliability (ICC on examiner totals through @mqa/scoring)', async () => {
    const totals = await rows(
      db,
      sql<{ g: number; a: number; e: number; t: number }>`
        select a.review_group_id as g, s.application_id as a, s.examiner_id as e, sum(s.percent * w.points) / 100.0 as t
        from scores s join applications a on a.id = s.application_id
        join cycles c on c.id = a.cycle_id join weight_set_items w on w.weight_set_id = c.weight_set_id and w.item_id = s.item_id
        where s.stage = 'material' and c.year < 2025 group by a.review_group_id, s.application_id, s.examiner_id`,
    );
    const values: number[] = [];
    for (const g of new Set(totals.map((t) => t.g))) {
      const mine = totals.filter((t) => t.g === g);
      const examiners = [...new Set(mine.map((t) => t.e))];
      const cell = new Map(mine.map((t) => [`${t.a}|${t.e}`, t.t]));
      const full = [...new Set(mine.map((t) => t.a))].filter((a) => examiners.every((e) => cell.has(`${a}|${e}`)));
      const fullExaminers = examiners.filter((e) => full.every((a) => cell.has(`${a}|${e}`)));
      if (full.length < 3) continue;
      values.push(icc(full.map((a) => fullExaminers.map((e) => cell.get(`${a}|${e}`)!))).icc2);
    }
    values.sort((a, b) => a - b);
    const median = values[Math.floor(values.length / 2)]!;
    expect(median).toBeGreaterThan(0.2);
    expect(median).toBeLessThan(0.95);
    // Not every panel agrees equally well.
    expect(values[values.length - 1]! - values[0]!).toBeGreaterThan(0.1);
  });

  it('awards at most five per cycle, only to eligible, non-removed applications, one cycle with a vacancy', async () => {
    const awards = await rows(
      db,
      sql<{ year: number; status: string; eligibility_status: string; applicant_type: string; prize_rmb: number; awarded_on: string; valid_until: string }>`
        select c.year, a.status, a.eligibility_status, a.applicant_type, w.prize_rmb, w.awarded_on, w.valid_until
        from awards w join applications a on a.id = w.application_id join cycles c on c.id = w.cycle_id`,
    );
    const per = new Map<number, number>();
    for (const w of awards) {
      per.set(w.year, (per.get(w.year) ?? 0) + 1);
      expect(w.status).toBe('active');
      expect(w.eligibility_status).toBe('eligible');
      expect(w.prize_rmb).toBe(w.applicant_type === 'organisation' ? 500000 : 0);
      expect(w.valid_until).toBe(`${w.year + 3}-12-20`);
    }
    for (const n of per.values()) expect(n).toBeLessThanOrEqual(5);
    expect(per.get(2025)).toBeUndefined();
    expect([...per.values()].some((n) => n < 5)).toBe(true);
    expect(summary.awardsPerCycle).toEqual({ 2019: per.get(2019), 2021: per.get(2021), 2023: per.get(2023), 2025: 0 });
  });

  it('awards exactly what @mqa/scoring selects from the stored on-site scores (minus the confirmed objection)', async () => {
    const items = await db
      .selectFrom('weight_set_items')
      .innerJoin('weight_sets', 'weight_sets.id', 'weight_set_items.weight_set_id')
      .select(['item_id', 'points'])
      .where('weight_sets.code', '=', 'gbt19580-2012')
      .execute();
    const weights: WeightSet = {
      id: 'gbt19580-2012',
      name: { zh: 'GB/T 19580-2012', en: 'GB/T 19580-2012' },
      points: Object.fromEntries(items.map((i) => [i.item_id, i.points])),
    };
    expect(weightTotal(weights)).toBe(1000);
    for (const year of [2019, 2021, 2023]) {
      const cycle = await db.selectFrom('cycles').selectAll().where('year', '=', year).executeTakeFirstOrThrow();
      const scores = await db
        .selectFrom('scores')
        .innerJoin('applications', 'applications.id', 'scores.application_id')
        .select(['scores.application_id', 'scores.examiner_id', 'scores.item_id', 'scores.percent'])
        .where('applications.cycle_id', '=', cycle.id)
        .where('scores.stage', '=', 'onsite')
        .execute();
      const conflicts = await db
        .selectFrom('conflicts')
        .innerJoin('applications', 'applications.id', 'conflicts.application_id')
        .select(['conflicts.application_id', 'conflicts.examiner_id'])
        .where('applications.cycle_id', '=', cycle.id)
        .execute();
      const result = scoreCycle({
        weights,
        method: 'consensus',
        fallback: 'trimmed',
        scores: scores.map((s) => ({ applicationId: String(s.application_id), examinerId: String(s.examiner_id), itemId: s.item_id, percent: s.percent })),
        recusals: conflicts.map((c) => ({ applicationId: String(c.application_id), examinerId: String(c.examiner_id) })),
      });
      const areas = await db.selectFrom('application_priority_areas').select(['application_id']).execute();
      const selection = selectCandidates(
        result.applications.map((a) => ({ id: a.id, total: a.total, priorityAreas: areas.filter((x) => String(x.application_id) === a.id).length })),
        { cap: cycle.award_cap, minTotal: cycle.min_total, tieBreak: 'priorityAreas' },
      );
      const removed = new Set(
        (await db.selectFrom('applications').select('id').where('cycle_id', '=', cycle.id).where('status', '=', 'removed').execute()).map((a) => String(a.id)),
      );
      const awarded = (await db.selectFrom('awards').select('application_id').where('cycle_id', '=', cycle.id).execute()).map((a) => String(a.application_id));
      expect(awarded.sort()).toEqual(selection.selected.filter((id) => !removed.has(id)).sort());
      const proposed = (
        await db.selectFrom('committee_decisions').select('application_id').where('cycle_id', '=', cycle.id).where('decision', '=', 'proposed').execute()
      ).map((a) => String(a.application_id));
      expect(proposed.sort()).toEqual([...selection.selected].sort());
      expect(result.applications.every((a) => a.complete)).toBe(true);
    }
  });

  it('removes one 2023 candidate after a confirmed objection and dismisses others', async () => {
    const objections = await rows(
      db,
      sql<{ year: number; status: string; app_status: string; removed_reason: string | null }>`
        select c.year, o.status, a.status as app_status, a.removed_reason
        from objections o join applications a on a.id = o.application_id join cycles c on c.id = a.cycle_id`,
    );
    const confirmed = objections.filter((o) => o.status === 'confirmed');
    expect(confirmed).toHaveLength(1);
    expect(confirmed[0]!.year).toBe(2023);
    expect(confirmed[0]!.app_status).toBe('removed');
    expect(confirmed[0]!.removed_reason).toMatch(/异议/);
    expect(objections.filter((o) => o.status === 'dismissed').length).toBeGreaterThanOrEqual(3);
  });

  it('revokes exactly one award: a 2021 awardee after a major safety accident in 2023', async () => {
    const revocations = await rows(
      db,
      sql<{ year: number; reason: string; article: number; revoked_on: string; prize_recovered_rmb: number; organisation_id: number }>`
        select c.year, r.reason, r.article, r.revoked_on, r.prize_recovered_rmb, a.organisation_id
        from revocations r join awards w on w.id = r.award_id join applications a on a.id = w.application_id join cycles c on c.id = w.cycle_id`,
    );
    expect(revocations).toHaveLength(1);
    const r = revocations[0]!;
    expect(r).toMatchObject({ year: 2021, reason: 'major_accident', article: 28, prize_recovered_rmb: 500000 });
    const incidents = await db.selectFrom('incidents').selectAll().execute();
    const major = incidents.find((i) => i.organisation_id === r.organisation_id && i.severity === 'larger');
    expect(major?.review_status).toBe('revoked');
    expect(major!.occurred_on.startsWith('2023')).toBe(true);
    expect(major!.occurred_on < r.revoked_on).toBe(true);
    const open = incidents.filter((i) => i.review_status === 'open');
    expect(open).toHaveLength(1);
    const openAward = await rows(
      db,
      sql<{
        year: number;
      }>`select c.year from awards w join applications a on a.id = w.application_id join cycles c on c.id = w.cycle_id where a.organisation_id = ${open[0]!.organisation_id}`,
    );
    expect(openAward.map((x) => x.year)).toContain(2023);
  });

  it('follows every awardee organisation with all seven indicators from the award year on', async () => {
    const awardees = await rows(
      db,
      sql<{ organisation_id: number; year: number }>`
        select a.organisation_id, c.year from awards w join applications a on a.id = w.application_id join cycles c on c.id = w.cycle_id
        where a.organisation_id is not null`,
    );
    for (const w of awardees) {
      const ind = await db.selectFrom('org_indicators').selectAll().where('organisation_id', '=', w.organisation_id).execute();
      const last = Math.min(w.year + 3, 2024);
      for (let y = w.year; y <= last; y++) {
        expect(
          ind
            .filter((i) => i.year === y)
            .map((i) => i.indicator)
            .sort(),
        ).toEqual([
          'asset_contribution_pct',
          'customer_satisfaction',
          'energy_tce_per_10k_cny',
          'profit_tax_cny_m',
          'quality_safety_incidents',
          'rd_intensity_pct',
          'revenue_cny_m',
        ]);
      }
    }
    // Sector-typical magnitudes: coal mining earns far more than education.
    const medians = await rows(
      db,
      sql<{ sector: string; revenue: number }>`
        select o.sector, avg(i.value) as revenue from org_indicators i join organisations o on o.id = i.organisation_id
        where i.indicator = 'revenue_cny_m' and i.year = 2022 group by o.sector`,
    );
    const rev = Object.fromEntries(medians.map((m) => [m.sector, m.revenue]));
    expect(rev.coal_mining).toBeGreaterThan(1000);
    expect(rev.coal_mining).toBeGreaterThan(10 * Math.min(...Object.values(rev)));
  });

  it('leaves the demo examiner two unscored 2025 assignments and one draft sheet', async () => {
    const demo = summary.demoExaminerId;
    const assigned = await rows(
      db,
      sql<{ id: number; leader: number; scored: number; sheet: string | null }>`
        select a.id, g.leader_examiner_id as leader,
               (select count(*) from scores s where s.application_id = a.id and s.examiner_id = ${demo}) as scored,
               (select status from score_sheets h where h.application_id = a.id and h.examiner_id = ${demo} and h.stage = 'material') as sheet
        from applications a join review_groups g on g.id = a.review_group_id join cycles c on c.id = a.cycle_id
        join review_group_members m on m.review_group_id = g.id and m.examiner_id = ${demo}
        where c.year = 2025`,
    );
    expect(assigned.length).toBeGreaterThanOrEqual(5);
    expect(assigned.every((a) => a.leader !== demo)).toBe(true);
    expect(assigned.filter((a) => a.scored === 0 && a.sheet === null)).toHaveLength(2);
    const drafts = assigned.filter((a) => a.sheet === 'draft');
    expect(drafts).toHaveLength(1);
    expect(drafts[0]!.scored).toBeGreaterThan(0);
    expect(drafts[0]!.scored).toBeLessThan(ITEM_IDS.length);
    const conflicts = await db.selectFrom('conflicts').select('application_id').where('examiner_id', '=', demo).execute();
    expect(conflicts.filter((c) => assigned.some((a) => a.id === c.application_id))).toEqual([]);
    // Nothing after material review exists for 2025.
    const later = await rows(
      db,
      sql<{ n: number }>`
        select (select count(*) from scores s join applications a on a.id = s.application_id join cycles c on c.id = a.cycle_id where c.year = 2025 and s.stage = 'onsite')
             + (select count(*) from awards w join cycles c on c.id = w.cycle_id where c.year = 2025)
             + (select count(*) from committee_decisions d join cycles c on c.id = d.cycle_id where c.year = 2025) as n`,
    );
    expect(later[0]!.n).toBe(0);
  });

  it('writes a frozen GB/T 19580-2012 weight set for every cycle and a draft ordos-2027 set, both 1000 points', async () => {
    const sets = await db.selectFrom('weight_sets').selectAll().orderBy('id').execute();
    expect(sets.map((s) => [s.code, s.status])).toEqual([
      ['gbt19580-2012', 'frozen'],
      ['ordos-2027', 'draft'],
    ]);
    expect(sets[1]!.based_on_id).toBe(sets[0]!.id);
    for (const s of sets) {
      const items = await db.selectFrom('weight_set_items').selectAll().where('weight_set_id', '=', s.id).execute();
      expect(items).toHaveLength(23);
      expect(items.reduce((t, i) => t + i.points, 0)).toBe(1000);
    }
    const cycles = await db.selectFrom('cycles').select('weight_set_id').execute();
    expect(new Set(cycles.map((c) => c.weight_set_id))).toEqual(new Set([sets[0]!.id]));
  });

  it('marks some materials confidential (Art. 29) and writes two-way feedback (Art. 25)', async () => {
    const conf = await db.selectFrom('application_materials').select('id').where('confidential', '=', 1).execute();
    expect(conf.length).toBeGreaterThan(5);
    const fb = await db.selectFrom('feedback').select(['direction', 'rating']).execute();
    expect(new Set(fb.map((f) => f.direction))).toEqual(new Set(['applicant_to_examiner', 'examiner_to_applicant']));
    for (const f of fb) expect(f.rating >= 1 && f.rating <= 5).toBe(true);
  });
});
