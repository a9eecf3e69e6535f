import { describe, expect, it } from 'vitest';
import { CalendarNotCoveredError } from './calendar.ts';
import { checkTimeline } from './timeline.ts';
import { checkPublicationPeriod, chineseDate, chineseNumber, earliestPeriodEnd, PUBLICATION_RULES } from './publication.ts';

describe('publication periods (Art. 18, 21)', () => {
  it('counts the results period in calendar days from the day after the start (Art. 18: at least 20 days)', () => {
    expect(earliestPeriodEnd('results', '2025-07-01')).toBe('2025-07-21');
    const ok = checkPublicationPeriod({ kind: 'results', startsOn: '2025-07-01', endsOn: '2025-07-21' });
    expect(ok).toMatchObject({ ok: true, article: 18, unit: 'calendar', required: 20, actual: 20 });
    expect(ok.message.zh).toMatch(/第18条不少于20日/);
    const short = checkPublicationPeriod({ kind: 'results', startsOn: '2025-07-01', endsOn: '2025-07-20' });
    expect(short).toMatchObject({ ok: false, actual: 19, earliestEnd: '2025-07-21' });
    expect(short.message.en).toMatch(/at least 20 days/);
  });

  it('counts the notice in Chinese working days (Art. 21: 7 working days), over the National Day holiday', () => {
    // 2025-09-30 (Tue) → 9 Oct is the first working day after the 1–8 Oct holiday; Sat 11 Oct is a make-up day.
    expect(earliestPeriodEnd('notice', '2025-09-30')).toBe('2025-10-16');
    expect(checkPublicationPeriod({ kind: 'notice', startsOn: '2025-09-30', endsOn: '2025-10-16' })).toMatchObject({ ok: true, actual: 7, article: 21 });
    expect(checkPublicationPeriod({ kind: 'notice', startsOn: '2025-09-30', endsOn: '2025-10-15' })).toMatchObject({ ok: false, actual: 6 });
  });

  it('agrees with the cycle timeline', () => {
    const t = checkTimeline({ commentStarts: '2025-07-01', commentEnds: '2025-07-20', noticeStarts: '2025-09-30', noticeEnds: '2025-10-16' });
    expect(t.find((c) => c.code === 'public_comment')).toMatchObject({ status: 'breach', actual: 19 });
    expect(t.find((c) => c.code === 'public_notice')).toMatchObject({ status: 'ok', actual: 7 });
  });

  it('refuses an end before the start, a missing end and an end for an announcement', () => {
    expect(checkPublicationPeriod({ kind: 'results', startsOn: '2025-07-10', endsOn: '2025-07-01' }).ok).toBe(false);
    expect(checkPublicationPeriod({ kind: 'notice', startsOn: '2025-07-10' })).toMatchObject({ ok: false, earliestEnd: '2025-07-21' });
    expect(checkPublicationPeriod({ kind: 'revocation', startsOn: '2025-07-10' })).toMatchObject({ ok: true, actual: null, article: 27 });
    expect(checkPublicationPeriod({ kind: 'revocation', startsOn: '2025-07-10', endsOn: '2025-07-20' }).ok).toBe(false);
    expect(() => checkPublicationPeriod({ kind: 'results', startsOn: '2025-13-01', endsOn: '2025-12-01' })).toThrow(/YYYY-MM-DD|date/);
  });

  it('throws rather than guess working days outside the calendar', () => {
    expect(() => earliestPeriodEnd('notice', '2031-03-02')).toThrow(CalendarNotCoveredError);
    expect(earliestPeriodEnd('results', '2031-03-02')).toBe('2031-03-22');
  });

  it('names the article and prints dates in Chinese', () => {
    expect(PUBLICATION_RULES.results.article).toBe(18);
    expect(PUBLICATION_RULES.notice.article).toBe(21);
    expect(chineseDate('2025-07-01')).toBe('2025年7月1日');
  });

  it('writes 1–100 in Chinese numerals, other numbers as digits', () => {
    expect([1, 3, 10, 18, 21, 28, 99, 100].map(chineseNumber)).toEqual(['一', '三', '十', '十八', '二十一', '二十八', '九十九', '一百']);
    expect([0, 101, 2.5].map(chineseNumber)).toEqual(['0', '101', '2.5']);
  });
});
