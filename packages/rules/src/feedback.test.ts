import { describe, expect, it } from 'vitest';
import { validateFeedback } from './feedback.ts';

const good = { direction: 'applicant_to_examiner', examinerId: 'ex-1', applicantId: 'app-1', rating: 5, comment: '纪律严明' };

describe('validateFeedback (Art. 25)', () => {
  it('accepts both directions and ratings 1–5', () => {
    expect(validateFeedback(good)).toEqual({ ok: true, article: 25, errors: [] });
    expect(validateFeedback({ ...good, direction: 'examiner_to_applicant', rating: 3, comment: undefined }).ok).toBe(true);
    expect(validateFeedback({ ...good, rating: 1, comment: '索要礼品' }).ok).toBe(true);
  });

  it('rejects out-of-range or fractional ratings', () => {
    for (const rating of [0, 6, 2.5, '5', undefined]) {
      const r = validateFeedback({ ...good, rating });
      expect(r.ok).toBe(false);
      expect(r.errors.map((e) => e.field)).toContain('rating');
    }
  });

  it('lists every problem with bilingual messages', () => {
    const r = validateFeedback({ direction: 'sideways', examinerId: '', rating: 2 });
    expect(r.errors.map((e) => e.field)).toEqual(['direction', 'examinerId', 'applicantId', 'comment']);
    expect(r.errors.every((e) => e.message.zh && e.message.en)).toBe(true);
  });

  it('requires a comment for a low rating and rejects non-objects', () => {
    expect(validateFeedback({ ...good, rating: 2, comment: '  ' }).errors.map((e) => e.field)).toEqual(['comment']);
    expect(validateFeedback(null).errors[0]!.field).toBe('record');
    expect(validateFeedback({ ...good, givenOn: '2025/01/01' }).errors.map((e) => e.field)).toEqual(['givenOn']);
  });
});
