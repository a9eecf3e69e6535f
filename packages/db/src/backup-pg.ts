/**
 * Backups of a PostgreSQL installation with the server's own tools: `pg_dump` in its custom
 * format (consistent while the server runs: one snapshot) and `pg_restore`. They come with
 * Debian's `postgresql-client` package; `MQA_PG_BIN` names their folder when they are not on PATH.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findWorkspaceRoot } from './connection.ts';
import { BackupError } from './backup.ts';

function tool(name: 'pg_dump' | 'pg_restore'): string {
  const dir = process.env.MQA_PG_BIN?.trim();
  return dir ? path.join(dir, name) : name;
}

function run(name: 'pg_dump' | 'pg_restore', args: string[]): string {
  const r = spawnSync(tool(name), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) {
    throw new BackupError('not_found', {
      zh: `无法运行 ${name}（${r.error.message}）：请安装 postgresql-client 或设置 MQA_PG_BIN。`,
      en: `${name} could not be started (${r.error.message}); install Debian's postgresql-client or set MQA_PG_BIN.`,
    });
  }
  if (r.status !== 0) {
    const why = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ');
    throw new BackupError('corrupt', { zh: `${name} 执行失败：${why}`, en: `${name} failed: ${why}` });
  }
  return r.stdout;
}

/** `data/backups/<database>-<UTC time>.dump` under the workspace root. */
export function defaultPostgresBackupPath(url: string, now: Date = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
  return path.join(findWorkspaceRoot() ?? process.cwd(), 'data', 'backups', `${name.replace(/[^\w.-]/g, '_')}-${stamp}.dump`);
}

/** Lists a dump's table-data entries (and so checks it is a readable custom-format dump). */
export function postgresDumpTables(file: string): string[] {
  if (!fs.existsSync(file)) throw new BackupError('not_found', { zh: `文件不存在：${file}`, en: `No such file: ${file}` });
  const list = run('pg_restore', ['--list', file]);
  const tables = list
    .split('\n')
    .filter((l) => / TABLE DATA /.test(l))
    .map((l) => l.trim().split(/\s+/).at(-2) ?? '')
    .filter(Boolean);
  if (!tables.includes('audit_log') || !tables.includes('applications')) {
    throw new BackupError('not_this_schema', { zh: `${file} 不是本平台数据库的备份。`, en: `${file} is not a backup of this platform's database.` });
  }
  return tables;
}

/** `pg_dump -Fc` of the database `url` names into `target`; returns the file and its size. */
export function backupPostgres(url: string, target: string): { file: string; bytes: number; tables: number } {
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--file', target, '--dbname', url]);
  const tables = postgresDumpTables(target).length;
  return { file: path.resolve(target), bytes: fs.statSync(target).size, tables };
}

/**
 * Restores a `pg_dump -Fc` backup into the database `url` names, replacing what it holds
 * (`--clean --if-exists`), in one transaction: a failure leaves the database as it was. Stop
 * the servers first.
 */
export function restorePostgres(url: string, file: string): { tables: number } {
  const tables = postgresDumpTables(file).length;
  run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', '--dbname', url, file]);
  return { tables };
}
