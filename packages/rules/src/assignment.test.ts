import { describe, expect, it } from 'vitest';
import { planGroupAssignment, type AssignmentGroup, type MemberConflict } from './assignment.ts';

const g = (id: string, load: number, extra: Partial<AssignmentGroup> = {}): AssignmentGroup => ({
  id,
  name: { zh: `第${id}评审组`, en: `Group ${id}` },
  load,
  memberCount: 5,
  ...extra,
});
const conflict = (applicationId: string, groupId: string, name: string): MemberConflict => ({
  applicationId,
  groupId,
  examinerId: name,
  examinerName: { zh: name, en: name },
  reason: { zh: '评审员任职于申报组织「甲」', en: 'The examiner works for the applicant organisation "A"' },
});

describe('planGroupAssignment (Art. 17, 24)', () => {
  it('balances load: each application goes to the group with the lowest load so far', () => {
    const plan = planGroupAssignment({
      groups: [g('一', 2), g('二', 0)],
      applications: ['a', 'b', 'c', 'd'].map((id) => ({ id, code: id })),
      conflicts: [],
    });
    expect(plan.assignments.map((a) => a.groupId)).toEqual(['二', '二', '一', '二']);
    expect(plan.loads).toEqual({ 一: 3, 二: 3 });
    expect(plan.assignments[0]!.explanation.zh).toBe('分配至「第二评审组」：当前负荷最低（0 件），成员均无利害关系');
    expect(plan.assignments[0]!.explanation.en).toBe('Assigned to "Group 二": lowest load (0), no member conflicts');
  });

  it('never assigns to a group with a conflicted member, and says which member and why', () => {
    const plan = planGroupAssignment({
      groups: [g('一', 0), g('二', 3)],
      applications: [{ id: 'a', code: '2026-001' }],
      conflicts: [conflict('a', '一', '张三')],
    });
    const a = plan.assignments[0]!;
    expect(a.groupId).toBe('二');
    expect(a.excluded).toHaveLength(1);
    expect(a.explanation.zh).toBe(
      '分配至「第二评审组」：当前负荷 3 件，成员均无利害关系；「第一评审组」已排除：成员张三（评审员任职于申报组织「甲」）（第24条）',
    );
    expect(a.explanation.en).toContain('"Group 一" excluded: member 张三 (The examiner works for the applicant organisation "A") (Art. 24)');
  });

  it('leaves an application unassigned when every group has a conflict', () => {
    const plan = planGroupAssignment({
      groups: [g('一', 0), g('二', 0)],
      applications: [{ id: 'a', code: 'A' }],
      conflicts: [conflict('a', '一', '张三'), conflict('a', '二', '李四')],
    });
    const a = plan.assignments[0]!;
    expect(a.groupId).toBeNull();
    expect(a.explanation.zh).toMatch(/^未分配：每个评审组都有成员须回避（第24条）。「第一评审组」已排除：成员张三/);
    expect(a.explanation.en).toContain('"Group 二" excluded: member 李四');
    expect(plan.loads).toEqual({ 一: 0, 二: 0 });
  });

  it('prefers a group strong in the sector, unless asked not to', () => {
    const groups = [g('一', 0), g('二', 5, { sectors: ['coal_mining'] })];
    const apps = [{ id: 'a', code: 'A', sector: 'coal_mining', sectorName: { zh: '煤炭开采', en: 'Coal mining' } }];
    const plan = planGroupAssignment({ groups, applications: apps, conflicts: [] });
    expect(plan.assignments[0]!.groupId).toBe('二');
    expect(plan.assignments[0]!.sectorMatch).toBe(true);
    expect(plan.assignments[0]!.explanation.zh).toContain('擅长本申报所属行业「煤炭开采」');
    expect(planGroupAssignment({ groups, applications: apps, conflicts: [], bySector: false }).assignments[0]!.groupId).toBe('一');
  });

  it('skips groups without members, and says so when there is none', () => {
    const plan = planGroupAssignment({ groups: [g('一', 0, { memberCount: 0 })], applications: [{ id: 'a', code: 'A' }], conflicts: [] });
    expect(plan.assignments[0]!.groupId).toBeNull();
    expect(plan.assignments[0]!.explanation.en).toBe('Not assigned: the cycle has no review group with members.');
  });
});
