/**
 * Backup and restore of the SQLite database (`pnpm db:backup`, `pnpm db:restore`).
 *
 * - A backup is an online, consistent copy: `VACUUM INTO` reads the database inside one read
 *   transaction (a WAL snapshot), so it can run while the server reads and writes; the copy holds
 *   everything committed when it started, WAL included, as one self-contained file. It is then
 *   checked like a file to restore.
 * - A restore first checks the file (a SQLite database that passes `integrity_check`, whose
 *   applied migrations are all known to this version, a prefix of them: an older backup is
 *   migrated forward at the next start, a newer one is refused), then refuses while anything
 *   else has the target open (leaving WAL mode needs the only connection; stop the server), then
 *   keeps the previous file aside (`<name>.before-restore-<time>`) and moves the copy into place
 *   with a rename.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { migrations } from './migrations/index.ts';

export interface LocalText {
  zh: string;
  en: string;
}

/** A refused backup or restore, with a bilingual reason. */
export class BackupError extends Error {
  readonly code: 'not_found' | 'exists' | 'not_a_database' | 'corrupt' | 'not_this_schema' | 'newer_schema' | 'in_use';
  readonly text: LocalText;
  constructor(code: BackupError['code'], text: LocalText) {
    super(`${text.en} (${text.zh})`);
    this.name = 'BackupError';
    this.code = code;
    this.text = text;
  }
}

export interface BackupCheck {
  /** Migrations the file has applied, in order. */
  migrations: string[];
  /** Known migrations the file lacks (applied at the next start). */
  pending: string[];
  /** Rows per table. */
  tables: Record<string, number>;
}

/** `data/backups/mqa-2026-12-02T20-00-00.sqlite` beside the database. */
export function defaultBackupPath(databaseFile: string, now: Date = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
  const base = path.basename(databaseFile).replace(/\.(sqlite3?|db)$/i, '');
  return path.join(path.dirname(path.resolve(databaseFile)), 'backups', `${base}-${stamp}.sqlite`);
}

/**
 * Checks that `file` is a sound database of this schema (see the module comment); throws a
 * {@link BackupError} otherwise.
 */
export function checkDatabaseFile(file: string): BackupCheck {
  if (!fs.existsSync(file)) throw new BackupError('not_found', { zh: `文件不存在：${file}`, en: `No such file: ${file}` });
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch {
    throw new BackupError('not_a_database', { zh: `${file} 不是 SQLite 数据库。`, en: `${file} is not a SQLite database.` });
  }
  try {
    let integrity: string[];
    try {
      integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch {
      throw new BackupError('not_a_database', { zh: `${file} 不是 SQLite 数据库。`, en: `${file} is not a SQLite database.` });
    }
    if (integrity.length !== 1 || integrity[0] !== 'ok') {
      throw new BackupError('corrupt', {
        zh: `${file} 未通过完整性检查：${integrity.slice(0, 3).join('；')}`,
        en: `${file} fails the integrity check: ${integrity.slice(0, 3).join('; ')}`,
      });
    }
    const names = new Set((db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map((r) => r.name));
    if (!names.has('kysely_migration') || !names.has('audit_log')) {
      throw new BackupError('not_this_schema', {
        zh: `${file} 不是本平台的数据库（没有迁移记录）。`,
        en: `${file} is not a database of this platform (no migration record).`,
      });
    }
    const applied = (db.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map((r) => r.name);
    const known = Object.keys(migrations).sort();
    const unknown = applied.filter((n) => !known.includes(n));
    if (unknown.length > 0) {
      throw new BackupError('newer_schema', {
        zh: `${file} 含有本版本不认识的迁移（${unknown.join('、')}），来自更新的版本，不能恢复。`,
        en: `${file} has migrations this version does not know (${unknown.join(', ')}): it comes from a newer version and cannot be restored.`,
      });
    }
    if (applied.some((n, i) => n !== known[i])) {
      throw new BackupError('not_this_schema', {
        zh: `${file} 的迁移记录与本版本不一致。`,
        en: `${file} has a migration history that does not match this version.`,
      });
    }
    const tables: Record<string, number> = {};
    for (const t of [...names].filter((n) => !n.startsWith('sqlite_')).sort()) {
      tables[t] = (db.prepare(`select count(*) as n from "${t.replace(/"/g, '""')}"`).get() as { n: number }).n;
    }
    return { migrations: applied, pending: known.slice(applied.length), tables };
  } finally {
    db.close();
  }
}

/**
 * Writes an online, consistent copy of `databaseFile` to `target` (which must not exist) and
 * checks it. Safe while the server runs.
 */
export function backupDatabase(databaseFile: string, target: string): BackupCheck & { file: string; bytes: number } {
  if (!fs.existsSync(databaseFile)) throw new BackupError('not_found', { zh: `数据库不存在：${databaseFile}`, en: `No database at ${databaseFile}` });
  if (fs.existsSync(target)) throw new BackupError('exists', { zh: `目标文件已存在：${target}`, en: `The target already exists: ${target}` });
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const db = new SQLite(databaseFile, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('vacuum into ?').run(path.resolve(target));
  } finally {
    db.close();
  }
  const check = checkDatabaseFile(target);
  return { file: path.resolve(target), bytes: fs.statSync(target).size, ...check };
}

/**
 * Replaces `databaseFile` by the backup `source` after checking it; the previous file is kept
 * as `<databaseFile>.before-restore-<time>` (returned as `previous`, null when there was none).
 * Refuses while another connection has the database open.
 */
export function restoreDatabase(source: string, databaseFile: string, now: Date = new Date()): BackupCheck & { previous: string | null } {
  const check = checkDatabaseFile(source);
  const target = path.resolve(databaseFile);
  let previous: string | null = null;
  if (fs.existsSync(target)) {
    // Leaving WAL mode needs the only connection to the file: if the server (or anything else)
    // has it open, this fails and nothing is touched. It also folds the WAL into the file, so
    // the file kept aside is complete.
    const db = new SQLite(target, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 0');
      let mode: string;
      try {
        mode = String(db.pragma('journal_mode = DELETE', { simple: true }));
      } catch {
        mode = 'busy';
      }
      if (mode !== 'delete') {
        throw new BackupError('in_use', {
          zh: `数据库 ${target} 正在被使用（服务器在运行？）：请先停止服务器再恢复。`,
          en: `The database ${target} is in use (is the server running?): stop the server before restoring.`,
        });
      }
    } finally {
      db.close();
    }
    previous = `${target}.before-restore-${now.toISOString().slice(0, 19).replace(/:/g, '-')}`;
    fs.renameSync(target, previous);
  } else {
    fs.mkdirSync(path.dirname(target), { recursive: true });
  }
  for (const f of [`${target}-wal`, `${target}-shm`, `${target}-journal`]) fs.rmSync(f, { force: true });
  const temp = `${target}.restoring`;
  fs.copyFileSync(source, temp);
  fs.renameSync(temp, target);
  return { ...check, previous };
}
