import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDatabasePath, findWorkspaceRoot, resolveDatabaseUrl } from '../connection.ts';
import { UsageError, parseSeedArgs } from './args.ts';

describe('db:seed arguments', () => {
  it('reads --reset and --seed in both spellings', () => {
    expect(parseSeedArgs([])).toEqual({ reset: false, seed: undefined, help: false });
    expect(parseSeedArgs(['--reset', '--seed', '7'])).toEqual({ reset: true, seed: 7, help: false });
    expect(parseSeedArgs(['--', '--seed=12'])).toEqual({ reset: false, seed: 12, help: false });
  });

  it('rejects unknown arguments and bad seeds with a bilingual message', () => {
    expect(() => parseSeedArgs(['--rest'])).toThrow(UsageError);
    expect(() => parseSeedArgs(['--seed'])).toThrow(/non-negative integer/);
    expect(() => parseSeedArgs(['--seed', '1.5'])).toThrow(/非负整数/);
    expect(() => parseSeedArgs(['--seed=-3'])).toThrow(UsageError);
  });

  it('reads --applications in both spellings and refuses sizes the generator cannot make', () => {
    expect(parseSeedArgs(['--applications', '10000'])).toEqual({ reset: false, seed: undefined, applications: 10000, help: false });
    expect(parseSeedArgs(['--seed=3', '--applications=1000'])).toEqual({ reset: false, seed: 3, applications: 1000, help: false });
    expect(() => parseSeedArgs(['--applications'])).toThrow(/integer from 1/);
    expect(() => parseSeedArgs(['--applications', '0'])).toThrow(/1 至/);
    expect(() => parseSeedArgs(['--applications=2.5'])).toThrow(UsageError);
    expect(() => parseSeedArgs(['--applications=1000000'])).toThrow(UsageError);
  });
});

describe('default database location', () => {
  it('resolves data/mqa.sqlite under the workspace root from any folder inside it', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-root-'));
    try {
      fs.writeFileSync(path.join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
      const inner = path.join(root, 'packages', 'db');
      fs.mkdirSync(inner, { recursive: true });
      expect(findWorkspaceRoot(inner)).toBe(root);
      expect(defaultDatabasePath(inner)).toBe(path.join(root, 'data', 'mqa.sqlite'));
      expect(defaultDatabasePath(root)).toBe(path.join(root, 'data', 'mqa.sqlite'));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('falls back to the given folder outside a workspace', () => {
    const lone = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-lone-'));
    try {
      expect(findWorkspaceRoot(lone)).toBeUndefined();
      expect(defaultDatabasePath(lone)).toBe(path.join(lone, 'data', 'mqa.sqlite'));
    } finally {
      fs.rmSync(lone, { recursive: true, force: true });
    }
  });

  it('prefers DATABASE_URL when it is set', () => {
    expect(resolveDatabaseUrl(':memory:')).toBe(':memory:');
    expect(resolveDatabaseUrl('file:/x/y.sqlite')).toBe('file:/x/y.sqlite');
    expect(resolveDatabaseUrl('')).toBe(`file:${defaultDatabasePath()}`);
  });
});
