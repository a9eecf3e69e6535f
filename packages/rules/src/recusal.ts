/**
 * Recusal (回避, Art. 24): "评审工作人员与申报组织和个人有利害关系的，本人应当主动回避".
 * An examiner with any conflict is not assigned to the applicant and never has scores
 * for it counted. Automatic checks compare organisations by USCC (or, failing that, by
 * normalised name); declared ties come from the examiner's own declaration.
 */
import type { LocalizedText } from './i18n.ts';

/** An organisation referred to by Unified Social Credit Code and/or name. */
export interface OrganisationRef {
  uscc?: string;
  name?: string;
}

export interface RelativeRef {
  /** Relationship, e.g. 'spouse', '配偶'. Shown in the reason. */
  relation?: string;
  name?: string;
  /** Person id of the relative, when the platform knows them. */
  personId?: string;
  /** Where the relative works. */
  employer?: OrganisationRef;
}

export interface DeclaredConflict {
  /** The applicant concerned: application/applicant id, USCC or name (any that matches). */
  applicantId?: string;
  uscc?: string;
  name?: string;
  /** Free-text reason given by the examiner. */
  reason?: string;
}

export interface ExaminerProfile {
  id?: string;
  name?: string;
  /** Current employer. */
  employer?: OrganisationRef;
  /** Declared employment ties: former employers, part-time or advisory posts (任职、兼职、顾问). */
  employmentTies?: readonly OrganisationRef[];
  /** Declared business ties: shareholding, contracts, consulting or counselling for the applicant. */
  businessTies?: readonly OrganisationRef[];
  /** Declared close relatives (近亲属). */
  relatives?: readonly RelativeRef[];
  /** Other conflicts the examiner declares. */
  declaredConflicts?: readonly DeclaredConflict[];
}

export interface ApplicantProfile {
  id?: string;
  applicantType: 'organisation' | 'individual';
  /** Organisation: its own name. Individual: the person's name. */
  name?: string;
  /** Organisation: its USCC. */
  uscc?: string;
  /** Individual: the organisation the person works for. */
  employer?: OrganisationRef;
  /** Individual: person id, when the platform knows them. */
  personId?: string;
}

export type ConflictKind = 'same_organisation' | 'employment_tie' | 'business_tie' | 'relative' | 'declared';

export interface Conflict {
  kind: ConflictKind;
  article: 24;
  source: 'automatic' | 'declared';
  reason: LocalizedText;
}

/** Upper-case USCC without spaces or hyphens. */
function normaliseUscc(code: string | undefined): string | undefined {
  const c = code?.replace(/[\s-]/g, '').toUpperCase();
  return c ? c : undefined;
}

/** Name without spaces, with full-width parentheses folded to half-width, lower-cased. */
function normaliseName(name: string | undefined): string | undefined {
  const n = name?.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();
  return n ? n : undefined;
}

/** Same organisation: equal USCC when both have one, otherwise equal normalised names. */
export function sameOrganisation(a: OrganisationRef | undefined, b: OrganisationRef | undefined): boolean {
  if (!a || !b) return false;
  const ua = normaliseUscc(a.uscc);
  const ub = normaliseUscc(b.uscc);
  if (ua && ub) return ua === ub;
  const na = normaliseName(a.name);
  const nb = normaliseName(b.name);
  return na !== undefined && na === nb;
}

/** The organisation an applicant stands for: itself, or an individual's employer. */
function applicantOrganisation(applicant: ApplicantProfile): OrganisationRef | undefined {
  if (applicant.applicantType === 'organisation') {
    return { ...(applicant.uscc ? { uscc: applicant.uscc } : {}), ...(applicant.name ? { name: applicant.name } : {}) };
  }
  return applicant.employer;
}

function label(org: OrganisationRef | undefined): string {
  return org?.name ?? org?.uscc ?? '?';
}

/** Every conflict of interest between an examiner and an applicant (empty when none). */
export function detectConflicts(examiner: ExaminerProfile, applicant: ApplicantProfile): Conflict[] {
  const conflicts: Conflict[] = [];
  const org = applicantOrganisation(applicant);
  const who = applicant.applicantType === 'organisation' ? label(org) : (applicant.name ?? '?');
  const isOrg = applicant.applicantType === 'organisation';

  if (sameOrganisation(examiner.employer, org)) {
    conflicts.push({
      kind: 'same_organisation',
      article: 24,
      source: 'automatic',
      reason: isOrg
        ? {
            zh: `评审员任职于申报组织「${label(org)}」`,
            en: `The examiner works for the applicant organisation "${label(org)}"`,
          }
        : {
            zh: `评审员与申报个人「${who}」同在「${label(org)}」任职`,
            en: `The examiner and the individual applicant "${who}" work for the same organisation "${label(org)}"`,
          },
    });
  }

  for (const tie of examiner.employmentTies ?? []) {
    if (!sameOrganisation(tie, org)) continue;
    conflicts.push({
      kind: 'employment_tie',
      article: 24,
      source: 'declared',
      reason: {
        zh: `评审员申报曾在或正在「${label(tie)}」任职、兼职或担任顾问`,
        en: `The examiner declared working, part-time or advisory ties with "${label(tie)}"`,
      },
    });
  }

  for (const tie of examiner.businessTies ?? []) {
    if (!sameOrganisation(tie, org)) continue;
    conflicts.push({
      kind: 'business_tie',
      article: 24,
      source: 'declared',
      reason: {
        zh: `评审员申报与「${label(tie)}」存在经济往来或业务关系`,
        en: `The examiner declared business or financial ties with "${label(tie)}"`,
      },
    });
  }

  for (const rel of examiner.relatives ?? []) {
    const relation = rel.relation ?? '近亲属';
    const isApplicantPerson =
      !isOrg &&
      ((rel.personId !== undefined && rel.personId === applicant.personId) ||
        (rel.personId === undefined && normaliseName(rel.name) !== undefined && normaliseName(rel.name) === normaliseName(applicant.name)));
    if (isApplicantPerson) {
      conflicts.push({
        kind: 'relative',
        article: 24,
        source: 'declared',
        reason: {
          zh: `申报个人「${who}」是评审员的${relation}`,
          en: `The individual applicant "${who}" is the examiner's relative (${relation})`,
        },
      });
    } else if (sameOrganisation(rel.employer, org)) {
      conflicts.push({
        kind: 'relative',
        article: 24,
        source: 'declared',
        reason: {
          zh: `评审员的${relation}${rel.name ? `「${rel.name}」` : ''}任职于「${label(org)}」`,
          en: `The examiner's relative (${relation}${rel.name ? ` ${rel.name}` : ''}) works for "${label(org)}"`,
        },
      });
    }
  }

  for (const d of examiner.declaredConflicts ?? []) {
    const matches =
      (d.applicantId !== undefined && d.applicantId === applicant.id) ||
      (normaliseUscc(d.uscc) !== undefined && normaliseUscc(d.uscc) === normaliseUscc(applicant.uscc)) ||
      (normaliseName(d.name) !== undefined && normaliseName(d.name) === normaliseName(applicant.name));
    if (!matches) continue;
    conflicts.push({
      kind: 'declared',
      article: 24,
      source: 'declared',
      reason: {
        zh: `评审员主动申报与「${who}」存在利害关系${d.reason ? `：${d.reason}` : ''}`,
        en: `The examiner declared an interest in "${who}"${d.reason ? `: ${d.reason}` : ''}`,
      },
    });
  }
  return conflicts;
}

/** A recusal recorded by the secretariat (e.g. raised by the applicant or found later). */
export interface RecordedRecusal {
  examinerId: string;
  applicantId: string;
}

/**
 * True when the examiner must not review the applicant: any detected or declared conflict,
 * or a recusal recorded for this examiner–applicant pair.
 */
export function isRecused(examiner: ExaminerProfile, applicant: ApplicantProfile, recorded: readonly RecordedRecusal[] = []): boolean {
  if (examiner.id !== undefined && applicant.id !== undefined && recorded.some((r) => r.examinerId === examiner.id && r.applicantId === applicant.id)) {
    return true;
  }
  return detectConflicts(examiner, applicant).length > 0;
}
