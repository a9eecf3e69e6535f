import { describe, expect, it } from 'vitest';
import {
  applicationChangeRows,
  columnNumber,
  previewIsEmpty,
  problemRows,
  scoreChangeRows,
  showValue,
  type ImportProblem,
  type ImportResult,
} from './format.ts';

const p = (
  row: number | null,
  column: string | null,
  header: string | null,
  code: ImportProblem['code'],
  zh: string,
  en: string,
  sheet = '评分表',
): ImportProblem => ({
  sheet,
  row,
  column,
  header,
  code,
  message: { zh, en },
});

describe('problem table', () => {
  const problems = [
    p(12, 'F', '得分百分比', 'invalid_percent', '得分百分比 “73” 无效', 'Percent “73” is invalid'),
    p(3, 'AA', '评语', 'invalid_value', '评语过长', 'Comment too long'),
    p(3, 'C', '评审员编号', 'unknown_examiner', '未知的评审员编号', 'Unknown examiner code'),
    p(null, null, null, 'unknown_cycle', '没有 2031 年度', 'No 2031 cycle'),
    p(null, null, null, 'file_error', '文件不是电子表格', 'Not a spreadsheet', ''),
  ];

  it('lists sheet-wide problems first, then by row and column (B before AA), in the UI language', () => {
    const rows = problemRows(problems, 'en');
    expect(rows.map((r) => [r.row, r.column, r.reason])).toEqual([
      [null, '', 'No 2031 cycle'],
      [null, '', 'Not a spreadsheet'],
      [3, 'C · 评审员编号', 'Unknown examiner code'],
      [3, 'AA · 评语', 'Comment too long'],
      [12, 'F · 得分百分比', 'Percent “73” is invalid'],
    ]);
    expect(problemRows(problems, 'zh-CN')[4]!.reason).toBe('得分百分比 “73” 无效');
  });

  it('leaves out the copy of the file error when it is shown on its own', () => {
    const rows = problemRows(problems, 'zh-CN', { dropFileError: true });
    expect(rows.map((r) => r.code)).not.toContain('file_error');
    expect(rows).toHaveLength(4);
  });

  it('numbers spreadsheet columns', () => {
    expect([columnNumber('A'), columnNumber('Z'), columnNumber('AA'), columnNumber('ab'), columnNumber(null), columnNumber('1')]).toEqual([
      1, 26, 27, 28, 0, 0,
    ]);
  });
});

describe('preview', () => {
  const names = { stage: (s: string) => (s === 'material' ? '材料评审' : '现场评审'), percent: '得分', comment: '评语' };

  it('shows score changes as old → new, and an added score without an old value', () => {
    const rows = scoreChangeRows(
      [
        {
          row: 2,
          year: 2025,
          application: '2025-017',
          examiner: 'E12',
          stage: 'material',
          item: '4.1.2',
          oldPercent: 60,
          newPercent: 65,
          oldComment: null,
          newComment: null,
        },
        {
          row: 3,
          year: 2025,
          application: '2025-017',
          examiner: 'E12',
          stage: 'onsite',
          item: '4.1.3',
          oldPercent: null,
          newPercent: 70,
          oldComment: null,
          newComment: '证据充分',
        },
      ],
      names,
    );
    expect(rows[0]).toEqual({ key: '2', row: 2, subject: '2025-017 · E12 · 材料评审 · 4.1.2', changes: [{ field: '得分', old: '60%', new: '65%' }] });
    expect(rows[1]!.changes).toEqual([
      { field: '得分', old: '—', new: '70%' },
      { field: '评语', old: '—', new: '证据充分' },
    ]);
  });

  it('names the changed fields of an application and shortens long values', () => {
    const long = 'x'.repeat(100);
    const rows = applicationChangeRows(
      [
        {
          row: 5,
          year: 2025,
          code: '2025-003',
          applicantType: 'organisation',
          name: '示例公司',
          changes: [
            { field: 'sector', old: 'coal', new: 'chemicals' },
            { field: 'eligibility_facts', old: null, new: long },
          ],
        },
      ],
      (f) => (f === 'sector' ? '行业' : f),
    );
    expect(rows[0]!.subject).toBe('2025-003 示例公司');
    expect(rows[0]!.changes[0]).toEqual({ field: '行业', old: 'coal', new: 'chemicals' });
    expect(rows[0]!.changes[1]!.old).toBe('—');
    expect(rows[0]!.changes[1]!.new).toHaveLength(60);
    expect(rows[0]!.changes[1]!.new.endsWith('…')).toBe(true);
  });

  it('shows values as text', () => {
    expect([showValue(null), showValue(''), showValue(0), showValue(true), showValue({ a: 1 })]).toEqual(['—', '—', '0', 'true', '{"a":1}']);
  });

  it('knows when a dry run would change nothing', () => {
    const counts = (added: number, changed: number) => ({
      rows: 3,
      valid: 3,
      added,
      changed,
      unchanged: 3 - added - changed,
      sheetsCreated: 0,
      sheetsUpdated: 0,
      applications: 1,
      examiners: 1,
    });
    const r = (added: number, changed: number): ImportResult => ({
      kind: 'scores',
      fileName: 'a.csv',
      fileHash: '0'.repeat(64),
      fileSize: 120,
      format: 'csv',
      sheet: '评分表',
      dryRun: true,
      outcome: 'preview',
      ok: true,
      fileError: null,
      problems: [],
      auditId: null,
      timings: { parseMs: 1, validateMs: 1, writeMs: 0 },
      preview: { counts: counts(added, changed), cycles: [2025], added: [], changed: [], unchanged: [] },
    });
    expect(previewIsEmpty(r(0, 0))).toBe(true);
    expect(previewIsEmpty(r(0, 1))).toBe(false);
    expect(previewIsEmpty(r(2, 0))).toBe(false);
    expect(previewIsEmpty(null)).toBe(false);
  });
});
