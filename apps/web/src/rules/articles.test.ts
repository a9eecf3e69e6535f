import { describe, expect, it } from 'vitest';
import { articlesText, articleText, chineseNumeral, repairBilingual, withoutTrailingArticle } from './articles.ts';

describe('chineseNumeral', () => {
  it('writes item numbers as in Chinese legal texts', () => {
    expect([1, 6, 9, 10, 11, 12, 19, 20, 21, 36, 99].map(chineseNumeral)).toEqual([
      '一',
      '六',
      '九',
      '十',
      '十一',
      '十二',
      '十九',
      '二十',
      '二十一',
      '三十六',
      '九十九',
    ]);
  });
  it('leaves numbers outside 1–99 in digits', () => {
    expect(chineseNumeral(0)).toBe('0');
    expect(chineseNumeral(100)).toBe('100');
    expect(chineseNumeral(2.5)).toBe('2.5');
  });
});

describe('articleText', () => {
  it('formats an article with its item', () => {
    expect(articleText({ article: 12, clause: 6 })).toEqual({ zh: '第12条第(六)项', en: 'Art. 12(6)' });
    expect(articleText({ article: 10, clause: 1 })).toEqual({ zh: '第10条第(一)项', en: 'Art. 10(1)' });
    expect(articleText({ article: 11, clause: 12 })).toEqual({ zh: '第11条第(十二)项', en: 'Art. 11(12)' });
  });
  it('formats an article without an item', () => {
    expect(articleText({ article: 16 })).toEqual({ zh: '第16条', en: 'Art. 16' });
    expect(articleText({ article: 24, clause: null })).toEqual({ zh: '第24条', en: 'Art. 24' });
  });
  it('gives null without a usable article', () => {
    expect(articleText({ article: null, clause: 3 })).toBeNull();
    expect(articleText({ article: 0 })).toBeNull();
    expect(articleText({ article: undefined })).toBeNull();
  });
});

describe('articlesText', () => {
  it('lists articles once, ascending', () => {
    expect(articlesText([12, 10, 12])).toEqual({ zh: '第10条、第12条', en: 'Art. 10, 12' });
    expect(articlesText([27])).toEqual({ zh: '第27条', en: 'Art. 27' });
  });
  it('writes three or more consecutive articles as a range', () => {
    expect(articlesText([12, 11, 10])).toEqual({ zh: '第10–12条', en: 'Art. 10–12' });
    expect(articlesText([14, 16, 17, 18, 21])).toEqual({ zh: '第14条、第16条、第17条、第18条、第21条', en: 'Art. 14, 16, 17, 18, 21' });
  });
  it('is null for no article', () => {
    expect(articlesText([null, undefined])).toBeNull();
  });
});

describe('repairBilingual', () => {
  it('splits a stored "中文 / English" text the server sent whole in both languages', () => {
    const s = '公示期异议经调查属实，取消候选资格（第二十一条）。/ Objection confirmed during the public notice (Art. 21).';
    expect(repairBilingual({ zh: s, en: s })).toEqual({
      zh: '公示期异议经调查属实，取消候选资格（第二十一条）。',
      en: 'Objection confirmed during the public notice (Art. 21).',
    });
  });
  it('keeps slashes that belong to the English half', () => {
    const s = '评审员受雇于申报单位 / Examiner works for the applicant and/or its parent';
    expect(repairBilingual({ zh: s, en: s }).en).toBe('Examiner works for the applicant and/or its parent');
  });
  it('leaves proper pairs and one-language texts alone', () => {
    expect(repairBilingual({ zh: '已撤销', en: 'Revoked' })).toEqual({ zh: '已撤销', en: 'Revoked' });
    expect(repairBilingual({ zh: '只有中文', en: '只有中文' })).toEqual({ zh: '只有中文', en: '只有中文' });
    expect(repairBilingual({ zh: 'a/b', en: 'a/b' })).toEqual({ zh: 'a/b', en: 'a/b' });
    expect(repairBilingual(null)).toEqual({ zh: '', en: '' });
  });
});

describe('withoutTrailingArticle', () => {
  it('drops the article the message ends with, in both languages', () => {
    expect(withoutTrailingArticle({ zh: '已列入经营异常名录（第12条第（六）项）', en: 'Listed on the abnormal-operation list (Art. 12(6))' })).toEqual({
      zh: '已列入经营异常名录',
      en: 'Listed on the abnormal-operation list',
    });
    expect(withoutTrailingArticle({ zh: '资格初审未通过（第16条）', en: 'Rejected (Art. 16)' })).toEqual({ zh: '资格初审未通过', en: 'Rejected' });
  });
  it('keeps articles in the middle of the text', () => {
    const t = { zh: '按第16条只能通知一次。', en: 'Art. 16 allows one request.' };
    expect(withoutTrailingArticle(t)).toEqual(t);
  });
});
