/**
 * Uploaded files are read in a worker thread with a memory limit (offload.ts): the same table and
 * the same file errors as reading on the main thread; a file whose reading exceeds the limit is
 * refused as `too_complex` (zh/en) with nothing written, and the next import works as before.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { SCORES_TABLE } from './columns.ts';
import { importScores } from './index.ts';
import { closeImportReaders, readTableOffThread } from './offload.ts';
import { readTable } from './read.ts';
import { csvFile, onsiteRows, setup, snapshot, xlsxFile, type Fixture } from './test-helpers.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let f: Fixture;
beforeAll(async () => {
  f = await setup();
});
afterAll(async () => {
  await closeImportReaders();
  await f.db.destroy();
});
afterEach(() => {
  delete process.env.MQA_IMPORT_WORKER_MB;
  delete process.env.MQA_IMPORT_WORKERS;
});

/** A score sheet of `n` rows as CSV: about 60 bytes a row, every cell its own string once parsed. */
function bigCsv(n: number): Buffer {
  const lines = ['年度,申报编号,评审员编号,评审阶段,条款,得分百分比,备注'];
  for (let i = 0; i < n; i++) lines.push(`2025,APP-${i},E${i % 97},现场评审,4.1.${(i % 3) + 1},${(i % 21) * 5},note ${i}`);
  return Buffer.from(lines.join('\r\n'));
}

describe('reading an upload in a worker', () => {
  test('the same table as the main thread reads, for .xlsx and .csv', async () => {
    const rows = onsiteRows(f, 40);
    for (const buf of [await xlsxFile(rows), Buffer.from(csvFile(rows))]) {
      const progress: number[] = [];
      const off = await readTableOffThread(buf, SCORES_TABLE, (done) => void progress.push(done));
      const inline = await readTable(buf, SCORES_TABLE);
      expect(off).toEqual(inline);
      expect(off.columnOf).toBeInstanceOf(Map);
      expect(off.rows).toHaveLength(40);
    }
  });

  test("a file error thrown in the worker comes back as the reader's own error", async () => {
    const legacy = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const r = await importScores(f.db, legacy, { fileName: 'old.xls', userId: f.userId });
    expect(r.fileError?.code).toBe('legacy_xls');
    expect(r.fileError?.message.zh).toMatch(/xls/);
  });

  test('a file that needs more memory than the limit is refused as too_complex, nothing is written, and the next import works', async () => {
    process.env.MQA_IMPORT_WORKER_MB = '64';
    const before = await snapshot(f.db);
    const bomb = bigCsv(240_000);
    expect(bomb.byteLength).toBeLessThan(20 * 1024 * 1024);
    // The event loop keeps turning while the worker reads: count the turns until the answer.
    let turns = 0;
    let reading = true;
    const spin = () => {
      if (!reading) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    const r = await importScores(f.db, bomb, { fileName: 'bomb.csv', userId: f.userId });
    reading = false;
    expect(r.fileError?.code).toBe('too_complex');
    expect(r.fileError?.message.zh).toContain('64 MB');
    expect(r.fileError?.message.en).toContain('nothing was written');
    expect(r.outcome).toBe('invalid');
    expect(turns).toBeGreaterThan(1);
    expect(await snapshot(f.db)).toEqual(before);

    // A fresh reader takes the next file.
    const ok = await importScores(f.db, Buffer.from(csvFile(onsiteRows(f, 23))), { fileName: 'ok.csv', userId: f.userId, dryRun: true });
    expect(ok.fileError).toBeNull();
    expect(ok.outcome).toBe('preview');
  });

  test('MQA_IMPORT_WORKERS=0 reads on the main thread, with the same result', async () => {
    const buf = Buffer.from(csvFile(onsiteRows(f, 23)));
    const off = await importScores(f.db, buf, { fileName: 'a.csv', userId: f.userId, dryRun: true });
    process.env.MQA_IMPORT_WORKERS = '0';
    const inline = await importScores(f.db, buf, { fileName: 'a.csv', userId: f.userId, dryRun: true });
    expect({ ...inline, timings: null }).toEqual({ ...off, timings: null });
  });
});
