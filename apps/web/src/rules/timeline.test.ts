import { describe, expect, it } from 'vitest';
import { changedDates, deadlineState, deadlineTagType, formFromDates, invalidDates, previewTimeline, summariseTimeline, timelineFromForm } from './timeline.ts';

// The demo's 2021 cycle: the qualification review took 13 working days (Art. 16 allows 10).
const CYCLE_2021 = {
  callOpens: '2021-03-01',
  callCloses: '2021-04-09',
  applicationsReceived: '2021-04-16',
  qualificationDone: '2021-05-07',
  reviewStarts: '2021-06-07',
  reviewEnds: '2021-07-02',
  commentStarts: '2021-07-12',
  commentEnds: '2021-08-06',
  noticeStarts: '2021-11-15',
  noticeEnds: '2021-11-24',
};

describe('date form', () => {
  it('round-trips the dates and drops empty or malformed ones', () => {
    const form = formFromDates({ callOpens: '2021-03-01' });
    expect(form.callOpens).toBe('2021-03-01');
    expect(form.noticeEnds).toBe('');
    form.callCloses = '2021-02-30';
    expect(timelineFromForm(form)).toEqual({ callOpens: '2021-03-01' });
    expect(invalidDates(form)).toEqual(['callCloses']);
  });

  it('sends only the changed dates, and null for a cleared one', () => {
    const form = formFromDates(CYCLE_2021);
    expect(changedDates(CYCLE_2021, form)).toEqual({});
    form.qualificationDone = '2021-04-30';
    form.noticeEnds = '';
    expect(changedDates(CYCLE_2021, form)).toEqual({ qualificationDone: '2021-04-30', noticeEnds: null });
  });
});

describe('previewTimeline', () => {
  it('finds the Art. 16 breach of 13 working days and clears it when the date moves', () => {
    const form = formFromDates(CYCLE_2021);
    const { checks, error } = previewTimeline(form);
    expect(error).toBeNull();
    expect(checks).toHaveLength(5);
    const q = checks.find((c) => c.code === 'qualification_review')!;
    expect(q).toMatchObject({ article: 16, status: 'breach', actual: 13, required: 10, deadline: '2021-04-29' });
    const s = summariseTimeline(checks);
    expect(s.breaches.map((b) => b.article)).toEqual([16]);
    expect(s.allOk).toBe(false);
    expect(deadlineTagType(q)).toBe('danger');

    form.qualificationDone = '2021-04-29';
    const fixed = previewTimeline(form);
    expect(fixed.checks.find((c) => c.code === 'qualification_review')).toMatchObject({ status: 'ok', actual: 10 });
    expect(summariseTimeline(fixed.checks)).toMatchObject({ breaches: [], allOk: true });
  });

  it('reads a step without its start date as not started, one under way as in progress', () => {
    const { checks } = previewTimeline(formFromDates({ callOpens: '2021-03-01' }), '2021-03-05');
    const call = checks.find((c) => c.code === 'call_period')!;
    const qualification = checks.find((c) => c.code === 'qualification_review')!;
    expect(call).toMatchObject({ status: 'pending', start: '2021-03-01' });
    expect(deadlineState(call)).toBe('pending');
    expect(deadlineTagType(call)).toBe('warning');
    expect(qualification.start).toBeUndefined();
    expect(deadlineState(qualification)).toBe('notStarted');
    expect(deadlineTagType(qualification)).toBe('info');
  });

  it('counts an overdue open deadline as a breach', () => {
    const form = formFromDates({ applicationsReceived: '2021-04-16' });
    const { checks } = previewTimeline(form, '2021-06-01');
    const q = checks.find((c) => c.code === 'qualification_review')!;
    expect(q).toMatchObject({ status: 'pending', overdue: true });
    expect(summariseTimeline(checks).breaches).toEqual([q]);
    expect(deadlineTagType(q)).toBe('danger');
    expect(deadlineState(q)).toBe('overdue');
  });

  it('reports years the holiday calendar does not cover as uncovered, with a reason', () => {
    const form = formFromDates({ applicationsReceived: '2099-04-16', qualificationDone: '2099-05-07' });
    const { checks } = previewTimeline(form);
    const q = checks.find((c) => c.code === 'qualification_review')!;
    expect(q.status).toBe('uncovered');
    expect(q.message.zh).toContain('2099');
    expect(summariseTimeline(checks).uncovered).toEqual([q]);
    expect(deadlineTagType(q)).toBe('info');
  });
});
