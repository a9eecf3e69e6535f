/**
 * Ordos reference data: banners and districts (旗区) with their administrative division
 * codes (GB/T 2260, as published by the Ministry of Civil Affairs: 150600 鄂尔多斯市), and the
 * main sectors of the local economy (spec §4).
 */
import type { LocalizedText } from './i18n.ts';

/** Division code of Ordos city (鄂尔多斯市). */
export const ORDOS_CITY_DIVISION_CODE = '150600';
/** Every county-level division code of Ordos starts with this prefix. */
export const ORDOS_DIVISION_PREFIX = '1506';

export interface Division {
  code: string;
  name: LocalizedText;
  kind: 'district' | 'banner';
}

export const ORDOS_DIVISIONS: readonly Division[] = [
  { code: '150602', name: { zh: '东胜区', en: 'Dongsheng District' }, kind: 'district' },
  { code: '150603', name: { zh: '康巴什区', en: 'Kangbashi District' }, kind: 'district' },
  { code: '150621', name: { zh: '达拉特旗', en: 'Dalad Banner' }, kind: 'banner' },
  { code: '150622', name: { zh: '准格尔旗', en: 'Jungar Banner' }, kind: 'banner' },
  { code: '150623', name: { zh: '鄂托克前旗', en: 'Otog Front Banner' }, kind: 'banner' },
  { code: '150624', name: { zh: '鄂托克旗', en: 'Otog Banner' }, kind: 'banner' },
  { code: '150625', name: { zh: '杭锦旗', en: 'Hanggin Banner' }, kind: 'banner' },
  { code: '150626', name: { zh: '乌审旗', en: 'Uxin Banner' }, kind: 'banner' },
  { code: '150627', name: { zh: '伊金霍洛旗', en: 'Ejin Horo Banner' }, kind: 'banner' },
];

/** The banner/district with this 6-digit division code, if it is one of Ordos's nine. */
export function findDivision(code: string): Division | undefined {
  return ORDOS_DIVISIONS.find((d) => d.code === code);
}

/** True for Ordos city itself or one of its banners/districts (codes 1506xx). */
export function isOrdosDivisionCode(code: string): boolean {
  return /^1506\d{2}$/.test(code);
}

export interface Sector {
  id: string;
  name: LocalizedText;
}

/** Main sectors of the Ordos economy (spec §4). */
export const SECTORS: readonly Sector[] = [
  { id: 'coal_mining', name: { zh: '煤炭开采', en: 'Coal mining' } },
  { id: 'coal_chemicals', name: { zh: '煤化工', en: 'Coal chemicals' } },
  { id: 'power_new_energy', name: { zh: '电力与新能源（风电、光伏、氢能）', en: 'Electricity and new energy (wind, solar, hydrogen)' } },
  { id: 'natural_gas', name: { zh: '天然气', en: 'Natural gas' } },
  { id: 'cashmere_textiles', name: { zh: '羊绒及纺织', en: 'Cashmere and textiles' } },
  { id: 'construction', name: { zh: '建筑业', en: 'Construction' } },
  { id: 'building_materials', name: { zh: '建材', en: 'Building materials' } },
  { id: 'metallurgy', name: { zh: '冶金', en: 'Metallurgy' } },
  { id: 'agri_livestock', name: { zh: '农畜产品', en: 'Agriculture and livestock products' } },
  { id: 'tourism_culture', name: { zh: '文化旅游', en: 'Tourism and culture' } },
  { id: 'logistics', name: { zh: '物流', en: 'Logistics' } },
  { id: 'healthcare', name: { zh: '医疗卫生', en: 'Healthcare' } },
  { id: 'education', name: { zh: '教育', en: 'Education' } },
  { id: 'public_services', name: { zh: '公共服务', en: 'Public services' } },
  { id: 'finance', name: { zh: '金融', en: 'Finance' } },
  { id: 'retail_modern_services', name: { zh: '商贸零售与现代服务', en: 'Retail and modern services' } },
];

export function findSector(id: string): Sector | undefined {
  return SECTORS.find((s) => s.id === id);
}
