import { describe, expect, it } from 'vitest';
import { formatDate, formatFixed, formatInteger, formatNumber, formatPercent, formatScore, formatShare, formatSigned } from './format.ts';

describe('format helpers', () => {
  it('groups thousands and rounds per locale', () => {
    expect(formatInteger(12345.6, 'zh-CN')).toBe('12,346');
    expect(formatInteger(12345.6, 'en')).toBe('12,346');
    expect(formatNumber(3.14159, 'en', 2)).toBe('3.14');
    expect(formatFixed(2, 'zh-CN', 1)).toBe('2.0');
    expect(formatScore(812.46, 'zh-CN')).toBe('812.5');
  });

  it('formats shares and percentages', () => {
    expect(formatShare(0.734, 'en')).toBe('73.4%');
    expect(formatPercent(65, 'zh-CN')).toBe('65%');
    expect(formatPercent(12.25, 'en', 1)).toBe('12.3%');
  });

  it('uses a dash for missing or non-finite values', () => {
    expect(formatNumber(null, 'zh-CN')).toBe('—');
    expect(formatScore(Number.NaN, 'en')).toBe('—');
    expect(formatShare(undefined, 'en')).toBe('—');
  });

  it('signs differences with a real minus sign', () => {
    expect(formatSigned(12.5, 'en')).toBe('+12.5');
    expect(formatSigned(-3, 'zh-CN')).toBe('−3');
    expect(formatSigned(0, 'zh-CN')).toBe('0');
  });

  it('formats ISO dates in Chinese and English', () => {
    expect(formatDate('2024-03-05', 'zh-CN')).toBe('2024年3月5日');
    expect(formatDate('2024-03-05', 'en')).toBe('5 Mar 2024');
    expect(formatDate(null, 'en')).toBe('—');
  });
});
