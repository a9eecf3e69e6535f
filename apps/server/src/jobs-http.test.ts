/**
 * Asynchronous imports, the job routes and the committee pack's PDF over real HTTP: the server
 * on a free port over a seeded in-memory database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices, hashPassword, type Services } from '@mqa/api';
import { createTestDatabase, insertUser, seedDemo, type DB, type Role } from '@mqa/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chromiumPath } from './report.ts';
import { createAppServer, type AppServer } from './server.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const PASSWORD = 'jobs-test-password';
const CHROMIUM = chromiumPath();
const HAS_CHROMIUM = fs.existsSync(CHROMIUM);

let db: DB;
let app: AppServer;
let base: string;
let services: Services;
let dist: string;
let year: number;
/** Which stand-in report page the server prints (see `reportPath` below). */
let reportPage = 'report.html';

/**
 * A stand-in for the dashboard's report route: it proves the render's session by asking
 * auth.me, then draws a little and says it is ready. Its script is a file of its own, as the
 * server's Content-Security-Policy (`script-src 'self'`) refuses inline script.
 */
const REPORT_HTML = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>report</title>
<link rel="stylesheet" href="/report.css">
<body><h1 id="title">报告 / Report</h1><div id="who"></div><div id="bars"></div>
<script src="/report.js"></script></body></html>`;
const REPORT_CSS = '@page { size: A4; } body { font-family: sans-serif; } .bar { height: 14px; background: #2a6; margin: 4px 0; }';
const REPORT_JS = `(async () => {
  const q = new URLSearchParams(location.search);
  document.documentElement.dataset.reportProgress = '0.3';
  const r = await fetch('/trpc/auth.me');
  const me = (await r.json()).result.data;
  if (!me) { document.documentElement.dataset.reportReady = 'error'; return; }
  document.getElementById('who').textContent = me.username + ' ' + q.get('year') + ' ' + q.get('lang');
  const bars = document.getElementById('bars');
  for (let i = 0; i < 40; i++) { const d = document.createElement('div'); d.className = 'bar'; d.style.width = (10 + i * 2) + '%'; bars.appendChild(d); }
  document.documentElement.dataset.reportReady = 'true';
})();`;
/** A page that never becomes ready. */
const STUCK_HTML = '<!doctype html><meta charset="utf-8"><title>stuck</title><p>loading…</p>';

async function addUser(username: string, role: Role) {
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

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db);
  await addUser('jobs-secretariat', 'secretariat');
  await addUser('jobs-secretariat-2', 'secretariat');
  await addUser('jobs-committee', 'committee');
  await addUser('jobs-leader', 'leadership');
  year = (await db.selectFrom('cycles').select('year').where('phase', '=', 'material_review').executeTakeFirstOrThrow()).year;
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-report-dist-'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>MQA</title><div id="app"></div>');
  fs.writeFileSync(path.join(dist, 'report.html'), REPORT_HTML);
  fs.writeFileSync(path.join(dist, 'report.js'), REPORT_JS);
  fs.writeFileSync(path.join(dist, 'report.css'), REPORT_CSS);
  fs.writeFileSync(path.join(dist, 'stuck.html'), STUCK_HTML);
  services = createServices();
  app = createAppServer({
    db,
    services,
    webDist: dist,
    log: () => {},
    report: {
      executablePath: CHROMIUM,
      reportPath: (y, lang) => `/${reportPage}?year=${y}&lang=${lang}`,
      timeoutMs: 6000,
    },
  });
  const { url } = await app.listen(0, '127.0.0.1');
  base = url.replace(/\/$/, '');
});

afterAll(async () => {
  await app?.close();
  fs.rmSync(dist, { recursive: true, force: true });
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

/** A score sheet (CSV) of `n` new on-site scores of the open cycle; `bad` rows get an invalid percentage. */
async function scoresCsv(n: number, bad: number[] = []): Promise<string> {
  const cycle = await db.selectFrom('cycles').select(['id', 'weight_set_id']).where('year', '=', year).executeTakeFirstOrThrow();
  const pairs = await db
    .selectFrom('applications as a')
    .innerJoin('review_group_members as m', 'm.review_group_id', 'a.review_group_id')
    .leftJoin('conflicts as c', (j) => j.onRef('c.application_id', '=', 'a.id').onRef('c.examiner_id', '=', 'm.examiner_id'))
    .where('a.cycle_id', '=', cycle.id)
    .where('a.status', '=', 'active')
    .where('c.id', 'is', null)
    .select(['a.code as code', 'm.examiner_id as examinerId'])
    .orderBy('a.code')
    .orderBy('m.examiner_id')
    .execute();
  const items = (await db.selectFrom('weight_set_items').select('item_id').where('weight_set_id', '=', cycle.weight_set_id).orderBy('item_id').execute()).map(
    (r) => r.item_id,
  );
  const lines = ['年度,申报编号,评审员编号,评审阶段,条款,得分百分比'];
  for (const p of pairs) {
    for (const item of items) {
      if (lines.length > n) break;
      const percent = bad.includes(lines.length) ? 33 : ((lines.length * 7) % 21) * 5;
      lines.push([year, p.code, `E${p.examinerId}`, '现场评审', item, percent].join(','));
    }
  }
  expect(lines.length).toBe(n + 1);
  return lines.join('\r\n');
}

function upload(pathAndQuery: string, cookie: string, csv: string, name = 'scores.csv') {
  const form = new FormData();
  form.set('file', new Blob([csv], { type: 'text/csv' }), name);
  return fetch(`${base}${pathAndQuery}`, { method: 'POST', headers: { cookie }, body: form });
}

interface JobBody {
  id: string;
  kind: string;
  phase: string;
  fraction: number;
  done: boolean;
  status?: number;
  result?: Record<string, unknown>;
  error?: { code: string; message: { zh: string; en: string } };
}

/** Polls a job until it is done; returns the final view and every phase seen. */
async function pollJob(id: string, cookie: string): Promise<{ job: JobBody; phases: string[]; fractions: number[] }> {
  const phases: string[] = [];
  const fractions: number[] = [];
  for (let i = 0; i < 600; i++) {
    const r = await fetch(`${base}/api/jobs/${id}`, { headers: { cookie } });
    expect(r.status).toBe(200);
    const job = (await r.json()) as JobBody;
    if (phases.at(-1) !== job.phase) phases.push(job.phase);
    fractions.push(job.fraction);
    if (job.done) return { job, phases, fractions };
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('job did not finish');
}

function withoutTimings(body: Record<string, unknown>) {
  const { timings, ...rest } = body;
  expect(timings).toEqual(expect.objectContaining({ parseMs: expect.any(Number) }));
  return rest;
}

describe('asynchronous imports', () => {
  it('answer 202 { jobId }; the finished job holds exactly the synchronous answer (dry run)', async () => {
    const secretariat = await loginAs('jobs-secretariat');
    const csv = await scoresCsv(150);
    const sync = await upload('/api/import/scores?dryRun=1', secretariat, csv);
    expect(sync.status).toBe(200);
    const syncBody = (await sync.json()) as Record<string, unknown>;
    expect(syncBody.outcome).toBe('preview');

    const started = await upload('/api/import/scores?async=1&dryRun=1', secretariat, csv);
    expect(started.status).toBe(202);
    const startedBody = (await started.json()) as { jobId: string };
    expect(Object.keys(startedBody)).toEqual(['jobId']);
    expect(started.headers.get('location')).toBe(`/api/jobs/${startedBody.jobId}`);

    const { job, phases, fractions } = await pollJob(startedBody.jobId, secretariat);
    expect(job).toMatchObject({ id: startedBody.jobId, kind: 'scores', phase: 'done', fraction: 1, done: true, status: 200 });
    expect(job.error).toBeUndefined();
    expect(withoutTimings(job.result!)).toEqual(withoutTimings(syncBody));
    expect(phases.at(-1)).toBe('done');
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]!);

    // /result answers the synchronous route's body and status.
    const result = await fetch(`${base}/api/jobs/${job.id}/result`, { headers: { cookie: secretariat } });
    expect(result.status).toBe(200);
    expect(withoutTimings((await result.json()) as Record<string, unknown>)).toEqual(withoutTimings(syncBody));
  });

  it('report problems like the synchronous route (422 body), with the annotated copy on request', async () => {
    const secretariat = await loginAs('jobs-secretariat');
    const csv = await scoresCsv(12, [3, 7]);
    const sync = await upload('/api/import/scores', secretariat, csv);
    expect(sync.status).toBe(422);
    const syncBody = (await sync.json()) as { problems: { sheet: string; row: number; column: string; message: { zh: string; en: string } }[] };
    expect(syncBody.problems.map((p) => [p.row, p.column])).toEqual([
      [4, 'F'],
      [8, 'F'],
    ]);

    const started = await upload('/api/import/scores?async=1', secretariat, csv);
    expect(started.status).toBe(202);
    const { jobId } = (await started.json()) as { jobId: string };
    const { job } = await pollJob(jobId, secretariat);
    expect(job.status).toBe(422);
    expect(job.result).toMatchObject({ outcome: 'invalid', ok: false });
    expect(withoutTimings(job.result!)).toEqual(withoutTimings(syncBody as unknown as Record<string, unknown>));

    const annotated = await fetch(`${base}/api/jobs/${jobId}/annotated.xlsx`, { headers: { cookie: secretariat } });
    expect(annotated.status).toBe(200);
    expect(annotated.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect(annotated.headers.get('x-import-problems')).toBe('2');
    expect(annotated.headers.get('content-disposition')).toMatch(/^attachment; filename="scores-.*annotated\.xlsx"/);
    expect(
      Buffer.from(await annotated.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });

  it('commit for real (the data version moves) and have no annotated copy without problems', async () => {
    const secretariat = await loginAs('jobs-secretariat');
    const version = services.cache.version;
    const started = await upload(`/api/import/scores?async=1&year=${year}`, secretariat, await scoresCsv(30));
    expect(started.status).toBe(202);
    const { job } = await pollJob(((await started.json()) as { jobId: string }).jobId, secretariat);
    expect(job.result).toMatchObject({ outcome: 'committed', ok: true, dryRun: false, problems: [] });
    expect(services.cache.version).toBeGreaterThan(version);
    const annotated = await fetch(`${base}/api/jobs/${job.id}/annotated.xlsx`, { headers: { cookie: secretariat } });
    expect(annotated.status).toBe(404);
    expect(((await annotated.json()) as { code: string }).code).toBe('NO_ANNOTATED_COPY');
  });

  it('check the upload before starting a job, with the synchronous route’s errors', async () => {
    const secretariat = await loginAs('jobs-secretariat');
    const notMultipart = await fetch(`${base}/api/import/applications?async=1`, {
      method: 'POST',
      headers: { cookie: secretariat, 'content-type': 'text/csv' },
      body: 'a,b',
    });
    expect(notMultipart.status).toBe(415);
    expect(((await notMultipart.json()) as { error: { code: string } }).error.code).toBe('not_multipart');
    const badYear = await upload('/api/import/applications?async=1&year=20x5', secretariat, 'a,b');
    expect(badYear.status).toBe(400);
    const noFile = await fetch(`${base}/api/import/scores?async=1`, { method: 'POST', headers: { cookie: secretariat }, body: new FormData() });
    expect(noFile.status).toBe(400);
    expect(((await noFile.json()) as { error: { code: string; message: { zh: string } } }).error).toMatchObject({ code: 'no_file' });

    // A malformed file is the job's business: status 400 with the file error, like the sync route.
    const started = await upload('/api/import/applications?async=1', secretariat, '%PDF-1.4\u0001\u0002', 'x.xlsx');
    expect(started.status).toBe(202);
    const { job } = await pollJob(((await started.json()) as { jobId: string }).jobId, secretariat);
    expect(job.status).toBe(400);
    expect(job).toMatchObject({ kind: 'applications', result: { outcome: 'invalid', fileError: { code: expect.any(String) } } });
  });

  it('keep the secretariat-only rule, and show a job to the user who started it only', async () => {
    const committee = await loginAs('jobs-committee');
    const csv = await scoresCsv(2);
    expect((await upload('/api/import/scores?async=1', committee, csv)).status).toBe(403);
    expect((await fetch(`${base}/api/import/scores?async=1`, { method: 'POST', body: new FormData() })).status).toBe(401);

    const owner = await loginAs('jobs-secretariat');
    const started = await upload('/api/import/scores?async=1&dryRun=1', owner, csv);
    const { jobId } = (await started.json()) as { jobId: string };
    await pollJob(jobId, owner);
    const other = await loginAs('jobs-secretariat-2');
    for (const suffix of ['', '/result', '/annotated.xlsx']) {
      const r = await fetch(`${base}/api/jobs/${jobId}${suffix}`, { headers: { cookie: other } });
      expect(r.status).toBe(404);
      const body = (await r.json()) as { code: string; message: { zh: string; en: string } };
      expect(body.code).toBe('JOB_NOT_FOUND');
      expect(body.message.zh).toMatch(/任务/);
    }
    expect((await fetch(`${base}/api/jobs/${jobId}`, { headers: { cookie: committee } })).status).toBe(404);
    expect((await fetch(`${base}/api/jobs/${jobId}`)).status).toBe(401);
    expect((await fetch(`${base}/api/jobs/${jobId}`, { method: 'DELETE', headers: { cookie: owner } })).status).toBe(405);
  });
});

describe('committee pack (PDF)', () => {
  it('refuses roles other than secretariat and committee, and unknown cycles', async () => {
    const leader = await loginAs('jobs-leader');
    expect((await fetch(`${base}/api/cycles/${year}/report.pdf`, { headers: { cookie: leader } })).status).toBe(403);
    expect((await fetch(`${base}/api/cycles/${year}/report.pdf`)).status).toBe(401);
    const committee = await loginAs('jobs-committee');
    const missing = await fetch(`${base}/api/cycles/1999/report.pdf`, { headers: { cookie: committee } });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('CYCLE_NOT_FOUND');
    const badLang = await fetch(`${base}/api/cycles/${year}/report.pdf?lang=fr`, { headers: { cookie: committee } });
    expect(badLang.status).toBe(400);
    // Capabilities: any signed-in role.
    const caps = await fetch(`${base}/api/capabilities`, { headers: { cookie: leader } });
    expect(caps.status).toBe(200);
    expect(((await caps.json()) as { pdf: boolean }).pdf).toBe(HAS_CHROMIUM);
    expect((await fetch(`${base}/api/capabilities`)).status).toBe(401);
  });

  it('explains how to print from the browser when Chromium is missing (503, zh/en)', async () => {
    const saved = process.env.MQA_CHROMIUM_PATH;
    process.env.MQA_CHROMIUM_PATH = path.join(dist, 'no-such-chromium');
    const db2 = await createTestDatabase();
    await seedDemo(db2);
    await insertUser(db2, {
      username: 'nopdf',
      display_name: 'nopdf',
      password_hash: await hashPassword(PASSWORD),
      role: 'committee',
      examiner_id: null,
      disabled: 0,
      created_at: new Date().toISOString(),
    });
    const app2 = createAppServer({ db: db2, services: createServices(), log: () => {} });
    try {
      expect(app2.reports.executablePath).toBe(path.join(dist, 'no-such-chromium'));
      const { url } = await app2.listen(0, '127.0.0.1');
      const login = await fetch(`${url}trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'nopdf', password: PASSWORD }),
      });
      const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
      for (const q of ['?lang=zh', '?lang=en&async=1']) {
        const r = await fetch(`${url}api/cycles/${year}/report.pdf${q}`, { headers: { cookie } });
        expect(r.status).toBe(503);
        expect(r.headers.get('content-type')).toMatch(/application\/json/);
        const body = (await r.json()) as { code: string; message: { zh: string; en: string }; reportPath: string };
        expect(body.code).toBe('PDF_UNAVAILABLE');
        expect(body.message.zh).toContain(`/report/${year}`);
        expect(body.message.zh).toContain('Ctrl+P');
        expect(body.message.zh).toContain('apt-get install chromium');
        expect(body.message.en).toContain('Save as PDF');
        expect(body.message.en).toContain('MQA_CHROMIUM_PATH');
        expect(body.reportPath).toMatch(new RegExp(`^/report/${year}\\?lang=(zh|en)$`));
      }
      const caps = (await (await fetch(`${url}api/capabilities`, { headers: { cookie } })).json()) as { pdf: boolean; pdfUnavailable: { en: string } };
      expect(caps.pdf).toBe(false);
      expect(caps.pdfUnavailable.en).toContain('Ctrl+P');
    } finally {
      if (saved === undefined) delete process.env.MQA_CHROMIUM_PATH;
      else process.env.MQA_CHROMIUM_PATH = saved;
      await app2.close();
    }
  });

  const sessionCount = async () =>
    Number(
      (
        await db
          .selectFrom('sessions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  // Needs a Chromium on this machine (Debian: apt-get install chromium, or MQA_CHROMIUM_PATH).
  it.skipIf(!HAS_CHROMIUM)('prints the report page through headless Chromium as the requesting user', async () => {
    reportPage = 'report.html';
    const committee = await loginAs('jobs-committee');
    const sessions = await sessionCount();
    const r = await fetch(`${base}/api/cycles/${year}/report.pdf?lang=en`, { headers: { cookie: committee } });
    expect(
      r.status,
      await r
        .clone()
        .text()
        .catch(() => ''),
    ).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="mqa-report-${year}.pdf"`);
    const pdf = Buffer.from(await r.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1024);
    // The render's temporary session is gone.
    expect(await sessionCount()).toBe(sessions);

    // Two at once: queued one after the other, both printed.
    const both = await Promise.all([1, 2].map(() => fetch(`${base}/api/cycles/${year}/report.pdf?lang=zh`, { headers: { cookie: committee } })));
    for (const x of both) {
      expect(x.status).toBe(200);
      expect(
        Buffer.from(await x.arrayBuffer())
          .subarray(0, 5)
          .toString('latin1'),
      ).toBe('%PDF-');
    }
    expect(await sessionCount()).toBe(sessions);
  });

  it.skipIf(!HAS_CHROMIUM)('renders as a job: phases, then the PDF from /result', async () => {
    reportPage = 'report.html';
    const secretariat = await loginAs('jobs-secretariat');
    const started = await fetch(`${base}/api/cycles/${year}/report.pdf?lang=zh&async=1`, { headers: { cookie: secretariat } });
    expect(started.status).toBe(202);
    const { jobId } = (await started.json()) as { jobId: string };
    const running = await fetch(`${base}/api/jobs/${jobId}/result`, { headers: { cookie: secretariat } });
    expect(running.status).toBe(409);
    const { job, phases } = await pollJob(jobId, secretariat);
    expect(job).toMatchObject({ kind: 'report', done: true, phase: 'done', result: { fileName: `mqa-report-${year}.pdf`, url: `/api/jobs/${jobId}/result` } });
    expect(phases.every((p) => ['queued', 'launch', 'render', 'pdf', 'done'].includes(p))).toBe(true);
    const r = await fetch(`${base}${(job.result as { url: string }).url}`, { headers: { cookie: secretariat } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await r.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBe((job.result as { bytes: number }).bytes);
    // The owner only.
    const other = await loginAs('jobs-secretariat-2');
    expect((await fetch(`${base}/api/jobs/${jobId}/result`, { headers: { cookie: other } })).status).toBe(404);
  });

  it.skipIf(!HAS_CHROMIUM)('answers 504 with a zh/en message when the page never becomes ready', async () => {
    reportPage = 'stuck.html';
    try {
      const committee = await loginAs('jobs-committee');
      const sessions = await sessionCount();
      const r = await fetch(`${base}/api/cycles/${year}/report.pdf`, { headers: { cookie: committee } });
      expect(r.status).toBe(504);
      const body = (await r.json()) as { code: string; message: { zh: string; en: string } };
      expect(body.code).toBe('REPORT_TIMEOUT');
      expect(body.message.zh).toMatch(/秒/);
      expect(body.message.en).toMatch(/within 6 s/);
      expect(await sessionCount()).toBe(sessions);
    } finally {
      reportPage = 'report.html';
    }
  });
});
