import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { importApplications, importIndicators, importScores } from './index.ts';
import { MAX_XLSX_PART_BYTES, MAX_XLSX_TOTAL_BYTES, XLSX_RATIO_FLOOR_BYTES } from './limits.ts';
import { onsiteRows, setup, snapshot, xlsxFile, type Fixture } from './test-helpers.ts';
import { checkXlsxContainer, listZipEntries, readCentralDirectory, readZipEntry, type ZipCheckStats } from './zip.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

interface Part {
  name: string;
  /** Uncompressed content (deflated here) or ready deflated bytes with their true size. */
  data?: Buffer;
  deflated?: { bytes: Buffer; size: number };
  /** Uncompressed size to declare in the headers, when lying. */
  declare?: number;
}

/** A ZIP archive built by hand: every part deflated, local headers, central directory, end record. */
function zip(parts: Part[], options: { sameOffset?: boolean } = {}): Buffer {
  const pieces: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let firstOffset = 0;
  parts.forEach((part, i) => {
    const name = Buffer.from(part.name);
    const bytes = part.deflated?.bytes ?? deflateRawSync(part.data ?? Buffer.alloc(0));
    const size = part.declare ?? part.deflated?.size ?? part.data?.length ?? 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(bytes.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(bytes.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    if (i === 0) firstOffset = offset;
    cd.writeUInt32LE(options.sameOffset ? firstOffset : offset, 42);
    central.push(cd, name);
    if (!options.sameOffset || i === 0) {
      pieces.push(local, name, bytes);
      offset += 30 + name.length + bytes.length;
    }
  });
  const cdSize = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...pieces, ...central, end]);
}

/** The parts of a real score workbook, to swap one of them for a bomb. */
async function workbookParts(f: Fixture): Promise<Part[]> {
  const good = await xlsxFile(onsiteRows(f, 3));
  return readCentralDirectory(good).map((e) => ({ name: e.name, data: Buffer.from(readZipEntry(good, e)) }));
}

/** `size` bytes of XML-ish filler deflated (about 1,000:1), built once per size. */
const bombs = new Map<number, { bytes: Buffer; size: number }>();
function bomb(size: number): { bytes: Buffer; size: number } {
  let b = bombs.get(size);
  if (!b) {
    b = { bytes: deflateRawSync(Buffer.alloc(size, '<row r="1"><c r="A1"><v>1</v></c></row>')), size };
    bombs.set(size, b);
  }
  return b;
}

function swap(parts: Part[], name: string, part: Omit<Part, 'name'>): Part[] {
  expect(parts.some((p) => p.name === name)).toBe(true);
  return parts.map((p) => (p.name === name ? { name, ...part } : p));
}

async function refused(buf: Buffer, code: string): Promise<ZipCheckStats> {
  const stats: ZipCheckStats = { inflatedBytes: 0 };
  await expect(checkXlsxContainer(buf, stats)).rejects.toMatchObject({ code });
  return stats;
}

let f: Fixture;
let before: Awaited<ReturnType<typeof snapshot>>;
beforeAll(async () => {
  f = await setup();
  before = await snapshot(f.db);
});
afterAll(async () => {
  expect(await snapshot(f.db)).toEqual(before);
  await f.db.destroy();
});

async function expectImportsRefuse(buf: Buffer, code: string) {
  const opts = { fileName: 'bomb.xlsx', userId: f.userId };
  for (const res of [await importScores(f.db, buf, opts), await importApplications(f.db, buf, opts), await importIndicators(f.db, buf, opts)]) {
    expect(res.outcome).toBe('invalid');
    expect(res.fileError?.code).toBe(code);
    expect(res.fileError?.message.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(res.fileError?.message.en.length).toBeGreaterThan(20);
  }
}

describe('zip bombs are refused before any part is parsed, with bounded work', () => {
  test('a real workbook passes, and the checked copy holds the same parts', async () => {
    const good = await xlsxFile(onsiteRows(f, 20));
    const stats: ZipCheckStats = { inflatedBytes: 0 };
    const clean = await checkXlsxContainer(good, stats);
    const a = listZipEntries(good);
    const b = listZipEntries(clean);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    // exceljs writes the worksheets before the workbook and the shared strings; in the copy they
    // come first, so the streaming reader reads each worksheet as it comes (no temporary files).
    const names = [...b.keys()];
    for (const first of ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml']) {
      expect(names.indexOf(first)).toBeGreaterThanOrEqual(0);
      expect(names.indexOf(first)).toBeLessThan(names.indexOf('xl/worksheets/sheet1.xml'));
    }
    expect([...a.keys()].indexOf('xl/sharedStrings.xml')).toBeGreaterThan([...a.keys()].indexOf('xl/worksheets/sheet1.xml'));
    for (const [name, e] of a) expect(readZipEntry(clean, b.get(name)!)).toEqual(readZipEntry(good, e));
    expect(stats.inflatedBytes).toBe([...a.values()].reduce((s, e) => s + e.size, 0));
    const res = await importScores(f.db, good, { fileName: 'ok.xlsx', userId: f.userId, dryRun: true });
    expect(res.problems).toEqual([]);
    expect(res.preview?.counts.added).toBe(20);
  });

  test('a worksheet bomb (honest sizes, 1,000:1) is refused on its ratio without inflating anything', async () => {
    const buf = zip(swap(await workbookParts(f), 'xl/worksheets/sheet1.xml', { deflated: bomb(64 * 1024 * 1024) }));
    expect(buf.length).toBeLessThan(200 * 1024);
    const stats = await refused(buf, 'zip_bomb');
    expect(stats.inflatedBytes).toBe(0);
    await expectImportsRefuse(buf, 'zip_bomb');
  });

  test('a shared-strings bomb is refused the same way', async () => {
    const parts = await workbookParts(f);
    const withStrings = parts.some((p) => p.name === 'xl/sharedStrings.xml') ? parts : [...parts, { name: 'xl/sharedStrings.xml' }];
    const buf = zip(swap(withStrings, 'xl/sharedStrings.xml', { deflated: bomb(64 * 1024 * 1024) }));
    const stats = await refused(buf, 'zip_bomb');
    expect(stats.inflatedBytes).toBe(0);
    await expectImportsRefuse(buf, 'zip_bomb');
  });

  test('a part declared larger than the part limit is refused as too large, before inflating', async () => {
    const buf = zip(swap(await workbookParts(f), 'xl/worksheets/sheet1.xml', { deflated: bomb(1024 * 1024), declare: MAX_XLSX_PART_BYTES + 1 }));
    const stats = await refused(buf, 'too_large');
    expect(stats.inflatedBytes).toBe(0);
  });

  test('a part whose headers lie about its size is stopped as soon as it passes the declared size', async () => {
    // Declares 4 KB (below the ratio floor, so the directory looks harmless) and inflates to 64 MB.
    const parts = swap(await workbookParts(f), 'xl/worksheets/sheet1.xml', { deflated: bomb(64 * 1024 * 1024), declare: 4096 });
    const buf = zip(parts);
    const stats = await refused(buf, 'zip_bomb');
    const others = parts.filter((p) => p.data).reduce((s, p) => s + (p.data?.length ?? 0), 0);
    // At most one 64 KB output chunk past the declared size, plus the honest parts.
    expect(stats.inflatedBytes).toBeGreaterThan(4096);
    expect(stats.inflatedBytes).toBeLessThanOrEqual(others + 4096 + 64 * 1024);
    await expectImportsRefuse(buf, 'zip_bomb');
  });

  test('many parts each under every per-part limit but together over the total are refused before inflating', async () => {
    const part = bomb(XLSX_RATIO_FLOOR_BYTES); // at the ratio floor: not held to the ratio on its own
    const count = Math.floor(MAX_XLSX_TOTAL_BYTES / XLSX_RATIO_FLOOR_BYTES) + 8;
    const parts = [...(await workbookParts(f)), ...Array.from({ length: count }, (_, i) => ({ name: `xl/media/pad${i}.bin`, deflated: part }))];
    const buf = zip(parts);
    expect(buf.length).toBeLessThan(2 * 1024 * 1024);
    const stats = await refused(buf, 'too_large');
    expect(stats.inflatedBytes).toBe(0);
    await expectImportsRefuse(buf, 'too_large');
  });

  test('directory entries that all point at the same data (overlapping parts) count once each towards the total', async () => {
    const count = Math.floor(MAX_XLSX_TOTAL_BYTES / XLSX_RATIO_FLOOR_BYTES) + 8;
    const parts = Array.from({ length: count }, (_, i) => ({ name: `p${i}.xml`, deflated: bomb(XLSX_RATIO_FLOOR_BYTES) }));
    const stats = await refused(zip(parts, { sameOffset: true }), 'too_large');
    expect(stats.inflatedBytes).toBe(0);
  });

  test('a part hidden from the central directory never reaches the parser', async () => {
    // Local entries: a bomb no directory entry points at, then the real workbook's parts.
    const good = await xlsxFile(onsiteRows(f, 3));
    const hidden = zip([{ name: 'xl/worksheets/sheet9.xml', deflated: bomb(8 * 1024 * 1024) }]);
    const hiddenLocal = hidden.subarray(0, hidden.length - 22 - 46 - 'xl/worksheets/sheet9.xml'.length);
    const entries = readCentralDirectory(good);
    const cdStart = good.readUInt32LE(good.length - 22 + 16);
    const cd = Buffer.from(good.subarray(cdStart, good.length - 22));
    // Shift every directory entry's local offset past the hidden part.
    let p = 0;
    for (let i = 0; i < entries.length; i++) {
      cd.writeUInt32LE(cd.readUInt32LE(p + 42) + hiddenLocal.length, p + 42);
      p += 46 + cd.readUInt16LE(p + 28) + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    const end = Buffer.from(good.subarray(good.length - 22));
    end.writeUInt32LE(cdStart + hiddenLocal.length, 16);
    const sneaky = Buffer.concat([hiddenLocal, good.subarray(0, cdStart), cd, end]);
    const stats: ZipCheckStats = { inflatedBytes: 0 };
    const clean = await checkXlsxContainer(sneaky, stats);
    expect(clean.includes(Buffer.from('sheet9.xml'))).toBe(false);
    expect(stats.inflatedBytes).toBeLessThan(1024 * 1024);
    const res = await importScores(f.db, sneaky, { fileName: 'sneaky.xlsx', userId: f.userId, dryRun: true });
    expect(res.problems).toEqual([]);
    expect(res.preview?.counts.added).toBe(3);
  });
});
