/**
 * A second process appending to the audit chain (the concurrency test of audit.test.ts):
 * `tsx audit-writer.fixture.ts <database file> <rows> <tag>`.
 */
import { openDatabase } from '../connection.ts';
import { writeAudit } from './audit.ts';

const [file, count, tag] = process.argv.slice(2);
const db = openDatabase({ url: `file:${file}` });
try {
  for (let i = 0; i < Number(count); i++) {
    await writeAudit(db, { userId: null, action: 'test.concurrent', entity: 'thing', entityId: `${tag}-${i}`, after: { i, tag } });
  }
} finally {
  await db.destroy();
}
