/**
 * A minimal Word document (.docx, Office Open XML WordprocessingML) for the published notices:
 * A4 portrait, a centred title, paragraphs and one table, in 宋体/SimSun. Built by hand into a
 * ZIP container with stored (uncompressed) entries, so the produced bytes depend only on the
 * notice's text and its date: the same notice always gives the same file and SHA-256.
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** DOS date/time of an ISO date (midnight). */
function dosDateTime(isoDate: string): { date: number; time: number } {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return { date: ((Math.max(1980, y) - 1980) << 9) | (m << 5) | d, time: 0 };
}

/** A ZIP archive of stored entries (PKWARE APPNOTE 4.3), entries in the given order. */
export function zipStored(files: { name: string; data: Buffer }[], isoDate: string): Buffer {
  const { date, time } = dosDateTime(isoDate);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const crc = crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(f.data.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, f.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(f.data.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + f.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface DocxContent {
  title: string;
  paragraphs: string[];
  table: { header: string[]; rows: string[][] } | null;
  after: string[];
  /** Right-aligned signature lines (issuer, date). */
  signature: string[];
}

const FONT = '<w:rFonts w:ascii="SimSun" w:hAnsi="SimSun" w:eastAsia="宋体" w:cs="SimSun"/>';

function run(text: string, opts: { bold?: boolean; size?: number } = {}): string {
  const size = opts.size ?? 28; // half-points: 14 pt (四号)
  return `<w:r><w:rPr>${FONT}${opts.bold ? '<w:b/>' : ''}<w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr><w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
}

function para(text: string, opts: { align?: 'center' | 'right' | 'both'; bold?: boolean; size?: number; indent?: boolean } = {}): string {
  const jc = opts.align ? `<w:jc w:val="${opts.align}"/>` : '';
  const ind = opts.indent ? '<w:ind w:firstLineChars="200" w:firstLine="560"/>' : '';
  return `<w:p><w:pPr><w:spacing w:line="460" w:lineRule="auto"/>${ind}${jc}</w:pPr>${run(text, opts)}</w:p>`;
}

function table(t: { header: string[]; rows: string[][] }): string {
  const border =
    '<w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/>';
  const cell = (text: string, bold: boolean) =>
    `<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr><w:p><w:pPr><w:jc w:val="center"/></w:pPr>${run(text, { bold, size: 24 })}</w:p></w:tc>`;
  const row = (cells: string[], bold: boolean) => `<w:tr>${cells.map((c) => cell(c, bold)).join('')}</w:tr>`;
  return `<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>${border}</w:tblBorders></w:tblPr>${row(t.header, true)}${t.rows.map((r) => row(r, false)).join('')}</w:tbl>`;
}

/** The .docx bytes of a notice, dated `isoDate` (the ZIP entries' date). */
export function buildDocx(c: DocxContent, isoDate: string): Buffer {
  const body = [
    para(c.title, { align: 'center', bold: true, size: 36 }),
    ...c.paragraphs.map((p) => para(p, { indent: true, align: 'both' })),
    ...(c.table ? [table(c.table)] : []),
    ...c.after.map((p) => para(p, { indent: true, align: 'both' })),
    ...c.signature.map((p) => para(p, { align: 'right' })),
  ].join('');
  const document =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
    body +
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1588" w:bottom="1440" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>' +
    '</w:body></w:document>';
  const contentTypes =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
    '</Types>';
  const rels =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
    '</Relationships>';
  return zipStored(
    [
      { name: '[Content_Types].xml', data: Buffer.from(contentTypes, 'utf8') },
      { name: '_rels/.rels', data: Buffer.from(rels, 'utf8') },
      { name: 'word/document.xml', data: Buffer.from(document, 'utf8') },
    ],
    isoDate,
  );
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
