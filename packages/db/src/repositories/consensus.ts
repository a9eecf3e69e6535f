/**
 * The consensus review (history of every recording, the secretariat's early openings), the
 * examiners' per-item comments, and the candidates chosen for on-site review (Art. 17).
 */
import type { Stage } from '../schema.ts';
import type { Queryable } from './users.ts';

export interface ConsensusHistoryRow {
  id: number;
  applicationId: number;
  itemId: string;
  stage: Stage;
  oldPercent: number | null;
  oldReason: string | null;
  percent: number;
  reason: string;
  independentPercent: number | null;
  independentMethod: string | null;
  recordedBy: number | null;
  recordedByName: string | null;
  recordedAt: string;
}

export async function insertConsensusHistory(db: Queryable, row: Omit<ConsensusHistoryRow, 'id' | 'recordedByName'>): Promise<void> {
  await db
    .insertInto('consensus_history')
    .values({
      application_id: row.applicationId,
      item_id: row.itemId,
      stage: row.stage,
      old_percent: row.oldPercent,
      old_reason: row.oldReason,
      percent: row.percent,
      reason: row.reason,
      independent_percent: row.independentPercent,
      independent_method: row.independentMethod,
      recorded_by: row.recordedBy,
      recorded_at: row.recordedAt,
    })
    .execute();
}

/** The consensus history of some applications, oldest first. */
export async function listConsensusHistory(db: Queryable, applicationIds: number[]): Promise<ConsensusHistoryRow[]> {
  if (applicationIds.length === 0) return [];
  return db
    .selectFrom('consensus_history')
    .leftJoin('users', 'users.id', 'consensus_history.recorded_by')
    .select([
      'consensus_history.id as id',
      'consensus_history.application_id as applicationId',
      'consensus_history.item_id as itemId',
      'consensus_history.stage as stage',
      'consensus_history.old_percent as oldPercent',
      'consensus_history.old_reason as oldReason',
      'consensus_history.percent as percent',
      'consensus_history.reason as reason',
      'consensus_history.independent_percent as independentPercent',
      'consensus_history.independent_method as independentMethod',
      'consensus_history.recorded_by as recordedBy',
      'users.display_name as recordedByName',
      'consensus_history.recorded_at as recordedAt',
    ])
    .where('consensus_history.application_id', 'in', applicationIds)
    .orderBy('consensus_history.id')
    .execute();
}

/** Stores the independent statistic a consensus record was recorded against. */
export async function setConsensusIndependent(
  db: Queryable,
  key: { applicationId: number; itemId: string; stage: Stage },
  independent: { percent: number | null; method: string | null },
): Promise<void> {
  await db
    .updateTable('consensus_records')
    .set({ independent_percent: independent.percent, independent_method: independent.method })
    .where('application_id', '=', key.applicationId)
    .where('item_id', '=', key.itemId)
    .where('stage', '=', key.stage)
    .execute();
}

export interface ConsensusOpening {
  applicationId: number;
  stage: Stage;
  reason: string;
  openedBy: number | null;
  openedByName: string | null;
  openedAt: string;
}

export async function listConsensusOpenings(db: Queryable, applicationIds: number[]): Promise<ConsensusOpening[]> {
  if (applicationIds.length === 0) return [];
  return db
    .selectFrom('consensus_openings')
    .leftJoin('users', 'users.id', 'consensus_openings.opened_by')
    .select([
      'consensus_openings.application_id as applicationId',
      'consensus_openings.stage as stage',
      'consensus_openings.reason as reason',
      'consensus_openings.opened_by as openedBy',
      'users.display_name as openedByName',
      'consensus_openings.opened_at as openedAt',
    ])
    .where('consensus_openings.application_id', 'in', applicationIds)
    .execute();
}

export async function upsertConsensusOpening(
  db: Queryable,
  row: { applicationId: number; stage: Stage; reason: string; openedBy: number | null; openedAt: string },
): Promise<void> {
  await db
    .insertInto('consensus_openings')
    .values({ application_id: row.applicationId, stage: row.stage, reason: row.reason, opened_by: row.openedBy, opened_at: row.openedAt })
    .onConflict((oc) => oc.columns(['application_id', 'stage']).doUpdateSet({ reason: row.reason, opened_by: row.openedBy, opened_at: row.openedAt }))
    .execute();
}

export interface ScoreWithComment {
  applicationId: number;
  examinerId: number;
  itemId: string;
  stage: Stage;
  percent: number;
  comment: string | null;
}

/** Every stored score of some applications in one stage, with the examiner's comment. */
export async function listScoresWithComments(db: Queryable, applicationIds: number[], stage: Stage): Promise<ScoreWithComment[]> {
  if (applicationIds.length === 0) return [];
  return db
    .selectFrom('scores')
    .select(['application_id as applicationId', 'examiner_id as examinerId', 'item_id as itemId', 'stage', 'percent', 'comment'])
    .where('application_id', 'in', applicationIds)
    .where('stage', '=', stage)
    .execute();
}

/** One examiner's comments for one application and stage: itemId → comment (items without one left out). */
export async function getSheetComments(db: Queryable, applicationId: number, examinerId: number, stage: Stage): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('scores')
    .select(['item_id', 'comment'])
    .where('application_id', '=', applicationId)
    .where('examiner_id', '=', examinerId)
    .where('stage', '=', stage)
    .where('comment', 'is not', null)
    .execute();
  const out: Record<string, string> = {};
  for (const r of rows) if (r.comment) out[r.item_id] = r.comment;
  return out;
}

/** Sets (text) or clears (null) the comments of scored items; the caller checks each item has a score. */
export async function writeSheetComments(
  db: Queryable,
  cell: { applicationId: number; examinerId: number; stage: Stage },
  comments: Record<string, string | null>,
): Promise<void> {
  for (const [itemId, comment] of Object.entries(comments)) {
    await db
      .updateTable('scores')
      .set({ comment })
      .where('application_id', '=', cell.applicationId)
      .where('examiner_id', '=', cell.examinerId)
      .where('stage', '=', cell.stage)
      .where('item_id', '=', itemId)
      .execute();
  }
}

/**
 * Applications of a cycle chosen for on-site review: those the secretariat selected, and those
 * that already have on-site sheets (data from before the selection was recorded).
 */
export async function listOnsiteSelected(
  db: Queryable,
  cycleId: number,
): Promise<{ applicationId: number; selectedBy: number | null; selectedAt: string | null }[]> {
  const selected = await db
    .selectFrom('onsite_selections')
    .innerJoin('applications', 'applications.id', 'onsite_selections.application_id')
    .select(['onsite_selections.application_id as applicationId', 'onsite_selections.selected_by as selectedBy', 'onsite_selections.selected_at as selectedAt'])
    .where('applications.cycle_id', '=', cycleId)
    .execute();
  const withSheets = await db
    .selectFrom('score_sheets')
    .innerJoin('applications', 'applications.id', 'score_sheets.application_id')
    .select('score_sheets.application_id as applicationId')
    .distinct()
    .where('applications.cycle_id', '=', cycleId)
    .where('score_sheets.stage', '=', 'onsite')
    .execute();
  const out = new Map<number, { applicationId: number; selectedBy: number | null; selectedAt: string | null }>(selected.map((s) => [s.applicationId, s]));
  for (const s of withSheets) if (!out.has(s.applicationId)) out.set(s.applicationId, { applicationId: s.applicationId, selectedBy: null, selectedAt: null });
  return [...out.values()].sort((a, b) => a.applicationId - b.applicationId);
}

/** Whether an application is chosen for on-site review (see {@link listOnsiteSelected}). */
export async function isSelectedForOnsite(db: Queryable, applicationId: number): Promise<boolean> {
  const selected = await db.selectFrom('onsite_selections').select('application_id').where('application_id', '=', applicationId).executeTakeFirst();
  if (selected) return true;
  const sheet = await db
    .selectFrom('score_sheets')
    .select('application_id')
    .where('application_id', '=', applicationId)
    .where('stage', '=', 'onsite')
    .executeTakeFirst();
  return sheet !== undefined;
}

/** Replaces the on-site selection of a cycle's applications with `applicationIds` (those kept keep their date). */
export async function replaceOnsiteSelection(db: Queryable, cycleId: number, applicationIds: number[], by: number | null, at: string): Promise<void> {
  const ofCycle = db.selectFrom('applications').select('id').where('cycle_id', '=', cycleId);
  let del = db.deleteFrom('onsite_selections').where('application_id', 'in', ofCycle);
  if (applicationIds.length) del = del.where('application_id', 'not in', applicationIds);
  await del.execute();
  for (const id of applicationIds) {
    await db
      .insertInto('onsite_selections')
      .values({ application_id: id, selected_by: by, selected_at: at })
      .onConflict((oc) => oc.column('application_id').doNothing())
      .execute();
  }
}
