import { useLocaleStore } from '../stores/locale.ts';
import * as f from '../utils/format.ts';

/** Number formatting bound to the current UI language. */
export function useFormat() {
  const store = useLocaleStore();
  return {
    pick: store.pick,
    num: (v: number | null | undefined, digits = 1) => f.formatNumber(v, store.locale, digits),
    fixed: (v: number | null | undefined, digits = 1) => f.formatFixed(v, store.locale, digits),
    score: (v: number | null | undefined) => f.formatScore(v, store.locale),
    int: (v: number | null | undefined) => f.formatInteger(v, store.locale),
    share: (v: number | null | undefined, digits = 1) => f.formatShare(v, store.locale, digits),
    percent: (v: number | null | undefined, digits = 1) => f.formatPercent(v, store.locale, digits),
    signed: (v: number | null | undefined, digits = 1) => f.formatSigned(v, store.locale, digits),
    date: (v: string | null | undefined) => f.formatDate(v, store.locale),
    dateTime: (v: Date | string) => f.formatDateTime(v, store.locale),
    cny: (v: number | null | undefined) => f.formatCny(v, store.locale),
  };
}
