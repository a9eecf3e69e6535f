/**
 * The Fastify host over real HTTP: the response cache per cycle (a draft save keeps every
 * cycle's cached answers; a submitted sheet or a score import changes its own cycle only), the
 * security and cache headers, the body limits and the one error shape.
 */
import { createServices, hashPassword, MAX_IMPORT_BYTES, type Services } from '@mqa/api';
import { createTestDatabase, insertUser, seedDemo, type DB, type Role } from '@mqa/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppServer, type AppServer } from './server.ts';
import { scopeOfQuery } from './trpc-host.ts';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const PASSWORD = 'host-test-password';
const OPEN = 2025;
const CLOSED = 2023;
let db: DB;
let app: AppServer;
let base: string;
let services: Services;
let examinerId: number;

async function addUser(username: string, role: Role, examiner: number | null = null) {
  await insertUser(db, {
    username,
    display_name: username,
    password_hash: await hashPassword(PASSWORD),
    role,
    examiner_id: examiner,
    disabled: 0,
    created_at: new Date().toISOString(),
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  examinerId = (await seedDemo(db)).demoExaminerId;
  await addUser('host-committee', 'committee');
  await addUser('host-secretariat', 'secretariat');
  await addUser('host-examiner', 'examiner', examinerId);
  services = createServices();
  app = createAppServer({ db, services, log: () => {} });
  base = (await app.listen(0, '127.0.0.1')).url.replace(/\/$/, '');
});

afterAll(async () => {
  await app?.close();
});

async function loginAs(username: string): Promise<string> {
  const r = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(r.status).toBe(200);
  return r.headers.getSetCookie()[0]!.split(';')[0]!;
}

function mutate(procedure: string, cookie: string, input: unknown) {
  return fetch(`${base}/trpc/${procedure}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(input) });
}

type Overview = { result: { data: { ranked: { id: number; total: number }[] } } };

/** The cycle overview as the committee gets it, and whether it came from the response cache. */
async function overview(year: number, cookie: string): Promise<{ body: Overview; cached: boolean }> {
  const hits = services.cache.hits;
  const r = await fetch(`${base}/trpc/analytics.cycleOverview?input=${encodeURIComponent(JSON.stringify({ year }))}`, { headers: { cookie } });
  expect(r.status).toBe(200);
  // A response-cache hit counts one hit and computes nothing; a miss counts none at the HTTP layer.
  const body = (await r.json()) as Overview;
  return { body, cached: services.cache.hits === hits + 1 };
}

async function openSheet(cookie: string): Promise<number> {
  const r = await fetch(`${base}/trpc/scoring.myAssignments`, { headers: { cookie } });
  const list = ((await r.json()) as { result: { data: { applicationId: number; year: number; openStage: string | null; material: { status: string } }[] } })
    .result.data;
  const a = list.find((x) => x.year === OPEN && x.openStage === 'material' && x.material.status !== 'submitted');
  if (!a) throw new Error('the demo examiner has no open sheet');
  return a.applicationId;
}

/** The 23 items of GB/T 19580, as the examiner's sheet lists them. */
let ITEM_IDS: string[] = [];
const full = (p: number) => Object.fromEntries(ITEM_IDS.map((id) => [id, p]));

async function loadItems(cookie: string, applicationId: number) {
  const input = encodeURIComponent(JSON.stringify({ applicationId, stage: 'material' }));
  const r = await fetch(`${base}/trpc/scoring.mySheet?input=${input}`, { headers: { cookie } });
  ITEM_IDS = ((await r.json()) as { result: { data: { itemIds: string[] } } }).result.data.itemIds;
  expect(ITEM_IDS).toHaveLength(23);
}

describe('response cache per cycle', () => {
  it('reads the cycles of a query from its input (every input of a batch), else every cycle', () => {
    expect(scopeOfQuery({ input: JSON.stringify({ year: 2023 }) })).toEqual([2023]);
    expect(scopeOfQuery({ batch: '1', input: JSON.stringify({ 0: { year: 2025 }, 1: { year: 2023 } }) })).toEqual([2023, 2025]);
    expect(scopeOfQuery({ batch: '1', input: JSON.stringify({ 0: { year: 2025 }, 1: {} }) })).toBeNull();
    expect(scopeOfQuery({ input: JSON.stringify({ id: 3 }) })).toBeNull();
    expect(scopeOfQuery({})).toBeNull();
    expect(scopeOfQuery({ input: '{not json' })).toBeNull();
  });

  it('a draft save keeps the cached overview of its own cycle and of the others', async () => {
    const committee = await loginAs('host-committee');
    const examiner = await loginAs('host-examiner');
    const open = await overview(OPEN, committee);
    const closed = await overview(CLOSED, committee);
    const version = services.cache.version;
    const appId = await openSheet(examiner);
    await loadItems(examiner, appId);
    expect((await mutate('scoring.saveSheet', examiner, { applicationId: appId, stage: 'material', percents: full(100) })).status).toBe(200);
    expect(services.cache.version).toBe(version);
    const openAgain = await overview(OPEN, committee);
    const closedAgain = await overview(CLOSED, committee);
    expect(openAgain.cached).toBe(true);
    expect(closedAgain.cached).toBe(true);
    expect(openAgain.body).toEqual(open.body);
    expect(closedAgain.body).toEqual(closed.body);
  });

  it('a submitted sheet changes its cycle’s overview and leaves the other cycle cached', async () => {
    const committee = await loginAs('host-committee');
    const examiner = await loginAs('host-examiner');
    const appId = await openSheet(examiner);
    expect((await mutate('scoring.saveSheet', examiner, { applicationId: appId, stage: 'material', percents: full(100) })).status).toBe(200);
    const before = (await overview(OPEN, committee)).body.result.data.ranked.find((r) => r.id === appId);
    await overview(CLOSED, committee);
    expect((await mutate('scoring.submitSheet', examiner, { applicationId: appId, stage: 'material' })).status).toBe(200);
    const after = await overview(OPEN, committee);
    expect(after.cached).toBe(false);
    expect(after.body.result.data.ranked.find((r) => r.id === appId)!.total).toBeGreaterThan(before?.total ?? -1);
    expect((await overview(CLOSED, committee)).cached).toBe(true);
  });

  it('a committed score import changes the imported cycle only', async () => {
    const committee = await loginAs('host-committee');
    const secretariat = await loginAs('host-secretariat');
    const app1 = await db
      .selectFrom('applications as a')
      .innerJoin('cycles as c', 'c.id', 'a.cycle_id')
      .innerJoin('review_group_members as m', 'm.review_group_id', 'a.review_group_id')
      .leftJoin('conflicts as x', (j) => j.onRef('x.application_id', '=', 'a.id').onRef('x.examiner_id', '=', 'm.examiner_id'))
      .where('c.year', '=', OPEN)
      .where('a.status', '=', 'active')
      .where('x.id', 'is', null)
      .select(['a.id as id', 'a.code as code', 'm.examiner_id as examinerId'])
      .orderBy('a.code')
      .executeTakeFirstOrThrow();
    const lines = [
      '年度,申报编号,评审员编号,评审阶段,条款,得分百分比',
      ...ITEM_IDS.map((item) => [OPEN, app1.code, `E${app1.examinerId}`, '现场评审', item, 0].join(',')),
    ];
    const before = (await overview(OPEN, committee)).body;
    await overview(CLOSED, committee);
    const form = new FormData();
    form.set('file', new Blob([lines.join('\r\n')], { type: 'text/csv' }), 'onsite.csv');
    const r = await fetch(`${base}/api/import/scores?year=${OPEN}`, { method: 'POST', headers: { cookie: secretariat }, body: form });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(((await r.json()) as { outcome: string }).outcome).toBe('committed');
    const after = await overview(OPEN, committee);
    expect(after.cached).toBe(false);
    expect(after.body).not.toEqual(before);
    expect((await overview(CLOSED, committee)).cached).toBe(true);
  });
});

describe('headers, limits and errors', () => {
  it('sends a strict Content-Security-Policy, nosniff and frame denial, and no-store on API answers', async () => {
    const r = await fetch(`${base}/healthz`);
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('cache-control')).toBe('no-store');
    const committee = await loginAs('host-committee');
    for (const url of ['/trpc/auth.me', '/trpc/cycles.list', `/api/cycles/${CLOSED}/export.xlsx`, '/api/capabilities', '/api/nothing']) {
      const res = await fetch(`${base}${url}`, { headers: { cookie: committee } });
      expect(res.headers.get('cache-control'), url).toBe('no-store');
    }
  });

  it('answers every non-tRPC error in one shape: { code, message: { zh, en }, error: { code, message } }', async () => {
    const committee = await loginAs('host-committee');
    const secretariat = await loginAs('host-secretariat');
    const cases: [string, RequestInit, number][] = [
      ['/api/capabilities', {}, 401],
      ['/api/templates/scores.xlsx', { headers: { cookie: committee } }, 403],
      ['/api/nothing', { headers: { cookie: secretariat } }, 404],
      ['/api/capabilities', { method: 'POST', headers: { cookie: committee } }, 405],
      ['/', { method: 'DELETE' }, 405],
      ['/api/jobs/nope', { headers: { cookie: committee } }, 404],
    ];
    for (const [url, init, status] of cases) {
      const r = await fetch(`${base}${url}`, init);
      expect(r.status, url).toBe(status);
      const body = (await r.json()) as { code: string; message: { zh: string; en: string }; error: { code: string; message: unknown } };
      expect(typeof body.code, url).toBe('string');
      expect(body.message.zh.length, url).toBeGreaterThan(0);
      expect(body.message.en.length, url).toBeGreaterThan(0);
      expect(body.error, url).toEqual({ code: body.code, message: body.message });
    }
  });

  it('refuses a tRPC body over 1 MiB with 413 in tRPC’s error shape', async () => {
    const r = await fetch(`${base}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'x', password: 'y'.repeat(1100 * 1024) }),
    });
    expect(r.status).toBe(413);
    const body = (await r.json()) as { error: { data: { httpStatus: number; i18n: { zh: string; en: string } } } };
    expect(body.error.data.httpStatus).toBe(413);
    expect(body.error.data.i18n.zh).toMatch(/过大/);
  });

  it('stops an upload larger than the import limit while it streams in (413 too_large)', async () => {
    const secretariat = await loginAs('host-secretariat');
    const boundary = 'mqa-boundary';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`);
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    // No Content-Length: the size is known only by reading the body.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head);
        if (sent > MAX_IMPORT_BYTES + 2 * chunk.length) {
          controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
          controller.close();
          return;
        }
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const r = await fetch(`${base}/api/import/scores`, {
      method: 'POST',
      headers: { cookie: secretariat, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    });
    expect(r.status).toBe(413);
    expect(((await r.json()) as { code: string; error: { code: string } }).error.code).toBe('too_large');
  });
});

describe('trust-proxy option', () => {
  /** Status of a failed sign-in from `address` (in X-Forwarded-For) after two failures from 203.0.113.7. */
  async function thirdAttempt(trustProxy: boolean, address: string): Promise<number> {
    const db2 = await createTestDatabase();
    const app2 = createAppServer({
      db: db2,
      services: createServices({ rateLimit: { maxFailures: 100, maxFailuresPerAddress: 2 } }),
      log: () => {},
      trustProxy,
    });
    try {
      const url = (await app2.listen(0, '127.0.0.1')).url;
      const attempt = (username: string, xff: string) =>
        fetch(`${url}trpc/auth.login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': xff },
          body: JSON.stringify({ username, password: 'wrong-password' }),
        }).then((r) => r.status);
      expect(await attempt('nobody-1', '203.0.113.7')).toBe(401);
      expect(await attempt('nobody-2', '203.0.113.7')).toBe(401);
      return await attempt('nobody-3', address);
    } finally {
      await app2.close();
    }
  }

  it('throttles sign-in per X-Forwarded-For address only when the proxy is trusted', async () => {
    expect(await thirdAttempt(true, '203.0.113.7')).toBe(429);
    expect(await thirdAttempt(true, '203.0.113.8')).toBe(401);
    // Not trusted: every attempt comes from the socket's address, whatever the header says.
    expect(await thirdAttempt(false, '203.0.113.8')).toBe(429);
  });
});
