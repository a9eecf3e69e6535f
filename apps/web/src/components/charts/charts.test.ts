import { describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick, type Component } from 'vue';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createAppI18n } from '../../i18n/index.ts';
import { useLocaleStore } from '../../stores/locale.ts';
import HistogramChart from './HistogramChart.vue';
import BoxPlotChart from './BoxPlotChart.vue';
import RadarChart from './RadarChart.vue';
import GroupedBarChart from './GroupedBarChart.vue';
import ExaminerStripChart from './ExaminerStripChart.vue';
import HeatmapChart from './HeatmapChart.vue';
import TrendLineChart from './TrendLineChart.vue';
import SlopeChart from './SlopeChart.vue';
import RankAcceptabilityHeatmap from './RankAcceptabilityHeatmap.vue';
import IndicatorLineChart from './IndicatorLineChart.vue';
import LeniencyBarChart from './LeniencyBarChart.vue';

type AnyObj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Stands in for vue-echarts (no canvas in happy-dom): keeps the option and init options it receives. */
const VChartStub = defineComponent({
  name: 'Echarts',
  props: { option: { type: Object, required: true }, initOptions: Object, autoresize: Boolean, loading: Boolean },
  setup(props) {
    return () => h('div', { class: 'vchart-stub', 'data-locale': (props.initOptions as AnyObj | undefined)?.locale });
  },
});

function mountChart(component: Component, input: unknown, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const pinia = createPinia();
  setActivePinia(pinia);
  localStorage.clear();
  const store = useLocaleStore();
  store.setLocale(locale);
  const i18n = createAppI18n(locale);
  const wrapper = mount(component, {
    props: { input },
    global: { plugins: [pinia, i18n], stubs: { VChart: VChartStub, Echarts: VChartStub } },
  });
  const option = () => wrapper.findComponent(VChartStub).props('option') as AnyObj;
  async function switchTo(l: 'zh-CN' | 'en') {
    store.setLocale(l);
    i18n.global.locale.value = l;
    await nextTick();
  }
  return { wrapper, option, switchTo };
}

const axes = ['4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7'].map((id) => ({ id, label: id }));

const cases: { name: string; component: Component; input: unknown; points: string; axisName: (o: AnyObj) => string; zh: string; en: string }[] = [
  {
    name: 'histogram',
    component: HistogramChart,
    input: { values: [600, 640, 720], minTotal: 600 },
    points: '5',
    axisName: (o) => o.xAxis.name,
    zh: '总分区间',
    en: 'Total score range',
  },
  {
    name: 'boxplot',
    component: BoxPlotChart,
    input: {
      groups: [
        { label: 'L', values: [1, 2, 3] },
        { label: 'S', values: [4, 5] },
      ],
    },
    points: '2,0',
    axisName: (o) => o.yAxis.name,
    zh: '占满分比例（%）',
    en: 'Share of maximum (%)',
  },
  {
    name: 'radar',
    component: RadarChart,
    input: {
      axes,
      candidates: [
        { name: 'A', values: [1, 2, 3, 4, 5, 6, 7] },
        { name: 'B', values: [7, 6, 5, 4, 3, 2, 1] },
      ],
    },
    points: '2',
    axisName: (o) => o.series[0].name,
    zh: '占满分比例（%）',
    en: 'Share of maximum (%)',
  },
  {
    name: 'grouped-bar',
    component: GroupedBarChart,
    input: {
      labels: ['4.1.2', '4.1.3', '4.1.4'],
      series: [
        { name: 'A', values: [1, 2, 3] },
        { name: 'B', values: [3, 2, 1] },
      ],
    },
    points: '3,3',
    axisName: (o) => o.yAxis.name,
    zh: '得分',
    en: 'Points',
  },
  {
    name: 'examiner-strip',
    component: ExaminerStripChart,
    input: {
      items: ['4.1.2', '4.1.3'],
      examiners: [
        { name: 'E1', percents: [50, 60] },
        { name: 'E2', percents: [70, null] },
      ],
    },
    points: '2,1',
    axisName: (o) => o.yAxis.name,
    zh: '评分百分比（%）',
    en: 'Score percentage (%)',
  },
  {
    name: 'heatmap',
    component: HeatmapChart,
    input: {
      rows: ['r1', 'r2'],
      columns: ['c1', 'c2', 'c3'],
      values: [
        [1, 2, 3],
        [4, null, 6],
      ],
    },
    points: '5',
    axisName: (o) => o.series[0].name,
    zh: '占满分比例（%）',
    en: 'Share of maximum (%)',
  },
  {
    name: 'trend-line',
    component: TrendLineChart,
    input: { years: [2018, 2020, 2022, 2024], series: [{ name: 'n', values: [10, 12, 14, 16] }], valueKey: 'trends.applications' },
    points: '4',
    axisName: (o) => o.yAxis.name,
    zh: '申报数',
    en: 'Applications',
  },
  {
    name: 'slope',
    component: SlopeChart,
    input: {
      candidates: [
        { name: 'A', before: 1, after: 2 },
        { name: 'B', before: 2, after: 1 },
      ],
      cap: 1,
    },
    points: '2,2',
    axisName: (o) => o.xAxis.data[0],
    zh: '调整前名次',
    en: 'Rank before',
  },
  {
    name: 'rank-acceptability',
    component: RankAcceptabilityHeatmap,
    input: {
      candidates: ['A', 'B'],
      shares: [
        [0.9, 0.1],
        [0.1, 0.9],
      ],
    },
    points: '4',
    axisName: (o) => o.xAxis.name,
    zh: '名次',
    en: 'Rank',
  },
  {
    name: 'indicator-line',
    component: IndicatorLineChart,
    input: { years: [2021, 2022, 2023], name: 'X', values: [1, 2, 3], sectorMedian: [1, 1, 1], indicatorLabel: 'rev' },
    points: '3,3',
    axisName: (o) => o.series[1].name,
    zh: '行业中位数',
    en: 'Sector median',
  },
  {
    name: 'leniency-bar',
    component: LeniencyBarChart,
    input: {
      examiners: [
        { name: 'E1', deviation: 3 },
        { name: 'E2', deviation: -1 },
        { name: 'E3', deviation: 0 },
      ],
    },
    points: '3',
    axisName: (o) => o.xAxis.name,
    zh: '与评审组均值之差（百分点）',
    en: 'Difference from group mean (percentage points)',
  },
];

describe('chart components', () => {
  for (const c of cases) {
    it(`${c.name}: exposes its name and series sizes, passes a localized option to ECharts`, async () => {
      const { wrapper, option, switchTo } = mountChart(c.component, c.input);
      const root = wrapper.get(`[data-chart="${c.name}"]`);
      expect(root.attributes('data-series-points')).toBe(c.points);
      expect(root.attributes('data-rendered')).toBe('false');
      expect(option().series.length).toBeGreaterThan(0);
      expect(c.axisName(option())).toBe(c.zh);
      expect(wrapper.get('.vchart-stub').attributes('data-locale')).toBe('ZH');
      await switchTo('en');
      expect(c.axisName(option())).toBe(c.en);
      expect(wrapper.get('.vchart-stub').attributes('data-locale')).toBe('EN');
      expect(wrapper.get(`[data-chart="${c.name}"]`).attributes('data-series-points')).toBe(c.points);
    });
  }

  it('updates the option when the data changes', async () => {
    const { wrapper, option } = mountChart(HistogramChart, { values: [610] });
    expect((option().series[0].data as number[]).reduce((a, b) => a + b, 0)).toBe(1);
    await wrapper.setProps({ input: { values: [610, 620, 630] } });
    expect((option().series[0].data as number[]).reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('takes a custom data-chart name so a view can hold several charts of one kind', () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const w = mount(HeatmapChart, {
      props: { input: { rows: ['a'], columns: ['b'], values: [[1]] }, name: 'sector-heatmap' },
      global: { plugins: [pinia, createAppI18n('zh-CN')], stubs: { VChart: VChartStub, Echarts: VChartStub } },
    });
    expect(w.find('[data-chart="sector-heatmap"]').exists()).toBe(true);
  });
});
