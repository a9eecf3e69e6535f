/**
 * Writes the demo plan into a migrated database in one transaction: `seedDemo(db)`.
 * Ids are left to the database; rows are linked through natural keys looked up after each
 * batch, so the same code works on SQLite and PostgreSQL.
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import { writeAudit } from '../repositories/audit.ts';
import { DEFAULT_SEED } from './prng.ts';
import { DEMO_TIMESTAMP, DEMO_AS_OF, SYNTHETIC_NOTE, generateDemoPlan, type DemoPlan } from './generate.ts';
import { generateScalePlan } from './scale.ts';

export interface SeedOptions {
  /** PRNG seed; the default gives the documented demo database. */
  seed?: number;
  /**
   * Instead of the four-cycle demo, one synthetic 2025 cycle of this many applications (7
   * examiners × 23 items each; see `scale.ts`), for scale tests and benchmarks.
   */
  applications?: number;
}

export interface SeedSummary {
  seed: number;
  /** Rows written per table. */
  counts: Record<string, number>;
  /** Applications per cycle year. */
  applicationsPerCycle: Record<number, number>;
  /** Awards per cycle year. */
  awardsPerCycle: Record<number, number>;
  /** Id of the examiner with open 2025 assignments (also in meta `demo_examiner_id`). */
  demoExaminerId: number;
  /** Milliseconds spent generating and writing. */
  elapsedMs: number;
}

/** Thrown when the database already holds cycles: seeding never mixes demo data into real data. */
export class SeedRefusedError extends Error {
  readonly code = 'seed_refused';
  readonly text: { zh: string; en: string };
  constructor(cycles: number) {
    const text = {
      zh: `数据库中已有 ${cycles} 个评审周期，拒绝写入演示数据（演示数据只能写入空数据库；如需重建请使用 --reset）。`,
      en: `The database already holds ${cycles} cycle(s); refusing to write demo data (demo data only goes into an empty database; use --reset to rebuild).`,
    };
    super(`${text.en} (${text.zh})`);
    this.name = 'SeedRefusedError';
    this.text = text;
  }
}

/** Meta keys written by the seed. */
export const SEED_META_KEYS = ['synthetic', 'seed', 'generated_note', 'demo_examiner_id', 'demo_as_of'] as const;

type Trx = Transaction<Database>;
type TableName = keyof Database;

/** Parameters per statement, below SQLite's 32766 and PostgreSQL's 65535 bind-variable limits. */
const MAX_PARAMS = 30000;
const MAX_ROWS = 2000;

async function insertMany<T extends TableName>(trx: Trx, table: T, rows: readonly Insertable<Database[T]>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const cols = Object.keys(rows[0]!).length;
  const chunk = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / cols)));
  for (let i = 0; i < rows.length; i += chunk) {
    // Rows are typed as the table's Insertable shape above; Kysely cannot narrow a generic table name.
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + chunk))
      .execute();
  }
  return rows.length;
}

function need<K, V>(map: Map<K, V>, key: K, what: string): V {
  const v = map.get(key);
  if (v === undefined) throw new Error(`Demo seed: unknown ${what} "${String(key)}"`);
  return v;
}

/**
 * Fills an empty, migrated database with the deterministic demo data (see README). Everything
 * happens in one transaction; a database that already has cycles is refused with a
 * {@link SeedRefusedError} and left untouched.
 */
export async function seedDemo(db: Kysely<Database>, options: SeedOptions = {}): Promise<SeedSummary> {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const plan = options.applications === undefined ? generateDemoPlan(seed) : generateScalePlan(seed, options.applications);
  const counts = await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('cycles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(existing.n) > 0) throw new SeedRefusedError(Number(existing.n));
    return writePlan(trx, plan);
  });
  const demoExaminerId = Number((await db.selectFrom('meta').select('value').where('key', '=', 'demo_examiner_id').executeTakeFirstOrThrow()).value);
  const applicationsPerCycle: Record<number, number> = {};
  for (const a of plan.applications) applicationsPerCycle[a.year] = (applicationsPerCycle[a.year] ?? 0) + 1;
  const awardsPerCycle: Record<number, number> = {};
  for (const c of plan.cycles) awardsPerCycle[c.year] = 0;
  for (const a of plan.awards) awardsPerCycle[a.year] = (awardsPerCycle[a.year] ?? 0) + 1;
  return {
    seed,
    counts,
    applicationsPerCycle,
    awardsPerCycle,
    demoExaminerId,
    elapsedMs: Math.round(performance.now() - started),
  };
}

async function writePlan(trx: Trx, plan: DemoPlan): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const put = async <T extends TableName>(table: T, rows: readonly Insertable<Database[T]>[]) => {
    counts[table] = (counts[table] ?? 0) + (await insertMany(trx, table, rows));
  };

  // Weight sets (an existing set with the same code and version is reused, not duplicated).
  const wsId = new Map<string, number>();
  for (const ws of plan.weightSets) {
    const found = await trx.selectFrom('weight_sets').select('id').where('code', '=', ws.code).where('version', '=', ws.version).executeTakeFirst();
    if (found) {
      wsId.set(ws.code, found.id);
      continue;
    }
    const inserted = await trx
      .insertInto('weight_sets')
      .values({
        code: ws.code,
        version: ws.version,
        name_zh: ws.name_zh,
        name_en: ws.name_en,
        status: ws.status,
        based_on_id: ws.basedOnCode ? need(wsId, ws.basedOnCode, 'weight set') : null,
        note: ws.note,
        created_by: null,
        created_at: ws.created_at,
        frozen_at: ws.frozen_at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    counts.weight_sets = (counts.weight_sets ?? 0) + 1;
    wsId.set(ws.code, inserted.id);
    await put(
      'weight_set_items',
      Object.entries(ws.points).map(([item_id, points]) => ({ weight_set_id: inserted.id, item_id, points })),
    );
  }

  await put(
    'cycles',
    plan.cycles.map(({ weightSetCode, ...c }) => ({ ...c, weight_set_id: need(wsId, weightSetCode, 'weight set') })),
  );
  const cycleId = new Map((await trx.selectFrom('cycles').select(['id', 'year']).execute()).map((r) => [r.year, r.id]));

  await put('organisations', plan.organisations);
  const orgId = new Map((await trx.selectFrom('organisations').select(['id', 'uscc']).execute()).map((r) => [r.uscc, r.id]));

  await put(
    'individuals',
    plan.individuals.map(({ organisationUscc, ...p }) => ({
      ...p,
      organisation_id: organisationUscc ? need(orgId, organisationUscc, 'organisation') : null,
    })),
  );
  const indId = new Map((await trx.selectFrom('individuals').select(['id', 'name_zh']).execute()).map((r) => [r.name_zh, r.id]));

  await put('examiners', plan.examiners);
  const exId = new Map((await trx.selectFrom('examiners').select(['id', 'name_zh']).execute()).map((r) => [r.name_zh, r.id]));
  const ex = (name: string) => need(exId, name, 'examiner');

  await put(
    'examiner_ties',
    plan.ties.map((t) => ({
      examiner_id: ex(t.examiner),
      organisation_id: need(orgId, t.organisationUscc, 'organisation'),
      kind: t.kind,
      note: t.note,
    })),
  );

  await put(
    'review_groups',
    plan.groups.map((g) => ({
      cycle_id: need(cycleId, g.year, 'cycle'),
      name_zh: g.name_zh,
      name_en: g.name_en,
      leader_examiner_id: ex(g.leader),
    })),
  );
  const groupId = new Map(
    (await trx.selectFrom('review_groups').select(['id', 'cycle_id', 'name_zh']).execute()).map((r) => [`${r.cycle_id}|${r.name_zh}`, r.id]),
  );
  const grp = (year: number, name: string) => need(groupId, `${need(cycleId, year, 'cycle')}|${name}`, 'review group');
  await put(
    'review_group_members',
    plan.groups.flatMap((g) => g.members.map((m) => ({ review_group_id: grp(g.year, g.name_zh), examiner_id: ex(m) }))),
  );

  await put(
    'applications',
    plan.applications.map((a) => ({
      cycle_id: need(cycleId, a.year, 'cycle'),
      code: a.code,
      applicant_type: a.applicant_type,
      organisation_id: a.organisationUscc ? need(orgId, a.organisationUscc, 'organisation') : null,
      individual_id: a.individualName ? need(indId, a.individualName, 'individual') : null,
      channel: a.channel,
      recommending_body: a.recommending_body,
      received_on: a.received_on,
      eligibility_facts: a.eligibility_facts,
      eligibility_status: a.eligibility_status,
      eligibility_failures: a.eligibility_failures,
      qualification_status: a.qualification_status,
      review_group_id: a.group ? grp(a.year, a.group) : null,
      status: a.status,
      removed_reason: a.removed_reason,
      created_at: a.created_at,
    })),
  );
  // Codes carry the year (`2025-017`), so they are unique across cycles.
  const appId = new Map((await trx.selectFrom('applications').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
  const app = (code: string) => need(appId, code, 'application');

  await put(
    'application_priority_areas',
    plan.applications.flatMap((a) => a.priorityAreas.map((area) => ({ application_id: app(a.code), area }))),
  );
  await put(
    'supplement_requests',
    plan.supplements.map((s) => ({
      application_id: app(s.application),
      items: s.items,
      requested_on: s.requested_on,
      requested_by: null,
      fulfilled_on: s.fulfilled_on,
    })),
  );
  await put(
    'application_materials',
    plan.materials.map(({ application, ...m }) => ({ application_id: app(application), ...m })),
  );
  await put(
    'conflicts',
    plan.conflicts.map(({ application, examiner, ...c }) => ({ application_id: app(application), examiner_id: ex(examiner), ...c })),
  );
  await put(
    'scores',
    plan.scores.map((s) => ({
      application_id: app(s.application),
      examiner_id: ex(s.examiner),
      item_id: s.item_id,
      stage: s.stage,
      percent: s.percent,
      comment: s.comment,
      updated_at: s.updated_at,
    })),
  );
  await put(
    'score_sheets',
    plan.sheets.map((s) => ({
      application_id: app(s.application),
      examiner_id: ex(s.examiner),
      stage: s.stage,
      status: s.status,
      submitted_at: s.submitted_at,
      reopened_reason: null,
      reopened_by: null,
    })),
  );
  await put(
    'consensus_records',
    plan.consensus.map(({ application, ...c }) => ({ application_id: app(application), ...c, recorded_by: null })),
  );
  await put(
    'public_comments',
    plan.comments.map((c) => ({
      cycle_id: need(cycleId, c.year, 'cycle'),
      application_id: c.application ? app(c.application) : null,
      received_on: c.received_on,
      body: c.body,
    })),
  );
  await put(
    'objections',
    plan.objections.map(({ application, ...o }) => ({ application_id: app(application), ...o })),
  );
  await put(
    'committee_decisions',
    plan.decisions.map((d) => ({
      cycle_id: need(cycleId, d.year, 'cycle'),
      application_id: app(d.application),
      decision: d.decision,
      reason: d.reason,
      decided_on: d.decided_on,
      decided_by: null,
    })),
  );
  await put(
    'awards',
    plan.awards.map((a) => ({
      application_id: app(a.application),
      cycle_id: need(cycleId, a.year, 'cycle'),
      awarded_on: a.awarded_on,
      valid_until: a.valid_until,
      prize_rmb: a.prize_rmb,
      certificate_no: a.certificate_no,
      // The government's approval is the award date; the plaque carries the certificate's number.
      approved_on: a.awarded_on,
      plaque_no: `${a.certificate_no}-P`,
    })),
  );
  const awardId = new Map((await trx.selectFrom('awards').select(['id', 'certificate_no']).execute()).map((r) => [r.certificate_no, r.id]));
  await put(
    'revocations',
    plan.revocations.map(({ certificate_no, ...r }) => ({
      award_id: need(awardId, certificate_no, 'award'),
      ...r,
      decided_by: null,
    })),
  );
  await put(
    'org_indicators',
    plan.indicators.map((i) => ({
      organisation_id: need(orgId, i.organisationUscc, 'organisation'),
      year: i.year,
      indicator: i.indicator,
      value: i.value,
    })),
  );
  await put(
    'incidents',
    plan.incidents.map(({ organisationUscc, ...i }) => ({ organisation_id: need(orgId, organisationUscc, 'organisation'), ...i })),
  );
  await put(
    'feedback',
    plan.feedback.map(({ application, examiner, ...f }) => ({ application_id: app(application), examiner_id: ex(examiner), ...f })),
  );

  const demoExaminerId = ex(plan.demoExaminer);
  await put('meta', [
    { key: 'synthetic', value: 'true' },
    { key: 'seed', value: String(plan.seed) },
    { key: 'generated_note', value: SYNTHETIC_NOTE },
    { key: 'demo_examiner_id', value: String(demoExaminerId) },
    { key: 'demo_as_of', value: DEMO_AS_OF },
  ]);
  const snapshot = { ...counts };
  // Through the one writer of the audit chain (Art. 26), like every other audit row.
  await writeAudit(trx, {
    at: DEMO_TIMESTAMP,
    userId: null,
    action: 'seed',
    entity: 'database',
    after: { seed: plan.seed, note: SYNTHETIC_NOTE, counts: snapshot },
  });
  counts.audit_log = (counts.audit_log ?? 0) + 1;
  return counts;
}
