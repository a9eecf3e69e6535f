/**
 * Reference data the demo generator draws from: Ordos banners/districts, sectors with
 * sector-typical magnitudes for the follow-up indicators, recommending bodies, name stems.
 * Division codes: GB/T 2260 administrative division codes of Ordos (鄂尔多斯市, 1506).
 * Everything named here as an organisation is synthetic and prefixed 示例 / Demo.
 */

export interface DistrictRef {
  code: string;
  zh: string;
  en: string;
  /** Short form used inside synthetic organisation names. */
  shortZh: string;
  shortEn: string;
  /** Is a district (区) rather than a banner (旗). */
  urban: boolean;
}

export const DEMO_DISTRICTS: readonly DistrictRef[] = [
  { code: '150602', zh: '东胜区', en: 'Dongsheng District', shortZh: '东胜', shortEn: 'Dongsheng', urban: true },
  { code: '150603', zh: '康巴什区', en: 'Kangbashi District', shortZh: '康巴什', shortEn: 'Kangbashi', urban: true },
  { code: '150621', zh: '达拉特旗', en: 'Dalad Banner', shortZh: '达拉特', shortEn: 'Dalad', urban: false },
  { code: '150622', zh: '准格尔旗', en: 'Jungar Banner', shortZh: '准格尔', shortEn: 'Jungar', urban: false },
  { code: '150623', zh: '鄂托克前旗', en: 'Otog Front Banner', shortZh: '鄂前旗', shortEn: 'Otog Front', urban: false },
  { code: '150624', zh: '鄂托克旗', en: 'Otog Banner', shortZh: '鄂托克', shortEn: 'Otog', urban: false },
  { code: '150625', zh: '杭锦旗', en: 'Hanggin Banner', shortZh: '杭锦', shortEn: 'Hanggin', urban: false },
  { code: '150626', zh: '乌审旗', en: 'Uxin Banner', shortZh: '乌审', shortEn: 'Uxin', urban: false },
  { code: '150627', zh: '伊金霍洛旗', en: 'Ejin Horo Banner', shortZh: '伊金霍洛', shortEn: 'Ejin Horo', urban: false },
];

/** Sector-typical magnitudes of the follow-up indicators (medians; the generator spreads them). */
export interface SectorProfile {
  /** Revenue, CNY millions. */
  revenue: number;
  /** Profit and tax as a share of revenue. */
  profitTaxShare: number;
  /** Total-asset contribution rate, %. */
  assetContribution: number;
  /** R&D spending as % of revenue. */
  rdIntensity: number;
  /** Energy use, tonnes of standard coal per CNY 10,000 of output. */
  energy: number;
}

export interface SectorRef {
  id: string;
  zh: string;
  en: string;
  /** Name stems for synthetic organisations: [zh, en]. */
  stems: readonly (readonly [string, string])[];
  /** Relative frequency among applicants. */
  weight: number;
  /** Sector effect on the latent quality (percentage points). */
  qualityEffect: number;
  /** Districts where the sector is concentrated (codes); others are possible too. */
  home: readonly string[];
  profile: SectorProfile;
  /** Typical expertise of examiners from this sector. */
  expertise: string;
}

/** Main sectors of Ordos (spec §4). */
export const DEMO_SECTORS: readonly SectorRef[] = [
  {
    id: 'coal_mining',
    zh: '煤炭开采',
    en: 'Coal mining',
    stems: [
      ['煤业', 'Coal Mining'],
      ['能源', 'Energy'],
      ['矿业', 'Mining'],
    ],
    weight: 12,
    qualityEffect: 3,
    home: ['150622', '150627', '150621', '150602'],
    profile: { revenue: 8000, profitTaxShare: 0.26, assetContribution: 14, rdIntensity: 1.1, energy: 0.09 },
    expertise: '煤炭开采与安全生产 / Coal mining and work safety',
  },
  {
    id: 'coal_chemicals',
    zh: '煤化工',
    en: 'Coal chemicals',
    stems: [
      ['煤化工', 'Coal Chemicals'],
      ['化工', 'Chemical'],
      ['煤制油', 'Coal-to-Liquids'],
    ],
    weight: 8,
    qualityEffect: 2,
    home: ['150627', '150626', '150624', '150622'],
    profile: { revenue: 5000, profitTaxShare: 0.12, assetContribution: 8, rdIntensity: 2.0, energy: 2.4 },
    expertise: '现代煤化工 / Modern coal chemicals',
  },
  {
    id: 'power_new_energy',
    zh: '电力与新能源',
    en: 'Electricity and new energy',
    stems: [
      ['电力', 'Power'],
      ['新能源', 'New Energy'],
      ['氢能', 'Hydrogen'],
      ['光伏', 'Solar'],
    ],
    weight: 9,
    qualityEffect: 2,
    home: ['150621', '150625', '150624', '150623', '150622'],
    profile: { revenue: 3000, profitTaxShare: 0.15, assetContribution: 7, rdIntensity: 2.2, energy: 0.9 },
    expertise: '电力与新能源 / Power and new energy',
  },
  {
    id: 'natural_gas',
    zh: '天然气',
    en: 'Natural gas',
    stems: [
      ['天然气', 'Natural Gas'],
      ['燃气', 'Gas Supply'],
    ],
    weight: 4,
    qualityEffect: 1,
    home: ['150626', '150623', '150625'],
    profile: { revenue: 1500, profitTaxShare: 0.14, assetContribution: 9, rdIntensity: 1.0, energy: 0.25 },
    expertise: '油气开发与储运 / Oil and gas',
  },
  {
    id: 'cashmere_textiles',
    zh: '羊绒与纺织',
    en: 'Cashmere and textiles',
    stems: [
      ['羊绒制品', 'Cashmere'],
      ['绒纺', 'Wool Spinning'],
      ['服饰', 'Apparel'],
    ],
    weight: 7,
    qualityEffect: 4,
    home: ['150602', '150624', '150627'],
    profile: { revenue: 600, profitTaxShare: 0.09, assetContribution: 10, rdIntensity: 2.6, energy: 0.14 },
    expertise: '羊绒纺织与品牌 / Cashmere, textiles and brands',
  },
  {
    id: 'construction',
    zh: '建筑业',
    en: 'Construction',
    stems: [
      ['建设', 'Construction'],
      ['建工', 'Construction Engineering'],
      ['路桥', 'Roads and Bridges'],
    ],
    weight: 6,
    qualityEffect: -1,
    home: ['150602', '150603', '150621'],
    profile: { revenue: 2000, profitTaxShare: 0.05, assetContribution: 6, rdIntensity: 0.9, energy: 0.05 },
    expertise: '建设工程质量 / Construction quality',
  },
  {
    id: 'building_materials',
    zh: '建材',
    en: 'Building materials',
    stems: [
      ['建材', 'Building Materials'],
      ['水泥', 'Cement'],
      ['新型墙材', 'Wall Materials'],
    ],
    weight: 4,
    qualityEffect: -2,
    home: ['150624', '150621', '150622'],
    profile: { revenue: 800, profitTaxShare: 0.08, assetContribution: 7, rdIntensity: 1.2, energy: 1.7 },
    expertise: '建材与绿色制造 / Building materials, green manufacturing',
  },
  {
    id: 'metallurgy',
    zh: '冶金',
    en: 'Metallurgy',
    stems: [
      ['冶金', 'Metallurgy'],
      ['硅铁', 'Ferrosilicon'],
      ['铝业', 'Aluminium'],
    ],
    weight: 5,
    qualityEffect: -1,
    home: ['150624', '150621', '150623'],
    profile: { revenue: 3000, profitTaxShare: 0.07, assetContribution: 6, rdIntensity: 1.3, energy: 2.8 },
    expertise: '冶金与材料 / Metallurgy and materials',
  },
  {
    id: 'agri_livestock',
    zh: '农牧业',
    en: 'Agriculture and livestock products',
    stems: [
      ['农牧业', 'Agriculture and Livestock'],
      ['乳业', 'Dairy'],
      ['绒山羊', 'Cashmere Goat Breeding'],
    ],
    weight: 6,
    qualityEffect: -3,
    home: ['150621', '150625', '150626', '150623'],
    profile: { revenue: 400, profitTaxShare: 0.06, assetContribution: 5, rdIntensity: 1.5, energy: 0.12 },
    expertise: '农畜产品质量安全 / Agricultural product safety',
  },
  {
    id: 'tourism_culture',
    zh: '文化旅游',
    en: 'Tourism and culture',
    stems: [
      ['文化旅游', 'Culture and Tourism'],
      ['草原旅游', 'Grassland Tourism'],
    ],
    weight: 4,
    qualityEffect: -2,
    home: ['150627', '150603', '150625', '150621'],
    profile: { revenue: 120, profitTaxShare: 0.09, assetContribution: 5, rdIntensity: 0.5, energy: 0.06 },
    expertise: '文旅服务质量 / Tourism service quality',
  },
  {
    id: 'logistics',
    zh: '物流',
    en: 'Logistics',
    stems: [
      ['物流', 'Logistics'],
      ['供应链', 'Supply Chain'],
      ['陆港', 'Dry Port'],
    ],
    weight: 5,
    qualityEffect: -1,
    home: ['150602', '150622', '150627'],
    profile: { revenue: 500, profitTaxShare: 0.05, assetContribution: 6, rdIntensity: 0.6, energy: 0.2 },
    expertise: '物流与供应链 / Logistics and supply chains',
  },
  {
    id: 'healthcare',
    zh: '医疗健康',
    en: 'Healthcare',
    stems: [
      ['医疗健康', 'Healthcare'],
      ['医药', 'Pharmaceutical'],
      ['康养', 'Elderly Care'],
    ],
    weight: 4,
    qualityEffect: 1,
    home: ['150602', '150603'],
    profile: { revenue: 300, profitTaxShare: 0.06, assetContribution: 5, rdIntensity: 1.8, energy: 0.05 },
    expertise: '医疗服务质量 / Healthcare quality',
  },
  {
    id: 'education',
    zh: '教育',
    en: 'Education',
    stems: [
      ['教育科技', 'Education Technology'],
      ['职业培训', 'Vocational Training'],
    ],
    weight: 3,
    qualityEffect: 0,
    home: ['150603', '150602'],
    profile: { revenue: 80, profitTaxShare: 0.05, assetContribution: 4, rdIntensity: 2.0, energy: 0.04 },
    expertise: '教育服务质量 / Education quality',
  },
  {
    id: 'public_services',
    zh: '公用事业',
    en: 'Public services',
    stems: [
      ['水务', 'Water'],
      ['热力', 'District Heating'],
      ['公交', 'Public Transport'],
    ],
    weight: 4,
    qualityEffect: 0,
    home: ['150602', '150603', '150621'],
    profile: { revenue: 400, profitTaxShare: 0.05, assetContribution: 3, rdIntensity: 0.7, energy: 0.35 },
    expertise: '公共服务质量 / Public service quality',
  },
  {
    id: 'finance',
    zh: '金融',
    en: 'Finance',
    stems: [
      ['农村商业银行', 'Rural Commercial Bank'],
      ['融资担保', 'Financing Guarantee'],
    ],
    weight: 3,
    qualityEffect: 2,
    home: ['150602', '150603'],
    profile: { revenue: 900, profitTaxShare: 0.3, assetContribution: 2, rdIntensity: 0.8, energy: 0.01 },
    expertise: '金融服务与风险管理 / Financial services',
  },
  {
    id: 'retail_modern_services',
    zh: '商贸与现代服务',
    en: 'Retail and modern services',
    stems: [
      ['商贸', 'Trading'],
      ['商业管理', 'Commercial Management'],
      ['数字科技', 'Digital Technology'],
    ],
    weight: 6,
    qualityEffect: -1,
    home: ['150602', '150603', '150627'],
    profile: { revenue: 500, profitTaxShare: 0.04, assetContribution: 7, rdIntensity: 1.0, energy: 0.03 },
    expertise: '现代服务业 / Modern services',
  },
];

/** Recommending bodies (Art. 9, 15). */
export function districtBureau(d: DistrictRef): string {
  return `${d.zh}市场监督管理局`;
}

export const MUNICIPAL_DEPARTMENTS: Readonly<Record<string, string>> = {
  coal_mining: '市能源局',
  coal_chemicals: '市工业和信息化局',
  power_new_energy: '市能源局',
  natural_gas: '市能源局',
  cashmere_textiles: '市工业和信息化局',
  construction: '市住房和城乡建设局',
  building_materials: '市工业和信息化局',
  metallurgy: '市工业和信息化局',
  agri_livestock: '市农牧局',
  tourism_culture: '市文化和旅游局',
  logistics: '市交通运输局',
  healthcare: '市卫生健康委员会',
  education: '市教育局',
  public_services: '市住房和城乡建设局',
  finance: '市金融工作办公室',
  retail_modern_services: '市商务局',
};

export const INDUSTRY_ASSOCIATIONS: Readonly<Record<string, string>> = {
  coal_mining: '市煤炭工业协会',
  coal_chemicals: '市化工行业协会',
  power_new_energy: '市新能源产业协会',
  natural_gas: '市燃气行业协会',
  cashmere_textiles: '市羊绒协会',
  construction: '市建筑业协会',
  building_materials: '市建材行业协会',
  metallurgy: '市冶金行业协会',
  agri_livestock: '市农牧业产业化协会',
  tourism_culture: '市旅游协会',
  logistics: '市物流与采购协会',
  healthcare: '市医院协会',
  education: '市民办教育协会',
  public_services: '市城镇供水协会',
  finance: '市银行业协会',
  retail_modern_services: '市商业联合会',
};

/** Synthetic legal forms: [zh, en]. */
export const LEGAL_FORMS: readonly (readonly [string, string])[] = [
  ['有限公司', 'Co., Ltd.'],
  ['有限责任公司', 'Co., Ltd.'],
  ['集团有限公司', 'Group Co., Ltd.'],
  ['股份有限公司', 'Corp., Ltd.'],
];

/** Heavenly stems for synthetic personal names: 示例人员 甲 / Demo Person A. */
export const PERSON_MARKS: readonly (readonly [string, string])[] = [
  ['甲', 'A'],
  ['乙', 'B'],
  ['丙', 'C'],
  ['丁', 'D'],
  ['戊', 'E'],
  ['己', 'F'],
  ['庚', 'G'],
  ['辛', 'H'],
  ['壬', 'I'],
  ['癸', 'J'],
  ['子', 'K'],
  ['丑', 'L'],
  ['寅', 'M'],
  ['卯', 'N'],
  ['辰', 'O'],
  ['巳', 'P'],
];
