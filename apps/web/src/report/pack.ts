/**
 * Pure logic of the printable committee pack (`/report/:year`): who gets a page, how the
 * candidates are fetched, their disagreements, and when the page is ready to be printed.
 */
import { aggregate } from '@mqa/scoring';
import { isAppLocale, type AppLocale } from '../i18n/index.ts';

/** What the shortlist needs of a ranked application (scoring.cycleResults → applications). */
export interface RankedLike {
  id: number;
  /** The cycle's one rank (among candidates in the running); null when excluded. */
  rank: number | null;
  complete: boolean;
  exclusion: unknown;
  selection: { selected: boolean };
}

/** Runners-up after the last selected candidate that still get a page (the borderline cases). */
export const RUNNERS_UP = 3;
/** A pack never has more candidate pages than this. */
export const MAX_CANDIDATE_PAGES = 12;

/**
 * The candidates that get a page of their own, in rank order: every candidate the selection
 * rule puts within the award cap, then the next {@link RUNNERS_UP} ranked candidates that are
 * neither excluded nor incomplete (the committee weighs the cap line with them). When nobody is
 * selected yet (e.g. no one reaches the minimum total), the first `cap + RUNNERS_UP` eligible ones.
 */
export function shortlistIds(apps: readonly RankedLike[], cap: number, runnersUp = RUNNERS_UP, max = MAX_CANDIDATE_PAGES): number[] {
  const ranked = apps.filter((a): a is RankedLike & { rank: number } => a.rank !== null).sort((a, b) => a.rank - b.rank);
  const selected = ranked.filter((a) => a.selection.selected);
  const open = ranked.filter((a) => !a.selection.selected && !a.exclusion && a.complete);
  let out: (RankedLike & { rank: number })[];
  if (selected.length > 0) {
    const lastRank = selected[selected.length - 1]!.rank;
    out = [...selected, ...open.filter((a) => a.rank > lastRank).slice(0, runnersUp)];
  } else {
    out = open.slice(0, Math.max(0, cap) + runnersUp);
  }
  return out
    .sort((a, b) => a.rank - b.rank)
    .slice(0, max)
    .map((a) => a.id);
}

/**
 * Splits ids into requests of `analytics.compare`, which takes 2 to 6 candidates: balanced
 * chunks, none of a single id. A lone id borrows a partner from `spare` (dropped from the
 * answer by the caller); with no partner available it goes alone (the caller then omits `ids`).
 */
export function compareChunks(ids: readonly number[], spare: readonly number[], max = 6, min = 2): { ids: number[]; extra: number[] }[] {
  if (ids.length === 0) return [];
  const n = Math.ceil(ids.length / max);
  const size = Math.ceil(ids.length / n);
  const chunks: number[][] = [];
  for (let i = 0; i < ids.length; i += size) chunks.push(ids.slice(i, i + size));
  return chunks.map((c) => {
    if (c.length >= min) return { ids: c, extra: [] };
    const partners = spare.filter((s) => !c.includes(s)).slice(0, min - c.length);
    return { ids: [...c, ...partners], extra: partners };
  });
}

export interface AgendaLike {
  applicationId: number;
  itemId: string;
  range: number;
  sd: number;
  n: number;
  consensus: { percent: number; reason: string } | null;
}

export interface ItemLike {
  percent: number | null;
  range: number | null;
  sd: number | null;
  n: number;
  flagged: boolean;
}

export interface Disagreement {
  itemId: string;
  range: number | null;
  sd: number | null;
  n: number;
  /** The recorded consensus percentage, null while none is recorded. */
  consensus: number | null;
  reason: string | null;
}

/**
 * A candidate's disagreements: its items on the consensus agenda (the examiners' range reached
 * the cycle's threshold), with the recorded consensus, plus any other item the scoring marks as
 * flagged; widest range first, then item order.
 */
export function disagreementsOf(applicationId: number, agenda: readonly AgendaLike[], items: Readonly<Record<string, ItemLike>>): Disagreement[] {
  const out = new Map<string, Disagreement>();
  for (const a of agenda) {
    if (a.applicationId !== applicationId) continue;
    out.set(a.itemId, {
      itemId: a.itemId,
      range: a.range,
      sd: a.sd,
      n: a.n,
      consensus: a.consensus ? a.consensus.percent : null,
      reason: a.consensus?.reason?.trim() || null,
    });
  }
  for (const [itemId, it] of Object.entries(items)) {
    if (it.flagged && !out.has(itemId)) out.set(itemId, { itemId, range: it.range, sd: it.sd, n: it.n, consensus: null, reason: null });
  }
  const order = (id: string) => id.split('.').map(Number);
  return [...out.values()].sort((a, b) => {
    const r = (b.range ?? -1) - (a.range ?? -1);
    if (r !== 0) return r;
    const [x, y] = [order(a.itemId), order(b.itemId)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  });
}

/** Mean of each position over several series, ignoring missing values (null when none). */
export function meanSeries(series: readonly (readonly (number | null | undefined)[])[]): (number | null)[] {
  const len = Math.max(0, ...series.map((s) => s.length));
  const out: (number | null)[] = [];
  for (let i = 0; i < len; i++) {
    const vals = series.map((s) => s[i]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    out.push(vals.length ? aggregate(vals, 'mean') : null);
  }
  return out;
}

/** The report page's query: `lang=zh|en` (also `zh-CN`), `print=1`. */
export function reportQuery(query: Record<string, unknown>): { lang: AppLocale | null; print: boolean } {
  const raw = Array.isArray(query.lang) ? query.lang[0] : query.lang;
  const l = typeof raw === 'string' ? raw.trim() : '';
  const lang: AppLocale | null = l === 'zh' || l === 'zh-CN' ? 'zh-CN' : l === 'en' ? 'en' : isAppLocale(l) ? l : null;
  const p = Array.isArray(query.print) ? query.print[0] : query.print;
  return { lang, print: p === '1' || p === 'true' || p === '' || p === null };
}

/**
 * Readiness of the page from its charts: ready when exactly the expected number of charts is on
 * the page and every one has rendered; progress (0..1) counts the rendered ones.
 */
export function chartReadiness(expected: number, rendered: readonly boolean[]): { ready: boolean; progress: number } {
  if (expected <= 0) return { ready: rendered.length === 0, progress: 1 };
  const done = rendered.filter(Boolean).length;
  return { ready: rendered.length === expected && done === expected, progress: Math.min(1, done / expected) };
}
