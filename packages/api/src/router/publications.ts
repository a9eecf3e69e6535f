/**
 * Publications (Art. 18, 21, 27–28): the secretariat publishes the review results for public
 * comment and the proposed awardees on public notice; each produced notice is stored as
 * published (file and SHA-256) and can be read and downloaded later (`/api/publications/:id/file`).
 */
import { currentDecisions, getPublication, listMeetings, listPublications } from '@mqa/db';
import { z } from 'zod';
import { computeCycleResults, requireCycle } from '../domain/cycle.ts';
import { applicationsById, entryOf, proposedNotice, publicationJson, publishRevocationNotice, resultsNotice, storeNotice } from '../domain/publications.ts';
import { apiError, notFound } from '../errors.ts';
import { allow } from '../trpc.ts';
import { yearInput } from './cycles.ts';
import { inTransaction, nowIso } from './helpers.ts';
import { idInput, isoDate, text } from './inputs.ts';
import { READERS, SECRETARIAT } from './roles.ts';

const RESULTS_PHASES = new Set(['onsite_review', 'public_comment']);
const NOTICE_PHASES = new Set(['committee_review', 'public_notice']);

const period = { startsOn: isoDate, endsOn: isoDate, contact: text(4, 500, 'Contact') };

export const publishInput = z.discriminatedUnion('kind', [
  yearInput.extend({ kind: z.literal('results'), ...period }),
  yearInput.extend({ kind: z.literal('notice'), ...period }),
  yearInput.extend({
    kind: z.literal('revocation'),
    awardId: idInput,
    article: z.union([z.literal(27), z.literal(28)]),
    detail: text(4, 2000, 'Finding'),
    decisionNo: text(1, 100, 'Decision number').optional(),
    prizeToRecoverRmb: z.number().int().min(0).max(10_000_000),
    startsOn: isoDate,
    contact: text(4, 500, 'Contact'),
  }),
]);

export const publicationsRouter = {
  /** Produces, stores and audits a notice; results and notices also record the cycle's period dates. */
  publish: allow(...SECRETARIAT)
    .input(publishInput)
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const cycle = await requireCycle(tx, input.year);
        const at = nowIso(ctx);
        const userId = ctx.user!.id;
        const apps = await applicationsById(tx.db, cycle.id);
        if (input.kind === 'revocation') {
          const r = await publishRevocationNotice(tx.db, { ...input, userId, at });
          const p = (await getPublication(tx.db, r.id))!;
          if (p.cycle_id !== cycle.id) {
            throw apiError('BAD_REQUEST', { zh: `该奖项不属于 ${cycle.year} 年度周期。`, en: `This award does not belong to the ${cycle.year} cycle.` });
          }
          return publicationJson(p, apps);
        }
        if (input.kind === 'results') {
          if (!RESULTS_PHASES.has(cycle.phase)) {
            throw apiError(
              'PRECONDITION_FAILED',
              {
                zh: `${cycle.year} 年度周期尚未完成评审或已过公开征求意见阶段，不能公布评审结果（第18条）。`,
                en: `The ${cycle.year} cycle is not between the end of the review and the public comment; the results cannot be published (Art. 18).`,
              },
              { article: 18, phase: cycle.phase },
            );
          }
          if (cycle.review_ends && input.startsOn < cycle.review_ends) {
            throw apiError(
              'BAD_REQUEST',
              {
                zh: `征求意见期开始日期 ${input.startsOn} 早于评审结束日期 ${cycle.review_ends}（第17、18条）。`,
                en: `The comment period starts on ${input.startsOn}, before the review ended on ${cycle.review_ends} (Art. 17, 18).`,
              },
              { reviewEnds: cycle.review_ends },
            );
          }
          const scored = await computeCycleResults(tx.db, cycle);
          const totals = new Map(scored.result.applications.map((a) => [Number(a.id), a.total]));
          const ranked = scored.selection.decisions.filter((d) => d.rank !== null).sort((a, b) => a.rank! - b.rank!);
          if (ranked.length === 0) {
            throw apiError('PRECONDITION_FAILED', {
              zh: `${cycle.year} 年度周期没有可公布的评审结果（没有在评的候选）。`,
              en: `The ${cycle.year} cycle has no review results to publish (no candidate in the running).`,
            });
          }
          const entries = ranked.map((d, i) => entryOf(apps.get(Number(d.id))!, i + 1, totals.get(Number(d.id)) ?? null));
          const content = resultsNotice({ year: cycle.year, startsOn: input.startsOn, endsOn: input.endsOn, contact: input.contact, entries });
          const r = await storeNotice(tx.db, { cycle, content, awardId: null, userId, at });
          return publicationJson((await getPublication(tx.db, r.id))!, apps);
        }
        // kind: 'notice' (Art. 21)
        if (!NOTICE_PHASES.has(cycle.phase)) {
          throw apiError(
            'PRECONDITION_FAILED',
            {
              zh: `${cycle.year} 年度周期不在评审委员会审议或公示阶段，不能公示拟授奖名单（第21条）。`,
              en: `The ${cycle.year} cycle is not in committee review or public notice; the proposed list cannot be published (Art. 21).`,
            },
            { article: 21, phase: cycle.phase },
          );
        }
        const meetings = (await listMeetings(tx.db, cycle.id)).filter((m) => m.status === 'closed');
        const meeting = meetings[meetings.length - 1];
        if (!meeting) {
          throw apiError(
            'PRECONDITION_FAILED',
            { zh: '评审委员会尚未召开会议决定拟授奖名单（第20条）。', en: 'The committee has not yet met and decided the proposed list (Art. 20).' },
            { article: 20 },
          );
        }
        if (input.startsOn < meeting.held_on) {
          throw apiError(
            'BAD_REQUEST',
            {
              zh: `公示开始日期 ${input.startsOn} 早于评审委员会会议日期 ${meeting.held_on}（第20、21条）。`,
              en: `The notice starts on ${input.startsOn}, before the committee met on ${meeting.held_on} (Art. 20, 21).`,
            },
            { heldOn: meeting.held_on },
          );
        }
        const order = new Map<number, number>();
        const result = meeting.result ? (JSON.parse(meeting.result) as { proposed: number[]; reserve: number[] }) : { proposed: [], reserve: [] };
        [...result.proposed, ...result.reserve].forEach((id, i) => order.set(id, i));
        const current = await currentDecisions(tx.db, cycle.id);
        const proposed = [...current.values()]
          .filter((d) => d.decision === 'proposed' && apps.get(d.application_id)?.status === 'active')
          .map((d) => d.application_id)
          .sort((a, b) => (order.get(a) ?? 99) - (order.get(b) ?? 99) || apps.get(a)!.code.localeCompare(apps.get(b)!.code));
        if (proposed.length === 0) {
          throw apiError('PRECONDITION_FAILED', {
            zh: '没有拟授奖的候选可以公示（第20、21条）。',
            en: 'There is no proposed awardee to put on notice (Art. 20, 21).',
          });
        }
        const entries = proposed.map((id, i) => entryOf(apps.get(id)!, i + 1, null));
        const content = proposedNotice({
          year: cycle.year,
          heldOn: meeting.held_on,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          contact: input.contact,
          entries,
        });
        const r = await storeNotice(tx.db, { cycle, content, awardId: null, userId, at });
        return publicationJson((await getPublication(tx.db, r.id))!, apps);
      }),
    ),

  /** The cycle's publications, oldest first, each with its text, period, listed applications and SHA-256. */
  list: allow(...READERS)
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      const [pubs, apps] = await Promise.all([listPublications(ctx.db, { cycleId: cycle.id }), applicationsById(ctx.db, cycle.id)]);
      return pubs.map((p) => publicationJson(p, apps));
    }),

  /** One publication, exactly as published (text model, SHA-256, where the file downloads from). */
  get: allow(...READERS)
    .input(z.object({ id: idInput }))
    .query(async ({ ctx, input }) => {
      const p = await getPublication(ctx.db, input.id);
      if (!p) throw notFound({ zh: `编号为 ${input.id} 的公告`, en: `Publication ${input.id}` });
      return publicationJson(p, await applicationsById(ctx.db, p.cycle_id));
    }),
};
