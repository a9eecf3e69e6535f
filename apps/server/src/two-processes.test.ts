/**
 * Two server processes on one database (a SQLite file, or PostgreSQL with
 * MQA_TEST_POSTGRES_URL): a write through one is read at once through the other, a session
 * ended through one is refused by both, and a job started on one is followed from the other.
 * Real processes (`src/main.ts`), each with its own memory: caches, sessions, jobs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '@mqa/api';
import { createTestDatabaseUrl, insertUser, isPostgres, migrateToLatest, openDatabase, seedDemo, type DB } from '@mqa/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PASSWORD = 'two processes, one database';
const CLOSED = 2023;

let db: DB;
let url: string;
const procs: ChildProcess[] = [];
let a = '';
let b = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `pnpm start`'s entry point on `url` and waits until it answers. */
async function startProcess(): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.join(HERE, '..'),
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', MQA_SKIP_WEB_BUILD: '1', MQA_WEB_DIST: path.join(HERE, 'no-dashboard') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  procs.push(child);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return base;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not answer within a minute:\n${output}`);
}

beforeAll(async () => {
  url = await createTestDatabaseUrl();
  db = openDatabase({ url });
  await migrateToLatest(db);
  const { demoExaminerId } = await seedDemo(db);
  for (const [username, role, examinerId] of [
    ['two-secretariat', 'secretariat', null],
    ['two-committee', 'committee', null],
    ['two-examiner', 'examiner', demoExaminerId],
  ] as const) {
    await insertUser(db, {
      username,
      display_name: username,
      password_hash: await hashPassword(PASSWORD),
      role,
      examiner_id: examinerId,
      disabled: 0,
      created_at: new Date().toISOString(),
    });
  }
  [a, b] = await Promise.all([startProcess(), startProcess()]);
}, 180_000);

afterAll(async () => {
  for (const p of procs) p.kill('SIGTERM');
  await Promise.all(procs.map((p) => (p.exitCode === null ? new Promise((r) => p.once('exit', r)) : Promise.resolve())));
  await db?.destroy();
});

async function login(base: string, username: string): Promise<string> {
  const r = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(r.status).toBe(200);
  return r.headers.getSetCookie()[0]!.split(';')[0]!;
}

type Overview = { result: { data: { ranked: { id: number; total: number; stage: string }[] } } };

async function overview(base: string, cookie: string, year: number): Promise<Overview['result']['data']> {
  const r = await fetch(`${base}/trpc/analytics.cycleOverview?input=${encodeURIComponent(JSON.stringify({ year }))}`, { headers: { cookie } });
  expect(r.status).toBe(200);
  return ((await r.json()) as Overview).result.data;
}

function mutate(base: string, procedure: string, cookie: string, input: unknown) {
  return fetch(`${base}/trpc/${procedure}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(input) });
}

describe(`two server processes on one ${process.env.MQA_TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'} database`, () => {
  it('runs on the database the test chose', () => {
    expect(isPostgres(db)).toBe(Boolean(process.env.MQA_TEST_POSTGRES_URL));
  });

  it('a consensus recorded through one process changes the overview the other had cached', async () => {
    const secretariat = await login(a, 'two-secretariat');
    const committee = await login(b, 'two-committee');
    const before = await overview(b, committee, CLOSED);
    // Cached by b now; a second read is the same answer.
    expect(await overview(b, committee, CLOSED)).toEqual(before);
    const top = before.ranked[0]!;
    const r = await mutate(a, 'scoring.recordConsensus', secretariat, {
      applicationId: top.id,
      itemId: '4.7.2',
      stage: top.stage,
      percent: 0,
      reason: 'two-process test',
    });
    expect(r.status).toBe(200);
    const after = await overview(b, committee, CLOSED);
    expect(after.ranked.find((x) => x.id === top.id)!.total).toBeLessThan(top.total);
    // And the writer's own process agrees.
    expect((await overview(a, committee, CLOSED)).ranked.find((x) => x.id === top.id)!.total).toBe(after.ranked.find((x) => x.id === top.id)!.total);
  });

  it('writes through both processes at once all succeed (no SQLITE_BUSY between processes)', async () => {
    const examiner = await login(a, 'two-examiner');
    const list = (
      (await (await fetch(`${a}/trpc/scoring.myAssignments`, { headers: { cookie: examiner } })).json()) as {
        result: { data: { applicationId: number; year: number; openStage: string | null; material: { status: string } }[] };
      }
    ).result.data;
    const open = list.filter((x) => x.openStage === 'material' && x.material.status !== 'submitted');
    expect(open.length).toBeGreaterThan(0);
    const saves = Array.from({ length: 40 }, (_, i) =>
      mutate(i % 2 ? a : b, 'scoring.saveSheet', examiner, {
        applicationId: open[i % open.length]!.applicationId,
        stage: 'material',
        percents: { '4.1.2': (i % 10) * 10 },
      }),
    );
    const statuses = (await Promise.all(saves)).map((r) => r.status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it('a session signed out through one process is refused by both', async () => {
    const cookie = await login(a, 'two-committee');
    // Both processes know the session (b caches it).
    await overview(a, cookie, CLOSED);
    await overview(b, cookie, CLOSED);
    expect((await mutate(a, 'auth.logout', cookie, {})).status).toBe(200);
    for (const base of [a, b]) {
      const r = await fetch(`${base}/trpc/analytics.cycleOverview?input=${encodeURIComponent(JSON.stringify({ year: CLOSED }))}`, { headers: { cookie } });
      expect(r.status).toBe(401);
    }
  });

  it('an import job started on one process is followed to its end from the other', async () => {
    const secretariat = await login(a, 'two-secretariat');
    const form = new FormData();
    // A file whose rows are all wrong: the job ends with the problem list (nothing stored).
    form.set('file', new Blob(['年度,申报编号,评审员编号,评审阶段,条款,得分百分比\r\n2025,NO-SUCH,E1,材料评审,4.1.1,50'], { type: 'text/csv' }), 'bad.csv');
    const r = await fetch(`${a}/api/import/scores?year=2025&async=1`, { method: 'POST', headers: { cookie: secretariat }, body: form });
    expect(r.status).toBe(202);
    const { jobId } = (await r.json()) as { jobId: string };
    let view: { done: boolean; status?: number; result?: { outcome?: string; problems?: unknown[] } } | undefined;
    for (let i = 0; i < 600 && !view?.done; i++) {
      const v = await fetch(`${b}/api/jobs/${jobId}`, { headers: { cookie: secretariat } });
      expect(v.status).toBe(200);
      view = (await v.json()) as typeof view;
      if (!view?.done) await new Promise((res) => setTimeout(res, 100));
    }
    expect(view?.done).toBe(true);
    expect(view?.result?.problems?.length).toBeGreaterThan(0);
    // Someone else's job does not exist for them on either process.
    const committee = await login(b, 'two-committee');
    expect((await fetch(`${b}/api/jobs/${jobId}`, { headers: { cookie: committee } })).status).toBe(404);
  });
});
