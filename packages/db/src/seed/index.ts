export { seedDemo, SeedRefusedError, SEED_META_KEYS, type SeedOptions, type SeedSummary } from './seed.ts';
export { DEFAULT_SEED } from './prng.ts';
export { DEMO_AS_OF, DEMO_YEARS, SYNTHETIC_NOTE } from './generate.ts';
