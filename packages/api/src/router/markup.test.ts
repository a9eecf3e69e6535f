/**
 * Names and titles reach HTML (tables, chart tooltips, reports): `<…>` markup is refused at every
 * input path — each tRPC procedure that takes a name, and the register import — with a message in
 * Chinese and English, and nothing is written.
 */
import { makeUscc } from '@mqa/rules';
import { defaultWeightSet } from '@mqa/scoring';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_COLUMNS, buildApplicationsTemplate, importApplications } from '../spreadsheet/index.ts';
import { createFixture, errorOf, type Fixture } from '../test/helpers.ts';
import { hasMarkup } from './inputs.ts';

const XSS = '<img src=x onerror=alert(1)>';
const GOOD = 'Markup-probe-password-1';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
}, 120_000);

describe('hasMarkup', () => {
  it('finds tags, closing tags, comments and anything between < and >, and lets plain comparisons through', () => {
    for (const s of [XSS, '<b>x</b>', 'a</b', '<!-- x', '<?xml', '< script>', 'x <> y', '示例<svg onload=1>']) expect(hasMarkup(s), s).toBe(true);
    for (const s of ['示例能源有限公司', 'Demo Energy Co., Ltd.', 'A < 5 years', '3<4', 'a > b', '≤ 5', '&lt;b&gt;']) expect(hasMarkup(s), s).toBe(false);
  });
});

type Attack = [string, (f: Fixture) => Promise<unknown>];

const application = {
  year: 2025,
  applicantType: 'individual' as const,
  name: '测试',
  sector: 'coal_mining',
  district: '150602',
  channel: 'district_bureau',
  recommender: '东胜区市场监督管理局',
  receivedOn: '2025-03-01',
  qualityWorkSince: '2001-01-01',
};

const attacks: Attack[] = [
  ['applications.create name', (f) => f.as('secretariat').applications.create({ ...application, name: XSS })],
  ['applications.create nameEn', (f) => f.as('secretariat').applications.create({ ...application, nameEn: `Demo ${XSS}` })],
  ['applications.create recommender', (f) => f.as('secretariat').applications.create({ ...application, recommender: `<b>东胜区</b>` })],
  ['applications.create position', (f) => f.as('secretariat').applications.create({ ...application, position: '<script>x</script>' })],
  ['users.create displayName', (f) => f.as('secretariat').users.create({ username: 'markup-1', displayName: XSS, role: 'committee', password: GOOD })],
  [
    'users.create examiner profile',
    (f) =>
      f.as('secretariat').users.create({
        username: 'markup-2',
        displayName: '评审员',
        role: 'examiner',
        password: GOOD,
        examiner: { nameZh: '评审员', nameEn: null, employerName: XSS, employerUscc: null, expertise: null },
      }),
  ],
  ['users.update displayName', (f) => f.as('secretariat').users.update({ id: f.users.leadership.id, displayName: `领导${XSS}` })],
  ['users.updateExaminer nameZh', (f) => f.as('secretariat').users.updateExaminer({ id: f.seed.demoExaminerId, nameZh: XSS, ties: [] })],
  [
    'users.updateExaminer expertise',
    (f) => f.as('secretariat').users.updateExaminer({ id: f.seed.demoExaminerId, nameZh: '评审员', expertise: '<i>煤化工</i>', ties: [] }),
  ],
  [
    'groups.create name',
    (f) => f.as('secretariat').groups.create({ year: 2025, name: XSS, leaderUserId: f.users.examiner.id, memberUserIds: [f.users.examiner.id] }),
  ],
  ['groups.update name', (f) => f.as('secretariat').groups.update({ id: 1, name: XSS })],
  ['groups.update nameEn', (f) => f.as('secretariat').groups.update({ id: 1, name: '第一组', nameEn: XSS })],
  ['groups.setAgency name', (f) => f.as('secretariat').groups.setAgency({ year: 2025, name: XSS, procurementRef: 'P-1', contractDate: '2025-01-01' })],
  ['weights.create nameZh', (f) => f.as('secretariat').weights.create({ nameZh: XSS, nameEn: 'Probe', points: defaultWeightSet().points })],
  ['weights.update nameEn', (f) => f.as('secretariat').weights.update({ id: 1, nameEn: XSS, points: defaultWeightSet().points })],
  [
    'misuse.report party',
    (f) =>
      f.as('secretariat').misuse.report({ awardId: 1, party: XSS, kind: 'misused', item: 'plaque', reportedOn: '2025-01-10', description: 'probe report' }),
  ],
];

describe('markup in names at every tRPC input', () => {
  for (const [label, attack] of attacks) {
    it(`refuses markup in ${label}, in Chinese and English, writing nothing`, async () => {
      const auditBefore = await f.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const e = await errorOf(attack(f));
      expect(e.code).toBe('BAD_REQUEST');
      expect(e.en).toContain('must not contain markup');
      expect(e.zh).toContain('不能包含 <…> 等标记符号');
      const auditAfter = await f.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(auditAfter.n)).toBe(Number(auditBefore.n));
    });
  }

  it('still takes a plain name with a comparison sign', async () => {
    const user = await f.as('secretariat').users.create({ username: 'markup-ok', displayName: '张三 (A < B)', role: 'committee', password: GOOD });
    expect(user.id).toBeGreaterThan(0);
  });
});

describe('markup in the register import', () => {
  async function file(rows: Record<string, string>[]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildApplicationsTemplate()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    rows.forEach((r, i) => APPLICATION_COLUMNS.forEach((c, j) => r[c.key] !== undefined && (ws.getRow(i + 2).getCell(j + 1).value = r[c.key])));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const row = (code: string, uscc: string, extra: Record<string, string>) => ({
    year: '2025',
    code,
    applicant_type: '组织',
    name_zh: `测试组织 ${code}`,
    name_en: `Test organisation ${code}`,
    uscc: makeUscc(uscc),
    sector: '煤化工',
    district: '东胜区',
    channel: '旗区市场监管局',
    recommending_body: '东胜区市场监督管理局',
    received_on: '2025-04-10',
    founded_on: '2010-05-01',
    ...extra,
  });

  it('reports a per-row problem for markup in each name column and imports nothing', async () => {
    const before = await f.db
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await importApplications(
      f.db,
      await file([
        row('2025-X01', '91150602MA0XT0001', { name_zh: XSS }),
        row('2025-X02', '91150602MA0XT0002', { name_en: '<b>Bold</b> Co.' }),
        row('2025-X03', '91150602MA0XT0003', { recommending_body: '东胜区<script>x</script>' }),
        row('2025-X04', '91150602MA0XT0004', {}),
      ]),
      { fileName: 'markup.xlsx', userId: f.users.secretariat.id },
    );
    const markup = res.problems.filter((p) => p.message.en.includes('must not contain markup'));
    expect(markup.map((p) => `${p.row}:${p.code}`)).toEqual(['2:invalid_value', '3:invalid_value', '4:invalid_value']);
    expect(markup.every((p) => p.message.zh.includes('不能包含 <…> 等标记符号'))).toBe(true);
    expect(markup.map((p) => p.header)).toEqual([
      expect.stringMatching(/名称|name/i),
      expect.stringMatching(/英文|english/i),
      expect.stringMatching(/推荐|recommend/i),
    ]);
    const after = await f.db
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
