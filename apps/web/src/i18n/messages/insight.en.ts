import type { InsightMessages } from './insight.zh-CN.ts';

/** Leadership's reading of the trends, the counts behind the heatmaps and the follow-up watch lines — the `insight` namespace, in English. Keep keys in parity with insight.zh-CN.ts. */
const insightEn: InsightMessages = {
  nShort: 'n={n}',
  nChange: 'n {from}→{to}',
  basedOn: 'based on {n} application(s)',
  sectorBasedOn: '{n} organisation(s)',
  fewMark: '(fewer than {n})',
  fewPoint: 'Fewer than {n} applications: indicative only (grey)',
  heatLowN: 'Grey: fewer than {n} applications',
  heatCaption:
    'Each cell shows the group’s mean share of the category’s points, with the number of applications it rests on below; cells resting on fewer than {n} applications are grey, outside the colour scale, and indicative only.',
  change: 'Change',
  sectorBand: 'Sector middle half (P25–P75)',
  worthALook: 'Worth a look',
  watchLine: 'Watch line {value}',
  watchCaption:
    'The grey band is the middle half (P25–P75) of the sector’s organisations that year, the dashed grey line the sector median; a red triangle marks a year whose value crosses a watch line (e.g. satisfaction below 80, any quality or safety incident, far below the sector median); a dashed red line is a fixed watch line.',
  watchCount: '{n} year(s) worth a look',
  headline: {
    title: '{current} cycle against {previous}',
    titleSingle: '{current} cycle',
    applications: 'Applications',
    meanTotal: 'Mean total',
    shareAboveMinimum: 'Share at or above the minimum',
    minimum: 'minimum {min}',
    weakestCategory: 'Weakest category',
    previousValue: 'last cycle {value}',
    previousWeakest: 'weakest last cycle: {name}',
    up: 'up',
    down: 'down',
    same: 'unchanged',
    none: 'no earlier cycle',
    points: 'points',
    percentagePoints: 'percentage points',
  },
  districts: 'Mean total by banner/district (ranked by change)',
  districtsCaption:
    'One small chart per banner/district, all on the same scale; each point is labelled with its number of fully scored applications, and points resting on fewer than {n} are hollow and grey with a dashed line: indicative only. Under each name: the change from {previous} to {current}.',
  sectors: 'Mean total by sector: {previous} → {current}',
  sectorsCaption:
    'Ranked by change (largest rise on top); among sectors with enough applications the 3 largest rises are green and the 3 largest falls red; sectors with fewer than {n} applications in either cycle are grey and dashed and never highlighted; sectors missing from either cycle are left out.',
  categories: 'Category means (share of maximum): {previous} → {current}',
  categoriesCaption: 'Ranked by change; every category rests on all fully scored applications of the cycle ({previousN}→{currentN}).',
};

export default insightEn;
