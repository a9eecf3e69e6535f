/**
 * Applications of a cycle: eligibility (Art. 10–12), qualification review and the single
 * supplement request (Art. 16), review-group assignment with recusal (Art. 24), and materials
 * marked confidential shown only to those who need them (Art. 29).
 */
import {
  getApplicationSummary,
  getCycleById,
  getReviewGroup,
  getSupplementRequest,
  insertSupplementRequest,
  countApplicationsOfCycle,
  listApplicationsOfCycle,
  listApplicationsPage,
  listConflictDetails,
  listExaminers,
  listMaterialInfos,
  listMaterials,
  markSupplementFulfilled,
  setQualificationStatus,
  setReviewGroup,
  updateEligibility,
  writeAudit,
  type ApplicationSummary,
} from '@mqa/db';
import {
  APPLICATION_MATERIALS,
  ELIGIBILITY_RULES,
  eligibilityVerdict,
  findMissingMaterials,
  OTHER_MATERIAL_KIND,
  planSupplementRequest,
  qualificationReviewDeadline,
  type EligibilityFacts,
} from '@mqa/rules';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { recordDetected } from '../domain/conflicts.ts';
import { requireCycle } from '../domain/cycle.ts';
import { eligibilityAsOf, factItemId, failuresOf, ineligibleReason, runEligibility, splitFailures, toSupplementJson } from '../domain/eligibility.ts';
import { materialJson, mayReadConfidential } from '../domain/materials.ts';
import { CHANNEL_NAMES, districtName, priorityAreaName, sectorName } from '../domain/labels.ts';
import { splitBilingual } from '../domain/text.ts';
import { apiError, applicationNotFound, notFound, rethrowDomain, type LocalizedText } from '../errors.ts';
import { allow } from '../trpc.ts';
import { intakeProcedures } from './applications-intake.ts';
import { yearInput } from './cycles.ts';
import { inTransaction, nowIso, requireApplication, todayOf } from './helpers.ts';
import { cursorInput, decodeCursor, encodeCursor, limitInput, searchInput } from './paging.ts';
import { factsInput, idInput, text } from './inputs.ts';
import { READERS, SECRETARIAT } from './roles.ts';

export const QUALIFICATION_NAMES: Record<string, LocalizedText> = {
  received: { zh: '已受理', en: 'Received' },
  supplement_requested: { zh: '已通知补充材料', en: 'Supplement requested' },
  qualified: { zh: '资格初审通过', en: 'Qualified' },
  rejected: { zh: '资格初审未通过', en: 'Rejected' },
};

/** An application as the routers answer it; `year` is the year of its cycle. */
export function applicationJson(a: ApplicationSummary, year: number) {
  return {
    id: a.id,
    code: a.code,
    year,
    name: { zh: a.applicantNameZh, en: a.applicantNameEn },
    applicantType: a.applicant_type,
    sector: a.sector,
    sectorName: sectorName(a.sector),
    district: a.district,
    districtName: districtName(a.district),
    channel: a.channel,
    channelName: CHANNEL_NAMES[a.channel] ?? { zh: a.channel, en: a.channel },
    recommendingBody: a.recommending_body,
    receivedOn: a.received_on,
    priorityAreas: a.priorityAreas.map((id) => ({ id, name: priorityAreaName(id), article: 2 })),
    /**
     * Art. 10–12: status of the last check, the declared facts that fail a condition (vetoes,
     * `failures`) and the conditions whose facts are not declared yet (`toSupplement`, 待补充,
     * asked for in the one supplement notice of Art. 16). `verdict`: eligible, ineligible,
     * incomplete (only facts to supplement) or unchecked.
     */
    eligibility: eligibilityJson(a),
    qualificationStatus: a.qualification_status,
    qualificationName: QUALIFICATION_NAMES[a.qualification_status] ?? { zh: a.qualification_status, en: a.qualification_status },
    reviewGroupId: a.review_group_id,
    status: a.status,
    removedReason: a.removed_reason,
    /** The removal reason (Art. 21) as `{ zh, en }`. */
    removedReasonText: a.removed_reason ? splitBilingual(a.removed_reason) : null,
  };
}

/** The eligibility part of an application as the routers answer it (see `applicationJson`). */
export function eligibilityJson(a: Pick<ApplicationSummary, 'eligibility_status' | 'eligibility_failures'>) {
  const { vetoes, toSupplement } = splitFailures(a.eligibility_failures);
  const verdict =
    a.eligibility_status === 'eligible'
      ? ('eligible' as const)
      : a.eligibility_status === 'ineligible' && vetoes.length > 0
        ? ('ineligible' as const)
        : toSupplement.length > 0
          ? ('incomplete' as const)
          : a.eligibility_status === 'ineligible'
            ? ('ineligible' as const)
            : ('unchecked' as const);
  return {
    status: a.eligibility_status,
    verdict,
    failures: vetoes,
    toSupplement: toSupplement.map(toSupplementJson),
    summary: a.eligibility_status === 'ineligible' ? ineligibleReason(a) : null,
  };
}

/** A supplement item by id: a material (Art. 15), an undeclared condition (`eligibility:<code>`, Art. 10–12) or free text. */
export function materialName(id: string): { id: string; name: LocalizedText; article: number | null } {
  const m = APPLICATION_MATERIALS.find((x) => x.id === id);
  if (m) return { id, name: m.name, article: m.article };
  if (id === OTHER_MATERIAL_KIND.id) return { id, name: OTHER_MATERIAL_KIND.name, article: null };
  if (id.startsWith('eligibility:')) {
    const rule = ELIGIBILITY_RULES.find((r) => factItemId(r.code) === id);
    if (rule) {
      return {
        id,
        name: { zh: `申报信息：${rule.title.zh}（第${rule.article}条）`, en: `Declaration: ${rule.title.en} (Art. ${rule.article})` },
        article: rule.article,
      };
    }
  }
  return { id, name: { zh: id, en: id }, article: null };
}

export function supplementJson(row: { items: string; requested_on: string; fulfilled_on: string | null; received_note?: string | null } | undefined) {
  if (!row) return null;
  let items: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.items);
    if (Array.isArray(parsed)) items = parsed.filter((x): x is string => typeof x === 'string');
  } catch {
    items = [];
  }
  return {
    article: 16,
    items: items.map(materialName),
    requestedOn: row.requested_on,
    fulfilledOn: row.fulfilled_on,
    receivedNote: row.received_note ?? null,
  };
}

/**
 * The Art. 16 deadline of the qualification review: 10 working days after receipt, counted from
 * the day a requested supplement arrived when it has (@mqa/rules `qualificationReviewDeadline`);
 * null when the day of receipt is unknown.
 */
export function qualificationDeadline(
  app: Pick<ApplicationSummary, 'received_on'>,
  supplementReceivedOn: string | null = null,
): { article: 16; receivedOn: string; from: string; deadline: string } | null {
  if (!app.received_on) return null;
  try {
    const d = qualificationReviewDeadline(app.received_on, supplementReceivedOn);
    return { article: 16, receivedOn: app.received_on, from: d.from, deadline: d.deadline };
  } catch {
    return null;
  }
}

function parseFacts(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

/** A fact's declared value as stored: yes/no, a date or text, a number, a list of those; null when absent. */
export type DeclaredFactValue = boolean | number | string | null | DeclaredFactValue[];

/**
 * The stored eligibility facts (Art. 10–12) as a plain object of declared values, without
 * `applicantType`; null when nothing readable is stored. Values of an unexpected shape (nested
 * objects) are left out rather than passed on.
 */
export function declaredFacts(json: string): Record<string, DeclaredFactValue> | null {
  const parsed = parseFacts(json);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const out: Record<string, DeclaredFactValue> = {};
  const plain = (v: unknown): v is DeclaredFactValue =>
    v === null || typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || (Array.isArray(v) && v.every(plain));
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (key === 'applicantType' || value === undefined || !plain(value)) continue;
    out[key] = value;
  }
  return out;
}

/**
 * Re-checks eligibility over the given facts, stores the result and audits it (inside a
 * transaction). Facts not declared yet are not vetoes: with only those, the status stays
 * `pending` and they are answered as `toSupplement` (@mqa/rules `eligibilityVerdict`).
 */
export async function storeEligibility(ctx: Context, app: ApplicationSummary, facts: EligibilityFacts, action: string, factsChanged: boolean) {
  if (facts.applicantType !== app.applicant_type) {
    throw apiError('BAD_REQUEST', {
      zh: `申报 ${app.code} 的申报主体是${app.applicant_type === 'organisation' ? '组织' : '个人'}，申报信息的 applicantType 必须一致。`,
      en: `Application ${app.code} is from ${app.applicant_type === 'organisation' ? 'an organisation' : 'an individual'}; the facts' applicantType must match.`,
    });
  }
  const asOf = eligibilityAsOf(app, ctx.services.now());
  const result = runEligibility(facts, asOf);
  const verdict = eligibilityVerdict(result.failures);
  const status = verdict.status === 'incomplete' ? 'pending' : verdict.status;
  await updateEligibility(ctx.db, app.id, {
    ...(factsChanged ? { facts: JSON.stringify(facts) } : {}),
    status,
    failures: JSON.stringify(result.failures),
  });
  await writeAudit(ctx.db, {
    userId: ctx.user!.id,
    action,
    entity: 'application',
    entityId: app.id,
    cycleId: app.cycle_id,
    before: {
      ...(factsChanged ? { facts: parseFacts(app.eligibility_facts) } : {}),
      eligibilityStatus: app.eligibility_status,
      failures: failuresOf(app.eligibility_failures).map((f) => f.code),
    },
    after: {
      ...(factsChanged ? { facts } : {}),
      eligibilityStatus: status,
      asOf,
      failures: verdict.vetoes.map((f) => f.code),
      toSupplement: verdict.toSupplement.map((f) => f.code),
    },
    at: nowIso(ctx),
  });
  const json = (f: (typeof result.failures)[number]) => ({
    article: f.article,
    clause: f.clause ?? null,
    code: f.code,
    kind: f.kind,
    reason: f.reason,
    message: f.message,
  });
  return {
    id: app.id,
    code: app.code,
    eligible: result.eligible,
    status,
    asOf,
    verdict: verdict.status,
    checked: result.checked,
    /** Declared facts that fail a condition or an exclusion (vetoes). */
    failures: verdict.vetoes.map(json),
    /** Conditions whose facts are not declared yet (待补充, Art. 16). */
    toSupplement: verdict.toSupplement.map((f) => toSupplementJson(json(f))),
    previousStatus: app.eligibility_status,
  };
}

export const applicationsRouter = {
  ...intakeProcedures,

  list: allow(...READERS)
    .meta({ cacheable: true })
    .input(yearInput)
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      return (await listApplicationsOfCycle(ctx.db, cycle.id)).map((a) => applicationJson(a, cycle.year));
    }),

  /**
   * One page of the cycle's applications (the rows of `list`), searched (`q`: part of the code or
   * the applicant's name), filtered and sorted in the database, with keyset paging: pass the
   * previous page's `nextCursor` for the next page (null after the last). `total` counts the rows
   * matching the search and filters; `counts` the whole cycle (by eligibility and removals).
   */
  page: allow(...READERS)
    .meta({ cacheable: true })
    .input(
      yearInput.extend({
        limit: limitInput,
        cursor: cursorInput,
        sort: z.enum(['code', 'name', 'nameEn', 'receivedOn']).default('code'),
        dir: z.enum(['asc', 'desc']).default('asc'),
        q: searchInput,
        eligibility: z.enum(['pending', 'eligible', 'ineligible']).optional(),
        status: z.enum(['active', 'withdrawn', 'removed']).optional(),
        qualification: z.enum(['received', 'supplement_requested', 'qualified', 'rejected']).optional(),
        reviewGroupId: idInput.optional(),
        /** Only those assigned to a review group (true) or only the unassigned (false). */
        assigned: z.boolean().optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const cycle = await requireCycle(ctx, input.year);
      const order = `applications:${input.sort}:${input.dir}`;
      const after = input.cursor ? decodeCursor(input.cursor, order) : null;
      const page = await listApplicationsPage(ctx.db, cycle.id, {
        sort: input.sort,
        dir: input.dir,
        after: after ? { key: String(after.key), id: after.id } : null,
        limit: input.limit,
        q: input.q,
        eligibility: input.eligibility,
        status: input.status,
        qualification: input.qualification,
        reviewGroupId: input.reviewGroupId,
        assigned: input.assigned,
      });
      const last = page.rows.length - 1;
      return {
        items: page.rows.map((a) => applicationJson(a, cycle.year)),
        nextCursor: page.more && last >= 0 ? encodeCursor({ order, key: page.keys[last]!, id: page.rows[last]!.id }) : null,
        total: page.total,
        counts: await countApplicationsOfCycle(ctx.db, cycle.id),
      };
    }),

  /**
   * One application with its materials and declared eligibility facts. Examiners may open only
   * the applications assigned to them and not recused (Art. 24), so the facts (like the
   * eligibility verdict) reach the secretariat, the committee, the leadership and those
   * examiners only. Confidential materials (Art. 29): the secretariat and the assigned,
   * non-recused examiners read them; others see the title with `confidential: true` and
   * `body: null`.
   */
  get: allow('secretariat', 'committee', 'leadership', 'examiner')
    .input(z.object({ id: idInput }))
    .query(async ({ ctx, input }) => {
      const app = await getApplicationSummary(ctx.db, input.id);
      if (!app) throw applicationNotFound(input.id);
      const confidentialAllowed = await mayReadConfidential(ctx, app.id);
      if (ctx.user!.role === 'examiner' && !confidentialAllowed) {
        throw apiError('FORBIDDEN', {
          zh: '这份申报没有分配给您（或您已回避，第24条），不能查看。',
          en: 'This application is not assigned to you (or you are recused from it, Art. 24), so you cannot open it.',
        });
      }
      const materials = await listMaterialInfos(ctx.db, app.id);
      const shown = materials.map((m) => materialJson(m, confidentialAllowed));
      const supplement = await getSupplementRequest(ctx.db, app.id);
      const cycle = await getCycleById(ctx.db, app.cycle_id);
      const group = app.review_group_id === null ? undefined : await getReviewGroup(ctx.db, app.review_group_id);
      return {
        ...applicationJson(app, cycle!.year),
        /** The name of the application's review group (Art. 17); null while unassigned. */
        reviewGroupName: group ? { zh: group.nameZh, en: group.nameEn } : null,
        /** The declared eligibility facts (Art. 10–12, @mqa/rules `EligibilityFacts` keys); null when none are stored. */
        facts: declaredFacts(app.eligibility_facts),
        materials: shown,
        /** Confidential materials whose body is withheld from this user (Art. 29). */
        withheldConfidential: shown.filter((m) => m.bodyWithheld).length,
        /** Required materials (Art. 15) of which none is on file. */
        missingMaterials: findMissingMaterials(
          app.applicant_type,
          materials.map((m) => m.kind),
        ).map(materialName),
        supplementRequest: supplementJson(supplement),
        qualificationDeadline: qualificationDeadline(app, supplement?.fulfilled_on ?? null),
      };
    }),

  /** Re-runs @mqa/rules `checkEligibility` over the stored facts (as of the day of receipt) and stores the result (audited). */
  checkEligibility: allow(...SECRETARIAT)
    .input(z.object({ id: idInput }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const app = await requireApplication(tx, input.id);
        const facts = parseFacts(app.eligibility_facts);
        if (!facts || typeof facts !== 'object') {
          throw apiError('PRECONDITION_FAILED', {
            zh: `申报 ${app.code} 没有可读的申报信息，请先录入（applications.updateFacts）。`,
            en: `Application ${app.code} has no readable declared facts; enter them first (applications.updateFacts).`,
          });
        }
        const parsed = factsInput.safeParse(facts);
        if (!parsed.success) {
          throw apiError('PRECONDITION_FAILED', {
            zh: `申报 ${app.code} 存储的申报信息格式不正确，请重新录入。`,
            en: `The stored facts of application ${app.code} are malformed; please enter them again.`,
          });
        }
        return storeEligibility(tx, app, parsed.data, 'application.checkEligibility', false);
      }),
    ),

  /** Replaces the declared facts (validated), re-checks eligibility and stores both (audited). */
  updateFacts: allow(...SECRETARIAT)
    .input(z.object({ id: idInput, facts: factsInput }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const app = await requireApplication(tx, input.id);
        return storeEligibility(tx, app, input.facts, 'application.updateFacts', true);
      }),
    ),

  /**
   * The single supplement request of Art. 16: every required material not yet submitted
   * (@mqa/rules `findMissingMaterials`) plus the given items, in one notice. A second request is
   * refused (CONFLICT).
   */
  requestSupplement: allow(...SECRETARIAT)
    .input(
      z.object({
        id: idInput,
        items: z
          .array(text(1, 200, 'Item'))
          .max(50)
          .default([]),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const app = await requireApplication(tx, input.id);
        const existing = await getSupplementRequest(tx.db, app.id);
        const submitted = (await listMaterials(tx.db, app.id)).map((m) => m.kind);
        const undeclared = splitFailures(app.eligibility_failures).toSupplement.flatMap((f) => (f.code ? [factItemId(f.code)] : []));
        const missing = [...findMissingMaterials(app.applicant_type, submitted), ...undeclared];
        let decision;
        try {
          decision = planSupplementRequest(existing ? [{ issuedOn: existing.requested_on, items: supplementJson(existing)!.items.map((i) => i.id) }] : [], [
            ...missing,
            ...input.items,
          ]);
        } catch (error) {
          rethrowDomain(error);
        }
        if (!decision.allowed) {
          throw apiError(
            decision.code === 'already_requested' ? 'CONFLICT' : 'PRECONDITION_FAILED',
            { zh: `${decision.message.zh}（第${decision.article}条）`, en: `${decision.message.en} (Art. ${decision.article})` },
            { article: decision.article, code: decision.code, existing: supplementJson(existing) },
          );
        }
        const requestedOn = todayOf(ctx);
        await insertSupplementRequest(tx.db, { applicationId: app.id, items: decision.request.items, requestedOn, requestedBy: ctx.user!.id });
        await setQualificationStatus(tx.db, app.id, 'supplement_requested');
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'application.requestSupplement',
          entity: 'application',
          entityId: app.id,
          cycleId: app.cycle_id,
          before: { qualificationStatus: app.qualification_status },
          after: { qualificationStatus: 'supplement_requested', items: decision.request.items, requestedOn },
          at: nowIso(ctx),
        });
        return {
          id: app.id,
          code: app.code,
          article: 16 as const,
          items: decision.request.items.map(materialName),
          requestedOn,
          qualificationStatus: 'supplement_requested' as const,
          message: decision.message,
        };
      }),
    ),

  /**
   * Records the outcome of the qualification review (Art. 16). `qualified` needs an eligible
   * application (Art. 10–12) and marks an open supplement request as fulfilled.
   */
  setQualification: allow(...SECRETARIAT)
    .input(
      z.object({
        id: idInput,
        status: z.enum(['received', 'qualified', 'rejected']),
        reason: text(2, 2000, 'Reason').optional(),
        /** Pass although required materials are missing (refused without it, with the list). */
        confirm: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const app = await requireApplication(tx, input.id);
        if (input.status === 'qualified' && app.eligibility_status !== 'eligible') {
          const pending = splitFailures(app.eligibility_failures).toSupplement.map(toSupplementJson);
          const why =
            app.eligibility_status === 'ineligible'
              ? ineligibleReason(app)
              : pending.length > 0
                ? {
                    zh: `尚有 ${pending.length} 项申报信息待补充（第10–12、16条）：${pending.map((p) => p.title.zh).join('；')}。`,
                    en: `${pending.length} declaration${pending.length === 1 ? '' : 's'} still to be supplemented (Art. 10–12, 16): ${pending.map((p) => p.title.en).join('; ')}.`,
                  }
                : { zh: '尚未进行资格条件审查（第10–12条）。', en: 'Eligibility has not been checked yet (Art. 10–12).' };
          throw apiError('PRECONDITION_FAILED', {
            zh: `申报 ${app.code} 不能通过资格初审：${why.zh}`,
            en: `Application ${app.code} cannot pass the qualification review: ${why.en}`,
          });
        }
        const missingMaterials =
          input.status === 'qualified'
            ? findMissingMaterials(
                app.applicant_type,
                (await listMaterials(tx.db, app.id)).map((m) => m.kind),
              ).map(materialName)
            : [];
        if (missingMaterials.length > 0 && input.confirm !== true) {
          throw apiError(
            'PRECONDITION_FAILED',
            {
              zh: `申报 ${app.code} 缺少 ${missingMaterials.length} 项必备材料（第15条）：${missingMaterials.map((m) => m.name.zh).join('；')}。确认仍要通过资格初审，请再次提交并确认。`,
              en: `Application ${app.code} lacks ${missingMaterials.length} required material${missingMaterials.length === 1 ? '' : 's'} (Art. 15): ${missingMaterials.map((m) => m.name.en).join('; ')}. To pass the qualification review anyway, submit again with confirmation.`,
            },
            { code: 'materials_missing', article: 15, missing: missingMaterials, needsConfirm: true },
          );
        }
        const supplement = await getSupplementRequest(tx.db, app.id);
        const today = todayOf(ctx);
        if (input.status === 'qualified') await markSupplementFulfilled(tx.db, app.id, today);
        await setQualificationStatus(tx.db, app.id, input.status);
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'application.setQualification',
          entity: 'application',
          entityId: app.id,
          cycleId: app.cycle_id,
          before: { qualificationStatus: app.qualification_status },
          after: {
            qualificationStatus: input.status,
            reason: input.reason ?? null,
            ...(missingMaterials.length > 0 ? { confirmedMissingMaterials: missingMaterials.map((m) => m.id) } : {}),
          },
          at: nowIso(ctx),
        });
        const deadline = qualificationDeadline(app, supplement?.fulfilled_on ?? null);
        return {
          id: app.id,
          code: app.code,
          article: 16 as const,
          qualificationStatus: input.status,
          qualificationName: QUALIFICATION_NAMES[input.status]!,
          previousStatus: app.qualification_status,
          decidedOn: today,
          deadline: deadline ? { ...deadline, met: today <= deadline.deadline } : null,
          /** Required materials still missing that the secretariat confirmed passing without. */
          missingMaterials,
        };
      }),
    ),

  /**
   * Assigns the application to a review group of its cycle. Conflicts between the group's members
   * and the applicant (@mqa/rules `detectConflicts`) are recorded (Art. 24): those examiners do not
   * see, score or count for this application. Refused when no member would be left to score it.
   */
  assignGroup: allow(...SECRETARIAT)
    .input(z.object({ id: idInput, reviewGroupId: idInput }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const app = await requireApplication(tx, input.id);
        const group = await getReviewGroup(tx.db, input.reviewGroupId);
        if (!group) throw notFound({ zh: `编号为 ${input.reviewGroupId} 的评审组`, en: `Review group ${input.reviewGroupId}` });
        if (group.cycleId !== app.cycle_id) {
          throw apiError('BAD_REQUEST', {
            zh: `评审组「${group.nameZh}」不属于申报 ${app.code} 所在的评审周期。`,
            en: `Review group "${group.nameEn}" does not belong to the cycle of application ${app.code}.`,
          });
        }
        if (app.status !== 'active') {
          throw apiError('PRECONDITION_FAILED', {
            zh: `申报 ${app.code} 已${app.status === 'removed' ? '取消资格（第21条）' : '撤回'}，不能分配评审组。`,
            en: `Application ${app.code} is ${app.status === 'removed' ? 'removed (Art. 21)' : 'withdrawn'} and cannot be assigned.`,
          });
        }
        if (app.eligibility_status === 'ineligible') {
          const why = ineligibleReason(app);
          throw apiError('PRECONDITION_FAILED', {
            zh: `申报 ${app.code} 不能分配评审组：${why.zh}`,
            en: `Application ${app.code} cannot be assigned for review: ${why.en}`,
          });
        }
        const at = nowIso(ctx);
        const { added } = await recordDetected(tx, group.memberIds, [app.id], at);
        const conflicts = await listConflictDetails(tx.db, { applicationId: app.id });
        const recused = new Map(conflicts.map((c) => [c.examinerId, c]));
        const examiners = new Map((await listExaminers(tx.db, group.memberIds)).map((e) => [e.id, e]));
        const members = group.memberIds.map((id) => {
          const c = recused.get(id);
          const e = examiners.get(id);
          return {
            examinerId: id,
            name: e ? { zh: e.name_zh, en: e.name_en } : { zh: `评审员 ${id}`, en: `Examiner ${id}` },
            leader: id === group.leaderExaminerId,
            recused: c !== undefined,
            conflict: c ? { article: 24, source: c.source, reason: splitBilingual(c.reason), newlyRecorded: added.some((a) => a.examinerId === id) } : null,
          };
        });
        const scoring = members.filter((m) => !m.recused).length;
        if (scoring === 0) {
          throw apiError('PRECONDITION_FAILED', {
            zh: `评审组「${group.nameZh}」的全部成员都须回避申报 ${app.code}（第24条），请选择其他评审组。`,
            en: `Every member of review group "${group.nameEn}" must recuse from application ${app.code} (Art. 24); choose another group.`,
          });
        }
        await setReviewGroup(tx.db, app.id, group.id);
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'application.assignGroup',
          entity: 'application',
          entityId: app.id,
          cycleId: app.cycle_id,
          before: { reviewGroupId: app.review_group_id },
          after: { reviewGroupId: group.id, recused: members.filter((m) => m.recused).map((m) => m.examinerId), recordedConflicts: added.length },
          at,
        });
        return {
          id: app.id,
          code: app.code,
          reviewGroupId: group.id,
          reviewGroupName: { zh: group.nameZh, en: group.nameEn },
          previousReviewGroupId: app.review_group_id,
          members,
          scoringMembers: scoring,
          recordedConflicts: added.length,
        };
      }),
    ),
};
