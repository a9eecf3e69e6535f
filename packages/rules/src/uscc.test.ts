import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RulesInputError } from './i18n.ts';
import { ORDOS_DIVISIONS, SECTORS, findDivision, isOrdosDivisionCode } from './ordos.ts';
import { USCC_CHARSET, USCC_WEIGHTS, makeUscc, validateUscc } from './uscc.ts';

// Published codes of well-known companies (printed on their business licences / public records).
const PUBLISHED = [
  '91350100M000100Y43', // the example commonly cited in GB 32100 explanations
  '91330100716105852F', // Alibaba (China) Co., Ltd.
  '9144030071526726XG', // Shenzhen Tencent Computer Systems Co., Ltd.
  '914403001922038216', // Huawei Technologies Co., Ltd.
  '91110108551385082Q', // Beijing Xiaomi Technology Co., Ltd.
];

describe('GB 32100-2015 constants', () => {
  it('charset has 31 characters without I, O, Z, S, V and weights are 3^i mod 31', () => {
    expect(USCC_CHARSET).toHaveLength(31);
    for (const ch of 'IOZSV') expect(USCC_CHARSET).not.toContain(ch);
    expect(USCC_WEIGHTS).toEqual(Array.from({ length: 17 }, (_, i) => 3 ** i % 31));
  });
});

describe('validateUscc', () => {
  it.each(PUBLISHED)('accepts the published code %s', (code) => {
    const r = validateUscc(code);
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([]);
    expect(r.parts).toMatchObject({ registrationAuthority: { code: '9' }, organisationCategory: { code: '1' } });
    expect(r.parts!.organisationCategory.name?.zh).toBe('企业');
  });

  it('splits a code into its parts', () => {
    expect(validateUscc('91350100M000100Y43').parts).toMatchObject({
      divisionCode: '350100',
      organisationCode: 'M000100Y4',
      checkCharacter: '3',
      inOrdos: false,
    });
  });

  it('rejects a wrong check character and names the expected one', () => {
    const r = validateUscc('91350100M000100Y44');
    expect(r.ok).toBe(false);
    expect(r.expectedCheckCharacter).toBe('3');
    expect(r.errors).toEqual([expect.objectContaining({ code: 'check_character', position: 18 })]);
    expect(r.errors[0]!.message.zh).toContain('应为「3」');
  });

  it('rejects any single-character change of a valid code', () => {
    for (const code of PUBLISHED) {
      for (let i = 0; i < 18; i++) {
        const ch = USCC_CHARSET[(USCC_CHARSET.indexOf(code[i]!) + 1) % 31]!;
        expect(validateUscc(code.slice(0, i) + ch + code.slice(i + 1)).ok).toBe(false);
      }
    }
  });

  it('rejects wrong length, forbidden characters, empty input, bad authority and non-numeric division', () => {
    expect(validateUscc('91350100M000100Y4').errors.map((e) => e.code)).toEqual(['length']);
    expect(validateUscc('91350100M000100I43').errors).toEqual([expect.objectContaining({ code: 'charset', position: 16 })]);
    expect(validateUscc('').errors.map((e) => e.code)).toEqual(['empty']);
    expect(validateUscc(makeUscc('B1350100M000100Y4')).errors.map((e) => e.code)).toEqual(['registration_authority']);
    expect(validateUscc(makeUscc('9135A100M000100Y4')).errors.map((e) => e.code)).toEqual(['division_code']);
  });

  it('accepts lower case by normalising', () => {
    expect(validateUscc(' 91350100m000100y43 ')).toMatchObject({ ok: true, code: '91350100M000100Y43' });
  });
});

describe('makeUscc', () => {
  it('appends the check character of published codes', () => {
    for (const code of PUBLISHED) expect(makeUscc(code.slice(0, 17))).toBe(code);
  });

  it('always yields a code that validates (fast-check)', () => {
    const ch = fc.constantFrom(...Array.from(USCC_CHARSET));
    const body = fc
      .tuple(
        fc.constantFrom('9', '5', '1'),
        fc.constantFrom('1', '2', '9'),
        fc.constantFrom(...ORDOS_DIVISIONS.map((d) => d.code)),
        fc.array(ch, { minLength: 9, maxLength: 9 }),
      )
      .map(([a, b, div, rest]) => `${a}${b}${div}${rest.join('')}`);
    fc.assert(
      fc.property(body, (b) => {
        const r = validateUscc(makeUscc(b));
        return r.ok && r.parts!.inOrdos;
      }),
    );
  });

  it('rejects a malformed body', () => {
    expect(() => makeUscc('9115060')).toThrow(RulesInputError);
    expect(() => makeUscc('91150602MA0000O00')).toThrow(/I, O, Z, S, V/);
  });
});

describe('Ordos reference data', () => {
  it('has the nine banners and districts with their division codes', () => {
    expect(ORDOS_DIVISIONS.map((d) => `${d.code} ${d.name.zh}`)).toEqual([
      '150602 东胜区',
      '150603 康巴什区',
      '150621 达拉特旗',
      '150622 准格尔旗',
      '150623 鄂托克前旗',
      '150624 鄂托克旗',
      '150625 杭锦旗',
      '150626 乌审旗',
      '150627 伊金霍洛旗',
    ]);
    expect(findDivision('150627')?.name.en).toBe('Ejin Horo Banner');
    expect(isOrdosDivisionCode('150602')).toBe(true);
    expect(isOrdosDivisionCode('150102')).toBe(false);
  });

  it('has unique sector ids with bilingual names', () => {
    expect(new Set(SECTORS.map((s) => s.id)).size).toBe(SECTORS.length);
    expect(SECTORS.every((s) => s.name.zh && s.name.en)).toBe(true);
    expect(SECTORS.map((s) => s.id)).toContain('coal_mining');
  });
});
