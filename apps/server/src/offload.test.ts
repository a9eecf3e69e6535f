/**
 * Heavy work does not stall the server (issue 12 item 8, issue 15 item 2), over real HTTP on a
 * file database (or PostgreSQL with MQA_TEST_POSTGRES_URL), as `pnpm start` runs it: an upload
 * whose reading exceeds the reader worker's memory limit is refused with a zh/en reason while
 * `/healthz` goes on answering, nothing is written and the next import works; a cold panel
 * query computes in the compute worker while `/healthz` and a light query answer.
 */
import { createServices, hashPassword } from '@mqa/api';
import { createTestDatabaseUrl, insertUser, migrateToLatest, openDatabase, seedDemo, type DB } from '@mqa/db';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { JobRegistry } from './jobs.ts';
import { createAppServer, type AppServer } from './server.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const PASSWORD = 'offload-test-password';
const YEAR = 2025;
let db: DB;
let app: AppServer;
let base: string;
let dist: string;
let cookie: string;

beforeAll(async () => {
  const url = await createTestDatabaseUrl();
  db = openDatabase({ url });
  await migrateToLatest(db);
  await seedDemo(db);
  await insertUser(db, {
    username: 'offload-secretariat',
    display_name: 'offload-secretariat',
    password_hash: await hashPassword(PASSWORD),
    role: 'secretariat',
    examiner_id: null,
    disabled: 0,
    created_at: new Date().toISOString(),
  });
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-offload-dist-'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>MQA</title><div id="app"></div>');
  const services = createServices({ computeDatabaseUrl: url, compute: { workers: 1, memoryMb: 1024, timeoutMs: 120_000 } });
  app = createAppServer({ db: openDatabase({ url }), services, webDist: dist, log: () => {}, jobs: new JobRegistry({ sweepIntervalMs: 0 }) });
  base = (await app.listen(0, '127.0.0.1')).url.replace(/\/$/, '');
  const r = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'offload-secretariat', password: PASSWORD }),
  });
  expect(r.status).toBe(200);
  cookie = r.headers.getSetCookie()[0]!.split(';')[0]!;
});

afterAll(async () => {
  await app?.close();
  await db?.destroy();
  fs.rmSync(dist, { recursive: true, force: true });
});

afterEach(() => {
  delete process.env.MQA_IMPORT_WORKER_MB;
});

function upload(name: string, body: Buffer, query = ''): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(body)], { type: 'text/csv' }), name);
  return fetch(`${base}/api/import/scores${query}`, { method: 'POST', headers: { cookie, origin: base }, body: form });
}

/** A promise and whether it has settled yet. */
function tracked<T>(p: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let done = false;
  const promise = p.finally(() => {
    done = true;
  });
  return { promise, settled: () => done };
}

async function counts() {
  const n = async (t: 'scores' | 'audit_log') =>
    Number(
      (
        await db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { scores: await n('scores'), audit: await n('audit_log') };
}

describe('heavy work off the event loop', () => {
  it('refuses an upload that exhausts the reader worker, answering /healthz meanwhile, writing nothing, and imports the next file', async () => {
    process.env.MQA_IMPORT_WORKER_MB = '64';
    const lines = ['年度,申报编号,评审员编号,评审阶段,条款,得分百分比,备注'];
    for (let i = 0; i < 240_000; i++) lines.push(`${YEAR},APP-${i},E${i % 97},现场评审,4.1.${(i % 3) + 1},${(i % 21) * 5},note ${i}`);
    const before = await counts();
    const bomb = tracked(upload('bomb.csv', Buffer.from(lines.join('\r\n'))));
    // Once the upload has arrived and the worker reads it, the server still answers.
    let healthzWhileReading = 0;
    while (!bomb.settled()) {
      const h = await fetch(`${base}/healthz`);
      expect(h.status).toBe(200);
      if (!bomb.settled()) healthzWhileReading++;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(healthzWhileReading).toBeGreaterThan(0);
    const r = await bomb.promise;
    expect(r.status).toBe(400);
    const body = (await r.json()) as { fileError: { code: string; message: { zh: string; en: string } }; outcome: string };
    expect(body.outcome).toBe('invalid');
    expect(body.fileError.code).toBe('too_complex');
    expect(body.fileError.message.zh).toContain('未写入任何数据');
    expect(body.fileError.message.en).toContain('nothing was written');
    expect(await counts()).toEqual(before);

    const ok = await upload('ok.csv', Buffer.from(`${lines[0]}\r\n${YEAR},NOPE-1,E1,现场评审,4.1.2,50,\r\n`), '?dryRun=1');
    expect(ok.status).toBe(422);
    const okBody = (await ok.json()) as { fileError: unknown; problems: { code: string }[] };
    expect(okBody.fileError).toBeNull();
    expect(okBody.problems.map((p) => p.code)).toContain('unknown_application');
  });

  it('computes a cold panel query in the compute worker while /healthz and a light query answer', async () => {
    const panel = tracked(fetch(`${base}/trpc/analytics.panel?input=${encodeURIComponent(JSON.stringify({ year: YEAR }))}`, { headers: { cookie } }));
    const h = await fetch(`${base}/healthz`);
    expect(h.status).toBe(200);
    const light = await fetch(`${base}/trpc/auth.me`, { headers: { cookie } });
    expect(light.status).toBe(200);
    expect(panel.settled()).toBe(false);
    const r = await panel.promise;
    expect(r.status).toBe(200);
    const groups = ((await r.json()) as { result: { data: { id: number }[] } }).result.data;
    expect(groups.length).toBeGreaterThan(0);
  });
});
