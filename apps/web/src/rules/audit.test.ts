import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '@mqa/rules';
import { actionKey, changedFields, namedValue, showValue } from './audit.ts';
import rulesZh from '../i18n/messages/rules.zh-CN.ts';
import rulesEn from '../i18n/messages/rules.en.ts';

describe('audit', () => {
  it('lists only the fields that changed', () => {
    expect(changedFields({ status: 'valid', prize: 500000 }, { status: 'revoked', prize: 500000, article: 28 })).toEqual([
      { key: 'status', before: 'valid', after: 'revoked' },
      { key: 'article', before: '—', after: '28' },
    ]);
  });
  it('treats a creation (no before) as every field new', () => {
    expect(changedFields(null, { applicationId: 7, rating: 4 })).toEqual([
      { key: 'applicationId', before: '—', after: '7' },
      { key: 'rating', before: '—', after: '4' },
    ]);
  });
  it('compares nested values and non-objects as text', () => {
    expect(changedFields({ items: ['a'] }, { items: ['a'] })).toEqual([]);
    expect(changedFields({ items: ['a'] }, { items: ['a', 'b'] })).toEqual([{ key: 'items', before: '["a"]', after: '["a","b"]' }]);
    expect(changedFields('x', 'y')).toEqual([{ key: 'value', before: 'x', after: 'y' }]);
    expect(changedFields(null, null)).toEqual([]);
  });
  it('names a cycle phase in words, and leaves other values as stored', () => {
    expect(namedValue('phase', 'onsite_review')).toMatchObject({ zh: '现场评审', en: 'On-site review' });
    expect(namedValue('phase', 'public_comment')).toMatchObject({ zh: '公开征求意见', en: 'Public comment' });
    expect(namedValue('phase', '—')).toBeNull();
    expect(namedValue('status', 'onsite_review')).toBeNull();
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
