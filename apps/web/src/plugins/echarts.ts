/**
 * ECharts, tree-shaken: only the chart types and components the dashboard uses are registered,
 * once, from `echarts/core`. Every chart component imports this module, so ECharts lands in the
 * lazily loaded chart chunk and never in the initial bundle.
 */
import { use } from 'echarts/core';
import { BarChart, BoxplotChart, HeatmapChart, LineChart, RadarChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  RadarComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer } from 'echarts/renderers';

use([
  BarChart,
  LineChart,
  BoxplotChart,
  RadarChart,
  HeatmapChart,
  ScatterChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  VisualMapComponent,
  DataZoomComponent,
  MarkLineComponent,
  MarkAreaComponent,
  DatasetComponent,
  RadarComponent,
  LabelLayout,
  CanvasRenderer,
]);

export { default as VChart, INIT_OPTIONS_KEY } from 'vue-echarts';
