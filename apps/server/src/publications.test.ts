/**
 * A published notice over real HTTP (Art. 18, 26): the .docx the secretariat produced is served
 * byte for byte with its SHA-256 in `X-Content-SHA256`, to every reader; an examiner and an
 * anonymous visitor are refused, and an unknown publication is a 404.
 */
import { createHash } from 'node:crypto';
import { createServices, hashPassword } from '@mqa/api';
import { createTestDatabase, getPublicationFile, insertUser, seedDemo, type DB, type Role } from '@mqa/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppServer, type AppServer } from './server.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const PASSWORD = 'publications-test-password';
const YEAR = 2025;
let db: DB;
let app: AppServer;
let base: string;
const cookies: Partial<Record<Role, string>> = {};
let published: { id: number; sha256: string; bytes: number; fileName: string; url: string };

async function user(role: Role) {
  const username = `pub-${role}`;
  await insertUser(db, {
    username,
    display_name: username,
    password_hash: await hashPassword(PASSWORD),
    role,
    examiner_id: null,
    disabled: 0,
    created_at: new Date().toISOString(),
  });
  const r = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(r.status).toBe(200);
  cookies[role] = r.headers.getSetCookie()[0]!.split(';')[0]!;
}

async function mutate(procedure: string, input: unknown) {
  const r = await fetch(`${base}/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookies.secretariat! },
    body: JSON.stringify(input),
  });
  const body = (await r.json()) as { result?: { data: unknown }; error?: unknown };
  expect(r.status, JSON.stringify(body.error)).toBe(200);
  return body.result!.data;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db);
  app = createAppServer({ db, services: createServices(), log: () => {} });
  base = (await app.listen(0, '127.0.0.1')).url.replace(/\/$/, '');
  for (const role of ['secretariat', 'committee', 'leadership', 'examiner'] as const) await user(role);
  // The open demo cycle goes on to on-site review, then its results are published for comment (Art. 18).
  await mutate('cycles.advancePhase', { year: YEAR, confirm: true });
  published = (await mutate('publications.publish', {
    year: YEAR,
    kind: 'results',
    startsOn: '2025-12-01',
    endsOn: '2025-12-21',
    contact: '鄂尔多斯市市场监督管理局质量发展科，电话 0477-0000000',
  })) as typeof published;
});

afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

describe('GET /api/publications/:id/file', () => {
  it('serves the stored notice exactly as published, with its SHA-256, to every reader', async () => {
    const stored = (await getPublicationFile(db, published.id))!;
    expect(published.url).toBe(`/api/publications/${published.id}/file`);
    for (const role of ['secretariat', 'committee', 'leadership'] as const) {
      const r = await fetch(`${base}${published.url}`, { headers: { cookie: cookies[role]! } });
      expect(r.status, role).toBe(200);
      const bytes = Buffer.from(await r.arrayBuffer());
      expect(bytes.equals(stored.file), role).toBe(true);
      expect(bytes.length).toBe(published.bytes);
      const sha = createHash('sha256').update(bytes).digest('hex');
      expect(r.headers.get('x-content-sha256')).toBe(sha);
      expect(sha).toBe(published.sha256);
      expect(r.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      expect(r.headers.get('content-disposition')).toContain('attachment');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      // A .docx is a ZIP.
      expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    }
  });

  it('refuses an examiner and an anonymous visitor, and answers 404 for an unknown publication', async () => {
    const examiner = await fetch(`${base}${published.url}`, { headers: { cookie: cookies.examiner! } });
    expect(examiner.status).toBe(403);
    expect(examiner.headers.get('x-content-sha256')).toBeNull();
    const anonymous = await fetch(`${base}${published.url}`);
    expect(anonymous.status).toBe(401);
    const unknown = await fetch(`${base}/api/publications/999999/file`, { headers: { cookie: cookies.leadership! } });
    expect(unknown.status).toBe(404);
  });
});
