/**
 * Attacks on the host's request-facing defences: cross-site and same-site-other-port requests
 * (CSRF) on tRPC mutations and file routes, batched password guesses, the client-chosen
 * X-Forwarded-For, oversized and chunked bodies, and the security and cache headers of every
 * kind of answer; `Secure` cookies behind a trusted HTTPS proxy.
 */
import net from 'node:net';
import { createServices, hashPassword } from '@mqa/api';
import { createTestDatabase, insertUser, type DB, type Role } from '@mqa/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HSTS, parseTrustProxy } from './security.ts';
import { createAppServer, type AppServer, type AppServerOptions } from './server.ts';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const PASSWORD = 'security-test-password';

async function addUser(db: DB, username: string, role: Role) {
  await insertUser(db, {
    username,
    display_name: username,
    password_hash: await hashPassword(PASSWORD),
    role,
    examiner_id: null,
    disabled: 0,
    created_at: new Date().toISOString(),
  });
}

/** A fresh server on an empty database with one secretariat account. */
async function serverWith(options: Partial<AppServerOptions> = {}): Promise<AppServer> {
  const db = await createTestDatabase();
  await addUser(db, 'sec-secretariat', 'secretariat');
  const app = createAppServer({ db, services: createServices(), log: () => {}, ...options });
  await app.app.ready();
  return app;
}

let app: AppServer;
let cookie: string;
const HOST = '127.0.0.1:3000';
const SELF = `http://${HOST}`;

async function login(server: AppServer, headers: Record<string, string> = {}) {
  return server.app.inject({
    method: 'POST',
    url: '/trpc/auth.login',
    headers: { host: HOST, 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ username: 'sec-secretariat', password: PASSWORD }),
  });
}

beforeAll(async () => {
  app = await serverWith();
  const r = await login(app);
  expect(r.statusCode).toBe(200);
  cookie = String(r.headers['set-cookie']).split(';')[0]!;
});

afterAll(async () => {
  await app?.close();
});

/** A small CSV score import, as multipart (what a hostile page's form could send). */
function importForm(): { payload: string; type: string } {
  const boundary = 'csrf-boundary';
  const payload =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.csv"\r\nContent-Type: text/csv\r\n\r\n` +
    `年度,申报编号,评审员编号,评审阶段,条款,得分百分比\r\n\r\n--${boundary}--\r\n`;
  return { payload, type: `multipart/form-data; boundary=${boundary}` };
}

describe('cross-site requests (CSRF)', () => {
  const hostile: [string, Record<string, string>][] = [
    ['a page on another port of the same host (Sec-Fetch-Site: same-site)', { origin: 'http://127.0.0.1:4000', 'sec-fetch-site': 'same-site' }],
    ['a page on another port, browser without Sec-Fetch-Site', { origin: 'http://127.0.0.1:4000' }],
    ['another site', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
    ['an opaque origin (sandboxed frame, data: URL)', { origin: 'null' }],
  ];

  for (const [who, headers] of hostile) {
    it(`refuses a multipart import and a tRPC mutation from ${who} with 403 and a zh/en body`, async () => {
      const form = importForm();
      const upload = await app.app.inject({
        method: 'POST',
        url: '/api/import/scores?dryRun=1',
        headers: { host: HOST, cookie, 'content-type': form.type, ...headers },
        payload: form.payload,
      });
      expect(upload.statusCode).toBe(403);
      const body = upload.json<{ code: string; message: { zh: string; en: string } }>();
      expect(body.code).toBe('CROSS_SITE_REQUEST');
      expect(body.message.zh).toMatch(/其他网站或端口/);
      expect(body.message.en).toMatch(/another site or port/);
      expect(upload.headers['cache-control']).toBe('no-store');

      const mutation = await app.app.inject({
        method: 'POST',
        url: '/trpc/auth.logoutEverywhere',
        headers: { host: HOST, cookie, 'content-type': 'application/json', ...headers },
        payload: '{}',
      });
      expect(mutation.statusCode).toBe(403);
      expect(mutation.json<{ error: { data: { code: string; i18n: { zh: string } } } }>().error.data).toMatchObject({ code: 'CROSS_SITE_REQUEST' });
      // The session survived: the mutation never ran.
      const me = await app.app.inject({ method: 'GET', url: '/trpc/auth.me', headers: { host: HOST, cookie } });
      expect(me.json<{ result: { data: { username: string } | null } }>().result.data?.username).toBe('sec-secretariat');
    });
  }

  it('passes the dashboard’s own requests (same origin) and non-browser clients without Origin or Sec-Fetch-Site', async () => {
    const form = importForm();
    const cases: Record<string, string>[] = [{ origin: SELF, 'sec-fetch-site': 'same-origin' }, { origin: SELF }, { 'sec-fetch-site': 'same-origin' }, {}];
    for (const headers of cases) {
      const r = await app.app.inject({
        method: 'POST',
        url: '/api/import/scores?dryRun=1',
        headers: { host: HOST, cookie, 'content-type': form.type, ...headers },
        payload: form.payload,
      });
      expect(r.statusCode, JSON.stringify(headers)).not.toBe(403);
    }
    const signIn = await login(app, { origin: SELF, 'sec-fetch-site': 'same-origin' });
    expect(signIn.statusCode).toBe(200);
  });

  it('leaves safe methods alone and lets listed origins through', async () => {
    const get = await app.app.inject({
      method: 'GET',
      url: '/trpc/auth.me',
      headers: { host: HOST, cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(get.statusCode).toBe(200);
    const listed = await serverWith({ allowedOrigins: ['https://mqa.example.gov.cn/'] });
    try {
      const r = await login(listed, { origin: 'https://mqa.example.gov.cn', 'sec-fetch-site': 'cross-site' });
      expect(r.statusCode).toBe(200);
    } finally {
      await listed.close();
    }
  });
});

describe('sign-in batching and the client address', () => {
  it('refuses a batch that holds auth.login beside other calls, before any password is checked', async () => {
    const paths = Array.from({ length: 10 }, () => 'auth.login').join(',');
    const input = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i, { username: 'sec-secretariat', password: i === 9 ? PASSWORD : `guess-${i}` }]));
    const r = await app.app.inject({
      method: 'POST',
      url: `/trpc/${paths}?batch=1`,
      headers: { host: HOST, 'content-type': 'application/json' },
      payload: JSON.stringify(input),
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['set-cookie']).toBeUndefined();
    const body = r.json<{ error: { data: { code: string; i18n: { zh: string; en: string } } } }>();
    expect(body.error.data.code).toBe('BATCH_NOT_ALLOWED');
    expect(body.error.data.i18n.en).toMatch(/cannot be batched/);
    const mixed = await app.app.inject({
      method: 'POST',
      url: `/trpc/auth.logout,auth.changePassword?batch=1`,
      headers: { host: HOST, cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ 1: { current: 'x', next: 'y' } }),
    });
    expect(mixed.statusCode).toBe(400);
  });

  it('still accepts auth.login alone, also through the batch link (a batch of one)', async () => {
    const r = await app.app.inject({
      method: 'POST',
      url: '/trpc/auth.login?batch=1',
      headers: { host: HOST, 'content-type': 'application/json' },
      payload: JSON.stringify({ 0: { username: 'sec-secretariat', password: PASSWORD } }),
    });
    expect(r.statusCode).toBe(200);
  });

  it('bounds the size of any batch', async () => {
    const paths = Array.from({ length: 100 }, () => 'auth.me').join(',');
    const r = await app.app.inject({ method: 'GET', url: `/trpc/${paths}?batch=1&input=%7B%7D`, headers: { host: HOST } });
    expect(r.statusCode).toBe(400);
    expect(r.json<{ error: { data: { code: string } } }>().error.data.code).toBe('BATCH_TOO_LARGE');
  });

  it('behind a trusted proxy, throttles the hop the proxy appended, not the client-chosen leftmost address', async () => {
    const db = await createTestDatabase();
    const server = createAppServer({
      db,
      services: createServices({ loginBackoff: { address: { free: 2, baseMs: 60_000, maxMs: 600_000 } } }),
      log: () => {},
      trustProxy: parseTrustProxy('1'),
    });
    try {
      const attempt = (xff: string) =>
        server.app
          .inject({
            method: 'POST',
            url: '/trpc/auth.login',
            headers: { host: HOST, 'content-type': 'application/json', 'x-forwarded-for': xff },
            payload: JSON.stringify({ username: 'nobody', password: 'wrong' }),
          })
          .then((r) => r.statusCode);
      // The attacker makes up a new leftmost address each time; our proxy appends the real one.
      expect(await attempt('10.1.1.1, 203.0.113.50')).toBe(401);
      expect(await attempt('10.1.1.2, 203.0.113.50')).toBe(401);
      expect(await attempt('10.1.1.3, 203.0.113.50')).toBe(429);
      // Another real client behind the same proxy is not held back.
      expect(await attempt('10.1.1.3, 203.0.113.51')).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('reads MQA_TRUST_PROXY as a hop count or a list of proxy addresses', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('true')).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8')).toEqual(['127.0.0.1', '10.0.0.0/8']);
  });
});

/**
 * POSTs a chunked body of `total` bytes over a real socket; resolves with the status line and
 * how many bytes the client had written when the server answered (or closed).
 */
function chunkedPost(port: number, path: string, contentType: string, first: string, total: number): Promise<{ status: string; written: number }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    let written = 0;
    let answer = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ status: answer.split('\r\n')[0] ?? '', written });
    };
    socket.on('connect', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: ${contentType}\r\nTransfer-Encoding: chunked\r\n\r\n`);
      socket.write(`${Buffer.byteLength(first).toString(16)}\r\n${first}\r\n`);
      const pump = () => {
        while (!done && written < total) {
          written += chunk.length;
          const ok = socket.write(`${chunk.length.toString(16)}\r\n`) && socket.write(chunk) && socket.write('\r\n');
          if (!ok) return void socket.once('drain', pump);
        }
        if (!done) socket.write('0\r\n\r\n');
      };
      pump();
    });
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      if (answer.includes('\r\n\r\n')) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
  });
}

describe('request bodies', () => {
  let port: number;
  let live: AppServer;
  beforeAll(async () => {
    live = await serverWith();
    port = (await live.listen(0, '127.0.0.1')).port;
  });
  afterAll(async () => {
    await live?.close();
  });

  it('stops a chunked 200 MB JSON body to auth.login early (413), without reading it all', async () => {
    const r = await chunkedPost(port, '/trpc/auth.login', 'application/json', '{"username":"x","password":"', 200 * 1024 * 1024);
    expect(r.status).toMatch(/^HTTP\/1\.1 413/);
    // The answer came after a few MiB at most (socket buffers), not after 200 MB.
    expect(r.written).toBeLessThan(32 * 1024 * 1024);
  });

  it('refuses other body types on tRPC (a multipart body is not streamed into tRPC without a limit)', async () => {
    const multipart = await chunkedPost(
      port,
      '/trpc/auth.login',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n',
      200 * 1024 * 1024,
    );
    expect(multipart.status).toMatch(/^HTTP\/1\.1 415/);
    expect(multipart.written).toBeLessThan(32 * 1024 * 1024);
    const text = await chunkedPost(port, '/trpc/auth.login', 'text/plain', 'x', 200 * 1024 * 1024);
    expect(text.status).toMatch(/^HTTP\/1\.1 415/);
  });

  it('stops a chunked upload without a session before reading it', async () => {
    const r = await chunkedPost(port, '/api/import/scores', 'multipart/form-data; boundary=x', '--x\r\n', 200 * 1024 * 1024);
    expect(r.status).toMatch(/^HTTP\/1\.1 401/);
    expect(r.written).toBeLessThan(32 * 1024 * 1024);
  });
});

describe('headers of every kind of answer', () => {
  it('sends CSP, nosniff and frame denial everywhere, and no-store on every tRPC, /api and health answer', async () => {
    const answers = {
      'tRPC query': await app.app.inject({ method: 'GET', url: '/trpc/auth.me', headers: { host: HOST, cookie } }),
      'tRPC mutation': await login(app),
      'tRPC error': await app.app.inject({ method: 'GET', url: '/trpc/cycles.list', headers: { host: HOST } }),
      'tRPC refusal before tRPC': await app.app.inject({
        method: 'POST',
        url: '/trpc/auth.login',
        headers: { host: HOST, 'content-type': 'text/plain' },
        payload: 'x',
      }),
      'file download': await app.app.inject({ method: 'GET', url: '/api/templates/applications.xlsx', headers: { host: HOST, cookie } }),
      'file route JSON': await app.app.inject({ method: 'GET', url: '/api/capabilities', headers: { host: HOST, cookie } }),
      'file route error': await app.app.inject({ method: 'GET', url: '/api/capabilities', headers: { host: HOST } }),
      health: await app.app.inject({ method: 'GET', url: '/healthz', headers: { host: HOST } }),
      'HTML page': await app.app.inject({ method: 'GET', url: '/cycles/2025', headers: { host: HOST } }),
    };
    for (const [kind, r] of Object.entries(answers)) {
      expect(r.headers['content-security-policy'], kind).toMatch(/script-src 'self'/);
      expect(r.headers['content-security-policy'], kind).toMatch(/frame-ancestors 'none'/);
      expect(r.headers['x-content-type-options'], kind).toBe('nosniff');
      expect(r.headers['x-frame-options'], kind).toBe('DENY');
      // Plain HTTP: no HSTS (a browser would ignore it anyway).
      expect(r.headers['strict-transport-security'], kind).toBeUndefined();
      if (kind !== 'HTML page') expect(r.headers['cache-control'], kind).toBe('no-store');
    }
    expect(answers['file download'].statusCode).toBe(200);
    expect(String(answers['HTML page'].headers['content-type'])).toMatch(/text\/html/);
  });

  it('behind a trusted HTTPS proxy: HSTS and a Secure session cookie; an untrusted X-Forwarded-Proto changes nothing', async () => {
    const proxied = await serverWith({ trustProxy: parseTrustProxy('1') });
    try {
      const https = await login(proxied, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.60' });
      expect(https.statusCode).toBe(200);
      expect(https.headers['strict-transport-security']).toBe(HSTS);
      expect(String(https.headers['set-cookie'])).toMatch(/; Secure/);
      const plain = await login(proxied, { 'x-forwarded-for': '203.0.113.60' });
      expect(String(plain.headers['set-cookie'])).not.toMatch(/Secure/);
    } finally {
      await proxied.close();
    }
    const spoofed = await login(app, { 'x-forwarded-proto': 'https' });
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
    expect(String(spoofed.headers['set-cookie'])).not.toMatch(/Secure/);
  });
});
