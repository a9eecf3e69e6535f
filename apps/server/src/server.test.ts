/** Starts the real HTTP server on a free port (PORT=0) over a seeded in-memory database. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices, hashPassword, type Services } from '@mqa/api';
import { createTestDatabase, insertUser, seedDemo, type DB } from '@mqa/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogLevel } from './log.ts';
import { createAppServer, type AppServer } from './server.ts';

const PASSWORD = 'http-test-password';
let db: DB;
let app: AppServer;
let base: string;
let dist: string;
let services: Services;
const logs: { level: LogLevel; event: string; fields: Record<string, unknown> }[] = [];
const ASSET = 'assets/index-Ab12Cd34.js';

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db);
  await insertUser(db, {
    username: 'http-committee',
    display_name: 'HTTP test',
    password_hash: await hashPassword(PASSWORD),
    role: 'committee',
    examiner_id: null,
    disabled: 0,
    created_at: new Date().toISOString(),
  });
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>MQA</title><div id="app"></div>');
  fs.writeFileSync(path.join(dist, ASSET), `console.log(${JSON.stringify('x'.repeat(4000))});`);
  await insertUser(db, {
    username: 'http-secretariat',
    display_name: 'HTTP test',
    password_hash: await hashPassword(PASSWORD),
    role: 'secretariat',
    examiner_id: null,
    disabled: 0,
    created_at: new Date().toISOString(),
  });
  services = createServices();
  app = createAppServer({ db, services, webDist: dist, log: (level, event, fields = {}) => logs.push({ level, event, fields }) });
  const { url } = await app.listen(0, '127.0.0.1');
  base = url.replace(/\/$/, '');
});

afterAll(async () => {
  await app.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

function query(pathname: string, input: unknown, cookie?: string) {
  const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return fetch(`${base}/trpc/${pathname}${qs}`, { headers: cookie ? { cookie } : {} });
}

describe('HTTP server', () => {
  it('answers /healthz', async () => {
    const r = await fetch(`${base}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ok' });
  });

  it('refuses a protected procedure without a session (401, bilingual)', async () => {
    const r = await query('analytics.cycleOverview', { year: 2025 });
    expect(r.status).toBe(401);
    const body = (await r.json()) as { error: { data: { code: string; i18n: { zh: string; en: string } } } };
    expect(body.error.data.code).toBe('UNAUTHORIZED');
    expect(body.error.data.i18n.zh).toBe('请先登录。');
  });

  it('logs in (cookie round trip) and calls a protected procedure', async () => {
    const login = await fetch(`${base}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'http-committee', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const setCookie = login.headers.getSetCookie();
    expect(setCookie).toHaveLength(1);
    expect(setCookie[0]).toMatch(/HttpOnly/);
    expect(setCookie[0]).toMatch(/SameSite=Strict/);
    const cookie = setCookie[0]!.split(';')[0]!;

    const me = (await (await query('auth.me', undefined, cookie)).json()) as { result: { data: { username: string; role: string } } };
    expect(me.result.data).toMatchObject({ username: 'http-committee', role: 'committee' });

    const r = await query('analytics.cycleOverview', { year: 2025 }, cookie);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { result: { data: { year: number; ranked: unknown[]; cap: number } } };
    expect(body.result.data.year).toBe(2025);
    expect(body.result.data.ranked.length).toBeGreaterThan(40);
    expect(body.result.data.cap).toBe(5);

    // The committee may not change weights: 403 with the flattened shape.
    const forbidden = await fetch(`${base}/trpc/weights.freeze`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ id: 1 }),
    });
    expect(forbidden.status).toBe(403);

    // Bad input: 400 with zodError for forms.
    const bad = await query('analytics.cycleOverview', { year: 'x' }, cookie);
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { error: { data: { zodError: { fieldErrors: Record<string, string[]> } } } };
    expect(Object.keys(badBody.error.data.zodError.fieldErrors)).toEqual(['year']);

    const out = await fetch(`${base}/trpc/auth.logout`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' } });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
    expect((await query('analytics.cycleOverview', { year: 2025 }, cookie)).status).toBe(401);
  });

  it('writes one structured log line per request with method, path, status and ms', async () => {
    const before = logs.length;
    await fetch(`${base}/healthz?x=1`);
    await new Promise((r) => setTimeout(r, 20));
    const line = logs.slice(before).find((l) => l.event === 'request')!;
    expect(line.fields).toMatchObject({ method: 'GET', path: '/healthz', status: 200 });
    expect(typeof line.fields.ms).toBe('number');
  });

  it('serves the dashboard: immutable hashed assets, gzip, SPA fallback, no traversal', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('<div id="app">');

    const asset = await fetch(`${base}/${ASSET}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect((await asset.text()).length).toBeGreaterThan(4000);

    const etag = index.headers.get('etag')!;
    expect((await fetch(`${base}/`, { headers: { 'if-none-match': etag } })).status).toBe(304);

    const route = await fetch(`${base}/analytics/compare`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="app">');

    expect((await fetch(`${base}/missing.png`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
    expect((await fetch(`${base}/`, { method: 'DELETE' })).status).toBe(405);
  });
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

describe('response cache for cacheable queries', () => {
  it('serves repeated queries from the cache (gzip when accepted) until a mutation changes the data', async () => {
    const committee = await loginAs('http-committee');
    type Overview = { result: { data: { ranked: { id: number; stage: string; total: number }[] } } };
    const first = (await (await query('analytics.cycleOverview', { year: 2023 }, committee)).json()) as Overview;
    const hits = services.cache.hits;
    const again = await fetch(`${base}/trpc/analytics.cycleOverview?input=${encodeURIComponent(JSON.stringify({ year: 2023 }))}`, {
      headers: { cookie: committee, 'accept-encoding': 'gzip' },
    });
    expect(again.status).toBe(200);
    expect(again.headers.get('content-encoding')).toBe('gzip');
    expect(services.cache.hits).toBeGreaterThan(hits);
    expect(await again.json()).toEqual(first);

    // A mutation (consensus on the leader's 4.7.2) bumps the data version; the next answer is fresh.
    const secretariat = await loginAs('http-secretariat');
    const top = first.result.data.ranked[0]!;
    const version = services.cache.version;
    const rec = await fetch(`${base}/trpc/scoring.recordConsensus`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: secretariat },
      body: JSON.stringify({ applicationId: top.id, itemId: '4.7.2', stage: top.stage, percent: 0, reason: 'HTTP cache test' }),
    });
    expect(rec.status).toBe(200);
    expect(services.cache.version).toBe(version + 1);
    const fresh = (await (await query('analytics.cycleOverview', { year: 2023 }, committee)).json()) as Overview;
    const after = fresh.result.data.ranked.find((a) => a.id === top.id)!;
    expect(after.total).toBeLessThan(top.total);

    // Another role gets its own entry: leadership is not served the committee's response blindly.
    expect((await query('analytics.panel', { year: 2023 }, committee)).status).toBe(200);
  });

  it('gzips every answer over 1 KB when accepted, cached or not, the first time too', async () => {
    const secretariat = await loginAs('http-secretariat');
    const get = (p: string, gzip: boolean) =>
      fetch(`${base}/trpc/${p}`, { headers: { cookie: secretariat, ...(gzip ? { 'accept-encoding': 'gzip' } : { 'accept-encoding': 'identity' }) } });
    // users.examinerRecords is not cacheable: it used to go out uncompressed every time.
    const plain = await get('users.examinerRecords', false);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-encoding')).toBeNull();
    const plainBody = await plain.text();
    expect(plainBody.length).toBeGreaterThan(1024);
    const zipped = await get('users.examinerRecords', true);
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await zipped.text()).toBe(plainBody);
    // The first (cache-missing) answer of a cacheable query after a change is gzipped as well.
    services.cache.bump();
    const first = await get(`analytics.trends`, true);
    expect(first.headers.get('content-encoding')).toBe('gzip');
    // A refusal keeps its status; a small answer goes out as it is.
    const refused = await fetch(`${base}/trpc/users.list`, { headers: { 'accept-encoding': 'gzip' } });
    expect(refused.status).toBe(401);
    const me = await get('auth.me', true);
    expect(me.status).toBe(200);
    expect(me.headers.get('content-encoding')).toBeNull();
    expect(((await me.json()) as { result: { data: { username: string } } }).result.data.username).toBe('http-secretariat');
  });
});

describe('spreadsheet routes', () => {
  it('require a session and the right role, and serve the cycle workbook to readers', async () => {
    expect((await fetch(`${base}/api/cycles/2023/export.xlsx`)).status).toBe(401);
    const committee = await loginAs('http-committee');
    const r = await fetch(`${base}/api/cycles/2023/export.xlsx`, { headers: { cookie: committee } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/spreadsheetml/);
    // Streamed while it is written: no length up front.
    expect(r.headers.get('content-length')).toBeNull();
    expect(r.headers.get('transfer-encoding')).toBe('chunked');
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect((await fetch(`${base}/api/templates/scores.xlsx`, { headers: { cookie: committee } })).status).toBe(403);
    expect((await fetch(`${base}/api/nothing`, { headers: { cookie: committee } })).status).toBe(403);
    const secretariat = await loginAs('http-secretariat');
    expect((await fetch(`${base}/api/nothing`, { headers: { cookie: secretariat } })).status).toBe(404);
    // The session's role reaches the workbook: the secretariat's adds the recused scores (2023
    // has a recused examiner who had scored), so it is larger than the committee's.
    const own = await fetch(`${base}/api/cycles/2023/export.xlsx`, { headers: { cookie: secretariat } });
    expect(own.status).toBe(200);
    expect(Buffer.from(await own.arrayBuffer()).length).toBeGreaterThan(bytes.length);
  });
});

describe('graceful shutdown', () => {
  it('finishes a running request, then closes the database', async () => {
    const db2 = await createTestDatabase();
    await seedDemo(db2);
    await insertUser(db2, {
      username: 'u',
      display_name: 'u',
      password_hash: await hashPassword(PASSWORD),
      role: 'leadership',
      examiner_id: null,
      disabled: 0,
      created_at: new Date().toISOString(),
    });
    const app2 = createAppServer({ db: db2, services: createServices(), log: () => {} });
    const { url } = await app2.listen(0, '127.0.0.1');
    const login = await fetch(`${url}trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'u', password: PASSWORD }),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    let closed: Promise<void> | undefined;
    app2.server.once('request', () => {
      closed = app2.close();
    });
    const r = await fetch(`${url}trpc/analytics.trends`, { headers: { cookie } });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { result: { data: unknown[] } }).result.data).toHaveLength(4);
    await closed;
    await expect(db2.selectFrom('cycles').select('id').execute()).rejects.toThrow();
    await expect(fetch(`${url}healthz`)).rejects.toThrow();
  });
});
