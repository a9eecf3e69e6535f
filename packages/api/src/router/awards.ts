/**
 * Awards (Art. 5, 22–23) and their revocation (Art. 27–28). `grant` creates the awards of a
 * cycle's approved list; `revoke` records the reason, article, date and prize recovery and closes
 * the incident review; the status (`awardStatus`) follows everywhere (awards.list,
 * analytics.followUp, analytics.cycleOverview) because all read the revocations table.
 */
import {
  CYCLE_PHASES,
  currentDecisions,
  getIncident,
  insertAward,
  insertRevocation,
  listAllApplications,
  listAwardDetails,
  listApplicationsOfCycle,
  listIncidents,
  listObjections,
  setCyclePhase,
  setIncidentReview,
  writeAudit,
} from '@mqa/db';
import { awardValidUntil, compareIsoDates, prizeFor, REVOCATION_REASONS, todayInChina } from '@mqa/rules';
import { z } from 'zod';
import { assessAgainstAwards, awardStatusJson, revocationJson } from '../domain/awards.ts';
import { requireCycle } from '../domain/cycle.ts';
import { candidacyProblem } from '../domain/eligibility.ts';
import { PHASE_NAMES } from '../domain/labels.ts';
import { apiError, notFound, rethrowDomain } from '../errors.ts';
import { allow } from '../trpc.ts';
import { yearInput } from './cycles.ts';
import { assertCap } from './decisions.ts';
import { inTransaction, nowIso, todayOf } from './helpers.ts';
import { idInput, isoDate, text } from './inputs.ts';
import { READERS, SECRETARIAT } from './roles.ts';

/** Phases in which a cycle's approved list may be granted: after the public notice (Art. 21–22). */
const GRANT_PHASES = new Set(['public_notice', 'awarded']);

export const awardsRouter = {
  /** Every award with its status on today's date (valid / expiring / expired / revoked) and the revocation. */
  list: allow(...READERS).query(async ({ ctx }) => {
    const asOf = todayInChina(ctx.services.now());
    const [awards, apps, incidents] = await Promise.all([listAwardDetails(ctx.db), listAllApplications(ctx.db), listIncidents(ctx.db)]);
    const appById = new Map(apps.map((a) => [a.id, a]));
    return awards.map((a) => {
      const app = appById.get(a.applicationId)!;
      const orgIncidents = a.organisationId === null ? [] : incidents.filter((i) => i.organisation_id === a.organisationId && i.occurred_on >= a.awardedOn);
      return {
        id: a.id,
        applicationId: a.applicationId,
        code: app.code,
        year: a.year,
        name: { zh: app.applicantNameZh, en: app.applicantNameEn },
        applicantType: a.applicantType,
        organisationId: a.organisationId,
        awardedOn: a.awardedOn,
        validUntil: a.validUntil,
        certificateNo: a.certificateNo,
        prizeRmb: a.prizeRmb,
        ...(() => {
          const s = awardStatusJson(a, asOf);
          return { status: s.status, statusArticle: s.article, statusMessage: s.message };
        })(),
        statusAsOf: asOf,
        revocation: a.revocation ? revocationJson(a.revocation) : null,
        /** Incidents under an open revocation review (Art. 28). */
        openReviews: orgIncidents.filter((i) => i.review_status === 'open').map((i) => i.id),
      };
    });
  }),

  /**
   * Creates the awards of the cycle's approved list (latest decision `approved`): valid 3 years
   * (Art. 5, `awardValidUntil`), RMB 500,000 per organisation (Art. 22, `prizeFor`), certificate
   * `MQA-YYYY-NN`. Refused outside the public notice / awarded phase, before the notice ends, when
   * awards exist, with an open objection, above the cap, or for a candidate that cannot be awarded.
   * Moves the cycle to `awarded`. Audited.
   */
  grant: allow(...SECRETARIAT)
    .input(yearInput.extend({ awardedOn: isoDate.optional() }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const cycle = await requireCycle(tx, input.year);
        if (!GRANT_PHASES.has(cycle.phase)) {
          const now = PHASE_NAMES[cycle.phase];
          throw apiError(
            'PRECONDITION_FAILED',
            {
              zh: `${cycle.year} 年度周期当前处于“${now.zh}”阶段；拟授奖名单须经公示（第21条）后方可授奖（第22条）。`,
              en: `The ${cycle.year} cycle is in its "${now.en}" phase; awards are granted (Art. 22) only after the public notice (Art. 21).`,
            },
            { phase: cycle.phase, articles: [21, 22] },
          );
        }
        const existing = await listAwardDetails(tx.db, { cycleId: cycle.id });
        if (existing.length) {
          throw apiError('CONFLICT', {
            zh: `${cycle.year} 年度已授奖 ${existing.length} 个，不能重复授奖。`,
            en: `The ${cycle.year} cycle already has ${existing.length} award(s); they cannot be granted twice.`,
          });
        }
        const awardedOn = input.awardedOn ?? todayOf(ctx);
        if (cycle.notice_ends && compareIsoDates(awardedOn, cycle.notice_ends) <= 0) {
          throw apiError(
            'PRECONDITION_FAILED',
            {
              zh: `公示期至 ${cycle.notice_ends} 结束（第21条），授奖日期 ${awardedOn} 须在公示期满之后。`,
              en: `The public notice runs until ${cycle.notice_ends} (Art. 21); the award date ${awardedOn} must come after it.`,
            },
            { article: 21, noticeEnds: cycle.notice_ends },
          );
        }
        const apps = await listApplicationsOfCycle(tx.db, cycle.id);
        const appById = new Map(apps.map((a) => [a.id, a]));
        const current = await currentDecisions(tx.db, cycle.id);
        const approved = [...current.values()]
          .filter((d) => d.decision === 'approved')
          .map((d) => appById.get(d.application_id)!)
          .sort((a, b) => a.code.localeCompare(b.code));
        if (approved.length === 0) {
          throw apiError('PRECONDITION_FAILED', {
            zh: `${cycle.year} 年度没有批准授奖的申报（请先记录“批准授奖”决定）。`,
            en: `The ${cycle.year} cycle has no approved candidates (record an "approved" decision first).`,
          });
        }
        for (const app of approved) {
          const problem = candidacyProblem(app);
          if (problem)
            throw apiError(
              'PRECONDITION_FAILED',
              { zh: `${problem.text.zh} 不能授奖。`, en: `${problem.text.en} It cannot be awarded.` },
              { applicationId: app.id, articles: problem.articles },
            );
        }
        const open = (await listObjections(tx.db, { cycleId: cycle.id })).filter((o) => o.status === 'open' && approved.some((a) => a.id === o.application_id));
        if (open.length) {
          const codes = open.map((o) => appById.get(o.application_id)!.code);
          throw apiError(
            'PRECONDITION_FAILED',
            {
              zh: `申报 ${codes.join('、')} 的异议尚在调查核实，核实前不得授奖（第21条）。`,
              en: `Objections against ${codes.join(', ')} are still under investigation; no award before they are decided (Art. 21).`,
            },
            { article: 21, objectionIds: open.map((o) => o.id) },
          );
        }
        assertCap(approved.length, cycle.award_cap);
        let validUntil: string;
        try {
          validUntil = awardValidUntil(awardedOn);
        } catch (error) {
          rethrowDomain(error);
        }
        const at = nowIso(ctx);
        const created = [];
        for (const [i, app] of approved.entries()) {
          const prizeRmb = prizeFor(app.applicant_type);
          const certificateNo = `MQA-${cycle.year}-${String(i + 1).padStart(2, '0')}`;
          const id = await insertAward(tx.db, { applicationId: app.id, cycleId: cycle.id, awardedOn, validUntil, prizeRmb, certificateNo });
          await writeAudit(tx.db, {
            userId: ctx.user!.id,
            action: 'award.grant',
            entity: 'award',
            entityId: id,
            cycleId: cycle.id,
            before: null,
            after: { applicationId: app.id, awardedOn, validUntil, prizeRmb, certificateNo },
            at,
          });
          created.push({
            id,
            applicationId: app.id,
            code: app.code,
            name: { zh: app.applicantNameZh, en: app.applicantNameEn },
            applicantType: app.applicant_type,
            awardedOn,
            validUntil,
            prizeRmb,
            certificateNo,
          });
        }
        if (cycle.phase !== 'awarded') {
          await setCyclePhase(tx.db, cycle.id, 'awarded');
          await writeAudit(tx.db, {
            userId: ctx.user!.id,
            action: 'cycle.advancePhase',
            entity: 'cycle',
            entityId: cycle.id,
            cycleId: cycle.id,
            before: { phase: cycle.phase },
            after: { phase: 'awarded', reason: 'awards granted' },
            at,
          });
        }
        return {
          year: cycle.year,
          articles: [5, 22],
          awardedOn,
          validUntil,
          awards: created,
          totalPrizeRmb: created.reduce((s, a) => s + a.prizeRmb, 0),
          vacancies: cycle.award_cap - created.length,
          phase: 'awarded' as const,
          phaseIndex: CYCLE_PHASES.indexOf('awarded'),
        };
      }),
    ),

  /**
   * Revokes an award (Art. 27 fraud; Art. 28 a major accident or serious violation within 3 years):
   * reason, article, date, detail and prize recovered are recorded; the incident review(s) of the
   * awardee that are open (or the one given) become `revoked`. Audited.
   */
  revoke: allow(...SECRETARIAT)
    .input(
      z.object({
        awardId: idInput,
        reason: z.enum(['fraud', 'major_accident', 'serious_violation']),
        detail: text(2, 5000, 'Detail'),
        revokedOn: isoDate,
        prizeRecoveredRmb: z.number().int().min(0),
        incidentId: idInput.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const [award] = await listAwardDetails(tx.db, { awardId: input.awardId });
        if (!award) throw notFound({ zh: `编号为 ${input.awardId} 的奖励`, en: `Award ${input.awardId}` });
        if (award.revocation) {
          throw apiError('CONFLICT', {
            zh: `奖励 ${award.certificateNo} 已于 ${award.revocation.revokedOn} 撤销。`,
            en: `Award ${award.certificateNo} was already revoked on ${award.revocation.revokedOn}.`,
          });
        }
        if (compareIsoDates(input.revokedOn, award.awardedOn) < 0) {
          throw apiError('BAD_REQUEST', {
            zh: `撤销日期 ${input.revokedOn} 早于授奖日期 ${award.awardedOn}。`,
            en: `The revocation date ${input.revokedOn} is before the award date ${award.awardedOn}.`,
          });
        }
        if (input.prizeRecoveredRmb > award.prizeRmb) {
          throw apiError('BAD_REQUEST', {
            zh: `追缴奖金 ${input.prizeRecoveredRmb} 元超过已发奖金 ${award.prizeRmb} 元。`,
            en: `The prize recovered (RMB ${input.prizeRecoveredRmb}) exceeds the prize paid (RMB ${award.prizeRmb}).`,
          });
        }
        const info = REVOCATION_REASONS[input.reason];
        // The incident review(s) this revocation closes.
        const orgIncidents = award.organisationId === null ? [] : (await listIncidents(tx.db)).filter((i) => i.organisation_id === award.organisationId);
        let closing = orgIncidents.filter((i) => i.review_status === 'open');
        if (input.incidentId !== undefined) {
          const incident = await getIncident(tx.db, input.incidentId);
          if (!incident || incident.organisation_id !== award.organisationId) {
            throw apiError('BAD_REQUEST', {
              zh: `事件 ${input.incidentId} 不属于获奖单位。`,
              en: `Incident ${input.incidentId} does not concern the awardee.`,
            });
          }
          if (info.article === 28) {
            const [assessment] = assessAgainstAwards(incident, [award]);
            if (!assessment!.needed) {
              throw apiError('PRECONDITION_FAILED', assessment!.message, { article: 28 });
            }
          }
          closing = [incident];
        }
        const at = nowIso(ctx);
        const id = await insertRevocation(tx.db, {
          awardId: award.id,
          reason: input.reason,
          article: info.article,
          detail: input.detail,
          revokedOn: input.revokedOn,
          prizeRecoveredRmb: input.prizeRecoveredRmb,
          decidedBy: ctx.user!.id,
          incidentId: input.incidentId ?? closing[0]?.id ?? null,
        });
        for (const i of closing) await setIncidentReview(tx.db, i.id, 'revoked');
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'award.revoke',
          entity: 'award',
          entityId: award.id,
          cycleId: award.cycleId,
          before: { status: awardStatusJson(award, input.revokedOn).status },
          after: {
            revocationId: id,
            reason: input.reason,
            article: info.article,
            revokedOn: input.revokedOn,
            prizeRecoveredRmb: input.prizeRecoveredRmb,
            closedIncidents: closing.map((i) => i.id),
          },
          at,
        });
        const revoked = {
          ...award,
          revocation: {
            id,
            reason: input.reason,
            article: info.article,
            detail: input.detail,
            revokedOn: input.revokedOn,
            prizeRecoveredRmb: input.prizeRecoveredRmb,
            incidentId: input.incidentId ?? closing[0]?.id ?? null,
          },
        };
        const status = awardStatusJson(revoked, todayOf(ctx) < input.revokedOn ? input.revokedOn : todayOf(ctx));
        return {
          awardId: award.id,
          certificateNo: award.certificateNo,
          article: info.article,
          revocation: revocationJson(revoked.revocation),
          status: status.status,
          statusMessage: status.message,
          closedIncidents: closing.map((i) => i.id),
        };
      }),
    ),
};
