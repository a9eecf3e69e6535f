/**
 * The four-jobs-per-user limit under concurrency, over real HTTP: six asynchronous imports sent
 * at once, their bodies held back until the server has answered what it answers before reading
 * them. Exactly four are accepted (202) and two refused (429, zh/en reason) — a slot is reserved
 * when the request arrives, not after its upload has been read.
 */
import { createServices, hashPassword } from '@mqa/api';
import { createTestDatabase, insertUser, seedDemo, type DB } from '@mqa/db';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JobRegistry } from './jobs.ts';
import { createAppServer, type AppServer } from './server.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const PASSWORD = 'imports-test-password';
let db: DB;
let app: AppServer;
let base: string;
let dist: string;
let userId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db);
  userId = await insertUser(db, {
    username: 'imports-secretariat',
    display_name: 'imports-secretariat',
    password_hash: await hashPassword(PASSWORD),
    role: 'secretariat',
    examiner_id: null,
    disabled: 0,
    created_at: new Date().toISOString(),
  });
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-imports-dist-'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>MQA</title><div id="app"></div>');
  app = createAppServer({ db, services: createServices(), webDist: dist, log: () => {}, jobs: new JobRegistry({ sweepIntervalMs: 0 }) });
  const { url } = await app.listen(0, '127.0.0.1');
  base = url.replace(/\/$/, '');
});

afterAll(async () => {
  await app?.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

async function login(): Promise<string> {
  const r = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'imports-secretariat', password: PASSWORD }),
  });
  expect(r.status).toBe(200);
  return r.headers.getSetCookie()[0]!.split(';')[0]!;
}

/** A multipart upload whose head goes out at once and whose rest waits for `gate`. */
function heldUpload(cookie: string, gate: Promise<void>): Promise<Response> {
  const boundary = 'mqa-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scores.csv"\r\nContent-Type: text/csv\r\n\r\n年度,申报编号,评审员编号,评审阶段,条款,得分百分比\r\n`;
  const tail = `2025,NOPE-1,E1,现场评审,4.1.2,50\r\n--${boundary}--\r\n`;
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(enc.encode(head));
      await gate;
      try {
        controller.enqueue(enc.encode(tail));
        controller.close();
      } catch {
        // The server answered early and closed the connection: nothing more to send.
      }
    },
  });
  return fetch(`${base}/api/import/scores?async=1&dryRun=1`, {
    method: 'POST',
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: 'half',
  });
}

describe('the four-jobs limit under concurrency', () => {
  it('accepts exactly four of six simultaneous imports and refuses two at once, with a zh/en reason', async () => {
    const cookie = await login();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const answered: Response[] = [];
    const requests = Array.from({ length: 6 }, () =>
      heldUpload(cookie, gate).then((r) => {
        answered.push(r);
        return r;
      }),
    );
    // Every body is still held back: only the requests refused on arrival can have been answered.
    for (let i = 0; i < 400 && answered.length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    const early = answered.map((r) => r.status);
    expect(app.jobs.activeCount(userId)).toBe(4);
    open();
    const all = await Promise.all(requests);
    expect(early).toEqual([429, 429]);
    const statuses = all.map((r) => r.status).sort((a, b) => a - b);
    expect(statuses).toEqual([202, 202, 202, 202, 429, 429]);
    const refused = all.find((r) => r.status === 429)!;
    const body = (await refused.json()) as { code: string; message: { zh: string; en: string } };
    expect(body.code).toBe('TOO_MANY_JOBS');
    expect(body.message.zh).toMatch(/任务/);
    expect(body.message.en).toMatch(/jobs running/);
    for (const r of all.filter((x) => x.status === 202)) expect(((await r.json()) as { jobId: string }).jobId).toMatch(/^[\w-]{16,}$/);
  });
});
