export * from './schema.ts';
export * from './connection.ts';
export { backupDatabase, restoreDatabase, checkDatabaseFile, defaultBackupPath, BackupError, type BackupCheck } from './backup.ts';
export { migrations, migrationProvider } from './migrations/index.ts';
export * from './repositories/index.ts';
export { seedDemo, SeedRefusedError, SEED_META_KEYS, DEFAULT_SEED, DEMO_AS_OF, DEMO_YEARS, SYNTHETIC_NOTE } from './seed/index.ts';
export type { SeedOptions, SeedSummary } from './seed/index.ts';
export { copyDatabase, databaseDigest, CopyRefusedError, type CopyReport, type TableCopy } from './copy.ts';
