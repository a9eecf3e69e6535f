/**
 * The cycle results workbook for the committee (file and print): summary, totals and ranks with
 * the selection and its reasons, per-item aggregates with spread, consensus and on-site scores,
 * raw scores per examiner (in the score-import layout, so the sheet re-imports unchanged), the
 * weight set used, and panel reliability per review group. Sheet names and headers follow the
 * user's language. Every number comes from @mqa/scoring (scoreCycle, selectCandidates, icc,
 * kendallW); nothing is computed here.
 *
 * Policy: the results are those of `computeCycleResults` in `domain/cycle.ts`, the function
 * behind `scoring.cycleResults` — the same stage per application (on-site where held, else
 * material), only scores on submitted sheets, the official consensus-first aggregation with the
 * cycle's statistic as fallback, the same exclusions (withdrawn; removed, Art. 21; ineligible,
 * Art. 10–12; rejected, Art. 16; incomplete), recusals (Art. 24) and the Art. 2 priority-area
 * tie-break. Totals, ranks, selection and reasons are therefore exactly the API's.
 *
 * Scores on sheets that are not submitted (drafts, reopened sheets) count nowhere and are not
 * listed in the raw-scores sheet either: a draft is the examiner's unfinished work, shown to no
 * one else by the API. The summary gives their number. The raw-scores sheet is thus exactly the
 * set of scores that count, and re-importing it changes nothing (the importer keeps the status
 * of a sheet whose scores it leaves unchanged, so drafts stay drafts).
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { getCycleByYear, type Cycle, type DB, type Stage } from '@mqa/db';
import { CATEGORY_IDS, GBT_19580_2012, icc, ITEM_IDS, kendallW, weightTotal, type AggregationMethod, type CycleResult, type LocalizedText } from '@mqa/scoring';
import { ORDOS_DIVISIONS, PRIORITY_AREAS, SECTORS, type SelectionResult } from '@mqa/rules';
import { bundleIndex, computeCycleResults, scoreStage, type CycleBundle } from '../domain/cycle.ts';
import { columnLetter, SCORE_COLUMNS } from './columns.ts';
import { PHASE_NAMES } from './cycle.ts';
import { APPLICANT_TYPE_NAMES } from './applications-import.ts';
import { examinerCode, itemName, STAGE_NAMES } from './scores-import.ts';
import type { Lang } from './types.ts';
import type { Role } from '@mqa/db';

/** Thrown by exportCycleWorkbook for a year without a cycle. */
export class CycleNotFoundError extends Error {
  readonly code = 'cycle_not_found';
  readonly text: LocalizedText;
  readonly year: number;
  constructor(year: number) {
    const text = { zh: `系统中没有 ${year} 年度的评审周期。`, en: `There is no ${year} award cycle in the system.` };
    super(text.en);
    this.name = 'CycleNotFoundError';
    this.text = text;
    this.year = year;
  }
}

const T = {
  summary: { zh: '概览', en: 'Summary' },
  results: { zh: '总分与排名', en: 'Totals and ranks' },
  items: { zh: '条款汇总', en: 'Item aggregates' },
  raw: { zh: '原始评分', en: 'Raw scores' },
  recused: { zh: '回避剔除的评分', en: 'Recused scores (excluded)' },
  weights: { zh: '权重方案', en: 'Weight set' },
  reliability: { zh: '评审信度', en: 'Reliability' },
} satisfies Record<string, LocalizedText>;

const CATEGORY_NAMES = new Map(GBT_19580_2012.categories.map((c) => [c.id, c.name]));
const METHOD_NAMES: Record<AggregationMethod, LocalizedText> = {
  mean: { zh: '平均值', en: 'mean' },
  median: { zh: '中位数', en: 'median' },
  trimmed: { zh: '截尾平均', en: 'trimmed mean' },
  olympic: { zh: '去掉最高最低分', en: 'olympic (drop highest and lowest)' },
  consensus: { zh: '共识评分', en: 'consensus' },
};
const SOURCE_NAMES: Record<string, LocalizedText> = {
  examiners: { zh: '评审员评分汇总', en: 'examiners' },
  consensus: { zh: '共识', en: 'consensus' },
  missing: { zh: '缺失', en: 'missing' },
  insufficient: { zh: '评分不足', en: 'insufficient' },
};
const YES: LocalizedText = { zh: '是', en: 'yes' };
const NO: LocalizedText = { zh: '否', en: 'no' };

function sectorLabel(id: string): LocalizedText {
  return SECTORS.find((s) => s.id === id)?.name ?? { zh: id, en: id };
}
function districtLabel(code: string): LocalizedText {
  return ORDOS_DIVISIONS.find((d) => d.code === code)?.name ?? { zh: code, en: code };
}
function priorityLabel(id: string): LocalizedText {
  return PRIORITY_AREAS.find((p) => p.id === id)?.name ?? { zh: id, en: id };
}
function methodName(m: AggregationMethod): LocalizedText {
  return METHOD_NAMES[m] ?? { zh: m, en: m };
}
function round(n: number | null | undefined, digits = 2): number | null {
  if (n === null || n === undefined || !Number.isFinite(n)) return null;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

interface RawScore {
  applicationId: number;
  examinerId: number;
  itemId: string;
  stage: Stage;
  percent: number;
  comment: string | null;
}

const scoreKey = (s: { applicationId: number; examinerId: number; itemId: string; stage: Stage }) =>
  `${s.applicationId}|${s.examinerId}|${s.itemId}|${s.stage}`;

export interface ExportCycleOptions {
  /** Clock for the "generated at" line (tests). */
  now?: () => Date;
  /**
   * Who the workbook is for (default: leadership, the least): each role gets what it may read.
   * Leadership: the summary, totals and ranks, item aggregates and weights — no examiner
   * identities, no raw scores, no reliability sheets. Committee: also raw scores and reliability,
   * without any recused examiner's scores. Secretariat: also the recused examiners' scores, on a
   * sheet of their own, marked as excluded (Art. 24).
   */
  audience?: Role;
}

/** Applications per database read of the raw-score sheets (7 examiners × 23 items: about 8,000 rows). */
const RAW_BATCH_APPLICATIONS = 50;
/** Rows written between two pauses on the other sheets. */
const ROWS_PER_PAUSE = 2000;

type Cell = string | number | null;

/**
 * Everything the sheets need, computed before the first byte is written (so a missing cycle or a
 * scoring error is an error answer, not a truncated file). It holds the scored results, not the
 * cycle's scores: the raw-score sheets read those from the database in batches while they are
 * written, so the memory used does not grow with the number of scores listed.
 */
interface WorkbookPlan {
  db: DB;
  year: number;
  lang: Lang;
  audience: Role;
  generatedAt: string;
  cycle: Cycle;
  weightSet: CycleBundle['weightSet'];
  weights: CycleBundle['weights'];
  applicationCount: number;
  appById: CycleBundle['appById'];
  stageOf: CycleBundle['stageOf'];
  examiners: CycleBundle['examiners'];
  final: CycleResult;
  selection: SelectionResult;
  material: CycleResult;
  onsite: CycleResult;
  consensus: Map<string, CycleBundle['consensus'][number]>;
  /** `${applicationId}|${examinerId}` of the recorded conflicts (Art. 24). */
  recusedPairs: Set<string>;
  /** The cycle's applications in application-code order (the raw sheets' order). */
  byCode: { id: number; code: string }[];
  /** Counted (submitted) scores of recused examiners, and of everyone else. */
  recusedCount: number;
  rawCount: number;
  notCounted: number;
  /** Rows of the reliability sheet (small: two per review group). */
  reliability: Cell[][];
}

async function planWorkbook(db: DB, cycle: Cycle, lang: Lang, options: ExportCycleOptions): Promise<WorkbookPlan> {
  const L = (t: LocalizedText) => t[lang];
  const [scored, stored, codes] = await Promise.all([
    computeCycleResults(db, cycle),
    // Every stored score, counted or not.
    db
      .selectFrom('scores')
      .innerJoin('applications', 'applications.id', 'scores.application_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('applications.cycle_id', '=', cycle.id)
      .executeTakeFirstOrThrow(),
    db.selectFrom('applications').select(['id', 'code']).where('cycle_id', '=', cycle.id).execute(),
  ]);
  const { bundle, result: final, selection } = scored;
  const audience: Role = options.audience ?? 'leadership';
  const recusedPairs = new Set(bundle.conflicts.map((c) => `${c.applicationId}|${c.examinerId}`));
  // The counted scores are those on submitted sheets: `bundle.allScores` (both stages).
  let recusedCount = 0;
  if (recusedPairs.size > 0) for (const s of bundle.allScores) if (recusedPairs.has(`${s.applicationId}|${s.examinerId}`)) recusedCount++;
  // Every application is scored on its material review unless it has an on-site one: then the
  // material stage alone is exactly the official result (same applications, scores, consensus).
  let anyOnsite = false;
  for (const stage of bundle.stageOf.values()) if (stage === 'onsite') anyOnsite = true;
  const byCode = codes.map((a) => ({ id: Number(a.id), code: a.code })).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return {
    db,
    year: cycle.year,
    lang,
    audience,
    generatedAt: (options.now ? options.now() : new Date()).toISOString(),
    cycle,
    weightSet: bundle.weightSet,
    weights: bundle.weights,
    applicationCount: bundle.applications.length,
    appById: bundle.appById,
    stageOf: bundle.stageOf,
    examiners: bundle.examiners,
    final,
    selection,
    material: anyOnsite ? scoreStage(bundle, 'material') : final,
    onsite: scoreStage(bundle, 'onsite'),
    consensus: new Map(bundle.consensus.map((c) => [`${c.application_id}|${c.item_id}|${c.stage}`, c])),
    recusedPairs,
    byCode,
    recusedCount,
    rawCount: bundle.allScores.length - recusedCount,
    notCounted: Number(stored.n) - bundle.allScores.length,
    reliability: audience === 'secretariat' || audience === 'committee' ? reliabilityRows(bundle, L) : [],
  };
}

/** Reliability per review group and stage: targets = (application, item), raters = members. */
function reliabilityRows(bundle: CycleBundle, L: (t: LocalizedText) => string): Cell[][] {
  const out: Cell[][] = [];
  const recused = new Set(bundle.conflicts.map((c) => `${c.applicationId}|${c.examinerId}`));
  // Every counted score (both stages) per application; looked up one group at a time.
  const allByApp = new Map<number, typeof bundle.allScores>();
  for (const s of bundle.allScores) {
    const list = allByApp.get(s.applicationId);
    if (list) list.push(s);
    else allByApp.set(s.applicationId, [s]);
  }
  const { appsByGroup } = bundleIndex(bundle);
  for (const g of bundle.groups) {
    const apps = appsByGroup.get(g.id) ?? [];
    const pct = new Map<string, number>();
    for (const a of apps) for (const s of allByApp.get(a.id) ?? []) pct.set(scoreKey(s), s.percent);
    for (const stage of ['material', 'onsite'] as const) {
      const members = g.memberIds.filter((m) => apps.some((a) => pct.has(`${a.id}|${m}|${ITEM_IDS[0]}|${stage}`)));
      const matrix: number[][] = [];
      for (const a of apps) {
        if (members.some((m) => recused.has(`${a.id}|${m}`))) continue;
        for (const item of ITEM_IDS) {
          const row = members.map((m) => pct.get(`${a.id}|${m}|${item}|${stage}`));
          if (row.every((v): v is number => v !== undefined)) matrix.push(row);
        }
      }
      if (members.length === 0) continue;
      let note = '';
      let r: ReturnType<typeof icc> | null = null;
      let w: number | null = null;
      if (members.length < 2 || matrix.length < 2) {
        note = L({ zh: '评审员或完整评分不足 2 个，无法计算。', en: 'Fewer than 2 examiners or complete targets: not computed.' });
      } else {
        r = icc(matrix);
        w = kendallW(matrix);
        note = L({
          zh: '只用所有组员都评了分且无回避的申报条款（完整矩阵）。',
          en: 'Only application items scored by every member, without recusal (complete matrix).',
        });
      }
      out.push([
        L({ zh: g.nameZh, en: g.nameEn }),
        L(STAGE_NAMES[stage]),
        members.length,
        matrix.length,
        round(r?.icc2, 3),
        round(r?.icc2k, 3),
        round(r?.icc3k, 3),
        round(w, 3),
        note,
      ]);
    }
  }
  return out;
}

/** The download was abandoned (the reader destroyed the stream): stop writing. */
class WorkbookAbandoned extends Error {}

/** exceljs's shared-string table of a streaming workbook (`WorkbookWriter#sharedStrings`). */
interface SharedStrings {
  add(value: string): number;
}

/** A worksheet writer's output (`WorksheetWriter#stream`, exceljs 4.4's StreamBuf). */
interface SheetStream {
  write(data: string): unknown;
  /** The stream it is piped into: the sheet's zip entry (archiver's readable-stream 2 PassThrough). */
  pipes?: (NodeJS.EventEmitter & { _writableState?: { length: number; highWaterMark: number; needDrain: boolean } })[];
  /** Its own buffers, before the zip takes the entry. */
  buffers?: unknown[];
}

/**
 * The data rows of one sheet, after its header row: each row's XML is rendered here and written
 * into the worksheet writer's stream, in order, a few dozen kilobytes at a time. exceljs's own row
 * path (a Row and a Cell object per value, a style per cell, an XML builder per row) costs about
 * 10 µs a row, which alone would take longer than the workbook's budget for the 1.6 million raw
 * scores of a 10,000-application cycle; this writes the same cells — numbers as values, text
 * through the workbook's shared-string table, empty values as no cell, the default style — in
 * about a tenth of that. Headers, titles, columns, views, the shared strings, styles and the zip
 * stay exceljs's. Only data rows follow the header, so the writer's own row count is not needed.
 */
class SheetRows {
  readonly stream: SheetStream;
  private next: number;
  private pending: string[] = [];
  private pendingLength = 0;
  private letters: string[] = [];

  constructor(
    ws: ExcelJS.Worksheet,
    private readonly strings: SharedStrings,
    firstRow: number,
  ) {
    this.stream = (ws as unknown as { stream: SheetStream }).stream;
    this.next = firstRow;
  }

  add(values: readonly Cell[]): void {
    const r = this.next++;
    let cells = '';
    let first = 0;
    let last = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      if (!first) first = i + 1;
      last = i + 1;
      const ref = `${(this.letters[i] ??= columnLetter(i))}${r}`;
      cells += typeof v === 'number' ? `<c r="${ref}"><v>${v}</v></c>` : `<c r="${ref}" t="s"><v>${this.strings.add(v)}</v></c>`;
    }
    const xml = first ? `<row r="${r}" spans="${first}:${last}" x14ac:dyDescent="0.25">${cells}</row>` : '';
    if (!xml) return;
    this.pending.push(xml);
    this.pendingLength += xml.length;
    if (this.pendingLength > 32_768) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    this.stream.write(this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }

  /** Writes what is left; call before committing the worksheet. */
  end(): void {
    this.flush();
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A pause between batches of rows: lets other requests run, and waits while the sheet's output
 * has not been taken (compressed and read) yet, so unread XML does not pile up in memory. The
 * streaming writer has no backpressure of its own: this looks at the zip entry the sheet's
 * stream is piped into (its buffer fills while compression or the reader is behind) — or, before
 * the zip takes the entry, the sheet's own buffers. Without those internals it only yields.
 */
async function pause(rows: SheetRows, out: PassThrough): Promise<void> {
  rows.flush();
  await nextTurn();
  for (;;) {
    if (out.destroyed) throw new WorkbookAbandoned();
    const entry = rows.stream.pipes?.[0];
    const state = entry?._writableState;
    const pressed = state ? state.needDrain || state.length >= state.highWaterMark : (rows.stream.buffers?.length ?? 0) > 16;
    if (!pressed) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        entry?.removeListener('drain', done);
        resolve();
      };
      const timer = setTimeout(done, 20);
      entry?.once('drain', done);
    });
  }
}

/**
 * Writes the workbook of `plan` into `out` with exceljs's streaming writer, one row at a time,
 * pausing every few thousand rows ({@link pause}).
 */
async function writeWorkbook(plan: WorkbookPlan, out: PassThrough): Promise<void> {
  const { lang, year, cycle, weightSet, weights, appById, stageOf, examiners, final, selection, audience } = plan;
  const L = (t: LocalizedText) => t[lang];
  const showsRaw = audience === 'secretariat' || audience === 'committee';
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  wb.creator = 'MQA';
  const bold = { bold: true };
  const strings = (wb as unknown as { sharedStrings: SharedStrings }).sharedStrings;
  const headerRow = (ws: ExcelJS.Worksheet, values: string[]) => {
    const r = ws.addRow(values);
    r.font = bold;
    r.commit();
    return new SheetRows(ws, strings, r.number + 1);
  };

  // 1. Summary
  {
    const ws = wb.addWorksheet(L(T.summary));
    ws.columns = [{ width: 28 }, { width: 60 }];
    const phase = PHASE_NAMES[cycle.phase] ?? { zh: cycle.phase, en: cycle.phase };
    const title = ws.addRow([lang === 'zh' ? `鄂尔多斯市市长质量奖 ${year} 年度评审结果` : `Ordos Mayor Quality Award — ${year} cycle results`]);
    title.font = { bold: true, size: 14 };
    title.commit();
    const line = (k: LocalizedText, v: string | number | null) => ws.addRow([L(k), v]).commit();
    line({ zh: '周期阶段', en: 'Phase' }, L(phase));
    line({ zh: '权重方案', en: 'Weight set' }, `${L({ zh: weightSet.name_zh, en: weightSet.name_en })} (${weightSet.code} v${weightSet.version})`);
    line(
      { zh: '汇总方法', en: 'Aggregation method' },
      final.fallback
        ? `${L(methodName(final.method))}${L({ zh: `（无共识的条款：${methodName(final.fallback).zh}）`, en: ` (items without consensus: ${methodName(final.fallback).en})` })}`
        : L(methodName(final.method)),
    );
    line({ zh: '分歧标记阈值（百分点）', en: 'Disagreement flag threshold (percentage points)' }, cycle.flag_threshold);
    line({ zh: '名额上限（第3条）', en: 'Award cap (Art. 3)' }, cycle.award_cap);
    line({ zh: '最低总分', en: 'Minimum total' }, cycle.min_total);
    line(
      { zh: '同分处理', en: 'Tie-break' },
      L(
        selection.tieBreak === 'priorityAreas'
          ? { zh: '优先领域数量（第2条，公开声明）', en: 'number of priority areas (Art. 2, declared)' }
          : { zh: '不打破同分', en: 'ties are not broken' },
      ),
    );
    line({ zh: '计分阶段', en: 'Stage scored' }, L({ zh: '有现场评审的用现场评审，否则用材料评审', en: 'on-site review where held, else material review' }));
    line({ zh: '计入的评分', en: 'Scores counted' }, L({ zh: '仅已提交的评分表', en: 'submitted score sheets only' }));
    line({ zh: '申报数', en: 'Applications' }, plan.applicationCount);
    line({ zh: '参与计分的申报数', en: 'Applications scored' }, stageOf.size);
    line({ zh: '原始评分条数（已提交）', en: 'Raw scores (submitted)' }, plan.rawCount);
    line({ zh: '未提交评分表上的评分（不计入、不列出）', en: 'Scores on unsubmitted sheets (not counted, not listed)' }, plan.notCounted);
    line({ zh: '因回避剔除的评分', en: 'Scores ignored for recusal' }, final.recusedScores);
    line({ zh: '拟推荐', en: 'Proposed' }, selection.selected.map((id) => appById.get(Number(id))?.code ?? id).join(', '));
    line({ zh: '空缺名额', en: 'Vacancies' }, selection.vacancies);
    if (selection.tieAtCap) {
      line(
        { zh: '名额边界同分（需委员会决定）', en: 'Tie at the cap (committee decides)' },
        selection.tieAtCap.ids.map((id) => appById.get(Number(id))?.code ?? id).join(', '),
      );
    }
    line({ zh: '生成时间', en: 'Generated at' }, plan.generatedAt);
    ws.commit();
  }

  // 2. Totals and ranks
  {
    const ws = wb.addWorksheet(L(T.results), { views: [{ state: 'frozen', ySplit: 1 }] });
    const headers = [
      L({ zh: '排名', en: 'Rank' }),
      L({ zh: '申报编号', en: 'Application code' }),
      L({ zh: '申报者', en: 'Applicant' }),
      L({ zh: '类型', en: 'Type' }),
      L({ zh: '行业', en: 'Sector' }),
      L({ zh: '旗区', en: 'Banner/district' }),
      L({ zh: '优先领域', en: 'Priority areas' }),
      L({ zh: '计分阶段', en: 'Stage' }),
      L({ zh: '总分', en: 'Total' }),
      ...CATEGORY_IDS.map((c) => `${c} ${L(CATEGORY_NAMES.get(c) ?? { zh: c, en: c })}`),
      L({ zh: '评分完整', en: 'Complete' }),
      L({ zh: '缺失条款', en: 'Missing items' }),
      L({ zh: '分歧条款', en: 'Flagged items' }),
      L({ zh: '入选', en: 'Selected' }),
      L({ zh: '理由', en: 'Reason' }),
    ];
    ws.columns = headers.map((h, i) => ({ width: i === 2 || i === headers.length - 1 ? 36 : Math.max(10, h.length + 2) }));
    const rows = headerRow(ws, headers);
    // One row per candidate in the selection's order: those in the running by rank (the one
    // rank of the cycle, @mqa/rules), then those excluded, without a rank.
    const resultOf = new Map(final.applications.map((r) => [r.id, r]));
    let n = 0;
    for (const d of selection.decisions) {
      const r = resultOf.get(d.id)!;
      const app = appById.get(Number(r.id))!;
      rows.add([
        d.rank ?? '—',
        app.code,
        L({ zh: app.applicantNameZh, en: app.applicantNameEn }),
        L(APPLICANT_TYPE_NAMES[app.applicant_type]),
        L(sectorLabel(app.sector)),
        L(districtLabel(app.district)),
        app.priorityAreas.map((p) => L(priorityLabel(p))).join(lang === 'zh' ? '、' : ', '),
        L(STAGE_NAMES[stageOf.get(app.id) ?? 'material']),
        round(r.total),
        ...CATEGORY_IDS.map((c) => round(r.categories[c])),
        L(r.complete ? YES : NO),
        [...r.missingItems, ...r.insufficientItems].join(', '),
        r.flaggedItems.join(', '),
        L(d.selected ? YES : NO),
        L(d.reason),
      ]);
      if (++n % ROWS_PER_PAUSE === 0) await pause(rows, out);
    }
    rows.end();
    ws.commit();
  }

  // 3. Item aggregates
  {
    const ws = wb.addWorksheet(L(T.items), { views: [{ state: 'frozen', ySplit: 1 }] });
    const headers = [
      L({ zh: '申报编号', en: 'Application code' }),
      L({ zh: '条款', en: 'Item' }),
      L({ zh: '条款名称', en: 'Item name' }),
      L({ zh: '分值', en: 'Points' }),
      L({ zh: '材料评审 人数', en: 'Material n' }),
      L({ zh: '材料评审 汇总%', en: 'Material %' }),
      L({ zh: '材料评审 标准差', en: 'Material SD' }),
      L({ zh: '材料评审 极差', en: 'Material range' }),
      L({ zh: '材料评审 四分位距', en: 'Material IQR' }),
      L({ zh: '材料评审 分歧', en: 'Material flagged' }),
      L({ zh: '材料评审 共识%', en: 'Material consensus %' }),
      L({ zh: '共识理由', en: 'Consensus reason' }),
      L({ zh: '现场评审 人数', en: 'On-site n' }),
      L({ zh: '现场评审 汇总%', en: 'On-site %' }),
      L({ zh: '现场评审 极差', en: 'On-site range' }),
      L({ zh: '现场评审 共识%', en: 'On-site consensus %' }),
      L({ zh: '计分%', en: 'Final %' }),
      L({ zh: '得分', en: 'Score' }),
      L({ zh: '来源', en: 'Source' }),
    ];
    ws.columns = headers.map((h, i) => ({ width: i === 2 || i === 11 ? 30 : Math.max(9, h.length + 2) }));
    const rows = headerRow(ws, headers);
    const byId = (res: CycleResult) => new Map(res.applications.map((a) => [a.id, a]));
    const mat = byId(plan.material);
    const ons = byId(plan.onsite);
    const cons = plan.consensus;
    const itemNames = new Map(ITEM_IDS.map((item) => [item, L(itemName(item))]));
    let n = 0;
    for (const r of final.applications) {
      const app = appById.get(Number(r.id))!;
      const m = mat.get(r.id);
      const o = ons.get(r.id);
      for (const item of ITEM_IDS) {
        const f = r.items[item];
        const mi = m?.items[item];
        const oi = o?.items[item];
        const mc = cons.get(`${app.id}|${item}|material`);
        const oc = cons.get(`${app.id}|${item}|onsite`);
        rows.add([
          app.code,
          item,
          itemNames.get(item)!,
          weights.points[item] ?? null,
          mi?.n ?? 0,
          round(mi?.percent),
          round(mi?.sd),
          round(mi?.range),
          round(mi?.iqr),
          mi ? L(mi.flagged ? YES : NO) : null,
          mc?.percent ?? null,
          mc?.reason ?? oc?.reason ?? null,
          oi?.n ?? null,
          round(oi?.percent),
          round(oi?.range),
          oc?.percent ?? null,
          round(f?.percent),
          round(f?.score),
          f ? L(SOURCE_NAMES[f.source] ?? { zh: f.source, en: f.source }) : null,
        ]);
        if (++n % ROWS_PER_PAUSE === 0) await pause(rows, out);
      }
    }
    rows.end();
    ws.commit();
  }

  // 4. Raw scores, in the score-import layout (headers in the user's language; both re-import),
  //    for the secretariat and the committee only; the recused examiners' scores, excluded from
  //    everything (Art. 24), on a sheet of their own for the secretariat alone. Read from the
  //    database a few applications at a time, in application-code order.
  const isRecused = (s: { applicationId: number; examinerId: number }) => plan.recusedPairs.has(`${s.applicationId}|${s.examinerId}`);
  const itemOrder = new Map(ITEM_IDS.map((id, i) => [id, i]));
  const rawSheet = async (title: LocalizedText, apps: readonly { id: number; code: string }[], keep: (s: RawScore) => boolean, note: LocalizedText | null) => {
    const ws = wb.addWorksheet(L(title), { views: [{ state: 'frozen', ySplit: 1 }] });
    const cols = ['year', 'application', 'examiner', 'examiner_name', 'stage', 'item', 'item_name', 'percent', 'comment'];
    const specs = cols.map((k) => SCORE_COLUMNS.find((c) => c.key === k)!);
    ws.columns = [...specs.map((c) => ({ width: c.width ?? 12 })), ...(note ? [{ width: 40 }] : [])];
    const sheetRows = headerRow(ws, [...specs.map((c) => (lang === 'zh' ? c.zh : c.en)), ...(note ? [L({ zh: '计分', en: 'Counted' })] : [])]);
    const itemNames = new Map(ITEM_IDS.map((item) => [item, L(itemName(item))]));
    const stageNames = { material: L(STAGE_NAMES.material), onsite: L(STAGE_NAMES.onsite) };
    const examinerNames = new Map([...examiners].map(([id, ex]) => [id, L({ zh: ex.name_zh, en: ex.name_en })]));
    const noteText = note ? L(note) : null;
    for (let start = 0; start < apps.length; start += RAW_BATCH_APPLICATIONS) {
      const batch = apps.slice(start, start + RAW_BATCH_APPLICATIONS);
      const position = new Map(batch.map((a, i) => [a.id, i]));
      const rows = (
        (await plan.db
          .selectFrom('scores')
          .innerJoin('score_sheets', (j) =>
            j
              .onRef('score_sheets.application_id', '=', 'scores.application_id')
              .onRef('score_sheets.examiner_id', '=', 'scores.examiner_id')
              .onRef('score_sheets.stage', '=', 'scores.stage'),
          )
          .where('score_sheets.status', '=', 'submitted')
          .where(
            'scores.application_id',
            'in',
            batch.map((a) => a.id),
          )
          .select([
            'scores.application_id as applicationId',
            'scores.examiner_id as examinerId',
            'scores.item_id as itemId',
            'scores.stage as stage',
            'scores.percent as percent',
            'scores.comment as comment',
          ])
          .execute()) as RawScore[]
      ).filter(keep);
      // By application code, examiner, stage (material first) and item.
      rows.sort(
        (a, b) =>
          position.get(a.applicationId)! - position.get(b.applicationId)! ||
          a.examinerId - b.examinerId ||
          (a.stage === 'material' ? 0 : 1) - (b.stage === 'material' ? 0 : 1) ||
          (itemOrder.get(a.itemId) ?? 99) - (itemOrder.get(b.itemId) ?? 99),
      );
      for (const s of rows) {
        sheetRows.add([
          year,
          appById.get(s.applicationId)?.code ?? String(s.applicationId),
          examinerCode(s.examinerId),
          examinerNames.get(s.examinerId) ?? null,
          stageNames[s.stage],
          s.itemId,
          itemNames.get(s.itemId) ?? L(itemName(s.itemId)),
          s.percent,
          s.comment,
          ...(noteText ? [noteText] : []),
        ]);
      }
      await pause(sheetRows, out);
    }
    sheetRows.end();
    ws.commit();
  };
  if (showsRaw) await rawSheet(T.raw, plan.byCode, (s) => !isRecused(s), null);
  if (audience === 'secretariat') {
    const withConflict = new Set([...plan.recusedPairs].map((k) => Number(k.slice(0, k.indexOf('|')))));
    await rawSheet(
      T.recused,
      plan.byCode.filter((a) => withConflict.has(a.id)),
      isRecused,
      { zh: '否：评审员回避，不计入任何结果（第24条）', en: 'No: the examiner is recused; counted nowhere (Art. 24)' },
    );
  }

  // 5. Weight set
  {
    const ws = wb.addWorksheet(L(T.weights));
    ws.columns = [{ width: 10 }, { width: 36 }, { width: 24 }, { width: 10 }];
    const t = ws.addRow([`${L({ zh: weightSet.name_zh, en: weightSet.name_en })} — ${weightSet.code} v${weightSet.version}`]);
    t.font = bold;
    t.commit();
    headerRow(ws, [L({ zh: '条款', en: 'Item' }), L({ zh: '条款名称', en: 'Item name' }), L({ zh: '类目', en: 'Category' }), L({ zh: '分值', en: 'Points' })]);
    for (const c of GBT_19580_2012.categories) {
      for (const i of c.items) ws.addRow([i.id, L(i.name), `${c.id} ${L(c.name)}`, weights.points[i.id] ?? null]).commit();
    }
    ws.addRow([L({ zh: '合计', en: 'Total' }), null, null, weightTotal(weights)]).commit();
    ws.commit();
  }

  // 6. Reliability per review group and stage (the secretariat and the committee only).
  if (showsRaw) {
    const ws = wb.addWorksheet(L(T.reliability));
    headerRow(ws, [
      L({ zh: '评审组', en: 'Review group' }),
      L({ zh: '阶段', en: 'Stage' }),
      L({ zh: '评审员数', en: 'Examiners' }),
      L({ zh: '评分对象数（申报×条款）', en: 'Targets (application × item)' }),
      'ICC(2,1)',
      'ICC(2,k)',
      'ICC(3,k)',
      "Kendall's W",
      L({ zh: '说明', en: 'Note' }),
    ]);
    ws.columns = [{ width: 20 }, { width: 12 }, { width: 10 }, { width: 16 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 12 }, { width: 60 }];
    for (const row of plan.reliability) ws.addRow(row).commit();
    ws.commit();
  }

  await wb.commit();
}

/**
 * The cycle results workbook as a stream: the cycle is scored first (throws
 * {@link CycleNotFoundError} for an unknown year, before anything is written), then the sheets
 * are written into the returned stream as it is read — in bounded memory, and pausing between
 * batches of rows so other requests are served meanwhile. Destroying the stream stops the
 * writing; a failure while writing destroys it with the error.
 */
export async function streamCycleWorkbook(db: DB, year: number, lang: Lang = 'zh', options: ExportCycleOptions = {}): Promise<Readable> {
  const cycle = await getCycleByYear(db, year);
  if (!cycle) throw new CycleNotFoundError(year);
  const plan = await planWorkbook(db, cycle, lang, options);
  const out = new PassThrough();
  writeWorkbook(plan, out).catch((error: unknown) => {
    if (!(error instanceof WorkbookAbandoned)) out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return out;
}

/** {@link streamCycleWorkbook} read whole into a buffer (tests, jobs). */
export async function exportCycleWorkbook(db: DB, year: number, lang: Lang = 'zh', options: ExportCycleOptions = {}): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await streamCycleWorkbook(db, year, lang, options)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Sheet names of the export in each language (for tests and the UI). */
export const EXPORT_SHEET_NAMES = T;
