/** The indicators template and import over real HTTP: secretariat only, zh/en problems per row, nothing stored on a bad file. */
import { createServices, hashPassword } from '@mqa/api';
import { createTestDatabase, insertUser, seedDemo, type DB } from '@mqa/db';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JobRegistry } from './jobs.ts';
import { createAppServer, type AppServer } from './server.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const PASSWORD = 'indicators-test-password';
let db: DB;
let app: AppServer;
let base: string;
let dist: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db);
  for (const role of ['secretariat', 'committee'] as const) {
    await insertUser(db, {
      username: `indicators-${role}`,
      display_name: role,
      password_hash: await hashPassword(PASSWORD),
      role,
      examiner_id: null,
      disabled: 0,
      created_at: new Date().toISOString(),
    });
  }
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-indicators-dist-'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>MQA</title><div id="app"></div>');
  app = createAppServer({ db, services: createServices(), webDist: dist, log: () => {}, jobs: new JobRegistry({ sweepIntervalMs: 0 }) });
  const { url } = await app.listen(0, '127.0.0.1');
  base = url.replace(/\/$/, '');
});

afterAll(async () => {
  await app?.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

async function login(role: 'secretariat' | 'committee'): Promise<string> {
  const r = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: `indicators-${role}`, password: PASSWORD }),
  });
  expect(r.status).toBe(200);
  return r.headers.getSetCookie()[0]!.split(';')[0]!;
}

function csvUpload(csv: string): FormData {
  const form = new FormData();
  form.set('file', new File([csv], 'indicators.csv', { type: 'text/csv' }));
  return form;
}

describe('/api/templates/indicators.xlsx and /api/import/indicators', () => {
  it('serves the template and refuses a bad file with its problems to the secretariat; other roles get 403', async () => {
    const secretariat = await login('secretariat');
    const committee = await login('committee');
    const template = await fetch(`${base}/api/templates/indicators.xlsx`, { headers: { cookie: secretariat } });
    expect(template.status).toBe(200);
    expect(template.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect((await fetch(`${base}/api/templates/indicators.xlsx`, { headers: { cookie: committee } })).status).toBe(403);

    const award = await db.selectFrom('awards').select(['certificate_no']).where('awarded_on', 'like', '2023%').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const before = await db
      .selectFrom('org_indicators')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const bad = `证书编号,年度,顾客满意度\n${award.certificate_no},2024,925\n`;
    const r = await fetch(`${base}/api/import/indicators`, { method: 'POST', headers: { cookie: secretariat }, body: csvUpload(bad) });
    expect(r.status).toBe(422);
    const body = (await r.json()) as { kind: string; outcome: string; problems: { row: number; code: string; message: { zh: string; en: string } }[] };
    expect(body).toMatchObject({ kind: 'indicators', outcome: 'invalid' });
    expect(body.problems[0]).toMatchObject({ row: 2, code: 'out_of_range' });
    expect(body.problems[0]!.message.zh).toMatch(/合理范围/);
    const after = await db
      .selectFrom('org_indicators')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect((await fetch(`${base}/api/import/indicators`, { method: 'POST', headers: { cookie: committee }, body: csvUpload(bad) })).status).toBe(403);
  });
});
