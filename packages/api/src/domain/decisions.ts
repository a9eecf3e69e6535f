/** Recording a committee decision (Art. 19–22), shared by the decision, meeting and objection routes. */
import { insertDecision, writeAudit, type DecisionKind, type Queryable } from '@mqa/db';

export interface DecisionRecord {
  cycleId: number;
  applicationId: number;
  decision: DecisionKind;
  reason: string | null;
  decidedOn: string;
  /** Who recorded it (users.id). */
  userId: number | null;
  /** The application's decision before this one (the audit trail's old value). */
  previous: DecisionKind | null;
  at?: string;
  /** More of what the audit row's new value says (a departure, the objection, the meeting…). */
  details?: Record<string, unknown>;
}

/** Writes the decision and its audit row (old → new) in the caller's transaction; the decision's id. */
export async function recordDecision(db: Queryable, d: DecisionRecord): Promise<number> {
  const decisionId = await insertDecision(db, {
    cycleId: d.cycleId,
    applicationId: d.applicationId,
    decision: d.decision,
    reason: d.reason,
    decidedOn: d.decidedOn,
    decidedBy: d.userId,
  });
  await writeAudit(db, {
    userId: d.userId,
    action: 'decision.record',
    entity: 'committee_decision',
    entityId: decisionId,
    cycleId: d.cycleId,
    before: { applicationId: d.applicationId, decision: d.previous },
    after: { applicationId: d.applicationId, decision: d.decision, reason: d.reason, ...d.details },
    ...(d.at === undefined ? {} : { at: d.at }),
  });
  return decisionId;
}
