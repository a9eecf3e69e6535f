/**
 * A minimal reader of a ZIP container's central directory (PKWARE APPNOTE, sections 4.3.12 and
 * 4.3.16), used to check an .xlsx before handing it to exceljs (the sizes and compression ratio
 * of every part, see {@link checkXlsxContainer}) and to inspect it: which parts exist, the
 * sheet names, merged ranges (exceljs's streaming reader skips `<mergeCell>`), and the declared
 * sheet dimension (for progress). Cell values are always read by exceljs.
 */
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { MAX_XLSX_PART_BYTES, MAX_XLSX_PARTS, MAX_XLSX_RATIO, MAX_XLSX_TOTAL_BYTES, XLSX_RATIO_FLOOR_BYTES } from './limits.ts';
import { SpreadsheetFileError } from './types.ts';

export interface ZipEntry {
  name: string;
  /** Raw bytes of the name, as stored. */
  nameBytes: Buffer;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

function unsupported(detail: string): SpreadsheetFileError {
  return new SpreadsheetFileError('unsupported_zip', {
    zh: `无法读取该 .xlsx 文件（${detail}）。请在 Excel 或 WPS 中打开后另存为 .xlsx 再上传。`,
    en: `This .xlsx file cannot be read (${detail}). Open it in Excel or WPS, save it again as .xlsx and re-upload.`,
  });
}

export function isZip(buf: Uint8Array): boolean {
  return buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
}

/** The entries of a ZIP archive's central directory, in directory order (duplicates kept). */
export function readCentralDirectory(buf: Buffer): ZipEntry[] {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw unsupported('no ZIP end-of-central-directory record; the file is truncated or damaged');
  const count = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff) throw unsupported('ZIP64 archives are not supported');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw unsupported('damaged ZIP directory');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const time = buf.readUInt16LE(p + 12);
    const date = buf.readUInt16LE(p + 14);
    const crc32 = buf.readUInt32LE(p + 16);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localHeaderOffset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLen > buf.length) throw unsupported('damaged ZIP directory');
    const nameBytes = Buffer.from(buf.subarray(p + 46, p + 46 + nameLen));
    const name = nameBytes.toString('utf8');
    entries.push({ name, nameBytes, flags, method, time, date, crc32, compressedSize, size, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Lists the entries of a ZIP archive from its central directory, by name. */
export function listZipEntries(buf: Buffer): Map<string, ZipEntry> {
  return new Map(readCentralDirectory(buf).map((e) => [e.name, e]));
}

/** Where an entry's (compressed) data starts, checked against the archive's bounds. */
function dataRange(buf: Buffer, entry: ZipEntry): { start: number; end: number } {
  const p = entry.localHeaderOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL_SIGNATURE) throw unsupported(`damaged entry ${entry.name}`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) throw unsupported(`damaged entry ${entry.name}`);
  return { start, end };
}

/** The uncompressed bytes of one entry (stored or deflated). */
export function readZipEntry(buf: Buffer, entry: ZipEntry): Buffer {
  if (entry.size > MAX_XLSX_PART_BYTES) throw unsupported(`entry ${entry.name} is too large when uncompressed`);
  const { start, end } = dataRange(buf, entry);
  const data = buf.subarray(start, end);
  if (entry.method === 0) return data;
  if (entry.method === 8) {
    try {
      // Never more than the declared size: a header that lies about it fails here.
      return inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
    } catch {
      throw unsupported(`entry ${entry.name} cannot be decompressed`);
    }
  }
  throw unsupported(`compression method ${entry.method}`);
}

export interface XlsxSheetInfo {
  name: string;
  /** Path of the sheet part inside the archive, e.g. `xl/worksheets/sheet1.xml`. */
  path: string;
  hidden: boolean;
  /** Merged ranges, e.g. `A1:B1`. */
  merges: string[];
  /** Last row of the declared `<dimension>`, 0 if absent. */
  lastRow: number;
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(tag);
  return m ? decodeXml(m[1] ?? '') : undefined;
}

/**
 * Sheet names, paths, visibility, merged ranges and dimensions of an .xlsx workbook. Throws
 * `not_spreadsheet` for a ZIP that is not a workbook (a .docx, a plain archive).
 */
export function inspectXlsx(buf: Buffer): XlsxSheetInfo[] {
  const entries = listZipEntries(buf);
  const wbEntry = entries.get('xl/workbook.xml');
  const relsEntry = entries.get('xl/_rels/workbook.xml.rels');
  if (!wbEntry || !relsEntry) {
    throw new SpreadsheetFileError('not_spreadsheet', {
      zh: '该文件是压缩包，但不是 Excel 工作簿（.xlsx）。',
      en: 'This file is a ZIP archive but not an Excel workbook (.xlsx).',
    });
  }
  const wbXml = readZipEntry(buf, wbEntry).toString('utf8');
  const relsXml = readZipEntry(buf, relsEntry).toString('utf8');
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id && target) targets.set(id, target);
  }
  const sheets: XlsxSheetInfo[] = [];
  for (const m of wbXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attr(m[0], 'name') ?? '';
    const rid = attr(m[0], 'r:id') ?? '';
    const target = targets.get(rid) ?? '';
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
    const state = attr(m[0], 'state');
    const entry = entries.get(path);
    let merges: string[] = [];
    let lastRow = 0;
    if (entry) {
      const xml = readZipEntry(buf, entry).toString('utf8');
      const dim = /<dimension\b[^>]*ref="([^"]*)"/.exec(xml.slice(0, 4096));
      const end = dim?.[1]?.split(':').pop();
      lastRow = end ? Number(/\d+$/.exec(end)?.[0] ?? 0) : 0;
      const tail = xml.lastIndexOf('</sheetData>');
      const rest = tail >= 0 ? xml.slice(tail) : '';
      merges = [...rest.matchAll(/<mergeCell\b[^>]*ref="([^"]*)"/g)].map((x) => x[1] ?? '');
    }
    sheets.push({ name, path, hidden: state === 'hidden' || state === 'veryHidden', merges, lastRow });
  }
  return sheets;
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

function zipBomb(detail: { zh: string; en: string }): SpreadsheetFileError {
  return new SpreadsheetFileError('zip_bomb', {
    zh: `该 .xlsx 文件解压后异常（${detail.zh}），可能是“压缩炸弹”，已拒绝。请在 Excel 或 WPS 中另存为 .xlsx 后重试。`,
    en: `This .xlsx file does not decompress like a workbook (${detail.en}); it looks like a zip bomb and was refused. Save it again as .xlsx in Excel or WPS and retry.`,
  });
}

function tooLargeUncompressed(what: { zh: string; en: string }, bytes: number, limit: number): SpreadsheetFileError {
  return new SpreadsheetFileError('too_large', {
    zh: `${what.zh}解压后过大（${mib(bytes)} MB），上限为 ${mib(limit)} MB。请拆分为多个文件后分别导入。`,
    en: `${what.en} is too large when uncompressed (${mib(bytes)} MB); the limit is ${mib(limit)} MB. Split it into several files and import them one by one.`,
  });
}

/** Counters of {@link checkXlsxContainer}, updated as it goes (also when it refuses the file). */
export interface ZipCheckStats {
  /** Uncompressed bytes produced so far, over all parts. */
  inflatedBytes: number;
}

class Overflow extends Error {}

/**
 * Inflates `data` in bounded chunks, counting the output and throwing {@link Overflow} the moment
 * more than `limit` bytes came out; the output itself is dropped. Returns the uncompressed size.
 */
function inflatedSize(data: Buffer, limit: number, stats: ZipCheckStats): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflater = createInflateRaw({ chunkSize: 64 * 1024 });
    let out = 0;
    let settled = false;
    const settle = (err: Error | null) => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve(out);
    };
    inflater.on('data', (chunk: Buffer) => {
      out += chunk.length;
      stats.inflatedBytes += chunk.length;
      if (out > limit) {
        inflater.destroy();
        settle(new Overflow());
      }
    });
    inflater.on('end', () => settle(null));
    inflater.on('error', (err) => settle(err));
    inflater.end(data);
  });
}

/**
 * A clean archive of exactly the given entries: fresh local headers carrying the central
 * directory's sizes (no data descriptors, no extra fields), the same compressed bytes, and a
 * fresh central directory. exceljs reads local headers front to back, so it sees only the parts
 * checked here, with the sizes checked here.
 */
function rebuild(buf: Buffer, entries: ZipEntry[]): Buffer {
  const pieces: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const { start, end } = dataRange(buf, e);
    const flags = e.flags & 0x0800; // keep only "UTF-8 names"
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_SIGNATURE, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt16LE(e.time, 10);
    local.writeUInt16LE(e.date, 12);
    local.writeUInt32LE(e.crc32, 14);
    local.writeUInt32LE(e.compressedSize, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(e.nameBytes.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(CENTRAL_SIGNATURE, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(flags, 8);
    cd.writeUInt16LE(e.method, 10);
    cd.writeUInt16LE(e.time, 12);
    cd.writeUInt16LE(e.date, 14);
    cd.writeUInt32LE(e.crc32, 16);
    cd.writeUInt32LE(e.compressedSize, 20);
    cd.writeUInt32LE(e.size, 24);
    cd.writeUInt16LE(e.nameBytes.length, 28);
    cd.writeUInt32LE(offset, 42);
    pieces.push(local, e.nameBytes, buf.subarray(start, end));
    central.push(cd, e.nameBytes);
    offset += 30 + e.nameBytes.length + e.compressedSize;
  }
  const cdSize = central.reduce((s, b) => s + b.length, 0);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(EOCD_SIGNATURE, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdSize, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...pieces, ...central, eocd]);
}

/**
 * Checks an .xlsx container against zip bombs before anything parses it, and returns a clean
 * copy to parse. First the central directory: the number of parts, each part's declared
 * uncompressed size and compression ratio, and their total, against the limits in limits.ts.
 * Then every part is inflated (output counted and dropped, never kept) and stopped the moment it
 * produces more than it declared, so a header that lies about its size gains nothing. Refusals
 * are `too_large` (honest but over the limits), `zip_bomb` (ratio, lying sizes, too many parts)
 * or `unsupported_zip` (damaged). The work is bounded by {@link MAX_XLSX_TOTAL_BYTES}.
 */
export async function checkXlsxContainer(buf: Buffer, stats: ZipCheckStats = { inflatedBytes: 0 }): Promise<Buffer> {
  const entries = readCentralDirectory(buf);
  if (entries.length > MAX_XLSX_PARTS) {
    throw zipBomb({ zh: `含 ${entries.length} 个部件，上限为 ${MAX_XLSX_PARTS} 个`, en: `${entries.length} parts; the limit is ${MAX_XLSX_PARTS}` });
  }
  const names = new Set<string>();
  let total = 0;
  for (const e of entries) {
    if (names.has(e.name)) throw unsupported(`the part ${e.name} appears twice`);
    names.add(e.name);
    if (e.method !== 0 && e.method !== 8) throw unsupported(`compression method ${e.method}`);
    if (e.method === 0 && e.size !== e.compressedSize) throw unsupported(`damaged entry ${e.name}`);
    if (e.size > MAX_XLSX_PART_BYTES) throw tooLargeUncompressed({ zh: `部件 ${e.name} `, en: `The part ${e.name}` }, e.size, MAX_XLSX_PART_BYTES);
    if (e.size > XLSX_RATIO_FLOOR_BYTES && e.size > e.compressedSize * MAX_XLSX_RATIO) {
      const ratio = Math.round(e.size / Math.max(1, e.compressedSize));
      throw zipBomb({
        zh: `部件 ${e.name} 的压缩比为 ${ratio}:1，上限为 ${MAX_XLSX_RATIO}:1`,
        en: `the part ${e.name} has a compression ratio of ${ratio}:1; the limit is ${MAX_XLSX_RATIO}:1`,
      });
    }
    total += e.size;
    dataRange(buf, e);
  }
  if (total > MAX_XLSX_TOTAL_BYTES) throw tooLargeUncompressed({ zh: '工作簿', en: 'The workbook' }, total, MAX_XLSX_TOTAL_BYTES);
  for (const e of entries) {
    const { start, end } = dataRange(buf, e);
    if (e.method === 0) {
      stats.inflatedBytes += e.size;
      continue;
    }
    let size: number;
    try {
      size = await inflatedSize(buf.subarray(start, end), e.size, stats);
    } catch (err) {
      if (err instanceof Overflow) {
        throw zipBomb({
          zh: `部件 ${e.name} 解压后超过其声明的 ${e.size} 字节`,
          en: `the part ${e.name} inflates to more than the ${e.size} bytes it declares`,
        });
      }
      throw unsupported(`entry ${e.name} cannot be decompressed`);
    }
    if (size !== e.size) throw unsupported(`entry ${e.name} is shorter than declared`);
  }
  return rebuild(buf, readingOrder(entries));
}

/**
 * The parts exceljs's streaming reader needs before it can read a worksheet as it streams by: the
 * workbook (sheet names), its relationships and the shared strings. Excel, WPS and exceljs itself
 * often write them after the worksheets, and then the reader copies every worksheet into a
 * temporary file and reads it back at the end: uploaded data on disk, and a slower read.
 */
const READ_FIRST = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'];

/** The entries with {@link READ_FIRST} in front, in that order; every other part keeps its place. */
export function readingOrder(entries: ZipEntry[]): ZipEntry[] {
  const rank = (e: ZipEntry) => {
    const i = READ_FIRST.indexOf(e.name);
    return i < 0 ? READ_FIRST.length : i;
  };
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i)
    .map((x) => x.e);
}
