/**
 * Uploaded application materials (Art. 15, 29): the metadata row in `application_materials`
 * and the bytes in `application_material_files`. Listing never reads the bytes.
 */
import type { Queryable } from './users.ts';

export interface MaterialInfo {
  id: number;
  applicationId: number;
  title: string;
  kind: string;
  confidential: boolean;
  /** The text of a demo material without a file ('' for uploads). */
  body: string;
  fileName: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  uploadedBy: number | null;
  createdAt: string;
  updatedAt: string | null;
  /** Whether bytes are stored (false for the text-only demo materials). */
  hasFile: boolean;
}

export interface NewMaterialFile {
  applicationId: number;
  title: string;
  kind: string;
  confidential: boolean;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: number | null;
  at: string;
}

function materialQuery(db: Queryable) {
  return db
    .selectFrom('application_materials as m')
    .leftJoin('application_material_files as f', 'f.material_id', 'm.id')
    .select([
      'm.id',
      'm.application_id',
      'm.title',
      'm.kind',
      'm.confidential',
      'm.body',
      'm.file_name',
      'm.mime_type',
      'm.size_bytes',
      'm.sha256',
      'm.uploaded_by',
      'm.created_at',
      'm.updated_at',
      'f.material_id as file_id',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof materialQuery>['executeTakeFirstOrThrow']>>;

function toInfo(r: Row): MaterialInfo {
  return {
    id: r.id,
    applicationId: r.application_id,
    title: r.title,
    kind: r.kind,
    confidential: r.confidential === 1,
    body: r.body,
    fileName: r.file_name,
    mimeType: r.mime_type,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    uploadedBy: r.uploaded_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    hasFile: r.file_id !== null,
  };
}

/** The materials of an application, oldest first, without their bytes. */
export async function listMaterialInfos(db: Queryable, applicationId: number): Promise<MaterialInfo[]> {
  const rows = await materialQuery(db).where('m.application_id', '=', applicationId).orderBy('m.id').execute();
  return rows.map(toInfo);
}

export async function getMaterialInfo(db: Queryable, id: number): Promise<MaterialInfo | undefined> {
  const row = await materialQuery(db).where('m.id', '=', id).executeTakeFirst();
  return row ? toInfo(row) : undefined;
}

/** The stored bytes of a material (undefined when it has none). */
export async function getMaterialContent(db: Queryable, id: number): Promise<Buffer | undefined> {
  const row = await db.selectFrom('application_material_files').select('content').where('material_id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const c = row.content as Buffer | Uint8Array;
  return Buffer.isBuffer(c) ? c : Buffer.from(c);
}

/** Stores a new material with its bytes; returns its id. */
export async function insertMaterialFile(db: Queryable, m: NewMaterialFile, content: Buffer): Promise<number> {
  const row = await db
    .insertInto('application_materials')
    .values({
      application_id: m.applicationId,
      title: m.title,
      kind: m.kind,
      confidential: m.confidential ? 1 : 0,
      body: '',
      created_at: m.at,
      file_name: m.fileName,
      mime_type: m.mimeType,
      size_bytes: m.sizeBytes,
      sha256: m.sha256,
      uploaded_by: m.uploadedBy,
      updated_at: m.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('application_material_files').values({ material_id: row.id, content }).execute();
  return row.id;
}

/** Replaces the file (and title, kind, confidentiality) of a material. */
export async function replaceMaterialFile(db: Queryable, id: number, m: Omit<NewMaterialFile, 'applicationId'>, content: Buffer): Promise<void> {
  await db
    .updateTable('application_materials')
    .set({
      title: m.title,
      kind: m.kind,
      confidential: m.confidential ? 1 : 0,
      body: '',
      file_name: m.fileName,
      mime_type: m.mimeType,
      size_bytes: m.sizeBytes,
      sha256: m.sha256,
      uploaded_by: m.uploadedBy,
      updated_at: m.at,
    })
    .where('id', '=', id)
    .execute();
  await db.deleteFrom('application_material_files').where('material_id', '=', id).execute();
  await db.insertInto('application_material_files').values({ material_id: id, content }).execute();
}

/** Deletes a material and its bytes. */
export async function deleteMaterial(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('application_material_files').where('material_id', '=', id).execute();
  await db.deleteFrom('application_materials').where('id', '=', id).execute();
}

/** Records that the supplement asked for arrived (Art. 16). */
export async function recordSupplementReceived(
  db: Queryable,
  applicationId: number,
  values: { on: string; by: number | null; note: string | null },
): Promise<void> {
  await db
    .updateTable('supplement_requests')
    .set({ fulfilled_on: values.on, received_by: values.by, received_note: values.note })
    .where('application_id', '=', applicationId)
    .execute();
}
