import { describe, expect, it } from 'vitest';
import { articlesText, joinBilingual, splitBilingual } from './text.ts';

describe('bilingual texts in one column', () => {
  it('round-trips zh / en and splits the seeded forms', () => {
    const t = { zh: '评审员任职于申报组织「示例能源集团有限公司」（第24条）', en: 'The examiner works for "示例能源集团有限公司" (Art. 24)' };
    expect(splitBilingual(joinBilingual(t))).toEqual(t);
    expect(splitBilingual('取消候选资格（第二十一条）。/ Objection confirmed (Art. 21).')).toEqual({
      zh: '取消候选资格（第二十一条）。',
      en: 'Objection confirmed (Art. 21).',
    });
    expect(splitBilingual('只有中文')).toEqual({ zh: '只有中文', en: '只有中文' });
    // An English part may open with an application code.
    expect(splitBilingual('2027-003 经公示异议成立被取消授奖资格（第21条） / 2027-003 was removed after an upheld objection (Art. 21)')).toEqual({
      zh: '2027-003 经公示异议成立被取消授奖资格（第21条）',
      en: '2027-003 was removed after an upheld objection (Art. 21)',
    });
    expect(splitBilingual('比例 1 / 3 不拆')).toEqual({ zh: '比例 1 / 3 不拆', en: '比例 1 / 3 不拆' });
    expect(splitBilingual(null)).toEqual({ zh: '', en: '' });
    expect(joinBilingual({ zh: 'x', en: 'x' })).toBe('x');
  });

  it('names articles in both languages, sorted and deduplicated', () => {
    expect(articlesText([12, 10, 12])).toEqual({ zh: '第10条、第12条', en: 'Art. 10, 12' });
  });
});
