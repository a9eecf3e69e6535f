/**
 * Unified Social Credit Code (统一社会信用代码), GB 32100-2015.
 *
 * 18 characters: [1] registration authority, [2] organisation category, [3–8] administrative
 * division code (GB/T 2260), [9–17] organisation code (GB 11714, its own check at [17]),
 * [18] check character over the first 17.
 * Character set: 0-9 and A–Y without I, O, Z, S, V (31 characters, value = index).
 * Check: weights 3^i mod 31 for positions 1..17; c18 = 31 − (Σ value·weight mod 31), 31 → 0.
 */
import { RulesInputError, type LocalizedText } from './i18n.ts';
import { isOrdosDivisionCode } from './ordos.ts';

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const USCC_WEIGHTS: readonly number[] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export interface RegistrationAuthority {
  code: string;
  name: LocalizedText;
  /** Organisation category codes (position 2) under this authority. */
  categories: Readonly<Record<string, LocalizedText>>;
}

const OTHER = { zh: '其他', en: 'Other' };

/** Position 1 and 2 codes (GB 32100-2015 table of registration authorities and categories). */
export const USCC_REGISTRATION_AUTHORITIES: readonly RegistrationAuthority[] = [
  {
    code: '1',
    name: { zh: '机构编制', en: 'Institutional establishment' },
    categories: {
      '1': { zh: '机关', en: 'Government organ' },
      '2': { zh: '事业单位', en: 'Public institution' },
      '3': { zh: '中央编办直接管理机构编制的群众团体', en: 'Mass organisation under the central establishment office' },
      '9': OTHER,
    },
  },
  {
    code: '2',
    name: { zh: '外交', en: 'Foreign affairs' },
    categories: { '1': { zh: '外国常驻新闻机构', en: 'Resident foreign news agency' }, '9': OTHER },
  },
  {
    code: '3',
    name: { zh: '司法行政', en: 'Judicial administration' },
    categories: {
      '1': { zh: '律师执业机构', en: 'Law firm' },
      '2': { zh: '公证处', en: 'Notary office' },
      '3': { zh: '基层法律服务所', en: 'Grassroots legal service office' },
      '4': { zh: '司法鉴定机构', en: 'Forensic appraisal institution' },
      '5': { zh: '仲裁委员会', en: 'Arbitration commission' },
      '9': OTHER,
    },
  },
  {
    code: '4',
    name: { zh: '文化', en: 'Culture' },
    categories: { '1': { zh: '外国在华文化中心', en: 'Foreign cultural centre in China' }, '9': OTHER },
  },
  {
    code: '5',
    name: { zh: '民政', en: 'Civil affairs' },
    categories: {
      '1': { zh: '社会团体', en: 'Social organisation' },
      '2': { zh: '民办非企业单位', en: 'Private non-enterprise unit' },
      '3': { zh: '基金会', en: 'Foundation' },
      '9': OTHER,
    },
  },
  {
    code: '6',
    name: { zh: '旅游', en: 'Tourism' },
    categories: {
      '1': { zh: '外国旅游部门常驻代表机构', en: 'Resident office of a foreign tourism authority' },
      '2': { zh: '港澳台地区旅游部门常驻内地（大陆）代表机构', en: 'Resident office of a Hong Kong, Macao or Taiwan tourism authority' },
      '9': OTHER,
    },
  },
  {
    code: '7',
    name: { zh: '宗教', en: 'Religious affairs' },
    categories: {
      '1': { zh: '宗教活动场所', en: 'Place of religious activity' },
      '2': { zh: '宗教院校', en: 'Religious school' },
      '9': OTHER,
    },
  },
  {
    code: '8',
    name: { zh: '工会', en: 'Trade unions' },
    categories: { '1': { zh: '基层工会', en: 'Grassroots trade union' }, '9': OTHER },
  },
  {
    code: '9',
    name: { zh: '工商（市场监管）', en: 'Industry and commerce (market regulation)' },
    categories: {
      '1': { zh: '企业', en: 'Enterprise' },
      '2': { zh: '个体工商户', en: 'Individual business' },
      '3': { zh: '农民专业合作社', en: "Farmers' specialised cooperative" },
    },
  },
  {
    code: 'A',
    name: { zh: '中央军委改革和编制办公室', en: 'CMC reform and establishment office' },
    categories: { '1': { zh: '军队事业单位', en: 'Military public institution' }, '9': OTHER },
  },
  {
    code: 'N',
    name: { zh: '农业', en: 'Agriculture' },
    categories: {
      '1': { zh: '组级集体经济组织', en: 'Group-level collective economic organisation' },
      '2': { zh: '村级集体经济组织', en: 'Village-level collective economic organisation' },
      '3': { zh: '乡镇级集体经济组织', en: 'Township-level collective economic organisation' },
      '9': OTHER,
    },
  },
  {
    code: 'Y',
    name: { zh: '其他', en: 'Other' },
    categories: { '1': OTHER },
  },
];

export interface UsccIssue {
  code: string;
  /** 1-based character position concerned, when one is. */
  position?: number;
  message: LocalizedText;
}

export interface UsccParts {
  registrationAuthority: { code: string; name?: LocalizedText };
  organisationCategory: { code: string; name?: LocalizedText };
  divisionCode: string;
  /** True when the division code is Ordos (1506xx). */
  inOrdos: boolean;
  organisationCode: string;
  checkCharacter: string;
}

export interface UsccValidation {
  ok: boolean;
  /** The input trimmed and upper-cased. */
  code: string;
  errors: UsccIssue[];
  /** Non-fatal remarks (unknown category, organisation-code check mismatch). */
  warnings: UsccIssue[];
  /** Present when the code has 18 characters from the charset. */
  parts?: UsccParts;
  /** The check character the first 17 characters call for, when computable. */
  expectedCheckCharacter?: string;
}

/** Check character (position 18) for 17 characters from USCC_CHARSET. */
export function usccCheckCharacter(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(body17[i] ?? '');
    if (value < 0) throw badBody(body17);
    sum += value * USCC_WEIGHTS[i]!;
  }
  const check = 31 - (sum % 31);
  return USCC_CHARSET[check === 31 ? 0 : check]!;
}

/** GB 11714 check of a 9-character organisation code (weights 3 7 9 10 5 8 4 2; 10 → X, 11 → 0). */
export function organisationCodeCheckCharacter(first8: string): string | undefined {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = first8[i] ?? '';
    const value = /[0-9]/.test(ch) ? Number(ch) : /[A-Z]/.test(ch) ? ch.charCodeAt(0) - 55 : -1;
    if (value < 0) return undefined;
    sum += value * weights[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

function badBody(body: string): RulesInputError {
  return new RulesInputError('invalid_uscc_body', {
    zh: `统一社会信用代码本体必须是 17 位，且只能由数字和除 I、O、Z、S、V 以外的大写字母组成，实际为「${body}」`,
    en: `A USCC body must be 17 characters from 0-9 and upper-case A–Y except I, O, Z, S, V; got "${body}"`,
  });
}

/** Append the GB 32100 check character to a 17-character body (used to make valid synthetic codes). */
export function makeUscc(body17: string): string {
  if (typeof body17 !== 'string' || body17.length !== 17) throw badBody(String(body17));
  return body17 + usccCheckCharacter(body17);
}

/** Validate a Unified Social Credit Code and split it into its parts. */
export function validateUscc(input: string): UsccValidation {
  const code = typeof input === 'string' ? input.trim().toUpperCase() : '';
  const errors: UsccIssue[] = [];
  const warnings: UsccIssue[] = [];
  if (typeof input !== 'string' || code === '') {
    errors.push({ code: 'empty', message: { zh: '统一社会信用代码不能为空', en: 'The USCC is empty' } });
    return { ok: false, code, errors, warnings };
  }
  if (code.length !== 18) {
    errors.push({
      code: 'length',
      message: { zh: `统一社会信用代码应为 18 位，实际为 ${code.length} 位`, en: `A USCC has 18 characters, this one has ${code.length}` },
    });
  }
  Array.from(code).forEach((ch, i) => {
    if (!USCC_CHARSET.includes(ch)) {
      errors.push({
        code: 'charset',
        position: i + 1,
        message: {
          zh: `第 ${i + 1} 位「${ch}」不是允许的字符（数字及除 I、O、Z、S、V 以外的大写字母）`,
          en: `Character ${i + 1} "${ch}" is not allowed (digits and upper-case letters except I, O, Z, S, V)`,
        },
      });
    }
  });
  if (errors.length > 0) return { ok: false, code, errors, warnings };

  const authority = USCC_REGISTRATION_AUTHORITIES.find((a) => a.code === code[0]);
  if (!authority) {
    errors.push({
      code: 'registration_authority',
      position: 1,
      message: {
        zh: `第 1 位登记管理部门代码「${code[0]}」不存在`,
        en: `Position 1: "${code[0]}" is not a registration authority code`,
      },
    });
  }
  const category = authority?.categories[code[1]!];
  if (authority && !category) {
    warnings.push({
      code: 'organisation_category',
      position: 2,
      message: {
        zh: `第 2 位机构类别代码「${code[1]}」不在「${authority.name.zh}」的已知类别中`,
        en: `Position 2: "${code[1]}" is not a known category under "${authority.name.en}"`,
      },
    });
  }
  const divisionCode = code.slice(2, 8);
  if (!/^\d{6}$/.test(divisionCode)) {
    errors.push({
      code: 'division_code',
      position: 3,
      message: {
        zh: `第 3–8 位行政区划码「${divisionCode}」必须是 6 位数字`,
        en: `Positions 3–8: division code "${divisionCode}" must be 6 digits`,
      },
    });
  }
  const organisationCode = code.slice(8, 17);
  const orgCheck = organisationCodeCheckCharacter(organisationCode.slice(0, 8));
  if (orgCheck !== organisationCode[8]) {
    warnings.push({
      code: 'organisation_code_check',
      position: 17,
      message: {
        zh: `第 9–17 位组织机构代码「${organisationCode}」的校验位与 GB 11714 不符`,
        en: `Positions 9–17: the organisation code "${organisationCode}" fails its GB 11714 check`,
      },
    });
  }
  const expected = usccCheckCharacter(code.slice(0, 17));
  if (expected !== code[17]) {
    errors.push({
      code: 'check_character',
      position: 18,
      message: {
        zh: `第 18 位校验码应为「${expected}」，实际为「${code[17]}」`,
        en: `Check character (position 18) should be "${expected}", got "${code[17]}"`,
      },
    });
  }
  const parts: UsccParts = {
    registrationAuthority: { code: code[0]!, ...(authority ? { name: authority.name } : {}) },
    organisationCategory: { code: code[1]!, ...(category ? { name: category } : {}) },
    divisionCode,
    inOrdos: isOrdosDivisionCode(divisionCode),
    organisationCode,
    checkCharacter: code[17]!,
  };
  return { ok: errors.length === 0, code, errors, warnings, parts, expectedCheckCharacter: expected };
}
