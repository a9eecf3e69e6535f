import { describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { checkTimeline } from '@mqa/rules';
import { createAppI18n } from '../../i18n/index.ts';
import { useLocaleStore } from '../../stores/locale.ts';
import EligibilityFailures from './EligibilityFailures.vue';
import TimelineCard from './TimelineCard.vue';
import SelectionSummary from './SelectionSummary.vue';
import DeclaredFacts from './DeclaredFacts.vue';

function plugins(locale: 'zh-CN' | 'en') {
  const pinia = createPinia();
  setActivePinia(pinia);
  localStorage.clear();
  useLocaleStore().setLocale(locale);
  return [pinia, createAppI18n(locale)];
}

const FAILURES = [
  {
    article: 12,
    clause: 6,
    code: 'EXC_ABNORMAL_OPERATION_LIST',
    kind: 'exclusion' as const,
    reason: 'failed' as const,
    message: { zh: '已列入经营异常名录（第12条第（六）项）', en: 'Listed on the abnormal-operation list (Art. 12(6))' },
  },
  {
    article: 10,
    clause: 1,
    code: 'ORG_YEARS_OF_OPERATION',
    kind: 'condition' as const,
    reason: 'undeclared' as const,
    message: { zh: '未申报成立日期（第10条第（一）项）', en: 'Founding date not declared (Art. 10(1))' },
  },
];

describe('EligibilityFailures', () => {
  it('shows every failed condition with its article and reason, in Chinese', () => {
    const w = mount(EligibilityFailures, { props: { failures: FAILURES }, global: { plugins: plugins('zh-CN') } });
    const items = w.findAll('[data-failure]');
    expect(items.map((i) => i.attributes('data-failure'))).toEqual(['EXC_ABNORMAL_OPERATION_LIST', 'ORG_YEARS_OF_OPERATION']);
    expect(items[0]!.find('[data-article]').text()).toBe('第12条第(六)项');
    expect(items[0]!.text()).toContain('已列入经营异常名录');
    expect(items[0]!.text()).not.toContain('（第12条第（六）项）');
    expect(items[1]!.text()).toContain('未申报');
    expect(items[1]!.text()).toContain('申报条件');
  });

  it('and in English, with no Chinese left', () => {
    const w = mount(EligibilityFailures, { props: { failures: FAILURES }, global: { plugins: plugins('en') } });
    expect(w.findAll('[data-article]').map((a) => a.text())).toEqual(['Art. 12(6)', 'Art. 10(1)']);
    expect(w.text()).toContain('Not declared');
    expect(/[\u3400-\u9fff]/.test(w.text())).toBe(false);
  });
});

// The demo's 2021 cycle: qualification review of 13 working days (Art. 16 allows 10).
const DATES_2021 = {
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

describe('TimelineCard', () => {
  it('lists a breach in a red alert with its article, and hides editing from non-secretariat users', () => {
    const timeline = checkTimeline(DATES_2021, { asOf: '2026-01-01' });
    const w = mount(TimelineCard, {
      props: { year: 2021, dates: DATES_2021, timeline, timelineAsOf: '2026-01-01', timelineError: null, canEdit: false },
      global: { plugins: plugins('zh-CN') },
    });
    const alert = w.find('[data-testid="timeline-breaches"]');
    expect(alert.exists()).toBe(true);
    expect(alert.text()).toContain('1 项期限不符合规定');
    const breach = alert.find('[data-breach="qualification_review"]');
    expect(breach.text()).toContain('第16条');
    expect(breach.text()).toContain('13个工作日');
    expect(w.find('[data-testid="edit-dates"]').exists()).toBe(false);
  });

  it('says all five deadlines are met when they are, and offers editing to the secretariat', () => {
    const dates = { ...DATES_2021, qualificationDone: '2021-04-29' };
    const w = mount(TimelineCard, {
      props: { year: 2021, dates, timeline: checkTimeline(dates), timelineAsOf: '2026-01-01', timelineError: null, canEdit: true },
      global: { plugins: plugins('en') },
    });
    expect(w.find('[data-testid="timeline-breaches"]').exists()).toBe(false);
    expect(w.find('[data-testid="timeline-ok"]').text()).toContain('All five deadlines met');
    expect(w.find('[data-testid="edit-dates"]').exists()).toBe(true);
  });
});

describe('SelectionSummary', () => {
  it('states the cap, the minimum total, a tie at the cap and the tie-break with their articles', () => {
    const w = mount(SelectionSummary, {
      props: { cap: 5, capLine: 693.9, minTotal: 600, vacancies: 0, tieAtCap: { rank: 5, ids: [3, 4], seatsLeft: 1 }, tieBreak: 'priorityAreas', removed: 1 },
      global: { plugins: plugins('zh-CN') },
    });
    expect(w.find('[data-rule="cap"]').text()).toContain('名额上限 5 个');
    expect(w.find('[data-rule="cap"] [data-article]').text()).toBe('第3条');
    expect(w.find('[data-rule="tie-at-cap"]').text()).toContain('第 5 名有 2 个候选同分');
    expect(w.find('[data-rule="tie-break"] [data-article]').text()).toBe('第2条');
    expect(w.find('[data-rule="removed"] [data-article]').text()).toBe('第21条');
    expect(w.find('[data-rule="no-tie"]').exists()).toBe(false);
  });

  it('reports vacancies and no tie', () => {
    const w = mount(SelectionSummary, {
      props: { cap: 5, capLine: 650, minTotal: 600, vacancies: 2, tieAtCap: null, tieBreak: 'none', removed: 0 },
      global: { plugins: plugins('en') },
    });
    expect(w.find('[data-rule="vacancies"]').text()).toBe('2 place(s) vacant');
    expect(w.find('[data-rule="no-tie"]').text()).toBe('No tie at the cap');
    expect(w.find('[data-rule="tie-break"]').text()).toBe('Ties are not broken');
  });
});

describe('DeclaredFacts', () => {
  const props = {
    applicantType: 'organisation' as const,
    facts: { foundedOn: '2010-06-01', onAbnormalOperationList: true, registeredInOrdos: true },
    failures: [
      { code: 'EXC_ABNORMAL_OPERATION_LIST', reason: 'failed' as const },
      { code: 'ORG_GOOD_CREDIT', reason: 'undeclared' as const },
    ],
  };

  it('shows each fact with its value and the rules that read it, failing ones marked, in Chinese', async () => {
    const w = mount(DeclaredFacts, { props, global: { plugins: plugins('zh-CN') } });
    await flushPromises();
    const row = (key: string) => w.find(`[data-fact="${key}"]`).element.closest('tr')!;
    const founded = row('foundedOn');
    expect(founded.querySelector('[data-fact-value]')!.textContent.trim()).toBe('2010年6月1日');
    expect(founded.querySelector('[data-rule="ORG_YEARS_OF_OPERATION"] [data-article]')!.textContent.trim()).toBe('第10条第(一)项');
    expect(founded.querySelector('[data-rule="ORG_YEARS_OF_OPERATION"]')!.getAttribute('data-failing')).toBe('false');
    const listed = row('onAbnormalOperationList');
    expect(listed.className).toContain('fact--failing');
    expect(listed.querySelector('[data-rule="EXC_ABNORMAL_OPERATION_LIST"]')!.getAttribute('data-failing')).toBe('true');
    expect(listed.querySelector('[data-rule="EXC_ABNORMAL_OPERATION_LIST"] [data-article]')!.textContent.trim()).toBe('第12条第(六)项');
    const credit = row('goodCreditRecord');
    expect(w.find('[data-fact="goodCreditRecord"]').attributes('data-declared')).toBe('false');
    expect(credit.querySelector('[data-undeclared]')!.textContent.trim()).toBe('未申报');
    expect(credit.className).toContain('fact--failing');
    expect(row('registeredInOrdos').className).not.toContain('fact--failing');
  });

  it('and in English, with no Chinese left', async () => {
    const w = mount(DeclaredFacts, { props, global: { plugins: plugins('en') } });
    await flushPromises();
    expect(w.text()).toContain('1 Jun 2010');
    expect(w.text()).toContain('Not declared');
    expect(w.text()).toContain('Art. 12(6)');
    expect(/[\u3400-\u9fff]/.test(w.text())).toBe(false);
  });
});
