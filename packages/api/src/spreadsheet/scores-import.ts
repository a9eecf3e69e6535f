/**
 * Import of examiner score sheets (Art. 17: from the review groups or the procured review
 * agency). Everything is validated before anything is written; a valid file is committed in
 * one transaction, or not at all. Re-importing the same file changes nothing.
 *
 * History is kept (Art. 26): the import writes its summary row (file name, SHA-256, counts) and,
 * per sheet it creates or changes, an audit row with every added or changed score old → new.
 * A submitted sheet is never overwritten: a row that would change it is refused
 * (`sheet_submitted`) until the secretariat reopens the sheet (`scoring.reopenSheet`).
 *
 * Keys: an application is its `code` within the cycle (year column or `cycleYear`); an examiner
 * is `E` + examiners.id (the name column is only a cross-check); a score is
 * (application, examiner, item, stage).
 */
import { writeAuditMany, type AuditInput, type DB, type Stage } from '@mqa/db';
import { getItem, isValidPercent, ITEM_IDS } from '@mqa/scoring';
import { SCORES_TABLE } from './columns.ts';
import {
  chunks,
  cyclesByYear,
  emptyImportResult,
  insertImportAudit,
  nowIso,
  parseImportFile,
  Progress,
  ProblemList,
  type ImportOptions,
  type ImportResultBase,
} from './common.ts';
import { isCycleOpenForScores, PHASE_NAMES } from './cycle.ts';
import { INSERT_CHUNK_ROWS, PREVIEW_SAMPLE_ROWS } from './limits.ts';
import type { SheetTable } from './read.ts';
import { cellNumber, cellString, showCell } from './values.ts';
import type { CyclePhase } from '@mqa/db';

import { STAGE_NAMES } from '../domain/labels.ts';

export { STAGE_NAMES };

const STAGE_ALIASES = new Map<string, Stage>([
  ['材料评审', 'material'],
  ['材料', 'material'],
  ['material', 'material'],
  ['materialreview', 'material'],
  ['现场评审', 'onsite'],
  ['现场', 'onsite'],
  ['onsite', 'onsite'],
  ['onsitereview', 'onsite'],
]);

export function parseStage(text: string): Stage | undefined {
  return STAGE_ALIASES.get(text.toLowerCase().replace(/[\s_\-–]+/g, ''));
}

/** `E12`, `e12`, `12` → 12. */
export function parseExaminerCode(text: string): number | undefined {
  const m = /^[Ee]?\s*0*(\d{1,9})$/.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

/** An application as the score import checks it. */
interface ImportApp {
  id: number;
  status: string;
  eligibility: string;
  qualification: string;
  groupId: number | null;
}

/** Why an active application is not in the review (null: it is: eligible, qualified, assigned). */
function notInReview(a: ImportApp): { zh: string; en: string } | null {
  if (a.eligibility === 'ineligible') return { zh: '不符合申报条件，第10–12条', en: 'the applicant does not meet the conditions, Art. 10–12' };
  if (a.qualification === 'rejected') return { zh: '资格初审未通过，第16条', en: 'rejected in the qualification review, Art. 16' };
  if (a.qualification !== 'qualified') return { zh: '尚未通过资格初审，第16条', en: 'not qualified yet, Art. 16' };
  if (a.groupId === null) return { zh: '尚未分配评审组，第17条', en: 'not assigned to a review group yet, Art. 17' };
  return null;
}

export function examinerCode(id: number): string {
  return `E${id}`;
}

export interface ScoreRowPreview {
  row: number;
  year: number;
  application: string;
  examiner: string;
  stage: Stage;
  item: string;
  /** null for an added score. */
  oldPercent: number | null;
  newPercent: number;
  oldComment: string | null;
  newComment: string | null;
}

export interface ScoresPreview {
  counts: {
    rows: number;
    valid: number;
    added: number;
    changed: number;
    unchanged: number;
    /** Score sheets (application × examiner × stage) created. */
    sheetsCreated: number;
    /** Existing score sheets set to `submitted` because the file changes their scores. */
    sheetsUpdated: number;
    applications: number;
    examiners: number;
  };
  cycles: number[];
  added: ScoreRowPreview[];
  changed: ScoreRowPreview[];
  unchanged: ScoreRowPreview[];
}

export interface ScoresImportResult extends ImportResultBase {
  kind: 'scores';
  preview: ScoresPreview | null;
}

interface PlannedScore {
  row: number;
  year: number;
  appId: number;
  appCode: string;
  examinerId: number;
  item: string;
  stage: Stage;
  percent: number;
  comment: string | null;
  old: { percent: number; comment: string | null } | undefined;
}

const ITEM_SET = new Set(ITEM_IDS);

/**
 * Validates and (unless `dryRun`) imports a score-sheet file (.xlsx or .csv). Never throws for
 * bad input: a malformed file comes back as `fileError`, bad rows as `problems`. It throws only
 * for database failures or when `onProgress` throws — in both cases after rolling back.
 */
export async function importScores(db: DB, buffer: Buffer, opts: ImportOptions): Promise<ScoresImportResult> {
  const result: ScoresImportResult = { kind: 'scores', ...emptyImportResult(buffer, opts), preview: null };
  const progress = new Progress(opts.onProgress);
  const table = await parseImportFile(buffer, SCORES_TABLE, result, progress);
  if (table === null) return result;
  await progress.report(0.5, 'validate');

  let t0 = performance.now();
  const validated = await validateScores(db, table, opts, progress);
  result.timings.validateMs = performance.now() - t0;
  if (validated.fileError !== null) {
    result.fileError = validated.fileError;
    return result;
  }
  const { plan, problems, preview, sheets, cycleIds } = validated;
  result.problems = problems;
  result.preview = preview;
  if (problems.length > 0) {
    await progress.report(1, 'done');
    return result;
  }
  result.ok = true;
  if (opts.dryRun) {
    result.outcome = 'preview';
    await progress.report(1, 'done');
    return result;
  }
  const writes = plan.filter((p) => !p.old || p.old.percent !== p.percent || p.old.comment !== p.comment);
  if (writes.length === 0 && sheets.length === 0) {
    result.outcome = 'unchanged';
    await progress.report(1, 'done');
    return result;
  }

  t0 = performance.now();
  const at = nowIso(opts);
  const batches = chunks(writes, INSERT_CHUNK_ROWS);
  const totalSteps = batches.length + 2;
  result.auditId = await db.transaction().execute(async (trx) => {
    let step = 0;
    for (const batch of batches) {
      await trx
        .insertInto('scores')
        .values(
          batch.map((p) => ({
            application_id: p.appId,
            examiner_id: p.examinerId,
            item_id: p.item,
            stage: p.stage,
            percent: p.percent,
            comment: p.comment,
            updated_at: at,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['application_id', 'examiner_id', 'item_id', 'stage']).doUpdateSet((eb) => ({
            percent: eb.ref('excluded.percent'),
            comment: eb.ref('excluded.comment'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
      step++;
      await progress.report(0.6 + (0.4 * step) / totalSteps, 'write');
    }
    for (const batch of chunks(sheets, INSERT_CHUNK_ROWS)) {
      await trx
        .insertInto('score_sheets')
        .values(
          batch.map((s) => ({
            application_id: s.appId,
            examiner_id: s.examinerId,
            stage: s.stage,
            status: 'submitted' as const,
            submitted_at: at,
            reopened_reason: null,
            reopened_by: null,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['application_id', 'examiner_id', 'stage']).doUpdateSet((eb) => ({
            status: eb.ref('excluded.status'),
            submitted_at: eb.ref('excluded.submitted_at'),
          })),
        )
        .execute();
    }
    step++;
    await progress.report(0.6 + (0.4 * step) / totalSteps, 'write');
    const auditId = await insertImportAudit(trx, { kind: 'scores', at, opts, result, table, cycleIds, preview });
    // Every changed value, old → new, one audit row per sheet (as a saved sheet is audited).
    await writeAuditMany(trx, sheetAudits(sheets, writes, { at, userId: opts.userId, importAuditId: auditId, fileHash: result.fileHash }));
    step++;
    await progress.report(0.6 + (0.4 * step) / totalSteps, 'write');
    return auditId;
  });
  result.timings.writeMs = performance.now() - t0;
  result.outcome = 'committed';
  await progress.report(1, 'done');
  return result;
}

interface SheetWrite {
  appId: number;
  examinerId: number;
  stage: Stage;
  cycleId: number;
  /** The sheet's status before the import (null: no sheet yet). */
  oldStatus: string | null;
}

type Validated =
  | { fileError: NonNullable<ScoresImportResult['fileError']>; plan?: never; problems?: never; preview?: never; sheets?: never; cycleIds?: never }
  | {
      fileError: null;
      plan: PlannedScore[];
      problems: ScoresImportResult['problems'];
      preview: ScoresPreview;
      sheets: SheetWrite[];
      cycleIds: number[];
    };

async function validateScores(db: DB, table: SheetTable, opts: ImportOptions, progress: Progress): Promise<Validated> {
  const problems = new ProblemList(table);
  const col = (key: string) => table.columnOf.get(key) ?? -1;
  const cYear = col('year');
  const cApp = col('application');
  const cEx = col('examiner');
  const cName = col('examiner_name');
  const cStage = col('stage');
  const cItem = col('item');
  const cPercent = col('percent');
  const cComment = col('comment');
  const hasComment = cComment >= 0;

  if (cYear < 0 && opts.cycleYear === undefined) {
    return {
      fileError: {
        code: 'missing_cycle',
        message: {
          zh: '无法确定评审周期：文件没有“年度”列，导入时也未指定周期。',
          en: 'The cycle cannot be determined: the file has no “Year” column and no cycle was chosen for the import.',
        },
      },
    };
  }

  // Years in the file (interned as numbers).
  const rowYear = new Int32Array(table.rows.length);
  const years = new Set<number>();
  if (opts.cycleYear !== undefined) years.add(opts.cycleYear);
  for (let i = 0; i < table.rows.length; i++) {
    const r = table.rows[i]!;
    let y = opts.cycleYear ?? 0;
    if (cYear >= 0) {
      const v = r.cells[cYear];
      if (v !== null && v !== undefined) {
        const n = cellNumber(v);
        if (!Number.isInteger(n) || n < 1900 || n > 9999) {
          problems.add(r.row, 'year', 'invalid_value', {
            zh: `年度 ${showCell(v)} 不是有效的四位年份。`,
            en: `Year ${showCell(v)} is not a valid four-digit year.`,
          });
          y = -1;
        } else if (opts.cycleYear !== undefined && n !== opts.cycleYear) {
          problems.add(r.row, 'year', 'cycle_mismatch', {
            zh: `年度 ${n} 与导入时选定的周期 ${opts.cycleYear} 不一致。`,
            en: `Year ${n} differs from the cycle chosen for the import (${opts.cycleYear}).`,
          });
          y = -1;
        } else y = n;
      } else if (opts.cycleYear === undefined) {
        problems.add(r.row, 'year', 'missing_value', { zh: '年度为空。', en: 'The year is blank.' });
        y = -1;
      }
    }
    rowYear[i] = y;
    if (y > 0) years.add(y);
  }

  const cycles = await cyclesByYear(db, [...years]);
  const cycleIds = [...cycles.values()].map((c) => c.id);
  const reportedYears = new Set<number>();
  const frozenYears = new Set<number>();
  for (let i = 0; i < table.rows.length; i++) {
    const y = rowYear[i]!;
    if (y <= 0 || reportedYears.has(y)) continue;
    reportedYears.add(y);
    const cycle = cycles.get(y);
    const row = table.rows[i]!.row;
    if (!cycle) {
      problems.add(cYear >= 0 ? row : null, cYear >= 0 ? 'year' : null, 'unknown_cycle', {
        zh: `系统中没有 ${y} 年度的评审周期。`,
        en: `There is no ${y} award cycle in the system.`,
      });
    } else if (!isCycleOpenForScores(cycle.phase)) {
      frozenYears.add(y);
      const phase = PHASE_NAMES[cycle.phase as CyclePhase] ?? { zh: cycle.phase, en: cycle.phase };
      problems.add(cYear >= 0 ? row : null, cYear >= 0 ? 'year' : null, 'frozen_cycle', {
        zh: `${y} 年度周期已处于“${phase.zh}”阶段，评审结果已冻结，不能再导入评分。`,
        en: `The ${y} cycle is in the ${phase.en} phase: review results are frozen and scores can no longer be imported.`,
      });
    }
  }
  if (opts.cycleYear !== undefined && !cycles.has(opts.cycleYear) && !reportedYears.has(opts.cycleYear)) {
    problems.add(null, null, 'unknown_cycle', {
      zh: `系统中没有 ${opts.cycleYear} 年度的评审周期。`,
      en: `There is no ${opts.cycleYear} award cycle in the system.`,
    });
  }

  // Reference data, loaded once and keyed for O(1) lookups.
  const appsByCycle = new Map<number, Map<string, ImportApp>>();
  const conflicts = new Set<string>();
  /** `group|examiner` for every member of every review group of the cycles (Art. 17). */
  const groupMembers = new Set<string>();
  const groupNames = new Map<number, string>();
  const existing = new Map<string, { percent: number; comment: string | null }>();
  const sheetStatus = new Map<string, string>();
  if (cycleIds.length > 0) {
    const apps = await db
      .selectFrom('applications')
      .select(['id', 'code', 'status', 'cycle_id', 'eligibility_status', 'qualification_status', 'review_group_id'])
      .where('cycle_id', 'in', cycleIds)
      .execute();
    for (const a of apps) {
      let m = appsByCycle.get(a.cycle_id);
      if (!m) appsByCycle.set(a.cycle_id, (m = new Map()));
      m.set(a.code, { id: a.id, status: a.status, eligibility: a.eligibility_status, qualification: a.qualification_status, groupId: a.review_group_id });
    }
    const gm = await db
      .selectFrom('review_group_members')
      .innerJoin('review_groups', 'review_groups.id', 'review_group_members.review_group_id')
      .select(['review_groups.id as groupId', 'review_groups.name_zh as nameZh', 'review_group_members.examiner_id as examinerId'])
      .where('review_groups.cycle_id', 'in', cycleIds)
      .execute();
    for (const m of gm) {
      groupMembers.add(`${m.groupId}|${m.examinerId}`);
      groupNames.set(m.groupId, m.nameZh);
    }
    const cs = await db
      .selectFrom('conflicts')
      .innerJoin('applications', 'applications.id', 'conflicts.application_id')
      .select(['conflicts.application_id', 'conflicts.examiner_id'])
      .where('applications.cycle_id', 'in', cycleIds)
      .execute();
    for (const c of cs) conflicts.add(`${c.application_id}|${c.examiner_id}`);
    const ss = await db
      .selectFrom('scores')
      .innerJoin('applications', 'applications.id', 'scores.application_id')
      .select(['scores.application_id', 'scores.examiner_id', 'scores.item_id', 'scores.stage', 'scores.percent', 'scores.comment'])
      .where('applications.cycle_id', 'in', cycleIds)
      .execute();
    for (const s of ss) {
      existing.set(`${s.application_id}|${s.examiner_id}|${s.item_id}|${s.stage}`, { percent: s.percent, comment: s.comment });
    }
    const sh = await db
      .selectFrom('score_sheets')
      .innerJoin('applications', 'applications.id', 'score_sheets.application_id')
      .select(['score_sheets.application_id', 'score_sheets.examiner_id', 'score_sheets.stage', 'score_sheets.status'])
      .where('applications.cycle_id', 'in', cycleIds)
      .execute();
    for (const s of sh) sheetStatus.set(`${s.application_id}|${s.examiner_id}|${s.stage}`, s.status);
  }
  const examiners = new Map((await db.selectFrom('examiners').select(['id', 'name_zh', 'name_en']).execute()).map((e) => [e.id, e]));

  const plan: PlannedScore[] = [];
  const seen = new Map<string, number>();
  const stageCache = new Map<string, Stage | undefined>();
  const n = table.rows.length;
  for (let i = 0; i < n; i++) {
    if (i % 10000 === 9999) await progress.report(0.5 + (0.1 * i) / n, 'validate');
    const r = table.rows[i]!;
    const cells = r.cells;
    const y = rowYear[i]!;
    const cycle = y > 0 ? cycles.get(y) : undefined;
    let bad = y <= 0 || !cycle || frozenYears.has(y);

    // Application
    const appCode = cellString(cells[cApp]);
    let app: ImportApp | undefined;
    if (appCode === null) {
      problems.add(r.row, 'application', 'missing_value', { zh: '申报编号为空。', en: 'The application code is blank.' });
      bad = true;
    } else if (cycle) {
      app = appsByCycle.get(cycle.id)?.get(appCode);
      if (!app) {
        problems.add(r.row, 'application', 'unknown_application', {
          zh: `${y} 年度周期中没有申报编号 ${showCell(appCode)}。`,
          en: `No application with code ${showCell(appCode)} in the ${y} cycle.`,
        });
        bad = true;
      } else if (app.status !== 'active') {
        problems.add(r.row, 'application', 'application_inactive', {
          zh: `申报 ${appCode} 已${app.status === 'withdrawn' ? '撤回' : '移除'}，不能再录入评分。`,
          en: `Application ${appCode} has been ${app.status}; it can no longer be scored.`,
        });
        bad = true;
      } else {
        // In the review (Art. 16, 17): eligible, qualified and assigned to a review group.
        const why = notInReview(app);
        if (why) {
          problems.add(r.row, 'application', 'application_not_in_review', {
            zh: `申报 ${appCode} 不在评审中（${why.zh}），不能录入评分。`,
            en: `Application ${appCode} is not in the review (${why.en}); it cannot be scored.`,
          });
          bad = true;
        }
      }
    }

    // Examiner
    const exText = cellString(cells[cEx]);
    let examinerId: number | undefined;
    if (exText === null) {
      problems.add(r.row, 'examiner', 'missing_value', { zh: '评审员编号为空。', en: 'The examiner code is blank.' });
      bad = true;
    } else {
      examinerId = parseExaminerCode(exText);
      const ex = examinerId === undefined ? undefined : examiners.get(examinerId);
      if (!ex) {
        problems.add(r.row, 'examiner', 'unknown_examiner', {
          zh: `未知的评审员编号 ${showCell(exText)}（格式为 E 加编号，例如 E12）。`,
          en: `Unknown examiner code ${showCell(exText)} (the format is E followed by the id, e.g. E12).`,
        });
        bad = true;
        examinerId = undefined;
      } else if (cName >= 0) {
        const name = cellString(cells[cName]);
        if (name !== null && name !== ex.name_zh && name.toLowerCase() !== ex.name_en.toLowerCase()) {
          problems.add(r.row, 'examiner_name', 'examiner_name_mismatch', {
            zh: `评审员 ${examinerCode(ex.id)} 的姓名是“${ex.name_zh}”，而不是 ${showCell(name)}：请核对编号。`,
            en: `Examiner ${examinerCode(ex.id)} is “${ex.name_en}” (${ex.name_zh}), not ${showCell(name)}: check the code.`,
          });
          bad = true;
        }
      }
    }

    // Stage
    const stageText = cellString(cells[cStage]);
    let stage: Stage | undefined;
    if (stageText === null) {
      problems.add(r.row, 'stage', 'missing_value', { zh: '评审阶段为空。', en: 'The stage is blank.' });
      bad = true;
    } else {
      if (stageCache.has(stageText)) stage = stageCache.get(stageText);
      else stageCache.set(stageText, (stage = parseStage(stageText)));
      if (!stage) {
        problems.add(r.row, 'stage', 'invalid_stage', {
          zh: `评审阶段 ${showCell(stageText)} 无效：应为“材料评审”或“现场评审”。`,
          en: `Stage ${showCell(stageText)} is invalid: use 材料评审 (material) or 现场评审 (onsite).`,
        });
        bad = true;
      }
    }

    // Item
    const item = cellString(cells[cItem]);
    if (item === null) {
      problems.add(r.row, 'item', 'missing_value', { zh: '条款为空。', en: 'The item is blank.' });
      bad = true;
    } else if (!ITEM_SET.has(item)) {
      problems.add(r.row, 'item', 'unknown_item', {
        zh: `未知的条款 ${showCell(item)}：应为 GB/T 19580-2012 的 23 个评分条款之一（如 4.1.2）。`,
        en: `Unknown item ${showCell(item)}: use one of the 23 GB/T 19580-2012 scoring items (e.g. 4.1.2).`,
      });
      bad = true;
    }

    // Percent
    const pv = cells[cPercent];
    const percent = cellNumber(pv);
    if (pv === null || pv === undefined) {
      problems.add(r.row, 'percent', 'missing_value', { zh: '得分百分比为空。', en: 'The percent is blank.' });
      bad = true;
    } else if (!isValidPercent(percent)) {
      const hint =
        typeof pv === 'number' && pv > 0 && pv <= 1 && isValidPercent(Math.round(pv * 10000) / 100)
          ? {
              zh: `（单元格可能设成了百分比格式：请填 ${Math.round(pv * 100)} 而不是 ${Math.round(pv * 100)}%）`,
              en: ` (the cell may be formatted as a percentage: enter ${Math.round(pv * 100)}, not ${Math.round(pv * 100)}%)`,
            }
          : { zh: '', en: '' };
      problems.add(r.row, 'percent', 'invalid_percent', {
        zh: `得分百分比 ${showCell(pv)} 无效：必须是 0 到 100 之间 5 的倍数${hint.zh}。`,
        en: `Percent ${showCell(pv)} is invalid: it must be 0–100 in steps of 5${hint.en}.`,
      });
      bad = true;
    }

    // Recusal (Art. 24)
    if (app && examinerId !== undefined && conflicts.has(`${app.id}|${examinerId}`)) {
      problems.add(r.row, 'examiner', 'recused_examiner', {
        zh: `评审员 ${examinerCode(examinerId)} 已对申报 ${appCode} 回避（第24条），其评分不能录入。`,
        en: `Examiner ${examinerCode(examinerId)} is recused from application ${appCode} (Art. 24); their scores cannot be entered.`,
      });
      bad = true;
    }

    // Membership (Art. 17): only the members of the application's review group score it.
    if (app && app.groupId !== null && examinerId !== undefined && !groupMembers.has(`${app.groupId}|${examinerId}`)) {
      const group = groupNames.get(app.groupId) ?? `#${app.groupId}`;
      problems.add(r.row, 'examiner', 'examiner_not_in_group', {
        zh: `评审员 ${examinerCode(examinerId)} 不是申报 ${appCode} 所在评审组「${group}」的成员（第17条），其评分不能录入。`,
        en: `Examiner ${examinerCode(examinerId)} is not a member of the review group of application ${appCode} (${group}, Art. 17); their scores cannot be entered.`,
      });
      bad = true;
    }

    // Duplicates: the same (application, examiner, item, stage) twice in the file.
    if (app && examinerId !== undefined && stage && item !== null && ITEM_SET.has(item)) {
      const key = `${app.id}|${examinerId}|${item}|${stage}`;
      const first = seen.get(key);
      if (first !== undefined) {
        problems.add(r.row, 'item', 'duplicate_row', {
          zh: `重复行：与第 ${first} 行的申报、评审员、阶段和条款相同。`,
          en: `Duplicate row: same application, examiner, stage and item as row ${first}.`,
        });
        bad = true;
      } else seen.set(key, r.row);
      if (!bad) {
        const comment = hasComment ? cellString(cells[cComment]) : undefined;
        const old = existing.get(key);
        const nextComment = comment === undefined ? (old?.comment ?? null) : comment;
        const changes = !old || old.percent !== percent || old.comment !== nextComment;
        // A submitted sheet is the examiner's final word: the file may repeat it, not change it,
        // until the secretariat reopens the sheet (scoring.reopenSheet).
        if (changes && sheetStatus.get(`${app.id}|${examinerId}|${stage}`) === 'submitted') {
          const stageName = STAGE_NAMES[stage];
          problems.add(r.row, 'percent', 'sheet_submitted', {
            zh: `评审员 ${examinerCode(examinerId)} 对申报 ${appCode} 的${stageName.zh}评分表已提交，导入不能覆盖其评分${old ? `（条款 ${item} 现为 ${old.percent}）` : ''}；如需更正，请先由秘书处退回该评分表。`,
            en: `Examiner ${examinerCode(examinerId)}'s ${stageName.en.toLowerCase()} sheet for application ${appCode} has been submitted: an import cannot overwrite it${old ? ` (item ${item} stands at ${old.percent})` : ''}; the secretariat must reopen the sheet first.`,
          });
          continue;
        }
        plan.push({
          row: r.row,
          year: y,
          appId: app.id,
          appCode: appCode as string,
          examinerId: examinerId,
          item,
          stage,
          percent,
          comment: nextComment,
          old,
        });
      }
    }
  }

  // Preview and sheet writes.
  const added: ScoreRowPreview[] = [];
  const changed: ScoreRowPreview[] = [];
  const unchanged: ScoreRowPreview[] = [];
  const counts = { added: 0, changed: 0, unchanged: 0 };
  const touchedSheets = new Map<string, Omit<SheetWrite, 'oldStatus'> & { dirty: boolean }>();
  const apps = new Set<number>();
  const exs = new Set<number>();
  for (const p of plan) {
    const kind = !p.old ? 'added' : p.old.percent !== p.percent || p.old.comment !== p.comment ? 'changed' : 'unchanged';
    counts[kind]++;
    const list = kind === 'added' ? added : kind === 'changed' ? changed : unchanged;
    if (list.length < PREVIEW_SAMPLE_ROWS) {
      list.push({
        row: p.row,
        year: p.year,
        application: p.appCode,
        examiner: examinerCode(p.examinerId),
        stage: p.stage,
        item: p.item,
        oldPercent: p.old ? p.old.percent : null,
        newPercent: p.percent,
        oldComment: p.old ? p.old.comment : null,
        newComment: p.comment,
      });
    }
    apps.add(p.appId);
    exs.add(p.examinerId);
    const sk = `${p.appId}|${p.examinerId}|${p.stage}`;
    let s = touchedSheets.get(sk);
    if (!s) touchedSheets.set(sk, (s = { appId: p.appId, examinerId: p.examinerId, stage: p.stage, cycleId: cycles.get(p.year)!.id, dirty: false }));
    if (kind !== 'unchanged') s.dirty = true;
  }
  const sheets: SheetWrite[] = [];
  let sheetsCreated = 0;
  let sheetsUpdated = 0;
  for (const [k, s] of touchedSheets) {
    const status = sheetStatus.get(k);
    // A sheet is (re)submitted only when the file brings new or changed scores to it (or it does
    // not exist yet): an unchanged sheet keeps its status, so a re-import changes nothing.
    if (status === undefined) sheetsCreated++;
    else if (s.dirty) sheetsUpdated++;
    else continue;
    sheets.push({ appId: s.appId, examinerId: s.examinerId, stage: s.stage, cycleId: s.cycleId, oldStatus: status ?? null });
  }
  await progress.report(0.6, 'validate');
  return {
    fileError: null,
    plan,
    problems: problems.items,
    sheets,
    cycleIds,
    preview: {
      counts: {
        rows: table.rows.length,
        valid: plan.length,
        ...counts,
        sheetsCreated,
        sheetsUpdated,
        applications: apps.size,
        examiners: exs.size,
      },
      cycles: [...cycles.keys()].sort((a, b) => a - b),
      added,
      changed,
      unchanged,
    },
  };
}

/**
 * The audit rows of a committed import beyond its summary row: per sheet it creates or changes,
 * the status and every added or changed item, old → new (`null`: there was no score), and the
 * comments where they change; `after.import` is the summary row's id.
 */
function sheetAudits(
  sheets: readonly SheetWrite[],
  writes: readonly PlannedScore[],
  meta: { at: string; userId: number | null; importAuditId: number; fileHash: string },
): AuditInput[] {
  const bySheet = new Map<
    string,
    { sheet: SheetWrite; before: Record<string, unknown>; after: Record<string, unknown>; cb: Record<string, string | null>; ca: Record<string, string | null> }
  >();
  for (const sheet of sheets) {
    bySheet.set(`${sheet.appId}|${sheet.examinerId}|${sheet.stage}`, {
      sheet,
      before: { status: sheet.oldStatus },
      after: { status: 'submitted' },
      cb: {},
      ca: {},
    });
  }
  for (const p of writes) {
    const entry = bySheet.get(`${p.appId}|${p.examinerId}|${p.stage}`);
    if (!entry) continue;
    const oldPercent = p.old ? p.old.percent : null;
    if (oldPercent !== p.percent) {
      entry.before[p.item] = oldPercent;
      entry.after[p.item] = p.percent;
    }
    const oldComment = p.old ? p.old.comment : null;
    if (oldComment !== p.comment) {
      entry.cb[p.item] = oldComment;
      entry.ca[p.item] = p.comment;
    }
  }
  return [...bySheet.values()].map(({ sheet, before, after, cb, ca }) => {
    if (Object.keys(ca).length > 0) {
      before.comments = cb;
      after.comments = ca;
    }
    after.import = { auditId: meta.importAuditId, fileHash: meta.fileHash };
    return {
      at: meta.at,
      userId: meta.userId,
      action: 'import.scores.sheet',
      entity: 'score_sheet',
      entityId: `${sheet.appId}:${sheet.examinerId}:${sheet.stage}`,
      cycleId: sheet.cycleId,
      before,
      after,
    };
  });
}

/** The zh/en name of a scoring item, for templates and exports. */
export function itemName(itemId: string): { zh: string; en: string } {
  return getItem(itemId)?.name ?? { zh: itemId, en: itemId };
}
