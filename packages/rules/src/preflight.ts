/**
 * Pre-flight of a phase transition: what is still open when the secretariat moves a cycle on.
 *
 * The caller counts the facts of the cycle; this module decides which of them matter for the
 * step from `from` to `to`, and words each warning with the article of the measures it rests
 * on. A warning does not forbid the step (the measures leave that to the secretariat), but the
 * step then needs an explicit confirmation, and the warnings are kept with it.
 */
import type { LocalizedText } from './i18n.ts';
import { CYCLE_PHASES, type CyclePhase } from './vocabulary.ts';

export interface PreflightFacts {
  from: CyclePhase;
  to: CyclePhase;
  /** Both Art. 14 call dates (opens, closes) are set. */
  callDatesSet: boolean;
  /** Active applications of the cycle. */
  applications: number;
  /** Active applications whose qualification review is not decided (received or supplement requested). */
  qualificationUndecided: number;
  /** Active qualified applications. */
  qualified: number;
  /** Supplement requests not yet fulfilled (Art. 16). */
  pendingSupplements: number;
  /** Active qualified applications lacking a required material (Art. 15). */
  missingMaterials: number;
  /** Active qualified applications without a review group (Art. 17). */
  withoutGroup: number;
  /** Per stage closing with this step: sheets of assigned, non-recused examiners. */
  sheets?: { stage: 'material' | 'onsite'; notStarted: number; notSubmitted: number };
  /** Items of the closing stage flagged above the threshold without a consensus. */
  openDisagreements?: { count: number; threshold: number };
  /** Applications chosen for on-site review. */
  onsiteSelected: number;
  /** Recorded committee decisions (Art. 20). */
  committeeDecisions: number;
  /** Objections not yet decided (Art. 21). */
  openObjections: number;
  /** The end date of the period the step closes, when it is still in the future (Art. 14, 18, 21). */
  periodEndsAfterToday?: { article: 14 | 18 | 21; ends: string };
  /** Deadlines already breached (from `checkTimeline`). */
  breaches: readonly { article: number; code: string; message: LocalizedText }[];
}

export interface PreflightWarning {
  code: string;
  article: number | null;
  message: LocalizedText;
  /** How many things the warning is about, where it counts some. */
  count?: number;
}

const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;

/** The warnings of the step `facts.from` → `facts.to` (empty: nothing open). */
export function phasePreflight(facts: PreflightFacts): PreflightWarning[] {
  const out: PreflightWarning[] = [];
  const add = (code: string, article: number | null, message: LocalizedText, count?: number) =>
    out.push({ code, article, message, ...(count !== undefined ? { count } : {}) });
  const to = CYCLE_PHASES.indexOf(facts.to);
  const entering = (p: CyclePhase) => facts.to === p;
  const leaving = (p: CyclePhase) => facts.from === p;

  if (entering('call_for_applications') && !facts.callDatesSet) {
    add('call_dates_missing', 14, {
      zh: '尚未填写申报公告的发布和截止日期，无法核对不少于10个工作日的公告期（第14条）。',
      en: 'The call’s opening and closing dates are not entered, so the minimum of 10 working days cannot be checked (Art. 14).',
    });
  }
  if (leaving('call_for_applications') && facts.applications === 0) {
    add('no_applications', 15, { zh: '本届还没有任何申报（第15条）。', en: 'The cycle has no applications yet (Art. 15).' }, 0);
  }
  if (entering('material_review')) {
    if (facts.qualificationUndecided > 0) {
      add(
        'qualification_undecided',
        16,
        {
          zh: `${facts.qualificationUndecided} 份申报的资格初审尚未作出结论（第16条）。`,
          en: `${n(facts.qualificationUndecided, 'application has', 'applications have')} no qualification decision yet (Art. 16).`,
        },
        facts.qualificationUndecided,
      );
    }
    if (facts.pendingSupplements > 0) {
      add(
        'supplements_pending',
        16,
        {
          zh: `${facts.pendingSupplements} 份补正通知尚未收到补正材料（第16条）。`,
          en: `${n(facts.pendingSupplements, 'supplement request is', 'supplement requests are')} still waiting for the materials (Art. 16).`,
        },
        facts.pendingSupplements,
      );
    }
    if (facts.missingMaterials > 0) {
      add(
        'materials_missing',
        15,
        {
          zh: `${facts.missingMaterials} 份已通过初审的申报缺少必备申报材料（第15条）。`,
          en: `${n(facts.missingMaterials, 'qualified application lacks', 'qualified applications lack')} a required material (Art. 15).`,
        },
        facts.missingMaterials,
      );
    }
    if (facts.qualified === 0) {
      add(
        'nobody_qualified',
        16,
        {
          zh: '没有通过资格初审的申报，材料评审无对象（第16条）。',
          en: 'No application has passed the qualification review; the material review has nobody to review (Art. 16).',
        },
        0,
      );
    }
  }
  if (to >= CYCLE_PHASES.indexOf('material_review') && to <= CYCLE_PHASES.indexOf('onsite_review') && facts.withoutGroup > 0) {
    add(
      'no_review_group',
      17,
      {
        zh: `${facts.withoutGroup} 份已通过初审的申报尚未分配评审组（第17条）。`,
        en: `${n(facts.withoutGroup, 'qualified application has', 'qualified applications have')} no review group (Art. 17).`,
      },
      facts.withoutGroup,
    );
  }
  if (facts.sheets) {
    const stage = facts.sheets.stage === 'material' ? { zh: '材料评审', en: 'material review' } : { zh: '现场评审', en: 'on-site review' };
    if (facts.sheets.notStarted > 0) {
      add(
        'sheets_not_started',
        17,
        {
          zh: `${stage.zh}中有 ${facts.sheets.notStarted} 张评分表尚未开始评分（已分配、未回避的评审员，第17条）。`,
          en: `In the ${stage.en}, ${n(facts.sheets.notStarted, 'score sheet of an assigned examiner is', 'score sheets of assigned examiners are')} not started (Art. 17).`,
        },
        facts.sheets.notStarted,
      );
    }
    if (facts.sheets.notSubmitted > 0) {
      add(
        'sheets_not_submitted',
        17,
        {
          zh: `${stage.zh}中有 ${facts.sheets.notSubmitted} 张评分表已开始但尚未提交，未提交的评分不计入结果（第17条）。`,
          en: `In the ${stage.en}, ${n(facts.sheets.notSubmitted, 'score sheet is', 'score sheets are')} started but not submitted; unsubmitted scores do not count (Art. 17).`,
        },
        facts.sheets.notSubmitted,
      );
    }
  }
  if (facts.openDisagreements && facts.openDisagreements.count > 0) {
    const { count, threshold } = facts.openDisagreements;
    add(
      'disagreements_open',
      17,
      {
        zh: `${count} 个条款的评分极差达到 ${threshold} 个百分点，尚未记录合议分（第17条）。`,
        en: `${n(count, 'item has', 'items have')} a range of ${threshold} percentage points or more and no consensus recorded (Art. 17).`,
      },
      count,
    );
  }
  if (entering('onsite_review') && facts.onsiteSelected === 0) {
    add('no_onsite_selection', 17, { zh: '尚未选定进入现场评审的申报（第17条）。', en: 'No application has been chosen for the on-site review (Art. 17).' }, 0);
  }
  if (facts.periodEndsAfterToday) {
    const { article, ends } = facts.periodEndsAfterToday;
    const what =
      article === 14
        ? { zh: '申报公告期', en: 'call for applications' }
        : article === 18
          ? { zh: '公开征求意见期', en: 'public comment period' }
          : { zh: '公示期', en: 'public notice period' };
    add('period_running', article, {
      zh: `${what.zh}到 ${ends} 才结束（第${article}条）。`,
      en: `The ${what.en} runs until ${ends} (Art. ${article}).`,
    });
  }
  if (entering('public_notice') && facts.committeeDecisions === 0) {
    add('no_committee_decision', 20, { zh: '尚未记录评审委员会的审议决定（第20条）。', en: 'No committee decision has been recorded (Art. 20).' }, 0);
  }
  if (entering('awarded') && facts.openObjections > 0) {
    add(
      'objections_open',
      21,
      {
        zh: `${facts.openObjections} 件异议尚未核查处理（第21条）。`,
        en: `${n(facts.openObjections, 'objection is', 'objections are')} not yet investigated and decided (Art. 21).`,
      },
      facts.openObjections,
    );
  }
  for (const b of facts.breaches) {
    add(`deadline_${b.code}`, b.article, { zh: `期限未满足：${b.message.zh}`, en: `Deadline not met: ${b.message.en}` });
  }
  return out;
}
