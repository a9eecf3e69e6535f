/**
 * Seeded pseudo-random numbers, so sensitivity analyses reproduce exactly.
 * - Generator: SFC32 ("small fast chaotic", Chris Doty-Humphrey, PractRand; public domain
 *   algorithm), seeded through a 32-bit integer mixer (splitmix-style finaliser).
 * - Normal deviates: Marsaglia's polar method.
 * - Gamma deviates: Marsaglia & Tsang (2000), "A simple method for generating gamma variables",
 *   ACM TOMS 26(3); shapes below 1 through the boost Gamma(a) = Gamma(a + 1) · U^(1/a).
 * - Dirichlet: independent Gamma(αᵢ) draws normalised to sum 1.
 */
export interface Rng {
  /** Uniform in the open interval (0, 1). */
  next(): number;
  /** Standard normal. */
  normal(): number;
  /** Gamma with shape `shape` > 0 and scale 1. */
  gamma(shape: number): number;
  /** Fills `out` with a Dirichlet(alpha) draw (components with αᵢ = 0 are 0). */
  dirichlet(alpha: ArrayLike<number>, out: Float64Array): Float64Array;
}

function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

export function createRng(seed: number): Rng {
  const s = Number.isFinite(seed) ? Math.trunc(seed) : 0;
  let a = mix32(s);
  let b = mix32(a ^ 0x85ebca6b);
  let c = mix32(b ^ 0xc2b2ae35);
  let d = 1;
  const raw = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) raw();
  const next = (): number => (raw() + 0.5) / 4294967296;
  let spare = Number.NaN;
  const normal = (): number => {
    if (spare === spare) {
      const v = spare;
      spare = Number.NaN;
      return v;
    }
    let u: number;
    let v: number;
    let q: number;
    do {
      u = 2 * next() - 1;
      v = 2 * next() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q === 0);
    const f = Math.sqrt((-2 * Math.log(q)) / q);
    spare = v * f;
    return u * f;
  };
  const gamma = (shape: number): number => {
    if (shape < 1) return gamma(shape + 1) * Math.pow(next(), 1 / shape);
    const dd = shape - 1 / 3;
    const cc = 1 / Math.sqrt(9 * dd);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + cc * x;
      } while (v <= 0);
      v = v * v * v;
      const u = next();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return dd * v;
      if (Math.log(u) < 0.5 * x2 + dd * (1 - v + Math.log(v))) return dd * v;
    }
  };
  const dirichlet = (alpha: ArrayLike<number>, out: Float64Array): Float64Array => {
    let sum = 0;
    for (let i = 0; i < alpha.length; i++) {
      const g = alpha[i]! > 0 ? gamma(alpha[i]!) : 0;
      out[i] = g;
      sum += g;
    }
    for (let i = 0; i < alpha.length; i++) out[i] = out[i]! / sum;
    return out;
  };
  return { next, normal, gamma, dirichlet };
}
