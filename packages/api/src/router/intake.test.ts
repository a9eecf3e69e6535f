/**
 * Registering an application by form (applications.create), facts to be supplemented, recording
 * a supplement (Art. 16), qualification with missing materials, and the materials list: every
 * role, the refusals with their zh/en messages, and that a refused call changed nothing.
 */
import { listAudit, type Role } from '@mqa/db';
import { makeUscc } from '@mqa/rules';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { storeMaterial } from '../domain/materials.ts';
import { APPLICATION_COLUMNS, buildApplicationsTemplate, importApplications } from '../spreadsheet/index.ts';
import { codeOf, createFixture, errorOf, OPEN_YEAR, type Fixture } from '../test/helpers.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
});

const ROLES: (Role | null)[] = ['secretariat', 'committee', 'leadership', 'examiner', null];
let serial = 100;
const nextUscc = () => makeUscc(`91150602MA0QF${String(serial++).padStart(4, '0')}`);

const FULL_ORG_FACTS = {
  applicantType: 'organisation' as const,
  registeredInOrdos: true,
  independentLegalPerson: true,
  continuousNormalOperation: true,
  licencesHeld: true,
  compliesWithRegulations: true,
  qualitySystemAppliesGbT19580: true,
  topOfSectorFor3Years: true,
  goodCreditRecord: true,
  contravenesNationalPolicy: false,
  lacksRequiredLicences: false,
  majorIncidentWithin3Years: false,
  onAbnormalOperationList: false,
  awardFraudWithin3Years: false,
  seriousTaxOrSocialInsuranceViolationWithin3Years: false,
  onSeriousDishonestyList: false,
};

function orgInput(extra: Record<string, unknown> = {}) {
  return {
    year: OPEN_YEAR,
    applicantType: 'organisation' as const,
    name: '表单登记测试有限公司',
    nameEn: 'Form Registration Test Co.',
    uscc: nextUscc(),
    sector: '煤化工',
    district: '东胜区',
    channel: '旗区市场监管局',
    recommender: '东胜区市场监督管理局',
    receivedOn: '2025-04-10',
    foundedOn: '2010-05-01',
    ...extra,
  };
}

const countApps = async () =>
  (
    await f.db
      .selectFrom('applications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;
const countOrgs = async () =>
  (
    await f.db
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

describe('applications.create (Art. 9, 15)', () => {
  it('registers an organisation with the next code of the cycle, lists it, checks eligibility and audits it', async () => {
    const codes = (await f.as('secretariat').applications.list({ year: OPEN_YEAR })).map((a) => a.code);
    const max = Math.max(...codes.map((c) => Number(c.slice(5))));
    const input = orgInput({ facts: FULL_ORG_FACTS, priorityAreas: ['创新驱动发展'] });
    const r = await f.as('secretariat').applications.create(input);
    expect(r.code).toBe(`${OPEN_YEAR}-${String(max + 1).padStart(3, '0')}`);
    expect(r.id).toBeGreaterThan(0);
    expect(r.eligibility).toMatchObject({ status: 'eligible', verdict: 'eligible', failures: [], toSupplement: [] });
    const listed = (await f.as('committee').applications.list({ year: OPEN_YEAR })).find((a) => a.id === r.id)!;
    expect(listed).toMatchObject({
      code: r.code,
      name: { zh: '表单登记测试有限公司', en: 'Form Registration Test Co.' },
      applicantType: 'organisation',
      sector: 'coal_chemicals',
      district: '150602',
      channel: 'district_bureau',
      recommendingBody: '东胜区市场监督管理局',
      receivedOn: '2025-04-10',
      qualificationStatus: 'received',
      status: 'active',
    });
    expect(listed.priorityAreas.map((p) => p.id)).toHaveLength(1);
    const audit = await listAudit(f.db, { entity: 'application', entityId: r.id });
    expect(audit[0]).toMatchObject({ action: 'application.create', user_id: f.users.secretariat.id });
    expect(JSON.parse(audit[0]!.after!)).toMatchObject({ code: r.code, uscc: input.uscc, sector: 'coal_chemicals', eligibilityStatus: 'eligible' });
  });

  it('shows facts left blank as to be supplemented, not as vetoes', async () => {
    const r = await f.as('secretariat').applications.create(orgInput({ facts: { applicantType: 'organisation', registeredInOrdos: true } }));
    expect(r.eligibility.status).toBe('pending');
    expect(r.eligibility.verdict).toBe('incomplete');
    expect(r.eligibility.failures).toEqual([]);
    expect(r.eligibility.toSupplement.map((x) => x.code)).toContain('ORG_GOOD_CREDIT');
    expect(r.eligibility.toSupplement.find((x) => x.code === 'ORG_GOOD_CREDIT')).toMatchObject({ article: 10, facts: ['goodCreditRecord'] });
    expect(r.eligibility.summary).toBeNull();
    // A declared fact that fails is a veto; the blank ones stay apart.
    const vetoed = await f.as('secretariat').applications.create(orgInput({ facts: { applicantType: 'organisation', registeredInOrdos: false } }));
    expect(vetoed.eligibility.verdict).toBe('ineligible');
    expect(vetoed.eligibility.failures.map((x) => x.code)).toEqual(['ORG_REGISTERED_IN_ORDOS']);
    expect(vetoed.eligibility.toSupplement.length).toBeGreaterThan(0);
  });

  it('registers an individual, linking the employer by its USCC', async () => {
    const employer = await f.db.selectFrom('organisations').select(['id', 'uscc']).orderBy('id').executeTakeFirstOrThrow();
    const r = await f.as('secretariat').applications.create({
      year: OPEN_YEAR,
      applicantType: 'individual',
      name: '张测试',
      uscc: employer.uscc,
      sector: 'coal_mining',
      district: '150627',
      channel: 'industry_association',
      recommender: '鄂尔多斯市质量协会',
      receivedOn: '2025-04-11',
      qualityWorkSince: '2008-03-01',
      position: '质量总监',
      facts: { applicantType: 'individual', innovationContribution: true },
    });
    const got = await f.as('secretariat').applications.get({ id: r.id });
    expect(got).toMatchObject({ applicantType: 'individual', channel: 'industry_association', district: '150627' });
    expect(got.facts).toMatchObject({ qualityWorkSince: '2008-03-01', innovationContribution: true });
    const person = await f.db
      .selectFrom('applications')
      .innerJoin('individuals', 'individuals.id', 'applications.individual_id')
      .select(['individuals.organisation_id', 'individuals.position_zh'])
      .where('applications.id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(person).toEqual({ organisation_id: employer.id, position_zh: '质量总监' });
  });

  it('refuses bad input with a zh/en reason and writes nothing', async () => {
    const sec = f.as('secretariat');
    const apps = await countApps();
    const orgs = await countOrgs();
    const audits = (await listAudit(f.db, { limit: 1 }))[0]!.id;
    const cases: [Record<string, unknown>, string, RegExp, RegExp][] = [
      [{ sector: '不存在的行业' }, 'BAD_REQUEST', /行业「不存在的行业」无效/, /Sector "不存在的行业" is invalid/],
      [{ district: 'Atlantis' }, 'BAD_REQUEST', /旗区/, /Banner\/district/],
      [{ channel: '自荐' }, 'BAD_REQUEST', /申报渠道/, /Channel/],
      [{ uscc: '91150602MA0QF00010' }, 'BAD_REQUEST', /统一社会信用代码/, /Unified Social Credit Code/],
      [{ uscc: undefined }, 'BAD_REQUEST', /统一社会信用代码/, /Unified Social Credit Code/],
      [{ foundedOn: undefined }, 'BAD_REQUEST', /成立日期/, /founding date/],
      [{ foundedOn: '2026-01-01' }, 'BAD_REQUEST', /晚于受理日期/, /after the date of receipt/],
      [{ receivedOn: '2099-01-01' }, 'BAD_REQUEST', /晚于今天/, /after today/],
      [{ facts: { applicantType: 'individual' } }, 'BAD_REQUEST', /不一致/, /individual/],
      [{ year: 2019 }, 'PRECONDITION_FAILED', /已冻结/, /frozen/],
      [{ year: 2090 }, 'NOT_FOUND', /2090/, /2090/],
    ];
    for (const [extra, code, zh, en] of cases) {
      const e = await errorOf(sec.applications.create(orgInput(extra)));
      expect(e.code).toBe(code);
      expect(e.zh).toMatch(zh);
      expect(e.en).toMatch(en);
    }
    // The same organisation twice in one cycle.
    const uscc = nextUscc();
    await sec.applications.create(orgInput({ uscc }));
    const dup = await errorOf(sec.applications.create(orgInput({ uscc })));
    expect(dup.code).toBe('CONFLICT');
    expect(dup.zh).toMatch(/已有申报/);
    expect(dup.en).toMatch(/already has application/);
    expect(await countApps()).toBe(apps + 1);
    expect(await countOrgs()).toBe(orgs + 1);
    expect((await listAudit(f.db, { limit: 5 })).filter((a) => a.id > audits).map((a) => a.action)).toEqual(['application.create']);
  });

  it('is for the secretariat only: other roles are refused and nothing is written', async () => {
    for (const role of ROLES) {
      const before = await countApps();
      const code = await codeOf(f.as(role).applications.create(orgInput()));
      expect([role, code]).toEqual([role, role === 'secretariat' ? 'OK' : role === null ? 'UNAUTHORIZED' : 'FORBIDDEN']);
      expect(await countApps()).toBe(before + (role === 'secretariat' ? 1 : 0));
    }
  });

  it('behaves like an application imported from the register: code scheme, listing and eligibility', async () => {
    const uscc = nextUscc();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildApplicationsTemplate()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const list = await f.as('secretariat').applications.list({ year: OPEN_YEAR });
    const importedCode = `${OPEN_YEAR}-${String(Math.max(...list.map((a) => Number(a.code.slice(5)))) + 1).padStart(3, '0')}`;
    const row: Record<string, string | number> = {
      year: OPEN_YEAR,
      code: importedCode,
      applicant_type: '组织',
      name_zh: '导入对照有限公司',
      name_en: 'Imported Twin Co.',
      uscc,
      sector: '煤化工',
      district: '东胜区',
      channel: '旗区市场监管局',
      recommending_body: '东胜区市场监督管理局',
      received_on: '2025-04-10',
      founded_on: '2010-05-01',
      fact_registeredInOrdos: '是',
      fact_majorIncidentWithin3Years: '否',
    };
    APPLICATION_COLUMNS.forEach((c, j) => {
      if (row[c.key] !== undefined) ws.getRow(2).getCell(j + 1).value = row[c.key];
    });
    const res = await importApplications(f.db, Buffer.from(await wb.xlsx.writeBuffer()), { fileName: 'apps.xlsx', userId: f.users.secretariat.id });
    expect(res.outcome).toBe('committed');
    const imported = (await f.as('secretariat').applications.list({ year: OPEN_YEAR })).find((a) => a.code === importedCode)!;
    await f.as('secretariat').applications.checkEligibility({ id: imported.id });

    const formed = await f.as('secretariat').applications.create(
      orgInput({
        name: '导入对照有限公司',
        nameEn: 'Imported Twin Co.',
        facts: { applicantType: 'organisation', registeredInOrdos: true, majorIncidentWithin3Years: false },
      }),
    );
    // The next code after the imported one, in the same scheme.
    expect(formed.code).toBe(`${OPEN_YEAR}-${String(Number(importedCode.slice(5)) + 1).padStart(3, '0')}`);
    const both = (await f.as('leadership').applications.list({ year: OPEN_YEAR })).filter((a) => a.id === imported.id || a.id === formed.id);
    expect(both).toHaveLength(2);
    const shape = (a: (typeof both)[number]) => ({
      name: a.name,
      applicantType: a.applicantType,
      sector: a.sector,
      district: a.district,
      channel: a.channel,
      recommendingBody: a.recommendingBody,
      receivedOn: a.receivedOn,
      eligibility: a.eligibility,
      qualificationStatus: a.qualificationStatus,
      status: a.status,
    });
    expect(shape(both[1]!)).toEqual(shape(both[0]!));
    expect(both[0]!.eligibility.verdict).toBe('incomplete');
    const a = await f.as('secretariat').applications.get({ id: imported.id });
    const b = await f.as('secretariat').applications.get({ id: formed.id });
    expect(b.facts).toEqual(a.facts);
    expect(b.missingMaterials).toEqual(a.missingMaterials);
  });
});

describe('supplement (Art. 16)', () => {
  it('asks once for every undeclared fact and missing material, records the arrival, re-checks and puts the application back to review', async () => {
    const sec = f.as('secretariat');
    const { id } = await sec.applications.create(orgInput({ facts: { applicantType: 'organisation', registeredInOrdos: true } }));
    const noRequest = await errorOf(sec.applications.recordSupplement({ id, receivedOn: '2025-04-20' }));
    expect(noRequest.code).toBe('PRECONDITION_FAILED');
    expect(noRequest.zh).toMatch(/尚未发出补充材料通知/);
    expect(noRequest.en).toMatch(/No supplement was requested/);

    const req = await sec.applications.requestSupplement({ id });
    const ids = req.items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining(['application_form', 'eligibility:ORG_GOOD_CREDIT', 'eligibility:EXC_MAJOR_INCIDENT']));
    expect(req.items.find((i) => i.id === 'eligibility:ORG_GOOD_CREDIT')!.name.zh).toMatch(/申报信息：良好的诚信记录和社会声誉（第10条）/);
    const requestedOn = req.requestedOn;

    // Arrival before the notice, or in the future: refused, nothing written.
    const early = await errorOf(sec.applications.recordSupplement({ id, receivedOn: '2020-01-01' }));
    expect(early.code).toBe('BAD_REQUEST');
    expect(early.zh).toMatch(/须在通知日期/);
    expect((await sec.applications.get({ id })).supplementRequest!.fulfilledOn).toBeNull();
    for (const role of ['committee', 'leadership', 'examiner', null] as const) {
      expect(await codeOf(f.as(role).applications.recordSupplement({ id, receivedOn: requestedOn }))).toBe(role ? 'FORBIDDEN' : 'UNAUTHORIZED');
    }
    expect((await sec.applications.get({ id })).qualificationStatus).toBe('supplement_requested');

    const r = await sec.applications.recordSupplement({ id, receivedOn: requestedOn, facts: FULL_ORG_FACTS, note: '申报单位补交了守法合规证明' });
    expect(r.qualificationStatus).toBe('received');
    expect(r.eligibility).toMatchObject({ eligible: true, status: 'eligible', verdict: 'eligible' });
    expect(r.supplementRequest).toMatchObject({ fulfilledOn: requestedOn, receivedNote: '申报单位补交了守法合规证明' });
    expect(r.deadline).toMatchObject({ article: 16, from: requestedOn });
    expect(r.deadline!.deadline > requestedOn).toBe(true);
    const got = await sec.applications.get({ id });
    expect(got.qualificationDeadline).toMatchObject({ from: requestedOn, deadline: r.deadline!.deadline });
    const actions = (await listAudit(f.db, { entity: 'application', entityId: id })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['application.recordSupplement', 'application.recordSupplement.recheck']));

    const again = await errorOf(sec.applications.recordSupplement({ id, receivedOn: requestedOn }));
    expect(again.code).toBe('CONFLICT');
    expect(again.en).toMatch(/already recorded/);
  });

  it('refuses to pass the qualification review with missing materials unless confirmed, listing them', async () => {
    const sec = f.as('secretariat');
    const { id } = await sec.applications.create(orgInput({ facts: FULL_ORG_FACTS }));
    const e = await errorOf(sec.applications.setQualification({ id, status: 'qualified' }));
    expect(e.code).toBe('PRECONDITION_FAILED');
    expect(e.zh).toMatch(/缺少 \d+ 项必备材料（第15条）：申报表/);
    expect(e.en).toMatch(/lacks \d+ required materials \(Art\. 15\): Application form/);
    expect(e.details).toMatchObject({ code: 'materials_missing', needsConfirm: true });
    expect((e.details!.missing as { id: string }[]).map((m) => m.id)).toContain('self_assessment_report');
    expect((await sec.applications.get({ id })).qualificationStatus).toBe('received');
    const ok = await sec.applications.setQualification({ id, status: 'qualified', confirm: true });
    expect(ok.qualificationStatus).toBe('qualified');
    const audit = (await listAudit(f.db, { entity: 'application', entityId: id }))[0]!;
    expect(JSON.parse(audit.after!).confirmedMissingMaterials).toContain('application_form');
    // Rejecting needs no confirmation.
    const other = await sec.applications.create(orgInput());
    expect((await sec.applications.setQualification({ id: other.id, status: 'rejected', reason: '材料不全' })).qualificationStatus).toBe('rejected');
  });

  it('refuses to qualify while facts are still to be supplemented, saying which', async () => {
    const sec = f.as('secretariat');
    const { id } = await sec.applications.create(orgInput({ facts: { applicantType: 'organisation', registeredInOrdos: true } }));
    const e = await errorOf(sec.applications.setQualification({ id, status: 'qualified', confirm: true }));
    expect(e.code).toBe('PRECONDITION_FAILED');
    expect(e.zh).toMatch(/项申报信息待补充/);
    expect(e.en).toMatch(/still to be supplemented/);
  });
});

describe('applications.materials and deleteMaterial (Art. 29)', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

  it('lists materials to every role that may open the application, confidential ones withheld from committee and leadership', async () => {
    const assigned = (await f.as('examiner').scoring.myAssignments()).find((a) => a.year === OPEN_YEAR)!.applicationId;
    const stored = await storeMaterial(
      f.db,
      f.users.secretariat,
      { applicationId: assigned, kind: 'application_form', confidential: true, fileName: '申报表.pdf', content: pdf },
      new Date(),
    );
    const mid = stored.material.id;
    for (const role of ROLES) {
      const p = f.as(role).applications.materials({ id: assigned });
      if (role === null) {
        expect(await codeOf(p)).toBe('UNAUTHORIZED');
        continue;
      }
      const list = await p;
      const m = list.materials.find((x) => x.id === mid)!;
      const reads = role === 'secretariat' || role === 'examiner';
      expect([role, m.bodyWithheld, m.downloadUrl, m.fileName]).toEqual([
        role,
        !reads,
        reads ? `/api/applications/${assigned}/materials/${mid}` : null,
        reads ? '申报表.pdf' : null,
      ]);
      expect(m).toMatchObject({ confidential: true, kind: 'application_form', mimeType: 'application/pdf', sizeBytes: pdf.length, article: 29 });
      expect(list.canUpload).toBe(role === 'secretariat');
      expect(list.missing.map((x) => x.id)).not.toContain('application_form');
    }
    // An examiner of another application is refused.
    const other = (await f.as('secretariat').applications.list({ year: OPEN_YEAR })).find((a) => a.id !== assigned && a.reviewGroupId === null)!;
    const e = await errorOf(f.as('examiner').applications.materials({ id: other.id }));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.zh).toMatch(/没有分配给您/);

    // Delete: secretariat only, audited with what it was.
    for (const role of ['committee', 'leadership', 'examiner', null] as const) {
      expect(await codeOf(f.as(role).applications.deleteMaterial({ id: assigned, materialId: mid }))).toBe(role ? 'FORBIDDEN' : 'UNAUTHORIZED');
    }
    expect(await f.db.selectFrom('application_material_files').select('material_id').where('material_id', '=', mid).executeTakeFirst()).toBeDefined();
    const wrong = await errorOf(f.as('secretariat').applications.deleteMaterial({ id: other.id, materialId: mid }));
    expect(wrong.code).toBe('NOT_FOUND');
    await f.as('secretariat').applications.deleteMaterial({ id: assigned, materialId: mid });
    expect(await f.db.selectFrom('application_materials').select('id').where('id', '=', mid).executeTakeFirst()).toBeUndefined();
    expect(await f.db.selectFrom('application_material_files').select('material_id').where('material_id', '=', mid).executeTakeFirst()).toBeUndefined();
    const audit = (await listAudit(f.db, { entity: 'application', entityId: assigned }))[0]!;
    expect(audit.action).toBe('material.delete');
    expect(JSON.parse(audit.before!)).toMatchObject({ materialId: mid, fileName: '申报表.pdf', confidential: true });
  });
});
