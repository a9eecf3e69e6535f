import { describe, expect, it } from 'vitest';
import { phasePreflight, type PreflightFacts } from './preflight.ts';

const quiet: PreflightFacts = {
  from: 'preparation',
  to: 'call_for_applications',
  callDatesSet: true,
  applications: 3,
  qualificationUndecided: 0,
  qualified: 3,
  pendingSupplements: 0,
  missingMaterials: 0,
  withoutGroup: 0,
  onsiteSelected: 1,
  committeeDecisions: 1,
  openObjections: 0,
  breaches: [],
};

const codes = (f: Partial<PreflightFacts>) => phasePreflight({ ...quiet, ...f }).map((w) => w.code);

describe('phasePreflight', () => {
  it('has nothing to say when nothing is open', () => {
    expect(phasePreflight(quiet)).toEqual([]);
  });

  it('opening the call without its dates cites Art. 14', () => {
    const [w] = phasePreflight({ ...quiet, callDatesSet: false });
    expect(w).toMatchObject({ code: 'call_dates_missing', article: 14 });
    expect(w!.message.zh).toContain('第14条');
    expect(w!.message.en).toContain('Art. 14');
  });

  it('entering material review lists undecided, supplements, materials and groups', () => {
    const ws = phasePreflight({
      ...quiet,
      from: 'qualification_review',
      to: 'material_review',
      qualificationUndecided: 2,
      pendingSupplements: 1,
      missingMaterials: 1,
      withoutGroup: 4,
    });
    expect(ws.map((w) => [w.code, w.article, w.count])).toEqual([
      ['qualification_undecided', 16, 2],
      ['supplements_pending', 16, 1],
      ['materials_missing', 15, 1],
      ['no_review_group', 17, 4],
    ]);
    expect(ws[3]!.message.en).toBe('4 qualified applications have no review group (Art. 17).');
  });

  it('the same facts do not matter for a step they do not concern', () => {
    expect(codes({ from: 'public_comment', to: 'committee_review', qualificationUndecided: 2, pendingSupplements: 1, withoutGroup: 3 })).toEqual([]);
  });

  it('closing a review stage reports sheets and open disagreements with the threshold', () => {
    const ws = phasePreflight({
      ...quiet,
      from: 'material_review',
      to: 'onsite_review',
      sheets: { stage: 'material', notStarted: 1, notSubmitted: 2 },
      openDisagreements: { count: 5, threshold: 30 },
      onsiteSelected: 0,
    });
    expect(ws.map((w) => w.code)).toEqual(['sheets_not_started', 'sheets_not_submitted', 'disagreements_open', 'no_onsite_selection']);
    expect(ws[2]!.message.zh).toContain('30 个百分点');
  });

  it('awarding with open objections or a running notice period cites Art. 21', () => {
    const ws = phasePreflight({ ...quiet, from: 'public_notice', to: 'awarded', openObjections: 1, periodEndsAfterToday: { article: 21, ends: '2027-10-20' } });
    expect(ws.map((w) => [w.code, w.article])).toEqual([
      ['period_running', 21],
      ['objections_open', 21],
    ]);
    expect(ws[0]!.message.en).toContain('2027-10-20');
  });

  it('breached deadlines are warnings at any step, with their own article', () => {
    const ws = phasePreflight({ ...quiet, breaches: [{ article: 16, code: 'qualification_review', message: { zh: '超期', en: 'late' } }] });
    expect(ws).toEqual([{ code: 'deadline_qualification_review', article: 16, message: { zh: '期限未满足：超期', en: 'Deadline not met: late' } }]);
  });

  it('committee review without a decision cannot pass to the notice unwarned', () => {
    expect(codes({ from: 'committee_review', to: 'public_notice', committeeDecisions: 0 })).toEqual(['no_committee_decision']);
  });
});
