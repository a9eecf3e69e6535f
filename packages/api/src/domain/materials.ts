/**
 * Application materials as files (Art. 15, 29): the kinds a material may have, the file types
 * accepted (recognised by their bytes, never by their name), the size limit, who may read which
 * material, and storing, replacing and serving one with its audit row. The HTTP routes of
 * apps/server call these; the routers list and delete through them.
 *
 * Confidential materials (declared a trade or technical secret by the applicant, Art. 29) reach
 * only the secretariat and the examiners of the application's review group who are not recused
 * from it (Art. 24); other materials reach the secretariat, the committee, the leadership and
 * those examiners.
 */
import { createHash } from 'node:crypto';
import {
  getApplicationSummary,
  getCycleById,
  getMaterialContent,
  getMaterialInfo,
  insertMaterialFile,
  isInApplicationGroup,
  isRecused,
  replaceMaterialFile,
  writeAudit,
  type DB,
  type MaterialInfo,
} from '@mqa/db';
import { APPLICATION_MATERIALS, OTHER_MATERIAL_KIND } from '@mqa/rules';
import type { SessionUser } from '../context.ts';
import type { LocalizedText } from '../errors.ts';

/** Largest material file accepted (20 MiB). */
export const MAX_MATERIAL_BYTES = 20 * 1024 * 1024;

/** The kinds a material may have: the standard materials of Art. 15 (@mqa/rules) and `other`. */
export const MATERIAL_KINDS: readonly { id: string; name: LocalizedText; article: number | null }[] = [
  ...APPLICATION_MATERIALS.map((m) => ({ id: m.id, name: m.name, article: m.article })),
  { id: OTHER_MATERIAL_KIND.id, name: OTHER_MATERIAL_KIND.name, article: null },
];

export function materialKindName(kind: string): LocalizedText {
  return MATERIAL_KINDS.find((k) => k.id === kind)?.name ?? { zh: kind, en: kind };
}

/** A refused material request: HTTP status, machine code and the bilingual reason. */
export class MaterialRefusal extends Error {
  readonly status: number;
  readonly code: string;
  readonly text: LocalizedText;
  readonly details: Record<string, unknown>;
  constructor(status: number, code: string, text: LocalizedText, details: Record<string, unknown> = {}) {
    super(text.en);
    this.name = 'MaterialRefusal';
    this.status = status;
    this.code = code;
    this.text = text;
    this.details = details;
  }
}

export interface FileType {
  mime: string;
  /** The usual extension, for the download's file name. */
  ext: string;
  label: string;
}

const OOXML: Record<string, FileType> = {
  'word/': { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx', label: 'Word' },
  'xl/': { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx', label: 'Excel' },
  'ppt/': { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ext: 'pptx', label: 'PowerPoint' },
};

/** The names of the entries of a ZIP archive, from its central directory (null when it is not a readable ZIP). */
function zipEntryNames(buf: Buffer): string[] | null {
  // The end-of-central-directory record is in the last 22 + 65,535 bytes.
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) !== 0x06054b50) continue;
    const count = buf.readUInt16LE(i + 10);
    let p = buf.readUInt32LE(i + 16);
    const names: string[] = [];
    for (let n = 0; n < count; n++) {
      if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return null;
      const nameLen = buf.readUInt16LE(p + 28);
      const extraLen = buf.readUInt16LE(p + 30);
      const commentLen = buf.readUInt16LE(p + 32);
      if (p + 46 + nameLen > buf.length) return null;
      names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
      p += 46 + nameLen + extraLen + commentLen;
    }
    return names;
  }
  return null;
}

const startsWith = (buf: Buffer, bytes: readonly number[], at = 0) => buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);

/**
 * The type of a file from its bytes: PDF, PNG, JPEG, Word/Excel/PowerPoint (OOXML: a ZIP with
 * `[Content_Types].xml` and the `word/`, `xl/` or `ppt/` part) or the older Office formats (an
 * OLE compound file); null for anything else, whatever the file is called.
 */
export function detectFileType(buf: Buffer, fileName = ''): FileType | null {
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { mime: 'application/pdf', ext: 'pdf', label: 'PDF' };
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', ext: 'png', label: 'PNG' };
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', ext: 'jpg', label: 'JPEG' };
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // Word 97–2003 and Excel 97–2003 share the container (checked above); the name only tells which of the two.
    return /\.xls$/i.test(fileName)
      ? { mime: 'application/vnd.ms-excel', ext: 'xls', label: 'Excel 97–2003' }
      : { mime: 'application/msword', ext: 'doc', label: 'Word 97–2003' };
  }
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipEntryNames(buf);
    if (!names || !names.includes('[Content_Types].xml')) return null;
    for (const [prefix, type] of Object.entries(OOXML)) if (names.some((n) => n.startsWith(prefix))) return type;
  }
  return null;
}

export const ALLOWED_TYPES_TEXT: LocalizedText = {
  zh: 'PDF、PNG、JPEG 或 Office 文件（docx、xlsx、pptx、doc、xls）',
  en: 'PDF, PNG, JPEG or Office files (docx, xlsx, pptx, doc, xls)',
};

export const TOO_LARGE_TEXT: LocalizedText = {
  zh: `文件超过 ${MAX_MATERIAL_BYTES / 1024 / 1024} MB 的上限，请压缩或拆分后再上传。`,
  en: `The file is larger than the ${MAX_MATERIAL_BYTES / 1024 / 1024} MB limit; compress or split it and upload again.`,
};

/**
 * Whether the user may open an application's materials at all, and its confidential ones.
 * Examiners: only applications of their review group they are not recused from (Art. 24).
 */
export async function materialAccess(db: DB, user: SessionUser, applicationId: number): Promise<{ open: boolean; confidential: boolean }> {
  if (user.role === 'secretariat') return { open: true, confidential: true };
  if (user.role === 'examiner') {
    const assigned =
      user.examinerId !== null && (await isInApplicationGroup(db, applicationId, user.examinerId)) && !(await isRecused(db, applicationId, user.examinerId));
    return { open: assigned, confidential: assigned };
  }
  return { open: true, confidential: false };
}

/** Whether the user may see confidential materials of this application (Art. 29). */
export async function mayReadConfidential(ctx: { db: DB; user: SessionUser | null }, applicationId: number): Promise<boolean> {
  return ctx.user !== null && (await materialAccess(ctx.db, ctx.user, applicationId)).confidential;
}

/** Download path of a material. */
export const materialUrl = (applicationId: number, materialId: number) => `/api/applications/${applicationId}/materials/${materialId}`;

/** A material as the routers answer it; a confidential one the user may not read has no body and no download. */
export function materialJson(m: MaterialInfo, confidentialAllowed: boolean) {
  const withheld = m.confidential && !confidentialAllowed;
  return {
    id: m.id,
    title: m.title,
    kind: m.kind,
    kindName: materialKindName(m.kind),
    confidential: m.confidential,
    article: m.confidential ? 29 : null,
    body: withheld ? null : m.body,
    bodyWithheld: withheld,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    fileName: withheld ? null : m.fileName,
    mimeType: m.mimeType,
    sizeBytes: m.sizeBytes,
    hasFile: m.hasFile,
    downloadUrl: m.hasFile && !withheld ? materialUrl(m.applicationId, m.id) : null,
  };
}

export const CONFIDENTIAL_REFUSED: LocalizedText = {
  zh: '该材料由申报单位声明为商业秘密或技术秘密（第29条），仅秘书处和负责该申报且无需回避的评审员可以查阅。',
  en: 'The applicant declared this material a trade or technical secret (Art. 29): only the secretariat and the examiners assigned to this application who are not recused may open it.',
};

export const NOT_ASSIGNED_REFUSED: LocalizedText = {
  zh: '这份申报没有分配给您（或您已回避，第24条），不能查看其材料。',
  en: 'This application is not assigned to you (or you are recused from it, Art. 24), so you cannot open its materials.',
};

const notFoundApp = (id: number) =>
  new MaterialRefusal(404, 'APPLICATION_NOT_FOUND', { zh: `找不到编号为 ${id} 的申报。`, en: `Application ${id} was not found.` });
const notFoundMaterial = (id: number) =>
  new MaterialRefusal(404, 'MATERIAL_NOT_FOUND', { zh: `该申报没有编号为 ${id} 的材料。`, en: `This application has no material ${id}.` });

/** A file name safe to store and show: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string | undefined, type: FileType): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // Anything outside the printable ranges is a control character (U+0000–U+001F, U+007F).
  const clean = base
    .replace(/[^\u0020-\u007e\u0080-\uffff]|["<>|*?:]/g, '')
    .trim()
    .slice(0, 200);
  return clean || `material.${type.ext}`;
}

export interface MaterialUpload {
  applicationId: number;
  kind: string;
  confidential: boolean;
  title?: string;
  fileName: string | undefined;
  content: Buffer;
  /** Replace this material's file instead of adding one. */
  replaces?: number;
}

/**
 * Stores an uploaded material (secretariat only, checked by the caller) in one transaction with
 * its audit row: the metadata, the bytes and the audit commit together or not at all.
 */
export async function storeMaterial(db: DB, user: SessionUser, upload: MaterialUpload, now: Date) {
  if (!MATERIAL_KINDS.some((k) => k.id === upload.kind)) {
    throw new MaterialRefusal(400, 'BAD_KIND', {
      zh: `材料类别 ${upload.kind || '（空）'} 无效，可选：${MATERIAL_KINDS.map((k) => k.name.zh).join('、')}。`,
      en: `Material kind ${upload.kind || '(blank)'} is invalid; allowed: ${MATERIAL_KINDS.map((k) => k.id).join(', ')}.`,
    });
  }
  if (upload.content.length === 0) {
    throw new MaterialRefusal(400, 'EMPTY_FILE', { zh: '上传的文件是空的。', en: 'The uploaded file is empty.' });
  }
  if (upload.content.length > MAX_MATERIAL_BYTES) throw new MaterialRefusal(413, 'TOO_LARGE', TOO_LARGE_TEXT);
  const type = detectFileType(upload.content, upload.fileName ?? '');
  if (!type) {
    throw new MaterialRefusal(415, 'UNSUPPORTED_FILE_TYPE', {
      zh: `文件内容不是允许的类型（按文件内容判断，而非文件名）。允许：${ALLOWED_TYPES_TEXT.zh}。`,
      en: `The file's content is not an accepted type (judged by its content, not its name). Accepted: ${ALLOWED_TYPES_TEXT.en}.`,
    });
  }
  const fileName = cleanFileName(upload.fileName, type);
  const title = (upload.title ?? '').trim().slice(0, 255) || fileName;
  const sha256 = createHash('sha256').update(upload.content).digest('hex');
  const at = now.toISOString();
  return db.transaction().execute(async (tx) => {
    const app = await getApplicationSummary(tx, upload.applicationId);
    if (!app) throw notFoundApp(upload.applicationId);
    if (app.status !== 'active') {
      throw new MaterialRefusal(409, 'APPLICATION_CLOSED', {
        zh: `申报 ${app.code} 已${app.status === 'removed' ? '取消资格（第21条）' : '撤回'}，不能再上传材料。`,
        en: `Application ${app.code} is ${app.status === 'removed' ? 'removed (Art. 21)' : 'withdrawn'}; no more materials can be uploaded.`,
      });
    }
    const values = {
      title,
      kind: upload.kind,
      confidential: upload.confidential,
      fileName,
      mimeType: type.mime,
      sizeBytes: upload.content.length,
      sha256,
      uploadedBy: user.id,
      at,
    };
    const meta = { title, kind: upload.kind, confidential: upload.confidential, fileName, mimeType: type.mime, sizeBytes: upload.content.length, sha256 };
    let id: number;
    let before: Record<string, unknown> | null = null;
    if (upload.replaces !== undefined) {
      const old = await getMaterialInfo(tx, upload.replaces);
      if (!old || old.applicationId !== app.id) throw notFoundMaterial(upload.replaces);
      before = {
        title: old.title,
        kind: old.kind,
        confidential: old.confidential,
        fileName: old.fileName,
        mimeType: old.mimeType,
        sizeBytes: old.sizeBytes,
        sha256: old.sha256,
      };
      await replaceMaterialFile(tx, old.id, values, upload.content);
      id = old.id;
    } else {
      id = await insertMaterialFile(tx, { ...values, applicationId: app.id }, upload.content);
    }
    await writeAudit(tx, {
      userId: user.id,
      action: upload.replaces !== undefined ? 'material.replace' : 'material.upload',
      entity: 'application',
      entityId: app.id,
      cycleId: app.cycle_id,
      before: before ? { materialId: id, ...before } : null,
      after: { materialId: id, ...meta },
      at,
    });
    const cycle = await getCycleById(tx, app.cycle_id);
    const info = await getMaterialInfo(tx, id);
    return { year: cycle?.year ?? null, material: materialJson(info!, true) };
  });
}

/**
 * A material's bytes for a download, after the access checks (403 for a confidential material
 * the user may not read, or an application not assigned to an examiner); the download is audited.
 */
export async function readMaterial(db: DB, user: SessionUser, applicationId: number, materialId: number, now: Date) {
  const app = await getApplicationSummary(db, applicationId);
  if (!app) throw notFoundApp(applicationId);
  const access = await materialAccess(db, user, applicationId);
  if (!access.open) throw new MaterialRefusal(403, 'NOT_ASSIGNED', NOT_ASSIGNED_REFUSED, { article: 24 });
  const info = await getMaterialInfo(db, materialId);
  if (!info || info.applicationId !== applicationId) throw notFoundMaterial(materialId);
  if (info.confidential && !access.confidential) throw new MaterialRefusal(403, 'CONFIDENTIAL', CONFIDENTIAL_REFUSED, { article: 29 });
  const content = await getMaterialContent(db, materialId);
  if (!content) {
    throw new MaterialRefusal(404, 'NO_FILE', {
      zh: '该材料没有上传文件（仅有文字摘要）。',
      en: 'This material has no uploaded file (only a text summary).',
    });
  }
  await writeAudit(db, {
    userId: user.id,
    action: 'material.download',
    entity: 'application',
    entityId: app.id,
    cycleId: app.cycle_id,
    before: null,
    after: { materialId: info.id, confidential: info.confidential, sha256: info.sha256 },
    at: now.toISOString(),
  });
  return { info, content };
}
