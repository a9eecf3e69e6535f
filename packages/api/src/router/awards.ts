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
  listPublications,
  setAwardPrizePaid,
  setCycleIndividualPrize,
  setCyclePhase,
  setIncidentReview,
  setRevocationPublication,
  setRevocationRecovery,
  writeAudit,
  type AwardDetail,
  type Cycle,
  type DB,
} from '@mqa/db';
import { awardValidUntil, compareIsoDates, prizeFor, REVOCATION_REASONS, todayInChina } from '@mqa/rules';
import { z } from 'zod';
import { assessAgainstAwards, awardStatusJson, revocationJson, revocationNoticePending } from '../domain/awards.ts';
import { incidentConcerns } from '../domain/followup.ts';
import { publishRevocationNotice } from '../domain/publications.ts';
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
    const [awards, apps, incidents, notices] = await Promise.all([
      listAwardDetails(ctx.db),
      listAllApplications(ctx.db),
      listIncidents(ctx.db),
      listPublications(ctx.db, { kind: 'revocation' }),
    ]);
    const noticeOf = new Map(notices.flatMap((p) => (p.award_id === null ? [] : [[p.award_id, p.id] as const])));
    const appById = new Map(apps.map((a) => [a.id, a]));
    return awards.map((a) => {
      const app = appById.get(a.applicationId)!;
      const orgIncidents = incidents.filter((i) => incidentConcerns(i, a) && i.occurred_on >= a.awardedOn);
      return {
        id: a.id,
        applicationId: a.applicationId,
        code: app.code,
        year: a.year,
        name: { zh: app.applicantNameZh, en: app.applicantNameEn },
        applicantType: a.applicantType,
        organisationId: a.organisationId,
        individualId: a.individualId,
        awardedOn: a.awardedOn,
        /** The city government's approval date (Art. 22). */
        approvedOn: a.approvedOn,
        validUntil: a.validUntil,
        certificateNo: a.certificateNo,
        plaqueNo: a.plaqueNo,
        prizeRmb: a.prizeRmb,
        prizePaidOn: a.prizePaidOn,
        ...(() => {
          const s = awardStatusJson(a, asOf);
          return { status: s.status, statusArticle: s.article, statusMessage: s.message };
        })(),
        statusAsOf: asOf,
        revocation: a.revocation
          ? (() => {
              const r = { ...a.revocation, publicationId: a.revocation.publicationId ?? noticeOf.get(a.id) ?? null };
              return { ...revocationJson(r), noticePending: revocationNoticePending(r) };
            })()
          : null,
        /** Incidents under an open revocation review (Art. 28). */
        openReviews: orgIncidents.filter((i) => i.review_status === 'open').map((i) => i.id),
      };
    });
  }),

  /**
   * What granting the cycle's awards needs (Art. 21–22): the approved list with each prize (RMB
   * 500,000 per organisation; the cycle's prize for individuals), the earliest possible approval
   * date (the day after the public notice ends) and suggested certificate and plaque numbers.
   */
  grantPlan: allow(...READERS)
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      const approved = await approvedList(ctx.db, cycle);
      const granted = await listAwardDetails(ctx.db, { cycleId: cycle.id });
      return {
        year: cycle.year,
        articles: [21, 22],
        phase: cycle.phase,
        grantable: GRANT_PHASES.has(cycle.phase) && granted.length === 0,
        granted: granted.length,
        noticeEnds: cycle.notice_ends,
        earliestApproval: earliestApproval(cycle),
        individualPrizeRmb: cycle.individual_prize_rmb,
        candidates: approved.map((app, i) => ({
          applicationId: app.id,
          code: app.code,
          name: { zh: app.applicantNameZh, en: app.applicantNameEn },
          applicantType: app.applicant_type,
          prizeRmb: prizeFor(app.applicant_type, cycle.individual_prize_rmb),
          suggestedCertificateNo: `MQA-${cycle.year}-${String(i + 1).padStart(2, '0')}`,
          suggestedPlaqueNo: `MQA-${cycle.year}-P${String(i + 1).padStart(2, '0')}`,
        })),
      };
    }),

  /**
   * The cycle's prize per awarded individual (Art. 22 names a prize for organisations only: 0
   * unless the cycle decides otherwise). Refused once the cycle's awards are granted. Audited.
   */
  setIndividualPrize: allow(...SECRETARIAT)
    .input(yearInput.extend({ amountRmb: z.number().int().min(0).max(10_000_000) }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const cycle = await requireCycle(tx, input.year);
        const granted = await listAwardDetails(tx.db, { cycleId: cycle.id });
        if (granted.length) {
          throw apiError('CONFLICT', {
            zh: `${cycle.year} 年度已授奖，个人奖金不能再更改（第22条）。`,
            en: `The ${cycle.year} awards are granted; the prize for individuals can no longer change (Art. 22).`,
          });
        }
        await setCycleIndividualPrize(tx.db, cycle.id, input.amountRmb);
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'cycle.setIndividualPrize',
          entity: 'cycle',
          entityId: cycle.id,
          cycleId: cycle.id,
          before: { individualPrizeRmb: cycle.individual_prize_rmb },
          after: { individualPrizeRmb: input.amountRmb },
          at: nowIso(ctx),
        });
        return { year: cycle.year, article: 22 as const, individualPrizeRmb: input.amountRmb, previous: cycle.individual_prize_rmb };
      }),
    ),

  /**
   * Grants the cycle's approved list (latest decision `approved`) as the city government approved
   * it (Art. 21–22): the approval date (entered, never the day of the click; after the public
   * notice ends and not before the cycle; not in the future), each awardee's certificate and
   * plaque numbers and, when already paid, the prize's payment date. Valid 3 years from the
   * approval (Art. 5, `awardValidUntil`); RMB 500,000 per organisation, the cycle's prize per
   * individual (Art. 22, `prizeFor`). Refused outside the public notice / awarded phase, when
   * awards exist, with an open objection, above the cap, for a candidate that cannot be awarded,
   * or when the numbers do not cover the approved list exactly. Moves the cycle to `awarded`.
   * Audited.
   */
  grant: allow(...SECRETARIAT)
    .input(
      yearInput.extend({
        /** The city government's approval date: the award date. */
        approvedOn: isoDate,
        awards: z
          .array(
            z.object({
              applicationId: idInput,
              certificateNo: text(1, 64, 'Certificate number'),
              plaqueNo: text(1, 64, 'Plaque number'),
              prizePaidOn: isoDate.optional(),
            }),
          )
          .min(1)
          .max(10),
      }),
    )
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
        const today = todayOf(ctx);
        const approvedOn = input.approvedOn;
        assertApprovalDate(cycle, approvedOn, today);
        const approved = await approvedList(tx.db, cycle);
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
          const codes = open.map((o) => approved.find((a) => a.id === o.application_id)!.code);
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
        const numbers = await checkNumbers(tx.db, approved, input.awards);
        let validUntil: string;
        try {
          validUntil = awardValidUntil(approvedOn);
        } catch (error) {
          rethrowDomain(error);
        }
        const at = nowIso(ctx);
        const created = [];
        for (const app of approved) {
          const n = numbers.get(app.id)!;
          const prizeRmb = prizeFor(app.applicant_type, cycle.individual_prize_rmb);
          const prizePaidOn = n.prizePaidOn ?? null;
          if (prizePaidOn !== null) assertPaymentDate({ code: app.code, prizeRmb, approvedOn }, prizePaidOn, today);
          const row = { approvedOn, awardedOn: approvedOn, validUntil, prizeRmb, certificateNo: n.certificateNo, plaqueNo: n.plaqueNo, prizePaidOn };
          const id = await insertAward(tx.db, { applicationId: app.id, cycleId: cycle.id, ...row });
          await writeAudit(tx.db, {
            userId: ctx.user!.id,
            action: 'award.grant',
            entity: 'award',
            entityId: id,
            cycleId: cycle.id,
            before: null,
            after: { applicationId: app.id, ...row },
            at,
          });
          created.push({
            id,
            applicationId: app.id,
            code: app.code,
            name: { zh: app.applicantNameZh, en: app.applicantNameEn },
            applicantType: app.applicant_type,
            ...row,
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
            after: { phase: 'awarded', reason: 'awards granted', approvedOn },
            at,
          });
        }
        return {
          year: cycle.year,
          articles: [5, 22],
          approvedOn,
          awardedOn: approvedOn,
          validUntil,
          awards: created,
          totalPrizeRmb: created.reduce((s, a) => s + a.prizeRmb, 0),
          vacancies: cycle.award_cap - created.length,
          phase: 'awarded' as const,
          phaseIndex: CYCLE_PHASES.indexOf('awarded'),
        };
      }),
    ),

  /** Records (or corrects) the day an award's prize was paid (Art. 22–23): not before the approval, not in the future. Audited. */
  recordPayment: allow(...SECRETARIAT)
    .input(z.object({ awardId: idInput, paidOn: isoDate }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const award = await requireAward(tx.db, input.awardId);
        assertPaymentDate({ code: award.certificateNo, prizeRmb: award.prizeRmb, approvedOn: award.approvedOn ?? award.awardedOn }, input.paidOn, todayOf(ctx));
        await setAwardPrizePaid(tx.db, award.id, input.paidOn);
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'award.recordPayment',
          entity: 'award',
          entityId: award.id,
          cycleId: award.cycleId,
          before: { prizePaidOn: award.prizePaidOn },
          after: { prizePaidOn: input.paidOn, prizeRmb: award.prizeRmb },
          at: nowIso(ctx),
        });
        return {
          awardId: award.id,
          certificateNo: award.certificateNo,
          article: 22 as const,
          prizeRmb: award.prizeRmb,
          prizePaidOn: input.paidOn,
          previous: award.prizePaidOn,
        };
      }),
    ),

  /**
   * Revokes an award (Art. 27 fraud; Art. 28 a 较大 or worse accident or serious violation within
   * 3 years): the decision (its document number, date and article), the detail, the prize to
   * recover and — when already recovered — the amount and date. The incident review(s) of the
   * awardee that are open (or the one given) become `revoked`; the status changes everywhere. A
   * second revocation → `CONFLICT`. The public notice is published afterwards
   * (`publications.publish({ kind: 'revocation' })`). Audited.
   */
  revoke: allow(...SECRETARIAT)
    .input(
      z.object({
        awardId: idInput,
        reason: z.enum(['fraud', 'major_accident', 'serious_violation']),
        detail: text(2, 5000, 'Detail'),
        /** The decision's date. */
        revokedOn: isoDate,
        /** The decision's document number. */
        decisionNo: text(1, 128, 'Decision number').optional(),
        /** The prize to recover (default: what is recovered now). */
        prizeToRecoverRmb: z.number().int().min(0).optional(),
        /** What was recovered already, and when (a date is required with an amount). */
        prizeRecoveredRmb: z.number().int().min(0).default(0),
        prizeRecoveredOn: isoDate.optional(),
        incidentId: idInput.optional(),
        /** Publish the public notice at once (Art. 27–28: 向社会公告): its date and the contact line. */
        notice: z.object({ startsOn: isoDate, contact: text(4, 500, 'Contact') }).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const award = await requireAward(tx.db, input.awardId);
        if (award.revocation) {
          throw apiError(
            'CONFLICT',
            {
              zh: `奖励 ${award.certificateNo} 已于 ${award.revocation.revokedOn} 撤销，不能再次撤销。`,
              en: `Award ${award.certificateNo} was already revoked on ${award.revocation.revokedOn}; it cannot be revoked again.`,
            },
            { revokedOn: award.revocation.revokedOn },
          );
        }
        const today = todayOf(ctx);
        if (compareIsoDates(input.revokedOn, award.awardedOn) < 0) {
          throw apiError('BAD_REQUEST', {
            zh: `撤销日期 ${input.revokedOn} 早于授奖日期 ${award.awardedOn}。`,
            en: `The revocation date ${input.revokedOn} is before the award date ${award.awardedOn}.`,
          });
        }
        if (compareIsoDates(input.revokedOn, today) > 0) {
          throw apiError('BAD_REQUEST', {
            zh: `撤销决定日期 ${input.revokedOn} 晚于今天（${today}）。`,
            en: `The revocation decision date ${input.revokedOn} is after today (${today}).`,
          });
        }
        const toRecover = input.prizeToRecoverRmb ?? input.prizeRecoveredRmb;
        if (toRecover > award.prizeRmb) {
          throw apiError('BAD_REQUEST', {
            zh: `应追缴奖金 ${toRecover} 元超过已发奖金 ${award.prizeRmb} 元。`,
            en: `The prize to recover (RMB ${toRecover}) exceeds the prize paid (RMB ${award.prizeRmb}).`,
          });
        }
        if (input.prizeRecoveredRmb > toRecover) {
          throw apiError('BAD_REQUEST', {
            zh: `追缴奖金 ${input.prizeRecoveredRmb} 元超过应追缴的 ${toRecover} 元。`,
            en: `The prize recovered (RMB ${input.prizeRecoveredRmb}) exceeds the amount to recover (RMB ${toRecover}).`,
          });
        }
        const recoveredOn = input.prizeRecoveredRmb > 0 ? (input.prizeRecoveredOn ?? null) : null;
        if (input.prizeRecoveredRmb > 0) assertRecoveryDate(input.revokedOn, recoveredOn, today);
        const info = REVOCATION_REASONS[input.reason];
        // The incident review(s) this revocation closes.
        const own = (await listIncidents(tx.db)).filter((i) => incidentConcerns(i, award));
        let closing = own.filter((i) => i.review_status === 'open');
        if (input.incidentId !== undefined) {
          const incident = await getIncident(tx.db, input.incidentId);
          if (!incident || !incidentConcerns(incident, award)) {
            throw apiError('BAD_REQUEST', {
              zh: `事件 ${input.incidentId} 不属于该获奖者。`,
              en: `Incident ${input.incidentId} does not concern the awardee.`,
            });
          }
          if (info.article === 28) {
            const [assessment] = assessAgainstAwards(incident, [award]);
            if (!assessment!.needed) {
              throw apiError('PRECONDITION_FAILED', assessment!.message, { article: 28 });
            }
          }
          if (compareIsoDates(input.revokedOn, incident.occurred_on) < 0) {
            throw apiError('BAD_REQUEST', {
              zh: `撤销日期 ${input.revokedOn} 早于事件发生日期 ${incident.occurred_on}。`,
              en: `The revocation date ${input.revokedOn} is before the incident of ${incident.occurred_on}.`,
            });
          }
          closing = [incident];
        }
        const at = nowIso(ctx);
        const incidentId = input.incidentId ?? closing[0]?.id ?? null;
        const decisionNo = input.decisionNo ?? null;
        const id = await insertRevocation(tx.db, {
          awardId: award.id,
          reason: input.reason,
          article: info.article,
          detail: input.detail,
          revokedOn: input.revokedOn,
          prizeRecoveredRmb: input.prizeRecoveredRmb,
          prizeToRecoverRmb: toRecover,
          prizeRecoveredOn: recoveredOn,
          decisionNo,
          decidedBy: ctx.user!.id,
          incidentId,
        });
        for (const i of closing) await setIncidentReview(tx.db, i.id, 'revoked');
        let publication: { id: number; sha256: string; fileName: string } | null = null;
        if (input.notice) {
          if (compareIsoDates(input.notice.startsOn, input.revokedOn) < 0) {
            throw apiError('BAD_REQUEST', {
              zh: `公告日期 ${input.notice.startsOn} 早于撤销决定日期 ${input.revokedOn}。`,
              en: `The notice date ${input.notice.startsOn} is before the revocation decision of ${input.revokedOn}.`,
            });
          }
          const p = await publishRevocationNotice(tx.db, {
            awardId: award.id,
            article: info.article,
            detail: input.detail,
            decisionNo,
            prizeToRecoverRmb: toRecover,
            startsOn: input.notice.startsOn,
            contact: input.notice.contact,
            userId: ctx.user!.id,
            at: nowIso(ctx),
          });
          await setRevocationPublication(tx.db, id, p.id);
          publication = { id: p.id, sha256: p.sha256, fileName: p.fileName };
        }
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
            decisionNo,
            revokedOn: input.revokedOn,
            prizeToRecoverRmb: toRecover,
            prizeRecoveredRmb: input.prizeRecoveredRmb,
            prizeRecoveredOn: recoveredOn,
            closedIncidents: closing.map((i) => i.id),
            publicationId: publication?.id ?? null,
          },
          at,
        });
        const revocation = {
          id,
          reason: input.reason,
          article: info.article,
          detail: input.detail,
          revokedOn: input.revokedOn,
          prizeRecoveredRmb: input.prizeRecoveredRmb,
          incidentId,
          decisionNo,
          prizeToRecoverRmb: toRecover,
          prizeRecoveredOn: recoveredOn,
          publicationId: publication?.id ?? null,
        };
        const status = awardStatusJson({ ...award, revocation }, today < input.revokedOn ? input.revokedOn : today);
        return {
          awardId: award.id,
          certificateNo: award.certificateNo,
          article: info.article,
          revocation: { ...revocationJson(revocation), noticePending: publication === null },
          publication,
          status: status.status,
          statusMessage: status.message,
          closedIncidents: closing.map((i) => i.id),
        };
      }),
    ),

  /** Records the recovery of a revoked award's prize (amount so far and the date): not before the decision, not in the future. Audited. */
  recordRecovery: allow(...SECRETARIAT)
    .input(z.object({ awardId: idInput, amountRmb: z.number().int().min(0), recoveredOn: isoDate }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const award = await requireAward(tx.db, input.awardId);
        const r = award.revocation;
        if (!r) {
          throw apiError('PRECONDITION_FAILED', {
            zh: `奖励 ${award.certificateNo} 未被撤销，没有需要追缴的奖金。`,
            en: `Award ${award.certificateNo} is not revoked; there is no prize to recover.`,
          });
        }
        if (input.amountRmb > r.prizeToRecoverRmb) {
          throw apiError('BAD_REQUEST', {
            zh: `追缴奖金 ${input.amountRmb} 元超过应追缴的 ${r.prizeToRecoverRmb} 元。`,
            en: `The prize recovered (RMB ${input.amountRmb}) exceeds the amount to recover (RMB ${r.prizeToRecoverRmb}).`,
          });
        }
        assertRecoveryDate(r.revokedOn, input.recoveredOn, todayOf(ctx));
        await setRevocationRecovery(tx.db, r.id, { prizeRecoveredRmb: input.amountRmb, prizeRecoveredOn: input.recoveredOn });
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'award.recordRecovery',
          entity: 'award',
          entityId: award.id,
          cycleId: award.cycleId,
          before: { prizeRecoveredRmb: r.prizeRecoveredRmb, prizeRecoveredOn: r.prizeRecoveredOn },
          after: { prizeRecoveredRmb: input.amountRmb, prizeRecoveredOn: input.recoveredOn },
          at: nowIso(ctx),
        });
        const revocation = { ...r, prizeRecoveredRmb: input.amountRmb, prizeRecoveredOn: input.recoveredOn };
        return { awardId: award.id, certificateNo: award.certificateNo, article: r.article, revocation: revocationJson(revocation) };
      }),
    ),
};

async function requireAward(db: DB, awardId: number): Promise<AwardDetail> {
  const [award] = await listAwardDetails(db, { awardId });
  if (!award) throw notFound({ zh: `编号为 ${awardId} 的奖励`, en: `Award ${awardId}` });
  return award;
}

/** The cycle's approved list (latest decision `approved`), by code. */
async function approvedList(db: DB, cycle: Cycle) {
  const apps = await listApplicationsOfCycle(db, cycle.id);
  const appById = new Map(apps.map((a) => [a.id, a]));
  const current = await currentDecisions(db, cycle.id);
  return [...current.values()]
    .filter((d) => d.decision === 'approved')
    .map((d) => appById.get(d.application_id)!)
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** The first day the government's approval can bear: the day after the public notice ends (Art. 21), else the cycle's first day. */
function earliestApproval(cycle: Cycle): string {
  const start = `${cycle.year}-01-01`;
  if (!cycle.notice_ends) return start;
  const d = new Date(`${cycle.notice_ends}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Refuses an approval date before the period it belongs to (on or before the notice's end, before the cycle) or in the future. */
function assertApprovalDate(cycle: Cycle, approvedOn: string, today: string): void {
  if (cycle.notice_ends && compareIsoDates(approvedOn, cycle.notice_ends) <= 0) {
    throw apiError(
      'PRECONDITION_FAILED',
      {
        zh: `公示期至 ${cycle.notice_ends} 结束（第21条），市政府批准日期 ${approvedOn} 须在公示期满之后。`,
        en: `The public notice runs until ${cycle.notice_ends} (Art. 21); the government's approval date ${approvedOn} must come after it.`,
      },
      { article: 21, noticeEnds: cycle.notice_ends },
    );
  }
  const start = `${cycle.year}-01-01`;
  if (compareIsoDates(approvedOn, start) < 0) {
    throw apiError(
      'BAD_REQUEST',
      {
        zh: `批准日期 ${approvedOn} 早于 ${cycle.year} 年度评审周期。`,
        en: `The approval date ${approvedOn} is before the ${cycle.year} cycle.`,
      },
      { article: 22, cycleStarts: start },
    );
  }
  if (compareIsoDates(approvedOn, today) > 0) {
    throw apiError('BAD_REQUEST', {
      zh: `批准日期 ${approvedOn} 晚于今天（${today}）；请录入市政府实际批准的日期。`,
      en: `The approval date ${approvedOn} is after today (${today}); enter the date the city government approved.`,
    });
  }
}

function assertPaymentDate(award: { code: string; prizeRmb: number; approvedOn: string }, paidOn: string, today: string): void {
  if (award.prizeRmb <= 0) {
    throw apiError('BAD_REQUEST', {
      zh: `${award.code} 没有奖金（第22条只对获奖组织奖励50万元），不能记录发放日期。`,
      en: `${award.code} carries no prize (Art. 22 awards RMB 500,000 to organisations), so no payment date can be recorded.`,
    });
  }
  if (compareIsoDates(paidOn, award.approvedOn) < 0) {
    throw apiError('BAD_REQUEST', {
      zh: `奖金发放日期 ${paidOn} 早于批准日期 ${award.approvedOn}。`,
      en: `The payment date ${paidOn} is before the approval date ${award.approvedOn}.`,
    });
  }
  if (compareIsoDates(paidOn, today) > 0) {
    throw apiError('BAD_REQUEST', { zh: `奖金发放日期 ${paidOn} 晚于今天（${today}）。`, en: `The payment date ${paidOn} is after today (${today}).` });
  }
}

function assertRecoveryDate(revokedOn: string, recoveredOn: string | null, today: string): void {
  if (recoveredOn === null) {
    throw apiError('BAD_REQUEST', { zh: '已追缴奖金时须填写追缴日期。', en: 'A recovered amount needs the date it was recovered.' });
  }
  if (compareIsoDates(recoveredOn, revokedOn) < 0) {
    throw apiError('BAD_REQUEST', {
      zh: `追缴日期 ${recoveredOn} 早于撤销决定日期 ${revokedOn}。`,
      en: `The recovery date ${recoveredOn} is before the revocation decision of ${revokedOn}.`,
    });
  }
  if (compareIsoDates(recoveredOn, today) > 0) {
    throw apiError('BAD_REQUEST', { zh: `追缴日期 ${recoveredOn} 晚于今天（${today}）。`, en: `The recovery date ${recoveredOn} is after today (${today}).` });
  }
}

/** The certificate and plaque numbers must cover the approved list exactly, each number once and not yet used by another award. */
async function checkNumbers(
  db: DB,
  approved: readonly { id: number; code: string }[],
  given: readonly { applicationId: number; certificateNo: string; plaqueNo: string; prizePaidOn?: string | undefined }[],
) {
  const byApp = new Map(given.map((g) => [g.applicationId, g]));
  const missing = approved.filter((a) => !byApp.has(a.id)).map((a) => a.code);
  const extra = given.filter((g) => !approved.some((a) => a.id === g.applicationId)).map((g) => g.applicationId);
  if (missing.length || extra.length || byApp.size !== given.length) {
    throw apiError(
      'BAD_REQUEST',
      {
        zh: `证书和奖牌编号须与批准名单一一对应${missing.length ? `；缺少 ${missing.join('、')}` : ''}${extra.length ? `；不在批准名单中：${extra.join('、')}` : ''}。`,
        en: `Certificate and plaque numbers must match the approved list one to one${missing.length ? `; missing: ${missing.join(', ')}` : ''}${extra.length ? `; not approved: ${extra.join(', ')}` : ''}.`,
      },
      { missing, extra },
    );
  }
  const all = await db.selectFrom('awards').select(['certificate_no', 'plaque_no']).execute();
  const usedCert = new Set(all.map((a) => a.certificate_no));
  const usedPlaque = new Set(all.flatMap((a) => (a.plaque_no ? [a.plaque_no] : [])));
  const seen = new Set<string>();
  for (const g of given) {
    for (const [kind, no, used] of [
      ['cert', g.certificateNo, usedCert],
      ['plaque', g.plaqueNo, usedPlaque],
    ] as const) {
      const key = `${kind}:${no}`;
      if (used.has(no) || seen.has(key)) {
        throw apiError(
          'CONFLICT',
          {
            zh: `${kind === 'cert' ? '证书' : '奖牌'}编号 ${no} 已被使用。`,
            en: `The ${kind === 'cert' ? 'certificate' : 'plaque'} number ${no} is already in use.`,
          },
          { number: no },
        );
      }
      seen.add(key);
    }
  }
  return byApp;
}
