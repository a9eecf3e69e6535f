/** Leadership's reading of the trends, the counts behind the heatmaps and the follow-up watch lines — the `insight` namespace, in Chinese. Keep keys in parity with insight.en.ts. */
const insightZh = {
  nShort: '{n}份',
  nChange: '{from}→{to}份',
  basedOn: '基于 {n} 份申报',
  sectorBasedOn: '{n} 家企业',
  fewMark: '（少于 {n} 份）',
  fewPoint: '少于 {n} 份申报，仅供参考（灰色）',
  heatLowN: '灰色：少于 {n} 份申报',
  heatCaption: '格内为该组的类目平均得分率，下方为所依据的申报份数；少于 {n} 份申报的格子显示为灰色，不参与色阶，仅供参考。',
  change: '变化',
  sectorBand: '行业四分位区间',
  worthALook: '值得关注',
  watchLine: '关注线 {value}',
  watchCaption:
    '灰带为同行业企业该年指标的四分位区间（中间一半），灰色虚线为行业中位数；红色三角标出越过关注线的年份（如顾客满意度低于 80、发生质量安全事件、远低于行业中位数），红色虚线为固定关注线。',
  watchCount: '{n} 个年度值得关注',
  headline: {
    title: '{current} 届对比 {previous} 届',
    titleSingle: '{current} 届',
    applications: '申报数',
    meanTotal: '平均总分',
    shareAboveMinimum: '达到最低分的比例',
    minimum: '最低分 {min}',
    weakestCategory: '最弱类目',
    previousValue: '上届 {value}',
    previousWeakest: '上届最弱：{name}',
    up: '上升',
    down: '下降',
    same: '持平',
    none: '无上届可比',
    points: '分',
    percentagePoints: '个百分点',
  },
  districts: '各旗区平均总分（按变化排序）',
  districtsCaption:
    '每个小图为一个旗区，纵轴相同；每点标注完整评分的申报份数，少于 {n} 份的点为空心灰点、灰色虚线，仅供参考。标题下为 {previous} → {current} 届的变化。',
  sectors: '各行业平均总分：{previous} → {current}',
  sectorsCaption:
    '按变化排序（升幅最大在上）；有足够申报的行业中，升幅最大的 3 个为绿色、降幅最大的 3 个为红色；任一届少于 {n} 份申报的行业为灰色虚线，不作高亮；未同时参加两届的行业未列出。',
  categories: '各类目平均得分率：{previous} → {current}',
  categoriesCaption: '按变化排序；每个类目均基于该届全部完整评分的申报（{previousN}→{currentN} 份）。',
};

export type InsightMessages = typeof insightZh;
export default insightZh;
