/** Reading the audit trail (Art. 26): what changed between `before` and `after`, in words. Pure functions. */
import { CHANNELS, INCIDENT_KINDS, INCIDENT_SEVERITIES, isCyclePhase, MISUSE_STATUSES, PHASES, ROLES, STAGES, type Term } from '@mqa/rules';
import type { LocalizedText } from '../i18n/index.ts';

export interface ChangedField {
  key: string;
  before: string;
  after: string;
  /** The stored values (for showing them in words). */
  beforeValue?: unknown;
  afterValue?: unknown;
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
    return b === a ? [] : [{ key: 'value', before: b, after: a, beforeValue: before, afterValue: after }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const out: ChangedField[] = [];
  for (const key of keys) {
    const bv = showValue(b[key]);
    const av = showValue(a[key]);
    if (bv !== av) out.push({ key, before: bv, after: av, beforeValue: b[key], afterValue: a[key] });
  }
  return out;
}

/** Stored values the vocabulary of @mqa/rules names, by field. */
const VOCABULARY: Readonly<Record<string, Readonly<Record<string, Term>>>> = {
  phase: PHASES,
  stage: STAGES,
  role: ROLES,
  channel: CHANNELS,
  severity: INCIDENT_SEVERITIES,
};

/**
 * A stored value the vocabulary names (a cycle's `phase`: `onsite_review` → 现场评审 / On-site
 * review; a `role`, a review `stage`, a `channel`), or null where it is not one of its terms.
 */
export function namedValue(key: string, shown: string, entity?: string): Term | null {
  if (key === 'phase') return isCyclePhase(shown) ? PHASES[shown] : null;
  if (key === 'status' && entity === 'misuse') return MISUSE_STATUSES[shown as keyof typeof MISUSE_STATUSES] ?? null;
  if (key === 'kind' && entity === 'incident') return INCIDENT_KINDS[shown as keyof typeof INCIDENT_KINDS] ?? null;
  const vocabulary = VOCABULARY[key];
  return vocabulary && Object.hasOwn(vocabulary, shown) ? vocabulary[shown]! : null;
}

/**
 * Where the dashboard's messages name a stored value: the i18n prefixes to try, by field and by
 * the entity the row is about (a `status` of an application, an award, a score sheet…).
 */
export function valueMessagePrefixes(key: string, entity: string): string[] {
  switch (key) {
    case 'qualificationStatus':
      return ['rules.qualification'];
    case 'decision':
      return ['rules.decisions.kind'];
    case 'reviewStatus':
      return ['followUp.reviewStatus'];
    case 'vote':
      return ['publication.vote'];
    case 'outcome':
      return entity === 'objection' ? ['publication.objections'] : ['publication.comments'];
    case 'status':
      switch (entity) {
        case 'application':
          return ['rules.appStatus'];
        case 'award':
          return ['status'];
        case 'score_sheet':
          return ['sheet'];
        case 'objection':
          return ['publication.objections', 'publication.comments'];
        default:
          return [`rules.audit.values.${entity}`, 'rules.audit.values.any'];
      }
    default:
      return [];
  }
}

/** What a row's values are read with: the UI's words, the codes of the applications it names. */
export interface ValueReader {
  /** The entity the row is about (`application`, `award`, …). */
  entity: string;
  /** Application codes by id (audit.list `applicationCodes`). */
  codes?: Readonly<Record<string, string>>;
  /** The message at `key` in the UI language, or null when there is none. */
  message: (key: string) => string | null;
  pick: (text: LocalizedText) => string;
  yes: string;
  no: string;
  date: (iso: string) => string;
  dateTime: (iso: string) => string;
  number: (n: number) => string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const SEPARATOR = '、';

/** Fields that hold an application's id. */
const APPLICATION_ID_FIELDS = new Set(['applicationId']);

/**
 * A stored value in words: a term of the vocabulary or a status by its name, an application id
 * by its code, yes/no, dates and times as dates, a list joined, an object as `field: value`
 * pairs (with the fields' labels); `—` when absent.
 */
export function valueInWords(key: string, value: unknown, reader: ValueReader, label: (key: string) => string = (k) => k, depth = 0): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? reader.yes : reader.no;
  if (typeof value === 'number') {
    if (APPLICATION_ID_FIELDS.has(key) && reader.codes?.[String(value)]) return reader.codes[String(value)]!;
    return reader.number(value);
  }
  if (typeof value === 'string') {
    const term = namedValue(key, value, reader.entity);
    if (term) return reader.pick(term);
    for (const prefix of valueMessagePrefixes(key, reader.entity)) {
      const m = reader.message(`${prefix}.${value}`);
      if (m) return m;
    }
    if (ISO_TIME.test(value)) return reader.dateTime(value);
    if (ISO_DATE.test(value)) return reader.date(value);
    return value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    return value.map((v) => valueInWords(key, v, reader, label, depth + 1)).join(SEPARATOR);
  }
  if (isRecord(value)) {
    // A bilingual text in the UI language.
    if (typeof value.zh === 'string' && typeof value.en === 'string') return reader.pick(value as unknown as LocalizedText);
    const parts = Object.entries(value).map(([k, v]) => `${label(k)}: ${depth > 1 ? showValue(v) : valueInWords(k, v, reader, label, depth + 1)}`);
    return parts.length ? parts.join('; ') : '—';
  }
  return showValue(value);
}

/** The i18n key suffix of an audit action (`award.revoke` → `award_revoke`). */
export function actionKey(action: string): string {
  return action.replace(/\./g, '_');
}
