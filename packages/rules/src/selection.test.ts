import { describe, expect, it } from 'vitest';
import { RulesInputError } from './i18n.ts';
import {
  AWARD_CAP,
  AWARD_VALIDITY_YEARS,
  PRIORITY_AREAS,
  PRIZE_PER_ORGANISATION_RMB,
  checkAwardCap,
  normalisePriorityAreas,
  prizeFor,
  resolveObjection,
} from './selection.ts';

describe('award constants (Art. 3, 5, 22)', () => {
  it('match the measures', () => {
    expect(AWARD_CAP).toBe(5);
    expect(PRIZE_PER_ORGANISATION_RMB).toBe(500_000);
    expect(AWARD_VALIDITY_YEARS).toBe(3);
    expect(prizeFor('organisation')).toBe(500_000);
    expect(prizeFor('individual')).toBe(0);
  });

  it('Art. 3 cap: 5 is allowed, 6 is not, 0 (vacant) is allowed', () => {
    expect(checkAwardCap(5).ok).toBe(true);
    expect(checkAwardCap(0).ok).toBe(true);
    const over = checkAwardCap(6);
    expect(over).toMatchObject({ ok: false, article: 3, cap: 5 });
    expect(over.message.zh).toContain('超过');
    expect(() => checkAwardCap(-1)).toThrow(RulesInputError);
  });
});

describe('priority areas (Art. 2)', () => {
  it('are the five of Art. 2', () => {
    expect(PRIORITY_AREAS.map((a) => a.name.zh)).toEqual(['安全生产高效', '能耗双控达标', '绿色生态环保', '创新驱动发展', '现代服务优质']);
    expect(PRIORITY_AREAS.every((a) => a.article === 2 && a.name.en.length > 0)).toBe(true);
  });

  it('normalises declared areas and rejects unknown ids', () => {
    expect(normalisePriorityAreas(['innovation', 'safe_production', 'innovation'])).toEqual(['safe_production', 'innovation']);
    expect(() => normalisePriorityAreas(['mining'])).toThrow(/mining/);
  });
});

describe('objections during the public notice (Art. 21)', () => {
  it('a confirmed objection removes the candidate with its reason', () => {
    const r = resolveObjection({ candidateId: 'c1', outcome: 'confirmed', finding: '申报材料数据不实' });
    expect(r.removed).toBe(true);
    if (!r.removed) return;
    expect(r.exclusion).toMatchObject({ candidateId: 'c1', article: 21 });
    expect(r.exclusion.reason.zh).toContain('取消授奖资格');
    expect(r.exclusion.reason.zh).toContain('申报材料数据不实');
    // The English reason does not carry the Chinese finding (no sentence in two languages).
    expect(r.exclusion.reason.en).toContain('Art. 21');
    expect(r.exclusion.reason.en).not.toMatch(/[\u3400-\u9fff]/);
    const en = resolveObjection({ candidateId: 'c1', outcome: 'confirmed', finding: 'false figures' });
    expect(en.removed && en.exclusion.reason.en).toMatch(/: false figures$/);
  });

  it('a rejected objection has no effect; a pending one blocks approval', () => {
    expect(resolveObjection({ candidateId: 'c1', outcome: 'rejected' })).toMatchObject({ removed: false, blocking: false });
    expect(resolveObjection({ candidateId: 'c1', outcome: 'pending' })).toMatchObject({ removed: false, blocking: true });
    expect(() => resolveObjection({ candidateId: 'c1', outcome: 'upheld' as 'confirmed' })).toThrow(RulesInputError);
  });
});
