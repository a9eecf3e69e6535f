/**
 * Committee decisions (Art. 19–21): shortlist, proposed awardees, approval. At most AWARD_CAP
 * (5) proposed/approved per cycle, organisations and individuals together (Art. 3, `checkAwardCap`);
 * never an ineligible, rejected, withdrawn or removed application; no approval while an
 * objection is open (Art. 21, `resolveObjection`).
 */
import {
  currentDecisions,
  listApplicationSummaries,
  listApplicationsOfCycle,
  listComments,
  listDecisions,
  listObjections,
  listPublications,
  writeAudit,
  type DecisionKind,
} from '@mqa/db';
import { checkAwardCap, checkShortlist, resolveObjection } from '@mqa/rules';
import { z } from 'zod';
import { computeCycleResults, requireCycle } from '../domain/cycle.ts';
import { recordDecision } from '../domain/decisions.ts';
import { COMMENT_OUTCOMES } from './comments.ts';
import { candidacyProblem } from '../domain/eligibility.ts';
import { apiError, rethrowDomain, type LocalizedText } from '../errors.ts';
import { allow } from '../trpc.ts';
import { yearInput } from './cycles.ts';
import { inTransaction, nowIso, todayOf } from './helpers.ts';
import { splitBilingual } from '../domain/text.ts';
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
        /** Shortlist (Art. 19): the reason for each departure from the ranking, by application. */
        departures: z
          .array(z.object({ applicationId: idInput, reason: text(2, 2000, 'Reason') }))
          .max(200)
          .optional(),
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
        const departureReasons = new Map((input.departures ?? []).map((d) => [d.applicationId, d.reason]));
        let shortlistCheck: ReturnType<typeof checkShortlist> | null = null;
        if (input.decision === 'shortlisted') {
          // Art. 19: the shortlist follows the ranking, or says why it departs from it.
          const scored = await computeCycleResults(tx.db, cycle);
          const ranking = scored.selection.decisions.map((d) => ({ id: Number(d.id), rank: d.rank }));
          const shortlist = [
            ...new Set([
              ...[...current.values()]
                .filter((d) => d.decision === 'shortlisted' && appById.get(d.application_id)?.status === 'active')
                .map((d) => d.application_id),
              ...input.applicationIds,
            ]),
          ];
          try {
            shortlistCheck = checkShortlist(ranking, shortlist, Object.fromEntries(departureReasons));
          } catch (error) {
            rethrowDomain(error);
          }
          if (!shortlistCheck.ok) {
            const codes = (ids: number[]) => ids.map((id) => appById.get(id)?.code ?? String(id));
            throw apiError(
              'PRECONDITION_FAILED',
              {
                zh: `${shortlistCheck.message.zh}：${codes(shortlistCheck.missingReasons.length ? shortlistCheck.missingReasons : shortlistCheck.notRanked).join('、')}。`,
                en: `${shortlistCheck.message.en}: ${codes(shortlistCheck.missingReasons.length ? shortlistCheck.missingReasons : shortlistCheck.notRanked).join(', ')}.`,
              },
              {
                article: 19,
                missingReasons: shortlistCheck.missingReasons,
                notRanked: shortlistCheck.notRanked,
                departures: shortlistCheck.departures.map((d) => ({ applicationId: d.id, rank: d.rank, kind: d.kind, against: d.against, message: d.message })),
              },
            );
          }
        }
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
          const reason = departureReasons.get(id) ?? input.reason ?? null;
          const decisionId = await recordDecision(tx.db, {
            cycleId: cycle.id,
            applicationId: id,
            decision: input.decision,
            reason,
            decidedOn,
            userId: ctx.user!.id,
            previous: current.get(id)?.decision ?? null,
            at,
            details: { departure: shortlistCheck?.departures.find((d) => d.id === id)?.kind ?? null },
          });
          recorded.push({ id: decisionId, applicationId: id, code: app.code, decision: input.decision, previous: current.get(id)?.decision ?? null });
        }
        for (const d of shortlistCheck?.departures.filter((x) => x.kind === 'skipped_higher') ?? []) {
          await writeAudit(tx.db, {
            userId: ctx.user!.id,
            action: 'decision.shortlistDeparture',
            entity: 'application',
            entityId: d.id,
            cycleId: cycle.id,
            before: { applicationId: d.id, decision: current.get(d.id)?.decision ?? null },
            after: { applicationId: d.id, rank: d.rank, kind: d.kind, reason: d.reason, article: 19 },
            at,
          });
        }
        return {
          year: cycle.year,
          decision: input.decision,
          decisionName: DECISION_NAMES[input.decision],
          article: DECISION_NAMES[input.decision].article,
          decidedOn,
          recorded,
          /** Shortlist (Art. 19): each departure from the ranking with its reason. */
          departures: (shortlistCheck?.departures ?? []).map((d) => ({
            applicationId: d.id,
            code: appById.get(d.id)?.code ?? String(d.id),
            rank: d.rank,
            kind: d.kind,
            reason: d.reason,
            message: d.message,
          })),
          /** Proposed + approved after this decision, against the cap (Art. 3). */
          places: { used: places, cap: Math.min(cycle.award_cap, capCheck.cap), message: capCheck.message },
        };
      }),
    ),

  /**
   * The Art. 19 ranking: every candidate by the cycle's one rank, with the public comments that
   * bear on it (and their outcome), whether it is on the published results list, its current
   * decision; plus the comments on the cycle as a whole.
   */
  ranking: allow(...ANALYSTS)
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      const [scored, comments, current, results] = await Promise.all([
        computeCycleResults(ctx.db, cycle),
        listComments(ctx.db, cycle.id),
        currentDecisions(ctx.db, cycle.id),
        listPublications(ctx.db, { cycleId: cycle.id, kind: 'results' }),
      ]);
      const apps = new Map(scored.bundle.appById);
      const totals = new Map(scored.result.applications.map((a) => [Number(a.id), a.total]));
      const listed = new Set(results[results.length - 1]?.applicationIds ?? []);
      const commentJson = (c: (typeof comments)[number]) => ({
        id: c.id,
        receivedOn: c.received_on,
        body: c.body,
        outcome: c.outcome,
        outcomeName: c.outcome ? COMMENT_OUTCOMES[c.outcome] : null,
        outcomeReason: c.outcome_reason,
      });
      const candidates = scored.selection.decisions.map((d) => {
        const id = Number(d.id);
        const app = apps.get(id)!;
        const mine = comments.filter((c) => c.application_id === id).map(commentJson);
        const dec = current.get(id);
        return {
          applicationId: id,
          code: app.code,
          name: { zh: app.applicantNameZh, en: app.applicantNameEn },
          applicantType: app.applicant_type,
          status: app.status,
          total: totals.get(id) ?? null,
          rank: d.rank,
          selection: { selected: d.selected, code: d.code, reason: d.reason },
          exclusion: scored.exclusions.get(id) ?? null,
          onResultsList: listed.has(id),
          comments: mine,
          commentCounts: {
            total: mine.length,
            upheld: mine.filter((c) => c.outcome === 'upheld').length,
            open: mine.filter((c) => c.outcome === null).length,
          },
          decision: dec ? { decision: dec.decision, name: DECISION_NAMES[dec.decision], reason: dec.reason, decidedOn: dec.decided_on } : null,
        };
      });
      return {
        year: cycle.year,
        article: 19 as const,
        phase: cycle.phase,
        cap: cycle.award_cap,
        minTotal: cycle.min_total,
        resultsPublished: results.length > 0,
        candidates,
        generalComments: comments.filter((c) => c.application_id === null).map(commentJson),
      };
    }),

  /** Per application of the cycle with a decision: the current decision and its history. */
  list: allow(...ANALYSTS)
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      const decisions = await listDecisions(ctx.db, cycle.id);
      // Only the applications with a decision, not the whole cycle.
      const apps = await listApplicationSummaries(
        ctx.db,
        decisions.map((d) => d.application_id),
      );
      const appById = new Map(apps.map((a) => [a.id, a]));
      const byApp = new Map<number, typeof decisions>();
      for (const d of decisions) {
        const list = byApp.get(d.application_id);
        if (list) list.push(d);
        else byApp.set(d.application_id, [d]);
      }
      const json = (d: (typeof decisions)[number]) => ({
        id: d.id,
        decision: d.decision,
        decisionName: DECISION_NAMES[d.decision],
        article: DECISION_NAMES[d.decision].article,
        reason: d.reason,
        /** The reason per language: a reason the product wrote in both (a meeting's tally, a reserve moving up) split, a typed one as is. */
        reasonText: d.reason === null ? null : splitBilingual(d.reason),
        decidedOn: d.decided_on,
      });
      const applications = [...byApp.entries()].map(([id, list]) => {
        const app = appById.get(id)!;
        return {
          applicationId: id,
          code: app.code,
          name: { zh: app.applicantNameZh, en: app.applicantNameEn },
          /** Organisation or individual: the prize an approval would carry (Art. 22). */
          applicantType: app.applicant_type,
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
