/**
 * Incidents at awardee organisations and individuals (Art. 27–28), graded 一般 / 较大 / 重大.
 * Reporting one assesses it against every award of its subject (@mqa/rules `incidentGrounds`,
 * `assessIncident`): a 较大 or 重大 accident or serious violation within 3 years after an award,
 * or fraud at any time, opens a revocation review (`review_status = 'open'`).
 */
import {
  getIncident,
  getIndividual,
  getOrganisation,
  insertIncident,
  listAwardDetails,
  listIncidents,
  setIncidentReview,
  writeAudit,
  type DB,
  type Incident,
} from '@mqa/db';
import { compareIsoDates, INCIDENT_KIND_IDS, INCIDENT_SEVERITY_IDS } from '@mqa/rules';
import { z } from 'zod';
import { assessAgainstAwards } from '../domain/awards.ts';
import { INCIDENT_NAMES, incidentConcerns, SEVERITY_NAMES } from '../domain/followup.ts';
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

function subjectTypeOf(i: Pick<Incident, 'organisation_id'>): 'organisation' | 'individual' {
  return i.organisation_id === null ? 'individual' : 'organisation';
}

function incidentJson(i: Incident, subjectName: LocalizedText, assessments: ReturnType<typeof assessAgainstAwards>) {
  return {
    id: i.id,
    /** Who the incident concerns: an organisation or an individual (Art. 28 names both). */
    subjectType: subjectTypeOf(i),
    organisationId: i.organisation_id,
    individualId: i.individual_id,
    subjectName,
    /** Kept for older clients: the subject's name. */
    organisationName: subjectName,
    occurredOn: i.occurred_on,
    reportedOn: i.reported_on,
    kind: i.kind,
    kindName: INCIDENT_NAMES[i.kind] ?? { zh: i.kind, en: i.kind },
    severity: i.severity,
    severityName: SEVERITY_NAMES[i.severity] ?? { zh: i.severity, en: i.severity },
    description: i.description,
    reviewStatus: i.review_status,
    reviewStatusName: REVIEW_NAMES[i.review_status] ?? { zh: i.review_status, en: i.review_status },
    /** Per award of the subject: whether this incident calls for a revocation review, and why. */
    assessments,
  };
}

const reportInput = z
  .object({
    /** The organisation concerned… */
    organisationId: idInput.optional(),
    /** …or the individual… */
    individualId: idInput.optional(),
    /** …or the award whose holder it concerns. */
    awardId: idInput.optional(),
    occurredOn: isoDate,
    kind: z.enum(INCIDENT_KIND_IDS),
    /** 一般 / 较大 / 重大 (Art. 28 reads 较大 and above). */
    severity: z.enum(INCIDENT_SEVERITY_IDS),
    description: text(2, 5000, 'Description'),
  })
  .refine((v) => [v.organisationId, v.individualId, v.awardId].filter((x) => x !== undefined).length === 1, {
    message: 'Give exactly one of organisationId, individualId or awardId (须且只能指定组织、个人或奖励之一)',
  });

/** The subject of an incident and every award it holds. */
async function resolveSubject(db: DB, input: { organisationId?: number | undefined; individualId?: number | undefined; awardId?: number | undefined }) {
  let organisationId = input.organisationId ?? null;
  let individualId = input.individualId ?? null;
  if (input.awardId !== undefined) {
    const [award] = await listAwardDetails(db, { awardId: input.awardId });
    if (!award) throw notFound({ zh: `编号为 ${input.awardId} 的获奖者`, en: `Awardee (award ${input.awardId})` });
    organisationId = award.organisationId;
    individualId = award.individualId;
  }
  if (organisationId !== null) {
    const org = await getOrganisation(db, organisationId);
    if (!org) throw notFound({ zh: `编号为 ${organisationId} 的组织`, en: `Organisation ${organisationId}` });
    return {
      organisationId,
      individualId: null,
      name: { zh: org.name_zh, en: org.name_en },
      awards: await listAwardDetails(db, { organisationId }),
    };
  }
  const person = individualId === null ? undefined : await getIndividual(db, individualId);
  if (!person) throw notFound({ zh: `编号为 ${individualId ?? '?'} 的个人`, en: `Individual ${individualId ?? '?'}` });
  return {
    organisationId: null,
    individualId: person.id,
    name: { zh: person.name_zh, en: person.name_en },
    awards: await listAwardDetails(db, { individualId: person.id }),
  };
}

export const incidentsRouter = {
  /**
   * Records an incident at an organisation or an individual (graded 一般 / 较大 / 重大) and opens a
   * revocation review when @mqa/rules says one is needed: 较大 and above within the 3 years after
   * an award (Art. 28), fraud at any time (Art. 27). Audited.
   */
  report: allow(...SECRETARIAT)
    .input(reportInput)
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const subject = await resolveSubject(tx.db, input);
        const reportedOn = todayOf(ctx);
        if (compareIsoDates(input.occurredOn, reportedOn) > 0) {
          throw apiError('BAD_REQUEST', {
            zh: `事件发生日期 ${input.occurredOn} 晚于今天（${reportedOn}）。`,
            en: `The incident date ${input.occurredOn} is after today (${reportedOn}).`,
          });
        }
        const awards = subject.awards;
        const assessments = assessAgainstAwards({ kind: input.kind, severity: input.severity, occurred_on: input.occurredOn }, awards);
        const needed = assessments.filter((a) => a.needed);
        const reviewStatus = needed.length ? 'open' : 'none';
        const id = await insertIncident(tx.db, {
          organisationId: subject.organisationId,
          individualId: subject.individualId,
          reportedBy: ctx.user!.id,
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
          after: {
            organisationId: subject.organisationId,
            individualId: subject.individualId,
            occurredOn: input.occurredOn,
            kind: input.kind,
            severity: input.severity,
            description: input.description,
            reportedOn,
            reviewStatus,
            reviews: needed.map((a) => ({ awardId: a.awardId, article: a.article })),
          },
          at: nowIso(ctx),
        });
        const incident = (await getIncident(tx.db, id))!;
        const first = needed[0];
        return {
          ...incidentJson(incident, subject.name, assessments),
          revocationReview: needed.length > 0,
          article: first?.article ?? null,
          message: first
            ? first.message
            : awards.length === 0
              ? {
                  zh: '该组织或个人没有获得市长质量奖，事件仅作记录。',
                  en: 'The organisation or individual holds no Mayor Quality Award; the incident is recorded only.',
                }
              : assessments[0]!.message,
        };
      }),
    ),

  /** Incidents (or only those with an open revocation review), newest first, with their assessment per award. */
  list: allow(...READERS)
    .input(z.object({ open: z.boolean().optional() }).optional())
    .query(async ({ ctx, input }) => {
      const [incidents, awards, orgs, people] = await Promise.all([
        listIncidents(ctx.db),
        listAwardDetails(ctx.db),
        ctx.db.selectFrom('organisations').select(['id', 'name_zh', 'name_en']).execute(),
        ctx.db.selectFrom('individuals').select(['id', 'name_zh', 'name_en']).execute(),
      ]);
      const orgById = new Map(orgs.map((o) => [o.id, o]));
      const personById = new Map(people.map((o) => [o.id, o]));
      return incidents
        .filter((i) => !input?.open || i.review_status === 'open')
        .reverse()
        .map((i) => {
          const o = i.organisation_id !== null ? orgById.get(i.organisation_id) : i.individual_id !== null ? personById.get(i.individual_id) : undefined;
          const own = awards.filter((a) => incidentConcerns(i, a));
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
