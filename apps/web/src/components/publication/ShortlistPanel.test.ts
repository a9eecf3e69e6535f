import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createAppI18n } from '../../i18n/index.ts';
import { useLocaleStore } from '../../stores/locale.ts';

// A fake tRPC client: the Art. 19 ranking of three candidates (one with an upheld comment); decisions.record answers.
const calls: { record: unknown[] } = { record: [] };
function candidate(id: number, rank: number, comments: unknown[] = []) {
  return {
    applicationId: id,
    code: `2025-00${id}`,
    name: { zh: `候选${id}公司`, en: `Candidate ${id} Ltd` },
    applicantType: 'organisation',
    status: 'active',
    total: 820 - id * 10,
    rank,
    selection: { selected: true, code: 'ok', reason: { zh: '', en: '' } },
    exclusion: null,
    onResultsList: true,
    comments,
    commentCounts: { total: comments.length, upheld: comments.length, open: 0 },
    decision: null,
  };
}
vi.mock('../../api/trpc.ts', () => ({
  api: {
    decisions: {
      ranking: {
        query: vi.fn(async () => ({
          year: 2025,
          article: 19,
          phase: 'public_comment',
          cap: 5,
          minTotal: 600,
          resultsPublished: true,
          candidates: [
            candidate(1, 1, [
              {
                id: 7,
                receivedOn: '2025-07-05',
                body: '质量事故未如实申报',
                outcome: 'upheld',
                outcomeName: { zh: '意见成立', en: 'Upheld' },
                outcomeReason: '经核实',
              },
            ]),
            candidate(2, 2),
            candidate(3, 3),
          ],
          generalComments: [],
        })),
      },
      record: {
        mutate: vi.fn(async (input: { applicationIds: number[] }) => {
          calls.record.push(input);
          return { recorded: input.applicationIds.map((id) => ({ id, applicationId: id })), departures: [] };
        }),
      },
    },
  },
}));

const { default: ShortlistPanel } = await import('./ShortlistPanel.vue');

function plugins(locale: 'zh-CN' | 'en') {
  const pinia = createPinia();
  setActivePinia(pinia);
  localStorage.clear();
  useLocaleStore().setLocale(locale);
  return [pinia, createAppI18n(locale)];
}

async function pick(w: ReturnType<typeof mount>, code: string) {
  await w.find(`[data-pick="${code}"] input`).setValue(true);
  await flushPromises();
}

describe('ShortlistPanel', () => {
  beforeEach(() => {
    calls.record = [];
  });

  it('shows each candidate’s comments with their outcome, and no form to a reader', async () => {
    const w = mount(ShortlistPanel, { props: { year: 2025, canEdit: false }, global: { plugins: plugins('zh-CN') } });
    await flushPromises();
    expect(w.find('[data-comments="2025-001"]').text()).toContain('意见成立');
    expect(w.find('[data-comments="2025-001"]').text()).toContain('质量事故未如实申报');
    expect(w.find('[data-testid="shortlist-form"]').exists()).toBe(false);
    expect(w.find('[data-pick="2025-001"]').exists()).toBe(false);
  });

  it('follows the ranking without reasons', async () => {
    const w = mount(ShortlistPanel, { props: { year: 2025, canEdit: true }, global: { plugins: plugins('zh-CN') } });
    await flushPromises();
    await pick(w, '2025-001');
    await pick(w, '2025-002');
    expect(w.findAll('[data-departure-form]')).toHaveLength(0);
    expect(w.find('[data-testid="shortlist-check"]').text()).toContain('候选名单按综合排序提出');
    await w.find('[data-testid="shortlist-submit"]').trigger('click');
    await flushPromises();
    expect(calls.record).toEqual([{ year: 2025, applicationIds: [1, 2], decision: 'shortlisted', departures: [] }]);
  });

  it('names the candidates a departure is measured against with the Chinese list mark in Chinese', async () => {
    const w = mount(ShortlistPanel, { props: { year: 2025, canEdit: true }, global: { plugins: plugins('zh-CN') } });
    await flushPromises();
    await pick(w, '2025-002');
    await pick(w, '2025-003');
    const skipped = w.find('[data-departure-form="1"]').text();
    expect(skipped).toContain('2025-002 候选2公司、2025-003 候选3公司');
    expect(skipped).not.toContain(', ');
  });

  it('marks both sides of a departure and asks a reason for each before recording', async () => {
    const w = mount(ShortlistPanel, { props: { year: 2025, canEdit: true }, global: { plugins: plugins('en') } });
    await flushPromises();
    // Leaving out the first (an upheld comment) and taking the second and third.
    await pick(w, '2025-002');
    await pick(w, '2025-003');
    expect(w.find('[data-departure="2025-001"]').attributes('data-kind')).toBe('skipped_higher');
    // The second and third are both in while the higher-ranked first is out.
    expect(w.find('[data-departure="2025-002"]').attributes('data-kind')).toBe('included_lower');
    expect(w.find('[data-departure="2025-003"]').attributes('data-kind')).toBe('included_lower');
    const forms = w.findAll('[data-departure-form]').map((f) => f.attributes('data-departure-form'));
    expect(forms).toEqual(['1', '2', '3']);
    expect(w.find('[data-departure-form="1"]').text()).toContain('ranked 1 is left out');
    const submit = w.find('[data-testid="shortlist-submit"]');
    expect(submit.attributes('disabled')).toBeDefined();
    expect(w.find('[data-testid="missing-reasons"]').text()).toContain('3 departure(s) still without a reason');

    await w.find('[data-testid="departure-reason-1"]').setValue('An upheld comment: an accident not declared');
    await w.find('[data-testid="departure-reason-2"]').setValue('Moves up in place of the first');
    await flushPromises();
    expect(submit.attributes('disabled')).toBeDefined();
    await w.find('[data-testid="departure-reason-3"]').setValue('Moves up in place of the first');
    await flushPromises();
    expect(w.find('[data-testid="missing-reasons"]').exists()).toBe(false);
    expect(w.find('[data-testid="shortlist-submit"]').attributes('disabled')).toBeUndefined();
    await w.find('[data-testid="shortlist-submit"]').trigger('click');
    await flushPromises();
    expect(calls.record).toEqual([
      {
        year: 2025,
        applicationIds: [2, 3],
        decision: 'shortlisted',
        departures: [
          { applicationId: 1, reason: 'An upheld comment: an accident not declared' },
          { applicationId: 2, reason: 'Moves up in place of the first' },
          { applicationId: 3, reason: 'Moves up in place of the first' },
        ],
      },
    ]);
  });
});
