/**
 * The dashboard's analytics, computed from scored cycles. Every statistic comes from
 * @mqa/scoring (scoring, aggregation, reliability, sensitivity, distribution); this file only
 * selects data and shapes JSON.
 */
import { listCycles } from '@mqa/db';
import {
  aggregate,
  boxStats,
  CATEGORY_IDS,
  categoryTotals,
  examinerLeniency,
  GBT_19580_2012,
  histogram,
  icc,
  ICC_READING_COEFFICIENT,
  iccReading,
  ITEM_IDS,
  kendallW,
  rankAcceptability,
  rescoreCycle,
  scoreCycleColumnar,
  zScoreNormalise,
  type IccResult,
  type WeightSet,
} from '@mqa/scoring';
import type { Context } from '../context.ts';
import { apiError, rethrowDomain, type LocalizedText } from '../errors.ts';
import {
  applicantLabel,
  bundleIndex,
  consensusIndex,
  cycleBundle,
  examinerLabel,
  itemResultJson,
  scoredCycle,
  weightSetSummary,
  type CycleBundle,
  type ScoredCycle,
} from './cycle.ts';
import { decisionsById, todayInChina } from '@mqa/rules';
import { awardStatusJson, revocationJson } from './awards.ts';
import { districtName, sectorName } from './labels.ts';
import { splitFailures } from './eligibility.ts';

export const CATEGORY_NAMES: Record<string, LocalizedText> = Object.fromEntries(GBT_19580_2012.categories.map((c) => [c.id, c.name]));
export const ITEM_NAMES: Record<string, LocalizedText> = Object.fromEntries(
  GBT_19580_2012.categories.flatMap((c) => c.items.map((i) => [i.id, i.name] as const)),
);

function mean(values: number[]): number | null {
  return values.length ? aggregate(values, 'mean') : null;
}

function pct(score: number, max: number): number | null {
  return max > 0 ? (score / max) * 100 : null;
}

/** Count per key, with bilingual names, largest first. */
function countBy<T>(list: T[], key: (t: T) => string, name: (k: string) => LocalizedText) {
  const m = new Map<string, number>();
  for (const t of list) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return [...m.entries()].map(([id, count]) => ({ id, name: name(id), count })).sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
}

// ---------------------------------------------------------------------------------------------
// Overview

export function overviewJson(sc: ScoredCycle) {
  const { bundle, result, selection, exclusions } = sc;
  const maxByCategory = categoryTotals(bundle.weights);
  const resultById = new Map(result.applications.map((a) => [a.id, a]));
  const scored = result.applications.filter((a) => a.complete);
  const totals = scored.map((a) => a.total);
  const cIndex = consensusIndex(bundle);
  return {
    year: bundle.cycle.year,
    phase: bundle.cycle.phase,
    weightSet: weightSetSummary(bundle.weightSet),
    method: result.method,
    counts: {
      applications: bundle.applications.length,
      scored: result.applications.length,
      complete: scored.length,
      bySector: countBy(bundle.applications, (a) => a.sector, sectorName),
      byDistrict: countBy(bundle.applications, (a) => a.district, districtName),
      byType: countBy(
        bundle.applications,
        (a) => a.applicant_type,
        (k) => (k === 'organisation' ? { zh: '组织', en: 'Organisation' } : { zh: '个人', en: 'Individual' }),
      ),
      byStatus: countBy(
        bundle.applications,
        (a) => a.status,
        (k) => ({ zh: k, en: k }),
      ),
    },
    /** Histogram of complete totals (0–1000, 50-point bins). */
    histogram: histogram(totals, { min: 0, max: 1000, binWidth: 50 }),
    totals: boxStats(totals),
    /** Box-plot statistics per category, as % of the category's points (comparable across categories). */
    categories: CATEGORY_IDS.map((id) => {
      const max = maxByCategory[id]!;
      const values = scored.map((a) => pct(a.categories[id]!, max)!).filter((v) => v !== null);
      return { id, name: CATEGORY_NAMES[id]!, maxPoints: max, percentOfMax: boxStats(values), points: boxStats(scored.map((a) => a.categories[id]!)) };
    }),
    /** Candidates in the running by their one rank (@mqa/rules), then those excluded (rank null) with their article. */
    ranked: selection.decisions.map((d) => {
      const r = resultById.get(d.id)!;
      const app = bundle.appById.get(Number(r.id))!;
      return {
        ...applicantLabel(app),
        stage: bundle.stageOf.get(app.id)!,
        total: r.total,
        rank: d.rank,
        complete: r.complete,
        flaggedItems: r.flaggedItems.length,
        selected: d.selected,
        decision: d.code,
        reason: d.reason,
        exclusion: exclusions.get(app.id) ?? null,
      };
    }),
    cap: selection.cap,
    minTotal: selection.minTotal,
    capLine: selection.capLine,
    vacancies: selection.vacancies,
    tieAtCap: selection.tieAtCap ? { ...selection.tieAtCap, ids: selection.tieAtCap.ids.map(Number) } : null,
    /** The tie-break the selection used: 'priorityAreas' (more priority areas first, Art. 2) or 'none'. */
    tieBreak: selection.tieBreak,
    /** Flagged items (range ≥ threshold) with no consensus recorded yet, widest disagreement first. */
    awaitingConsensus: result.agenda
      .filter((a) => !cIndex.has(`${a.applicationId}|${a.itemId}`))
      .sort((a, b) => b.range - a.range || a.applicationId.localeCompare(b.applicationId))
      .map((a) => {
        const app = bundle.appById.get(Number(a.applicationId))!;
        return {
          applicationId: app.id,
          code: app.code,
          name: { zh: app.applicantNameZh, en: app.applicantNameEn },
          itemId: a.itemId,
          itemName: ITEM_NAMES[a.itemId]!,
          range: a.range,
          sd: a.sd,
          n: a.n,
        };
      }),
    flagThreshold: result.flagThreshold,
  };
}

/** The cycle's awards with their status on `asOf` (Art. 5; a revocation, Art. 27/28, shows as 'revoked'). */
export function cycleAwardsJson(bundle: CycleBundle, asOf: string) {
  return bundle.awards.map((a) => {
    const app = bundle.appById.get(a.applicationId);
    const s = awardStatusJson(a, asOf);
    return {
      awardId: a.id,
      applicationId: a.applicationId,
      code: app?.code ?? '',
      name: { zh: app?.applicantNameZh ?? '', en: app?.applicantNameEn ?? '' },
      certificateNo: a.certificateNo,
      awardedOn: a.awardedOn,
      validUntil: a.validUntil,
      prizeRmb: a.prizeRmb,
      status: s.status,
      statusArticle: s.article,
      statusMessage: s.message,
      revocation: a.revocation ? revocationJson(a.revocation) : null,
    };
  });
}

/**
 * The failed conditions behind an ineligible candidate's exclusion, each with its article and
 * item (项) (Art. 10–12), so a ranking row names them without the whole application list.
 */
function exclusionFailures(app: { eligibility_failures: string } | undefined, code: string): { article: number; clause: number | null }[] {
  if (code !== 'ineligible' || !app) return [];
  return splitFailures(app.eligibility_failures).vetoes.flatMap((f) => (f.article === null ? [] : [{ article: f.article, clause: f.clause }]));
}

export function cycleOverview(ctx: Context, year: number) {
  const asOf = todayInChina(ctx.services.now());
  return ctx.services.cache.memo(`overview:${year}:${asOf}`, async () => {
    const sc = await scoredCycle(ctx, year);
    const awards = cycleAwardsJson(sc.bundle, asOf);
    const awardOf = new Map(awards.map((a) => [a.applicationId, a]));
    const base = overviewJson(sc);
    return {
      ...base,
      ranked: base.ranked.map((r) => {
        const a = awardOf.get(r.id);
        return {
          ...r,
          exclusion: r.exclusion ? { ...r.exclusion, failures: exclusionFailures(sc.bundle.appById.get(r.id), r.exclusion.code) } : null,
          award: a ? { awardId: a.awardId, status: a.status, statusArticle: a.statusArticle, revoked: a.status === 'revoked' } : null,
        };
      }),
      /** The cycle's awards and their status today (valid / expiring / expired / revoked). */
      awards,
      awardsAsOf: asOf,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Panel reliability

/**
 * Each examiner's own total per application (`${applicationId}|${examinerId}`), computed by the
 * scoring core for the whole cycle at once: every (application, examiner) sheet is scored as a
 * one-examiner panel (method mean) through the columnar fast path, recused pairs left out.
 */
function examinerTotals(bundle: CycleBundle): Map<string, { total: number; complete: boolean }> {
  const c = bundle.columnar;
  const s = c.scores;
  const nEx = s.examinerIds.length;
  const recused = new Set<number>();
  for (let k = 0; k < c.recusals.application.length; k++) recused.add(c.recusals.application[k]! * nEx + c.recusals.examiner[k]!);
  const n = s.percent.length;
  const pairOf = new Map<number, number>();
  const pairIds: string[] = [];
  const pair = new Uint32Array(n);
  const item = new Uint8Array(n);
  const percent = new Float64Array(n);
  let m = 0;
  // A sheet's scores arrive together: look the pair up once per run, not once per score.
  let lastKey = -1;
  let lastPair = -1;
  for (let k = 0; k < n; k++) {
    const key = s.application[k]! * nEx + s.examiner[k]!;
    if (key !== lastKey) {
      lastKey = key;
      if (recused.has(key)) lastPair = -1;
      else {
        let p = pairOf.get(key);
        if (p === undefined) {
          p = pairIds.length;
          pairOf.set(key, p);
          pairIds.push(`${s.applicationIds[s.application[k]!]}|${s.examinerIds[s.examiner[k]!]}`);
        }
        lastPair = p;
      }
    }
    if (lastPair < 0) continue;
    pair[m] = lastPair;
    item[m] = s.item[k]!;
    percent[m] = s.percent[k]!;
    m++;
  }
  if (m === 0) return new Map();
  let r: ReturnType<typeof scoreCycleColumnar>;
  try {
    r = scoreCycleColumnar({
      weights: bundle.weights,
      method: 'mean',
      scores: {
        applicationIds: pairIds,
        examinerIds: ['-'],
        itemIds: s.itemIds ?? ITEM_IDS,
        application: pair.subarray(0, m),
        examiner: new Uint32Array(m),
        item: item.subarray(0, m),
        percent: percent.subarray(0, m),
      },
    });
  } catch (error) {
    rethrowDomain(error);
  }
  const out = new Map<string, { total: number; complete: boolean }>();
  for (let p = 0; p < pairIds.length; p++) out.set(pairIds[p]!, { total: r.total[p]!, complete: r.complete[p] === 1 });
  return out;
}

export interface GroupReliability {
  icc: IccResult | null;
  kendallW: number | null;
  /** Applications (rows) and examiners (columns) in the complete matrix. */
  n: number;
  k: number;
  /** Applications left out because some member has no complete sheet for them (recusal or missing). */
  excludedApplications: number;
  note: LocalizedText | null;
}

/** The scores of the stage used for these applications (through the bundle's index). */
function reliabilityOf(appIds: number[], memberIds: number[], totals: Map<string, { total: number; complete: boolean }>): GroupReliability {
  const rows: number[][] = [];
  for (const a of appIds) {
    const row: number[] = [];
    for (const e of memberIds) {
      const t = totals.get(`${a}|${e}`);
      if (!t || !t.complete) break;
      row.push(t.total);
    }
    if (row.length === memberIds.length) rows.push(row);
  }
  const base = { n: rows.length, k: memberIds.length, excludedApplications: appIds.length - rows.length };
  if (rows.length < 2 || memberIds.length < 2) {
    return {
      ...base,
      icc: null,
      kendallW: null,
      note: {
        zh: '完整评分的申报或评审员少于 2 个，无法计算信度。',
        en: 'Fewer than 2 applications or examiners with complete sheets: reliability cannot be computed.',
      },
    };
  }
  try {
    const w = kendallW(rows);
    return { ...base, icc: icc(rows), kendallW: Number.isNaN(w) ? null : w, note: null };
  } catch (error) {
    rethrowDomain(error);
  }
}

/** ICC and Kendall's W of each review group (on examiners' totals), cached per data version. */
export function groupReliability(ctx: Context, year: number): Promise<Map<number, GroupReliability>> {
  return ctx.services.cache.memo(`reliability:${year}`, async () => {
    const bundle = await cycleBundle(ctx, year);
    const out = new Map<number, GroupReliability>();
    const { appsByGroup } = bundleIndex(bundle);
    const totals = examinerTotals(bundle);
    for (const g of bundle.groups) {
      const appIds = (appsByGroup.get(g.id) ?? []).filter((a) => bundle.stageOf.has(a.id)).map((a) => a.id);
      out.set(g.id, reliabilityOf(appIds, g.memberIds, totals));
    }
    return out;
  });
}

/**
 * What every review group's panel entry is made from, computed once per cycle and data version
 * (the scored cycle, every group's reliability, the recusals and the consensus agenda split by
 * group), so one group or a page of groups costs only its own entries.
 */
function panelBase(ctx: Context, year: number) {
  return ctx.services.cache.memo(`panel-base:${year}`, async () => {
    const sc = await scoredCycle(ctx, year);
    const { bundle, result } = sc;
    const reliability = await groupReliability(ctx, year);
    const byId = new Map(result.applications.map((a) => [Number(a.id), a]));
    const cIndex = consensusIndex(bundle);
    const { appsByGroup, scoresByApp } = bundleIndex(bundle);
    // Recusals (Art. 24) per review group: another group's never match a group's scores.
    const recusalsByGroup = new Map<number, { applicationId: string; examinerId: string }[]>();
    for (const c of bundle.conflicts) {
      const groupId = bundle.appById.get(c.applicationId)?.review_group_id;
      if (groupId === null || groupId === undefined) continue;
      const list = recusalsByGroup.get(groupId) ?? [];
      list.push({ applicationId: String(c.applicationId), examinerId: String(c.examinerId) });
      recusalsByGroup.set(groupId, list);
    }
    // The consensus agenda split by review group once (not filtered per group).
    const agendaByGroup = new Map<number, typeof result.agenda>();
    for (const a of result.agenda) {
      const groupId = bundle.appById.get(Number(a.applicationId))?.review_group_id;
      if (groupId === null || groupId === undefined) continue;
      const list = agendaByGroup.get(groupId);
      if (list) list.push(a);
      else agendaByGroup.set(groupId, [a]);
    }
    // Ids as the scoring core's object API takes them (strings), converted once per id.
    const idTexts = new Map<number, string>();
    const idText = (id: number) => {
      let t = idTexts.get(id);
      if (t === undefined) idTexts.set(id, (t = String(id)));
      return t;
    };
    const groupById = new Map(bundle.groups.map((g) => [g.id, g]));
    const groupEntry = (g: (typeof bundle.groups)[number]) => {
      const apps = (appsByGroup.get(g.id) ?? []).filter((a) => byId.has(a.id));
      const appSet = new Set(apps.map((a) => a.id));
      const groupRecusals = recusalsByGroup.get(g.id) ?? [];
      // The group's scores as the core's object API takes them, built straight from the columns.
      const scores: { applicationId: string; examinerId: string; itemId: string; percent: number }[] = [];
      const cols = bundle.cells;
      for (const a of apps) {
        const applicationId = idText(a.id);
        scoresByApp.eachCell(a.id, (k) => {
          scores.push({ applicationId, examinerId: idText(cols.examinerId[k]!), itemId: cols.itemIds[cols.item[k]!]!, percent: cols.percent[k]! });
        });
      }
      let leniency: ReturnType<typeof examinerLeniency> = [];
      let normalised: ReturnType<typeof zScoreNormalise> = [];
      try {
        leniency = examinerLeniency(scores, { recusals: groupRecusals });
        normalised = zScoreNormalise(scores, { recusals: groupRecusals });
      } catch (error) {
        rethrowDomain(error);
      }
      // z-normalised percentages averaged per item (aggregate), then re-scored with the cycle's weights.
      // Per application, per item: the normalised percentages (no string key per score).
      const cells = new Map<string, Map<string, number[]>>();
      for (const z of normalised) {
        if (z.normalisedPercent === null) continue;
        let byItem = cells.get(z.applicationId);
        if (!byItem) cells.set(z.applicationId, (byItem = new Map()));
        const list = byItem.get(z.itemId);
        if (list) list.push(z.normalisedPercent);
        else byItem.set(z.itemId, [z.normalisedPercent]);
      }
      const rawRows = apps.map((a) => byId.get(a.id)!);
      const zInput = rawRows.map((r) => {
        const items: Record<string, { percent: number | null }> = {};
        const byItem = cells.get(r.id);
        for (const itemId of ITEM_IDS) {
          const list = byItem?.get(itemId);
          items[itemId] = { percent: list?.length ? aggregate(list, 'mean') : null };
        }
        return { id: r.id, rank: r.rank, total: r.total, items };
      });
      let zScored: ReturnType<typeof rescoreCycle> | null = null;
      try {
        zScored = zInput.length ? rescoreCycle({ applications: zInput }, bundle.weights) : null;
      } catch (error) {
        rethrowDomain(error);
      }
      const zById = new Map((zScored?.applications ?? []).map((a) => [a.id, a]));
      const rawRanked = [...rawRows].sort((a, b) => b.total - a.total);
      return {
        group: { id: g.id, name: { zh: g.nameZh, en: g.nameEn }, leader: examinerLabel(bundle, g.leaderExaminerId) },
        members: g.memberIds.map((id) => examinerLabel(bundle, id)),
        applications: apps.length,
        leniency: leniency.map((l) => ({
          ...examinerLabel(bundle, Number(l.examinerId)),
          n: l.n,
          meanDeviation: l.meanDeviation,
          mean: l.mean,
          sd: l.sd,
          tendency: l.tendency,
        })),
        reliability: reliability.get(g.id)!,
        agenda: (agendaByGroup.get(g.id) ?? [])
          .filter((a) => appSet.has(Number(a.applicationId)))
          .sort((a, b) => b.range - a.range || a.applicationId.localeCompare(b.applicationId) || a.itemId.localeCompare(b.itemId))
          .map((a) => {
            const app = bundle.appById.get(Number(a.applicationId))!;
            const c = cIndex.get(`${a.applicationId}|${a.itemId}`);
            return {
              applicationId: app.id,
              code: app.code,
              name: { zh: app.applicantNameZh, en: app.applicantNameEn },
              itemId: a.itemId,
              itemName: ITEM_NAMES[a.itemId]!,
              range: a.range,
              sd: a.sd,
              n: a.n,
              consensus: c ? { percent: c.percent, reason: c.reason } : null,
            };
          }),
        totals: rawRanked.map((r, i) => {
          const app = bundle.appById.get(Number(r.id))!;
          const z = zById.get(r.id);
          return {
            applicationId: app.id,
            code: app.code,
            name: { zh: app.applicantNameZh, en: app.applicantNameEn },
            rawTotal: r.total,
            rawRankInGroup: i + 1,
            zTotal: z?.total ?? null,
            zRankInGroup: z?.rank ?? null,
          };
        }),
      };
    };
    const entries = new Map<number, ReturnType<typeof groupEntry>>();
    /** The panel entry of one review group (built on first use, then reused). */
    const entry = (g: (typeof bundle.groups)[number]) => {
      let e = entries.get(g.id);
      if (!e) entries.set(g.id, (e = groupEntry(g)));
      return e;
    };
    // What a search for a group matches: its name, its leader's and its members' names.
    const texts = new Map<number, string>();
    const searchText = (g: (typeof bundle.groups)[number]) => {
      let t = texts.get(g.id);
      if (t === undefined) {
        const names = [g.nameZh, g.nameEn, ...[g.leaderExaminerId, ...g.memberIds].flatMap((id) => Object.values(examinerLabel(bundle, id).name))];
        texts.set(g.id, (t = names.join('\n').toLowerCase()));
      }
      return t;
    };
    let summary: PanelSummary | null = null;
    /** Figures over every review group of the cycle (what a page of groups cannot add up). */
    const cycleSummary = (): PanelSummary => {
      if (summary) return summary;
      const readings = { good: 0, moderate: 0, poor: 0, unknown: 0 };
      const examiners = new Set<number>();
      let applications = 0;
      let agendaItems = 0;
      for (const g of bundle.groups) {
        const apps = (appsByGroup.get(g.id) ?? []).filter((a) => byId.has(a.id));
        const appSet = new Set(apps.map((a) => a.id));
        applications += apps.length;
        for (const a of agendaByGroup.get(g.id) ?? []) if (appSet.has(Number(a.applicationId))) agendaItems++;
        for (const id of g.memberIds) examiners.add(id);
        readings[iccReading(reliability.get(g.id)?.icc?.[ICC_READING_COEFFICIENT]) ?? 'unknown']++;
      }
      return (summary = { groups: bundle.groups.length, applications, examiners: examiners.size, agendaItems, readings });
    };
    return { bundle, result, reliability, agendaByGroup, groupById, entry, searchText, summary: cycleSummary };
  });
}

type PanelBase = Awaited<ReturnType<typeof panelBase>>;

/** The whole cycle's panel in a few figures: groups, the applications and examiners in them, agenda items, groups by ICC reading. */
export interface PanelSummary {
  groups: number;
  applications: number;
  examiners: number;
  agendaItems: number;
  /** Review groups by the reading of their ICC (@mqa/scoring `iccReading` of `ICC_READING_COEFFICIENT`); `unknown` when it cannot be computed. */
  readings: { good: number; moderate: number; poor: number; unknown: number };
}

/** One review group's panel entry (an element of `analytics.panel`). */
export type PanelGroupJson = ReturnType<PanelBase['entry']>;

/** Every review group's panel entry, in the cycle's group order (the answer of `analytics.panel`). */
export function panelJson(ctx: Context, year: number) {
  return ctx.services.cache.memo(`panel:${year}`, async () => {
    const base = await panelBase(ctx, year);
    return base.bundle.groups.map((g) => base.entry(g));
  });
}

/** The panel entries of the given review groups (in the order asked); NOT_FOUND naming the ids the cycle has no group for. */
export async function panelGroupsJson(ctx: Context, year: number, groupIds: readonly number[]) {
  const base = await panelBase(ctx, year);
  const missing = groupIds.filter((id) => !base.groupById.has(id));
  if (missing.length) throw groupsNotFound(year, missing);
  return groupIds.map((id) => base.entry(base.groupById.get(id)!));
}

/** Review groups per page of `analytics.panelPage` unless asked, and at most. */
export const PANEL_PAGE_SIZE = 20;
export const MAX_PANEL_PAGE_SIZE = 50;

/** Where a page of review groups starts: after the group `id`, which was at position `pos` of the (searched) list. */
export interface PanelAfter {
  pos: number;
  id: number;
}

/**
 * One page of the panel: the entries of `limit` review groups after `after` (in the cycle's group
 * order, searched by `q`: part of the group's, its leader's or a member's name), how many groups
 * match, where the next page starts (null after the last), and a summary of the whole cycle's
 * panel (every group, whatever the search), so a page computes only its own groups' entries.
 */
export async function panelPageJson(ctx: Context, year: number, input: { limit: number; after: PanelAfter | null; q?: string | undefined }) {
  const base = await panelBase(ctx, year);
  const q = input.q?.trim().toLowerCase() ?? '';
  const groups = q ? base.bundle.groups.filter((g) => base.searchText(g).includes(q)) : base.bundle.groups;
  let from = 0;
  if (input.after) {
    // The group itself when it is still there (a change may have moved it), else its position.
    const at = groups.findIndex((g) => g.id === input.after!.id);
    from = at >= 0 ? at + 1 : Math.min(groups.length, input.after.pos + 1);
  }
  const page = groups.slice(from, from + input.limit);
  const lastAt = from + page.length - 1;
  return {
    items: page.map((g) => base.entry(g)),
    total: groups.length,
    next: page.length && lastAt + 1 < groups.length ? { pos: lastAt, id: page[page.length - 1]!.id } : null,
    summary: base.summary(),
  };
}

export function groupsNotFound(year: number, missing: readonly number[]) {
  return apiError(
    'NOT_FOUND',
    {
      zh: `${year} 年度没有这些评审组：${missing.join('、')}。`,
      en: `The ${year} cycle has no review group ${missing.join(', ')}.`,
    },
    { missing: [...missing] },
  );
}

// ---------------------------------------------------------------------------------------------
// Rank acceptability

export interface AcceptabilityParams {
  weights: WeightSet;
  samples: number;
  concentration: number;
  seed: number;
}

/**
 * Ranks counted by the server's rank acceptability (@mqa/scoring `ranks`): the dashboard shows
 * at most the top 20, and any cycle of up to this many candidates gets the full analysis; a
 * larger one runs over its plausible contenders only.
 */
export const ACCEPTABILITY_RANKS = 100;

/** Eligible candidates' category scores under `weights` (re-scored by the core). */
function candidateCategories(sc: ScoredCycle, weights: WeightSet) {
  const eligible = sc.result.applications.filter((a) => !sc.exclusions.has(Number(a.id)));
  try {
    const r = rescoreCycle({ applications: eligible }, weights);
    return r.applications.map((a) => ({ id: a.id, categories: a.categories }));
  } catch (error) {
    rethrowDomain(error);
  }
}

export function acceptabilityOf(sc: ScoredCycle, p: AcceptabilityParams) {
  const candidates = candidateCategories(sc, p.weights);
  try {
    return rankAcceptability(candidates, {
      base: p.weights,
      samples: p.samples,
      concentration: p.concentration,
      seed: p.seed,
      cap: sc.bundle.cycle.award_cap,
      minTotal: sc.bundle.cycle.min_total,
      ranks: ACCEPTABILITY_RANKS,
    });
  } catch (error) {
    rethrowDomain(error);
  }
}

/** Rank acceptability under the cycle's own weights (default sampling), cached. */
export function defaultAcceptability(ctx: Context, year: number) {
  return ctx.services.cache.memo(`acceptability:${year}`, async () => {
    const sc = await scoredCycle(ctx, year);
    return acceptabilityOf(sc, { weights: sc.bundle.weights, samples: 2000, concentration: 100, seed: 1 });
  });
}

// ---------------------------------------------------------------------------------------------
// Compare

export async function compareJson(ctx: Context, year: number, ids: number[] | undefined) {
  const sc = await scoredCycle(ctx, year);
  const { bundle, result } = sc;
  const maxByCategory = categoryTotals(bundle.weights);
  const decisionOf = decisionsById(sc.selection);
  // Default: the first three candidates in the running, by the cycle's one rank.
  const chosen =
    ids ??
    sc.selection.decisions
      .filter((d) => d.rank !== null)
      .slice(0, 3)
      .map((d) => Number(d.id));
  const [reliability, acceptability] = await Promise.all([groupReliability(ctx, year), defaultAcceptability(ctx, year)]);
  const accById = new Map(acceptability.candidates.map((c) => [c.id, c]));
  const { scoresByApp, conflictByPair: recused } = bundleIndex(bundle);
  const resultById = new Map(result.applications.map((a) => [Number(a.id), a]));
  const missing = chosen.filter((id) => !resultById.has(id));
  return {
    year,
    weightSet: weightSetSummary(bundle.weightSet),
    method: result.method,
    missing,
    candidates: chosen
      .map((id) => resultById.get(id))
      .filter((r) => r !== undefined)
      .map((r) => {
        const app = bundle.appById.get(Number(r.id))!;
        const raw = (scoresByApp.get(app.id) ?? []).filter((s) => !recused.has(`${s.applicationId}|${s.examinerId}`));
        const examinerIds = [...new Set(raw.map((s) => s.examinerId))].sort((a, b) => a - b);
        const acc = accById.get(r.id);
        const items: Record<string, ReturnType<typeof itemResultJson>> = {};
        for (const [itemId, it] of Object.entries(r.items)) items[itemId] = itemResultJson(it);
        return {
          ...applicantLabel(app),
          stage: bundle.stageOf.get(app.id)!,
          total: r.total,
          /** The cycle's one rank (@mqa/rules); null when not in the running. */
          rank: decisionOf.get(r.id)?.rank ?? null,
          complete: r.complete,
          exclusion: sc.exclusions.get(app.id) ?? null,
          categories: CATEGORY_IDS.map((c) => ({
            id: c,
            name: CATEGORY_NAMES[c]!,
            score: r.categories[c]!,
            max: maxByCategory[c]!,
            percentOfMax: pct(r.categories[c]!, maxByCategory[c]!),
          })),
          items,
          examiners: examinerIds.map((e) => {
            const percents: Record<string, number> = {};
            for (const s of raw) if (s.examinerId === e) percents[s.itemId] = s.percent;
            return { ...examinerLabel(bundle, e), percents };
          }),
          acceptability: acc
            ? {
                selectionProbability: acc.selectionProbability,
                meanRank: acc.meanRank,
                rankProbabilities: acc.rankProbabilities.slice(0, 10),
                samples: acceptability.samples,
              }
            : null,
          reliability: app.review_group_id !== null ? (reliability.get(app.review_group_id) ?? null) : null,
        };
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Sectors, districts, trends

async function allScored(ctx: Context, year?: number): Promise<ScoredCycle[]> {
  const cycles = await listCycles(ctx.db);
  const chosen = year === undefined ? cycles : cycles.filter((c) => c.year === year);
  return Promise.all(chosen.map((c) => scoredCycle(ctx, c.year)));
}

interface AppCategoryShares {
  sector: string;
  district: string;
  total: number;
  shares: Record<string, number>;
}

function sharesOf(sc: ScoredCycle): AppCategoryShares[] {
  const max = categoryTotals(sc.bundle.weights);
  return sc.result.applications
    .filter((a) => a.complete)
    .map((a) => {
      const app = sc.bundle.appById.get(Number(a.id))!;
      const shares: Record<string, number> = {};
      for (const c of CATEGORY_IDS) shares[c] = pct(a.categories[c]!, max[c]!) ?? 0;
      return { sector: app.sector, district: app.district, total: a.total, shares };
    });
}

function categoryMeans(rows: AppCategoryShares[]) {
  const out: Record<string, number | null> = {};
  for (const c of CATEGORY_IDS) out[c] = mean(rows.map((r) => r.shares[c]!));
  return out;
}

function groupRows(rows: AppCategoryShares[], key: (r: AppCategoryShares) => string, name: (k: string) => LocalizedText) {
  const m = new Map<string, AppCategoryShares[]>();
  for (const r of rows) {
    const list = m.get(key(r));
    if (list) list.push(r);
    else m.set(key(r), [r]);
  }
  return [...m.entries()]
    .map(([id, list]) => ({ id, name: name(id), n: list.length, meanTotal: mean(list.map((r) => r.total)), categoryMeans: categoryMeans(list) }))
    .sort((a, b) => b.n - a.n || a.id.localeCompare(b.id));
}

/**
 * The fewest applications a mean rests on before the dashboard reads it as a finding: a group of
 * sector, banner/district or cell with fewer is shown greyed and marked as resting on few
 * applications (one definition; the views take it from the responses as `minN`).
 */
export const MIN_GROUP_N = 3;

export function sectorsJson(ctx: Context, year?: number) {
  return ctx.services.cache.memo(`sectors:${year ?? 'all'}`, async () => {
    const rows = (await allScored(ctx, year)).flatMap(sharesOf);
    const citywide = categoryMeans(rows);
    return {
      year: year ?? null,
      applications: rows.length,
      /** Groups (and heatmap cells) resting on fewer applications are shown greyed ({@link MIN_GROUP_N}). */
      minN: MIN_GROUP_N,
      /** Category scores as % of the category's points, averaged. */
      bySector: groupRows(rows, (r) => r.sector, sectorName),
      byDistrict: groupRows(rows, (r) => r.district, districtName),
      citywide: CATEGORY_IDS.map((c) => ({ id: c, name: CATEGORY_NAMES[c]!, meanPercent: citywide[c] ?? null })),
      /** Categories from weakest to strongest, citywide. */
      weakestCategories: CATEGORY_IDS.filter((c) => citywide[c] !== null)
        .map((c) => ({ id: c, name: CATEGORY_NAMES[c]!, meanPercent: citywide[c]! }))
        .sort((a, b) => a.meanPercent - b.meanPercent),
    };
  });
}

export function trendsJson(ctx: Context) {
  return ctx.services.cache.memo('trends', async () => {
    const scored = await allScored(ctx);
    const awards = await ctx.db
      .selectFrom('awards')
      .leftJoin('revocations', 'revocations.award_id', 'awards.id')
      .select(['awards.cycle_id as cycle_id', 'revocations.id as revocation_id'])
      .execute();
    return scored.map((sc) => {
      const rows = sharesOf(sc);
      const totals = rows.map((r) => r.total);
      const box = boxStats(totals);
      const means = categoryMeans(rows);
      const minTotal = sc.bundle.cycle.min_total;
      const aboveMinimum = totals.filter((t) => t >= minTotal).length;
      const weakest = CATEGORY_IDS.filter((c) => means[c] !== null).sort((a, b) => means[a]! - means[b]! || a.localeCompare(b))[0];
      return {
        year: sc.bundle.cycle.year,
        phase: sc.bundle.cycle.phase,
        applications: sc.bundle.applications.length,
        scored: rows.length,
        meanTotal: mean(totals),
        medianTotal: box?.median ?? null,
        spread: box ? { sd: box.sd, iqr: box.iqr, min: box.min, max: box.max } : null,
        categoryMeans: categoryMeans(rows),
        awardees: awards.filter((a) => a.cycle_id === sc.bundle.cycle.id).length,
        /** Awards of the cycle revoked since (Art. 27–28). */
        revoked: awards.filter((a) => a.cycle_id === sc.bundle.cycle.id && a.revocation_id !== null).length,
        proposed: sc.selection.selected.length,
        bySector: groupRows(rows, (r) => r.sector, sectorName).map((g) => ({ id: g.id, name: g.name, n: g.n, meanTotal: g.meanTotal })),
        /** The cycle's minimum total for an award (Art. 17) and how many complete sheets reach it. */
        minTotal,
        aboveMinimum,
        /** Share (0–1) of the scored applications at or above the minimum total; null with none scored. */
        shareAboveMinimum: rows.length ? aboveMinimum / rows.length : null,
        /** The category with the lowest mean share of its points this cycle. */
        weakestCategory: weakest === undefined ? null : { id: weakest, name: CATEGORY_NAMES[weakest]!, meanPercent: means[weakest]! },
        byDistrict: groupRows(rows, (r) => r.district, districtName).map((g) => ({ id: g.id, name: g.name, n: g.n, meanTotal: g.meanTotal })),
      };
    });
  });
}

/** A value this cycle against the last, with its change (null when either side is missing). */
function delta(current: number | null, previous: number | null) {
  return { current, previous, change: current !== null && previous !== null ? current - previous : null };
}

interface Track {
  id: string;
  name: LocalizedText;
  points: { year: number; n: number; value: number | null }[];
}

/**
 * Each group's change from the previous cycle to the current one, largest rise first (groups
 * missing from either cycle last); `lowN` when either side rests on fewer than MIN_GROUP_N.
 */
function rankedChanges(tracks: Track[], current: number | null, previous: number | null) {
  const at = (t: Track, y: number | null) => (y === null ? undefined : t.points.find((p) => p.year === y));
  return tracks
    .map((t) => {
      const cur = at(t, current);
      const prev = at(t, previous);
      const d = delta(cur?.value ?? null, prev?.value ?? null);
      return {
        ...t,
        points: t.points.map((p) => ({ ...p, lowN: p.n < MIN_GROUP_N })),
        ...d,
        currentN: cur?.n ?? 0,
        previousN: prev?.n ?? 0,
        lowN: (cur?.n ?? 0) < MIN_GROUP_N || (prev?.n ?? 0) < MIN_GROUP_N,
      };
    })
    .sort((a, b) => (b.change ?? -Infinity) - (a.change ?? -Infinity) || a.id.localeCompare(b.id));
}

/**
 * For leadership: this cycle against the last (applications, mean total, share at or above the
 * minimum, the weakest category), and each banner/district, sector and category across the
 * cycles with its counts, ranked by its change. "This cycle" is the newest with complete sheets.
 */
export function trendChangesJson(ctx: Context) {
  return ctx.services.cache.memo('trendChanges', async () => {
    const cycles = [...(await trendsJson(ctx))].sort((a, b) => a.year - b.year);
    const scored = cycles.filter((c) => c.scored > 0);
    const cur = scored[scored.length - 1] ?? null;
    const prev = scored[scored.length - 2] ?? null;
    const years = scored.map((c) => c.year);
    const tracksOf = (pick: (c: (typeof cycles)[number]) => { id: string; name: LocalizedText; n: number; meanTotal: number | null }[]) => {
      const m = new Map<string, Track>();
      for (const c of scored) {
        for (const g of pick(c)) {
          let t = m.get(g.id);
          if (!t) m.set(g.id, (t = { id: g.id, name: g.name, points: [] }));
          t.points.push({ year: c.year, n: g.n, value: g.meanTotal });
        }
      }
      return [...m.values()];
    };
    const categories: Track[] = CATEGORY_IDS.map((id) => ({
      id,
      name: CATEGORY_NAMES[id]!,
      points: scored.map((c) => ({ year: c.year, n: c.scored, value: c.categoryMeans[id] ?? null })),
    }));
    const weakest = cur?.weakestCategory ?? null;
    return {
      /** The cycles compared (newest with complete sheets, and the one before it). */
      current: cur?.year ?? null,
      previous: prev?.year ?? null,
      /** The cycles with complete sheets, oldest first (the x axis of every track). */
      years,
      minN: MIN_GROUP_N,
      headline: {
        applications: delta(cur?.applications ?? null, prev?.applications ?? null),
        scored: delta(cur?.scored ?? null, prev?.scored ?? null),
        meanTotal: delta(cur?.meanTotal ?? null, prev?.meanTotal ?? null),
        /** Share (0–1) of scored applications at or above each cycle's own minimum total. */
        shareAboveMinimum: { ...delta(cur?.shareAboveMinimum ?? null, prev?.shareAboveMinimum ?? null), minTotal: cur?.minTotal ?? null },
        /** This cycle's weakest category, its mean share this cycle and last. */
        weakestCategory: weakest
          ? {
              id: weakest.id,
              name: weakest.name,
              ...delta(weakest.meanPercent, prev?.categoryMeans[weakest.id] ?? null),
              previousWeakest: prev?.weakestCategory?.id ?? null,
            }
          : null,
      },
      /** Mean total per banner/district and sector (n = complete sheets), ranked by change; categories as % of their points. */
      districts: rankedChanges(
        tracksOf((c) => c.byDistrict),
        cur?.year ?? null,
        prev?.year ?? null,
      ),
      sectors: rankedChanges(
        tracksOf((c) => c.bySector),
        cur?.year ?? null,
        prev?.year ?? null,
      ),
      categories: rankedChanges(categories, cur?.year ?? null, prev?.year ?? null),
    };
  });
}

export { CATEGORY_IDS, ITEM_IDS };
