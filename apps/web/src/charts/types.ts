import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, BoxplotSeriesOption, HeatmapSeriesOption, LineSeriesOption, RadarSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type {
  DataZoomComponentOption,
  DatasetComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkAreaComponentOption,
  MarkLineComponentOption,
  RadarComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';
import type { AppLocale } from '../i18n/index.ts';

/** The option type of every chart in the dashboard: only the registered modules. */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | BoxplotSeriesOption
  | HeatmapSeriesOption
  | LineSeriesOption
  | RadarSeriesOption
  | ScatterSeriesOption
  | DataZoomComponentOption
  | DatasetComponentOption
  | GridComponentOption
  | LegendComponentOption
  | MarkAreaComponentOption
  | MarkLineComponentOption
  | RadarComponentOption
  | TitleComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;

/** Translate function (vue-i18n `t`, or a plain function in tests). */
export type Translate = (key: string, named?: Record<string, unknown>) => string;

/** What an option builder needs besides its data: the language and its messages. */
export interface ChartContext {
  locale: AppLocale;
  t: Translate;
}

export type { BarSeriesOption, BoxplotSeriesOption, HeatmapSeriesOption, LineSeriesOption, RadarSeriesOption, ScatterSeriesOption };
