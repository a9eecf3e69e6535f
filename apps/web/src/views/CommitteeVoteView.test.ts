import { beforeEach, describe, expect, it, vi } from 'vitest';
import { computed } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createAppI18n } from '../i18n/index.ts';
import { useLocaleStore } from '../stores/locale.ts';

// A fake tRPC client: meetings.list answers whatever `state.meetings` holds; meetings.vote records the call.
const state: { meetings: unknown[]; votes: unknown[] } = { meetings: [], votes: [] };
vi.mock('../api/trpc.ts', () => ({
  api: {
    meetings: {
      list: { query: vi.fn(async () => state.meetings) },
      vote: {
        mutate: vi.fn(async (input: unknown) => {
          state.votes.push(input);
          return { changed: false };
        }),
      },
    },
  },
}));
vi.mock('../composables/useYear.ts', () => ({ useYear: () => computed(() => 2025) }));

const { default: CommitteeVoteView } = await import('./CommitteeVoteView.vue');

const name = (n: number) => ({ zh: `候选${n}公司`, en: `Candidate ${n} Ltd` });
function candidate(id: number, myVote: string | null, votesCast: number, result: unknown = null) {
  return {
    applicationId: id,
    code: `2025-00${id}`,
    name: name(id),
    applicantType: 'organisation',
    status: 'active',
    position: id,
    total: 800,
    votesCast,
    myVote,
    result,
  };
}
function meeting(over: Record<string, unknown>) {
  return {
    id: 4,
    article: 20,
    heldOn: '2025-08-20',
    status: 'open',
    members: 3,
    quorum: { numerator: 2, denominator: 3, text: { zh: '3分之2以上成员', en: 'at least 2/3 of the members' }, ok: true, message: { zh: '达到', en: 'met' } },
    present: [
      { userId: 11, username: 'c1', displayName: '委员甲' },
      { userId: 12, username: 'c2', displayName: '委员乙' },
    ],
    callerPresent: true,
    candidates: [candidate(1, 'for', 2), candidate(2, null, 1)],
    // Open: the API sends only the caller's own votes.
    votes: [{ applicationId: 1, userId: 11, member: '委员甲', vote: 'for', voteName: { zh: '赞成', en: 'For' }, onPaper: false, recordedAt: '' }],
    result: null,
    closedAt: null,
    ...over,
  };
}

function plugins(locale: 'zh-CN' | 'en') {
  const pinia = createPinia();
  setActivePinia(pinia);
  localStorage.clear();
  useLocaleStore().setLocale(locale);
  return [pinia, createAppI18n(locale)];
}

describe('CommitteeVoteView', () => {
  beforeEach(() => {
    state.meetings = [];
    state.votes = [];
  });

  it('lets a member present vote, showing only their own votes and the count of votes per candidate', async () => {
    state.meetings = [meeting({})];
    const w = mount(CommitteeVoteView, { global: { plugins: plugins('zh-CN') } });
    await flushPromises();
    expect(w.find('[data-testid="committee-vote"]').attributes('data-mode')).toBe('voting');
    expect(w.find('[data-my-vote="2025-001"]').text()).toBe('赞成');
    expect(w.find('[data-my-vote="2025-002"]').text()).toBe('未表决');
    expect(w.find('[data-cast="2025-001"]').text()).toBe('2 / 2');
    expect(w.find('[data-cast="2025-002"]').text()).toBe('1 / 2');
    // No other member's name or vote on the page before the meeting closes.
    expect(w.text()).not.toContain('委员乙');
    expect(w.find('[data-testid^="meeting-result"]').exists()).toBe(false);

    await w.find('[data-vote="2025-002:against"]').trigger('click');
    await flushPromises();
    expect(state.votes).toEqual([{ meetingId: 4, applicationId: 2, vote: 'against' }]);
  });

  it('offers no vote to a member not present', async () => {
    state.meetings = [meeting({ callerPresent: false, candidates: [candidate(1, null, 2)], votes: [] })];
    const w = mount(CommitteeVoteView, { global: { plugins: plugins('en') } });
    await flushPromises();
    expect(w.find('[data-testid="committee-vote"]').attributes('data-mode')).toBe('notPresent');
    expect(w.find('[data-testid="vote-not-present"]').text()).toContain('not present');
    expect(w.find('[data-vote="2025-001:for"]').exists()).toBe(false);
  });

  it('shows the result once the meeting has closed', async () => {
    const tally = (id: number, outcome: string, f: number) => ({
      id,
      position: id,
      total: 800,
      for: f,
      against: 2 - f,
      abstain: 0,
      notVoted: 0,
      passed: f === 2,
      outcome,
      order: f === 2 ? 1 : null,
      message: { zh: outcome === 'proposed' ? '通过，拟授奖' : '未通过', en: outcome === 'proposed' ? 'Passed, proposed' : 'Did not pass' },
    });
    state.meetings = [
      meeting({
        status: 'closed',
        candidates: [candidate(1, 'for', 2, tally(1, 'proposed', 2)), candidate(2, 'against', 2, tally(2, 'not_passed', 1))],
        votes: [
          { applicationId: 1, userId: 11, member: '委员甲', vote: 'for', voteName: { zh: '赞成', en: 'For' }, onPaper: false, recordedAt: '' },
          { applicationId: 1, userId: 12, member: '委员乙', vote: 'for', voteName: { zh: '赞成', en: 'For' }, onPaper: true, recordedAt: '' },
        ],
        result: {
          proposed: [1],
          reserve: [],
          vacancies: 4,
          needed: 2,
          cap: 5,
          minTotal: 600,
          message: { zh: '拟授奖 1 个，空缺 4 个', en: '1 proposed, 4 vacant' },
        },
        closedAt: '2025-08-20T10:00:00Z',
      }),
    ];
    const w = mount(CommitteeVoteView, { global: { plugins: plugins('zh-CN') } });
    await flushPromises();
    expect(w.find('[data-testid="committee-vote"]').attributes('data-mode')).toBe('closed');
    expect(w.find('[data-testid="vote-meeting"]').exists()).toBe(false);
    expect(w.find('[data-testid="result-message"]').text()).toBe('拟授奖 1 个，空缺 4 个');
    expect(w.find('[data-testid="result-proposed"]').text()).toContain('2025-001');
    expect(w.find('[data-testid="result-vacancies"]').text()).toBe('4');
    expect(w.find('[data-outcome="not_passed"]').text()).toBe('未通过');
  });

  it('says so when there is no meeting', async () => {
    const w = mount(CommitteeVoteView, { global: { plugins: plugins('zh-CN') } });
    await flushPromises();
    expect(w.find('[data-testid="vote-none"]').exists()).toBe(true);
  });
});
