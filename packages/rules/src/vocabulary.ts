/**
 * The award's vocabulary, defined once: the phases of a cycle, the review stages, the
 * application channels, the roles and who may read what. Each carries its Chinese and English
 * name (as the measures word it) and the article it comes from. The database stores the ids,
 * the API guards and the dashboard read the names and groups from here; nothing else keeps a
 * table of these names.
 */
import type { LocalizedText } from './i18n.ts';

/** A named term of the vocabulary: its name in both languages and the article of the measures it comes from. */
export interface Term extends LocalizedText {
  /** The article of the measures that defines it (null: not named by the measures). */
  article: number | null;
}

/** The phases of a cycle, in order (Art. 14–22). */
export const CYCLE_PHASES = [
  'preparation',
  'call_for_applications',
  'qualification_review',
  'material_review',
  'onsite_review',
  'public_comment',
  'committee_review',
  'public_notice',
  'awarded',
] as const;
export type CyclePhase = (typeof CYCLE_PHASES)[number];

/** The phases' names, as the measures word them (发布申报公告 Art. 14, 资格初审 Art. 16, …). */
export const PHASES: Readonly<Record<CyclePhase, Term>> = {
  preparation: { zh: '筹备', en: 'Preparation', article: null },
  call_for_applications: { zh: '发布申报公告', en: 'Call for applications', article: 14 },
  qualification_review: { zh: '资格初审', en: 'Qualification review', article: 16 },
  material_review: { zh: '材料评审', en: 'Material review', article: 17 },
  onsite_review: { zh: '现场评审', en: 'On-site review', article: 17 },
  public_comment: { zh: '公开征求意见', en: 'Public comment', article: 18 },
  committee_review: { zh: '评审委员会审议', en: 'Committee review', article: 20 },
  public_notice: { zh: '拟授奖名单公示', en: 'Public notice', article: 21 },
  awarded: { zh: '已授奖', en: 'Awarded', article: 22 },
};

export function isCyclePhase(value: unknown): value is CyclePhase {
  return typeof value === 'string' && (CYCLE_PHASES as readonly string[]).includes(value);
}

/** Position of a phase in the cycle (0 = preparation). */
export function phaseIndex(phase: CyclePhase): number {
  return CYCLE_PHASES.indexOf(phase);
}

/** The two review stages (Art. 17): material review, then on-site review. */
export const STAGE_IDS = ['material', 'onsite'] as const;
export type Stage = (typeof STAGE_IDS)[number];
export const STAGES: Readonly<Record<Stage, Term>> = {
  material: { zh: '材料评审', en: 'Material review', article: 17 },
  onsite: { zh: '现场评审', en: 'On-site review', article: 17 },
};

/** The channels an application arrives through (Art. 9, 15), each of which verifies and recommends. */
export const CHANNEL_IDS = ['district_bureau', 'municipal_department', 'industry_association'] as const;
export type Channel = (typeof CHANNEL_IDS)[number];
export const CHANNELS: Readonly<Record<Channel, Term>> = {
  district_bureau: { zh: '旗区市场监管局', en: 'Banner/district market regulation bureau', article: 15 },
  municipal_department: { zh: '市直部门', en: 'Municipal department', article: 15 },
  industry_association: { zh: '行业协会', en: 'Industry association', article: 15 },
};

/** The roles of the platform (Art. 7–8, 17). */
export const ROLE_IDS = ['secretariat', 'committee', 'leadership', 'examiner'] as const;
export type Role = (typeof ROLE_IDS)[number];
export const ROLES: Readonly<Record<Role, Term>> = {
  secretariat: { zh: '秘书处', en: 'Secretariat', article: 8 },
  committee: { zh: '评审委员会', en: 'Review committee', article: 7 },
  leadership: { zh: '市场监管部门领导', en: 'Market regulation leadership', article: null },
  examiner: { zh: '评审员', en: 'Examiner', article: 17 },
};

/**
 * Who may read or do what, by role group. The API's procedures, the file routes and the
 * dashboard's routes all name one of these groups.
 */
export const ROLE_GROUPS = {
  /** Everyone signed in. */
  signedIn: ['secretariat', 'committee', 'leadership', 'examiner'],
  /** Everyone but examiners: results, trends, follow-up and the results workbook. */
  readers: ['secretariat', 'committee', 'leadership'],
  /** Detailed analytics (panels, examiners, weights, the committee pack): secretariat and committee. */
  analysts: ['secretariat', 'committee'],
  /** Running the cycle: imports, decisions, settings. */
  secretariat: ['secretariat'],
  /** Scoring their own assignments. */
  examiner: ['examiner'],
  /** The consensus review: the secretariat, and examiners as leaders of their review groups (checked per group). */
  consensus: ['secretariat', 'examiner'],
} as const satisfies Record<string, readonly Role[]>;
export type RoleGroup = keyof typeof ROLE_GROUPS;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLE_IDS as readonly string[]).includes(value);
}

/** True when `role` belongs to `group`. */
export function roleIn(group: RoleGroup, role: Role): boolean {
  return (ROLE_GROUPS[group] as readonly Role[]).includes(role);
}
