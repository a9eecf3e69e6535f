/** The indicators import (Art. 5, 28): template round trip, per-row zh/en problems, all or nothing. */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndicatorsTemplate, importIndicators, INDICATORS_TABLE } from './indicators-import.ts';
import { handleSpreadsheetRequest } from './http.ts';
import { setup, type Fixture } from './test-helpers.ts';

const NOW = new Date('2026-03-01T02:00:00Z');
let fx: Fixture;
let cert2023: string;
let cert2019: string;
let certIndividual: string;

beforeAll(async () => {
  fx = await setup();
  const awards = await fx.db
    .selectFrom('awards')
    .innerJoin('applications', 'applications.id', 'awards.application_id')
    .leftJoin('revocations', 'revocations.award_id', 'awards.id')
    .select(['awards.certificate_no as cert', 'awards.awarded_on as on', 'applications.applicant_type as type', 'revocations.id as revoked'])
    .orderBy('awards.id')
    .execute();
  cert2023 = awards.find((a) => a.on.startsWith('2023') && a.type === 'organisation' && a.revoked === null)!.cert;
  cert2019 = awards.find((a) => a.on.startsWith('2019') && a.type === 'organisation')!.cert;
  certIndividual = awards.find((a) => a.type === 'individual')!.cert;
});

async function workbook(rows: (string | number | null)[][], headers = ['证书编号', '年度', '总资产贡献率', '顾客满意度', '万元产值综合能耗']): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(INDICATORS_TABLE.sheetNames.zh);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const opts = (extra: { dryRun?: boolean } = {}) => ({ fileName: 'indicators.xlsx', userId: fx.userId, now: () => NOW, ...extra });

async function valuesOf(cert: string, year: number) {
  const rows = await fx.db
    .selectFrom('org_indicators')
    .innerJoin('applications', 'applications.organisation_id', 'org_indicators.organisation_id')
    .innerJoin('awards', 'awards.application_id', 'applications.id')
    .select(['org_indicators.indicator as indicator', 'org_indicators.value as value'])
    .where('awards.certificate_no', '=', cert)
    .where('org_indicators.year', '=', year)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.indicator, r.value]));
}

describe('importIndicators', () => {
  it('refuses a file with bad rows, listing each problem by row and column in zh and en, and stores nothing', async () => {
    const before = await valuesOf(cert2023, 2025);
    const buf = await workbook([
      [cert2023, 2025, 13.1, 91, 0.3],
      [cert2023, 2025, 13.2, 92, 0.3],
      [cert2023, 2024, 12, 925, 0.3],
      [cert2019, 2025, 10, 90, 0.2],
      [certIndividual, 2025, 10, 90, 0.2],
      ['MQA-1999-99', 2025, 10, 90, 0.2],
      [cert2023, 2025.5, 'abc', null, null],
    ]);
    const r = await importIndicators(fx.db, buf, opts());
    expect(r.outcome).toBe('invalid');
    const byRow = (row: number) => r.problems.filter((p) => p.row === row);
    expect(byRow(3).map((p) => p.code)).toEqual(['duplicate_row']);
    expect(byRow(4)[0]).toMatchObject({ code: 'out_of_range', column: 'D', header: '顾客满意度' });
    expect(byRow(4)[0]!.message.zh).toMatch(/合理范围 0–100/);
    expect(byRow(4)[0]!.message.en).toMatch(/plausible range/);
    expect(byRow(5)[0]).toMatchObject({ code: 'year_outside_followup', column: 'B' });
    expect(byRow(5)[0]!.message.zh).toMatch(/第5条/);
    expect(byRow(6)[0]!.code).toBe('individual_award');
    expect(byRow(7)[0]!.code).toBe('unknown_award');
    expect(byRow(8).map((p) => p.code)).toEqual(expect.arrayContaining(['invalid_value']));
    expect(await valuesOf(cert2023, 2025)).toEqual(before);
  });

  it('imports a good file in one transaction with audit rows old → new; a second import changes nothing', async () => {
    const buf = await workbook([
      [cert2023, 2025, 13.4, 93.5, 0.28],
      [cert2023, 2026, 13.9, null, null],
    ]);
    const dry = await importIndicators(fx.db, buf, opts({ dryRun: true }));
    expect(dry).toMatchObject({ outcome: 'preview', ok: true, preview: { counts: { rows: 2, values: 4 } } });
    const r = await importIndicators(fx.db, buf, opts());
    expect(r.outcome).toBe('committed');
    expect(await valuesOf(cert2023, 2025)).toMatchObject({ asset_contribution_pct: 13.4, customer_satisfaction: 93.5, energy_tce_per_10k_cny: 0.28 });
    expect(await valuesOf(cert2023, 2026)).toMatchObject({ asset_contribution_pct: 13.9 });
    const audit = await fx.db.selectFrom('audit_log').selectAll().where('action', '=', 'indicators.import').orderBy('id').execute();
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[0]!.after!)).toMatchObject({ year: 2025, values: { customer_satisfaction: 93.5 } });
    expect(JSON.parse(audit[0]!.before!).year).toBe(2025);
    expect((await fx.db.selectFrom('audit_log').select('id').where('action', '=', 'import.indicators').execute()).length).toBe(1);
    expect((await importIndicators(fx.db, buf, opts())).outcome).toBe('unchanged');
  });

  it('builds a template of the open awards and years that imports back unchanged', async () => {
    const buf = await buildIndicatorsTemplate(fx.db, NOW);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(INDICATORS_TABLE.sheetNames.zh)!;
    expect(ws.getRow(1).getCell(1).value).toBe('证书编号');
    const certs = new Set<string>();
    ws.eachRow((row, n) => {
      const v = row.getCell(1).value;
      if (n > 1 && typeof v === 'string') certs.add(v);
    });
    expect(certs.has(cert2023)).toBe(true);
    expect(certs.has(cert2019)).toBe(false);
    expect(certs.has(certIndividual)).toBe(false);
    expect((await importIndicators(fx.db, buf, opts())).outcome).toBe('unchanged');
  });

  it('is served under /api/templates and /api/import', async () => {
    const t = await handleSpreadsheetRequest(new Request('http://x/api/templates/indicators.xlsx'), { db: fx.db, userId: fx.userId });
    expect(t!.status).toBe(200);
    const form = new FormData();
    form.set('file', new File([new Uint8Array(await workbook([[cert2023, 2025, 200, null, null]]))], 'bad.xlsx'));
    const res = await handleSpreadsheetRequest(new Request('http://x/api/import/indicators', { method: 'POST', body: form }), { db: fx.db, userId: fx.userId });
    expect(res!.status).toBe(422);
    const body = (await res!.json()) as { kind: string; problems: { code: string }[] };
    expect(body.kind).toBe('indicators');
    expect(body.problems[0]!.code).toBe('out_of_range');
  });
});
