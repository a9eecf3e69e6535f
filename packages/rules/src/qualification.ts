/**
 * Qualification review (资格初审, Art. 15–16): completeness of the application materials
 * and the single supplement notice ("对需要补充完善的内容应一次性告知").
 */
import { RulesInputError, type LocalizedText } from './i18n.ts';
import type { ApplicantType } from './eligibility.ts';

export interface ApplicationMaterial {
  id: string;
  name: LocalizedText;
  /** Article that requires the material. */
  article: number;
  appliesTo: ApplicantType | 'both';
}

/**
 * The standard application materials (Art. 15: application form, self-assessment against the
 * criteria, supporting documents, and the verified recommendation of the recommending body;
 * Art. 29: the applicant's declaration of trade or technical secrets).
 */
export const APPLICATION_MATERIALS: readonly ApplicationMaterial[] = [
  { id: 'application_form', name: { zh: '申报表', en: 'Application form' }, article: 15, appliesTo: 'both' },
  {
    id: 'self_assessment_report',
    name: { zh: '自我评价报告', en: 'Self-assessment report (GB/T 19580)' },
    article: 15,
    appliesTo: 'both',
  },
  {
    id: 'business_licence',
    name: { zh: '营业执照或法人登记证书', en: 'Business licence or legal-person registration certificate' },
    article: 10,
    appliesTo: 'organisation',
  },
  {
    id: 'qualification_licences',
    name: { zh: '有关资质证明或证照', en: 'Required qualification certificates and licences' },
    article: 10,
    appliesTo: 'organisation',
  },
  {
    id: 'performance_evidence',
    name: { zh: '近3年经营业绩或社会贡献证明材料', en: 'Evidence of results or social contribution for the last 3 years' },
    article: 10,
    appliesTo: 'organisation',
  },
  {
    id: 'compliance_certificates',
    name: {
      zh: '守法合规证明（市场监管、税务、社保、环保、安全生产等）',
      en: 'Compliance certificates (market regulation, tax, social insurance, environment, work safety...)',
    },
    article: 12,
    appliesTo: 'both',
  },
  {
    id: 'personal_achievements',
    name: { zh: '个人质量工作经历及主要业绩证明材料', en: 'Evidence of quality-work experience and achievements' },
    article: 11,
    appliesTo: 'individual',
  },
  {
    id: 'supporting_documents',
    name: { zh: '其他相关证明性材料', en: 'Other supporting documents' },
    article: 15,
    appliesTo: 'both',
  },
  {
    id: 'recommendation_opinion',
    name: { zh: '推荐单位推荐意见', en: 'Recommendation opinion of the recommending body' },
    article: 15,
    appliesTo: 'both',
  },
  {
    id: 'confidentiality_declaration',
    name: { zh: '商业秘密、技术秘密申明', en: 'Declaration of trade and technical secrets' },
    article: 29,
    appliesTo: 'both',
  },
];

/** The materials an applicant of this type must submit. */
export function requiredMaterials(applicantType: ApplicantType): ApplicationMaterial[] {
  return APPLICATION_MATERIALS.filter((m) => m.appliesTo === 'both' || m.appliesTo === applicantType);
}

/** Ids of the required materials not among `submittedIds`, in list order. */
export function findMissingMaterials(applicantType: ApplicantType, submittedIds: readonly string[]): string[] {
  const submitted = new Set(submittedIds);
  return requiredMaterials(applicantType)
    .map((m) => m.id)
    .filter((id) => !submitted.has(id));
}

/** A supplement request already sent for an application. */
export interface SupplementRequest {
  applicationId?: string;
  /** ISO date the notice was issued. */
  issuedOn: string;
  /** Everything asked for in the notice. */
  items: readonly string[];
}

export type SupplementDecision =
  | {
      allowed: true;
      article: 16;
      /** The single notice to issue: every missing item, deduplicated, in the given order. */
      request: { items: string[] };
      message: LocalizedText;
    }
  | {
      allowed: false;
      article: 16;
      code: 'already_requested' | 'nothing_missing';
      message: LocalizedText;
    };

/**
 * Decide whether a supplement request (补充材料通知) may be issued for one application,
 * given the requests already issued for THAT application. Art. 16 requires all missing
 * items to be notified at once, so only one request per application is allowed, and it
 * lists every missing item.
 */
export function planSupplementRequest(existingRequests: readonly SupplementRequest[], missingItems: readonly string[]): SupplementDecision {
  if (!Array.isArray(existingRequests) || !Array.isArray(missingItems)) {
    throw new RulesInputError('invalid_supplement_input', {
      zh: '已发补充通知列表和缺失材料列表都必须是数组',
      en: 'existingRequests and missingItems must both be arrays',
    });
  }
  const previous = existingRequests[0];
  if (previous) {
    return {
      allowed: false,
      article: 16,
      code: 'already_requested',
      message: {
        zh: `该申报已于 ${previous.issuedOn} 发出补充材料通知；按第16条，需补充完善的内容应一次性告知，不得再次要求补充`,
        en: `A supplement request was already issued for this application on ${previous.issuedOn}; Art. 16 requires everything to be requested in one notice, so a second request is not allowed`,
      },
    };
  }
  if (missingItems.some((i) => typeof i !== 'string')) {
    throw new RulesInputError('invalid_supplement_input', {
      zh: '缺失材料列表只能包含文本',
      en: 'missingItems must contain strings only',
    });
  }
  const items = [...new Set(missingItems.map((i) => i.trim()).filter((i) => i !== ''))];
  if (items.length === 0) {
    return {
      allowed: false,
      article: 16,
      code: 'nothing_missing',
      message: { zh: '没有需要补充的材料，无需发出补充通知', en: 'Nothing is missing; no supplement request is needed' },
    };
  }
  return {
    allowed: true,
    article: 16,
    request: { items },
    message: {
      zh: `一次性告知需补充的全部 ${items.length} 项材料（第16条）`,
      en: `Request all ${items.length} missing item${items.length === 1 ? '' : 's'} in a single notice (Art. 16)`,
    },
  };
}
