/**
 * Automatic assignment of applications to review groups (Art. 17 组长负责制, Art. 24 回避).
 *
 * Every application goes to a group none of whose members has a conflict of interest with the
 * applicant (Art. 24: "评审工作人员与申报组织和个人有利害关系的，本人应当主动回避"). Among those,
 * a group that names the application's sector among its strengths is preferred (when asked),
 * then the group with the lowest load (applications already assigned, counting this plan), then
 * the group listed first. When every group has a conflicted member the application is left
 * unassigned, and the reason names each group's conflicted members. Every choice is explained.
 */
import type { LocalizedText } from './i18n.ts';

export interface AssignmentGroup {
  id: string;
  name: LocalizedText;
  /** Applications already assigned to the group. */
  load: number;
  /** Sector codes the group is strong in. */
  sectors?: readonly string[];
  /** Members who could score (a group without members is never chosen). */
  memberCount: number;
}

export interface AssignmentApplication {
  id: string;
  code: string;
  sector?: string;
  sectorName?: LocalizedText;
}

/** A conflict (Art. 24) of one member of a group with one application. */
export interface MemberConflict {
  applicationId: string;
  groupId: string;
  examinerId: string;
  examinerName: LocalizedText;
  reason: LocalizedText;
}

export interface ExcludedGroup {
  groupId: string;
  name: LocalizedText;
  conflicts: { examinerId: string; examinerName: LocalizedText; reason: LocalizedText }[];
}

export interface PlannedAssignment {
  applicationId: string;
  code: string;
  /** null: left unassigned (every group has a conflict, or there is no group with members). */
  groupId: string | null;
  /** The chosen group's load before this application. */
  loadBefore: number | null;
  sectorMatch: boolean;
  excluded: ExcludedGroup[];
  explanation: LocalizedText;
  article: 24;
}

export interface AssignmentPlan {
  assignments: PlannedAssignment[];
  /** Loads after the plan, per group id. */
  loads: Record<string, number>;
}

function excludedText(ex: readonly ExcludedGroup[]): LocalizedText {
  return {
    zh: ex.map((g) => `「${g.name.zh}」已排除：${g.conflicts.map((c) => `成员${c.examinerName.zh}（${c.reason.zh}）`).join('、')}（第24条）`).join('；'),
    en: ex.map((g) => `"${g.name.en}" excluded: ${g.conflicts.map((c) => `member ${c.examinerName.en} (${c.reason.en})`).join(', ')} (Art. 24)`).join('; '),
  };
}

/** Plans the assignment of `applications` (in the given order) to `groups`. Pure: writes nothing. */
export function planGroupAssignment(input: {
  groups: readonly AssignmentGroup[];
  applications: readonly AssignmentApplication[];
  conflicts: readonly MemberConflict[];
  /** Prefer groups strong in the application's sector (default true). */
  bySector?: boolean;
}): AssignmentPlan {
  const bySector = input.bySector ?? true;
  const loads: Record<string, number> = {};
  for (const g of input.groups) loads[g.id] = g.load;
  const usable = input.groups.filter((g) => g.memberCount > 0);
  const conflictsOf = new Map<string, MemberConflict[]>();
  for (const c of input.conflicts) {
    const k = `${c.applicationId}|${c.groupId}`;
    const list = conflictsOf.get(k);
    if (list) {
      if (!list.some((x) => x.examinerId === c.examinerId)) list.push(c);
    } else conflictsOf.set(k, [c]);
  }

  const assignments: PlannedAssignment[] = [];
  for (const app of input.applications) {
    const excluded: ExcludedGroup[] = [];
    const open: AssignmentGroup[] = [];
    for (const g of usable) {
      const cs = conflictsOf.get(`${app.id}|${g.id}`);
      if (cs && cs.length > 0) {
        excluded.push({
          groupId: g.id,
          name: g.name,
          conflicts: cs.map((c) => ({ examinerId: c.examinerId, examinerName: c.examinerName, reason: c.reason })),
        });
      } else open.push(g);
    }
    if (open.length === 0) {
      const explanation: LocalizedText =
        usable.length === 0
          ? { zh: '未分配：本周期没有有成员的评审组。', en: 'Not assigned: the cycle has no review group with members.' }
          : (() => {
              const ex = excludedText(excluded);
              return {
                zh: `未分配：每个评审组都有成员须回避（第24条）。${ex.zh}。请调整评审组成员或新建评审组后再分配。`,
                en: `Not assigned: every review group has a member who must recuse (Art. 24). ${ex.en}. Change the groups' members or add a group, then assign.`,
              };
            })();
      assignments.push({ applicationId: app.id, code: app.code, groupId: null, loadBefore: null, sectorMatch: false, excluded, explanation, article: 24 });
      continue;
    }
    const strong = bySector && app.sector ? open.filter((g) => (g.sectors ?? []).includes(app.sector!)) : [];
    const pool = strong.length > 0 ? strong : open;
    let best = pool[0]!;
    for (const g of pool) if (loads[g.id]! < loads[best.id]!) best = g;
    const load = loads[best.id]!;
    loads[best.id] = load + 1;
    const sectorMatch = strong.length > 0;
    const sector = app.sectorName ?? (app.sector ? { zh: app.sector, en: app.sector } : null);
    const ex = excluded.length > 0 ? excludedText(excluded) : null;
    const others = pool.length > 1;
    const explanation: LocalizedText = {
      zh:
        `分配至「${best.name.zh}」：` +
        (sectorMatch && sector ? `擅长本申报所属行业「${sector.zh}」，` : '') +
        (others ? `当前负荷最低（${load} 件）` : `当前负荷 ${load} 件`) +
        '，成员均无利害关系' +
        (ex ? `；${ex.zh}` : ''),
      en:
        `Assigned to "${best.name.en}": ` +
        (sectorMatch && sector ? `strong in the applicant's sector (${sector.en}), ` : '') +
        (others ? `lowest load (${load})` : `load ${load}`) +
        ', no member conflicts' +
        (ex ? `; ${ex.en}` : ''),
    };
    assignments.push({ applicationId: app.id, code: app.code, groupId: best.id, loadBefore: load, sectorMatch, excluded, explanation, article: 24 });
  }
  return { assignments, loads };
}
