/**
 * The review-group form of the groups page (Art. 17, 组长负责制): who may be chosen as a member
 * (examiner accounts with a profile, plus current members without an account, e.g. imported),
 * the client-side checks the server repeats (a leader among the members), and the payload of
 * `groups.create` / `groups.update` (accounts as `memberUserIds`, records as `memberExaminerIds`).
 */
import type { RouterInputs, RouterOutputs } from '../api/trpc.ts';
import type { LocalizedText } from '../i18n/index.ts';

export type Candidates = RouterOutputs['groups']['candidates'];
/** A page of the review groups view (`groups.page`; its groups are the entries of `groups.list`). */
export type GroupsPage = RouterOutputs['groups']['page'];
export type Group = GroupsPage['groups'][number];

/** One choosable person, keyed by examiner record id. */
export interface MemberOption {
  examinerId: number;
  userId: number | null;
  name: LocalizedText;
  username: string | null;
  employerName: string | null;
  expertise: string | null;
  /** Another group of the cycle this person already belongs to (cannot be chosen). */
  otherGroup: LocalizedText | null;
}

export interface GroupForm {
  /** The group being edited, or null for a new one. */
  id: number | null;
  name: string;
  nameEn: string;
  memberExaminerIds: number[];
  leaderExaminerId: number | null;
  sectors: string[];
}

export function emptyForm(): GroupForm {
  return { id: null, name: '', nameEn: '', memberExaminerIds: [], leaderExaminerId: null, sectors: [] };
}

export function formOf(g: Group): GroupForm {
  return {
    id: g.id,
    name: g.name.zh,
    nameEn: g.name.en === g.name.zh ? '' : g.name.en,
    memberExaminerIds: g.members.map((m) => m.examinerId),
    leaderExaminerId: g.leader.examinerId,
    sectors: g.sectors.map((s) => s.id),
  };
}

/** Examiner accounts with a profile that are enabled, plus the edited group's current members. */
export function memberOptions(candidates: Candidates, editing: Group | null): MemberOption[] {
  const out = new Map<number, MemberOption>();
  for (const c of candidates) {
    if (c.examinerId === null || c.disabled) continue;
    const other = c.group && c.group.id !== editing?.id ? c.group.name : null;
    out.set(c.examinerId, {
      examinerId: c.examinerId,
      userId: c.userId,
      name: c.name,
      username: c.username,
      employerName: c.employerName,
      expertise: c.expertise,
      otherGroup: other,
    });
  }
  for (const m of editing?.members ?? []) {
    if (!out.has(m.examinerId)) {
      out.set(m.examinerId, {
        examinerId: m.examinerId,
        userId: m.userId,
        name: m.name,
        username: m.username,
        employerName: m.employerName,
        expertise: m.expertise,
        otherGroup: null,
      });
    }
  }
  return [...out.values()].sort((a, b) => a.name.zh.localeCompare(b.name.zh, 'zh-CN'));
}

export type FormProblem = 'name' | 'members' | 'leader';

/** What keeps the form from being sent (the server refuses the same, with its own words). */
export function formProblems(form: GroupForm): FormProblem[] {
  const out: FormProblem[] = [];
  if (form.name.trim() === '') out.push('name');
  if (form.memberExaminerIds.length === 0) out.push('members');
  if (form.leaderExaminerId === null || !form.memberExaminerIds.includes(form.leaderExaminerId)) out.push('leader');
  return out;
}

/** The members and leader as the API takes them: accounts by user id, records without an account by examiner id. */
function people(form: GroupForm, options: readonly MemberOption[]) {
  const byId = new Map(options.map((o) => [o.examinerId, o]));
  const memberUserIds: number[] = [];
  const memberExaminerIds: number[] = [];
  for (const id of form.memberExaminerIds) {
    const userId = byId.get(id)?.userId ?? null;
    if (userId !== null) memberUserIds.push(userId);
    else memberExaminerIds.push(id);
  }
  const leaderUserId = form.leaderExaminerId !== null ? (byId.get(form.leaderExaminerId)?.userId ?? null) : null;
  return { memberUserIds, memberExaminerIds, leaderUserId };
}

export function createPayload(year: number, form: GroupForm, options: readonly MemberOption[]): RouterInputs['groups']['create'] | null {
  const p = people(form, options);
  // A new group is made of examiner accounts only.
  if (p.leaderUserId === null || p.memberExaminerIds.length > 0) return null;
  const nameEn = form.nameEn.trim();
  return { year, name: form.name.trim(), ...(nameEn ? { nameEn } : {}), leaderUserId: p.leaderUserId, memberUserIds: p.memberUserIds, sectors: form.sectors };
}

export function updatePayload(form: GroupForm, options: readonly MemberOption[]): RouterInputs['groups']['update'] {
  const p = people(form, options);
  const nameEn = form.nameEn.trim();
  return {
    id: form.id!,
    name: form.name.trim(),
    nameEn: nameEn ? nameEn : null,
    sectors: form.sectors,
    memberUserIds: p.memberUserIds,
    memberExaminerIds: p.memberExaminerIds,
    ...(p.leaderUserId !== null ? { leaderUserId: p.leaderUserId } : form.leaderExaminerId !== null ? { leaderExaminerId: form.leaderExaminerId } : {}),
  };
}
