/** Applications of a cycle; materials marked confidential are shown only to those who need them (Art. 29). */
import {
  getApplicationSummary,
  isInApplicationGroup,
  isRecused,
  listApplicationsOfCycle,
  listMaterials,
  type ApplicationSummary,
} from '@mqa/db';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { requireCycle } from '../domain/cycle.ts';
import { districtName, priorityAreaName, sectorName } from '../domain/labels.ts';
import { apiError, applicationNotFound, type LocalizedText } from '../errors.ts';
import { allow } from '../trpc.ts';
import { yearInput } from './cycles.ts';
import { READERS } from './roles.ts';

interface StoredFailure {
  article?: number;
  code?: string;
  message?: LocalizedText | string;
}

function failuresOf(json: string) {
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(list)) return [];
  return (list as StoredFailure[]).map((f) => ({
    article: typeof f.article === 'number' ? f.article : null,
    code: typeof f.code === 'string' ? f.code : null,
    message: typeof f.message === 'string' ? { zh: f.message, en: f.message } : (f.message ?? { zh: '', en: '' }),
  }));
}

const CHANNELS: Record<string, LocalizedText> = {
  district_bureau: { zh: '旗区市场监管局', en: 'Banner/district market regulation bureau' },
  municipal_department: { zh: '市直部门', en: 'Municipal department' },
  industry_association: { zh: '行业协会', en: 'Industry association' },
};

export function applicationJson(a: ApplicationSummary) {
  return {
    id: a.id,
    code: a.code,
    name: { zh: a.applicantNameZh, en: a.applicantNameEn },
    applicantType: a.applicant_type,
    sector: a.sector,
    sectorName: sectorName(a.sector),
    district: a.district,
    districtName: districtName(a.district),
    channel: a.channel,
    channelName: CHANNELS[a.channel] ?? { zh: a.channel, en: a.channel },
    recommendingBody: a.recommending_body,
    receivedOn: a.received_on,
    priorityAreas: a.priorityAreas.map((id) => ({ id, name: priorityAreaName(id), article: 2 })),
    eligibility: { status: a.eligibility_status, failures: failuresOf(a.eligibility_failures) },
    qualificationStatus: a.qualification_status,
    reviewGroupId: a.review_group_id,
    status: a.status,
    removedReason: a.removed_reason,
  };
}

/** Whether the user may see confidential materials of this application (Art. 29). */
async function mayReadConfidential(ctx: Context, applicationId: number): Promise<boolean> {
  const user = ctx.user!;
  if (user.role === 'secretariat') return true;
  if (user.role === 'examiner' && user.examinerId !== null) {
    return (await isInApplicationGroup(ctx.db, applicationId, user.examinerId)) && !(await isRecused(ctx.db, applicationId, user.examinerId));
  }
  return false;
}

export const applicationsRouter = {
  list: allow(...READERS)
    .meta({ cacheable: true })
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      return (await listApplicationsOfCycle(ctx.db, cycle.id)).map(applicationJson);
    }),

  /** One application with its materials. Examiners may open only the applications assigned to them. */
  get: allow('secretariat', 'committee', 'leadership', 'examiner')
    .input(z.object({ id: z.number().int().positive() }))
    .query(async ({ ctx, input }) => {
      const app = await getApplicationSummary(ctx.db, input.id);
      if (!app) throw applicationNotFound(input.id);
      const confidentialAllowed = await mayReadConfidential(ctx, app.id);
      if (ctx.user!.role === 'examiner' && !confidentialAllowed) {
        throw apiError('FORBIDDEN', {
          zh: '这份申报没有分配给您（或您已回避），不能查看。',
          en: 'This application is not assigned to you (or you are recused from it), so you cannot open it.',
        });
      }
      const materials = await listMaterials(ctx.db, app.id);
      const visible = materials.filter((m) => confidentialAllowed || !m.confidential);
      return {
        ...applicationJson(app),
        materials: visible,
        /** Confidential materials not shown to this user (Art. 29). */
        withheldConfidential: materials.length - visible.length,
      };
    }),
};
