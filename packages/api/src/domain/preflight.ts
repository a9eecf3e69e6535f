/**
 * The pre-flight of a phase step: counts the cycle's open business and hands the facts to
 * @mqa/rules `phasePreflight`, which decides what matters for the step and words it with its
 * article. Disagreements are read from the scoring core's agenda of the closing stage (items at
 * or above the cycle's flag threshold) against the consensus records of that stage.
 */
import { CYCLE_PHASES, listOnsiteSelected, type Cycle, type DB, type Stage } from '@mqa/db';
import { checkTimeline, findMissingMaterials, phasePreflight, todayInChina, type CycleTimeline, type PreflightFacts, type PreflightWarning } from '@mqa/rules';
import { loadCycleBundle, scoreStage } from './cycle.ts';

export function timelineOfCycle(c: Cycle): CycleTimeline {
  const t: CycleTimeline = {};
  const set = (k: keyof CycleTimeline, v: string | null) => {
    if (v) t[k] = v;
  };
  set('callOpens', c.call_opens);
  set('callCloses', c.call_closes);
  set('applicationsReceived', c.applications_received);
  set('qualificationDone', c.qualification_done);
  set('reviewStarts', c.review_starts);
  set('reviewEnds', c.review_ends);
  set('commentStarts', c.comment_starts);
  set('commentEnds', c.comment_ends);
  set('noticeStarts', c.notice_starts);
  set('noticeEnds', c.notice_ends);
  return t;
}

export interface Preflight {
  from: Cycle['phase'];
  /** Null when the cycle is awarded (there is no next phase). */
  to: Cycle['phase'] | null;
  asOf: string;
  warnings: PreflightWarning[];
}

/** The warnings of moving the cycle on to its next phase, as of today in China. */
export async function cyclePreflight(db: DB, cycle: Cycle, now: Date): Promise<Preflight> {
  const asOf = todayInChina(now);
  const next = CYCLE_PHASES[CYCLE_PHASES.indexOf(cycle.phase) + 1] ?? null;
  if (!next) return { from: cycle.phase, to: null, asOf, warnings: [] };

  const bundle = await loadCycleBundle(db, cycle);
  const active = bundle.applications.filter((a) => a.status === 'active');
  const qualified = active.filter((a) => a.qualification_status === 'qualified');
  const ids = active.map((a) => a.id);

  const [supplements, materials, onsite, decisions, objections] = await Promise.all([
    ids.length
      ? db.selectFrom('supplement_requests').select('application_id').where('application_id', 'in', ids).where('fulfilled_on', 'is', null).execute()
      : [],
    ids.length ? db.selectFrom('application_materials').select(['application_id', 'kind']).where('application_id', 'in', ids).execute() : [],
    listOnsiteSelected(db, cycle.id),
    db.selectFrom('committee_decisions').select('id').where('cycle_id', '=', cycle.id).execute(),
    ids.length ? db.selectFrom('objections').select('id').where('application_id', 'in', ids).where('status', '=', 'open').execute() : [],
  ]);
  const kindsOf = new Map<number, string[]>();
  for (const m of materials) kindsOf.set(m.application_id, [...(kindsOf.get(m.application_id) ?? []), m.kind]);

  const facts: PreflightFacts = {
    from: cycle.phase,
    to: next,
    callDatesSet: Boolean(cycle.call_opens && cycle.call_closes),
    applications: active.length,
    qualificationUndecided: active.filter((a) => a.qualification_status === 'received' || a.qualification_status === 'supplement_requested').length,
    qualified: qualified.length,
    pendingSupplements: supplements.length,
    missingMaterials: qualified.filter((a) => findMissingMaterials(a.applicant_type, kindsOf.get(a.id) ?? []).length > 0).length,
    withoutGroup: qualified.filter((a) => a.review_group_id === null).length,
    onsiteSelected: onsite.length,
    committeeDecisions: decisions.length,
    openObjections: objections.length,
    breaches: checkTimeline(timelineOfCycle(cycle), { asOf })
      .filter((t) => t.status === 'breach' || t.overdue === true)
      .map((t) => ({ article: t.article, code: t.code, message: t.message })),
  };

  const closing: Stage | null = cycle.phase === 'material_review' ? 'material' : cycle.phase === 'onsite_review' ? 'onsite' : null;
  if (closing) {
    const onsiteIds = new Set(onsite.map((o) => o.applicationId));
    const reviewed = qualified.filter((a) => a.review_group_id !== null && (closing === 'material' || onsiteIds.has(a.id)));
    const groupMembers = new Map(bundle.groups.map((g) => [g.id, g.memberIds]));
    const recused = new Set(bundle.conflicts.map((c) => `${c.applicationId}|${c.examinerId}`));
    const sheets = reviewed.length
      ? await db
          .selectFrom('score_sheets')
          .select(['application_id', 'examiner_id', 'status'])
          .where('stage', '=', closing)
          .where(
            'application_id',
            'in',
            reviewed.map((a) => a.id),
          )
          .execute()
      : [];
    const statusOf = new Map(sheets.map((s) => [`${s.application_id}|${s.examiner_id}`, s.status]));
    let notStarted = 0;
    let notSubmitted = 0;
    for (const a of reviewed) {
      for (const e of groupMembers.get(a.review_group_id!) ?? []) {
        const key = `${a.id}|${e}`;
        if (recused.has(key)) continue;
        const status = statusOf.get(key);
        if (status === undefined) notStarted++;
        else if (status !== 'submitted') notSubmitted++;
      }
    }
    facts.sheets = { stage: closing, notStarted, notSubmitted };
    const agreed = new Set(bundle.consensus.filter((c) => c.stage === closing).map((c) => `${c.application_id}|${c.item_id}`));
    const agenda = scoreStage(bundle, closing).agenda;
    facts.openDisagreements = {
      count: agenda.filter((a) => !agreed.has(`${a.applicationId}|${a.itemId}`)).length,
      threshold: cycle.flag_threshold,
    };
  }

  const ending =
    cycle.phase === 'call_for_applications'
      ? ([14, cycle.call_closes] as const)
      : cycle.phase === 'public_comment'
        ? ([18, cycle.comment_ends] as const)
        : cycle.phase === 'public_notice'
          ? ([21, cycle.notice_ends] as const)
          : null;
  if (ending && ending[1] && ending[1] > asOf) facts.periodEndsAfterToday = { article: ending[0], ends: ending[1] };

  return { from: cycle.phase, to: next, asOf, warnings: phasePreflight(facts) };
}
