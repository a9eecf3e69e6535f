/**
 * `pnpm audit:verify`: recomputes the audit trail's hash chain (Art. 26) of DATABASE_URL
 * (default: data/mqa.sqlite under the workspace root). Prints one JSON line with the number of
 * rows and the head (id and hash: keep the hash elsewhere to notice a cut-off tail later); when a
 * row does not verify it names the first one, and the exit code is 1.
 */
import { openDatabase, resolveDatabaseUrl } from '../connection.ts';
import { verifyAuditChain } from '../repositories/audit.ts';
import { fail } from './files.ts';

const REASONS = {
  missing_hash: { zh: '没有哈希值（绕过了审计写入函数）', en: 'has no hash (written around the audit writer)' },
  prev_hash_mismatch: { zh: '与前一行不衔接（有行被删除、插入或重排）', en: 'does not follow the row before it (a row was deleted, inserted or re-chained)' },
  hash_mismatch: { zh: '内容与哈希不符（被修改过）', en: 'does not match its hash (it was edited)' },
} as const;

async function main(): Promise<void> {
  const url = resolveDatabaseUrl();
  const db = openDatabase({ url });
  try {
    const audit = (await db.introspection.getTables()).find((t) => t.name === 'audit_log');
    if (!audit?.columns.some((c) => c.name === 'hash')) {
      throw new Error('The database has no audit chain yet: run pnpm db:migrate first (数据库尚无审计链：请先运行 pnpm db:migrate)');
    }
    const report = await verifyAuditChain(db);
    if (report.intact) {
      console.log(JSON.stringify({ level: 'info', event: 'audit.verify', database: url, ...report }));
      return;
    }
    const b = report.firstBroken!;
    const why = REASONS[b.reason];
    console.error(
      JSON.stringify({
        level: 'error',
        event: 'audit.verify',
        database: url,
        ...report,
        message: `审计链在第 ${b.id} 行断开：该行${why.zh} / The audit chain is broken at row ${b.id}: it ${why.en}`,
      }),
    );
    process.exitCode = 1;
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => fail('audit.verify', error));
