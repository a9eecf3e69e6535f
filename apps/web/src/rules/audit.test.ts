import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '@mqa/rules';
import { actionKey, changedFields, namedValue, showValue, valueInWords, type ValueReader } from './audit.ts';
import rulesZh from '../i18n/messages/rules.zh-CN.ts';
import rulesEn from '../i18n/messages/rules.en.ts';

describe('audit', () => {
  it('lists only the fields that changed', () => {
    expect(changedFields({ status: 'valid', prize: 500000 }, { status: 'revoked', prize: 500000, article: 28 })).toEqual([
      { key: 'status', before: 'valid', after: 'revoked', beforeValue: 'valid', afterValue: 'revoked' },
      { key: 'article', before: '—', after: '28', beforeValue: undefined, afterValue: 28 },
    ]);
  });
  it('treats a creation (no before) as every field new', () => {
    expect(changedFields(null, { applicationId: 7, rating: 4 })).toMatchObject([
      { key: 'applicationId', before: '—', after: '7', afterValue: 7 },
      { key: 'rating', before: '—', after: '4', afterValue: 4 },
    ]);
  });
  it('compares nested values and non-objects as text', () => {
    expect(changedFields({ items: ['a'] }, { items: ['a'] })).toEqual([]);
    expect(changedFields({ items: ['a'] }, { items: ['a', 'b'] })).toMatchObject([{ key: 'items', before: '["a"]', after: '["a","b"]' }]);
    expect(changedFields('x', 'y')).toMatchObject([{ key: 'value', before: 'x', after: 'y' }]);
    expect(changedFields(null, null)).toEqual([]);
  });
  it('names a cycle phase in words, and leaves other values as stored', () => {
    expect(namedValue('phase', 'onsite_review')).toMatchObject({ zh: '现场评审', en: 'On-site review' });
    expect(namedValue('phase', 'public_comment')).toMatchObject({ zh: '公开征求意见', en: 'Public comment' });
    expect(namedValue('phase', '—')).toBeNull();
    expect(namedValue('status', 'onsite_review')).toBeNull();
  });
  it('names roles, stages and channels from the vocabulary, and misuse statuses by entity', () => {
    expect(namedValue('role', 'examiner')).toMatchObject({ zh: '评审员' });
    expect(namedValue('stage', 'onsite')).toMatchObject({ en: 'On-site review' });
    expect(namedValue('status', 'investigating', 'misuse')).toMatchObject({ zh: '调查处理中' });
    expect(namedValue('role', 'toString')).toBeNull();
  });

  it('reads a change in words: statuses by name, applications by code, yes/no, dates, nested objects', () => {
    const messages: Record<string, string> = {
      ...Object.fromEntries(Object.entries(rulesZh.qualification).map(([k, v]) => [`rules.qualification.${k}`, v])),
      ...Object.fromEntries(Object.entries(rulesZh.appStatus).map(([k, v]) => [`rules.appStatus.${k}`, v])),
      ...Object.fromEntries(Object.entries(rulesZh.decisions.kind).map(([k, v]) => [`rules.decisions.kind.${k}`, v])),
      ...Object.fromEntries(Object.entries(rulesZh.audit.values.weight_set).map(([k, v]) => [`rules.audit.values.weight_set.${k}`, v])),
    };
    const reader = (entity: string): ValueReader => ({
      entity,
      codes: { '187': '2025-903' },
      message: (k) => messages[k] ?? null,
      pick: (t) => t.zh,
      yes: '是',
      no: '否',
      date: (iso) => `D${iso}`,
      dateTime: (iso) => `T${iso.slice(0, 10)}`,
      number: (n) => String(n),
    });
    const label = (k: string) => (rulesZh.audit.fields as Record<string, string>)[k] ?? k;
    const app = reader('application');
    expect([valueInWords('qualificationStatus', 'received', app), valueInWords('qualificationStatus', 'qualified', app)]).toEqual(['已受理', '资格初审通过']);
    expect(valueInWords('status', 'removed', app)).toBe('已取消资格');
    expect(valueInWords('status', 'frozen', reader('weight_set'))).toBe('已冻结');
    expect(valueInWords('decision', 'proposed', reader('committee_decision'))).toBe('拟授奖');
    expect(valueInWords('applicationId', 187, app)).toBe('2025-903');
    expect(valueInWords('applicationId', 188, app)).toBe('188');
    expect(valueInWords('phase', 'public_notice', reader('cycle'))).toBe('拟授奖名单公示');
    expect([valueInWords('confidential', true, app), valueInWords('disabled', false, app), valueInWords('note', null, app)]).toEqual(['是', '否', '—']);
    expect(valueInWords('requestedOn', '2025-06-01', app)).toBe('D2025-06-01');
    expect(valueInWords('submittedAt', '2025-06-01T08:00:00.000Z', app)).toBe('T2025-06-01');
    expect(valueInWords('items', ['营业执照', '质量报告'], app)).toBe('营业执照、质量报告');
    expect(valueInWords('removedReason', { zh: '异议成立', en: 'Objection upheld' }, app)).toBe('异议成立');
    expect(valueInWords('loads', { quorumNumerator: 2, confidential: false }, app, label)).toBe('法定人数（分子）: 2; 涉密: 否');
    // Nothing of it is shown as raw JSON.
    expect(valueInWords('percents', { '1.1': 60, '1.2': 45 }, app, label)).not.toMatch(/[{}"]/);
  });

  it('labels every field the server is known to write, in both languages', () => {
    expect(Object.keys(rulesZh.audit.fields).sort()).toEqual(Object.keys(rulesEn.audit.fields).sort());
    for (const k of ['qualificationStatus', 'applicationId', 'status', 'decision', 'reason', 'phase']) expect(rulesZh.audit.fields, k).toHaveProperty(k);
  });

  it('shows values and names action keys', () => {
    expect([showValue(undefined), showValue(true), showValue('a'), showValue({ a: 1 })]).toEqual(['—', 'true', 'a', '{"a":1}']);
    expect(actionKey('award.revoke')).toBe('award_revoke');
    expect(actionKey('seed')).toBe('seed');
  });
  it('names every action the server writes, in Chinese and in English', () => {
    const zh: Record<string, string> = rulesZh.audit.actions;
    const en: Record<string, string> = rulesEn.audit.actions;
    const unnamed = AUDIT_ACTIONS.filter((a) => !zh[actionKey(a)] || !en[actionKey(a)]);
    expect(unnamed).toEqual([]);
    for (const a of AUDIT_ACTIONS) {
      expect(zh[actionKey(a)], a).toMatch(/[\u3400-\u9fff]/);
      expect(en[actionKey(a)], a).not.toMatch(/[\u3400-\u9fff]/);
    }
  });
});
