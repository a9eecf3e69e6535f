/**
 * Import templates: a data sheet with the Chinese headers (English accepted too), an
 * instructions sheet (填写说明 Instructions) and a lists sheet (清单 Lists), with data
 * validation on item ids, stages, percentages and the enumerated application fields.
 */
import ExcelJS from 'exceljs';
import type { DB } from '@mqa/db';
import { ITEMS, ITEM_IDS } from '@mqa/scoring';
import { ORDOS_DIVISIONS, PRIORITY_AREAS, SECTORS } from '@mqa/rules';
import { APPLICATIONS_TABLE, columnLetter, SCORES_TABLE, type ColumnSpec, type TableSpec } from './columns.ts';
import { TEMPLATE_VALIDATION_ROWS } from './limits.ts';
import { CHANNEL_NAMES, APPLICANT_TYPE_NAMES } from './applications-import.ts';
import { examinerCode, STAGE_NAMES } from './scores-import.ts';

export const INSTRUCTIONS_SHEET = '填写说明 Instructions';
export const LISTS_SHEET = '清单 Lists';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const REQUIRED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };
const PERCENTS = Array.from({ length: 21 }, (_, i) => i * 5);

function listRef(col: string, count: number): string {
  return `'${LISTS_SHEET}'!$${col}$2:$${col}$${Math.max(2, count + 1)}`;
}

function addDataSheet(wb: ExcelJS.Workbook, spec: TableSpec): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(spec.sheetNames.zh, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = spec.columns.map((c) => ({ header: c.zh, key: c.key, width: c.width ?? 14 }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  spec.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = c.required ? REQUIRED_FILL : HEADER_FILL;
    cell.note = `${c.en}${c.required ? ' (required / 必填)' : ''}\n${c.help.zh}\n${c.help.en}`;
  });
  return ws;
}

function validate(ws: ExcelJS.Worksheet, spec: TableSpec, key: string, dv: ExcelJS.DataValidation): void {
  const i = spec.columns.findIndex((c) => c.key === key);
  if (i < 0) return;
  const col = columnLetter(i);
  // exceljs 4.4 has `worksheet.dataValidations` (range addresses allowed) but does not declare it.
  (ws as unknown as { dataValidations: { add(address: string, dv: ExcelJS.DataValidation): void } }).dataValidations.add(
    `${col}2:${col}${TEMPLATE_VALIDATION_ROWS + 1}`,
    dv,
  );
}

function list(formula: string, title: string, message: string): ExcelJS.DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [formula],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: title,
    error: message,
  };
}

function addInstructions(wb: ExcelJS.Workbook, spec: TableSpec, title: { zh: string; en: string }, rules: { zh: string; en: string }[]): void {
  const ws = wb.addWorksheet(INSTRUCTIONS_SHEET);
  ws.columns = [
    { key: 'a', width: 22 },
    { key: 'b', width: 22 },
    { key: 'c', width: 10 },
    { key: 'd', width: 60 },
    { key: 'e', width: 70 },
  ];
  ws.addRow([title.zh]).font = { bold: true, size: 14 };
  ws.addRow([title.en]).font = { bold: true, size: 12 };
  ws.addRow([]);
  ws.addRow(['规则 Rules']).font = { bold: true };
  for (const r of rules) ws.addRow([`• ${r.zh}`, null, null, r.en]);
  ws.addRow([]);
  const h = ws.addRow(['列标题（中文）', 'Header (English)', '必填 Req.', '说明', 'Description']);
  h.font = { bold: true };
  h.eachCell((c) => (c.fill = HEADER_FILL));
  for (const c of spec.columns) {
    ws.addRow([c.zh, c.en, c.required ? '是 yes' : '否 no', c.help.zh, c.help.en]);
  }
  ws.getColumn(4).alignment = { wrapText: true, vertical: 'top' };
  ws.getColumn(5).alignment = { wrapText: true, vertical: 'top' };
}

/** Writes columns of (header, values) into the lists sheet; returns column letter per key. */
function addLists(wb: ExcelJS.Workbook, lists: { key: string; header: string; values: (string | number)[] }[]) {
  const ws = wb.addWorksheet(LISTS_SHEET);
  const where = new Map<string, { col: string; count: number }>();
  lists.forEach((l, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.min(40, Math.max(12, ...l.values.map((v) => String(v).length * 1.6)));
    ws.getCell(1, i + 1).value = l.header;
    ws.getCell(1, i + 1).font = { bold: true };
    l.values.forEach((v, r) => (ws.getCell(r + 2, i + 1).value = v));
    where.set(l.key, { col: columnLetter(i), count: l.values.length });
  });
  return where;
}

const COMMON_RULES = [
  {
    zh: '只在第一个工作表中填写数据；第 1 行是列标题，不要修改、合并或删除必填列。列标题可用中文或英文。',
    en: 'Enter data only in the first sheet; row 1 holds the headers — do not rename, merge or delete required columns. Headers may be Chinese or English.',
  },
  {
    zh: '只填写数值，不要使用公式、合并单元格；每行一条记录。',
    en: 'Enter plain values only: no formulas, no merged cells; one record per row.',
  },
  {
    zh: '导入前会校验全部内容；只要有一处问题就不会写入任何数据，并可下载标注了问题的文件副本（问题单元格标红并附批注，末尾增加“问题 Problems”列）。',
    en: 'Everything is validated before anything is written; a single problem means nothing is written, and an annotated copy can be downloaded (problem cells in red with a comment, plus a “问题 Problems” column).',
  },
  {
    zh: '同一文件重复导入不会产生任何变化；导入记录写入审计日志。',
    en: 'Importing the same file again changes nothing; every import is recorded in the audit log.',
  },
];

export interface ScoresTemplateCycle {
  year: number;
  applications: { code: string; name: string }[];
  examiners: { id: number; name_zh: string }[];
}

/** Loads the application codes and examiners that the scores template of one cycle lists. */
export async function loadScoresTemplateCycle(db: DB, year: number): Promise<ScoresTemplateCycle | undefined> {
  const cycle = await db.selectFrom('cycles').select(['id', 'year']).where('year', '=', year).executeTakeFirst();
  if (!cycle) return undefined;
  const apps = await db
    .selectFrom('applications')
    .leftJoin('organisations', 'organisations.id', 'applications.organisation_id')
    .leftJoin('individuals', 'individuals.id', 'applications.individual_id')
    .select(['applications.code', 'organisations.name_zh as org', 'individuals.name_zh as person'])
    .where('applications.cycle_id', '=', cycle.id)
    .where('applications.status', '=', 'active')
    .orderBy('applications.code')
    .execute();
  const examiners = await db.selectFrom('examiners').select(['id', 'name_zh']).orderBy('id').execute();
  return {
    year,
    applications: apps.map((a) => ({ code: a.code, name: a.org ?? a.person ?? '' })),
    examiners,
  };
}

/**
 * The examiner score-sheet template. With a cycle, the lists sheet also carries that cycle's
 * application codes and the examiner codes, and those columns get drop-down validation.
 */
export async function buildScoresTemplate(cycle?: ScoresTemplateCycle): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'MQA';
  wb.created = new Date(0);
  const spec = SCORES_TABLE;
  const ws = addDataSheet(wb, spec);
  addInstructions(
    wb,
    spec,
    {
      zh: `鄂尔多斯市市长质量奖 评审员评分表 导入模板${cycle ? `（${cycle.year} 年度）` : ''}`,
      en: `Ordos Mayor Quality Award — examiner score sheet import template${cycle ? ` (${cycle.year} cycle)` : ''}`,
    },
    [
      ...COMMON_RULES,
      {
        zh: '每行是一名评审员对一个申报在一个评审阶段对一个条款的评分。申报以“申报编号”识别（在“年度”对应的周期内）。',
        en: 'Each row is one examiner’s score of one application, at one stage, on one item. Applications are identified by their code within the cycle of the “Year” column.',
      },
      {
        zh: '评审员以“评审员编号”识别：E 加系统中的评审员编号（如 E12）；“评审员姓名”仅用于核对，不一致时报错。',
        en: 'Examiners are identified by the examiner code: E followed by the id in the system (e.g. E12); the examiner name is only a cross-check and must match.',
      },
      {
        zh: '得分以百分比填写（0–100，5 的倍数），分值由权重方案计算，不要填写分值。已回避（第24条）的评审员不能对该申报评分。',
        en: 'Scores are percentages (0–100 in steps of 5); points come from the weight set — never enter points. A recused examiner (Art. 24) cannot score that application.',
      },
      {
        zh: '周期进入公示阶段（public_comment）及以后，评分冻结，不能再导入。',
        en: 'From the public comment phase on, a cycle’s scores are frozen and cannot be imported.',
      },
    ],
  );
  const lists = addLists(wb, [
    { key: 'item', header: '条款 Item', values: [...ITEM_IDS] },
    { key: 'item_zh', header: '条款名称', values: ITEMS.map((i) => i.name.zh) },
    { key: 'item_en', header: 'Item name', values: ITEMS.map((i) => i.name.en) },
    { key: 'points', header: '分值 Points (GB/T 19580-2012)', values: ITEMS.map((i) => i.points) },
    { key: 'stage', header: '评审阶段 Stage', values: [STAGE_NAMES.material.zh, STAGE_NAMES.onsite.zh] },
    { key: 'percent', header: '得分百分比 Percent', values: PERCENTS },
    ...(cycle
      ? [
          { key: 'application', header: `申报编号 Application (${cycle.year})`, values: cycle.applications.map((a) => a.code) },
          { key: 'application_name', header: '申报名称 Name', values: cycle.applications.map((a) => a.name) },
          { key: 'examiner', header: '评审员编号 Examiner code', values: cycle.examiners.map((e) => examinerCode(e.id)) },
          { key: 'examiner_name', header: '评审员姓名 Examiner name', values: cycle.examiners.map((e) => e.name_zh) },
        ]
      : []),
  ]);
  validate(ws, spec, 'item', list(`"${ITEM_IDS.join(',')}"`, '条款 Item', '请从清单中选择 GB/T 19580-2012 条款编号 / Pick a GB/T 19580-2012 item id.'));
  validate(
    ws,
    spec,
    'stage',
    list(`"${STAGE_NAMES.material.zh},${STAGE_NAMES.onsite.zh}"`, '评审阶段 Stage', '材料评审 或 现场评审 / material or on-site review.'),
  );
  validate(ws, spec, 'percent', list(`"${PERCENTS.join(',')}"`, '得分百分比 Percent', '0–100 之间 5 的倍数 / 0–100 in steps of 5.'));
  if (cycle) {
    validate(ws, spec, 'year', {
      type: 'whole',
      operator: 'equal',
      allowBlank: true,
      formulae: [cycle.year],
      showErrorMessage: true,
      errorTitle: '年度 Year',
      error: `${cycle.year}`,
    });
    const a = lists.get('application');
    if (a && a.count > 0) validate(ws, spec, 'application', list(listRef(a.col, a.count), '申报编号 Application', '请从清单中选择 / Pick from the list.'));
    const e = lists.get('examiner');
    if (e && e.count > 0) validate(ws, spec, 'examiner', list(listRef(e.col, e.count), '评审员编号 Examiner', '请从清单中选择 / Pick from the list.'));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The applications register template. */
export async function buildApplicationsTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'MQA';
  wb.created = new Date(0);
  const spec = APPLICATIONS_TABLE;
  const ws = addDataSheet(wb, spec);
  addInstructions(wb, spec, { zh: '鄂尔多斯市市长质量奖 申报登记表 导入模板', en: 'Ordos Mayor Quality Award — applications register import template' }, [
    ...COMMON_RULES,
    {
      zh: '每行一个申报。“申报编号”在周期内唯一：已存在则更新，不存在则新增。组织以统一社会信用代码识别（GB 32100-2015，含校验位）。',
      en: 'One application per row. The application code is unique within the cycle: an existing code is updated, a new one is added. Organisations are identified by their Unified Social Credit Code (GB 32100-2015, with check character).',
    },
    {
      zh: '行业、旗区、申报渠道、优先领域从“清单”中选择；是/否 类资格事实留空表示未申报。',
      en: 'Sector, banner/district, channel and priority areas come from the lists; a blank yes/no eligibility fact means “not declared”.',
    },
  ]);
  const lists = addLists(wb, [
    { key: 'applicant_type', header: '申报类型 Applicant type', values: [APPLICANT_TYPE_NAMES.organisation.zh, APPLICANT_TYPE_NAMES.individual.zh] },
    { key: 'sector', header: '行业 Sector', values: SECTORS.map((s) => s.name.zh) },
    { key: 'sector_en', header: 'Sector (English)', values: SECTORS.map((s) => s.name.en) },
    { key: 'district', header: '旗区 Banner/district', values: ORDOS_DIVISIONS.map((d) => d.name.zh) },
    { key: 'district_code', header: '区划代码 Division code', values: ORDOS_DIVISIONS.map((d) => d.code) },
    { key: 'channel', header: '申报渠道 Channel', values: Object.values(CHANNEL_NAMES).map((c) => c.zh) },
    { key: 'priority', header: '优先领域 Priority area', values: PRIORITY_AREAS.map((p) => p.name.zh) },
    { key: 'yesno', header: '是/否 Yes/no', values: ['是', '否'] },
  ]);
  const byList = (listKey: string, colKey: string, title: string) => {
    const l = lists.get(listKey);
    if (l) validate(ws, spec, colKey, list(listRef(l.col, l.count), title, '请从清单中选择 / Pick from the list.'));
  };
  byList('applicant_type', 'applicant_type', '申报类型 Applicant type');
  byList('sector', 'sector', '行业 Sector');
  byList('district', 'district', '旗区 Banner/district');
  byList('channel', 'channel', '申报渠道 Channel');
  for (const c of spec.columns as ColumnSpec[]) {
    if (c.key.startsWith('fact_') || c.key === 'is_head') byList('yesno', c.key, `${c.zh} ${c.en}`);
  }
  for (const key of ['received_on', 'founded_on', 'quality_work_since']) {
    validate(ws, spec, key, {
      type: 'date',
      operator: 'greaterThan',
      allowBlank: true,
      formulae: [new Date(Date.UTC(1900, 0, 1))],
      showErrorMessage: true,
      errorTitle: '日期 Date',
      error: 'YYYY-MM-DD',
    });
  }
  validate(ws, spec, 'uscc', {
    type: 'textLength',
    operator: 'equal',
    allowBlank: true,
    formulae: [18],
    showErrorMessage: true,
    errorTitle: '统一社会信用代码 USCC',
    error: '18 位 / 18 characters',
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
