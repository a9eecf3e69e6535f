/**
 * Registering an application by form (Art. 9, 15), recording that a requested supplement arrived
 * (Art. 16), and the materials of an application (Art. 15, 29): listing and deleting here, upload
 * and download over HTTP (apps/server, through `domain/materials.ts`). Spread into
 * `applicationsRouter` (applications.ts).
 */
import {
  deleteMaterial,
  getApplicationSummary,
  getMaterialInfo,
  getSupplementRequest,
  listMaterialInfos,
  recordSupplementReceived,
  setQualificationStatus,
  writeAudit,
  type ApplicantType,
} from '@mqa/db';
import { eligibilityVerdict, findMissingMaterials, PRIORITY_AREAS } from '@mqa/rules';
import { z } from 'zod';
import type { Context } from '../context.ts';
import {
  ALLOWED_TEXT,
  APPLICANT_TYPE_NAMES,
  CHANNEL_LOOKUP,
  checkUscc,
  DISTRICT_LOOKUP,
  lookUp,
  PRIORITY_LOOKUP,
  SECTOR_LOOKUP,
  USCC_REQUIRED,
} from '../domain/applicants.ts';
import { requireCycle } from '../domain/cycle.ts';
import { eligibilityAsOf, runEligibility } from '../domain/eligibility.ts';
import { PHASE_NAMES } from '../domain/labels.ts';
import { ALLOWED_TYPES_TEXT, materialAccess, materialJson, MATERIAL_KINDS, MAX_MATERIAL_BYTES, NOT_ASSIGNED_REFUSED } from '../domain/materials.ts';
import { apiError, notFound, type LocalizedText } from '../errors.ts';
import { isCycleOpenForScores } from '../spreadsheet/cycle.ts';
import { allow } from '../trpc.ts';
// Cyclic with applications.ts on purpose: these procedures are spread into its router and use its JSON helpers.
import { applicationJson, eligibilityJson, materialName, qualificationDeadline, storeEligibility, supplementJson } from './applications.ts';
import { yearInput } from './cycles.ts';
import { inTransaction, nowIso, requireApplication, todayOf } from './helpers.ts';
import { factsInput, idInput, isoDate, plainText, text } from './inputs.ts';
import { READERS, SECRETARIAT } from './roles.ts';

const bad = (text: LocalizedText) => apiError('BAD_REQUEST', text);

export const createApplicationInput = yearInput.extend({
  applicantType: z.enum(['organisation', 'individual']),
  /** The applicant's name in Chinese (the organisation's registered name, or the person's). */
  name: plainText(1, 200, 'Name', '名称'),
  /** The name in English (default: the Chinese name). */
  nameEn: plainText(1, 200, 'English name', '英文名称').optional(),
  /** The organisation's USCC (required for organisations); for an individual, their employer's (optional). */
  uscc: z.string().trim().max(40).optional(),
  /** Sector, banner/district and channel: the names or codes the register import accepts. */
  sector: text(1, 100, 'Sector'),
  district: text(1, 100, 'Banner/district'),
  channel: text(1, 100, 'Channel'),
  /** The recommending body (Art. 9, 15). */
  recommender: plainText(2, 255, 'Recommending body', '推荐单位'),
  receivedOn: isoDate,
  /** Founding date of an organisation (required for organisations, Art. 10(1)). */
  foundedOn: isoDate.optional(),
  /** Start of an individual's quality work (required for individuals, Art. 11(1)). */
  qualityWorkSince: isoDate.optional(),
  /** An individual's position, and whether they head their organisation (Art. 11(3)). */
  position: plainText(1, 100, 'Position', '职务').optional(),
  /** Priority areas (Art. 2): ids, or names as in the import. */
  priorityAreas: z.array(z.string().trim().min(1).max(100)).max(PRIORITY_AREAS.length).optional(),
  /** Declared facts (the shape `applications.updateFacts` takes); what is left out is to be supplemented. */
  facts: factsInput.optional(),
});

function pickOrRefuse<T extends string>(table: Map<string, T>, value: string, zh: string, en: string, allowed: string): T {
  const found = lookUp(table, value);
  if (!found) throw bad({ zh: `${zh}「${value}」无效，可选：${allowed}。`, en: `${en} "${value}" is invalid; allowed: ${allowed}.` });
  return found;
}

/** The next code of a cycle in the scheme of the register (`2026-001`, `2026-002`, …). */
async function nextCode(ctx: Context, cycleId: number, year: number): Promise<string> {
  const rows = await ctx.db.selectFrom('applications').select('code').where('cycle_id', '=', cycleId).execute();
  const prefix = `${year}-`;
  let max = 0;
  for (const { code } of rows) {
    if (!code.startsWith(prefix)) continue;
    const n = Number(code.slice(prefix.length));
    if (Number.isInteger(n) && n > max) max = n;
  }
  return `${prefix}${String(max + 1).padStart(3, '0')}`;
}

const typeText = (t: ApplicantType) => APPLICANT_TYPE_NAMES[t];

export const intakeProcedures = {
  /**
   * Registers an application received on paper or by mail (Art. 9, 15): the same checks as the
   * register import (names and codes of sector, district and channel, the USCC, the dates), an
   * organisation (upserted by its USCC) or an individual, and its declared facts. Eligibility is
   * checked at once (Art. 10–12): facts not declared are to be supplemented, not vetoes.
   */
  create: allow(...SECRETARIAT)
    .input(createApplicationInput)
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const cycle = await requireCycle(tx, input.year);
        if (!isCycleOpenForScores(cycle.phase)) {
          const phase = PHASE_NAMES[cycle.phase] ?? { zh: cycle.phase, en: cycle.phase };
          throw apiError('PRECONDITION_FAILED', {
            zh: `${cycle.year} 年度周期已处于“${phase.zh}”阶段，已冻结，不能再登记申报。`,
            en: `The ${cycle.year} cycle is in the ${phase.en} phase: it is frozen and applications can no longer be registered.`,
          });
        }
        const type = input.applicantType;
        const sector = pickOrRefuse(SECTOR_LOOKUP, input.sector, '行业', 'Sector', ALLOWED_TEXT.sector);
        const district = pickOrRefuse(DISTRICT_LOOKUP, input.district, '旗区', 'Banner/district', ALLOWED_TEXT.district);
        const channel = pickOrRefuse(CHANNEL_LOOKUP, input.channel, '申报渠道', 'Channel', ALLOWED_TEXT.channel);
        const areas = [
          ...new Set(
            (input.priorityAreas ?? []).map((p) =>
              pickOrRefuse(PRIORITY_LOOKUP, p, '优先领域', 'Priority area', PRIORITY_AREAS.map((a) => a.name.zh).join('、')),
            ),
          ),
        ].sort();
        let uscc: string | null = null;
        if (input.uscc) {
          const check = checkUscc(input.uscc);
          if (!check.ok) throw bad(check.message);
          uscc = check.code;
        } else if (type === 'organisation') throw bad(USCC_REQUIRED);

        const today = todayOf(ctx);
        if (input.receivedOn > today) {
          throw bad({ zh: `受理日期 ${input.receivedOn} 晚于今天（${today}）。`, en: `The date of receipt ${input.receivedOn} is after today (${today}).` });
        }
        if (input.facts && input.facts.applicantType !== type) {
          throw bad({
            zh: `申报信息的申报主体（${typeText(input.facts.applicantType).zh}）与申报类型（${typeText(type).zh}）不一致。`,
            en: `The facts are those of an ${input.facts.applicantType}, but the application is from an ${type}.`,
          });
        }
        const facts: Record<string, unknown> = { ...input.facts, applicantType: type };
        const since = (key: 'foundedOn' | 'qualityWorkSince', zh: string, en: string): string => {
          const top = input[key];
          const inFacts = facts[key] as string | undefined;
          if (top && inFacts && top !== inFacts)
            throw bad({ zh: `${zh}填写了两个不同的值（${top}、${inFacts}）。`, en: `${en} is given twice with different values (${top}, ${inFacts}).` });
          const value = top ?? inFacts;
          if (!value) throw bad({ zh: `${typeText(type).zh}申报必须填写${zh}。`, en: `An ${type} application needs ${en.toLowerCase()}.` });
          if (value > input.receivedOn)
            throw bad({ zh: `${zh} ${value} 晚于受理日期 ${input.receivedOn}。`, en: `${en} ${value} is after the date of receipt ${input.receivedOn}.` });
          facts[key] = value;
          return value;
        };
        const foundedOn = type === 'organisation' ? since('foundedOn', '成立日期', 'The founding date') : null;
        const qualityWorkSince = type === 'individual' ? since('qualityWorkSince', '从事质量工作起始日期', 'The start of quality work') : null;
        if (type === 'organisation' && input.position)
          throw bad({ zh: '“职务”只适用于个人申报，请留空。', en: 'A position applies to individual applications only; leave it blank.' });

        const nameEn = input.nameEn ?? input.name;
        let organisationId: number | null = null;
        let individualId: number | null = null;
        const org = uscc ? await tx.db.selectFrom('organisations').selectAll().where('uscc', '=', uscc).executeTakeFirst() : undefined;
        if (type === 'organisation') {
          if (org) {
            const other = await tx.db
              .selectFrom('applications')
              .select('code')
              .where('cycle_id', '=', cycle.id)
              .where('organisation_id', '=', org.id)
              .executeTakeFirst();
            if (other) {
              throw apiError('CONFLICT', {
                zh: `该组织（${uscc}）在 ${cycle.year} 年度已有申报 ${other.code}。`,
                en: `This organisation (${uscc}) already has application ${other.code} in the ${cycle.year} cycle.`,
              });
            }
          }
          const legal = facts.independentLegalPerson;
          const values = {
            name_zh: input.name,
            name_en: nameEn,
            sector,
            district,
            founded_on: foundedOn!,
            legal_person: typeof legal === 'boolean' ? (legal ? (1 as const) : (0 as const)) : (org?.legal_person ?? 0),
          };
          if (org) {
            await tx.db.updateTable('organisations').set(values).where('id', '=', org.id).execute();
            organisationId = org.id;
          } else {
            organisationId = (
              await tx.db
                .insertInto('organisations')
                .values({ uscc: uscc!, ...values })
                .returning('id')
                .executeTakeFirstOrThrow()
            ).id;
          }
        } else {
          const head = facts.isHeadOfOrganisation;
          individualId = (
            await tx.db
              .insertInto('individuals')
              .values({
                name_zh: input.name,
                name_en: nameEn,
                sector,
                district,
                quality_work_since: qualityWorkSince!,
                organisation_id: org?.id ?? null,
                is_head: head === true ? 1 : 0,
                position_zh: input.position ?? null,
                position_en: null,
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
        }

        const checked = factsInput.parse(facts);
        const asOf = eligibilityAsOf({ received_on: input.receivedOn }, ctx.services.now());
        const result = runEligibility(checked, asOf);
        const verdict = eligibilityVerdict(result.failures);
        const status = verdict.status === 'incomplete' ? ('pending' as const) : verdict.status;
        const code = await nextCode(tx, cycle.id, cycle.year);
        const at = nowIso(ctx);
        const factsJson = JSON.stringify(checked);
        const { id } = await tx.db
          .insertInto('applications')
          .values({
            cycle_id: cycle.id,
            code,
            applicant_type: type,
            organisation_id: organisationId,
            individual_id: individualId,
            channel,
            recommending_body: input.recommender,
            received_on: input.receivedOn,
            eligibility_facts: factsJson,
            eligibility_status: status,
            eligibility_failures: JSON.stringify(result.failures),
            qualification_status: 'received',
            review_group_id: null,
            status: 'active',
            removed_reason: null,
            created_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (areas.length > 0)
          await tx.db
            .insertInto('application_priority_areas')
            .values(areas.map((area) => ({ application_id: id, area })))
            .execute();
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'application.create',
          entity: 'application',
          entityId: id,
          cycleId: cycle.id,
          before: null,
          after: {
            code,
            applicantType: type,
            name: input.name,
            nameEn,
            uscc,
            sector,
            district,
            channel,
            recommendingBody: input.recommender,
            receivedOn: input.receivedOn,
            priorityAreas: areas,
            organisationId,
            organisationCreated: type === 'organisation' && !org,
            individualId,
            facts: checked,
            eligibilityStatus: status,
            failures: verdict.vetoes.map((f) => f.code),
            toSupplement: verdict.toSupplement.map((f) => f.code),
          },
          at,
        });
        const app = await getApplicationSummary(tx.db, id);
        return { ...applicationJson(app!, cycle.year), id, code };
      }),
    ),

  /**
   * Records that the supplement asked for in the Art. 16 notice arrived: the day it came, the
   * facts it declared (merged into the stored ones; the shape of `applications.updateFacts`) and
   * a note; re-checks eligibility, puts the application back to review and gives the review's
   * deadline, counted from that day. Refused without an open supplement request.
   */
  recordSupplement: allow(...SECRETARIAT)
    .input(z.object({ id: idInput, receivedOn: isoDate, facts: factsInput.optional(), note: text(1, 2000, 'Note').optional() }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const app = await requireApplication(tx, input.id);
        const request = await getSupplementRequest(tx.db, app.id);
        if (!request) {
          throw apiError('PRECONDITION_FAILED', {
            zh: `申报 ${app.code} 尚未发出补充材料通知（第16条），无需登记补充材料。`,
            en: `No supplement was requested for application ${app.code} (Art. 16); there is nothing to record.`,
          });
        }
        if (request.fulfilled_on !== null) {
          throw apiError('CONFLICT', {
            zh: `申报 ${app.code} 的补充材料已于 ${request.fulfilled_on} 登记收到。`,
            en: `The supplement of application ${app.code} was already recorded as received on ${request.fulfilled_on}.`,
          });
        }
        const today = todayOf(ctx);
        if (input.receivedOn < request.requested_on || input.receivedOn > today) {
          throw apiError('BAD_REQUEST', {
            zh: `收到补充材料的日期 ${input.receivedOn} 须在通知日期 ${request.requested_on} 与今天（${today}）之间。`,
            en: `The day the supplement arrived (${input.receivedOn}) must be between the notice (${request.requested_on}) and today (${today}).`,
          });
        }
        let stored: Record<string, unknown> = {};
        try {
          const parsed: unknown = JSON.parse(app.eligibility_facts);
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) stored = parsed as Record<string, unknown>;
        } catch {
          stored = {};
        }
        if (input.facts && input.facts.applicantType !== app.applicant_type) {
          throw apiError('BAD_REQUEST', {
            zh: `申报 ${app.code} 的申报主体是${typeText(app.applicant_type).zh}，补充的申报信息必须一致。`,
            en: `Application ${app.code} is from an ${app.applicant_type}; the supplemented facts must match.`,
          });
        }
        const merged = factsInput.safeParse({ ...stored, ...input.facts, applicantType: app.applicant_type });
        if (!merged.success) {
          throw apiError('PRECONDITION_FAILED', {
            zh: `申报 ${app.code} 存储的申报信息格式不正确，请通过“编辑申报信息”重新录入。`,
            en: `The stored facts of application ${app.code} are malformed; enter them again with "Edit declared facts".`,
          });
        }
        await recordSupplementReceived(tx.db, app.id, { on: input.receivedOn, by: ctx.user!.id, note: input.note ?? null });
        const nextStatus = app.qualification_status === 'supplement_requested' ? 'received' : app.qualification_status;
        if (nextStatus !== app.qualification_status) await setQualificationStatus(tx.db, app.id, nextStatus);
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'application.recordSupplement',
          entity: 'application',
          entityId: app.id,
          cycleId: app.cycle_id,
          before: { qualificationStatus: app.qualification_status, fulfilledOn: null },
          after: {
            qualificationStatus: nextStatus,
            fulfilledOn: input.receivedOn,
            note: input.note ?? null,
            factsGiven: input.facts ? Object.keys(input.facts) : [],
          },
          at: nowIso(ctx),
        });
        const eligibility = await storeEligibility(tx, app, merged.data, 'application.recordSupplement.recheck', input.facts !== undefined);
        const materials = await listMaterialInfos(tx.db, app.id);
        const after = await getSupplementRequest(tx.db, app.id);
        return {
          id: app.id,
          code: app.code,
          article: 16 as const,
          receivedOn: input.receivedOn,
          qualificationStatus: nextStatus,
          eligibility,
          supplementRequest: supplementJson(after),
          /** Required materials still not on file. */
          missingMaterials: findMissingMaterials(
            app.applicant_type,
            materials.map((m) => m.kind),
          ).map(materialName),
          /** The qualification review's deadline, 10 working days from the supplement's arrival. */
          deadline: qualificationDeadline(app, input.receivedOn),
        };
      }),
    ),

  /**
   * The materials of an application (Art. 15, 29) with what is missing. Confidential ones are
   * listed to everyone who may open the application, but their file name, body and download only
   * reach the secretariat and the assigned, non-recused examiners.
   */
  materials: allow(...READERS, 'examiner')
    .input(z.object({ id: idInput }))
    .query(async ({ ctx, input }) => {
      const app = await requireApplication(ctx, input.id);
      const access = await materialAccess(ctx.db, ctx.user!, app.id);
      if (!access.open) throw apiError('FORBIDDEN', NOT_ASSIGNED_REFUSED);
      const materials = await listMaterialInfos(ctx.db, app.id);
      return {
        id: app.id,
        code: app.code,
        canUpload: ctx.user!.role === 'secretariat',
        maxBytes: MAX_MATERIAL_BYTES,
        allowedTypes: ALLOWED_TYPES_TEXT,
        kinds: MATERIAL_KINDS,
        materials: materials.map((m) => materialJson(m, access.confidential)),
        missing: findMissingMaterials(
          app.applicant_type,
          materials.map((m) => m.kind),
        ).map(materialName),
        eligibility: eligibilityJson(app),
      };
    }),

  /** Deletes a material and its file (secretariat; audited with what it was). */
  deleteMaterial: allow(...SECRETARIAT)
    .input(z.object({ id: idInput, materialId: idInput }))
    .mutation(async ({ ctx, input }) =>
      inTransaction(ctx, async (tx) => {
        const app = await requireApplication(tx, input.id);
        const m = await getMaterialInfo(tx.db, input.materialId);
        if (!m || m.applicationId !== app.id)
          throw notFound({ zh: `申报 ${app.code} 的编号为 ${input.materialId} 的材料`, en: `Material ${input.materialId} of application ${app.code}` });
        await deleteMaterial(tx.db, m.id);
        await writeAudit(tx.db, {
          userId: ctx.user!.id,
          action: 'material.delete',
          entity: 'application',
          entityId: app.id,
          cycleId: app.cycle_id,
          before: {
            materialId: m.id,
            title: m.title,
            kind: m.kind,
            confidential: m.confidential,
            fileName: m.fileName,
            sizeBytes: m.sizeBytes,
            sha256: m.sha256,
          },
          after: null,
          at: nowIso(ctx),
        });
        return { id: app.id, materialId: m.id, deleted: true as const };
      }),
    ),
};
