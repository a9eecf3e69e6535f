import { describe, expect, it } from 'vitest';
import { clockOffset, optionsFromEnv } from './app.ts';

describe('MQA_CLOCK_OFFSET_DAYS', () => {
  it('is 0 when unset or empty', () => {
    expect(clockOffset(undefined)).toBe(0);
    expect(clockOffset(' ')).toBe(0);
    expect(optionsFromEnv({ DATABASE_URL: 'file::memory:' }).clockOffsetDays).toBe(0);
  });

  it('takes a whole number of days', () => {
    expect(clockOffset('45')).toBe(45);
    expect(optionsFromEnv({ DATABASE_URL: 'file::memory:', MQA_CLOCK_OFFSET_DAYS: '120' }).clockOffsetDays).toBe(120);
  });

  it('stops the start on anything else, in Chinese and English', () => {
    for (const bad of ['-1', '1.5', 'soon', '3651']) {
      expect(() => clockOffset(bad)).toThrow(/MQA_CLOCK_OFFSET_DAYS.*整数天数/);
    }
  });
});
