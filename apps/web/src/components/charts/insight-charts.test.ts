/** Leadership's charts and headline as components: options in a computed, labels in both languages, counts and marks present. */
import { describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick, type Component } from 'vue';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createAppI18n } from '../../i18n/index.ts';
import { useLocaleStore } from '../../stores/locale.ts';
import SmallMultiplesChart from './SmallMultiplesChart.vue';
import RankedChangeChart from './RankedChangeChart.vue';
import CountedHeatmapChart from './CountedHeatmapChart.vue';
import IndicatorWatchChart from './IndicatorWatchChart.vue';
import HeadlineStrip from '../trends/HeadlineStrip.vue';

type AnyObj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const VChartStub = defineComponent({
  name: 'Echarts',
  props: { option: { type: Object, required: true }, initOptions: Object, autoresize: Boolean, loading: Boolean },
  setup() {
    return () => h('div', { class: 'vchart-stub' });
  },
});

function mountWith(component: Component, props: Record<string, unknown>, locale: 'zh-CN' | 'en') {
  const pinia = createPinia();
  setActivePinia(pinia);
  localStorage.clear();
  const store = useLocaleStore();
  store.setLocale(locale);
  const i18n = createAppI18n(locale);
  const wrapper = mount(component, { props, global: { plugins: [pinia, i18n], stubs: { VChart: VChartStub, Echarts: VChartStub } } });
  const option = () => wrapper.findComponent(VChartStub).props('option') as AnyObj;
  async function switchTo(l: 'zh-CN' | 'en') {
    store.setLocale(l);
    i18n.global.locale.value = l;
    await nextTick();
  }
  return { wrapper, option, switchTo };
}

const points = (ns: number[]) => ns.map((n, i) => ({ year: 2021 + 2 * i, n, value: 550 + 10 * i, lowN: n < 3 }));

describe('leadership chart components', () => {
  it('small multiples: data-chart, n on each point, low-n grey, relabelled on a language switch', async () => {
    const input = {
      years: [2021, 2023, 2025],
      minN: 3,
      valueKey: 'trends.meanTotal',
      panels: [
        { id: 'a', name: 'A', points: points([5, 6, 7]), change: 10, lowN: false },
        { id: 'b', name: 'B', points: points([1, 2, 4]), change: 10, lowN: true },
      ],
    };
    const { wrapper, option, switchTo } = mountWith(SmallMultiplesChart, { input, name: 'trend-districts' }, 'zh-CN');
    expect(wrapper.find('[data-chart="trend-districts"]').attributes('data-series-points')).toBe('3,3');
    expect(option().series[0].data[0].label.formatter).toBe('5份');
    expect(option().series[1].data[0].symbol).toBe('emptyCircle');
    expect(option().title[1].subtext).toContain('少于 3 份');
    await switchTo('en');
    expect(option().series[0].data[0].label.formatter).toBe('n=5');
    expect(option().title[1].subtext).toContain('fewer than 3');
  });

  it('ranked change: rows sorted by change with their n', () => {
    const row = (id: string, previous: number, current: number, n: number) => ({
      id,
      name: id,
      previous,
      current,
      change: current - previous,
      previousN: n,
      currentN: n,
      lowN: n < 3,
    });
    const input = { previousYear: 2023, currentYear: 2025, minN: 3, valueKey: 'trends.meanTotal', rows: [row('x', 500, 490, 4), row('y', 500, 530, 6)] };
    const { wrapper, option } = mountWith(RankedChangeChart, { input, name: 'trend-sectors' }, 'en');
    expect(wrapper.find('[data-chart="trend-sectors"]').exists()).toBe(true);
    expect(option().yAxis.data).toEqual(['y\nn 6→6', 'x\nn 4→4']);
    expect(option().xAxis.name).toBe('Mean total');
  });

  it('counted heatmap: counts in the cells and the grey rule in the legend', () => {
    const input = {
      rows: ['a', 'b'],
      columns: ['4.1'],
      values: [[50], [60]],
      counts: [[4], [2]],
      minN: 3,
    };
    const { wrapper, option } = mountWith(CountedHeatmapChart, { input, name: 'sector-heatmap' }, 'en');
    expect(wrapper.find('[data-chart="sector-heatmap"]').attributes('data-series-points')).toBe('1,1');
    expect(option().legend.data[0].name).toBe('Grey: fewer than 3 applications');
  });

  it('indicator watch: the marker series and the sector band', () => {
    const input = {
      years: [2022, 2023],
      name: 'Co',
      values: [0, 2],
      sectorMedian: [0, 0],
      sectorP25: [0, 0],
      sectorP75: [1, 1],
      sectorN: [6, 6],
      indicatorLabel: 'Incidents',
      watch: [null, 'at or above the watch line of 1 count'],
      watchLine: 1,
    };
    const { wrapper, option } = mountWith(IndicatorWatchChart, { input, name: 'indicator-quality_safety_incidents' }, 'zh-CN');
    expect(wrapper.find('[data-chart="indicator-quality_safety_incidents"]').exists()).toBe(true);
    const marks = option().series.find((s: AnyObj) => s.name === '值得关注');
    expect(marks.data).toHaveLength(1);
    expect(option().legend.data).toContain('行业四分位区间');
  });
});

describe('headline strip', () => {
  const data = {
    current: 2025,
    previous: 2023,
    years: [2023, 2025],
    minN: 3,
    headline: {
      applications: { current: 58, previous: 50, change: 8 },
      scored: { current: 54, previous: 46, change: 8 },
      meanTotal: { current: 589.4, previous: 600, change: -10.6 },
      shareAboveMinimum: { current: 0.426, previous: 0.426, change: 0, minTotal: 600 },
      weakestCategory: {
        id: '4.6',
        name: { zh: '测量、分析与改进', en: 'Measurement, analysis and improvement' },
        current: 56.3,
        previous: 53,
        change: 3.3,
        previousWeakest: '4.3',
      },
    },
    districts: [],
    sectors: [],
    categories: [],
  };

  it('gives each metric its change with an arrow, a sign and a word, not colour alone', () => {
    const { wrapper } = mountWith(HeadlineStrip, { data }, 'en');
    const tile = (id: string) => wrapper.find(`[data-metric="${id}"]`);
    expect(wrapper.text()).toContain('2025 cycle against 2023');
    expect(tile('applications').attributes('data-direction')).toBe('up');
    expect(tile('applications').find('[data-change]').text()).toMatch(/▲\s*\+8\s*·\s*up/);
    expect(tile('meanTotal').attributes('data-direction')).toBe('down');
    expect(tile('meanTotal').find('[data-change]').text()).toMatch(/▼\s*−10\.6 points\s*·\s*down/);
    expect(tile('shareAboveMinimum').find('[data-change]').text()).toMatch(/▬\s*0 percentage points\s*·\s*unchanged/);
    expect(tile('shareAboveMinimum').text()).toContain('minimum 600');
    expect(tile('weakestCategory').text()).toContain('4.6 Measurement, analysis and improvement');
    expect(tile('weakestCategory').text()).toContain('weakest last cycle: 4.3');
    expect(tile('meanTotal').text()).toContain('last cycle 600');
  });

  it('says so when there is no earlier cycle, in Chinese', () => {
    const single = {
      ...data,
      previous: null,
      headline: {
        ...data.headline,
        applications: { current: 58, previous: null, change: null },
        meanTotal: { current: 589.4, previous: null, change: null },
        shareAboveMinimum: { current: 0.4, previous: null, change: null, minTotal: 600 },
        weakestCategory: null,
      },
    };
    const { wrapper } = mountWith(HeadlineStrip, { data: single }, 'zh-CN');
    expect(wrapper.text()).toContain('2025 届');
    expect(wrapper.find('[data-metric="applications"]').attributes('data-direction')).toBe('none');
    expect(wrapper.find('[data-metric="applications"] [data-change]').text()).toBe('无上届可比');
    expect(wrapper.find('[data-metric="weakestCategory"]').exists()).toBe(false);
  });
});
