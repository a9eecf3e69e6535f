/**
 * Application materials as uploaded files (Art. 15, 29): each material row keeps the file's
 * name, content type (detected from its bytes), size, SHA-256 and who uploaded it; the bytes live
 * in `application_material_files`, one row per material, so listing never reads them. The
 * supplement request (Art. 16) records when the supplement arrived, by whom, with a note.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const materials = () => db.schema.alterTable('application_materials');
  await materials().addColumn('file_name', 'varchar(255)').execute();
  await materials().addColumn('mime_type', 'varchar(128)').execute();
  await materials().addColumn('size_bytes', 'integer').execute();
  await materials().addColumn('sha256', 'varchar(64)').execute();
  await materials().addColumn('uploaded_by', 'integer', (c) => c.references('users.id')).execute();
  await materials().addColumn('updated_at', 'varchar(32)').execute();
  await db.schema.createIndex('application_materials_application').on('application_materials').column('application_id').execute();

  await db.schema
    .createTable('application_material_files')
    .addColumn('material_id', 'integer', (c) => c.primaryKey().references('application_materials.id').onDelete('cascade'))
    .addColumn('content', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .execute();

  const supplements = () => db.schema.alterTable('supplement_requests');
  await supplements().addColumn('received_by', 'integer', (c) => c.references('users.id')).execute();
  await supplements().addColumn('received_note', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
