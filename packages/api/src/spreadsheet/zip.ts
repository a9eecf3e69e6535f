/**
 * A minimal reader of a ZIP container's central directory (PKWARE APPNOTE, sections 4.3.12 and
 * 4.3.16), used only to inspect an .xlsx before handing it to exceljs: which parts exist, the
 * sheet names, merged ranges (exceljs's streaming reader skips `<mergeCell>`), and the declared
 * sheet dimension (for progress). Cell values are always read by exceljs.
 */
import { inflateRawSync } from 'node:zlib';
import { MAX_SHEET_XML_BYTES } from './limits.ts';
import { SpreadsheetFileError } from './types.ts';

export interface ZipEntry {
  name: string;
  method: number;
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

/** Lists the entries of a ZIP archive from its central directory. */
export function listZipEntries(buf: Buffer): Map<string, ZipEntry> {
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
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw unsupported('damaged ZIP directory');
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localHeaderOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    entries.set(name, { name, method, compressedSize, size, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The uncompressed bytes of one entry (stored or deflated). */
export function readZipEntry(buf: Buffer, entry: ZipEntry): Buffer {
  const p = entry.localHeaderOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL_SIGNATURE) throw unsupported(`damaged entry ${entry.name}`);
  if (entry.size > MAX_SHEET_XML_BYTES) throw unsupported(`entry ${entry.name} is too large when uncompressed`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) {
    try {
      return inflateRawSync(data, { maxOutputLength: MAX_SHEET_XML_BYTES });
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
