import { describe, expect, it } from 'vitest';
import { actionKey, changedFields, showValue } from './audit.ts';

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
  it('shows values and names action keys', () => {
    expect([showValue(undefined), showValue(true), showValue('a'), showValue({ a: 1 })]).toEqual(['—', 'true', 'a', '{"a":1}']);
    expect(actionKey('award.revoke')).toBe('award_revoke');
    expect(actionKey('seed')).toBe('seed');
  });
});
