/** Examiners' scores, score sheets, consensus records, recusals and review groups. */
import { PostgresAdapter, sql } from 'kysely';
import { STAGE_IDS } from '@mqa/rules';
import type { ConsensusRecord, Examiner, SheetStatus, Stage } from '../schema.ts';
import type { Queryable } from './users.ts';

export interface ScoreCell {
  applicationId: number;
  examinerId: number;
  itemId: string;
  stage: Stage;
  percent: number;
}

export interface ConflictRow {
  applicationId: number;
  examinerId: number;
  source: 'declared' | 'automatic';
  reason: string;
}

export interface ReviewGroupWithMembers {
  id: number;
  cycleId: number;
  nameZh: string;
  nameEn: string;
  leaderExaminerId: number;
  memberIds: number[];
}

export interface SheetRow {
  applicationId: number;
  examinerId: number;
  stage: Stage;
  status: SheetStatus;
  submittedAt: string | null;
  reopenedReason: string | null;
}

export interface ScoreFilter {
  /**
   * Only scores on sheets with status `submitted` (drafts and reopened sheets do not count toward
   * any aggregate). Default false: every stored score.
   */
  submittedOnly?: boolean;
}

/**
 * A cycle's raw scores as columns, one entry per score: the ids, the item as an index into
 * `itemIds` (the item ids met, in the order met), the stage as an index into {@link STAGE_IDS}.
 * The form the scoring core and the analytics read at province scale (10,000 applications have
 * ~1.55 M scores: one object per score costs more than the query).
 */
export interface CycleScoreColumns {
  length: number;
  applicationId: Uint32Array;
  examinerId: Uint32Array;
  itemIds: string[];
  item: Uint8Array;
  stage: Uint8Array;
  percent: Float64Array;
}

/**
 * Every raw score of a cycle's applications (both stages), as columns. The rows are read one per
 * score sheet (application × examiner × stage) with the sheet's items aggregated into one
 * `item=percent,…` string, and unpacked here: SQLite returns that many times faster than one row
 * per score. With `submittedOnly` the query walks the cycle's submitted sheets and aggregates each
 * through the covering index `scores_sheet_cover` (no sort, no table lookups: 0.13 s → 0.03 s at
 * 1,000 applications); otherwise it groups every stored score, sheet or not.
 */
export async function listCycleScoreColumns(db: Queryable, cycleId: number, filter: ScoreFilter = {}): Promise<CycleScoreColumns> {
  const agg = isPostgres(db) ? sql.raw('string_agg') : sql.raw('group_concat');
  const result = filter.submittedOnly
    ? await sql<{ a: number; e: number; st: Stage; v: string | null }>`
        select sh.application_id as a, sh.examiner_id as e, sh.stage as st,
               (select ${agg}(s.item_id || '=' || cast(s.percent as text), ',') from scores s
                 where s.application_id = sh.application_id and s.examiner_id = sh.examiner_id and s.stage = sh.stage) as v
        from applications ap inner join score_sheets sh on sh.application_id = ap.id
        where ap.cycle_id = ${cycleId} and sh.status = 'submitted'
        order by sh.application_id, sh.examiner_id, sh.stage`.execute(db)
    : await sql<{ a: number; e: number; st: Stage; v: string | null }>`
        select s.application_id as a, s.examiner_id as e, s.stage as st,
               ${agg}(s.item_id || '=' || cast(s.percent as text), ',') as v
        from scores s inner join applications ap on ap.id = s.application_id
        where ap.cycle_id = ${cycleId}
        group by s.application_id, s.examiner_id, s.stage
        order by s.application_id, s.examiner_id, s.stage`.execute(db);
  const rows = result.rows;
  // Upper bound: every sheet holds at most one score per item; grown if a sheet holds more.
  let cap = rows.length * 24;
  let applicationId = new Uint32Array(cap);
  let examinerId = new Uint32Array(cap);
  let item = new Uint8Array(cap);
  let stage = new Uint8Array(cap);
  let percent = new Float64Array(cap);
  const itemIds: string[] = [];
  const itemIndex = new Map<string, number>();
  let n = 0;
  for (const r of rows) {
    const v = r.v;
    if (!v) continue; // a submitted sheet without scores
    const a = Number(r.a);
    const e = Number(r.e);
    const st = STAGE_IDS.indexOf(r.st);
    let start = 0;
    for (;;) {
      const eq = v.indexOf('=', start);
      let comma = v.indexOf(',', eq);
      if (comma < 0) comma = v.length;
      if (n === cap) {
        cap *= 2;
        applicationId = grow(applicationId, new Uint32Array(cap));
        examinerId = grow(examinerId, new Uint32Array(cap));
        item = grow(item, new Uint8Array(cap));
        stage = grow(stage, new Uint8Array(cap));
        percent = grow(percent, new Float64Array(cap));
      }
      const id = v.slice(start, eq);
      let t = itemIndex.get(id);
      if (t === undefined) {
        t = itemIds.length;
        if (t > 255) throw new Error('listCycleScoreColumns: more than 256 distinct item ids');
        itemIds.push(id);
        itemIndex.set(id, t);
      }
      applicationId[n] = a;
      examinerId[n] = e;
      item[n] = t;
      stage[n] = st;
      percent[n] = Number(v.slice(eq + 1, comma));
      n++;
      if (comma === v.length) break;
      start = comma + 1;
    }
  }
  return {
    length: n,
    applicationId: applicationId.subarray(0, n),
    examinerId: examinerId.subarray(0, n),
    itemIds,
    item: item.subarray(0, n),
    stage: stage.subarray(0, n),
    percent: percent.subarray(0, n),
  };
}

function grow<T extends Uint32Array | Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Score objects of the columns' entries that `keep` accepts (every entry by default). */
export function scoreCellsOf(c: CycleScoreColumns, keep?: (k: number) => boolean): ScoreCell[] {
  const out: ScoreCell[] = [];
  for (let k = 0; k < c.length; k++) {
    if (keep && !keep(k)) continue;
    out.push({
      applicationId: c.applicationId[k]!,
      examinerId: c.examinerId[k]!,
      itemId: c.itemIds[c.item[k]!]!,
      stage: STAGE_IDS[c.stage[k]!]!,
      percent: c.percent[k]!,
    });
  }
  return out;
}

/** Every raw score of a cycle's applications (both stages), as objects ({@link listCycleScoreColumns}). */
export async function listCycleScores(db: Queryable, cycleId: number, filter: ScoreFilter = {}): Promise<ScoreCell[]> {
  return scoreCellsOf(await listCycleScoreColumns(db, cycleId, filter));
}

function isPostgres(db: Queryable): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function listCycleConflicts(db: Queryable, cycleId: number): Promise<ConflictRow[]> {
  const rows = await db
    .selectFrom('conflicts')
    .innerJoin('applications', 'applications.id', 'conflicts.application_id')
    .select(['conflicts.application_id as applicationId', 'conflicts.examiner_id as examinerId', 'conflicts.source as source', 'conflicts.reason as reason'])
    .where('applications.cycle_id', '=', cycleId)
    .orderBy('conflicts.application_id')
    .orderBy('conflicts.examiner_id')
    .execute();
  return rows;
}

export async function listCycleConsensus(db: Queryable, cycleId: number): Promise<ConsensusRecord[]> {
  return db
    .selectFrom('consensus_records')
    .innerJoin('applications', 'applications.id', 'consensus_records.application_id')
    .selectAll('consensus_records')
    .where('applications.cycle_id', '=', cycleId)
    .orderBy('consensus_records.id')
    .execute();
}

export async function listReviewGroups(db: Queryable, cycleId: number): Promise<ReviewGroupWithMembers[]> {
  const groups = await db.selectFrom('review_groups').selectAll().where('cycle_id', '=', cycleId).orderBy('id').execute();
  if (groups.length === 0) return [];
  const members = await db
    .selectFrom('review_group_members')
    .selectAll()
    .where(
      'review_group_id',
      'in',
      groups.map((g) => g.id),
    )
    .orderBy('examiner_id')
    .execute();
  return groups.map((g) => ({
    id: g.id,
    cycleId: g.cycle_id,
    nameZh: g.name_zh,
    nameEn: g.name_en,
    leaderExaminerId: g.leader_examiner_id,
    memberIds: members.filter((m) => m.review_group_id === g.id).map((m) => m.examiner_id),
  }));
}

export async function listExaminers(db: Queryable, ids?: number[]): Promise<Examiner[]> {
  let q = db.selectFrom('examiners').selectAll().orderBy('id');
  if (ids) {
    if (ids.length === 0) return [];
    q = q.where('id', 'in', ids);
  }
  return q.execute();
}

export async function getExaminer(db: Queryable, id: number): Promise<Examiner | undefined> {
  return db.selectFrom('examiners').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether the examiner has a recusal (declared or automatic) for the application (Art. 24). */
export async function isRecused(db: Queryable, applicationId: number, examinerId: number): Promise<boolean> {
  const row = await db
    .selectFrom('conflicts')
    .select('id')
    .where('application_id', '=', applicationId)
    .where('examiner_id', '=', examinerId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the examiner is a member of the review group the application is assigned to. */
export async function isInApplicationGroup(db: Queryable, applicationId: number, examinerId: number): Promise<boolean> {
  const row = await db
    .selectFrom('applications')
    .innerJoin('review_group_members', 'review_group_members.review_group_id', 'applications.review_group_id')
    .select('applications.id')
    .where('applications.id', '=', applicationId)
    .where('review_group_members.examiner_id', '=', examinerId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Applications assigned to an examiner: those of the review groups the examiner belongs to,
 * minus those the examiner is recused from (Art. 24). Optionally limited to one cycle.
 */
export async function listAssignedApplicationIds(db: Queryable, examinerId: number, cycleId?: number): Promise<number[]> {
  let q = db
    .selectFrom('applications')
    .innerJoin('review_group_members', 'review_group_members.review_group_id', 'applications.review_group_id')
    .select('applications.id')
    .where('review_group_members.examiner_id', '=', examinerId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('conflicts')
            .select('conflicts.id')
            .whereRef('conflicts.application_id', '=', 'applications.id')
            .where('conflicts.examiner_id', '=', examinerId),
        ),
      ),
    )
    .orderBy('applications.id');
  if (cycleId !== undefined) q = q.where('applications.cycle_id', '=', cycleId);
  const rows = await q.execute();
  return rows.map((r) => r.id);
}

export async function getSheet(db: Queryable, applicationId: number, examinerId: number, stage: Stage): Promise<SheetRow | undefined> {
  const r = await db
    .selectFrom('score_sheets')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('examiner_id', '=', examinerId)
    .where('stage', '=', stage)
    .executeTakeFirst();
  if (!r) return undefined;
  return {
    applicationId: r.application_id,
    examinerId: r.examiner_id,
    stage: r.stage,
    status: r.status,
    submittedAt: r.submitted_at,
    reopenedReason: r.reopened_reason,
  };
}

export async function upsertSheet(
  db: Queryable,
  sheet: {
    applicationId: number;
    examinerId: number;
    stage: Stage;
    status: SheetStatus;
    submittedAt: string | null;
    reopenedReason?: string | null;
    reopenedBy?: number | null;
  },
): Promise<void> {
  const values = {
    application_id: sheet.applicationId,
    examiner_id: sheet.examinerId,
    stage: sheet.stage,
    status: sheet.status,
    submitted_at: sheet.submittedAt,
    reopened_reason: sheet.reopenedReason ?? null,
    reopened_by: sheet.reopenedBy ?? null,
  };
  await db
    .insertInto('score_sheets')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['application_id', 'examiner_id', 'stage']).doUpdateSet({
        status: values.status,
        submitted_at: values.submitted_at,
        ...(sheet.reopenedReason !== undefined ? { reopened_reason: values.reopened_reason, reopened_by: values.reopened_by } : {}),
      }),
    )
    .execute();
}

/** One examiner's percentages for one application and stage: itemId → percent. */
export async function getSheetPercents(db: Queryable, applicationId: number, examinerId: number, stage: Stage): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('scores')
    .select(['item_id', 'percent'])
    .where('application_id', '=', applicationId)
    .where('examiner_id', '=', examinerId)
    .where('stage', '=', stage)
    .execute();
  const out: Record<string, number> = {};
  for (const r of rows) out[r.item_id] = r.percent;
  return out;
}

/** Sets (number) or clears (null) one examiner's percentages; other items stay as they are. */
export async function writeSheetPercents(
  db: Queryable,
  cell: { applicationId: number; examinerId: number; stage: Stage },
  percents: Record<string, number | null>,
  at: string,
): Promise<void> {
  for (const [itemId, percent] of Object.entries(percents)) {
    if (percent === null) {
      await db
        .deleteFrom('scores')
        .where('application_id', '=', cell.applicationId)
        .where('examiner_id', '=', cell.examinerId)
        .where('stage', '=', cell.stage)
        .where('item_id', '=', itemId)
        .execute();
    } else {
      await db
        .insertInto('scores')
        .values({
          application_id: cell.applicationId,
          examiner_id: cell.examinerId,
          item_id: itemId,
          stage: cell.stage,
          percent,
          comment: null,
          updated_at: at,
        })
        .onConflict((oc) => oc.columns(['application_id', 'examiner_id', 'item_id', 'stage']).doUpdateSet({ percent, updated_at: at }))
        .execute();
    }
  }
}

/** Scores of every examiner for one application and stage. */
export async function listApplicationScores(db: Queryable, applicationId: number, stage?: Stage, filter: ScoreFilter = {}): Promise<ScoreCell[]> {
  let q = db
    .selectFrom('scores')
    .select([
      'scores.application_id as applicationId',
      'scores.examiner_id as examinerId',
      'scores.item_id as itemId',
      'scores.stage as stage',
      'scores.percent as percent',
    ])
    .where('scores.application_id', '=', applicationId);
  if (stage) q = q.where('scores.stage', '=', stage);
  if (filter.submittedOnly) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('score_sheets')
          .select('score_sheets.status')
          .whereRef('score_sheets.application_id', '=', 'scores.application_id')
          .whereRef('score_sheets.examiner_id', '=', 'scores.examiner_id')
          .whereRef('score_sheets.stage', '=', 'scores.stage')
          .where('score_sheets.status', '=', 'submitted'),
      ),
    );
  }
  return await q.execute();
}

export async function getConsensus(db: Queryable, applicationId: number, itemId: string, stage: Stage): Promise<ConsensusRecord | undefined> {
  return db
    .selectFrom('consensus_records')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('item_id', '=', itemId)
    .where('stage', '=', stage)
    .executeTakeFirst();
}

export async function listApplicationConsensus(db: Queryable, applicationId: number): Promise<ConsensusRecord[]> {
  return db.selectFrom('consensus_records').selectAll().where('application_id', '=', applicationId).orderBy('id').execute();
}

export async function upsertConsensus(
  db: Queryable,
  rec: { applicationId: number; itemId: string; stage: Stage; percent: number; reason: string; recordedBy: number | null; at: string },
): Promise<void> {
  await db
    .insertInto('consensus_records')
    .values({
      application_id: rec.applicationId,
      item_id: rec.itemId,
      stage: rec.stage,
      percent: rec.percent,
      reason: rec.reason,
      recorded_by: rec.recordedBy,
      recorded_at: rec.at,
    })
    .onConflict((oc) =>
      oc.columns(['application_id', 'item_id', 'stage']).doUpdateSet({
        percent: rec.percent,
        reason: rec.reason,
        recorded_by: rec.recordedBy,
        recorded_at: rec.at,
      }),
    )
    .execute();
}

/** Every score sheet of one examiner. */
export async function listExaminerSheets(db: Queryable, examinerId: number): Promise<SheetRow[]> {
  const rows = await db
    .selectFrom('score_sheets')
    .select([
      'application_id as applicationId',
      'examiner_id as examinerId',
      'stage',
      'status',
      'submitted_at as submittedAt',
      'reopened_reason as reopenedReason',
    ])
    .where('examiner_id', '=', examinerId)
    .execute();
  return rows;
}

/** Number of items one examiner has scored, per application and stage. */
export async function countExaminerScores(db: Queryable, examinerId: number): Promise<{ applicationId: number; stage: Stage; n: number }[]> {
  const rows = await db
    .selectFrom('scores')
    .select(['application_id as applicationId', 'stage', (eb) => eb.fn.countAll<number>().as('n')])
    .where('examiner_id', '=', examinerId)
    .groupBy(['application_id', 'stage'])
    .execute();
  return rows.map((r) => ({ applicationId: r.applicationId, stage: r.stage, n: Number(r.n) }));
}
