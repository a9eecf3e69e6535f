import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { ElOption, ElRadioGroup, ElSelect } from 'element-plus';
import { createAppI18n } from '../../i18n/index.ts';
import { useLocaleStore } from '../../stores/locale.ts';

// A fake tRPC client: decisions.list answers one proposed candidate; decisions.record refuses (Art. 3).
const calls: { record: unknown[]; ranking: unknown[] } = { record: [], ranking: [] };
// analytics.ranking: the server's search of the whole ranking (one far-down candidate, one excluded).
const FAR = { id: 420, code: '2025-420', name: { zh: '远方公司', en: 'Faraway Ltd' }, rank: 420, applicantType: 'individual' as const, exclusion: null };
const OUT = {
  id: 421,
  code: '2025-421',
  name: { zh: '撤回公司', en: 'Withdrawn Ltd' },
  rank: null,
  applicantType: 'organisation' as const,
  exclusion: { code: 'withdrawn', message: { zh: '已撤回', en: 'Withdrawn' } },
};
vi.mock('../../api/trpc.ts', () => ({
  api: {
    decisions: {
      list: {
        query: vi.fn(async () => ({
          year: 2025,
          cap: 5,
          places: 1,
          applications: [
            {
              applicationId: 1,
              code: '2025-001',
              name: { zh: '甲公司', en: 'Alpha Ltd' },
              applicantType: 'organisation',
              status: 'active',
              current: {
                id: 9,
                decision: 'proposed',
                decisionName: { zh: '拟授奖', en: 'Proposed awardee', article: 20 },
                article: 20,
                reason: null,
                decidedOn: '2025-10-01',
              },
              history: [],
            },
          ],
        })),
      },
      record: {
        mutate: vi.fn(async (input: unknown) => {
          calls.record.push(input);
          throw Object.assign(new Error('refused'), {
            data: {
              code: 'PRECONDITION_FAILED',
              i18n: { zh: '拟授奖 6 个，超过名额上限，不能记录。', en: '6 proposed awards exceed the cap; refused.' },
              details: { article: 3, count: 6, cap: 5 },
            },
          });
        }),
      },
    },
    analytics: {
      ranking: {
        query: vi.fn(async (input: { q?: string }) => {
          calls.ranking.push(input);
          const items = [FAR, OUT].filter((r) => r.code.includes(input.q ?? '') || r.name.en.includes(input.q ?? ''));
          return { items, nextCursor: null, total: items.length };
        }),
      },
    },
    awards: { grant: { mutate: vi.fn() } },
  },
}));

const { default: DecisionsPanel } = await import('./DecisionsPanel.vue');

function plugins(locale: 'zh-CN' | 'en') {
  const pinia = createPinia();
  setActivePinia(pinia);
  localStorage.clear();
  useLocaleStore().setLocale(locale);
  return [pinia, createAppI18n(locale)];
}

const RANKED = [
  { id: 1, code: '2025-001', name: { zh: '甲公司', en: 'Alpha Ltd' }, rank: 1, applicantType: 'organisation' as const, exclusion: null },
  { id: 2, code: '2025-002', name: { zh: '乙公司', en: 'Beta Ltd' }, rank: 2, applicantType: 'organisation' as const, exclusion: null },
];

describe('DecisionsPanel', () => {
  beforeEach(() => {
    calls.record = [];
    calls.ranking = [];
  });

  it('lists the decisions and places against the cap; the committee gets no form and no grant', async () => {
    const w = mount(DecisionsPanel, {
      props: { year: 2025, phase: 'committee_review', ranked: RANKED, canEdit: false },
      global: { plugins: plugins('zh-CN') },
    });
    await flushPromises();
    expect(w.find('[data-testid="decision-places"]').text()).toContain('已用名额 1 / 5');
    expect(w.find('[data-testid="decision-places"] [data-article]').text()).toBe('第3条');
    expect(w.find('[data-decision="proposed"]').text()).toBe('拟授奖');
    expect(w.find('[data-testid="decision-form"]').exists()).toBe(false);
    expect(w.find('[data-testid="grant-awards"]').exists()).toBe(false);
  });

  it('sends the decision and shows the server refusal inline with its article, in English', async () => {
    const w = mount(DecisionsPanel, { props: { year: 2025, phase: 'committee_review', ranked: RANKED, canEdit: true }, global: { plugins: plugins('en') } });
    await flushPromises();
    expect(w.find('[data-testid="grant-awards"]').attributes('disabled')).toBeDefined();
    const submit = () => w.find('[data-testid="decision-submit"]');
    expect(submit().attributes('disabled')).toBeDefined();
    // The Element Plus radios and select are driven through their v-model events, the reason is typed.
    w.findComponent(ElRadioGroup).vm.$emit('update:modelValue', 'approved');
    await flushPromises();
    w.findComponent(ElSelect).vm.$emit('update:modelValue', [2]);
    await w.find('textarea').setValue(' Committee vote ');
    await flushPromises();
    expect(w.find('[data-testid="decision-places-after"]').text()).toContain('2 / 5');
    expect(submit().attributes('disabled')).toBeUndefined();
    await submit().trigger('click');
    await flushPromises();
    expect(calls.record).toEqual([{ year: 2025, applicationIds: [2], decision: 'approved', reason: 'Committee vote' }]);
    const refusal = w.find('[data-testid="decision-refusal"]');
    expect(refusal.find('[data-article]').text()).toBe('Art. 3');
    expect(refusal.find('[data-refusal-text]').text()).toBe('6 proposed awards exceed the cap; refused.');
  });

  it('names the phases in which awards may be granted as the vocabulary names them', async () => {
    const w = mount(DecisionsPanel, { props: { year: 2025, phase: 'committee_review', ranked: RANKED, canEdit: true }, global: { plugins: plugins('zh-CN') } });
    await flushPromises();
    expect(w.find('[data-testid="grant-awards"]').attributes('disabled')).toBeDefined();
    expect(w.find('[data-testid="grant-phase-hint"]').text()).toBe('公示（第21条）期满后，在“拟授奖名单公示”或“已授奖”阶段方可授奖');
  });

  it('enables the grant in the public-notice phase', async () => {
    const w = mount(DecisionsPanel, { props: { year: 2025, phase: 'public_notice', ranked: RANKED, canEdit: true }, global: { plugins: plugins('zh-CN') } });
    await flushPromises();
    expect(w.find('[data-testid="grant-awards"]').attributes('disabled')).toBeUndefined();
  });

  it('finds a candidate far down the ranking through the server search and keeps it chosen while another search is shown', async () => {
    const w = mount(DecisionsPanel, { props: { year: 2025, phase: 'committee_review', ranked: RANKED, canEdit: true }, global: { plugins: plugins('en') } });
    await flushPromises();
    const select = w.findComponent(ElSelect);
    const offered = () => w.findAllComponents(ElOption).map((o) => [o.props('value'), o.props('disabled')]);
    // Before typing: the top of the ranking the overview holds, nothing asked.
    expect(offered()).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(calls.ranking).toEqual([]);
    w.findComponent(ElRadioGroup).vm.$emit('update:modelValue', 'approved');
    (select.props('remoteMethod') as (q: string) => void)('2025-42');
    await flushPromises();
    expect(calls.ranking).toEqual([{ year: 2025, limit: 50, q: '2025-42' }]);
    // The excluded match is offered but not selectable for an approval.
    expect(offered()).toEqual([
      [420, false],
      [421, true],
    ]);
    select.vm.$emit('update:modelValue', [420]);
    await flushPromises();
    (select.props('remoteMethod') as (q: string) => void)('Withdrawn');
    await flushPromises();
    expect(offered()).toEqual([
      [420, false],
      [421, true],
    ]);
    // Clearing the search shows the top again, with the chosen candidate kept first.
    (select.props('remoteMethod') as (q: string) => void)('');
    await flushPromises();
    expect(offered().map(([id]) => id)).toEqual([420, 1, 2]);
    await w.find('[data-testid="decision-submit"]').trigger('click');
    await flushPromises();
    expect(calls.record).toEqual([{ year: 2025, applicationIds: [420], decision: 'approved' }]);
  });
});
