/**
 * Import of awardees' follow-up indicators (Art. 5, 28): one row per award (certificate number)
 * and year, one column per indicator of @mqa/rules `INDICATORS`. Each row is checked as
 * `indicators.record` checks a form — the award exists and is an organisation's, the year lies in
 * the award's three years and has begun, every value is a number in its plausible range — and
 * every problem is listed per row and column in Chinese and English. Nothing is written unless
 * the whole file passes; then every value, one audit row per award and year (old → new) and the
 * import's own audit row are written in one transaction. Re-importing the same file changes
 * nothing.
 */
import { writeAudit, type DB } from '@mqa/db';
import ExcelJS from 'exceljs';
import { followUpYearProblem, indicatorValueProblem, INDICATOR_IDS, INDICATORS, todayInChina, type IndicatorId } from '@mqa/rules';
import type { ColumnSpec, TableSpec } from './columns.ts';
import { emptyImportResult, insertImportAudit, nowIso, parseImportFile, ProblemList, Progress, type ImportOptions, type ImportResultBase } from './common.ts';
import type { SheetTable } from './read.ts';
import { cellNumber, cellString, showCell } from './values.ts';

export const INDICATOR_COLUMNS: readonly ColumnSpec[] = [
  {
    key: 'certificate_no',
    zh: '证书编号',
    en: 'Certificate number',
    required: true,
    aliases: ['certificate', 'certificateNo', '证书号'],
    help: { zh: '获奖证书编号，如 MQA-2023-02。', en: 'The award certificate number, e.g. MQA-2023-02.' },
    width: 18,
  },
  {
    key: 'year',
    zh: '年度',
    en: 'Year',
    required: true,
    help: { zh: '指标所属年度：获奖当年至有效期届满当年（第5条）。', en: 'The year of the figures: the award year to the year the validity ends (Art. 5).' },
    width: 8,
  },
  {
    key: 'awardee',
    zh: '获奖者',
    en: 'Awardee',
    required: false,
    help: { zh: '仅供核对，导入时不读取。', en: 'For reference only; not read.' },
    width: 28,
  },
  ...INDICATOR_IDS.map((id): ColumnSpec => ({
    key: id,
    zh: INDICATORS[id].name.zh,
    en: INDICATORS[id].name.en,
    required: false,
    aliases: [id, `${INDICATORS[id].name.zh}（${INDICATORS[id].unit.zh}）`],
    help: {
      zh: `单位：${INDICATORS[id].unit.zh}；合理范围 ${INDICATORS[id].min}–${INDICATORS[id].max}${INDICATORS[id].integer ? '，整数' : ''}；留空表示不变。`,
      en: `Unit: ${INDICATORS[id].unit.en}; plausible range ${INDICATORS[id].min}–${INDICATORS[id].max}${INDICATORS[id].integer ? ', whole numbers' : ''}; blank leaves it unchanged.`,
    },
    width: 16,
  })),
];

export const INDICATORS_TABLE: TableSpec = {
  kind: 'indicators',
  sheetNames: { zh: '跟踪指标', en: 'Indicators' },
  columns: INDICATOR_COLUMNS,
};

export interface IndicatorRowPreview {
  row: number;
  awardId: number;
  certificateNo: string;
  year: number;
  values: Partial<Record<IndicatorId, number>>;
  changed: IndicatorId[];
}

export interface IndicatorsPreview {
  rows: IndicatorRowPreview[];
  counts: { rows: number; values: number; changed: number; awards: number; skipped: number };
}

export interface IndicatorsImportResult extends ImportResultBase {
  kind: 'indicators';
  preview: IndicatorsPreview | null;
}

interface AwardRef {
  id: number;
  cycleId: number;
  certificateNo: string;
  awardedOn: string;
  organisationId: number | null;
}

async function loadAwards(db: DB): Promise<Map<string, AwardRef>> {
  const rows = await db
    .selectFrom('awards')
    .innerJoin('applications', 'applications.id', 'awards.application_id')
    .select([
      'awards.id as id',
      'awards.cycle_id as cycleId',
      'awards.certificate_no as certificateNo',
      'awards.awarded_on as awardedOn',
      'applications.organisation_id as organisationId',
      'applications.applicant_type as applicantType',
    ])
    .execute();
  return new Map(
    rows.map((r) => [
      r.certificateNo.trim().toUpperCase(),
      {
        id: r.id,
        cycleId: r.cycleId,
        certificateNo: r.certificateNo,
        awardedOn: r.awardedOn,
        organisationId: r.applicantType === 'organisation' ? r.organisationId : null,
      },
    ]),
  );
}

/** Validates and (unless `dryRun`) writes an indicators file; see the module comment. */
export async function importIndicators(db: DB, buffer: Buffer, opts: ImportOptions): Promise<IndicatorsImportResult> {
  const result: IndicatorsImportResult = { kind: 'indicators', ...emptyImportResult(buffer, opts), preview: null };
  const progress = new Progress(opts.onProgress);
  const table = await parseImportFile(buffer, INDICATORS_TABLE, result, progress);
  if (table === null) return result;
  await progress.report(0.5, 'validate');
  let t0 = performance.now();
  const today = todayInChina(opts.now ? opts.now() : new Date());
  const problems = new ProblemList(table);
  const cols = table.columnOf;
  const get = (cells: SheetTable['rows'][number]['cells'], key: string) => {
    const c = cols.get(key);
    return c === undefined ? undefined : cells[c];
  };
  const awards = await loadAwards(db);
  const existing = await db.selectFrom('org_indicators').select(['organisation_id', 'year', 'indicator', 'value']).execute();
  const stored = new Map(existing.map((r) => [`${r.organisation_id}|${r.year}|${r.indicator}`, r.value]));
  const seen = new Map<string, number>();
  let skipped = 0;
  const rows: (IndicatorRowPreview & { organisationId: number; cycleId: number; before: Partial<Record<IndicatorId, number | null>> })[] = [];

  for (const { row, cells } of table.rows) {
    const cert = cellString(get(cells, 'certificate_no'));
    const yearCell = get(cells, 'year');
    let ok = true;
    let award: AwardRef | undefined;
    if (cert === null) {
      problems.add(row, 'certificate_no', 'missing_value', { zh: '缺少证书编号。', en: 'The certificate number is missing.' });
      ok = false;
    } else {
      award = awards.get(cert.toUpperCase());
      if (!award) {
        problems.add(row, 'certificate_no', 'unknown_award', {
          zh: `没有证书编号为 ${cert} 的奖励。`,
          en: `There is no award with certificate number ${cert}.`,
        });
        ok = false;
      } else if (award.organisationId === null) {
        problems.add(row, 'certificate_no', 'individual_award', {
          zh: `奖励 ${cert} 授予个人；跟踪指标只适用于获奖组织。`,
          en: `Award ${cert} is held by an individual; follow-up indicators apply to organisations only.`,
        });
        ok = false;
      }
    }
    const year = cellNumber(yearCell);
    if (yearCell === null || yearCell === undefined || cellString(yearCell) === null) {
      problems.add(row, 'year', 'missing_value', { zh: '缺少年度。', en: 'The year is missing.' });
      ok = false;
    } else if (!Number.isInteger(year) || year < 2000 || year > 2100) {
      problems.add(row, 'year', 'invalid_value', { zh: `年度 ${showCell(yearCell)} 无效。`, en: `The year ${showCell(yearCell)} is not valid.` });
      ok = false;
    } else if (award && award.organisationId !== null) {
      const p = followUpYearProblem(award.awardedOn, year, today);
      if (p) {
        problems.add(row, 'year', 'year_outside_followup', p);
        ok = false;
      }
    }
    const values: Partial<Record<IndicatorId, number>> = {};
    for (const id of INDICATOR_IDS) {
      const v = get(cells, id);
      if (v === undefined || v === null || cellString(v) === null) continue;
      const n = cellNumber(v);
      if (Number.isNaN(n)) {
        problems.add(row, id, 'invalid_value', {
          zh: `“${INDICATORS[id].name.zh}”须为数字，实际为 ${showCell(v)}。`,
          en: `“${INDICATORS[id].name.en}” must be a number, got ${showCell(v)}.`,
        });
        ok = false;
        continue;
      }
      const p = indicatorValueProblem(id, n);
      if (p) {
        problems.add(row, id, 'out_of_range', p.message);
        ok = false;
        continue;
      }
      values[id] = n;
    }
    // A row without any value (a template row left blank) records nothing.
    if (Object.keys(values).length === 0 && ok) {
      skipped++;
      continue;
    }
    if (cert !== null && Number.isInteger(year)) {
      const key = `${cert.toUpperCase()}|${year}`;
      const first = seen.get(key);
      if (first !== undefined) {
        problems.add(row, 'certificate_no', 'duplicate_row', {
          zh: `证书 ${cert} 的 ${year} 年度已在第 ${first} 行出现。`,
          en: `Certificate ${cert}, year ${year} already appears in row ${first}.`,
        });
        ok = false;
      } else seen.set(key, row);
    }
    if (!ok || !award || award.organisationId === null) continue;
    const orgId = award.organisationId;
    const before: Partial<Record<IndicatorId, number | null>> = {};
    const changed: IndicatorId[] = [];
    for (const [id, v] of Object.entries(values) as [IndicatorId, number][]) {
      const old = stored.get(`${orgId}|${year}|${id}`) ?? null;
      if (old !== v) {
        changed.push(id);
        before[id] = old;
      }
    }
    rows.push({ row, awardId: award.id, certificateNo: award.certificateNo, year, values, changed, organisationId: orgId, cycleId: award.cycleId, before });
  }

  result.problems = problems.items;
  const preview: IndicatorsPreview = {
    rows: rows.map(({ row, awardId, certificateNo, year, values, changed }) => ({ row, awardId, certificateNo, year, values, changed })),
    counts: {
      rows: rows.length,
      values: rows.reduce((s, r) => s + Object.keys(r.values).length, 0),
      changed: rows.reduce((s, r) => s + r.changed.length, 0),
      awards: new Set(rows.map((r) => r.awardId)).size,
      skipped,
    },
  };
  result.preview = preview;
  result.timings.validateMs = performance.now() - t0;
  await progress.report(0.6, 'validate');
  if (result.problems.length > 0) return result;
  result.ok = true;
  if (opts.dryRun) {
    result.outcome = 'preview';
    await progress.report(1, 'done');
    return result;
  }
  const work = rows.filter((r) => r.changed.length > 0);
  if (work.length === 0) {
    result.outcome = 'unchanged';
    await progress.report(1, 'done');
    return result;
  }
  t0 = performance.now();
  const at = nowIso(opts);
  result.auditId = await db.transaction().execute(async (trx) => {
    for (const [i, r] of work.entries()) {
      for (const id of r.changed) {
        await trx.deleteFrom('org_indicators').where('organisation_id', '=', r.organisationId).where('year', '=', r.year).where('indicator', '=', id).execute();
        await trx.insertInto('org_indicators').values({ organisation_id: r.organisationId, year: r.year, indicator: id, value: r.values[id]! }).execute();
      }
      await writeAudit(trx, {
        at,
        userId: opts.userId,
        action: 'indicators.import',
        entity: 'award',
        entityId: r.awardId,
        cycleId: r.cycleId,
        before: { year: r.year, values: r.before },
        after: {
          year: r.year,
          organisationId: r.organisationId,
          values: Object.fromEntries(r.changed.map((id) => [id, r.values[id]])),
          fileHash: result.fileHash,
          row: r.row,
        },
      });
      if (i % 50 === 0) await progress.report(0.7 + (0.25 * i) / work.length, 'write');
    }
    const cycleIds = [...new Set(work.map((r) => r.cycleId))];
    const auditId = await insertImportAudit(trx, {
      kind: 'indicators',
      at,
      opts,
      result,
      table,
      cycleIds,
      preview: { cycles: cycleIds, counts: preview.counts },
    });
    await progress.report(0.99, 'write');
    return auditId;
  });
  result.timings.writeMs = performance.now() - t0;
  result.outcome = 'committed';
  await progress.report(1, 'done');
  return result;
}

/**
 * The indicators template: the data sheet with one row per organisation award and follow-up year
 * that can be recorded on `today` (awards not revoked whose validity ran into last year or later), pre-filled with the values already
 * stored, and an instructions sheet with each column's unit and plausible range.
 */
export async function buildIndicatorsTemplate(db: DB, now: Date = new Date()): Promise<Buffer> {
  const today = todayInChina(now);
  const awards = await db
    .selectFrom('awards')
    .innerJoin('applications', 'applications.id', 'awards.application_id')
    .innerJoin('organisations', 'organisations.id', 'applications.organisation_id')
    .leftJoin('revocations', 'revocations.award_id', 'awards.id')
    .select([
      'awards.certificate_no as certificateNo',
      'awards.awarded_on as awardedOn',
      'awards.valid_until as validUntil',
      'organisations.id as orgId',
      'organisations.name_zh as name',
      'revocations.id as revoked',
    ])
    .where('applications.applicant_type', '=', 'organisation')
    .orderBy('awards.awarded_on')
    .orderBy('awards.certificate_no')
    .execute();
  const values = await db.selectFrom('org_indicators').select(['organisation_id', 'year', 'indicator', 'value']).execute();
  const valueOf = new Map(values.map((v) => [`${v.organisation_id}|${v.year}|${v.indicator}`, v.value]));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(INDICATORS_TABLE.sheetNames.zh, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = INDICATOR_COLUMNS.map((c) => ({ header: c.zh, key: c.key, width: c.width ?? 14 }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  INDICATOR_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? 'FFFCE4D6' : 'FFDDEBF7' } };
    cell.note = `${c.en}${c.required ? ' (required / 必填)' : ''}\n${c.help.zh}\n${c.help.en}`;
  });
  for (const a of awards) {
    // Awards revoked, or whose validity ended before last year, are no longer followed.
    if (a.revoked !== null || a.validUntil < `${Number(today.slice(0, 4)) - 1}-01-01`) continue;
    const first = Number(a.awardedOn.slice(0, 4));
    for (let year = first; year <= first + 3; year++) {
      if (followUpYearProblem(a.awardedOn, year, today) !== null) continue;
      const row: Record<string, string | number | null> = { certificate_no: a.certificateNo, year, awardee: a.name };
      for (const id of INDICATOR_IDS) row[id] = valueOf.get(`${a.orgId}|${year}|${id}`) ?? null;
      ws.addRow(row);
    }
  }
  const help = wb.addWorksheet('填写说明 Instructions');
  help.columns = [{ width: 24 }, { width: 24 }, { width: 60 }, { width: 70 }];
  help.addRow(['市长质量奖获奖者跟踪指标导入模板']).font = { bold: true, size: 14 };
  help.addRow(['Mayor Quality Award follow-up indicators import template']).font = { bold: true, size: 12 };
  help.addRow([]);
  for (const r of [
    {
      zh: '每行为一个奖励（证书编号）的一个年度；年度须在获奖当年至有效期届满当年之间（第5条），且已开始。',
      en: 'One row per award (certificate number) and year; the year lies between the award year and the year its validity ends (Art. 5), and has begun.',
    },
    {
      zh: '数值超出合理范围、非数字或重复的行都会列出，整个文件不导入任何数据。',
      en: 'Values outside their plausible range, non-numbers and duplicate rows are all listed, and nothing of the file is imported.',
    },
    { zh: '留空的指标保持不变；全部留空的行不导入。', en: 'A blank indicator stays as it is; a row left blank is skipped.' },
  ])
    help.addRow([`• ${r.zh}`, null, null, r.en]);
  help.addRow([]);
  help.addRow(['列标题（中文）', 'Header (English)', '说明', 'Description']).font = { bold: true };
  for (const c of INDICATOR_COLUMNS) help.addRow([c.zh, c.en, c.help.zh, c.help.en]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
