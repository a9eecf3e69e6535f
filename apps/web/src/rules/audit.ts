/** Reading the audit trail (Art. 26): what changed between `before` and `after`. Pure functions. */
import { isCyclePhase, PHASES, type Term } from '@mqa/rules';

export interface ChangedField {
  key: string;
  before: string;
  after: string;
}

/** A value as one short line of text (objects as compact JSON, absent as `—`). */
export function showValue(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The fields that differ between two audit snapshots, in the order they first appear. Two
 * objects are compared key by key (one level); anything else is one field named `value`.
 */
export function changedFields(before: unknown, after: unknown): ChangedField[] {
  if (!isRecord(before) && !isRecord(after)) {
    const b = showValue(before);
    const a = showValue(after);
    return b === a ? [] : [{ key: 'value', before: b, after: a }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const out: ChangedField[] = [];
  for (const key of keys) {
    const bv = showValue(b[key]);
    const av = showValue(a[key]);
    if (bv !== av) out.push({ key, before: bv, after: av });
  }
  return out;
}

/**
 * A stored value the vocabulary names (a cycle's `phase`: `onsite_review` → 现场评审 / On-site
 * review), or null where the value is shown as stored.
 */
export function namedValue(key: string, shown: string): Term | null {
  if (key === 'phase' && isCyclePhase(shown)) return PHASES[shown];
  return null;
}

/** The i18n key suffix of an audit action (`award.revoke` → `award_revoke`). */
export function actionKey(action: string): string {
  return action.replace(/\./g, '_');
}
