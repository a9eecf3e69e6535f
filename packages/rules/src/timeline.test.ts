import { describe, expect, it } from 'vitest';
import { RulesInputError } from './i18n.ts';
import { TIMELINE_RULES, checkTimeline, type CycleTimeline, type DeadlineCheck } from './timeline.ts';

function byArticle(results: DeadlineCheck[], article: number): DeadlineCheck {
  const r = results.find((x) => x.article === article);
  if (!r) throw new Error(`no result for Art. ${article}`);
  return r;
}

// A cycle in 2025 whose periods hit exactly the legal limits, counted by hand from the
// 2025 holiday notice (National Day 1–8 Oct, make-up 28 Sep and 11 Oct).
const onTheLimit: CycleTimeline = {
  callOpens: '2025-09-25', // 10 working days: 26, 28, 29, 30 Sep, 9, 10, 11, 13, 14, 15 Oct
  callCloses: '2025-10-15',
  applicationsReceived: '2025-10-15', // 10 working days: 16, 17, 20–24, 27, 28, 29 Oct
  qualificationDone: '2025-10-29',
  reviewStarts: '2025-11-03', // 20 working days: 4–7, 10–14, 17–21, 24–28 Nov, 1 Dec
  reviewEnds: '2025-12-01',
  commentStarts: '2025-12-05', // 20 calendar days
  commentEnds: '2025-12-25',
  noticeStarts: '2026-01-05',
  noticeEnds: '2026-01-14', // 7 working days: 6–9, 12–14 Jan 2026
};

describe('checkTimeline', () => {
  it('returns one result per rule, in procedure order, with its article', () => {
    const results = checkTimeline(onTheLimit);
    expect(results.map((r) => r.article)).toEqual([14, 16, 17, 18, 21]);
    expect(results.map((r) => r.code)).toEqual(TIMELINE_RULES.map((r) => r.code));
    for (const r of results) {
      expect(r.status).toBe('ok');
      expect(r.actual).toBe(r.required);
      expect(r.deadline).toBe(r.end);
      expect(r.message.zh).toContain(`第${r.article}条`);
      expect(r.message.en).toContain(`Art. ${r.article}`);
    }
  });

  it('Art. 14: a call shortened by one working day across National Day is a breach', () => {
    const r = byArticle(checkTimeline({ ...onTheLimit, callCloses: '2025-10-14' }), 14);
    expect(r).toMatchObject({ status: 'breach', actual: 9, required: 10, deadline: '2025-10-15' });
    expect(r.message.en).toContain('earliest allowed end is 2025-10-15');
  });

  it('Art. 16: qualification review one working day late is a breach', () => {
    const r = byArticle(checkTimeline({ ...onTheLimit, qualificationDone: '2025-10-30' }), 16);
    expect(r).toMatchObject({ status: 'breach', actual: 11, deadline: '2025-10-29', limit: 'max' });
  });

  it('Art. 17: review taking 21 working days is a breach', () => {
    const r = byArticle(checkTimeline({ ...onTheLimit, reviewEnds: '2025-12-02' }), 17);
    expect(r).toMatchObject({ status: 'breach', actual: 21, deadline: '2025-12-01' });
  });

  it('Art. 18: public comment counts calendar days; 19 days is a breach', () => {
    const r = byArticle(checkTimeline({ ...onTheLimit, commentEnds: '2025-12-24' }), 18);
    expect(r).toMatchObject({ status: 'breach', unit: 'calendar', actual: 19, deadline: '2025-12-25' });
  });

  it('Art. 21: 7 working days of public notice across the Spring Festival and its make-up days', () => {
    // from Fri 24 Jan 2025: Sun 26 Jan (make-up), 27 Jan, [28 Jan–4 Feb holiday], 5, 6, 7 Feb, Sat 8 Feb (make-up), 10 Feb
    const ok = byArticle(checkTimeline({ noticeStarts: '2025-01-24', noticeEnds: '2025-02-10' }), 21);
    expect(ok).toMatchObject({ status: 'ok', actual: 7, deadline: '2025-02-10' });
    const short = byArticle(checkTimeline({ noticeStarts: '2025-01-24', noticeEnds: '2025-02-08' }), 21);
    expect(short).toMatchObject({ status: 'breach', actual: 6 });
  });

  it('a missing date is pending; with a known start the deadline is still given', () => {
    const results = checkTimeline({ callOpens: '2025-09-25' });
    expect(byArticle(results, 14)).toMatchObject({ status: 'pending', deadline: '2025-10-15' });
    expect(byArticle(results, 16)).toMatchObject({ status: 'pending' });
    expect(byArticle(results, 16).deadline).toBeUndefined();
    expect(results.every((r) => r.status === 'pending')).toBe(true);
  });

  it('flags a pending maximum period as overdue once asOf is past its deadline', () => {
    const cycle = { applicationsReceived: '2025-10-15' };
    expect(byArticle(checkTimeline(cycle, { asOf: '2025-10-29' }), 16)).toMatchObject({ status: 'pending', overdue: false });
    const late = byArticle(checkTimeline(cycle, { asOf: '2025-10-30' }), 16);
    expect(late).toMatchObject({ status: 'pending', overdue: true });
    expect(late.message.zh).toContain('已逾期');
  });

  it('a period in a year the calendar does not cover is uncovered, not guessed', () => {
    const results = checkTimeline({ callOpens: '2027-03-01', callCloses: '2027-03-20', noticeStarts: '2026-12-28' });
    expect(byArticle(results, 14).status).toBe('uncovered');
    expect(byArticle(results, 14).message.en).toContain('2027');
    expect(byArticle(results, 21).status).toBe('uncovered');
    // Art. 18 counts calendar days and needs no holiday data
    expect(byArticle(checkTimeline({ commentStarts: '2027-05-01', commentEnds: '2027-05-21' }), 18).status).toBe('ok');
  });

  it('an end before its start is a breach', () => {
    const r = byArticle(checkTimeline({ reviewStarts: '2025-11-03', reviewEnds: '2025-11-01' }), 17);
    expect(r.status).toBe('breach');
    expect(r.message.en).toContain('before it starts');
  });

  it('rejects malformed dates naming the field', () => {
    expect(() => checkTimeline({ callOpens: '2025-9-25' })).toThrow(RulesInputError);
    expect(() => checkTimeline({ noticeEnds: 'soon' })).toThrow(/noticeEnds/);
  });
});
