export * from './schema.ts';
export * from './connection.ts';
export { migrations, migrationProvider } from './migrations/index.ts';
