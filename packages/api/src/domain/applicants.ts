/**
 * What the register import and the registration form both need to read an applicant: the names
 * and codes accepted for applicant type, sector, banner/district, channel and priority area, and
 * the Unified Social Credit Code check with its bilingual message (GB 32100-2015).
 */
import type { ApplicantType, Channel } from '@mqa/db';
import { ORDOS_DIVISIONS, PRIORITY_AREAS, SECTORS, validateUscc } from '@mqa/rules';
import type { LocalizedText } from '../errors.ts';
import { normaliseHeader } from '../spreadsheet/columns.ts';
import { CHANNEL_NAMES } from './labels.ts';

export const APPLICANT_TYPE_NAMES: Record<ApplicantType, LocalizedText> = {
  organisation: { zh: '组织', en: 'organisation' },
  individual: { zh: '个人', en: 'individual' },
};

function lookupTable<T extends string>(entries: [T, string[]][]): Map<string, T> {
  const m = new Map<string, T>();
  for (const [id, names] of entries) for (const n of [id, ...names]) m.set(normaliseHeader(n), id);
  return m;
}

export const TYPE_LOOKUP = lookupTable<ApplicantType>([
  ['organisation', ['组织', '企业', '单位', 'organization', 'org']],
  ['individual', ['个人', 'person']],
]);
export const CHANNEL_LOOKUP = lookupTable<Channel>(
  (Object.entries(CHANNEL_NAMES) as [Channel, LocalizedText][]).map(([id, n]) => [
    id,
    [n.zh, n.en, ...(id === 'district_bureau' ? ['旗区市场监督管理局', '旗区市场监管部门', '旗区'] : [])],
  ]),
);
export const SECTOR_LOOKUP = lookupTable<string>(
  SECTORS.map((s) => [s.id, [s.name.zh, s.name.en, s.name.zh.replace(/（.*）$/u, ''), s.name.en.replace(/\s*\(.*\)$/, '')]]),
);
export const DISTRICT_LOOKUP = lookupTable<string>(ORDOS_DIVISIONS.map((d) => [d.code, [d.name.zh, d.name.en]]));
export const PRIORITY_LOOKUP = lookupTable<string>(PRIORITY_AREAS.map((p) => [p.id, [p.name.zh, p.name.en]]));

/** A name or code looked up in one of the tables above (null when unknown). */
export function lookUp<T extends string>(table: Map<string, T>, value: string): T | null {
  return table.get(normaliseHeader(value)) ?? null;
}

/** What each field accepts, for the messages of the import and the form. */
export const ALLOWED_TEXT = {
  applicantType: '组织 / 个人 (organisation / individual)',
  sector: SECTORS.map((s) => s.name.zh).join('、'),
  district: ORDOS_DIVISIONS.map((d) => d.name.zh).join('、'),
  channel: Object.values(CHANNEL_NAMES)
    .map((n) => n.zh)
    .join(' / '),
};

/**
 * Checks a Unified Social Credit Code (GB 32100-2015): the normalised code, or the bilingual
 * reason it is invalid (with the expected check character when only that is wrong).
 */
export function checkUscc(value: string, shown: string = value): { ok: true; code: string } | { ok: false; message: LocalizedText } {
  const check = validateUscc(value);
  if (check.ok) return { ok: true, code: check.code };
  return {
    ok: false,
    message: {
      zh: `统一社会信用代码 ${shown} 无效：${check.errors.map((e) => e.message.zh).join('；')}${check.expectedCheckCharacter ? `（校验位应为 ${check.expectedCheckCharacter}）` : ''}。`,
      en: `Unified Social Credit Code ${shown} is invalid: ${check.errors.map((e) => e.message.en).join('; ')}${check.expectedCheckCharacter ? ` (the check character should be ${check.expectedCheckCharacter})` : ''}.`,
    },
  };
}

/** The message of a missing USCC on an organisation's application. */
export const USCC_REQUIRED: LocalizedText = {
  zh: '组织申报必须填写统一社会信用代码。',
  en: 'An organisation application needs its Unified Social Credit Code.',
};
