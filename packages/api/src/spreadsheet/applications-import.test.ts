import { vi, afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { makeUscc } from '@mqa/rules';
import { APPLICATION_COLUMNS, buildApplicationsTemplate, importApplications } from './index.ts';
import { setup, snapshot, type Fixture } from './test-helpers.ts';

// Each test builds a seeded database and real workbooks: allow for a slow shared machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let f: Fixture;
beforeAll(async () => {
  f = await setup();
});
afterAll(async () => {
  await f.db.destroy();
});

type Row = Record<string, string | number | null>;

/** Fills the real template's data sheet, so the test also proves the template round-trips. */
async function file(rows: Row[], lang: 'zh' | 'en' = 'zh'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await buildApplicationsTemplate()) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  if (lang === 'en') APPLICATION_COLUMNS.forEach((c, i) => (ws.getRow(1).getCell(i + 1).value = c.en));
  rows.forEach((r, i) => {
    APPLICATION_COLUMNS.forEach((c, j) => {
      if (r[c.key] !== undefined) ws.getRow(i + 2).getCell(j + 1).value = r[c.key];
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const uscc1 = makeUscc('91150602MA0QC0001');
const uscc2 = makeUscc('91150627MA0QC0002');

function org(code: string, uscc: string, extra: Row = {}): Row {
  return {
    year: 2025,
    code,
    applicant_type: '组织',
    name_zh: `测试组织 ${code}`,
    name_en: `Test organisation ${code}`,
    uscc,
    sector: '煤化工',
    district: '东胜区',
    channel: '旗区市场监管局',
    recommending_body: '东胜区市场监督管理局',
    received_on: '2025-04-10',
    priority_areas: '创新驱动发展、绿色生态环保',
    founded_on: '2010-05-01',
    fact_registeredInOrdos: '是',
    fact_independentLegalPerson: '是',
    fact_majorIncidentWithin3Years: '否',
    ...extra,
  };
}

describe('importApplications', () => {
  test('adds organisations and individuals, then a re-import changes nothing, then an edit is a change', async () => {
    const person: Row = {
      year: 2025,
      code: '2025-T03',
      applicant_type: '个人',
      name_zh: '测试个人',
      sector: 'coal_mining',
      district: '150627',
      channel: '行业协会',
      recommending_body: '市质量协会',
      quality_work_since: '2012-03-01',
      is_head: '否',
      fact_innovationContribution: '是',
    };
    const rows = [org('2025-T01', uscc1), org('2025-T02', uscc2, { district: '伊金霍洛旗', priority_areas: null }), person];
    const before = await snapshot(f.db);
    const res = await importApplications(f.db, await file(rows), { fileName: 'apps.xlsx', userId: f.userId });
    expect(res.problems).toEqual([]);
    expect(res.outcome).toBe('committed');
    expect(res.preview?.counts).toMatchObject({ added: 3, changed: 0, unchanged: 0, organisationsAdded: 2 });
    const after = await snapshot(f.db);
    expect(after.counts.applications).toBe(before.counts.applications + 3);
    expect(after.counts.organisations).toBe(before.counts.organisations + 2);
    expect(after.counts.individuals).toBe(before.counts.individuals + 1);
    expect(after.counts.audit_log).toBe(before.counts.audit_log + 1);
    const app = await f.db
      .selectFrom('applications')
      .innerJoin('organisations', 'organisations.id', 'applications.organisation_id')
      .select(['applications.id', 'applications.eligibility_facts', 'organisations.district', 'organisations.sector', 'applications.channel'])
      .where('applications.code', '=', '2025-T01')
      .executeTakeFirstOrThrow();
    expect(app).toMatchObject({ district: '150602', sector: 'coal_chemicals', channel: 'district_bureau' });
    expect(JSON.parse(app.eligibility_facts)).toMatchObject({
      applicantType: 'organisation',
      registeredInOrdos: true,
      majorIncidentWithin3Years: false,
      foundedOn: '2010-05-01',
    });
    const areas = await f.db.selectFrom('application_priority_areas').select('area').where('application_id', '=', app.id).orderBy('area').execute();
    expect(areas.map((a) => a.area)).toEqual(['green_eco', 'innovation']);

    const mid = await snapshot(f.db);
    const again = await importApplications(f.db, await file(rows, 'en'), { fileName: 'apps.xlsx', userId: f.userId });
    expect(again.fileError).toBeNull();
    expect(again.problems).toEqual([]);
    expect(again.outcome).toBe('unchanged');
    expect(await snapshot(f.db)).toEqual(mid);

    const edited = [org('2025-T01', uscc1, { district: '康巴什区' }), rows[1]!, rows[2]!];
    const preview = await importApplications(f.db, await file(edited), { fileName: 'apps.xlsx', userId: f.userId, dryRun: true });
    expect(preview.preview?.counts).toMatchObject({ added: 0, changed: 1, unchanged: 2 });
    expect(preview.preview?.changed[0]?.changes).toEqual([{ field: 'district', old: '150602', new: '150603' }]);
    expect(await snapshot(f.db)).toEqual(mid);
  });

  test('validates USCC check characters, enumerations, dates, duplicates and type changes; writes nothing', async () => {
    const badUscc = `${uscc1.slice(0, 17)}${uscc1[17] === '0' ? '1' : '0'}`;
    const rows = [
      org('2025-B01', badUscc),
      org('2025-B02', makeUscc('91150602MA0QC0003'), { sector: '造船', district: '呼和浩特', channel: '自荐', founded_on: '2010-13-01' }),
      org('2025-B03', makeUscc('91150602MA0QC0004'), { priority_areas: '太空探索', fact_goodCreditRecord: '也许' }),
      org('2025-B03', makeUscc('91150602MA0QC0005')),
      org('2025-001', makeUscc('91150602MA0QC0006'), { applicant_type: '个人' }),
    ];
    const before = await snapshot(f.db);
    const res = await importApplications(f.db, await file(rows), { fileName: 'bad.xlsx', userId: f.userId });
    expect(res.outcome).toBe('invalid');
    const codes = res.problems.map((p) => `${p.row}:${p.header}:${p.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        '2:统一社会信用代码:invalid_uscc',
        '3:行业:invalid_value',
        '3:旗区:invalid_value',
        '3:申报渠道:invalid_value',
        '3:成立日期:invalid_date',
        '4:优先领域:invalid_value',
        '4:信用良好:invalid_value',
        '5:申报编号:duplicate_row',
        '6:申报类型:type_change',
      ]),
    );
    const uscc = res.problems.find((p) => p.code === 'invalid_uscc')!;
    expect(uscc.message.en).toContain(`check character should be ${uscc1[17]}`);
    expect(await snapshot(f.db)).toEqual(before);
  });
});
