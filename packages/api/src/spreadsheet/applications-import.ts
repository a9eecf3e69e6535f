/**
 * Import of the applications register: applicants (organisations by Unified Social Credit Code,
 * individuals), sector, banner/district, channel and recommending body (Art. 9, 15), priority
 * areas (Art. 2) and the declared eligibility facts (Art. 10–12). An application is keyed by its
 * code within the cycle: a known code is updated, a new one added. Validated in full first,
 * then written in one transaction with one audit row; re-importing the same file changes nothing.
 */
import type { ApplicantType, Channel, DB } from '@mqa/db';
import { PRIORITY_AREAS } from '@mqa/rules';
import {
  ALLOWED_TEXT,
  APPLICANT_TYPE_NAMES,
  CHANNEL_LOOKUP,
  checkUscc,
  DISTRICT_LOOKUP,
  PRIORITY_LOOKUP,
  SECTOR_LOOKUP,
  TYPE_LOOKUP,
  USCC_REQUIRED,
} from '../domain/applicants.ts';
import { APPLICATIONS_TABLE, FACT_COLUMNS, normaliseHeader } from './columns.ts';
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
import { hasMarkup, markupRefusal } from '../router/inputs.ts';
import { INSERT_CHUNK_ROWS, PREVIEW_SAMPLE_ROWS } from './limits.ts';
import type { SheetTable } from './read.ts';
import { cellBool, cellDate, cellNumber, cellString, showCell } from './values.ts';
import type { CyclePhase } from '@mqa/db';

export { CHANNEL_NAMES } from '../domain/labels.ts';

export { APPLICANT_TYPE_NAMES };

interface ParsedApplication {
  row: number;
  year: number;
  cycleId: number;
  code: string;
  type: ApplicantType;
  nameZh: string;
  nameEn: string;
  uscc: string | null;
  sector: string;
  district: string;
  channel: Channel;
  recommendingBody: string;
  receivedOn: string | null | undefined;
  priorityAreas: string[] | undefined;
  foundedOn: string | null;
  qualityWorkSince: string | null;
  position: string | null | undefined;
  isHead: boolean | undefined;
  /** Facts present in the file: value, or undefined for a blank cell (= not declared). */
  facts: Map<string, boolean | undefined>;
}

export interface ApplicationRowPreview {
  row: number;
  year: number;
  code: string;
  applicantType: ApplicantType;
  name: string;
  /** Fields that differ from the database (empty for added / unchanged). */
  changes: { field: string; old: unknown; new: unknown }[];
}

export interface ApplicationsPreview {
  counts: { rows: number; valid: number; added: number; changed: number; unchanged: number; organisationsAdded: number };
  cycles: number[];
  added: ApplicationRowPreview[];
  changed: ApplicationRowPreview[];
  unchanged: ApplicationRowPreview[];
}

export interface ApplicationsImportResult extends ImportResultBase {
  kind: 'applications';
  preview: ApplicationsPreview | null;
}

interface ExistingApplication {
  id: number;
  cycle_id: number;
  code: string;
  applicant_type: ApplicantType;
  organisation_id: number | null;
  individual_id: number | null;
  channel: Channel;
  recommending_body: string;
  received_on: string | null;
  eligibility_facts: string;
}

interface Snapshot {
  [field: string]: unknown;
}

function canonicalFacts(facts: Record<string, unknown>): string {
  const keys = Object.keys(facts)
    .filter((k) => facts[k] !== undefined)
    .sort();
  const out: Record<string, unknown> = {};
  if ('applicantType' in facts) out.applicantType = facts.applicantType;
  for (const k of keys) if (k !== 'applicantType') out[k] = facts[k];
  return JSON.stringify(out);
}

/**
 * Validates and (unless `dryRun`) imports an applications register (.xlsx or .csv). Same
 * contract as {@link importScores}: bad input comes back as `fileError` / `problems`.
 */
export async function importApplications(db: DB, buffer: Buffer, opts: ImportOptions): Promise<ApplicationsImportResult> {
  const result: ApplicationsImportResult = { kind: 'applications', ...emptyImportResult(buffer, opts), preview: null };
  const progress = new Progress(opts.onProgress);
  const table = await parseImportFile(buffer, APPLICATIONS_TABLE, result, progress);
  if (table === null) return result;
  await progress.report(0.5, 'validate');
  let t0 = performance.now();

  const problems = new ProblemList(table);
  const cols = table.columnOf;
  const get = (cells: SheetTable['rows'][number]['cells'], key: string) => {
    const c = cols.get(key);
    return c === undefined ? undefined : cells[c];
  };
  if (!cols.has('year') && opts.cycleYear === undefined) {
    result.fileError = {
      code: 'missing_cycle',
      message: {
        zh: '无法确定评审周期：文件没有“年度”列，导入时也未指定周期。',
        en: 'The cycle cannot be determined: the file has no “Year” column and no cycle was chosen for the import.',
      },
    };
    return result;
  }

  // Cycles
  const rowYears = table.rows.map((r) => {
    const v = get(r.cells, 'year');
    if (v === undefined || v === null) return opts.cycleYear ?? -1;
    const n = cellNumber(v);
    return Number.isInteger(n) ? n : -1;
  });
  const cycles = await cyclesByYear(db, [...new Set(rowYears.filter((y) => y > 0))]);
  const cycleIds = [...cycles.values()].map((c) => c.id);

  // Existing data
  const existingApps = new Map<string, ExistingApplication>();
  const areasByApp = new Map<number, string[]>();
  const orgIdOfApp = new Map<string, number>();
  if (cycleIds.length > 0) {
    const rows = await db
      .selectFrom('applications')
      .select([
        'id',
        'cycle_id',
        'code',
        'applicant_type',
        'organisation_id',
        'individual_id',
        'channel',
        'recommending_body',
        'received_on',
        'eligibility_facts',
      ])
      .where('cycle_id', 'in', cycleIds)
      .execute();
    for (const a of rows) {
      existingApps.set(`${a.cycle_id}|${a.code}`, a);
      if (a.applicant_type === 'organisation' && a.organisation_id !== null) orgIdOfApp.set(`${a.cycle_id}|${a.organisation_id}`, a.id);
    }
    const areas = await db
      .selectFrom('application_priority_areas')
      .innerJoin('applications', 'applications.id', 'application_priority_areas.application_id')
      .select(['application_priority_areas.application_id', 'application_priority_areas.area'])
      .where('applications.cycle_id', 'in', cycleIds)
      .execute();
    for (const a of areas) {
      const l = areasByApp.get(a.application_id) ?? [];
      l.push(a.area);
      areasByApp.set(a.application_id, l);
    }
  }
  const orgs = await db.selectFrom('organisations').selectAll().execute();
  const orgByUscc = new Map(orgs.map((o) => [o.uscc, o]));
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const individualIds = [...existingApps.values()].map((a) => a.individual_id).filter((x): x is number => x !== null);
  const individuals = new Map<
    number,
    {
      id: number;
      name_zh: string;
      name_en: string;
      organisation_id: number | null;
      position_zh: string | null;
      is_head: number;
      quality_work_since: string;
      district: string;
      sector: string;
    }
  >();
  for (const ids of chunks(individualIds, 500)) {
    for (const i of await db.selectFrom('individuals').selectAll().where('id', 'in', ids).execute()) individuals.set(i.id, i);
  }

  const reportedYears = new Set<number>();
  const parsed: ParsedApplication[] = [];
  const seenCodes = new Map<string, number>();
  const seenUscc = new Map<string, number>();
  const factCols = FACT_COLUMNS.filter((f) => cols.has(f.key));

  for (let i = 0; i < table.rows.length; i++) {
    const r = table.rows[i]!;
    const c = r.cells;
    let bad = false;
    const y = rowYears[i]!;
    const cycle = cycles.get(y);
    if (y <= 0) {
      problems.add(r.row, 'year', 'invalid_value', { zh: `年度 ${showCell(get(c, 'year'))} 无效。`, en: `Year ${showCell(get(c, 'year'))} is invalid.` });
      bad = true;
    } else if (opts.cycleYear !== undefined && y !== opts.cycleYear) {
      problems.add(r.row, 'year', 'cycle_mismatch', {
        zh: `年度 ${y} 与导入时选定的周期 ${opts.cycleYear} 不一致。`,
        en: `Year ${y} differs from the cycle chosen for the import (${opts.cycleYear}).`,
      });
      bad = true;
    } else if (!cycle) {
      if (!reportedYears.has(y)) {
        reportedYears.add(y);
        problems.add(cols.has('year') ? r.row : null, cols.has('year') ? 'year' : null, 'unknown_cycle', {
          zh: `系统中没有 ${y} 年度的评审周期。`,
          en: `There is no ${y} award cycle in the system.`,
        });
      }
      bad = true;
    } else if (!isCycleOpenForScores(cycle.phase)) {
      if (!reportedYears.has(y)) {
        reportedYears.add(y);
        const phase = PHASE_NAMES[cycle.phase as CyclePhase] ?? { zh: cycle.phase, en: cycle.phase };
        problems.add(cols.has('year') ? r.row : null, cols.has('year') ? 'year' : null, 'frozen_cycle', {
          zh: `${y} 年度周期已处于“${phase.zh}”阶段，已冻结，不能再导入申报。`,
          en: `The ${y} cycle is in the ${phase.en} phase: it is frozen and applications can no longer be imported.`,
        });
      }
      bad = true;
    }

    const required = (key: string, zh: string, en: string): string | null => {
      const v = cellString(get(c, key));
      if (v === null) {
        problems.add(r.row, key, 'missing_value', { zh: `${zh}为空。`, en: `${en} is blank.` });
        bad = true;
      }
      return v;
    };
    const pick = <T extends string>(key: string, lookup: Map<string, T>, zh: string, en: string, allowed: string): T | null => {
      const v = required(key, zh, en);
      if (v === null) return null;
      const found = lookup.get(normaliseHeader(v));
      if (!found) {
        problems.add(r.row, key, 'invalid_value', {
          zh: `${zh} ${showCell(v)} 无效，可选：${allowed}。`,
          en: `${en} ${showCell(v)} is invalid; allowed: ${allowed}.`,
        });
        bad = true;
        return null;
      }
      return found;
    };
    const date = (key: string, zh: string, en: string, needed: boolean): string | null => {
      const v = get(c, key);
      if (v === null || v === undefined) {
        if (needed) {
          problems.add(r.row, key, 'missing_value', { zh: `${zh}为空。`, en: `${en} is blank.` });
          bad = true;
        }
        return null;
      }
      const d = cellDate(v);
      if (!d) {
        problems.add(r.row, key, 'invalid_date', {
          zh: `${zh} ${showCell(v)} 不是有效日期（格式 YYYY-MM-DD）。`,
          en: `${en} ${showCell(v)} is not a valid date (YYYY-MM-DD).`,
        });
        bad = true;
      }
      return d;
    };

    const code = required('code', '申报编号', 'The application code');
    const type = pick('applicant_type', TYPE_LOOKUP, '申报类型', 'Applicant type', ALLOWED_TEXT.applicantType);
    const nameZh = required('name_zh', '名称', 'The name');
    const nameEn = cellString(get(c, 'name_en')) ?? nameZh ?? '';
    const sector = pick('sector', SECTOR_LOOKUP, '行业', 'Sector', ALLOWED_TEXT.sector);
    const district = pick('district', DISTRICT_LOOKUP, '旗区', 'Banner/district', ALLOWED_TEXT.district);
    const channel = pick('channel', CHANNEL_LOOKUP, '申报渠道', 'Channel', ALLOWED_TEXT.channel);
    const recommendingBody = required('recommending_body', '推荐单位', 'The recommending body');
    const receivedOn = cols.has('received_on') ? date('received_on', '受理日期', 'Received on', false) : undefined;

    let uscc = cellString(get(c, 'uscc'));
    if (uscc !== null) {
      const check = checkUscc(uscc, showCell(uscc));
      if (!check.ok) {
        problems.add(r.row, 'uscc', 'invalid_uscc', check.message);
        bad = true;
      } else uscc = check.code;
    } else if (type === 'organisation') {
      problems.add(r.row, 'uscc', 'missing_value', USCC_REQUIRED);
      bad = true;
    }

    let priorityAreas: string[] | undefined;
    if (cols.has('priority_areas')) {
      priorityAreas = [];
      const v = cellString(get(c, 'priority_areas'));
      for (const token of (v ?? '')
        .split(/[、,，;；/\n]+/u)
        .map((t) => t.trim())
        .filter(Boolean)) {
        const id = PRIORITY_LOOKUP.get(normaliseHeader(token));
        if (!id) {
          problems.add(r.row, 'priority_areas', 'invalid_value', {
            zh: `未知的优先领域 ${showCell(token)}，可选：${PRIORITY_AREAS.map((p) => p.name.zh).join('、')}。`,
            en: `Unknown priority area ${showCell(token)}; allowed: ${PRIORITY_AREAS.map((p) => p.name.en).join(', ')}.`,
          });
          bad = true;
        } else if (!priorityAreas.includes(id)) priorityAreas.push(id);
      }
      priorityAreas.sort();
    }

    const foundedOn = date('founded_on', '成立日期', 'Founded on', type === 'organisation');
    const qualityWorkSince = date('quality_work_since', '从事质量工作起始日期', 'Quality work since', type === 'individual');
    const position = cols.has('position') ? cellString(get(c, 'position')) : undefined;
    // Names reach HTML (tables, chart tooltips, reports): refuse markup in each of them.
    for (const [key, value, zh, en] of [
      ['name_zh', nameZh, '名称', 'The name'],
      ['name_en', cellString(get(c, 'name_en')), '英文名称', 'The English name'],
      ['recommending_body', recommendingBody, '推荐单位', 'The recommending body'],
      ['position', position, '职务', 'The position'],
    ] as const) {
      if (typeof value === 'string' && hasMarkup(value)) {
        problems.add(r.row, key, 'invalid_value', markupRefusal(zh, en));
        bad = true;
      }
    }
    const headRaw = cellBool(get(c, 'is_head'));
    if (headRaw === 'invalid') {
      problems.add(r.row, 'is_head', 'invalid_value', {
        zh: `是否最高管理者 ${showCell(get(c, 'is_head'))} 无效：请填 是 或 否。`,
        en: `Head of organisation ${showCell(get(c, 'is_head'))} is invalid: use yes or no.`,
      });
      bad = true;
    }
    const facts = new Map<string, boolean | undefined>();
    for (const f of factCols) {
      const v = cellBool(get(c, f.key));
      if (v === 'invalid') {
        problems.add(r.row, f.key, 'invalid_value', {
          zh: `${f.zh} ${showCell(get(c, f.key))} 无效：请填 是 或 否（留空表示未申报）。`,
          en: `${f.en} ${showCell(get(c, f.key))} is invalid: use yes or no (blank = not declared).`,
        });
        bad = true;
        continue;
      }
      if (type && f.appliesTo !== 'both' && f.appliesTo !== type) {
        if (v !== undefined) {
          problems.add(r.row, f.key, 'invalid_value', {
            zh: `“${f.zh}”只适用于${APPLICANT_TYPE_NAMES[f.appliesTo].zh}申报，请留空。`,
            en: `“${f.en}” applies to ${f.appliesTo} applications only; leave it blank.`,
          });
          bad = true;
        }
        continue;
      }
      facts.set(f.fact, v);
    }

    if (code !== null && cycle) {
      const k = `${cycle.id}|${code}`;
      const first = seenCodes.get(k);
      if (first !== undefined) {
        problems.add(r.row, 'code', 'duplicate_row', {
          zh: `申报编号 ${code} 与第 ${first} 行重复。`,
          en: `Application code ${code} repeats row ${first}.`,
        });
        bad = true;
      } else seenCodes.set(k, r.row);
      const existing = existingApps.get(k);
      if (existing && type && existing.applicant_type !== type) {
        problems.add(r.row, 'applicant_type', 'type_change', {
          zh: `申报 ${code} 已登记为${APPLICANT_TYPE_NAMES[existing.applicant_type].zh}申报，不能改为${APPLICANT_TYPE_NAMES[type].zh}。`,
          en: `Application ${code} is registered as ${existing.applicant_type}; it cannot become ${type}.`,
        });
        bad = true;
      }
      if (type === 'organisation' && uscc) {
        const uk = `${cycle.id}|${uscc}`;
        const firstU = seenUscc.get(uk);
        const org = orgByUscc.get(uscc);
        const otherApp = org ? orgIdOfApp.get(`${cycle.id}|${org.id}`) : undefined;
        if (firstU !== undefined) {
          problems.add(r.row, 'uscc', 'duplicate_applicant', {
            zh: `该组织（${uscc}）在本周期已于第 ${firstU} 行申报。`,
            en: `This organisation (${uscc}) already applies in this cycle on row ${firstU}.`,
          });
          bad = true;
        } else if (otherApp !== undefined && otherApp !== existing?.id) {
          problems.add(r.row, 'uscc', 'duplicate_applicant', {
            zh: `该组织（${uscc}）在 ${y} 年度已有另一申报。`,
            en: `This organisation (${uscc}) already has another application in the ${y} cycle.`,
          });
          bad = true;
        }
        seenUscc.set(uk, r.row);
      }
    }

    if (bad || !cycle || code === null || !type || nameZh === null || !sector || !district || !channel || recommendingBody === null) continue;
    parsed.push({
      row: r.row,
      year: y,
      cycleId: cycle.id,
      code,
      type,
      nameZh,
      nameEn,
      uscc,
      sector,
      district,
      channel,
      recommendingBody,
      receivedOn,
      priorityAreas,
      foundedOn,
      qualityWorkSince,
      position,
      isHead: headRaw === 'invalid' ? undefined : headRaw,
      facts,
    });
  }

  // Plan: compare each row with the database.
  interface Plan {
    p: ParsedApplication;
    existing: ExistingApplication | undefined;
    factsJson: string;
    areas: string[];
    orgChanged: boolean;
    personChanged: boolean;
    appChanged: boolean;
    areasChanged: boolean;
    changes: ApplicationRowPreview['changes'];
  }
  const plans: Plan[] = [];
  const newOrgs = new Set<string>();
  for (const p of parsed) {
    const existing = existingApps.get(`${p.cycleId}|${p.code}`);
    const oldFacts = existing ? (JSON.parse(existing.eligibility_facts) as Record<string, unknown>) : {};
    const facts: Record<string, unknown> = { ...oldFacts, applicantType: p.type };
    for (const [k, v] of p.facts) facts[k] = v;
    if (p.type === 'organisation') facts.foundedOn = p.foundedOn ?? undefined;
    else {
      facts.qualityWorkSince = p.qualityWorkSince ?? undefined;
      if (p.isHead !== undefined) facts.isHeadOfOrganisation = p.isHead;
    }
    const factsJson = canonicalFacts(facts);
    const areas = p.priorityAreas ?? (existing ? [...(areasByApp.get(existing.id) ?? [])].sort() : []);
    const changes: Plan['changes'] = [];
    const diff = (field: string, old: unknown, now: unknown) => {
      if (old !== now) changes.push({ field, old, new: now });
    };
    let orgChanged = false;
    let personChanged = false;
    if (p.type === 'organisation') {
      const org = orgByUscc.get(p.uscc as string);
      if (!org) newOrgs.add(p.uscc as string);
      const legal = p.facts.get('independentLegalPerson');
      const next: Snapshot = {
        name_zh: p.nameZh,
        name_en: p.nameEn,
        sector: p.sector,
        district: p.district,
        founded_on: p.foundedOn,
        legal_person: legal === undefined ? (org?.legal_person ?? 0) : legal ? 1 : 0,
      };
      if (org) {
        for (const k of Object.keys(next)) diff(k, (org as unknown as Snapshot)[k], next[k]);
        orgChanged = changes.length > 0;
      } else orgChanged = true;
      if (existing) diff('uscc', existing.organisation_id === null ? null : orgById.get(existing.organisation_id)?.uscc, p.uscc);
    } else {
      const person = existing?.individual_id != null ? individuals.get(existing.individual_id) : undefined;
      const employer = p.uscc ? (orgByUscc.get(p.uscc)?.id ?? null) : null;
      const next: Snapshot = {
        name_zh: p.nameZh,
        name_en: p.nameEn,
        sector: p.sector,
        district: p.district,
        quality_work_since: p.qualityWorkSince,
        organisation_id: p.uscc === null && person ? person.organisation_id : employer,
        is_head: p.isHead === undefined ? (person?.is_head ?? 0) : p.isHead ? 1 : 0,
        position_zh: p.position === undefined ? (person?.position_zh ?? null) : p.position,
      };
      if (person) {
        for (const k of Object.keys(next)) diff(k, (person as unknown as Snapshot)[k], next[k]);
        personChanged = changes.length > 0;
      } else personChanged = true;
    }
    const before = changes.length;
    if (existing) {
      diff('channel', existing.channel, p.channel);
      diff('recommending_body', existing.recommending_body, p.recommendingBody);
      if (p.receivedOn !== undefined) diff('received_on', existing.received_on, p.receivedOn);
      diff('eligibility_facts', canonicalFacts(oldFacts), factsJson);
    }
    const appChanged = !existing || changes.length > before;
    const oldAreas = existing ? [...(areasByApp.get(existing.id) ?? [])].sort() : [];
    const areasChanged = oldAreas.join(',') !== areas.join(',');
    if (existing && areasChanged) diff('priority_areas', oldAreas.join(','), areas.join(','));
    plans.push({ p, existing, factsJson, areas, orgChanged, personChanged, appChanged, areasChanged, changes });
  }

  const preview: ApplicationsPreview = {
    counts: { rows: table.rows.length, valid: plans.length, added: 0, changed: 0, unchanged: 0, organisationsAdded: newOrgs.size },
    cycles: [...cycles.keys()].sort((a, b) => a - b),
    added: [],
    changed: [],
    unchanged: [],
  };
  for (const pl of plans) {
    const kind = !pl.existing ? 'added' : pl.changes.length > 0 ? 'changed' : 'unchanged';
    preview.counts[kind]++;
    if (preview[kind].length < PREVIEW_SAMPLE_ROWS) {
      preview[kind].push({
        row: pl.p.row,
        year: pl.p.year,
        code: pl.p.code,
        applicantType: pl.p.type,
        name: pl.p.nameZh,
        changes: kind === 'changed' ? pl.changes : [],
      });
    }
  }
  result.problems = problems.items;
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
  const work = plans.filter((pl) => pl.changes.length > 0 || !pl.existing);
  if (work.length === 0) {
    result.outcome = 'unchanged';
    await progress.report(1, 'done');
    return result;
  }

  t0 = performance.now();
  const at = nowIso(opts);
  result.auditId = await db.transaction().execute(async (trx) => {
    // Organisations, upserted by USCC.
    const orgRows = new Map<string, Plan>();
    for (const pl of work) if (pl.p.type === 'organisation' && pl.orgChanged) orgRows.set(pl.p.uscc as string, pl);
    for (const batch of chunks([...orgRows.values()], INSERT_CHUNK_ROWS)) {
      await trx
        .insertInto('organisations')
        .values(
          batch.map(({ p }) => {
            const legal = p.facts.get('independentLegalPerson');
            const old = orgByUscc.get(p.uscc as string);
            return {
              uscc: p.uscc as string,
              name_zh: p.nameZh,
              name_en: p.nameEn,
              sector: p.sector,
              district: p.district,
              founded_on: p.foundedOn as string,
              legal_person: legal === undefined ? (old?.legal_person ?? 0) : legal ? 1 : 0,
            };
          }),
        )
        .onConflict((oc) =>
          oc.column('uscc').doUpdateSet((eb) => ({
            name_zh: eb.ref('excluded.name_zh'),
            name_en: eb.ref('excluded.name_en'),
            sector: eb.ref('excluded.sector'),
            district: eb.ref('excluded.district'),
            founded_on: eb.ref('excluded.founded_on'),
            legal_person: eb.ref('excluded.legal_person'),
          })),
        )
        .execute();
    }
    await progress.report(0.7, 'write');
    const neededUscc = [...new Set(work.map((pl) => pl.p.uscc).filter((u): u is string => u !== null))];
    const orgIds = new Map<string, number>();
    for (const batch of chunks(neededUscc, 500)) {
      for (const o of await trx.selectFrom('organisations').select(['id', 'uscc']).where('uscc', 'in', batch).execute()) {
        orgIds.set(o.uscc, o.id);
      }
    }
    let done = 0;
    for (const pl of work) {
      const { p } = pl;
      let organisationId: number | null = null;
      let individualId: number | null = null;
      if (p.type === 'organisation') organisationId = orgIds.get(p.uscc as string) ?? null;
      else {
        const person = pl.existing?.individual_id != null ? individuals.get(pl.existing.individual_id) : undefined;
        const values = {
          name_zh: p.nameZh,
          name_en: p.nameEn,
          sector: p.sector,
          district: p.district,
          quality_work_since: p.qualityWorkSince as string,
          organisation_id: p.uscc === null && person ? person.organisation_id : p.uscc ? (orgIds.get(p.uscc) ?? null) : null,
          is_head: (p.isHead === undefined ? (person?.is_head ?? 0) : p.isHead ? 1 : 0) as 0 | 1,
          position_zh: p.position === undefined ? (person?.position_zh ?? null) : p.position,
        };
        if (person) {
          individualId = person.id;
          if (pl.personChanged) await trx.updateTable('individuals').set(values).where('id', '=', person.id).execute();
        } else {
          const ins = await trx
            .insertInto('individuals')
            .values({ ...values, position_en: null })
            .returning('id')
            .executeTakeFirstOrThrow();
          individualId = ins.id;
        }
      }
      let appId: number;
      if (pl.existing) {
        appId = pl.existing.id;
        if (pl.appChanged || pl.changes.some((c) => c.field === 'uscc')) {
          const factsChanged = pl.changes.some((c) => c.field === 'eligibility_facts');
          await trx
            .updateTable('applications')
            .set({
              organisation_id: organisationId,
              individual_id: p.type === 'individual' ? individualId : null,
              channel: p.channel,
              recommending_body: p.recommendingBody,
              ...(p.receivedOn !== undefined ? { received_on: p.receivedOn } : {}),
              eligibility_facts: pl.factsJson,
              ...(factsChanged ? { eligibility_status: 'pending' as const, eligibility_failures: '[]' } : {}),
            })
            .where('id', '=', appId)
            .execute();
        }
      } else {
        const ins = await trx
          .insertInto('applications')
          .values({
            cycle_id: p.cycleId,
            code: p.code,
            applicant_type: p.type,
            organisation_id: organisationId,
            individual_id: individualId,
            channel: p.channel,
            recommending_body: p.recommendingBody,
            received_on: p.receivedOn ?? null,
            eligibility_facts: pl.factsJson,
            eligibility_status: 'pending',
            eligibility_failures: '[]',
            qualification_status: 'received',
            review_group_id: null,
            status: 'active',
            removed_reason: null,
            created_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        appId = ins.id;
      }
      if (pl.areasChanged) {
        await trx.deleteFrom('application_priority_areas').where('application_id', '=', appId).execute();
        if (pl.areas.length > 0) {
          await trx
            .insertInto('application_priority_areas')
            .values(pl.areas.map((area) => ({ application_id: appId, area })))
            .execute();
        }
      }
      done++;
      if (done % 50 === 0) await progress.report(0.7 + (0.25 * done) / work.length, 'write');
    }
    const auditId = await insertImportAudit(trx, { kind: 'applications', at, opts, result, table, cycleIds, preview });
    await progress.report(0.99, 'write');
    return auditId;
  });
  result.timings.writeMs = performance.now() - t0;
  result.outcome = 'committed';
  await progress.report(1, 'done');
  return result;
}
