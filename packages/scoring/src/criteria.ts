/**
 * GB/T 19580-2012 Criteria for Performance Excellence (卓越绩效评价准则):
 * 7 categories, 23 scored items, 1000 points. Values from the standard's points table
 * (the 2004 edition had other values; do not mix them).
 */

export interface LocalizedText {
  zh: string;
  en: string;
}

/** Process items are judged on ADLI, results items on LeTCI. */
export type ItemKind = 'process' | 'results';

export interface CriteriaItem {
  id: string;
  name: LocalizedText;
  points: number;
  kind: ItemKind;
}

export interface CriteriaCategory {
  id: string;
  name: LocalizedText;
  points: number;
  items: CriteriaItem[];
}

export interface CriteriaModel {
  id: string;
  name: LocalizedText;
  totalPoints: number;
  categories: CriteriaCategory[];
}

const p = (id: string, zh: string, en: string, points: number): CriteriaItem => ({
  id,
  name: { zh, en },
  points,
  kind: 'process',
});
const r = (id: string, zh: string, en: string, points: number): CriteriaItem => ({
  id,
  name: { zh, en },
  points,
  kind: 'results',
});

export const GBT_19580_2012: CriteriaModel = deepFreeze({
  id: 'GB/T 19580-2012',
  name: { zh: 'GB/T 19580-2012 卓越绩效评价准则', en: 'GB/T 19580-2012 Criteria for Performance Excellence' },
  totalPoints: 1000,
  categories: [
    {
      id: '4.1',
      name: { zh: '领导', en: 'Leadership' },
      points: 110,
      items: [
        p('4.1.2', '高层领导的作用', 'Role of senior leaders', 50),
        p('4.1.3', '组织治理', 'Organisational governance', 30),
        p('4.1.4', '社会责任', 'Social responsibility', 30),
      ],
    },
    {
      id: '4.2',
      name: { zh: '战略', en: 'Strategy' },
      points: 90,
      items: [p('4.2.2', '战略制定', 'Strategy development', 40), p('4.2.3', '战略部署', 'Strategy deployment', 50)],
    },
    {
      id: '4.3',
      name: { zh: '顾客与市场', en: 'Customers and market' },
      points: 90,
      items: [
        p('4.3.2', '顾客和市场的了解', 'Understanding customers and markets', 40),
        p('4.3.3', '顾客关系与顾客满意', 'Customer relationships and satisfaction', 50),
      ],
    },
    {
      id: '4.4',
      name: { zh: '资源', en: 'Resources' },
      points: 130,
      items: [
        p('4.4.2', '人力资源', 'Human resources', 60),
        p('4.4.3', '财务资源', 'Financial resources', 15),
        p('4.4.4', '信息和知识资源', 'Information and knowledge resources', 20),
        p('4.4.5', '技术资源', 'Technology resources', 15),
        p('4.4.6', '基础设施', 'Infrastructure', 10),
        p('4.4.7', '相关方关系', 'Partner relationships', 10),
      ],
    },
    {
      id: '4.5',
      name: { zh: '过程管理', en: 'Process management' },
      points: 100,
      items: [
        p('4.5.2', '过程的识别与设计', 'Process identification and design', 50),
        p('4.5.3', '过程的实施与改进', 'Process implementation and improvement', 50),
      ],
    },
    {
      id: '4.6',
      name: { zh: '测量、分析与改进', en: 'Measurement, analysis and improvement' },
      points: 80,
      items: [p('4.6.2', '测量、分析和评价', 'Measurement, analysis and evaluation', 40), p('4.6.3', '改进与创新', 'Improvement and innovation', 40)],
    },
    {
      id: '4.7',
      name: { zh: '结果', en: 'Results' },
      points: 400,
      items: [
        r('4.7.2', '产品和服务结果', 'Product and service results', 80),
        r('4.7.3', '顾客与市场结果', 'Customer and market results', 80),
        r('4.7.4', '财务结果', 'Financial results', 80),
        r('4.7.5', '资源结果', 'Resource results', 60),
        r('4.7.6', '过程有效性结果', 'Process effectiveness results', 50),
        r('4.7.7', '领导方面的结果', 'Leadership results', 50),
      ],
    },
  ],
});

/** All 23 items in the standard's order. */
export const ITEMS: readonly CriteriaItem[] = Object.freeze(GBT_19580_2012.categories.flatMap((c) => c.items));
/** All 23 item ids in the standard's order. */
export const ITEM_IDS: readonly string[] = Object.freeze(ITEMS.map((i) => i.id));
/** All 7 category ids in order. */
export const CATEGORY_IDS: readonly string[] = Object.freeze(GBT_19580_2012.categories.map((c) => c.id));

const itemById = new Map(ITEMS.map((i) => [i.id, i]));
const categoryOfItem = new Map(GBT_19580_2012.categories.flatMap((c) => c.items.map((i) => [i.id, c.id] as const)));

export function getItem(itemId: string): CriteriaItem | undefined {
  return itemById.get(itemId);
}

/** The category id an item belongs to (`4.4.3` → `4.4`), or undefined for an unknown item. */
export function categoryOf(itemId: string): string | undefined {
  return categoryOfItem.get(itemId);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The six scoring bands every examiner chooses a percentage within (GB/T 19580-2012 scoring
 * guidelines; the descriptions follow the spirit of GB/Z 19579 and the Baldrige scoring
 * guidelines, written for this project). Process items are judged on ADLI (approach,
 * deployment, learning, integration), results items on LeTCI (levels, trends, comparisons,
 * integration).
 */
export interface ScoringBand {
  /** 1 (lowest) … 6 (highest). */
  level: number;
  /** Lowest and highest percentage of the band (inclusive, multiples of 5). */
  min: number;
  max: number;
  process: LocalizedText;
  results: LocalizedText;
}

export const SCORING_BANDS: readonly ScoringBand[] = deepFreeze([
  {
    level: 1,
    min: 0,
    max: 5,
    process: {
      zh: '没有系统的方法，信息零散、孤立；方法基本没有展开；没有改进导向，改进只是对问题的被动反应；各部门各自为政，缺乏协调一致。',
      en: 'No systematic approach evident; information is anecdotal. Little or no deployment. No improvement orientation: improvement is merely reacting to problems. No organisational alignment; areas operate independently.',
    },
    results: {
      zh: '没有报告结果，或结果很差；没有趋势数据或趋势总体不利；没有对比信息；关键要求方面没有结果。',
      en: 'No results reported, or poor results. No trend data, or trends are mainly adverse. No comparative information. No results for areas that matter to the key requirements.',
    },
  },
  {
    level: 2,
    min: 10,
    max: 25,
    process: {
      zh: '开始有针对基本要求的系统方法；多数领域处于展开的早期阶段，妨碍要求的实现；开始由被动应对问题转向一般性的改进导向；主要通过共同解决问题与其他领域协调。',
      en: 'The beginning of a systematic approach to the basic requirements. Early stages of deployment in most areas, which holds back progress. Early transition from reacting to problems towards a general improvement orientation. Alignment with other areas mainly through joint problem solving.',
    },
    results: {
      zh: '报告了少量结果，少数方面绩效良好；有一些趋势数据，部分趋势不利；几乎没有对比信息；仅少数关键要求方面报告了结果。',
      en: 'A few results reported, with good performance in a few areas. Some trend data, some of it adverse. Little or no comparative information. Results for only a few areas that matter to the key requirements.',
    },
  },
  {
    level: 3,
    min: 30,
    max: 45,
    process: {
      zh: '有应对基本要求的有效、系统的方法；方法已展开，但部分领域或部门仍处于早期阶段；开始对关键过程进行系统的评价和改进；方法开始与其他条款识别的组织基本需求协调一致。',
      en: 'An effective, systematic approach responsive to the basic requirements. Deployed, although some areas or work units are in early stages. The beginning of systematic evaluation and improvement of key processes. The approach is in early stages of alignment with the basic needs identified in other criteria.',
    },
    results: {
      zh: '在关键要求的多数方面绩效良好；开始形成趋势数据；开始获取对比信息；对多数重要领域报告了结果。',
      en: 'Good performance in many areas that matter to the key requirements. Trends are beginning to form. Early stages of obtaining comparative information. Results reported for many important areas.',
    },
  },
  {
    level: 4,
    min: 50,
    max: 65,
    process: {
      zh: '有应对总体要求的有效、系统的方法；方法得到很好的展开，个别领域或部门存在差异；有基于事实的系统评价和改进，并有一定的组织学习，以提高关键过程的效率和有效性；方法与其他条款识别的组织需求协调一致。',
      en: 'An effective, systematic approach responsive to the overall requirements. Well deployed, although deployment may vary in some areas or work units. Fact-based, systematic evaluation and improvement, with some organisational learning, raise the efficiency and effectiveness of key processes. The approach is aligned with the needs identified in other criteria.',
    },
    results: {
      zh: '在关键要求的大多数方面绩效良好；大多数重要方面呈现有利趋势；部分现有水平已与相关对比对象或标杆比较，显示出若干相对优势；结果覆盖大多数关键的顾客、市场和过程要求。',
      en: 'Good performance in most areas that matter to the key requirements. Beneficial trends in most important areas. Some current levels evaluated against relevant comparisons or benchmarks, showing areas of good relative performance. Results address most key customer, market and process requirements.',
    },
  },
  {
    level: 5,
    min: 70,
    max: 85,
    process: {
      zh: '有应对多方面要求的有效、系统的方法；方法展开充分，没有明显差距；基于事实的系统评价改进和组织学习（包括创新）是关键的管理手段，有明确证据表明通过分析和分享不断完善；方法与当前及未来的组织需求相整合。',
      en: 'An effective, systematic approach responsive to the multiple requirements. Well deployed with no significant gaps. Fact-based evaluation and improvement and organisational learning, including innovation, are key management tools, with clear evidence of refinement through analysis and sharing. The approach is integrated with current and future organisational needs.',
    },
    results: {
      zh: '在重要方面绩效良好至卓越；大多数重要方面的有利趋势得以持续；许多乃至大多数趋势和现有水平与竞争对手或标杆相比表现优异，显示出领先地位；结果覆盖大多数关键要求和行动计划。',
      en: 'Good to excellent performance in most important areas. Beneficial trends sustained over time in most important areas. Many to most trends and current levels compare favourably with competitors or benchmarks, showing areas of leadership. Results address most key requirements and action plans.',
    },
  },
  {
    level: 6,
    min: 90,
    max: 100,
    process: {
      zh: '有全面应对多方面要求的卓越、系统的方法；方法在各领域全面展开，没有明显弱点或差距；基于事实的系统评价改进和通过创新实现的组织学习是全组织的关键手段，分析、分享、完善和创新随处可见；方法与组织需求高度整合，可作为标杆。',
      en: 'An exemplary, systematic approach fully responsive to the multiple requirements. Fully deployed, without significant weaknesses or gaps in any area. Fact-based evaluation and improvement and organisational learning through innovation are key organisation-wide tools; refinement and innovation backed by analysis and sharing are evident throughout. The approach is fully integrated with organisational needs.',
    },
    results: {
      zh: '在大多数重要方面绩效卓越；所有重要方面的有利趋势长期持续；在许多方面有行业领先和标杆领先的证据；结果全面覆盖关键要求和行动计划，并能预示未来绩效。',
      en: 'Excellent performance in most important areas. Beneficial trends sustained over time in all important areas. Evidence of industry and benchmark leadership in many areas. Results fully address the key requirements and action plans and project future performance.',
    },
  },
]);

/** True when `percent` is a valid examiner percentage: 0–100 in steps of 5. */
export function isValidPercent(percent: unknown): percent is number {
  return typeof percent === 'number' && percent >= 0 && percent <= 100 && percent % 5 === 0;
}

/**
 * The scoring band a percentage falls into. Valid examiner percentages (multiples of 5) always
 * fall inside a band; an aggregated percentage (e.g. a mean of 27.5) falls into the band whose
 * range contains it or, between two bands, the lower one. Returns undefined outside 0–100.
 */
export function bandOf(percent: number): ScoringBand | undefined {
  if (!(percent >= 0 && percent <= 100)) return undefined;
  let found: ScoringBand | undefined;
  for (const band of SCORING_BANDS) if (percent >= band.min) found = band;
  return found;
}

/** Item ids of one category, in the standard's order. */
export function itemsOfCategory(categoryId: string): readonly string[] {
  return GBT_19580_2012.categories.find((c) => c.id === categoryId)?.items.map((i) => i.id) ?? [];
}
