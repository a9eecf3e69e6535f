/**
 * Two-way feedback (Art. 25): applicants rate the examiners' discipline, examiners rate the
 * applicants' conduct.
 */
import type { LocalizedText } from './i18n.ts';

export type FeedbackDirection = 'applicant_to_examiner' | 'examiner_to_applicant';

export const FEEDBACK_DIRECTIONS: readonly { id: FeedbackDirection; label: LocalizedText }[] = [
  { id: 'applicant_to_examiner', label: { zh: '受评方评价评审人员纪律执行情况', en: "Applicant rates the examiner's discipline" } },
  { id: 'examiner_to_applicant', label: { zh: '评审人员评价受评方守纪情况', en: "Examiner rates the applicant's conduct" } },
];

export const FEEDBACK_RATING_MIN = 1;
export const FEEDBACK_RATING_MAX = 5;
export const FEEDBACK_COMMENT_MAX_LENGTH = 2000;

export interface FeedbackRecord {
  direction: FeedbackDirection;
  /** The examiner concerned (rater or rated depending on direction). */
  examinerId: string;
  /** The applicant (application) concerned. */
  applicantId: string;
  /** Integer 1 (poor) to 5 (excellent). */
  rating: number;
  comment?: string;
  /** ISO date of the feedback, optional. */
  givenOn?: string;
}

export interface FeedbackIssue {
  field: keyof FeedbackRecord | 'record';
  message: LocalizedText;
}

export interface FeedbackValidation {
  ok: boolean;
  article: 25;
  errors: FeedbackIssue[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Validate one feedback record, listing every problem. A rating of 1 or 2 requires a
 * comment so the low rating can be followed up (Art. 25: misconduct is pursued).
 */
export function validateFeedback(record: unknown): FeedbackValidation {
  const errors: FeedbackIssue[] = [];
  if (typeof record !== 'object' || record === null) {
    return {
      ok: false,
      article: 25,
      errors: [{ field: 'record', message: { zh: '反馈记录必须是对象', en: 'A feedback record must be an object' } }],
    };
  }
  const r = record as Partial<Record<keyof FeedbackRecord, unknown>>;
  if (r.direction !== 'applicant_to_examiner' && r.direction !== 'examiner_to_applicant') {
    errors.push({
      field: 'direction',
      message: {
        zh: '评价方向必须是 applicant_to_examiner（受评方评价评审人员）或 examiner_to_applicant（评审人员评价受评方）',
        en: "direction must be 'applicant_to_examiner' or 'examiner_to_applicant'",
      },
    });
  }
  for (const field of ['examinerId', 'applicantId'] as const) {
    const v = r[field];
    if (typeof v !== 'string' || v.trim() === '') {
      errors.push({ field, message: { zh: `${field} 不能为空`, en: `${field} must be a non-empty string` } });
    }
  }
  const rating = r.rating;
  if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < FEEDBACK_RATING_MIN || rating > FEEDBACK_RATING_MAX) {
    errors.push({
      field: 'rating',
      message: {
        zh: `评分必须是 ${FEEDBACK_RATING_MIN}–${FEEDBACK_RATING_MAX} 的整数，实际为 ${String(rating)}`,
        en: `rating must be an integer from ${FEEDBACK_RATING_MIN} to ${FEEDBACK_RATING_MAX}, got ${String(rating)}`,
      },
    });
  }
  const comment = r.comment;
  if (comment !== undefined && typeof comment !== 'string') {
    errors.push({ field: 'comment', message: { zh: '评价意见必须是文本', en: 'comment must be text' } });
  } else if (typeof comment === 'string' && comment.length > FEEDBACK_COMMENT_MAX_LENGTH) {
    errors.push({
      field: 'comment',
      message: {
        zh: `评价意见不得超过 ${FEEDBACK_COMMENT_MAX_LENGTH} 字`,
        en: `comment must be at most ${FEEDBACK_COMMENT_MAX_LENGTH} characters`,
      },
    });
  }
  if (typeof rating === 'number' && Number.isInteger(rating) && rating <= 2 && (typeof comment !== 'string' || comment.trim() === '')) {
    errors.push({
      field: 'comment',
      message: { zh: '评分为 1 或 2 时必须填写评价意见', en: 'A rating of 1 or 2 requires a comment' },
    });
  }
  if (r.givenOn !== undefined && (typeof r.givenOn !== 'string' || !ISO_DATE.test(r.givenOn))) {
    errors.push({ field: 'givenOn', message: { zh: '评价日期必须是 YYYY-MM-DD 格式', en: 'givenOn must be a YYYY-MM-DD date' } });
  }
  return { ok: errors.length === 0, article: 25, errors };
}
