/**
 * A cycle's data as the analytics need it, and its scored results: the one results policy of
 * the platform (which stage counts, which scores count, the aggregation method, exclusions,
 * the tie-break, recusals). All scoring goes through @mqa/scoring.
 *
 * The Context-free functions ({@link loadCycleBundle}, {@link computeCycleResults},
 * {@link scoreStage}) take just the database and serve every consumer that has no tRPC
 * context (the spreadsheet export); {@link cycleBundle} and {@link scoredCycle} wrap them with
 * the per-data-version cache of `ctx.services.cache` (every data mutation bumps the version).
 */
import {
  getCycleByYear,
  getWeightSet,
  listApplicationsOfCycle,
  listCycleConflicts,
  listCycleConsensus,
  listAwardDetails,
  listCycleScoreColumns,
  scoreCellsOf,
  listExaminers,
  listReviewGroups,
  type AwardDetail,
  type ApplicationSummary,
  type ConflictRow,
  type ConsensusRecord,
  type Cycle,
  type CycleScoreColumns,
  type DB,
  type Examiner,
  type ReviewGroupWithMembers,
  type ScoreCell,
  type Stage,
  type WeightSetWithPoints,
} from '@mqa/db';
import {
  ITEM_IDS,
  materialise,
  scoreCycleColumnar,
  scoringInputOf,
  type ColumnarScores,
  type AggregationMethod,
  type CycleResult,
  type ItemResult,
  type ScoringMatrix,
  type StatMethod,
  type WeightSet,
} from '@mqa/scoring';
import { STAGE_IDS, exclusionOf, selectCandidates, type Exclusion, type SelectionResult, type TieBreak } from '@mqa/rules';
import type { Context } from '../context.ts'; // only for the cached wrappers
import { apiError, cycleNotFound, rethrowDomain } from '../errors.ts';
import { candidacyFacts } from './eligibility.ts';
import { districtName, sectorName } from './labels.ts';
import { splitBilingual } from './text.ts';

export interface CycleBundle {
  cycle: Cycle;
  weightSet: WeightSetWithPoints;
  weights: WeightSet;
  applications: ApplicationSummary[];
  appById: Map<number, ApplicationSummary>;
  /** Every score of the cycle (both stages) on a submitted sheet, as columns: drafts and reopened sheets never count. */
  cells: CycleScoreColumns;
  /** {@link cells} as objects (built on first use). */
  allScores: ScoreCell[];
  /** The cycle's awards with their revocations (Art. 5, 27, 28). */
  awards: AwardDetail[];
  conflicts: ConflictRow[];
  consensus: ConsensusRecord[];
  groups: ReviewGroupWithMembers[];
  examiners: Map<number, Examiner>;
  /** Applications that take part in scoring, with the stage used: on-site where present, else material. */
  stageOf: Map<number, Stage>;
  /** The scores of the stage used for each scored application (objects, built on first use; the columns are {@link columnar}). */
  scores: ScoreCell[];
  /** The consensus records of the stage used for each scored application. */
  usedConsensus: ConsensusRecord[];
  /** The same data interned for the scoring core's columnar fast path. */
  columnar: BundleColumns;
}

export interface BundleColumns {
  scores: ColumnarScores;
  recusals: { application: Uint32Array; examiner: Uint32Array };
  consensus: { application: Uint32Array; item: Uint8Array; percent: Float64Array };
  /** Application index → ids of the examiners recused from it (as the core reports them). */
  excluded: Map<number, string[]>;
}

const ITEM_INDEX = new Map(ITEM_IDS.map((id, i) => [id, i]));

/**
 * Interns the bundle's ids into indices (application order = stageOf order), for the scores of
 * `cells` that `keep` accepts.
 */
function buildColumns(
  stageOf: Map<number, Stage>,
  cells: CycleScoreColumns,
  keep: (k: number) => boolean,
  conflicts: ConflictRow[],
  consensus: ConsensusRecord[],
): BundleColumns {
  const appIds = [...stageOf.keys()];
  const appIndex = new Map(appIds.map((id, i) => [id, i]));
  const kept = new Uint8Array(cells.length);
  const exSet = new Set<number>();
  let n = 0;
  for (let k = 0; k < cells.length; k++) {
    if (!keep(k)) continue;
    kept[k] = 1;
    exSet.add(cells.examinerId[k]!);
    n++;
  }
  const exIds = [...exSet].sort((x, y) => x - y);
  const exIndex = new Map(exIds.map((id, i) => [id, i]));
  // The cells' item dictionary → the canonical item index (255: not a GB/T 19580 item).
  const itemOf = Uint8Array.from(cells.itemIds, (id) => ITEM_INDEX.get(id) ?? 255);
  const application = new Uint32Array(n);
  const examiner = new Uint32Array(n);
  const item = new Uint8Array(n);
  const percent = new Float64Array(n);
  let j = 0;
  let lastApp = -1;
  let lastIndex = 0;
  for (let k = 0; k < cells.length; k++) {
    if (kept[k] === 0) continue;
    const id = cells.applicationId[k]!;
    if (id !== lastApp) {
      lastApp = id;
      lastIndex = appIndex.get(id)!;
    }
    application[j] = lastIndex;
    examiner[j] = exIndex.get(cells.examinerId[k]!)!;
    item[j] = itemOf[cells.item[k]!]!;
    percent[j] = cells.percent[k]!;
    j++;
  }
  const ra: number[] = [];
  const re: number[] = [];
  const excluded = new Map<number, string[]>();
  for (const c of conflicts) {
    const a = appIndex.get(c.applicationId);
    const e = exIndex.get(c.examinerId);
    if (a === undefined || e === undefined) continue;
    ra.push(a);
    re.push(e);
    const list = excluded.get(a) ?? [];
    list.push(String(c.examinerId));
    excluded.set(a, list);
  }
  const used = consensus.filter((c) => appIndex.has(c.application_id));
  return {
    scores: {
      applicationIds: appIds.map(String),
      examinerIds: exIds.map(String),
      itemIds: ITEM_IDS,
      application,
      examiner,
      item,
      percent,
    },
    recusals: { application: Uint32Array.from(ra), examiner: Uint32Array.from(re) },
    consensus: {
      application: Uint32Array.from(used, (c) => appIndex.get(c.application_id)!),
      item: Uint8Array.from(used, (c) => ITEM_INDEX.get(c.item_id) ?? 255),
      percent: Float64Array.from(used, (c) => c.percent),
    },
    excluded,
  };
}

/** A weight-set row as the scoring core sees it. */
export function toScoringWeights(ws: WeightSetWithPoints): WeightSet {
  return { id: String(ws.id), name: { zh: ws.name_zh, en: ws.name_en }, points: ws.points };
}

/** The cycle of `year`, or NOT_FOUND (takes anything with a `db`: a context, a transaction's context). */
export async function requireCycle(source: { db: DB }, year: number): Promise<Cycle> {
  const cycle = await getCycleByYear(source.db, year);
  if (!cycle) throw cycleNotFound(year);
  return cycle;
}

/**
 * Loads a cycle's data and applies the policy of which scores count (Context-free): only scores
 * on submitted sheets; per application the on-site stage where it has on-site scores or
 * consensus, else the material stage. `cycle` is a year (NOT_FOUND when there is none) or the
 * cycle row itself.
 */
export async function loadCycleBundle(db: DB, cycleOrYear: number | Cycle): Promise<CycleBundle> {
  const cycle = typeof cycleOrYear === 'number' ? await requireCycle({ db }, cycleOrYear) : cycleOrYear;
  const year = cycle.year;
  const [weightSet, applications, cells, conflicts, consensus, groups, awards] = await Promise.all([
    getWeightSet(db, cycle.weight_set_id),
    listApplicationsOfCycle(db, cycle.id),
    // Only submitted sheets count toward any aggregate (a draft is the examiner's work in progress).
    listCycleScoreColumns(db, cycle.id, { submittedOnly: true }),
    listCycleConflicts(db, cycle.id),
    listCycleConsensus(db, cycle.id),
    listReviewGroups(db, cycle.id),
    listAwardDetails(db, { cycleId: cycle.id }),
  ]);
  if (!weightSet) {
    throw apiError('INTERNAL_SERVER_ERROR', {
      zh: `${year} 年度周期引用的权重方案不存在。`,
      en: `The weight set of the ${year} cycle does not exist.`,
    });
  }
  const examinerIds = new Set<number>();
  for (const g of groups) for (const m of g.memberIds) examinerIds.add(m);
  for (let k = 0; k < cells.length; k++) examinerIds.add(cells.examinerId[k]!);
  const examiners = new Map((await listExaminers(db, [...examinerIds])).map((e) => [e.id, e]));

  const ONSITE = STAGE_IDS.indexOf('onsite');
  const hasOnsite = new Set<number>();
  const hasAny = new Set<number>();
  for (let k = 0; k < cells.length; k++) {
    hasAny.add(cells.applicationId[k]!);
    if (cells.stage[k] === ONSITE) hasOnsite.add(cells.applicationId[k]!);
  }
  for (const c of consensus) {
    hasAny.add(c.application_id);
    if (c.stage === 'onsite') hasOnsite.add(c.application_id);
  }
  const stageOf = new Map<number, Stage>();
  for (const a of applications) {
    const takesPart = hasAny.has(a.id) || (a.status === 'active' && a.qualification_status === 'qualified');
    if (takesPart) stageOf.set(a.id, hasOnsite.has(a.id) ? 'onsite' : 'material');
  }
  const used = (k: number) => stageOf.get(cells.applicationId[k]!) === STAGE_IDS[cells.stage[k]!];
  const usedConsensus = consensus.filter((c) => stageOf.get(c.application_id) === c.stage);
  const bundle = {
    cycle,
    weightSet,
    weights: toScoringWeights(weightSet),
    applications,
    appById: new Map(applications.map((a) => [a.id, a])),
    cells,
    awards,
    conflicts,
    consensus,
    groups,
    examiners,
    stageOf,
    usedConsensus,
    columnar: buildColumns(stageOf, cells, used, conflicts, usedConsensus),
  } as Omit<CycleBundle, 'allScores' | 'scores'> as CycleBundle;
  // The score objects are built on first use only: most answers read the columns.
  lazyProperty(bundle, 'allScores', () => scoreCellsOf(cells));
  lazyProperty(bundle, 'scores', () => scoreCellsOf(cells, used));
  return bundle;
}

function lazyProperty<T extends object, K extends keyof T>(target: T, key: K, make: () => T[K]): void {
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = make();
      Object.defineProperty(target, key, { value, enumerable: true, writable: false });
      return value;
    },
  });
}

/** The cycle's data (cached per data version). */
export function cycleBundle(ctx: Context, year: number): Promise<CycleBundle> {
  return ctx.services.cache.memo(`bundle:${year}`, () => loadCycleBundle(ctx.db, year));
}

/**
 * The aggregation actually used. The cycle stores its official method and declared fallback
 * (`aggregation_method`, `aggregation_fallback`): normally 'consensus' — consensus first (spec
 * §3) with the fallback statistic for items without a recorded consensus. Asked for 'consensus'
 * explicitly, a cycle whose official method is a plain statistic uses that statistic as the
 * fallback. An explicit statistic (mean, median, trimmed, olympic) ignores consensus records —
 * the cross-check view.
 */
export function resolveMethod(cycle: Cycle, method?: AggregationMethod): { method: AggregationMethod; fallback: StatMethod | undefined } {
  const official = cycle.aggregation_method;
  const m = method ?? official;
  if (m !== 'consensus') return { method: m, fallback: undefined };
  const fallback = cycle.aggregation_fallback ?? (official === 'consensus' ? 'mean' : official);
  return { method: 'consensus', fallback };
}

/**
 * The cycle's interned scores with its scoring settings: the one input of the scoring core, the
 * same for the server's results and the browser's re-ranking (`analytics.cycleMatrix`).
 */
export function matrixOf(cycle: Cycle, c: BundleColumns, weightSet: WeightSetWithPoints, method?: AggregationMethod): ScoringMatrix {
  const m = resolveMethod(cycle, method);
  return {
    itemIds: c.scores.itemIds ?? ITEM_IDS,
    applications: c.scores.applicationIds.map((id) => ({ id })),
    examiners: c.scores.examinerIds.map((id) => ({ id })),
    scores: c.scores,
    recusals: c.recusals,
    consensus: c.consensus,
    weightSet: { id: weightSet.id, points: weightSet.points },
    method: m.method,
    fallback: m.fallback ?? null,
    flagThreshold: cycle.flag_threshold,
  };
}

/** Runs the scoring core (columnar fast path, then the object view) over interned scores. */
function scoreColumns(bundle: CycleBundle, c: BundleColumns, weights: WeightSet, method?: AggregationMethod): CycleResult {
  try {
    return materialise(scoreCycleColumnar(scoringInputOf(matrixOf(bundle.cycle, c, bundle.weightSet, method), weights)), c.excluded);
  } catch (error) {
    rethrowDomain(error);
  }
}

/** Scores a bundle: every scored application on the stage used for it. */
export function scoreBundle(bundle: CycleBundle, method?: AggregationMethod, weights: WeightSet = bundle.weights): CycleResult {
  return scoreColumns(bundle, bundle.columnar, weights, method);
}

/**
 * One stage on its own, under the same policy (submitted sheets only, recusals, the method and
 * its consensus fallback, the flag threshold): the material review of every scored application,
 * or the on-site review of those scored on it. For the per-stage columns of reports; the
 * official result is {@link scoreBundle}.
 */
export function scoreStage(bundle: CycleBundle, stage: Stage, method?: AggregationMethod): CycleResult {
  const stageOf = new Map<number, Stage>();
  for (const [id, used] of bundle.stageOf) if (stage === 'material' || used === 'onsite') stageOf.set(id, stage);
  const cells = bundle.cells;
  const st = STAGE_IDS.indexOf(stage);
  const keep = (k: number) => cells.stage[k] === st && stageOf.has(cells.applicationId[k]!);
  const consensus = bundle.consensus.filter((c) => c.stage === stage && stageOf.has(c.application_id));
  return scoreColumns(bundle, buildColumns(stageOf, cells, keep, bundle.conflicts, consensus), bundle.weights, method);
}

export type { TieBreak };

export interface ScoredCycle {
  bundle: CycleBundle;
  result: CycleResult;
  selection: SelectionResult;
  /** Why each application not in the running is excluded (code, articles, message), by application id. */
  exclusions: Map<number, Exclusion>;
}

/** The one selection of the award (@mqa/rules `selectCandidates`) over a scored cycle. */
export function selectFor(bundle: CycleBundle, result: CycleResult, tieBreak: TieBreak): ScoredCycle {
  const exclusions = new Map<number, Exclusion>();
  const entries = result.applications.map((r) => {
    const app = bundle.appById.get(Number(r.id))!;
    const exclusion = exclusionOf({ ...candidacyFacts(app), missingItems: r.missingItems.length + r.insufficientItems.length });
    if (exclusion) exclusions.set(app.id, exclusion);
    return { id: r.id, total: r.total, priorityAreas: app.priorityAreas.length, exclusion };
  });
  try {
    const selection = selectCandidates(entries, {
      cap: bundle.cycle.award_cap,
      minTotal: bundle.cycle.min_total,
      tieBreak,
    });
    return { bundle, result, selection, exclusions };
  } catch (error) {
    rethrowDomain(error);
  }
}

export interface CycleResultsOptions {
  /** Default: the cycle's official method and fallback (see {@link resolveMethod}). */
  method?: AggregationMethod;
  /** Default: the cycle's declared tie-break (`cycles.tie_break`: Art. 2 priority areas, or none). */
  tieBreak?: TieBreak;
}

/** Scores a bundle and selects the candidates (exclusions, cap, minimum total, tie-break). */
export function scoreAndSelect(bundle: CycleBundle, options: CycleResultsOptions = {}): ScoredCycle {
  return selectFor(bundle, scoreBundle(bundle, options.method), options.tieBreak ?? bundle.cycle.tie_break);
}

/**
 * The cycle's results with its own weight set, without a request context (no cache): exactly
 * what `scoring.cycleResults` reports for the same data, method and tie-break.
 */
export async function computeCycleResults(db: DB, cycleOrYear: number | Cycle, options: CycleResultsOptions = {}): Promise<ScoredCycle> {
  return scoreAndSelect(await loadCycleBundle(db, cycleOrYear), options);
}

/**
 * {@link computeCycleResults} cached per data version, method and tie-break (the bundle is
 * cached too); without a tie-break, the cycle's own.
 */
export function scoredCycle(ctx: Context, year: number, method?: AggregationMethod, tieBreak?: TieBreak): Promise<ScoredCycle> {
  return ctx.services.cache.memo(`scored:${year}:${method ?? '-'}:${tieBreak ?? '-'}`, async () =>
    scoreAndSelect(await cycleBundle(ctx, year), { ...(method ? { method } : {}), ...(tieBreak ? { tieBreak } : {}) }),
  );
}

export function applicantLabel(app: ApplicationSummary) {
  return {
    id: app.id,
    code: app.code,
    name: { zh: app.applicantNameZh, en: app.applicantNameEn },
    applicantType: app.applicant_type,
    sector: app.sector,
    sectorName: sectorName(app.sector),
    district: app.district,
    districtName: districtName(app.district),
  };
}

export function examinerLabel(bundle: CycleBundle, id: number) {
  const e = bundle.examiners.get(id);
  return { id, name: e ? { zh: e.name_zh, en: e.name_en } : { zh: `评审员 ${id}`, en: `Examiner ${id}` } };
}

export function itemResultJson(r: ItemResult) {
  return { percent: r.percent, score: r.score, n: r.n, sd: r.sd, range: r.range, iqr: r.iqr, flagged: r.flagged, source: r.source };
}

export interface BundleIndex {
  /** The scores of the stage used ({@link CycleBundle.scores}), per application (objects built per application on first use). */
  scoresByApp: {
    get(applicationId: number): ScoreCell[] | undefined;
    /** Visits the index in {@link CycleBundle.cells} of each of the application's stage-used scores, building no object. */
    eachCell(applicationId: number, visit: (k: number) => void): void;
  };
  /** The applications of each review group, in the bundle's order. */
  appsByGroup: Map<number, ApplicationSummary[]>;
  /** The recorded conflicts (Art. 24) by `${applicationId}|${examinerId}`. */
  conflictByPair: Map<string, ConflictRow>;
}

const indexes = new WeakMap<CycleBundle, BundleIndex>();

/** The bundle's scores, applications and conflicts indexed once (built on first use, kept with the bundle). */
export function bundleIndex(bundle: CycleBundle): BundleIndex {
  let index = indexes.get(bundle);
  if (index) return index;
  const scoresByApp = scoresPerApplication(bundle);
  const appsByGroup = new Map<number, ApplicationSummary[]>();
  for (const a of bundle.applications) {
    if (a.review_group_id === null) continue;
    const list = appsByGroup.get(a.review_group_id);
    if (list) list.push(a);
    else appsByGroup.set(a.review_group_id, [a]);
  }
  const conflictByPair = new Map(bundle.conflicts.map((c) => [`${c.applicationId}|${c.examinerId}`, c]));
  index = { scoresByApp, appsByGroup, conflictByPair };
  indexes.set(bundle, index);
  return index;
}

/**
 * The stage-used scores of one application at a time, from the bundle's columns: the cells are
 * in application order, so each application's scores are one run of them, located once.
 */
function scoresPerApplication(bundle: CycleBundle): BundleIndex['scoresByApp'] {
  const cells = bundle.cells;
  const runs = new Map<number, [number, number]>();
  for (let k = 0; k < cells.length; k++) {
    const id = cells.applicationId[k]!;
    const run = runs.get(id);
    if (run) run[1] = k + 1;
    else runs.set(id, [k, k + 1]);
  }
  const made = new Map<number, ScoreCell[]>();
  const eachCell: BundleIndex['scoresByApp']['eachCell'] = (applicationId, visit) => {
    const run = runs.get(applicationId);
    const stage = bundle.stageOf.get(applicationId);
    if (!run || !stage) return;
    const st = STAGE_IDS.indexOf(stage);
    for (let k = run[0]; k < run[1]; k++) if (cells.applicationId[k] === applicationId && cells.stage[k] === st) visit(k);
  };
  return {
    eachCell,
    get(applicationId) {
      let list = made.get(applicationId);
      if (list) return list;
      const stage = bundle.stageOf.get(applicationId)!;
      list = [];
      eachCell(applicationId, (k) => {
        list.push({ applicationId, examinerId: cells.examinerId[k]!, itemId: cells.itemIds[cells.item[k]!]!, stage, percent: cells.percent[k]! });
      });
      if (list.length === 0) return undefined;
      made.set(applicationId, list);
      return list;
    },
  };
}

/** Consensus records indexed `${applicationId}|${itemId}` for the stage used. */
export function consensusIndex(bundle: CycleBundle): Map<string, ConsensusRecord> {
  return new Map(bundle.usedConsensus.map((c) => [`${c.application_id}|${c.item_id}`, c]));
}

const resultsJson = new WeakMap<ScoredCycle, ReturnType<typeof buildResultsJson>>();

/**
 * The full scoring output of a cycle, as plain JSON (shaped once per scored cycle: the cached
 * {@link scoredCycle} gives the same answer object until the data changes; treat it as read-only).
 */
export function cycleResultsJson(sc: ScoredCycle) {
  let json = resultsJson.get(sc);
  if (!json) {
    json = buildResultsJson(sc);
    resultsJson.set(sc, json);
  }
  return json;
}

function buildResultsJson(sc: ScoredCycle) {
  const { bundle, result, selection, exclusions } = sc;
  const resultById = new Map(result.applications.map((a) => [a.id, a]));
  const cIndex = consensusIndex(bundle);
  const { scoresByApp, conflictByPair } = bundleIndex(bundle);
  return {
    year: bundle.cycle.year,
    phase: bundle.cycle.phase,
    method: result.method,
    fallback: result.fallback,
    flagThreshold: result.flagThreshold,
    weightSet: weightSetSummary(bundle.weightSet),
    cap: selection.cap,
    minTotal: selection.minTotal,
    tieBreak: selection.tieBreak,
    /** Candidates in the running by their one rank (@mqa/rules), then those excluded (rank null). */
    applications: selection.decisions.map((d) => {
      const r = resultById.get(d.id)!;
      const app = bundle.appById.get(Number(r.id))!;
      const items: Record<string, ReturnType<typeof itemResultJson>> = {};
      for (const [itemId, it] of Object.entries(r.items)) items[itemId] = itemResultJson(it);
      return {
        ...applicantLabel(app),
        priorityAreas: app.priorityAreas,
        stage: bundle.stageOf.get(app.id)!,
        total: r.total,
        /** The cycle's one rank: competition rank among candidates in the running; null when excluded. */
        rank: d.rank,
        categories: r.categories,
        items,
        complete: r.complete,
        missingItems: r.missingItems,
        insufficientItems: r.insufficientItems,
        flaggedItems: r.flaggedItems,
        /** Examiners whose scores for this application are excluded (Art. 24), with the recorded reason. */
        excludedExaminers: r.excludedExaminers.map((id) => {
          const examinerId = Number(id);
          const c = conflictByPair.get(`${app.id}|${examinerId}`);
          let scoresExcluded = 0;
          for (const x of scoresByApp.get(app.id) ?? []) if (x.examinerId === examinerId) scoresExcluded++;
          return { ...examinerLabel(bundle, examinerId), article: 24, source: c?.source ?? null, reason: splitBilingual(c?.reason), scoresExcluded };
        }),
        exclusion: exclusions.get(app.id) ?? null,
        selection: { selected: d.selected, code: d.code, rank: d.rank, reason: d.reason },
      };
    }),
    selection: {
      selected: selection.selected.map(Number),
      vacancies: selection.vacancies,
      tieAtCap: selection.tieAtCap ? { ...selection.tieAtCap, ids: selection.tieAtCap.ids.map(Number) } : null,
      /** Total of the last selected candidate: the cap line. */
      capLine: selection.capLine,
    },
    agenda: result.agenda.map((a) => {
      const app = bundle.appById.get(Number(a.applicationId))!;
      const c = cIndex.get(`${a.applicationId}|${a.itemId}`);
      return {
        applicationId: app.id,
        code: app.code,
        name: { zh: app.applicantNameZh, en: app.applicantNameEn },
        itemId: a.itemId,
        stage: bundle.stageOf.get(app.id)!,
        range: a.range,
        sd: a.sd,
        n: a.n,
        consensus: c ? { percent: c.percent, reason: c.reason } : null,
      };
    }),
    recusals: bundle.conflicts.map((c) => {
      const app = bundle.appById.get(c.applicationId);
      return {
        applicationId: c.applicationId,
        code: app?.code ?? '',
        examiner: examinerLabel(bundle, c.examinerId),
        source: c.source,
        reason: c.reason,
        reasonText: splitBilingual(c.reason),
        article: 24,
      };
    }),
    recusedScores: result.recusedScores,
  };
}

export function weightSetSummary(ws: WeightSetWithPoints) {
  return {
    id: ws.id,
    code: ws.code,
    version: ws.version,
    name: { zh: ws.name_zh, en: ws.name_en },
    status: ws.status,
  };
}
