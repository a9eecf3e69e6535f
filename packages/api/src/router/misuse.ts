/**
 * Misuse of the title (Art. 30): the award's plaques and certificates are granted by the city
 * government; nobody may forge or misuse them, and an awardee may not sell, rent or use them for
 * other profit-making. A report is recorded against an award (or against someone who falsely
 * claims the title) and handled: status, action taken, date and who. Every change is audited.
 */
import { getMisuseReport, insertMisuseReport, listAwardDetails, listMisuseReports, updateMisuseHandling, writeAudit, type MisuseReport } from '@mqa/db';
import { compareIsoDates, MISUSE_ITEM_IDS, MISUSE_ITEMS, MISUSE_KIND_IDS, MISUSE_KINDS, MISUSE_STATUSES } from '@mqa/rules';
import { z } from 'zod';
import { apiError, notFound, type LocalizedText } from '../errors.ts';
import { allow } from '../trpc.ts';
import { inTransaction, nowIso, todayOf } from './helpers.ts';
import { idInput, isoDate, plainText, text } from './inputs.ts';
import { READERS, SECRETARIAT } from './roles.ts';

const name = (t: { zh: string; en: string }): LocalizedText => ({ zh: t.zh, en: t.en });

function misuseJson(m: MisuseReport, award: { certificateNo: string; name: LocalizedText } | null, handler: string | null) {
  return {
    id: m.id,
    article: 30 as const,
    awardId: m.award_id,
    certificateNo: award?.certificateNo ?? null,
    awardeeName: award?.name ?? null,
    party: m.party,
    kind: m.kind,
    kindName: name(MISUSE_KINDS[m.kind]),
    item: m.item,
    itemName: name(MISUSE_ITEMS[m.item]),
    reportedOn: m.reported_on,
    description: m.description,
    status: m.status,
    statusName: name(MISUSE_STATUSES[m.status]),
    actionTaken: m.action_taken,
    handledOn: m.handled_on,
    handledBy: m.handled_by === null ? null : { id: m.handled_by, name: handler ?? '' },
  };
}

async function awardLabels(db: Parameters<typeof listAwardDetails>[0]) {
  const [awards, apps] = await Promise.all([
    listAwardDetails(db),
    db
      .selectFrom('applications')
      .leftJoin('organisations', 'organisations.id', 'applications.organisation_id')
      .leftJoin('individuals', 'individuals.id', 'applications.individual_id')
      .select([
        'applications.id as id',
        'applications.applicant_type as type',
        'organisations.name_zh as oz',
        'organisations.name_en as oe',
        'individuals.name_zh as iz',
        'individuals.name_en as ie',
      ])
      .execute(),
  ]);
  const appById = new Map(apps.map((a) => [a.id, a]));
  return new Map(
    awards.map((a) => {
      const app = appById.get(a.applicationId);
      const nm = app?.type === 'individual' ? { zh: app.iz ?? '', en: app.ie ?? '' } : { zh: app?.oz ?? '', en: app?.oe ?? '' };
      return [a.id, { certificateNo: a.certificateNo, name: nm, awardedOn: a.awardedOn }];
    }),
  );
}

export const misuseRouter = {
  /** Every report, newest first, with its award and handling. */
  list: allow(...READERS).query(async ({ ctx }) => {
    const [reports, labels, users] = await Promise.all([
      listMisuseReports(ctx.db),
      awardLabels(ctx.db),
      ctx.db.selectFrom('users').select(['id', 'display_name']).execute(),
    ]);
    const userName = new Map(users.map((u) => [u.id, u.display_name]));
    return reports
      .slice()
      .reverse()
      .map((m) =>
        misuseJson(m, m.award_id === null ? null : (labels.get(m.award_id) ?? null), m.handled_by === null ? null : (userName.get(m.handled_by) ?? null)),
      );
  }),

  /**
   * Records a report of a forged or misused certificate or plaque, or of a false claim of the
   * title (Art. 30). `awardId` names the award concerned (unknown → `NOT_FOUND`); a false claim
   * needs none. The report date is not in the future. Audited.
   */
  report: allow(...SECRETARIAT)
    .input(
      z.object({
        awardId: idInput.optional(),
        party: plainText(1, 255, 'Party', '当事方'),
        kind: z.enum(MISUSE_KIND_IDS),
        item: z.enum(MISUSE_ITEM_IDS),
        reportedOn: isoDate,
        description: text(2, 5000, 'Description'),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const today = todayOf(ctx);
        let label = null;
        if (input.awardId !== undefined) {
          label = (await awardLabels(tx.db)).get(input.awardId) ?? null;
          if (!label) throw notFound({ zh: `编号为 ${input.awardId} 的奖励`, en: `Award ${input.awardId}` });
        } else if (input.kind !== 'false_claim' && input.kind !== 'forged') {
          throw apiError('BAD_REQUEST', {
            zh: '冒用、出售或出租须指明所涉奖励；未获奖而自称获奖或伪造的可不指明（第30条）。',
            en: 'Misuse, sale or rental must name the award concerned; a false claim or a forgery may name none (Art. 30).',
          });
        }
        if (compareIsoDates(input.reportedOn, today) > 0) {
          throw apiError('BAD_REQUEST', {
            zh: `报告日期 ${input.reportedOn} 晚于今天（${today}）。`,
            en: `The report date ${input.reportedOn} is after today (${today}).`,
          });
        }
        if (label && input.kind !== 'forged' && compareIsoDates(input.reportedOn, label.awardedOn) < 0) {
          throw apiError('BAD_REQUEST', {
            zh: `报告日期 ${input.reportedOn} 早于授奖日期 ${label.awardedOn}。`,
            en: `The report date ${input.reportedOn} is before the award date ${label.awardedOn}.`,
          });
        }
        const at = nowIso(ctx);
        const id = await insertMisuseReport(tx.db, {
          awardId: input.awardId ?? null,
          party: input.party,
          kind: input.kind,
          item: input.item,
          reportedOn: input.reportedOn,
          description: input.description,
          recordedBy: ctx.user!.id,
          recordedAt: at,
        });
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'misuse.report',
          entity: 'misuse',
          entityId: id,
          cycleId: null,
          before: null,
          after: { ...input, status: 'open' },
          at,
        });
        return misuseJson((await getMisuseReport(tx.db, id))!, label, null);
      }),
    ),

  /**
   * Records the handling of a report: under investigation, or closed with the action taken (both
   * with the date; not before the report, not in the future). A closed report → `CONFLICT`.
   * Audited old → new.
   */
  handle: allow(...SECRETARIAT)
    .input(
      z.object({
        id: idInput,
        status: z.enum(['investigating', 'closed']),
        actionTaken: text(2, 5000, 'Action taken').optional(),
        handledOn: isoDate,
      }),
    )
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const m = await getMisuseReport(tx.db, input.id);
        if (!m) throw notFound({ zh: `编号为 ${input.id} 的冒用报告`, en: `Misuse report ${input.id}` });
        if (m.status === 'closed') {
          throw apiError('CONFLICT', { zh: `报告 ${m.id} 已处理完毕。`, en: `Report ${m.id} is already closed.` });
        }
        if (input.status === 'closed' && !input.actionTaken) {
          throw apiError('BAD_REQUEST', { zh: '办结须填写采取的措施。', en: 'Closing a report needs the action taken.' });
        }
        const today = todayOf(ctx);
        if (compareIsoDates(input.handledOn, m.reported_on) < 0 || compareIsoDates(input.handledOn, today) > 0) {
          throw apiError('BAD_REQUEST', {
            zh: `处理日期 ${input.handledOn} 须在报告日期 ${m.reported_on} 至今天（${today}）之间。`,
            en: `The handling date ${input.handledOn} must lie between the report date ${m.reported_on} and today (${today}).`,
          });
        }
        const next = { status: input.status, actionTaken: input.actionTaken ?? m.action_taken, handledOn: input.handledOn, handledBy: ctx.user!.id };
        await updateMisuseHandling(tx.db, m.id, next);
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'misuse.handle',
          entity: 'misuse',
          entityId: m.id,
          cycleId: null,
          before: { status: m.status, actionTaken: m.action_taken, handledOn: m.handled_on, handledBy: m.handled_by },
          after: next,
          at: nowIso(ctx),
        });
        const label = m.award_id === null ? null : ((await awardLabels(tx.db)).get(m.award_id) ?? null);
        return misuseJson((await getMisuseReport(tx.db, m.id))!, label, ctx.user!.displayName);
      }),
    ),
};
