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

/**
 * How grave an incident is, as the regulations on production-safety accidents grade them
 * (一般 / 较大 / 重大; 特别重大 is recorded as 重大). Art. 28 reads 较大 and above.
 */
export const INCIDENT_SEVERITY_IDS = ['general', 'larger', 'major'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITY_IDS)[number];
export const INCIDENT_SEVERITIES: Readonly<Record<IncidentSeverity, Term>> = {
  general: { zh: '一般', en: 'General', article: null },
  larger: { zh: '较大', en: 'Larger', article: 28 },
  major: { zh: '重大', en: 'Major', article: 28 },
};

/** What an incident at an awardee is (Art. 27–28). */
export const INCIDENT_KIND_IDS = ['quality_accident', 'safety_accident', 'environmental', 'public_health', 'violation', 'fraud'] as const;
export type IncidentKindId = (typeof INCIDENT_KIND_IDS)[number];
export const INCIDENT_KINDS: Readonly<Record<IncidentKindId, Term>> = {
  quality_accident: { zh: '质量事故', en: 'Quality accident', article: 28 },
  safety_accident: { zh: '安全事故', en: 'Safety accident', article: 28 },
  environmental: { zh: '环境污染事件', en: 'Environmental incident', article: 28 },
  public_health: { zh: '公共卫生事件', en: 'Public-health incident', article: 28 },
  violation: { zh: '违法违规生产经营行为', en: 'Illegal or irregular business conduct', article: 28 },
  fraud: { zh: '弄虚作假', en: 'Fraud', article: 27 },
};

/** Misuse of the title, certificates and plaques (Art. 30). */
export const MISUSE_KIND_IDS = ['forged', 'misused', 'sold_or_rented', 'false_claim'] as const;
export type MisuseKindId = (typeof MISUSE_KIND_IDS)[number];
export const MISUSE_KINDS: Readonly<Record<MisuseKindId, Term>> = {
  forged: { zh: '伪造', en: 'Forged', article: 30 },
  misused: { zh: '冒用', en: 'Misused', article: 30 },
  sold_or_rented: { zh: '出售、出租或用于其他营利性活动', en: 'Sold, rented or used for other profit-making', article: 30 },
  false_claim: { zh: '未获奖而自称获奖', en: 'Falsely claimed without an award', article: 30 },
};
export const MISUSE_ITEM_IDS = ['certificate', 'plaque', 'title'] as const;
export type MisuseItemId = (typeof MISUSE_ITEM_IDS)[number];
export const MISUSE_ITEMS: Readonly<Record<MisuseItemId, Term>> = {
  certificate: { zh: '荣誉证书', en: 'Certificate', article: 30 },
  plaque: { zh: '奖牌', en: 'Plaque', article: 30 },
  title: { zh: '市长质量奖称号', en: 'The award title', article: 30 },
};
export const MISUSE_STATUS_IDS = ['open', 'investigating', 'closed'] as const;
export type MisuseStatusId = (typeof MISUSE_STATUS_IDS)[number];
export const MISUSE_STATUSES: Readonly<Record<MisuseStatusId, Term>> = {
  open: { zh: '待处理', en: 'Open', article: 30 },
  investigating: { zh: '调查处理中', en: 'Under investigation', article: 30 },
  closed: { zh: '已处理', en: 'Closed', article: 30 },
};

/**
 * Every action the server writes to the audit trail (Art. 26), as stored in `audit_log.action`.
 * The dashboard names each one in both languages (rules.audit.actions, keyed with dots as
 * underscores); a test of @mqa/api checks that the server writes no action missing here, and a
 * test of the dashboard that each has its names. A new kind of change is added here first.
 */
export const AUDIT_ACTIONS = [
  'application.create',
  'application.checkEligibility',
  'application.updateFacts',
  'application.requestSupplement',
  'application.recordSupplement',
  'application.recordSupplement.recheck',
  'application.setQualification',
  'application.assignGroup',
  'application.autoAssign',
  'application.remove',
  'auth.login',
  'auth.changePassword',
  'auth.logoutEverywhere',
  'user.create',
  'user.update',
  'user.disable',
  'user.enable',
  'user.resetPassword',
  'user.endSessions',
  'examiner.create',
  'examiner.update',
  'award.grant',
  'award.revoke',
  'comment.add',
  'conflict.declare',
  'conflict.detect',
  'consensus.open',
  'consensus.record',
  'cycle.create',
  'cycle.updateSettings',
  'cycle.updateDates',
  'cycle.advancePhase',
  'cycle.autoAssign',
  'decision.record',
  'feedback.submit',
  'import.applications',
  'import.scores',
  'import.scores.sheet',
  'incident.report',
  'incident.closeReview',
  'material.upload',
  'material.replace',
  'material.delete',
  'material.download',
  'objection.add',
  'objection.decide',
  'onsite.select',
  'publication.publish',
  'reviewGroup.create',
  'reviewGroup.update',
  'reviewGroup.remove',
  'reviewAgency.set',
  'reviewAgency.clear',
  'seed',
  'sheet.save',
  'sheet.submit',
  'sheet.reopen',
  'weightSet.create',
  'weightSet.update',
  'weightSet.freeze',
  'weightSet.assignToCycle',
  'cycle.setIndividualPrize',
  'award.recordPayment',
  'award.recordRecovery',
  'comment.decide',
  'decision.shortlistDeparture',
  'indicators.record',
  'committee.setRules',
  'meeting.create',
  'meeting.vote',
  'meeting.changeVote',
  'meeting.close',
  'misuse.report',
  'misuse.handle',
  'indicators.import',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
