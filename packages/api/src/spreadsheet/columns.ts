/**
 * Column definitions of the two import files and header matching. A column is recognised by
 * its template (Chinese) header, its English header, its machine key, or the bilingual
 * "中文 English" form; matching ignores case, spaces, `*` markers and a trailing note in
 * parentheses, e.g. `百分比（0–100）`.
 */
import type { LocalizedText } from './types.ts';

export interface ColumnSpec {
  key: string;
  zh: string;
  en: string;
  /** Must be present in the header row. */
  required: boolean;
  /** Other accepted header spellings. */
  aliases?: readonly string[];
  /** Shown in the instructions sheet. */
  help: LocalizedText;
  width?: number;
}

export interface TableSpec {
  kind: 'scores' | 'applications' | 'indicators';
  /** Preferred sheet names (template zh, en). */
  sheetNames: LocalizedText;
  columns: readonly ColumnSpec[];
}

export function normaliseHeader(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .replace(/[*＊\s]+$/u, '')
    .replace(/[（(][^）)]*[）)]\s*$/u, '')
    .replace(/[*＊\s_\-–—]+/gu, '')
    .toLowerCase();
}

/** Map of normalised header text → column key. */
export function headerLookup(spec: TableSpec): Map<string, string> {
  const map = new Map<string, string>();
  // Primary headers first; an alias never shadows another column's primary header.
  for (const c of spec.columns) {
    for (const h of [c.zh, c.en, c.key, `${c.zh} ${c.en}`]) map.set(normaliseHeader(h), c.key);
  }
  for (const c of spec.columns) {
    for (const h of c.aliases ?? []) {
      const n = normaliseHeader(h);
      if (!map.has(n)) map.set(n, c.key);
    }
  }
  return map;
}

/** `0` → `A`, `25` → `Z`, `26` → `AA`. */
export function columnLetter(index0: number): string {
  let n = index0 + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export const SCORE_COLUMNS: readonly ColumnSpec[] = [
  {
    key: 'year',
    zh: '年度',
    en: 'Year',
    required: false,
    aliases: ['周期', 'cycle', 'cycle year', '评审年度'],
    help: {
      zh: '评审周期的年度，例如 2025。若导入时已指定周期，可省略此列。',
      en: 'Year of the award cycle, e.g. 2025. May be left out when the cycle is chosen at import.',
    },
    width: 8,
  },
  {
    key: 'application',
    zh: '申报编号',
    en: 'Application code',
    required: true,
    aliases: ['申报号', 'application', 'application_code', 'code'],
    help: { zh: '本周期内的申报编号，例如 2025-017。', en: 'Application code within the cycle, e.g. 2025-017.' },
    width: 12,
  },
  {
    key: 'examiner',
    zh: '评审员编号',
    en: 'Examiner code',
    required: true,
    aliases: ['examiner', 'examiner_code', 'examiner id', '评审员代码'],
    help: {
      zh: '评审员编号：字母 E 加系统中的评审员编号，例如 E12（也接受纯数字 12）。这是识别评审员的唯一依据。',
      en: 'Examiner code: the letter E followed by the examiner id in the system, e.g. E12 (a bare 12 is accepted). This is the only key used to identify the examiner.',
    },
    width: 10,
  },
  {
    key: 'examiner_name',
    zh: '评审员姓名',
    en: 'Examiner name',
    required: false,
    aliases: ['姓名', 'name', 'examiner_name'],
    help: {
      zh: '可选，用于核对：若填写，必须与该编号评审员的中文或英文姓名一致。',
      en: 'Optional cross-check: if filled, it must match the Chinese or English name of the examiner with that code.',
    },
    width: 10,
  },
  {
    key: 'stage',
    zh: '评审阶段',
    en: 'Stage',
    required: true,
    aliases: ['阶段', 'review stage'],
    help: {
      zh: '材料评审 或 现场评审（也接受 material / onsite）。',
      en: '材料评审 (material review) or 现场评审 (on-site review); material / onsite are accepted.',
    },
    width: 10,
  },
  {
    key: 'item',
    zh: '条款',
    en: 'Item',
    required: true,
    aliases: ['条款编号', 'item id', 'item_id', 'criterion'],
    help: {
      zh: 'GB/T 19580-2012 评分条款编号，例如 4.1.2（共 23 个，见"清单"）。',
      en: 'GB/T 19580-2012 scoring item id, e.g. 4.1.2 (23 items, see the lists).',
    },
    width: 8,
  },
  {
    key: 'item_name',
    zh: '条款名称',
    en: 'Item name',
    required: false,
    aliases: ['item_name'],
    help: { zh: '仅供阅读，导入时忽略。', en: 'For reading only; ignored on import.' },
    width: 24,
  },
  {
    key: 'percent',
    zh: '得分百分比',
    en: 'Percent',
    required: true,
    aliases: ['百分比', '得分率', 'percentage', 'score percent', 'score'],
    help: {
      zh: '0 到 100 之间 5 的倍数的整数（例如 65 表示 65%），不要填写分值。',
      en: 'A whole number 0–100 in steps of 5 (65 means 65 %); never points.',
    },
    width: 10,
  },
  {
    key: 'comment',
    zh: '评语',
    en: 'Comment',
    required: false,
    aliases: ['备注', '说明', 'remark', 'note', 'comments'],
    help: {
      zh: '可选。若文件含此列，空白单元格表示清除已有评语；若不含此列，已有评语保持不变。',
      en: 'Optional. When the column is present a blank cell clears an existing comment; without the column existing comments are kept.',
    },
    width: 40,
  },
];

export const SCORES_TABLE: TableSpec = {
  kind: 'scores',
  sheetNames: { zh: '评分表', en: 'Scores' },
  columns: SCORE_COLUMNS,
};

/** Yes/no eligibility facts (@mqa/rules EligibilityFacts keys) and who declares them. */
export interface FactColumn extends ColumnSpec {
  fact: string;
  appliesTo: 'organisation' | 'individual' | 'both';
}

const fact = (factKey: string, zh: string, en: string, appliesTo: FactColumn['appliesTo'], article: string): FactColumn => ({
  key: `fact_${factKey}`,
  fact: factKey,
  zh,
  en,
  required: false,
  appliesTo,
  help: {
    zh: `第${article}条。填 是 / 否；留空表示未申报（资格审查时不通过）。${appliesTo === 'organisation' ? '仅组织填写。' : appliesTo === 'individual' ? '仅个人填写。' : ''}`,
    en: `Art. ${article}. Yes / no; blank means not declared (fails the eligibility check).${appliesTo === 'organisation' ? ' Organisations only.' : appliesTo === 'individual' ? ' Individuals only.' : ''}`,
  },
  width: 10,
});

export const FACT_COLUMNS: readonly FactColumn[] = [
  fact('registeredInOrdos', '在鄂尔多斯注册', 'Registered in Ordos', 'organisation', '10(1)'),
  fact('independentLegalPerson', '独立法人', 'Independent legal person', 'organisation', '10(1)'),
  fact('continuousNormalOperation', '连续正常运营', 'Continuous normal operation', 'organisation', '10(1)'),
  fact('licencesHeld', '具备资质许可', 'Licences held', 'organisation', '10(1)'),
  fact('compliesWithRegulations', '依法合规经营', 'Complies with regulations', 'organisation', '10(2)'),
  fact('qualitySystemAppliesGbT19580', '实施卓越绩效管理', 'Applies GB/T 19580', 'organisation', '10(3)'),
  fact('topOfSectorFor3Years', '近3年行业领先', 'Top of sector for 3 years', 'organisation', '10(4)'),
  fact('goodCreditRecord', '信用良好', 'Good credit record', 'organisation', '10(5)'),
  fact('contravenesNationalPolicy', '不符合国家政策', 'Contravenes national policy', 'organisation', '12(1)'),
  fact('lacksRequiredLicences', '缺少必需许可', 'Lacks required licences', 'organisation', '12(2)'),
  fact('majorIncidentWithin3Years', '近3年重大事故或违法', 'Major incident within 3 years', 'organisation', '12(3)'),
  fact('onAbnormalOperationList', '列入经营异常名录', 'On abnormal-operation list', 'organisation', '12(6)'),
  fact('innovationContribution', '质量创新贡献', 'Innovation contribution', 'individual', '11(2)'),
  fact('integrityAndGoodCredit', '职业道德与个人信用良好', 'Integrity and good credit', 'individual', '11(3)'),
  fact('headedOrganisationMajorIncidentWithin3Years', '所领导组织近3年重大事故', 'Headed organisation had major incident', 'individual', '11(3)'),
  fact('awardFraudWithin3Years', '近3年政府奖项弄虚作假', 'Award fraud within 3 years', 'both', '12(4)'),
  fact('seriousTaxOrSocialInsuranceViolationWithin3Years', '近3年严重税收社保违法', 'Serious tax or social-insurance violation', 'both', '12(5)'),
  fact('onSeriousDishonestyList', '列入严重违法失信名单', 'On serious-dishonesty list', 'both', '12(6)'),
];

export const APPLICATION_COLUMNS: readonly ColumnSpec[] = [
  {
    key: 'year',
    zh: '年度',
    en: 'Year',
    required: false,
    aliases: ['周期', 'cycle', 'cycle year'],
    help: { zh: '评审周期年度；若导入时已指定周期，可省略。', en: 'Cycle year; may be left out when the cycle is chosen at import.' },
    width: 8,
  },
  {
    key: 'code',
    zh: '申报编号',
    en: 'Application code',
    required: true,
    aliases: ['code', 'application', 'application_code'],
    help: {
      zh: '本周期内唯一，例如 2025-017。已存在的编号将更新该申报，新编号将新增。',
      en: 'Unique within the cycle, e.g. 2025-017. An existing code updates that application, a new one adds it.',
    },
    width: 12,
  },
  {
    key: 'applicant_type',
    zh: '申报类型',
    en: 'Applicant type',
    required: true,
    aliases: ['类型', 'type', 'applicant_type'],
    help: { zh: '组织 或 个人（organisation / individual）。', en: '组织 (organisation) or 个人 (individual).' },
    width: 8,
  },
  {
    key: 'name_zh',
    zh: '名称',
    en: 'Name',
    required: true,
    aliases: ['申报单位', '申报人', '中文名称', 'name_zh', 'chinese name'],
    help: { zh: '组织全称或个人姓名（中文）。', en: 'Full organisation name or person name (Chinese).' },
    width: 28,
  },
  {
    key: 'name_en',
    zh: '英文名称',
    en: 'English name',
    required: false,
    aliases: ['name_en', '英文名'],
    help: { zh: '可选；留空时使用中文名称。', en: 'Optional; the Chinese name is used when blank.' },
    width: 28,
  },
  {
    key: 'uscc',
    zh: '统一社会信用代码',
    en: 'USCC',
    required: false,
    aliases: ['信用代码', 'unified social credit code', 'uscc'],
    help: {
      zh: '组织必填：18 位统一社会信用代码（GB 32100-2015），含校验位。个人填写其所在组织的代码（可选）。',
      en: "Organisations: the 18-character Unified Social Credit Code (GB 32100-2015) with its check character. Individuals: their organisation's code (optional).",
    },
    width: 22,
  },
  {
    key: 'sector',
    zh: '行业',
    en: 'Sector',
    required: true,
    aliases: ['所属行业', 'sector'],
    help: { zh: '见"清单"中的行业（中文名、英文名或代码均可）。', en: 'A sector from the lists (Chinese name, English name or id).' },
    width: 18,
  },
  {
    key: 'district',
    zh: '旗区',
    en: 'Banner/district',
    required: true,
    aliases: ['所在旗区', 'district', 'banner', 'banner/district'],
    help: {
      zh: '鄂尔多斯九个旗区之一（名称或 6 位行政区划代码，例如 东胜区 或 150602）。',
      en: 'One of the nine Ordos banners/districts (name or 6-digit division code, e.g. 东胜区 or 150602).',
    },
    width: 12,
  },
  {
    key: 'channel',
    zh: '申报渠道',
    en: 'Channel',
    required: true,
    aliases: ['渠道', 'channel'],
    help: {
      zh: '旗区市场监管局 / 市直部门 / 行业协会（第9、15条）。',
      en: 'Banner/district market regulation bureau / municipal department / industry association (Art. 9, 15).',
    },
    width: 16,
  },
  {
    key: 'recommending_body',
    zh: '推荐单位',
    en: 'Recommending body',
    required: true,
    aliases: ['推荐机构', 'recommender', 'recommending_body'],
    help: { zh: '负责审核推荐的单位名称。', en: 'Name of the body that verified and recommended the application.' },
    width: 24,
  },
  {
    key: 'received_on',
    zh: '受理日期',
    en: 'Received on',
    required: false,
    aliases: ['received', 'received_on'],
    help: { zh: '日期，格式 YYYY-MM-DD。', en: 'Date, YYYY-MM-DD.' },
    width: 12,
  },
  {
    key: 'priority_areas',
    zh: '优先领域',
    en: 'Priority areas',
    required: false,
    aliases: ['priority', 'priority_areas'],
    help: {
      zh: '第2条优先领域，可填多个，用顿号、逗号或分号分隔（见"清单"）。',
      en: 'Art. 2 priority areas; several may be given, separated by 、 , or ; (see the lists).',
    },
    width: 24,
  },
  {
    key: 'founded_on',
    zh: '成立日期',
    en: 'Founded on',
    required: false,
    aliases: ['注册日期', 'founded', 'founded_on'],
    help: { zh: '组织必填，YYYY-MM-DD。', en: 'Organisations: required, YYYY-MM-DD.' },
    width: 12,
  },
  {
    key: 'quality_work_since',
    zh: '从事质量工作起始日期',
    en: 'Quality work since',
    required: false,
    aliases: ['quality_work_since'],
    help: { zh: '个人必填，YYYY-MM-DD（第11条）。', en: 'Individuals: required, YYYY-MM-DD (Art. 11).' },
    width: 14,
  },
  {
    key: 'position',
    zh: '职务',
    en: 'Position',
    required: false,
    aliases: ['position'],
    help: { zh: '个人可选。', en: 'Individuals, optional.' },
    width: 14,
  },
  {
    key: 'is_head',
    zh: '是否最高管理者',
    en: 'Head of organisation',
    required: false,
    aliases: ['is_head', 'head'],
    help: { zh: '个人填写 是 / 否（第11条第3款）。', en: 'Individuals: yes / no (Art. 11(3)).' },
    width: 10,
  },
  ...FACT_COLUMNS,
];

export const APPLICATIONS_TABLE: TableSpec = {
  kind: 'applications',
  sheetNames: { zh: '申报登记表', en: 'Applications' },
  columns: APPLICATION_COLUMNS,
};
