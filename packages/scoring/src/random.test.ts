import { describe, expect, it } from 'vitest';
import { createRng } from './random.ts';

describe('createRng', () => {
  it('reproduces from a seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('uniforms, normals and gammas have the right first two moments (seeded, 40,000 draws)', () => {
    const rng = createRng(2024);
    const N = 40_000;
    const moments = (f: () => number) => {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < N; i++) {
        const x = f();
        s += x;
        s2 += x * x;
      }
      const m = s / N;
      return { mean: m, variance: s2 / N - m * m };
    };
    const u = moments(() => rng.next());
    expect(u.mean).toBeCloseTo(0.5, 2);
    expect(u.variance).toBeCloseTo(1 / 12, 2);
    const z = moments(() => rng.normal());
    expect(Math.abs(z.mean)).toBeLessThan(0.02);
    expect(z.variance).toBeCloseTo(1, 1);
    // Gamma(k, 1): mean k, variance k — for a shape ≥ 1 and for a shape < 1 (boost path).
    for (const k of [0.4, 2.5, 40]) {
      const g = moments(() => rng.gamma(k));
      expect(Math.abs(g.mean - k) / k).toBeLessThan(0.03);
      expect(Math.abs(g.variance - k) / k).toBeLessThan(0.06);
    }
  });

  it('Dirichlet draws sum to 1, keep zero components at 0, and average α / Σα', () => {
    const rng = createRng(5);
    const alpha = [44, 0, 36, 160];
    const out = new Float64Array(4);
    const mean = [0, 0, 0, 0];
    const N = 20_000;
    let worstSum = 0;
    let maxZero = 0;
    for (let i = 0; i < N; i++) {
      rng.dirichlet(alpha, out);
      worstSum = Math.max(worstSum, Math.abs(out[0]! + out[1]! + out[2]! + out[3]! - 1));
      maxZero = Math.max(maxZero, out[1]!);
      for (let j = 0; j < 4; j++) mean[j]! += out[j]! / N;
    }
    expect(worstSum).toBeLessThan(1e-12);
    expect(maxZero).toBe(0);
    expect(mean[0]).toBeCloseTo(0.183, 2);
    expect(mean[2]).toBeCloseTo(0.15, 2);
    expect(mean[3]).toBeCloseTo(0.667, 2);
  });
});
