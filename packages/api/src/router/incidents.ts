/**
 * Incidents at awardee organisations (Art. 27–28). Reporting one assesses it against every award
 * of the organisation (@mqa/rules `assessIncident`): a major accident or serious violation within 3
 * years after an award, or fraud at any time, opens a revocation review (`review_status = 'open'`).
 */
import { getIncident, getOrganisation, insertIncident, listAwardDetails, listIncidents, setIncidentReview, writeAudit, type Incident } from '@mqa/db';
import { compareIsoDates } from '@mqa/rules';
import { z } from 'zod';
import { assessAgainstAwards } from '../domain/awards.ts';
import { INCIDENT_NAMES } from '../domain/followup.ts';
import { apiError, notFound, type LocalizedText } from '../errors.ts';
import { allow } from '../trpc.ts';
import { inTransaction, nowIso, todayOf } from './helpers.ts';
import { idInput, isoDate, text } from './inputs.ts';
import { READERS, SECRETARIAT } from './roles.ts';

const REVIEW_NAMES: Record<string, LocalizedText> = {
  none: { zh: '无需复核', en: 'No review' },
  open: { zh: '撤销复核中', en: 'Revocation review open' },
  closed_no_action: { zh: '复核完毕，不予撤销', en: 'Reviewed, not revoked' },
  revoked: { zh: '已撤销奖励', en: 'Award revoked' },
};

const SEVERITY_NAMES: Record<string, LocalizedText> = {
  minor: { zh: '一般', en: 'Minor' },
  major: { zh: '较大及以上', en: 'Major' },
};

function incidentJson(i: Incident, orgName: LocalizedText, assessments: ReturnType<typeof assessAgainstAwards>) {
  return {
    id: i.id,
    organisationId: i.organisation_id,
    organisationName: orgName,
    occurredOn: i.occurred_on,
    reportedOn: i.reported_on,
    kind: i.kind,
    kindName: INCIDENT_NAMES[i.kind] ?? { zh: i.kind, en: i.kind },
    severity: i.severity,
    severityName: SEVERITY_NAMES[i.severity] ?? { zh: i.severity, en: i.severity },
    description: i.description,
    reviewStatus: i.review_status,
    reviewStatusName: REVIEW_NAMES[i.review_status] ?? { zh: i.review_status, en: i.review_status },
    /** Per award of the organisation: whether this incident calls for a revocation review, and why. */
    assessments,
  };
}

export const incidentsRouter = {
  /** Records an incident and opens a revocation review when @mqa/rules says one is needed (audited). */
  report: allow(...SECRETARIAT)
    .input(
      z.object({
        organisationId: idInput,
        occurredOn: isoDate,
        kind: z.enum(['quality_accident', 'safety_accident', 'environmental', 'public_health', 'violation', 'fraud']),
        severity: z.enum(['minor', 'major']),
        description: text(2, 5000, 'Description'),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const org = await getOrganisation(tx.db, input.organisationId);
        if (!org) throw notFound({ zh: `编号为 ${input.organisationId} 的组织`, en: `Organisation ${input.organisationId}` });
        const reportedOn = todayOf(ctx);
        if (compareIsoDates(input.occurredOn, reportedOn) > 0) {
          throw apiError('BAD_REQUEST', {
            zh: `事件发生日期 ${input.occurredOn} 晚于今天（${reportedOn}）。`,
            en: `The incident date ${input.occurredOn} is after today (${reportedOn}).`,
          });
        }
        const awards = await listAwardDetails(tx.db, { organisationId: org.id });
        const assessments = assessAgainstAwards({ kind: input.kind, severity: input.severity, occurred_on: input.occurredOn }, awards);
        const needed = assessments.filter((a) => a.needed);
        const reviewStatus = needed.length ? 'open' : 'none';
        const id = await insertIncident(tx.db, {
          organisationId: org.id,
          occurredOn: input.occurredOn,
          reportedOn,
          kind: input.kind,
          severity: input.severity,
          description: input.description,
          reviewStatus,
        });
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'incident.report',
          entity: 'incident',
          entityId: id,
          cycleId: null,
          before: null,
          after: { ...input, reportedOn, reviewStatus, reviews: needed.map((a) => ({ awardId: a.awardId, article: a.article })) },
          at: nowIso(ctx),
        });
        const incident = (await getIncident(tx.db, id))!;
        const first = needed[0];
        return {
          ...incidentJson(incident, { zh: org.name_zh, en: org.name_en }, assessments),
          revocationReview: needed.length > 0,
          article: first?.article ?? null,
          message: first
            ? first.message
            : awards.length === 0
              ? { zh: '该组织没有获得市长质量奖，事件仅作记录。', en: 'The organisation holds no Mayor Quality Award; the incident is recorded only.' }
              : assessments[0]!.message,
        };
      }),
    ),

  /** Incidents (or only those with an open revocation review), newest first, with their assessment per award. */
  list: allow(...READERS)
    .input(z.object({ open: z.boolean().optional() }).optional())
    .query(async ({ ctx, input }) => {
      const [incidents, awards, orgs] = await Promise.all([
        listIncidents(ctx.db),
        listAwardDetails(ctx.db),
        ctx.db.selectFrom('organisations').select(['id', 'name_zh', 'name_en']).execute(),
      ]);
      const orgById = new Map(orgs.map((o) => [o.id, o]));
      return incidents
        .filter((i) => !input?.open || i.review_status === 'open')
        .reverse()
        .map((i) => {
          const o = orgById.get(i.organisation_id);
          const own = awards.filter((a) => a.organisationId === i.organisation_id);
          return incidentJson(i, o ? { zh: o.name_zh, en: o.name_en } : { zh: '', en: '' }, assessAgainstAwards(i, own));
        });
    }),

  /** Closes an open revocation review without revoking (`closed_no_action`), with the reason (audited). */
  closeReview: allow(...SECRETARIAT)
    .input(z.object({ id: idInput, reason: text(2, 2000, 'Reason') }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const incident = await getIncident(tx.db, input.id);
        if (!incident) throw notFound({ zh: `编号为 ${input.id} 的事件`, en: `Incident ${input.id}` });
        if (incident.review_status !== 'open') {
          throw apiError('CONFLICT', {
            zh: `事件 ${incident.id} 没有进行中的撤销复核（${REVIEW_NAMES[incident.review_status]?.zh ?? incident.review_status}）。`,
            en: `Incident ${incident.id} has no open revocation review (${REVIEW_NAMES[incident.review_status]?.en ?? incident.review_status}).`,
          });
        }
        await setIncidentReview(tx.db, incident.id, 'closed_no_action');
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'incident.closeReview',
          entity: 'incident',
          entityId: incident.id,
          cycleId: null,
          before: { reviewStatus: 'open' },
          after: { reviewStatus: 'closed_no_action', reason: input.reason },
          at: nowIso(ctx),
        });
        return { id: incident.id, article: 28 as const, reviewStatus: 'closed_no_action' as const, reviewStatusName: REVIEW_NAMES.closed_no_action! };
      }),
    ),
};
