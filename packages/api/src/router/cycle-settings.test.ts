/**
 * Opening a cycle, its settings, "use for a cycle" of a weight set, and the phase pre-flight:
 * the role matrix, the refusals with their zh/en messages (and that a refused call changed
 * nothing), the audit rows, and a whole start from an empty migrated database.
 */
import { createTestDatabase, getCycleByYear, getWeightSet, listAudit, migrationProvider, openDatabase, type DB, type Role } from '@mqa/db';
import { makeUscc } from '@mqa/rules';
import ExcelJS from 'exceljs';
import { Migrator } from 'kysely/migration';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureAdminAccount } from '../bootstrap.ts';
import { createContextInner } from '../context.ts';
import { computeCycleResults } from '../domain/cycle.ts';
import { createCaller } from '../root.ts';
import { createServices } from '../services/index.ts';
import { APPLICATION_COLUMNS, buildApplicationsTemplate, importApplications } from '../spreadsheet/index.ts';
import { codeOf, createFixture, errorOf, OPEN_YEAR, type Fixture } from '../test/helpers.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const OTHERS: readonly (Role | null)[] = ['committee', 'leadership', 'examiner', null];
const refusal = (role: Role | null) => (role === null ? 'UNAUTHORIZED' : 'FORBIDDEN');

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
});

async function cycleCount(db: DB) {
  return Number(
    (
      await db
        .selectFrom('cycles')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

describe('cycles.create', () => {
  it('only the secretariat opens a cycle; other roles and anonymous callers change nothing', async () => {
    for (const role of OTHERS) {
      expect(await codeOf(f.as(role).cycles.create({ year: 2031 })), String(role)).toBe(refusal(role));
    }
    expect(await getCycleByYear(f.db, 2031)).toBeUndefined();
  });

  it('opens 2027 in preparation with the declared defaults and the standard weight set, audited, and checks the call dates (Art. 14)', async () => {
    const standard = await f.db.selectFrom('weight_sets').select('id').where('code', '=', 'gbt19580-2012').executeTakeFirstOrThrow();
    const created = await f.as('secretariat').cycles.create({ year: 2027, dates: { callOpens: '2027-03-01', callCloses: '2027-03-05' } });
    expect(created).toMatchObject({
      year: 2027,
      phase: { id: 'preparation' },
      cap: 5,
      minTotal: 600,
      method: 'consensus',
      fallback: 'trimmed',
      flagThreshold: 30,
      tieBreak: 'priorityAreas',
      weightSetId: standard.id,
      hasScores: false,
      dates: { callOpens: '2027-03-01', callCloses: '2027-03-05' },
    });
    // The holiday calendar does not hold 2027 yet: the check says so rather than guessing.
    expect(created.timeline[0]).toMatchObject({ article: 14, status: 'uncovered' });
    expect(created.timeline[0]!.message.zh).toContain('节假日日历');
    const c = (await getCycleByYear(f.db, 2027))!;
    expect(c).toMatchObject({ phase: 'preparation', aggregation_method: 'consensus', aggregation_fallback: 'trimmed', tie_break: 'priorityAreas' });
    const [audit] = await listAudit(f.db, { entity: 'cycle', entityId: c.id });
    expect(audit).toMatchObject({ action: 'cycle.create', user_id: f.users.secretariat.id });
    expect(JSON.parse(audit!.after!)).toMatchObject({ year: 2027, phase: 'preparation', cap: 5, method: 'consensus', fallback: 'trimmed' });
    const listed = (await f.as('committee').cycles.list()).find((x) => x.year === 2027)!;
    expect(listed).toMatchObject({
      phase: { id: 'preparation' },
      method: 'consensus',
      fallback: 'trimmed',
      applications: 0,
      weightSet: { code: 'gbt19580-2012' },
    });
  });

  it('call dates given when opening are checked like updateDates: four working days breach Art. 14', async () => {
    const created = await f.as('secretariat').cycles.create({ year: 2026, dates: { callOpens: '2026-03-02', callCloses: '2026-03-06' } });
    expect(created.breaches).toEqual([expect.objectContaining({ article: 14, code: 'call_period' })]);
    expect(created.breaches[0]!.message.en).toContain('less than the 10 working days required by Art. 14');
  });

  it('refuses a duplicate year, a cap above 5 (Art. 3), an invalid weight set and a fallback for a plain statistic; nothing is written', async () => {
    const sec = f.as('secretariat');
    const n = await cycleCount(f.db);
    const audits = (await listAudit(f.db, { limit: 1000 })).length;

    const dup = await errorOf(sec.cycles.create({ year: 2025 }));
    expect(dup.code).toBe('CONFLICT');
    expect(dup.zh).toContain('2025 年度的评审周期已经存在');
    expect(dup.en).toContain('A 2025 award cycle already exists');

    const cap = await errorOf(sec.cycles.create({ year: 2029, cap: 6 }));
    expect(cap.code).toBe('BAD_REQUEST');
    expect(cap.zh).toContain('第3条');
    expect(cap.en).toContain('Art. 3');

    // A set stored with a missing item (written past the API, which would refuse it).
    const { id: bad } = await f.db
      .insertInto('weight_sets')
      .values({
        code: 'broken',
        version: 1,
        name_zh: '残缺',
        name_en: 'Broken',
        status: 'draft',
        based_on_id: null,
        note: null,
        created_by: null,
        created_at: '2026-01-01T00:00:00Z',
        frozen_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await f.db.insertInto('weight_set_items').values({ weight_set_id: bad, item_id: '4.1.1', points: 1000 }).execute();
    const invalid = await errorOf(sec.cycles.create({ year: 2029, weightSetId: bad }));
    expect(invalid.code).toBe('BAD_REQUEST');
    expect(invalid.zh).toContain('权重方案无效');
    expect(invalid.en).toContain('Invalid weight set');

    const fallback = await errorOf(sec.cycles.create({ year: 2029, method: 'median', fallback: 'mean' }));
    expect(fallback.code).toBe('BAD_REQUEST');
    expect(fallback.en).toContain('A fallback applies only to the consensus-first method');

    expect(await cycleCount(f.db)).toBe(n);
    expect((await listAudit(f.db, { limit: 1000 })).length).toBe(audits);
  });
});

describe('cycles.updateSettings', () => {
  it('changes the settings of a cycle without scores, auditing old → new', async () => {
    const ordos = await f.db.selectFrom('weight_sets').select('id').where('code', '=', 'ordos-2027').executeTakeFirstOrThrow();
    const out = await f
      .as('secretariat')
      .cycles.updateSettings({ year: 2027, method: 'median', minTotal: 650, flagThreshold: 25, weightSetId: ordos.id, tieBreak: 'none' });
    expect(out).toMatchObject({ method: 'median', fallback: null, minTotal: 650, flagThreshold: 25, tieBreak: 'none', weightSetId: ordos.id });
    const c = (await getCycleByYear(f.db, 2027))!;
    const [audit] = await listAudit(f.db, { entity: 'cycle', entityId: c.id });
    expect(audit!.action).toBe('cycle.updateSettings');
    expect(JSON.parse(audit!.before!)).toMatchObject({ method: 'consensus', fallback: 'trimmed', minTotal: 600, flagThreshold: 30, tieBreak: 'priorityAreas' });
    expect(JSON.parse(audit!.after!)).toMatchObject({
      method: 'median',
      fallback: null,
      minTotal: 650,
      flagThreshold: 25,
      tieBreak: 'none',
      weightSetId: ordos.id,
    });
    // Back to consensus: the declared default fallback comes with it.
    expect(await f.as('secretariat').cycles.updateSettings({ year: 2027, method: 'consensus' })).toMatchObject({ method: 'consensus', fallback: 'trimmed' });
  });

  it('other roles are refused and change nothing', async () => {
    const before = await getCycleByYear(f.db, 2027);
    for (const role of OTHERS) expect(await codeOf(f.as(role).cycles.updateSettings({ year: 2027, cap: 3 })), String(role)).toBe(refusal(role));
    expect(await getCycleByYear(f.db, 2027)).toEqual(before);
  });

  it('after the first score, refuses the weight set, method, fallback and threshold with the reason; the cap still changes before publication', async () => {
    const sec = f.as('secretariat');
    const before = (await getCycleByYear(f.db, OPEN_YEAR))!;
    for (const patch of [
      { method: 'median' as const },
      { fallback: 'mean' as const },
      { flagThreshold: 20 },
      { weightSetId: (await getCycleByYear(f.db, 2027))!.weight_set_id },
    ]) {
      const e = await errorOf(sec.cycles.updateSettings({ year: OPEN_YEAR, ...patch }));
      expect(e.code, JSON.stringify(patch)).toBe('CONFLICT');
      expect(e.zh).toContain('已有评分');
      expect(e.en).toContain('already has scores');
      expect(e.details).toMatchObject({ reason: 'hasScores' });
    }
    expect(await getCycleByYear(f.db, OPEN_YEAR)).toEqual(before);
    expect(await sec.cycles.updateSettings({ year: OPEN_YEAR, cap: 4 })).toMatchObject({ cap: 4, hasScores: true, locks: { scoring: true, selection: false } });
    expect((await sec.scoring.cycleResults({ year: OPEN_YEAR })).cap).toBe(4);
    await sec.cycles.updateSettings({ year: OPEN_YEAR, cap: 5 });
    const awarded = await errorOf(sec.cycles.updateSettings({ year: 2019, minTotal: 500 }));
    expect(awarded).toMatchObject({ code: 'CONFLICT' });
    expect(awarded.zh).toContain('第18条');
  });

  it('the stored tie-break is the one every selection of the cycle uses', async () => {
    const sec = f.as('secretariat');
    expect((await sec.scoring.cycleResults({ year: OPEN_YEAR })).tieBreak).toBe('priorityAreas');
    await sec.cycles.updateSettings({ year: OPEN_YEAR, tieBreak: 'none' });
    expect((await sec.scoring.cycleResults({ year: OPEN_YEAR })).tieBreak).toBe('none');
    expect((await sec.analytics.cycleOverview({ year: OPEN_YEAR })).tieBreak).toBe('none');
    expect((await sec.analytics.cycleMatrix({ year: OPEN_YEAR })).tieBreak).toBe('none');
    expect((await computeCycleResults(f.db, OPEN_YEAR)).selection.tieBreak).toBe('none');
    await sec.cycles.updateSettings({ year: OPEN_YEAR, tieBreak: 'priorityAreas' });
    expect((await sec.scoring.cycleResults({ year: OPEN_YEAR })).tieBreak).toBe('priorityAreas');
  });
});

describe('weights.assignToCycle', () => {
  it('uses a tuned set for a cycle without scores (audited) and refuses a cycle with scores', async () => {
    const sec = f.as('secretariat');
    const tuned = await sec.weights.create({ nameZh: '2027 调整', nameEn: '2027 tuned', basedOnId: 1, points: (await getWeightSet(f.db, 1))!.points });
    for (const role of OTHERS) expect(await codeOf(f.as(role).weights.assignToCycle({ weightSetId: tuned.id, year: 2027 })), String(role)).toBe(refusal(role));
    const out = await sec.weights.assignToCycle({ weightSetId: tuned.id, year: 2027 });
    expect(out).toMatchObject({ year: 2027, weightSetId: tuned.id, usedByCycles: [2027] });
    const c = (await getCycleByYear(f.db, 2027))!;
    expect(c.weight_set_id).toBe(tuned.id);
    const [audit] = await listAudit(f.db, { entity: 'cycle', entityId: c.id });
    expect(audit).toMatchObject({ action: 'weightSet.assignToCycle' });
    expect(JSON.parse(audit!.after!)).toEqual({ weightSetId: tuned.id });

    const before = (await getCycleByYear(f.db, OPEN_YEAR))!;
    const e = await errorOf(sec.weights.assignToCycle({ weightSetId: tuned.id, year: OPEN_YEAR }));
    expect(e.code).toBe('CONFLICT');
    expect(e.zh).toContain('已有评分');
    expect((await getCycleByYear(f.db, OPEN_YEAR))!.weight_set_id).toBe(before.weight_set_id);
  });

  it('a weight set used by a cycle with scores never changes: weights.update refuses', async () => {
    const e = await errorOf(
      f.as('secretariat').weights.update({ id: (await getCycleByYear(f.db, OPEN_YEAR))!.weight_set_id, points: (await getWeightSet(f.db, 1))!.points }),
    );
    expect(e.code).toBe('CONFLICT');
  });
});

describe('phase pre-flight', () => {
  it('lists what is open before the step, for the secretariat only', async () => {
    for (const role of OTHERS) expect(await codeOf(f.as(role).cycles.preflight({ year: OPEN_YEAR })), String(role)).toBe(refusal(role));
    const p = await f.as('secretariat').cycles.preflight({ year: OPEN_YEAR });
    expect(p.from.id).toBe('material_review');
    expect(p.to?.id).toBe('onsite_review');
    // The demo's open cycle: sheets not started or in progress, disagreements without consensus,
    // nobody chosen for on-site review, and its review period overdue (Art. 17).
    expect(p.warnings.map((w) => w.code)).toEqual([
      'sheets_not_started',
      'sheets_not_submitted',
      'disagreements_open',
      'no_onsite_selection',
      'deadline_review_period',
    ]);
    expect(p.warnings.every((w) => w.article === 17)).toBe(true);
    for (const w of p.warnings) {
      expect(w.message.zh.length).toBeGreaterThan(0);
      expect(w.message.en.length).toBeGreaterThan(0);
      if (w.article !== null) expect(w.message.zh + w.message.en).toMatch(new RegExp(`第${w.article}条|Art\\. ${w.article}`));
    }
    const disagreements = p.warnings.find((w) => w.code === 'disagreements_open')!;
    expect(disagreements.count).toBeGreaterThan(0);
    expect(disagreements.message.zh).toContain('30 个百分点');
    expect(disagreements.message.en).toContain('30 percentage points');
  });

  it('a new cycle without call dates warns before the call opens (Art. 14)', async () => {
    await f.as('secretariat').cycles.create({ year: 2033 });
    const p = await f.as('secretariat').cycles.preflight({ year: 2033 });
    expect(p.warnings).toEqual([expect.objectContaining({ code: 'call_dates_missing', article: 14 })]);
  });

  it('refuses to advance past warnings without confirmation (nothing changes), moves on with it and audits the warnings', async () => {
    const sec = f.as('secretariat');
    const c = (await getCycleByYear(f.db, OPEN_YEAR))!;
    const auditBefore = (await listAudit(f.db, { entity: 'cycle', entityId: c.id })).length;
    const e = await errorOf(sec.cycles.advancePhase({ year: OPEN_YEAR }));
    expect(e.code).toBe('PRECONDITION_FAILED');
    expect(e.zh).toContain('确认');
    expect(e.en).toContain('To move on anyway');
    const warnings = e.details!.warnings as { code: string }[];
    expect(warnings.map((w) => w.code)).toEqual((await sec.cycles.preflight({ year: OPEN_YEAR })).warnings.map((w) => w.code));
    expect((await getCycleByYear(f.db, OPEN_YEAR))!.phase).toBe('material_review');
    expect(await listAudit(f.db, { entity: 'cycle', entityId: c.id })).toHaveLength(auditBefore);
    expect(await codeOf(sec.cycles.advancePhase({ year: OPEN_YEAR, confirm: false }))).toBe('PRECONDITION_FAILED');

    const moved = await sec.cycles.advancePhase({ year: OPEN_YEAR, confirm: true });
    expect(moved.to.id).toBe('onsite_review');
    expect(moved.warnings.map((w) => w.code)).toEqual(warnings.map((w) => w.code));
    const [audit] = await listAudit(f.db, { entity: 'cycle', entityId: c.id });
    expect(audit!.action).toBe('cycle.advancePhase');
    expect(JSON.parse(audit!.after!)).toMatchObject({ phase: 'onsite_review', confirmedWarnings: warnings });
  });

  it('a step without warnings needs no confirmation', async () => {
    const sec = f.as('secretariat');
    await sec.cycles.updateDates({ year: 2033, dates: { callOpens: '2033-03-01', callCloses: '2033-03-20' } });
    expect((await sec.cycles.preflight({ year: 2033 })).warnings).toEqual([]);
    expect((await sec.cycles.advancePhase({ year: 2033 })).to.id).toBe('call_for_applications');
  });
});

describe('the cycle settings migration', () => {
  it('keeps existing cycles’ results: a statistic becomes consensus with it as fallback, consensus gets the mean', async () => {
    const db = openDatabase({ url: ':memory:' });
    const migrator = new Migrator({ db, provider: migrationProvider });
    expect((await migrator.migrateTo('2026-12-01T01-00-00_people')).error).toBeUndefined();
    const legacy = db;
    const { id: ws } = await legacy
      .insertInto('weight_sets')
      .values({
        code: 'x',
        version: 1,
        name_zh: 'x',
        name_en: 'x',
        status: 'draft',
        based_on_id: null,
        note: null,
        created_by: null,
        created_at: 't',
        frozen_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const base = { phase: 'awarded' as const, award_cap: 5, min_total: 600, weight_set_id: ws, flag_threshold: 30, created_at: 't' };
    await db
      .insertInto('cycles' as never)
      .values([
        { ...base, year: 2019, aggregation_method: 'median' },
        { ...base, year: 2021, aggregation_method: 'consensus' },
      ] as never)
      .execute();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const rows = await legacy.selectFrom('cycles').select(['year', 'aggregation_method', 'aggregation_fallback', 'tie_break']).orderBy('year').execute();
    expect(rows).toEqual([
      { year: 2019, aggregation_method: 'consensus', aggregation_fallback: 'median', tie_break: 'priorityAreas' },
      { year: 2021, aggregation_method: 'consensus', aggregation_fallback: 'mean', tie_break: 'priorityAreas' },
    ]);
    await db.destroy();
  });
});

describe('from an empty database', () => {
  it('the admin account opens cycle 2027 (the standard weight set is created on first use) and imports a 2027 register into it', async () => {
    const db = await createTestDatabase();
    expect(await db.selectFrom('weight_sets').select('id').execute()).toEqual([]);
    const admin = (await ensureAdminAccount(db, 'Admin-password-1'))!;
    const user = await db.selectFrom('users').selectAll().where('username', '=', admin.username).executeTakeFirstOrThrow();
    const caller = createCaller(
      createContextInner({
        db,
        services: createServices(),
        user: { id: user.id, username: user.username, displayName: user.display_name, role: 'secretariat', examinerId: null },
        sessionId: null,
        setCookie: () => {},
      }),
    );
    const created = await caller.cycles.create({ year: 2027 });
    expect(created).toMatchObject({ year: 2027, phase: { id: 'preparation' }, weightSet: { code: 'gbt19580-2012', status: 'frozen' } });
    const ws = (await getWeightSet(db, created.weightSetId))!;
    expect(Object.values(ws.points).reduce((a, b) => a + b, 0)).toBe(1000);
    expect((await caller.weights.list()).map((w) => w.usedByCycles)).toEqual([[2027]]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildApplicationsTemplate()) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const row: Record<string, string> = {
      year: '2027',
      code: '2027-001',
      applicant_type: '组织',
      name_zh: '测试组织甲',
      name_en: 'Test organisation A',
      uscc: makeUscc('91150602MA0QC0001'),
      sector: '煤化工',
      district: '东胜区',
      channel: '旗区市场监管局',
      recommending_body: '东胜区市场监督管理局',
      received_on: '2027-04-10',
      founded_on: '2010-05-01',
    };
    APPLICATION_COLUMNS.forEach((col, j) => {
      if (row[col.key] !== undefined) sheet.getRow(2).getCell(j + 1).value = row[col.key];
    });
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await importApplications(db, file, { fileName: 'register-2027.xlsx', userId: user.id });
    expect(res.fileError).toBeNull();
    expect(res.problems).toEqual([]);
    expect(res.outcome).toBe('committed');
    expect((await caller.applications.list({ year: 2027 })).map((a) => a.code)).toEqual(['2027-001']);
    expect((await caller.cycles.list()).find((c) => c.year === 2027)!.applications).toBe(1);
    await db.destroy();
  });
});
