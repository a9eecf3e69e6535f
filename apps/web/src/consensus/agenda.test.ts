import { describe, expect, it } from 'vitest';
import { beforeAfter, deadlineTone, reasonRequired, submittedCount, suggestedPercent } from './agenda.ts';

describe('consensus before/after', () => {
  it('shows the independent figure alone while no consensus is recorded', () => {
    expect(beforeAfter({ independent: { percent: 62.5 }, consensus: null })).toEqual({
      independent: 62.5,
      recordedAgainst: null,
      consensus: null,
      delta: null,
      moved: false,
      stale: false,
    });
  });

  it('measures the move against the figure the consensus was recorded against', () => {
    const ba = beforeAfter({ independent: { percent: 62.5 }, consensus: { percent: 55, independentPercent: 62.5 } });
    expect(ba).toMatchObject({ consensus: 55, delta: -7.5, moved: true, stale: false });
    expect(beforeAfter({ independent: { percent: 60 }, consensus: { percent: 60, independentPercent: 60 } })).toMatchObject({ delta: 0, moved: false });
  });

  it('flags a consensus whose independent figure has changed since', () => {
    expect(beforeAfter({ independent: { percent: 70 }, consensus: { percent: 60, independentPercent: 62.5 } })).toMatchObject({ stale: true, delta: -2.5 });
    expect(beforeAfter({ independent: { percent: 70 }, consensus: { percent: 60, independentPercent: null } })).toMatchObject({
      delta: null,
      moved: true,
      stale: false,
    });
  });
});

describe('consensus dialog rules', () => {
  it('requires a reason only away from the independent figure', () => {
    expect(reasonRequired(60, 60)).toBe(false);
    expect(reasonRequired(60, 62.5)).toBe(true);
    expect(reasonRequired(60, null)).toBe(true);
    expect(reasonRequired(null, 60)).toBe(false);
  });

  it('starts from the nearest valid percentage', () => {
    expect(suggestedPercent(62.4)).toBe(60);
    expect(suggestedPercent(63)).toBe(65);
    expect(suggestedPercent(null)).toBe(50);
    expect(suggestedPercent(101)).toBe(100);
  });

  it('counts submitted sheets among the members who are not recused', () => {
    expect(
      submittedCount([
        { status: 'submitted', recused: false },
        { status: 'draft', recused: false },
        { status: 'not_started', recused: true },
      ]),
    ).toEqual({ submitted: 1, expected: 2 });
  });

  it('colours the review deadline', () => {
    expect(deadlineTone(null)).toBe('info');
    expect(deadlineTone(-1)).toBe('danger');
    expect(deadlineTone(3)).toBe('warning');
    expect(deadlineTone(12)).toBe('success');
  });
});
