/**
 * The material routes over real HTTP: upload and download, the type judged by the bytes (a
 * `.pdf` that is really an HTML page is refused), the size limit, replacing a file, and who may
 * read a confidential material (Art. 29): every role, an examiner of another group, a recused one.
 */
import { createServices, hashPassword } from '@mqa/api';
import { createTestDatabase, insertUser, listAudit, seedDemo, type DB, type Role } from '@mqa/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppServer, type AppServer } from './server.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const PASSWORD = 'materials-test-password';
let db: DB;
let app: AppServer;
let base: string;
const cookies: Record<string, string> = {};
/** An application of the demo examiner's group they are not recused from, one they are recused from. */
let assigned: number;
let recusedApp: number;

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
const HTML = Buffer.from('<!doctype html><html><script>alert(1)</script></html>');

/** A minimal ZIP (stored entries) with these entry names, enough for the type check. */
function zip(names: string[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const n = Buffer.from(name, 'utf8');
    const data = Buffer.from('x');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

async function user(username: string, role: Role, examinerId: number | null) {
  await insertUser(db, {
    username,
    display_name: username,
    password_hash: await hashPassword(PASSWORD),
    role,
    examiner_id: examinerId,
    disabled: 0,
    created_at: new Date().toISOString(),
  });
  const r = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(r.status).toBe(200);
  cookies[username] = r.headers.getSetCookie()[0]!.split(';')[0]!;
}

beforeAll(async () => {
  db = await createTestDatabase();
  const seed = await seedDemo(db);
  app = createAppServer({ db, services: createServices(), log: () => {} });
  base = (await app.listen(0, '127.0.0.1')).url.replace(/\/$/, '');
  const groupApps = await db
    .selectFrom('applications')
    .innerJoin('review_group_members', 'review_group_members.review_group_id', 'applications.review_group_id')
    .innerJoin('cycles', 'cycles.id', 'applications.cycle_id')
    .select('applications.id')
    .where('review_group_members.examiner_id', '=', seed.demoExaminerId)
    .where('cycles.year', '=', 2025)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('conflicts')
            .select('conflicts.id')
            .whereRef('conflicts.application_id', '=', 'applications.id')
            .where('conflicts.examiner_id', '=', seed.demoExaminerId),
        ),
      ),
    )
    .orderBy('applications.id')
    .execute();
  assigned = groupApps[0]!.id;
  recusedApp = groupApps[1]!.id;
  await db
    .insertInto('conflicts')
    .values({
      application_id: recusedApp,
      examiner_id: seed.demoExaminerId,
      source: 'declared',
      reason: '测试回避 / test recusal',
      declared_at: new Date().toISOString(),
    })
    .execute();
  const outsider = await db
    .selectFrom('examiners')
    .select('id')
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('review_group_members').select('examiner_id').whereRef('review_group_members.examiner_id', '=', 'examiners.id'))),
    )
    .executeTakeFirst();
  const otherId =
    outsider?.id ??
    (
      await db
        .insertInto('examiners')
        .values({ name_zh: '组外评审员', name_en: 'Outside examiner', employer_name: null, employer_uscc: null, expertise: null })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  await user('m-secretariat', 'secretariat', null);
  await user('m-committee', 'committee', null);
  await user('m-leadership', 'leadership', null);
  await user('m-examiner', 'examiner', seed.demoExaminerId);
  await user('m-outsider', 'examiner', otherId);
});

afterAll(async () => {
  await app.close();
});

function upload(applicationId: number, file: Buffer, fileName: string, fields: Record<string, string>, cookie = cookies['m-secretariat'], materialId?: number) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([file]), fileName);
  return fetch(`${base}/api/applications/${applicationId}/materials${materialId ? `/${materialId}` : ''}`, {
    method: 'POST',
    headers: cookie ? { cookie } : {},
    body: form,
  });
}

const download = (applicationId: number, materialId: number, cookie?: string) =>
  fetch(`${base}/api/applications/${applicationId}/materials/${materialId}`, { headers: cookie ? { cookie } : {} });

const countMaterials = async () =>
  (
    await db
      .selectFrom('application_material_files')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

interface MaterialBody {
  id: number;
  mimeType: string;
  sizeBytes: number;
  fileName: string;
  confidential: boolean;
  downloadUrl: string;
}
interface ErrorBody {
  code: string;
  message: { zh: string; en: string };
}

describe('material upload and download', () => {
  it('stores a PDF and serves it back as an attachment with nosniff, audited', async () => {
    const r = await upload(assigned, PDF, '申报表 2025.pdf', { kind: 'application_form', confidential: 'false' });
    expect(r.status).toBe(201);
    const m = (await r.json()) as MaterialBody;
    expect(m).toMatchObject({ mimeType: 'application/pdf', sizeBytes: PDF.length, fileName: '申报表 2025.pdf', confidential: false });
    const d = await download(assigned, m.id, cookies['m-committee']);
    expect(d.status).toBe(200);
    expect(d.headers.get('content-type')).toBe('application/pdf');
    expect(d.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''%E7%94%B3/);
    expect(d.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await d.arrayBuffer()).equals(PDF)).toBe(true);
    const actions = (await listAudit(db, { entity: 'application', entityId: assigned })).map((a) => a.action);
    expect(actions.slice(0, 2)).toEqual(['material.download', 'material.upload']);
  });

  it('accepts PNG, JPEG and Office files by their content, whatever their name', async () => {
    const cases: [Buffer, string, string][] = [
      [PNG, 'scan.bin', 'image/png'],
      [JPEG, 'photo', 'image/jpeg'],
      [zip(['[Content_Types].xml', 'word/document.xml']), 'report.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      [zip(['[Content_Types].xml', 'xl/workbook.xml']), 'data.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      [zip(['[Content_Types].xml', 'ppt/presentation.xml']), 'slides.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
      [Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]), 'old.xls', 'application/vnd.ms-excel'],
    ];
    for (const [bytes, name, mime] of cases) {
      const r = await upload(assigned, bytes, name, { kind: 'supporting_documents' });
      expect([name, r.status]).toEqual([name, 201]);
      expect(((await r.json()) as MaterialBody).mimeType).toBe(mime);
    }
  });

  it('refuses a .pdf that is really an HTML page, a plain ZIP, a bad kind and a bad flag, storing nothing', async () => {
    const before = await countMaterials();
    const html = await upload(assigned, HTML, 'report.pdf', { kind: 'application_form' });
    expect(html.status).toBe(415);
    const body = (await html.json()) as ErrorBody;
    expect(body.code).toBe('UNSUPPORTED_FILE_TYPE');
    expect(body.message.zh).toMatch(/按文件内容判断/);
    expect(body.message.en).toMatch(/judged by its content/);
    expect((await upload(assigned, zip(['a.txt']), 'a.docx', { kind: 'other' })).status).toBe(415);
    const kind = await upload(assigned, PDF, 'a.pdf', { kind: 'selfie' });
    expect(kind.status).toBe(400);
    expect(((await kind.json()) as ErrorBody).message.zh).toMatch(/材料类别 selfie 无效/);
    const flag = await upload(assigned, PDF, 'a.pdf', { kind: 'other', confidential: 'maybe' });
    expect(flag.status).toBe(400);
    expect(((await flag.json()) as ErrorBody).message.en).toMatch(/confidential/);
    expect((await upload(999999, PDF, 'a.pdf', { kind: 'other' })).status).toBe(404);
    expect(await countMaterials()).toBe(before);
  });

  it('refuses a file over 20 MB with 413 and a zh/en reason', async () => {
    const before = await countMaterials();
    const big = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024)]);
    const r = await upload(assigned, big, 'big.pdf', { kind: 'other' });
    expect(r.status).toBe(413);
    const body = (await r.json()) as ErrorBody;
    expect(body.message.zh).toMatch(/20 MB/);
    expect(body.message.en).toMatch(/20 MB limit/);
    expect(await countMaterials()).toBe(before);
  });

  it('lets only the secretariat upload or replace; a replacement serves the new file', async () => {
    const before = await countMaterials();
    for (const who of ['m-committee', 'm-leadership', 'm-examiner']) {
      expect([who, (await upload(assigned, PDF, 'a.pdf', { kind: 'other' }, cookies[who])).status]).toEqual([who, 403]);
    }
    expect((await upload(assigned, PDF, 'a.pdf', { kind: 'other' }, '')).status).toBe(401);
    expect(await countMaterials()).toBe(before);

    const first = (await (await upload(assigned, PDF, 'v1.pdf', { kind: 'self_assessment_report' })).json()) as MaterialBody;
    const r = await upload(assigned, PNG, 'v2.png', { kind: 'self_assessment_report', confidential: 'true' }, cookies['m-secretariat'], first.id);
    expect(r.status).toBe(200);
    expect((await r.json()) as MaterialBody).toMatchObject({ id: first.id, mimeType: 'image/png', confidential: true });
    const d = await download(assigned, first.id, cookies['m-secretariat']);
    expect(Buffer.from(await d.arrayBuffer()).equals(PNG)).toBe(true);
    const audit = (await listAudit(db, { entity: 'application', entityId: assigned })).find((a) => a.action === 'material.replace')!;
    expect(JSON.parse(audit.before!)).toMatchObject({ fileName: 'v1.pdf', mimeType: 'application/pdf' });
    expect(JSON.parse(audit.after!)).toMatchObject({ fileName: 'v2.png', mimeType: 'image/png', confidential: true });
    // A material of another application cannot be replaced through this one.
    expect((await upload(recusedApp, PDF, 'x.pdf', { kind: 'other' }, cookies['m-secretariat'], first.id)).status).toBe(404);
  });
});

describe('who reads which material (Art. 24, 29)', () => {
  it('gives confidential materials to the secretariat and the assigned, non-recused examiner only', async () => {
    const secret = (await (await upload(assigned, PDF, 'secret.pdf', { kind: 'supporting_documents', confidential: 'true' })).json()) as MaterialBody;
    const open = (await (await upload(assigned, PDF, 'open.pdf', { kind: 'supporting_documents', confidential: 'false' })).json()) as MaterialBody;
    const onRecused = (await (await upload(recusedApp, PDF, 'r.pdf', { kind: 'supporting_documents', confidential: 'false' })).json()) as MaterialBody;
    const matrix: [string, number, number, number][] = [
      // who, confidential, not confidential, on the application they are recused from
      ['m-secretariat', 200, 200, 200],
      ['m-committee', 403, 200, 200],
      ['m-leadership', 403, 200, 200],
      ['m-examiner', 200, 200, 403],
      ['m-outsider', 403, 403, 403],
      ['', 401, 401, 401],
    ];
    for (const [who, conf, plain, recused] of matrix) {
      const got = [
        (await download(assigned, secret.id, cookies[who])).status,
        (await download(assigned, open.id, cookies[who])).status,
        (await download(recusedApp, onRecused.id, cookies[who])).status,
      ];
      expect([who, ...got]).toEqual([who, conf, plain, recused]);
    }
    const refused = (await (await download(assigned, secret.id, cookies['m-committee'])).json()) as ErrorBody;
    expect(refused.code).toBe('CONFIDENTIAL');
    expect(refused.message.zh).toMatch(/第29条/);
    expect(refused.message.en).toMatch(/Art\. 29/);
    const notAssigned = (await (await download(assigned, open.id, cookies['m-outsider'])).json()) as ErrorBody;
    expect(notAssigned.message.zh).toMatch(/没有分配给您/);
    // Through the wrong application: not found.
    expect((await download(recusedApp, secret.id, cookies['m-secretariat'])).status).toBe(404);
  });
});
