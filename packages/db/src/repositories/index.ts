/** Query functions over the award database; every function takes the Kysely instance (or a transaction) first. */
export * from './users.ts';
export * from './loginBackoff.ts';
export * from './meta.ts';
export * from './audit.ts';
export * from './weights.ts';
export * from './cycles.ts';
export * from './applications.ts';
export * from './scores.ts';
export * from './followup.ts';
export * from './conflicts.ts';
export * from './decisions.ts';
export * from './people.ts';
export * from './materials.ts';
export * from './consensus.ts';
export * from './groups.ts';
export * from './publications.ts';
export * from './dataVersions.ts';
