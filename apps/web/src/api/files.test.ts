import { describe, expect, it } from 'vitest';
import {
  ApiError,
  describeError,
  errorFromResponse,
  fileNameFromDisposition,
  importUrl,
  startImport,
  templateUrl,
  exportUrl,
  reportPdfUrl,
  type FetchLike,
} from './files.ts';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('errors of the /api routes', () => {
  it('reads the message from either shape the server uses', async () => {
    const top = await errorFromResponse(
      json(503, { code: 'PDF_UNAVAILABLE', message: { zh: '未安装 Chromium', en: 'No Chromium' }, reportPath: '/report/2025' }),
    );
    expect([top.status, top.code, top.text?.en]).toEqual([503, 'PDF_UNAVAILABLE', 'No Chromium']);
    const nested = await errorFromResponse(json(413, { error: { code: 'too_large', message: { zh: '文件过大', en: 'Too large' } }, problems: [] }));
    expect([nested.status, nested.code, nested.text?.zh]).toEqual([413, 'too_large', '文件过大']);
    const bare = await errorFromResponse(new Response('<html>oops</html>', { status: 502 }));
    expect([bare.code, bare.text]).toEqual(['HTTP_502', null]);
  });

  it('says it in the UI language, with a generic message when the server sent none', () => {
    const e = new ApiError(400, 'bad', { zh: '参数错误', en: 'Bad parameter' }, null);
    expect(describeError(e, 'zh-CN')).toBe('参数错误');
    expect(describeError(e, 'en')).toBe('Bad parameter');
    expect(describeError(new ApiError(403, 'forbidden', null, null), 'en')).toBe('You are not allowed to do this.');
    expect(describeError(new ApiError(500, 'x', null, null), 'zh-CN')).toMatch(/服务器/);
    expect(describeError(new TypeError('Failed to fetch'), 'en')).toMatch(/Cannot reach the server/);
  });
});

describe('download names', () => {
  it('prefers the UTF-8 name, then the plain one, then the fallback', () => {
    expect(
      fileNameFromDisposition(
        `attachment; filename="bad-____ annotated.xlsx"; filename*=UTF-8''bad-%E9%97%AE%E9%A2%98%E6%A0%87%E6%B3%A8%20annotated.xlsx`,
        'x',
      ),
    ).toBe('bad-问题标注 annotated.xlsx');
    expect(fileNameFromDisposition('attachment; filename="mqa-report-2025.pdf"', 'x')).toBe('mqa-report-2025.pdf');
    expect(fileNameFromDisposition('attachment; filename=plain.xlsx', 'x')).toBe('plain.xlsx');
    expect(fileNameFromDisposition(null, 'fallback.xlsx')).toBe('fallback.xlsx');
  });
});

describe('route addresses', () => {
  it('builds the import, template, export and report addresses', () => {
    expect(importUrl('scores', { dryRun: true, year: 2025 })).toBe('/api/import/scores?async=1&dryRun=1&year=2025');
    expect(importUrl('applications', { dryRun: false })).toBe('/api/import/applications?async=1');
    expect(templateUrl('scores', 2025)).toBe('/api/templates/scores.xlsx?year=2025');
    expect(templateUrl('applications', 2025)).toBe('/api/templates/applications.xlsx');
    expect(exportUrl(2025, 'zh-CN')).toBe('/api/cycles/2025/export.xlsx?lang=zh');
    expect(reportPdfUrl(2023, 'en', true)).toBe('/api/cycles/2023/report.pdf?lang=en&async=1');
  });

  it('uploads the file as multipart field `file` and returns the job id', async () => {
    let seen: { url: string; init?: RequestInit } | null = null;
    const fetch: FetchLike = async (url, init) => {
      seen = { url, ...(init ? { init } : {}) };
      return json(202, { jobId: 'abc' });
    };
    const id = await startImport('scores', new Blob(['a,b\n1,2\n'], { type: 'text/csv' }), 'x.csv', { dryRun: true, year: 2025 }, fetch);
    expect(id).toBe('abc');
    expect(seen!.url).toBe('/api/import/scores?async=1&dryRun=1&year=2025');
    expect(seen!.init?.method).toBe('POST');
    expect(seen!.init?.credentials).toBe('include');
    const form = seen!.init?.body as FormData;
    const file = form.get('file') as File;
    expect(file.name).toBe('x.csv');
    expect(await file.text()).toBe('a,b\n1,2\n');
  });

  it('throws the refusal of an upload before any job starts', async () => {
    const fetch: FetchLike = async () =>
      json(415, { error: { code: 'not_multipart', message: { zh: '请以 multipart 上传', en: 'Upload as multipart' } }, problems: [] });
    await expect(startImport('applications', new Blob(['x']), 'x.xlsx', { dryRun: true }, fetch)).rejects.toMatchObject({ status: 415, code: 'not_multipart' });
  });
});
