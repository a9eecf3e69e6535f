import { describe, expect, it } from 'vitest';
import { createPayload, emptyForm, formOf, formProblems, memberOptions, updatePayload, type Candidates, type Group } from './groupForm.ts';

const n = (zh: string) => ({ zh, en: zh });
const candidates: Candidates = [
  {
    userId: 11,
    username: 'a',
    displayName: '甲',
    disabled: false,
    examinerId: 1,
    name: n('甲'),
    employerName: null,
    expertise: null,
    hasProfile: true,
    group: null,
  },
  {
    userId: 12,
    username: 'b',
    displayName: '乙',
    disabled: false,
    examinerId: 2,
    name: n('乙'),
    employerName: null,
    expertise: null,
    hasProfile: true,
    group: { id: 7, name: n('第一评审组') },
  },
  {
    userId: 13,
    username: 'c',
    displayName: '丙',
    disabled: true,
    examinerId: 3,
    name: n('丙'),
    employerName: null,
    expertise: null,
    hasProfile: true,
    group: null,
  },
  {
    userId: 14,
    username: 'd',
    displayName: '丁',
    disabled: false,
    examinerId: null,
    name: n('丁'),
    employerName: null,
    expertise: null,
    hasProfile: false,
    group: null,
  },
];
const group = {
  id: 7,
  name: { zh: '第一评审组', en: 'Review Group 1' },
  sectors: [{ id: 'coal_mining', name: n('煤炭开采') }],
  leader: { examinerId: 2, userId: 12, name: n('乙') },
  members: [
    { examinerId: 2, userId: 12, username: 'b', name: n('乙'), employerName: null, expertise: null, leader: true, disabled: false },
    { examinerId: 40, userId: null, username: null, name: n('戊'), employerName: null, expertise: null, leader: false, disabled: false },
  ],
} as unknown as Group;

describe('the review-group form', () => {
  it('offers enabled examiner accounts with a profile, marks those in another group, keeps account-less members', () => {
    const fresh = memberOptions(candidates, null);
    expect(fresh.map((o) => o.examinerId).sort((a, b) => a - b)).toEqual([1, 2]);
    expect(fresh.find((o) => o.examinerId === 2)!.otherGroup).toEqual(n('第一评审组'));
    const editing = memberOptions(candidates, group);
    expect(editing.map((o) => o.examinerId).sort((a, b) => a - b)).toEqual([1, 2, 40]);
    expect(editing.find((o) => o.examinerId === 2)!.otherGroup).toBeNull();
  });

  it('requires a name, members and a leader among them (组长负责制)', () => {
    expect(formProblems(emptyForm())).toEqual(['name', 'members', 'leader']);
    expect(formProblems({ ...emptyForm(), name: '组', memberExaminerIds: [1], leaderExaminerId: 2 })).toEqual(['leader']);
    expect(formProblems({ ...emptyForm(), name: '组', memberExaminerIds: [1, 2], leaderExaminerId: 2 })).toEqual([]);
  });

  it('sends accounts as user ids and records without an account as examiner ids', () => {
    const options = memberOptions(candidates, group);
    const form = { ...formOf(group), memberExaminerIds: [2, 40, 1], leaderExaminerId: 1 };
    expect(updatePayload(form, options)).toEqual({
      id: 7,
      name: '第一评审组',
      nameEn: 'Review Group 1',
      sectors: ['coal_mining'],
      memberUserIds: [12, 11],
      memberExaminerIds: [40],
      leaderUserId: 11,
    });
    expect(updatePayload({ ...form, leaderExaminerId: 40 }, options)).toMatchObject({ leaderExaminerId: 40 });
    expect(createPayload(2026, { ...emptyForm(), name: ' 新组 ', memberExaminerIds: [1], leaderExaminerId: 1 }, options)).toEqual({
      year: 2026,
      name: '新组',
      leaderUserId: 11,
      memberUserIds: [11],
      sectors: [],
    });
  });
});
