import { describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import {
  candidateOptions,
  decisionProblems,
  decisionRequest,
  grantPreview,
  placesAfter,
  rankedCandidateOf,
  refusalOf,
  type RankedCandidate,
} from './decisions.ts';

const name = (s: string) => ({ zh: `单位${s}`, en: `Org ${s}` });
const RANKED: RankedCandidate[] = [
  { id: 1, code: '2025-001', name: name('1'), rank: 1, applicantType: 'organisation', exclusion: null },
  { id: 2, code: '2025-002', name: name('2'), rank: 2, applicantType: 'individual', exclusion: null },
  { id: 3, code: '2025-003', name: name('3'), rank: null, applicantType: 'organisation', exclusion: { zh: '已取消资格（第21条）', en: 'Removed (Art. 21)' } },
];

describe('decision form helpers', () => {
  it('offers excluded candidates only for "not proposed"', () => {
    expect(candidateOptions(RANKED, 'proposed').map((o) => o.selectable)).toEqual([true, true, false]);
    expect(candidateOptions(RANKED, 'not_proposed').map((o) => o.selectable)).toEqual([true, true, true]);
  });

  it('lists what keeps the form from being sent', () => {
    const options = candidateOptions(RANKED, 'approved');
    expect(decisionProblems({ applicationIds: [], decision: '', reason: '' }, options)).toEqual(['noDecision', 'noCandidate']);
    expect(decisionProblems({ applicationIds: [3], decision: 'approved', reason: 'x' }, options)).toEqual(['notSelectable', 'reasonShort']);
    expect(decisionProblems({ applicationIds: [3], decision: 'not_proposed', reason: '' }, options)).toEqual([]);
  });

  it('builds the request: unique ids, reason trimmed or left out', () => {
    expect(decisionRequest(2025, { applicationIds: [2, 1, 2], decision: 'proposed', reason: '  委员会表决  ' })).toEqual({
      year: 2025,
      applicationIds: [2, 1],
      decision: 'proposed',
      reason: '委员会表决',
    });
    expect(decisionRequest(2025, { applicationIds: [1], decision: 'shortlisted', reason: '  ' })).toEqual({
      year: 2025,
      applicationIds: [1],
      decision: 'shortlisted',
    });
    expect(() => decisionRequest(2025, { applicationIds: [1], decision: '', reason: '' })).toThrow(/decision/);
  });

  it('counts the places taken after a decision as the server does (active, proposed or approved)', () => {
    const current = [
      { applicationId: 1, status: 'active', current: { decision: 'proposed' as const } },
      { applicationId: 4, status: 'removed', current: { decision: 'approved' as const } },
      { applicationId: 5, status: 'active', current: { decision: 'shortlisted' as const } },
    ];
    expect(placesAfter(current, [], 'shortlisted')).toBe(1);
    expect(placesAfter(current, [2, 5], 'approved')).toBe(3);
    expect(placesAfter(current, [1], 'not_proposed')).toBe(0);
  });

  it('previews the grant: approved active candidates, RMB 500,000 per organisation, none for individuals (Art. 22)', () => {
    const row = (id: number, applicantType: 'organisation' | 'individual', status: string, decision: 'approved' | 'proposed') => ({
      applicationId: id,
      code: `2025-00${id}`,
      name: name(String(id)),
      applicantType,
      status,
      current: { decision },
    });
    // Each row's own applicant type counts, wherever the candidate ranks.
    const current = [
      row(2, 'individual', 'active', 'approved'),
      row(1, 'organisation', 'active', 'approved'),
      row(3, 'organisation', 'removed', 'approved'),
      row(5, 'organisation', 'active', 'proposed'),
      row(7, 'organisation', 'active', 'approved'),
    ];
    const p = grantPreview(current);
    expect(p.awards.map((a) => [a.code, a.prizeRmb])).toEqual([
      ['2025-001', 500_000],
      ['2025-002', 0],
      ['2025-007', 500_000],
    ]);
    expect(p.totalPrizeRmb).toBe(1_000_000);
  });

  it('takes a ranking row as the form needs it: the exclusion reduced to its message', () => {
    const base = { id: 9, code: '2025-009', name: name('9'), rank: 420, applicantType: 'individual' as const };
    expect(rankedCandidateOf({ ...base, exclusion: null })).toEqual({ ...base, exclusion: null });
    expect(rankedCandidateOf({ ...base, rank: null, exclusion: { message: { zh: '已撤回', en: 'Withdrawn' } } }).exclusion).toEqual({
      zh: '已撤回',
      en: 'Withdrawn',
    });
    expect(rankedCandidateOf(base).exclusion).toBeNull();
  });

  it('maps a server refusal to its bilingual text and the articles it cites', () => {
    const cap = new TRPCClientError('refused', {
      result: {
        error: {
          code: -32012,
          message: 'refused',
          data: {
            code: 'PRECONDITION_FAILED',
            i18n: { zh: '拟授奖 6 个，超过上限（第3条），不能记录。', en: '6 proposed exceed the cap (Art. 3); refused.' },
            details: { article: 3, count: 6, cap: 5 },
          },
        },
      },
    });
    expect(refusalOf(cap)).toEqual({
      text: { zh: '拟授奖 6 个，超过上限（第3条），不能记录。', en: '6 proposed exceed the cap (Art. 3); refused.' },
      articles: [3],
    });
    const ineligible = { data: { i18n: { zh: '不符合条件', en: 'Not eligible' }, details: { applicationId: 3, articles: [12, 10] } } };
    expect(refusalOf(ineligible).articles).toEqual([10, 12]);
    const noDetails = { data: { i18n: { zh: '异议尚在调查核实，不得授奖（第21条）。', en: 'Open objection (Art. 21).' }, details: null } };
    expect(refusalOf(noDetails).articles).toEqual([21]);
    expect(refusalOf(new Error('Failed to fetch'))).toEqual({ text: null, articles: [] });
  });
});
