/**
 * Committee decisions (Art. 19–21): shortlist, proposed awardees, approval. At most AWARD_CAP
 * (5) proposed/approved per cycle, organisations and individuals together (Art. 3, `checkAwardCap`);
 * never an ineligible, rejected, withdrawn or removed application; no approval while an
 * objection is open (Art. 21, `resolveObjection`).
 */
import { currentDecisions, insertDecision, listApplicationsOfCycle, listDecisions, listObjections, writeAudit, type DecisionKind } from '@mqa/db';
import { checkAwardCap, resolveObjection } from '@mqa/rules';
import { z } from 'zod';
import { requireCycle } from '../domain/cycle.ts';
import { candidacyProblem } from '../domain/eligibility.ts';
import { apiError, rethrowDomain, type LocalizedText } from '../errors.ts';
import { allow } from '../trpc.ts';
import { yearInput } from './cycles.ts';
import { inTransaction, nowIso, todayOf } from './helpers.ts';
import { idInput, text } from './inputs.ts';
import { ANALYSTS, SECRETARIAT } from './roles.ts';

export const DECISION_NAMES: Record<DecisionKind, LocalizedText & { article: number }> = {
  shortlisted: { zh: '列入候选名单', en: 'Shortlisted', article: 19 },
  proposed: { zh: '拟授奖', en: 'Proposed awardee', article: 20 },
  not_proposed: { zh: '不予推荐', en: 'Not proposed', article: 20 },
  approved: { zh: '批准授奖', en: 'Approved', article: 21 },
};

/** Decisions that take one of the cycle's award places. */
const TAKES_A_PLACE = new Set<DecisionKind>(['proposed', 'approved']);

/** Art. 3 (and the cycle's own cap when lower): refused above the cap. */
export function assertCap(count: number, cycleCap: number) {
  let check;
  try {
    check = checkAwardCap(count);
  } catch (error) {
    rethrowDomain(error);
  }
  if (!check.ok)
    throw apiError(
      'PRECONDITION_FAILED',
      { zh: `${check.message.zh}，不能记录。`, en: `${check.message.en}; refused.` },
      { article: 3, count, cap: check.cap },
    );
  if (count > cycleCap) {
    throw apiError(
      'PRECONDITION_FAILED',
      {
        zh: `拟授奖 ${count} 个，超过本届设定的 ${cycleCap} 个名额（第3条），不能记录。`,
        en: `${count} proposed awards exceed this cycle's ${cycleCap} places (Art. 3); refused.`,
      },
      { article: 3, count, cap: cycleCap },
    );
  }
  return check;
}

export const decisionsRouter = {
  /** Records one decision for several applications of a cycle (audited per application). */
  record: allow(...SECRETARIAT)
    .input(
      yearInput.extend({
        applicationIds: z
          .array(idInput)
          .min(1, 'Choose at least one application (请至少选择一个申报)')
          .max(100)
          .refine((ids) => new Set(ids).size === ids.length, { message: 'Each application only once (申报不能重复)' }),
        decision: z.enum(['shortlisted', 'proposed', 'not_proposed', 'approved']),
        reason: text(2, 2000, 'Reason').optional(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const cycle = await requireCycle(tx, input.year);
        const apps = await listApplicationsOfCycle(tx.db, cycle.id);
        const appById = new Map(apps.map((a) => [a.id, a]));
        const foreign = input.applicationIds.filter((id) => !appById.has(id));
        if (foreign.length) {
          throw apiError(
            'BAD_REQUEST',
            {
              zh: `这些申报不属于 ${cycle.year} 年度周期：${foreign.join('、')}。`,
              en: `These applications do not belong to the ${cycle.year} cycle: ${foreign.join(', ')}.`,
            },
            { applicationIds: foreign },
          );
        }
        if (input.decision !== 'not_proposed') {
          for (const id of input.applicationIds) {
            const problem = candidacyProblem(appById.get(id)!);
            if (problem) {
              throw apiError(
                'PRECONDITION_FAILED',
                {
                  zh: `${problem.text.zh} 不能记录为“${DECISION_NAMES[input.decision].zh}”。`,
                  en: `${problem.text.en} It cannot be recorded as "${DECISION_NAMES[input.decision].en}".`,
                },
                { applicationId: id, articles: problem.articles },
              );
            }
          }
        }
        if (input.decision === 'approved') {
          const objections = await listObjections(tx.db, { cycleId: cycle.id });
          for (const o of objections.filter((x) => x.status === 'open' && input.applicationIds.includes(x.application_id))) {
            const r = resolveObjection({ candidateId: String(o.application_id), outcome: 'pending' });
            if (!r.removed && r.blocking) {
              const app = appById.get(o.application_id)!;
              throw apiError(
                'PRECONDITION_FAILED',
                { zh: `申报 ${app.code}：${r.message.zh}`, en: `Application ${app.code}: ${r.message.en}` },
                { applicationId: app.id, objectionId: o.id, article: 21 },
              );
            }
          }
        }
        const current = await currentDecisions(tx.db, cycle.id);
        const after = new Map([...current].map(([id, d]) => [id, d.decision]));
        for (const id of input.applicationIds) after.set(id, input.decision);
        // A removed (Art. 21) or withdrawn candidate no longer holds a place.
        const places = [...after.entries()].filter(([id, d]) => TAKES_A_PLACE.has(d) && appById.get(id)?.status === 'active').length;
        const capCheck = TAKES_A_PLACE.has(input.decision) ? assertCap(places, cycle.award_cap) : checkAwardCap(places);
        const decidedOn = todayOf(ctx);
        const at = nowIso(ctx);
        const recorded = [];
        for (const id of input.applicationIds) {
          const app = appById.get(id)!;
          const decisionId = await insertDecision(tx.db, {
            cycleId: cycle.id,
            applicationId: id,
            decision: input.decision,
            reason: input.reason ?? null,
            decidedOn,
            decidedBy: ctx.user!.id,
          });
          await writeAudit(tx.db, {
            userId: ctx.user!.id,
            action: 'decision.record',
            entity: 'committee_decision',
            entityId: decisionId,
            cycleId: cycle.id,
            before: { applicationId: id, decision: current.get(id)?.decision ?? null },
            after: { applicationId: id, decision: input.decision, reason: input.reason ?? null },
            at,
          });
          recorded.push({ id: decisionId, applicationId: id, code: app.code, decision: input.decision, previous: current.get(id)?.decision ?? null });
        }
        return {
          year: cycle.year,
          decision: input.decision,
          decisionName: DECISION_NAMES[input.decision],
          article: DECISION_NAMES[input.decision].article,
          decidedOn,
          recorded,
          /** Proposed + approved after this decision, against the cap (Art. 3). */
          places: { used: places, cap: Math.min(cycle.award_cap, capCheck.cap), message: capCheck.message },
        };
      }),
    ),

  /** Per application of the cycle with a decision: the current decision and its history. */
  list: allow(...ANALYSTS)
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      const [decisions, apps] = await Promise.all([listDecisions(ctx.db, cycle.id), listApplicationsOfCycle(ctx.db, cycle.id)]);
      const appById = new Map(apps.map((a) => [a.id, a]));
      const byApp = new Map<number, typeof decisions>();
      for (const d of decisions) byApp.set(d.application_id, [...(byApp.get(d.application_id) ?? []), d]);
      const json = (d: (typeof decisions)[number]) => ({
        id: d.id,
        decision: d.decision,
        decisionName: DECISION_NAMES[d.decision],
        article: DECISION_NAMES[d.decision].article,
        reason: d.reason,
        decidedOn: d.decided_on,
      });
      const applications = [...byApp.entries()].map(([id, list]) => {
        const app = appById.get(id)!;
        return {
          applicationId: id,
          code: app.code,
          name: { zh: app.applicantNameZh, en: app.applicantNameEn },
          status: app.status,
          current: json(list[list.length - 1]!),
          history: list.map(json),
        };
      });
      applications.sort((a, b) => a.code.localeCompare(b.code));
      const places = applications.filter((a) => TAKES_A_PLACE.has(a.current.decision) && a.status === 'active').length;
      return { year: cycle.year, cap: cycle.award_cap, places, applications };
    }),
};
