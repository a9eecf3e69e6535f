/**
 * A real installation's first cycle, through the dashboard alone: `pnpm start` on an empty
 * database prints the one-time password of the secretariat account `admin`; the secretariat
 * signs in, must change it first, creates every other account (examiners with the employer
 * conflict detection reads), opens the 2027 cycle, registers five applications (two by the form,
 * three by importing a register file built from the template the import page offers), uploads
 * materials (one confidential), requests and records a supplement, passes the qualification
 * review, forms two review groups, assigns automatically (the conflicted examiner is avoided,
 * every choice explained) and by hand, records a recusal after assignment, and moves the cycle
 * on through the pre-flight dialog. The examiners sign in (forced password change), find their
 * sheets and materials on the desk; one scores a sheet item by item, the others' sheets come
 * through the score import; the group leader records a consensus with a reason while the other
 * examiners see no one else's scores; the secretariat picks the on-site candidates, whose sheets
 * alone open, and the cycle reaches the end of the on-site review. The audit log names every
 * action in words. A screenshot of each step goes to e2e/screenshots/ (empty-install-*.png).
 *
 * The steps run in order on one server of their own (a serial group); the API is only read to
 * assert what the dashboard did (and to try what a role may not do), never to make a change.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Download, Page } from '@playwright/test';
import { expect, field, HAN, present, query, shot, test, VIEWPORT } from './fixtures.ts';
import { startProcess, type RunningServer } from './server.ts';

test.describe.configure({ mode: 'serial' });

const YEAR = 2027;
const ADMIN_NEW_PASSWORD = 'Erdos-secretariat-2027';
/** The consulting centre most examiners work for (no applicant), and the applicant one of them works for. */
const CONSULTANCY_USCC = '91150603MA0E27F64A';
const COAL_USCC = '91150622MA0E27C30A';

interface Person {
  username: string;
  displayName: string;
  role: 'secretariat' | 'committee' | 'leadership' | 'examiner';
  employer?: string;
  employerUscc?: string;
}
/** The accounts the secretariat creates (examiners with the employer conflict detection reads). */
const PEOPLE: readonly Person[] = [
  { username: 'liu.secretariat', displayName: '刘秘书', role: 'secretariat' },
  { username: 'wei.committee', displayName: '魏委员', role: 'committee' },
  { username: 'han.committee', displayName: '韩委员', role: 'committee' },
  { username: 'zhao.leader', displayName: '赵局长', role: 'leadership' },
  { username: 'li.examiner', displayName: '李评审', role: 'examiner', employer: '示例质量咨询中心', employerUscc: CONSULTANCY_USCC },
  { username: 'wang.examiner', displayName: '王评审', role: 'examiner', employer: '示例质量咨询中心', employerUscc: CONSULTANCY_USCC },
  { username: 'zhang.examiner', displayName: '张评审', role: 'examiner', employer: '示例质量咨询中心', employerUscc: CONSULTANCY_USCC },
  // Works for the coal-chemicals applicant below: a conflict of interest (Art. 24).
  { username: 'chen.examiner', displayName: '陈评审', role: 'examiner', employer: '示例煤化工有限公司', employerUscc: COAL_USCC },
];
const PASSWORDS = new Map<string, string>(PEOPLE.map((p, i) => [p.username, `Ordos-quality-${i + 1}-start`]));
/** Each person's own password after the forced change at first sign-in. */
const OWN_PASSWORDS = new Map<string, string>(PEOPLE.map((p, i) => [p.username, `Own-choice-${i + 1}-Erdos`]));
const ROLE_NAMES = { secretariat: '秘书处', committee: '评审委员会', leadership: '市场监管部门领导', examiner: '评审员' } as const;

interface Applicant {
  code: string;
  name: string;
  uscc: string;
  sector: string;
  sectorId: string;
  district: string;
  channel: string;
  recommender: string;
}
/** Two registered by the form (codes given by the product), three imported from the register file. */
const BY_FORM: readonly Applicant[] = [
  {
    code: `${YEAR}-001`,
    name: '示例能源股份有限公司',
    uscc: '91150602MA0E27A111',
    sector: '电力与新能源',
    sectorId: 'power_new_energy',
    district: '东胜区',
    channel: '旗区市场监管局',
    recommender: '东胜区市场监督管理局',
  },
  {
    code: `${YEAR}-002`,
    name: '示例羊绒制品有限公司',
    uscc: '91150621MA0E27B26P',
    sector: '羊绒及纺织',
    sectorId: 'cashmere_textiles',
    district: '达拉特旗',
    channel: '行业协会',
    recommender: '鄂尔多斯市羊绒产业协会',
  },
];
const BY_IMPORT: readonly Applicant[] = [
  {
    code: `${YEAR}-003`,
    name: '示例煤化工有限公司',
    uscc: COAL_USCC,
    sector: '煤化工',
    sectorId: 'coal_chemicals',
    district: '准格尔旗',
    channel: '市直部门',
    recommender: '鄂尔多斯市工业和信息化局',
  },
  {
    code: `${YEAR}-004`,
    name: '示例文旅发展有限公司',
    uscc: '91150623MA0E27D45Y',
    sector: '文化旅游',
    sectorId: 'tourism_culture',
    district: '鄂托克前旗',
    channel: '旗区市场监管局',
    recommender: '鄂托克前旗市场监督管理局',
  },
  {
    code: `${YEAR}-005`,
    name: '示例物流有限公司',
    uscc: '91150627MA0E27E5XR',
    sector: '物流',
    sectorId: 'logistics',
    district: '伊金霍洛旗',
    channel: '行业协会',
    recommender: '鄂尔多斯市物流协会',
  },
];
const [ENERGY, CASHMERE] = BY_FORM as [Applicant, Applicant];
const [COAL, TOURISM, LOGISTICS] = BY_IMPORT as [Applicant, Applicant, Applicant];
/** The facts an organisation must answer "no" (exclusions, Art. 12); every other one "yes". */
const EXCLUSIONS = new Set([
  'contravenesNationalPolicy',
  'lacksRequiredLicences',
  'majorIncidentWithin3Years',
  'awardFraudWithin3Years',
  'seriousTaxOrSocialInsuranceViolationWithin3Years',
  'onAbnormalOperationList',
  'onSeriousDishonestyList',
]);
/** Left blank on the cashmere form: to be supplemented (Art. 16), then supplied with the supplement. */
const LEFT_BLANK = ['goodCreditRecord', 'onSeriousDishonestyList'];
const GROUP_A = '第一评审组';
const GROUP_B = '第二评审组';

/** The Chinese calendar day (the product's "today"). */
const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

let server: RunningServer;
let dataDir: string;
let adminPassword = '';
const pageErrors: string[] = [];
/** Filled as the scenario goes. */
const ids = new Map<string, number>();
let confidentialId = 0;
let publicId = 0;
/** The 23 item ids, as the score sheet lists them. */
let itemIds: string[] = [];

test.beforeAll(async () => {
  const webDist = process.env.MQA_E2E_WEB_DIST;
  test.skip(!webDist, 'needs the dashboard built by this run (not available when reusing a server through MQA_E2E_URL)');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-empty-'));
  server = await startProcess('start', dataDir, webDist!);
  const printed = /username: admin\s+password: (\S+)/.exec(server.log());
  expect(printed, 'pnpm start prints the one-time password of admin on an empty database').not.toBeNull();
  adminPassword = printed![1]!;
});

test.afterAll(() => {
  server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test.afterEach(() => {
  expect(pageErrors.splice(0), 'no page error').toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// Helpers

async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.base, viewport: VIEWPORT, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  return { context, page };
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await field(page, 'data-testid="username"').fill(username);
  await field(page, 'data-testid="password"').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
}

/** The secretariat (admin) in a new context. */
async function asAdmin(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const s = await newPage(browser);
  await signIn(s.page, 'admin', ADMIN_NEW_PASSWORD);
  await s.page.waitForSelector('[data-testid="current-user"]', { timeout: 30_000 });
  return s;
}

/** Signs a person in; at the first sign-in the product demands a new password, which is chosen here. */
const changed = new Set<string>();
async function asPerson(browser: Browser, username: string): Promise<{ context: BrowserContext; page: Page }> {
  const s = await newPage(browser);
  if (changed.has(username)) {
    await signIn(s.page, username, OWN_PASSWORDS.get(username)!);
  } else {
    await signIn(s.page, username, PASSWORDS.get(username)!);
    await s.page.waitForURL(/\/change-password/, { timeout: 30_000 });
    await field(s.page, 'data-testid="pw-current"').fill(PASSWORDS.get(username)!);
    await field(s.page, 'data-testid="pw-next"').fill(OWN_PASSWORDS.get(username)!);
    await field(s.page, 'data-testid="pw-confirm"').fill(OWN_PASSWORDS.get(username)!);
    await s.page.getByTestId('pw-submit').click();
    await s.page.waitForURL((u) => !u.pathname.startsWith('/change-password'), { timeout: 30_000 });
    changed.add(username);
  }
  await s.page.waitForSelector('[data-testid="current-user"]', { timeout: 30_000 });
  return s;
}

/** Picks `text` in the Element Plus select marked `testid` (the open dropdown's option). */
async function choose(page: Page, testid: string, text: string | RegExp): Promise<void> {
  // A dropdown still fading out (another select just closed) would offer its options first.
  await expect(page.locator('.el-select-dropdown:visible')).toHaveCount(0, { timeout: 15_000 });
  await page.getByTestId(testid).click();
  const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: text }).first();
  await option.waitFor({ state: 'visible', timeout: 15_000 });
  await option.click();
}

/** Types a date into the Element Plus date picker labelled `label` (the picker passes no attribute to its input). */
async function pickDate(page: Page, label: string, date: string): Promise<void> {
  const input = page.locator('.el-dialog:visible').getByRole('combobox', { name: new RegExp(`^\\*?${label}$`) });
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

/** Types a number into an Element Plus number input marked `attr` and leaves it (the value is committed on change). */
async function typeNumber(page: Page, attr: string, value: number): Promise<void> {
  const input = field(page, attr);
  await input.fill(String(value));
  await input.press('Tab');
}

/** Confirms the Element Plus message box that is open. */
async function confirmBox(page: Page): Promise<void> {
  const button = page.locator('.el-message-box__btns .el-button--primary');
  await button.waitFor({ state: 'visible', timeout: 15_000 });
  await button.click();
}

async function downloadBy(page: Page, click: () => Promise<void>): Promise<Download> {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), click()]);
  return dl;
}

/** What looks like an i18n key left on screen (`groups.form.name`), but for file names and user names. */
async function rawKeysOn(page: Page): Promise<string[]> {
  const text = await page.locator('main, .el-dialog, .el-message-box').allInnerTexts();
  const usernames = new Set(['admin', ...PEOPLE.map((p) => p.username)]);
  const found = new Set<string>();
  for (const m of text.join('\n').matchAll(/\b[a-z][a-zA-Z]+(?:\.[a-zA-Z_]+)+\b/g)) {
    if (usernames.has(m[0]) || /\.(pdf|png|jpe?g|xlsx|csv|docx?)$/i.test(m[0])) continue;
    found.add(m[0]);
  }
  return [...found];
}
async function expectNoRawKeys(page: Page, where: string): Promise<void> {
  expect(await rawKeysOn(page), `${where}: no untranslated message key on screen`).toEqual([]);
}

/** The cycle's phase as the API reads it. */
async function phaseOf(page: Page): Promise<string> {
  const c = await query<{ phase: { id: string } }>(page, 'cycles.get', { year: YEAR });
  return c.phase.id;
}

/**
 * Moves the cycle on from its overview through the pre-flight dialog: lists the warnings, ticks
 * the acknowledgement where there are some, and waits for the new phase. Returns the warning codes.
 */
async function advance(page: Page, to: string, to_zh: string, shotName: string): Promise<string[]> {
  await page.goto(`/cycles/${YEAR}`);
  await page.waitForSelector('[data-testid="advance-phase"]', { timeout: 30_000 });
  await page.getByTestId('advance-phase').click();
  const dialog = page.getByTestId('advance-dialog');
  await dialog.locator('[data-testid="preflight-clear"], [data-testid="preflight-warnings"]').first().waitFor({ timeout: 30_000 });
  await expect(dialog).toContainText(to_zh);
  const codes = await dialog
    .locator('[data-testid="preflight-warnings"] [data-code]')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.code ?? ''));
  if (codes.length > 0) {
    // Past warnings the step needs an explicit confirmation.
    await expect(dialog.getByTestId('advance-submit')).toBeDisabled();
    for (const text of await dialog.locator('[data-testid="preflight-warnings"] li').allInnerTexts()) expect(text, 'each warning in Chinese').toMatch(HAN);
    await dialog.getByTestId('preflight-acknowledge').click();
  }
  await expectNoRawKeys(page, `pre-flight to ${to}`);
  await shot(page, shotName);
  await dialog.getByTestId('advance-submit').click();
  await expect(page.getByTestId('phase')).toHaveText(to_zh, { timeout: 30_000 });
  expect(await phaseOf(page)).toBe(to);
  return codes;
}

/** Clicks the yes / no / blank answer of each fact of the open fact form. */
async function answerFacts(page: Page, scope: string, blank: readonly string[] = []): Promise<void> {
  const facts = page.locator(`${scope} [data-fact]`);
  const keys = await facts.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.fact ?? ''));
  expect(keys.length, 'the form lists the facts of an organisation').toBeGreaterThan(10);
  for (const key of keys) {
    const which = blank.includes(key) ? 2 : EXCLUSIONS.has(key) ? 1 : 0;
    await page.locator(`${scope} [data-fact="${key}"] .el-radio-button`).nth(which).click();
  }
}

type GroupList = {
  groups: {
    id: number;
    name: { zh: string };
    members: { examinerId: number; userId: number | null; name: { zh: string }; leader: boolean }[];
    applications: { id: number; code: string; recused: { examinerId: number }[]; scoringMembers: number }[];
  }[];
  unassigned: { id: number; code: string; ready: boolean }[];
};

async function groupsOf(page: Page): Promise<GroupList> {
  return query<GroupList>(page, 'groups.list', { year: YEAR });
}
function groupOfApp(list: GroupList, code: string) {
  const g = list.groups.find((x) => x.applications.some((a) => a.code === code));
  present(g, `${code} is in a review group`);
  return g;
}

/** A minimal PDF file (what the server checks by content, not by name). */
function pdf(title: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${title}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}

/** The workbook a download holds. */
async function workbookOf(download: Download): Promise<ExcelJS.Workbook> {
  const b = fs.readFileSync(await download.path());
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  return wb;
}

/** Reads a worksheet's cells as text rows. */
function rowsOf(ws: ExcelJS.Worksheet): string[][] {
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => (cells[col - 1] = cell.text ?? ''));
    out.push(cells);
  });
  return out;
}

/** A CSV cell (quoted when needed). */
const cell = (v: string | number) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (rows: (string | number)[][]) => `\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;

/**
 * On the import page: chooses the kind and uploads `content` as `name`, waits for the clean
 * preview, commits (confirming) and waits for the outcome. Returns the preview's added count.
 */
async function importFile(page: Page, kind: 'applications' | 'scores', name: string, content: string, shotName: string): Promise<number> {
  await page.goto(`/data/import?cycle=${YEAR}`);
  await page.waitForSelector('[data-view="dataImport"]');
  await page.click(`[data-testid="import-kind"] [data-kind="${kind}"]`);
  await page.setInputFiles('[data-testid="import-file"]', { name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
  const preview = page.getByTestId('import-preview');
  const problems = page.getByTestId('import-problems-card');
  await Promise.race([preview.waitFor({ timeout: 120_000 }), problems.waitFor({ timeout: 120_000 })]);
  if (await problems.isVisible()) {
    throw new Error(`the ${kind} import found problems:\n${(await problems.innerText()).slice(0, 2000)}`);
  }
  const added = Number(await page.getByTestId('preview-counts').getAttribute('data-added'));
  await page.getByTestId('commit-import').click();
  await confirmBox(page);
  await expect(page.getByTestId('import-outcome')).toHaveAttribute('data-outcome', 'committed', { timeout: 120_000 });
  await expectNoRawKeys(page, `${kind} import`);
  await shot(page, shotName);
  return added;
}

// ---------------------------------------------------------------------------------------------
// 1. The one-time admin password and the accounts

test('empty install: the one-time admin password signs in and must be changed first', async ({ browser }) => {
  const { context, page } = await newPage(browser);
  await signIn(page, 'admin', adminPassword);
  // A printed one-time password leads straight to the change-password page.
  await page.waitForURL(/\/change-password/, { timeout: 30_000 });
  {
    await shot(page, 'empty-install-01-change-password');
    await field(page, 'data-testid="pw-current"').fill(adminPassword);
    await field(page, 'data-testid="pw-next"').fill(ADMIN_NEW_PASSWORD);
    await field(page, 'data-testid="pw-confirm"').fill(ADMIN_NEW_PASSWORD);
    await page.getByTestId('pw-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/change-password'), { timeout: 30_000 });
  }
  // The product has no demo accounts and no cycle: nothing but the secretariat's own account.
  const me = await query<{ username: string; role: string }>(page, 'auth.me');
  expect(me).toMatchObject({ username: 'admin', role: 'secretariat' });
  expect(await query<unknown[]>(page, 'cycles.list')).toEqual([]);
  await context.close();
  // The new password works; the one-time one no longer does.
  const again = await newPage(browser);
  await signIn(again.page, 'admin', ADMIN_NEW_PASSWORD);
  expect((await query<{ username: string }>(again.page, 'auth.me')).username).toBe('admin');
  await again.context.close();
});

test('empty install: the secretariat creates the secretariat, committee, leadership and examiner accounts', async ({ browser }) => {
  const { context, page } = await asAdmin(browser);
  await page.goto('/people');
  await page.waitForSelector('[data-testid="people-table"]');
  for (const p of PEOPLE) {
    await page.getByTestId('people-create').click();
    await page.waitForSelector('[data-testid="people-create-dialog"]');
    await field(page, 'data-testid="create-username"').fill(p.username);
    await field(page, 'data-testid="create-display-name"').fill(p.displayName);
    await choose(page, 'create-role', ROLE_NAMES[p.role]);
    await field(page, 'data-testid="create-password"').fill(PASSWORDS.get(p.username)!);
    if (p.role === 'examiner') {
      await field(page, 'data-testid="create-name-zh"').fill(p.displayName);
      await field(page, 'data-testid="create-name-en"').fill(p.username);
      await field(page, 'data-testid="create-employer"').fill(p.employer!);
      await field(page, 'data-testid="create-employer-uscc"').fill(p.employerUscc!);
    }
    await page.getByTestId('create-submit').click();
    await expect(page.getByTestId('people-table')).toContainText(p.username, { timeout: 30_000 });
  }
  // A duplicate username is refused with a clear message, and nothing is added.
  await page.getByTestId('people-create').click();
  await field(page, 'data-testid="create-username"').fill(PEOPLE[1]!.username);
  await field(page, 'data-testid="create-display-name"').fill('重复');
  await choose(page, 'create-role', ROLE_NAMES.committee);
  await field(page, 'data-testid="create-password"').fill('Another-password-2027');
  await page.getByTestId('create-submit').click();
  await expect(page.getByTestId('create-error')).toContainText(/已被使用|already/, { timeout: 30_000 });
  expect(await page.getByTestId('create-error').innerText(), 'the refusal in Chinese').toMatch(HAN);
  await shot(page, 'empty-install-02-people');
  await page.keyboard.press('Escape');
  const users = await query<{ username: string; role: string; examiner: { employerUscc: string | null } | null }[]>(page, 'users.list');
  expect(users.map((u) => u.username).sort((a, b) => a.localeCompare(b))).toEqual(
    ['admin', ...PEOPLE.map((p) => p.username)].sort((a, b) => a.localeCompare(b)),
  );
  // The examiners' profiles hold the employer's USCC that conflict detection reads (Art. 24).
  const chen = users.find((u) => u.username === 'chen.examiner');
  expect(chen?.examiner?.employerUscc).toBe(COAL_USCC);
  await expect(page.locator('[data-username="chen.examiner"]')).toBeVisible();
  await expectNoRawKeys(page, 'people');
  await context.close();
});

// ---------------------------------------------------------------------------------------------
// 2. The 2027 cycle

test('empty install: the secretariat opens the 2027 cycle with its settings and edits them', async ({ browser }) => {
  const { context, page } = await asAdmin(browser);
  await page.goto('/cycles');
  await page.waitForSelector('[data-view="cycles"]');
  await page.getByTestId('new-cycle').click();
  const dialog = page.getByTestId('cycle-dialog');
  await dialog.waitFor();
  await typeNumber(page, 'data-testid="cycle-year"', YEAR);
  // A cap above 5 cannot even be entered (Art. 3): the field stops at 5.
  await typeNumber(page, 'data-testid="cycle-cap"', 9);
  expect(await field(page, 'data-testid="cycle-cap"').inputValue()).toBe('5');
  await typeNumber(page, 'data-testid="cycle-cap"', 4);
  await typeNumber(page, 'data-testid="cycle-min-total"', 550);
  await choose(page, 'cycle-method', '合议优先');
  await choose(page, 'cycle-fallback', '中位数');
  await pickDate(page, '申报公告发布日期', '2026-11-16');
  await pickDate(page, '申报截止日期', '2026-12-15');
  // No weight set exists yet: the standard GB/T 19580-2012 set is the default (created on first use).
  await expect(dialog.getByTestId('cycle-weight-set')).toContainText(/GB\/T 19580|标准/);
  await shot(page, 'empty-install-03-cycle-dialog');
  await dialog.getByTestId('cycle-submit').click();
  await expect(page.getByTestId('cycles-table')).toContainText(String(YEAR), { timeout: 30_000 });

  // The settings stay editable until the first score: the disagreement threshold goes to 20.
  await page.getByTestId(`edit-cycle-${YEAR}`).click();
  await dialog.waitFor();
  await typeNumber(page, 'data-testid="cycle-flag-threshold"', 20);
  await dialog.getByTestId('cycle-submit').click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  type Row = {
    year: number;
    cap: number;
    minTotal: number;
    method: string;
    fallback: string | null;
    flagThreshold: number;
    weightSet: { name: { zh: string } } | null;
  };
  const row = (await query<Row[]>(page, 'cycles.list')).find((c) => c.year === YEAR);
  expect(row).toMatchObject({ cap: 4, minTotal: 550, method: 'consensus', fallback: 'median', flagThreshold: 20 });
  expect(row?.weightSet?.name.zh, 'the standard weight set').toMatch(/19580/);
  await expect(page.getByTestId('cycles-table')).toContainText('中位数');
  await expectNoRawKeys(page, 'cycles');
  await shot(page, 'empty-install-04-cycles');

  // The call for applications opens (Art. 14): the dates are set, so nothing stands in the way.
  await advance(page, 'call_for_applications', '发布申报公告', 'empty-install-05-preflight-call');
  await expect(page.locator('[data-phase-state="not-started"]').first()).toContainText('未开始');
  await context.close();
});

// ---------------------------------------------------------------------------------------------
// 3. Five applications: two by the form, three by the register import

test('empty install: two applications by the registration form, three by importing the register file', async ({ browser }) => {
  const { context, page } = await asAdmin(browser);
  for (const [i, a] of BY_FORM.entries()) {
    await page.goto(`/cycles/${YEAR}/applications`);
    await page.waitForSelector('[data-view="applications"]');
    await page.getByTestId('register-application').click();
    const dialog = page.getByTestId('register-dialog');
    await dialog.waitFor();
    await field(page, 'data-testid="register-name"').fill(a.name);
    await field(page, 'data-testid="register-uscc"').fill(a.uscc);
    await pickDate(page, '成立日期', '2010-05-18');
    await choose(page, 'register-sector', a.sector);
    await choose(page, 'register-district', a.district);
    await choose(page, 'register-channel', a.channel);
    await field(page, 'data-testid="register-recommender"').fill(a.recommender);
    // The cashmere company leaves two facts blank: to be supplemented, not vetoes (Art. 16).
    await answerFacts(page, '[data-testid="register-dialog"]', i === 1 ? LEFT_BLANK : []);
    if (i === 1) await shot(page, 'empty-install-06-register-form');
    await dialog.getByTestId('register-submit').click();
    // The new application's page opens.
    await page.waitForSelector('[data-view="application"]', { timeout: 30_000 });
    await expect(page.locator('.page-title')).toContainText(a.code, { timeout: 30_000 });
    ids.set(a.code, Number(/\/applications\/(\d+)/.exec(page.url())![1]));
  }
  // Blank facts read "to be supplemented", listed once, not as failures.
  await expect(page.getByTestId('to-supplement')).toBeVisible();
  expect(await page.locator('[data-testid="to-supplement"] [data-rule]').count()).toBe(LEFT_BLANK.length);
  await expect(page.getByTestId('eligibility-incomplete')).toContainText('待补充');
  await expectNoRawKeys(page, 'application with facts to supplement');
  await shot(page, 'empty-install-07-to-supplement');

  // The register file: the columns of the template the import page offers.
  await page.goto(`/data/import?cycle=${YEAR}&kind=applications`);
  await page.waitForSelector('[data-view="dataImport"]');
  const template = await downloadBy(page, () => page.getByTestId('template-applications').click());
  const wb = await workbookOf(template);
  const dataSheet = wb.worksheets.find((w) => !/说明|Instructions|清单|Lists/.test(w.name));
  present(dataSheet, 'the template has a data sheet');
  const header = rowsOf(dataSheet)[0] ?? [];
  const norm = (h: string) => h.replace(/[*＊\s]/g, '');
  const columns: Record<string, (a: Applicant) => string> = {
    年度: () => String(YEAR),
    申报编号: (a) => a.code,
    申报类型: () => '组织',
    名称: (a) => a.name,
    统一社会信用代码: (a) => a.uscc,
    行业: (a) => a.sectorId,
    旗区: (a) => a.district,
    申报渠道: (a) => a.channel,
    推荐单位: (a) => a.recommender,
    受理日期: () => TODAY,
    成立日期: () => '2008-03-09',
  };
  for (const name of Object.keys(columns))
    expect(
      header.some((h) => norm(h).startsWith(name)),
      `the template has the column ${name}`,
    ).toBe(true);
  // The yes/no facts: every organisation column of the template whose header names a fact.
  const FACTS: Record<string, boolean> = {
    在鄂尔多斯注册: true,
    独立法人: true,
    连续正常运营: true,
    具备资质许可: true,
    依法合规经营: true,
    实施卓越绩效管理: true,
    近3年行业领先: true,
    信用良好: true,
    不符合国家政策: false,
    缺少必需许可: false,
    近3年重大事故或违法: false,
    列入经营异常名录: false,
    近3年政府奖项弄虚作假: false,
    近3年严重税收社保违法: false,
    列入严重违法失信名单: false,
  };
  for (const name of Object.keys(FACTS))
    expect(
      header.some((h) => norm(h).startsWith(name)),
      `the template has the fact column ${name}`,
    ).toBe(true);
  const heads = [...Object.keys(columns), ...Object.keys(FACTS)];
  const file = csv([heads, ...BY_IMPORT.map((a) => heads.map((h) => (h in columns ? columns[h]!(a) : FACTS[h] ? '是' : '否')))]);
  expect(await importFile(page, 'applications', `${YEAR}-申报登记.csv`, file, 'empty-install-08-register-import')).toBe(3);

  await page.goto(`/cycles/${YEAR}/applications`);
  await page.waitForSelector('[data-view="applications"]');
  for (const a of [...BY_FORM, ...BY_IMPORT]) await expect(page.locator(`[data-app-code="${a.code}"]`)).toBeVisible({ timeout: 30_000 });
  const list = await query<{ id: number; code: string }[]>(page, 'applications.list', { year: YEAR });
  expect(list.map((a) => a.code).sort()).toEqual([...BY_FORM, ...BY_IMPORT].map((a) => a.code).sort());
  for (const a of list) ids.set(a.code, a.id);
  await expectNoRawKeys(page, 'applications');
  await shot(page, 'empty-install-09-applications');
  await context.close();
});

// ---------------------------------------------------------------------------------------------
// 4. Materials, the supplement, qualification

test('empty install: materials uploaded on an application, one confidential; a file that is not what it claims is refused', async ({ browser }) => {
  const { context, page } = await asAdmin(browser);
  await page.goto(`/applications/${ids.get(ENERGY.code)}`);
  await page.waitForSelector('[data-testid="material-upload"]', { timeout: 30_000 });
  await expect(page.getByTestId('materials-missing')).toBeVisible();
  // A text file named .pdf: refused by its content, with a Chinese reason, and nothing stored.
  await page.setInputFiles('[data-testid="material-file"]', { name: '申报表.pdf', mimeType: 'application/pdf', buffer: Buffer.from('这不是PDF文件', 'utf8') });
  await page.getByTestId('material-submit').click();
  await expect(page.getByTestId('material-error')).toBeVisible({ timeout: 30_000 });
  expect(await page.getByTestId('material-error').innerText()).toMatch(HAN);
  expect(await page.locator('[data-testid="material-files"] .el-table__body tr').count()).toBe(0);

  const uploads = [
    { name: '申报表.pdf', kind: '申报表', confidential: false },
    { name: '自我评价报告.pdf', kind: '自我评价报告', confidential: true },
  ];
  for (const u of uploads) {
    await page.setInputFiles('[data-testid="material-file"]', { name: u.name, mimeType: 'application/pdf', buffer: pdf(u.name) });
    await choose(page, 'material-kind', u.kind);
    const box = page.getByTestId('material-confidential');
    if ((await box.locator('input').isChecked()) !== u.confidential) await box.click();
    await page.getByTestId('material-submit').click();
    await expect(page.getByTestId('material-files')).toContainText(u.name.replace(/\.pdf$/, ''), { timeout: 30_000 });
  }
  await expect(page.locator('[data-testid="material-files"] [data-confidential]')).toHaveCount(1);
  await page.getByTestId('materials-card').scrollIntoViewIfNeeded();
  await expectNoRawKeys(page, 'materials');
  await shot(page, 'empty-install-10-materials');
  type Listing = { materials: { id: number; confidential: boolean }[] };
  const listing = await query<Listing>(page, 'applications.materials', { id: ids.get(ENERGY.code) });
  confidentialId = listing.materials.find((m) => m.confidential)!.id;
  publicId = listing.materials.find((m) => !m.confidential)!.id;
  await context.close();
});

test('empty install: the qualification review: one supplement notice, its arrival re-checks eligibility, four pass', async ({ browser }) => {
  const { context, page } = await asAdmin(browser);
  // Leaving the call while its closing date is still ahead is a warning that needs confirming.
  const warnings = await advance(page, 'qualification_review', '资格初审', 'empty-install-11-preflight-qualification');
  expect(warnings.length, 'the call period is still running').toBeGreaterThan(0);

  // The cashmere company: one supplement notice lists the missing materials and the blank facts.
  await page.goto(`/applications/${ids.get(CASHMERE.code)}`);
  await page.waitForSelector('[data-testid="qualification-card"]');
  await page.getByTestId('request-supplement').click();
  await page.getByTestId('supplement-submit').click();
  await page.waitForSelector('[data-testid="supplement-request"]', { timeout: 30_000 });
  await expect(page.getByTestId('qualification-status')).toHaveAttribute('data-status', 'supplement_requested');
  const notice = await page.getByTestId('qualification-card').innerText();
  expect(notice, 'the notice lists the blank facts').toMatch(/申报信息：.*诚信[\s\S]*申报信息：.*失信/);
  expect(notice, 'and a missing material').toMatch(/申报表/);
  await shot(page, 'empty-install-12-supplement-notice');
  // The supplement arrives: its facts are recorded and eligibility is checked again.
  await page.getByTestId('record-supplement').click();
  await page.waitForSelector('[data-testid="facts-dialog"]');
  await pickDate(page, '收到日期', TODAY);
  await answerFacts(page, '[data-testid="facts-dialog"]');
  await page.getByTestId('facts-submit').click();
  await expect(page.getByTestId('eligibility-status')).toHaveAttribute('data-status', 'eligible', { timeout: 30_000 });
  await expect(page.getByTestId('to-supplement')).toHaveCount(0);
  await expectNoRawKeys(page, 'supplement recorded');
  await shot(page, 'empty-install-13-supplement-recorded');

  // Four pass the qualification review; the logistics company waits (assigned by hand later).
  for (const a of [ENERGY, CASHMERE, COAL, TOURISM]) await qualify(page, a);
  await context.close();
});

/** Passes an application's qualification review (Art. 16), confirming past missing materials when asked. */
async function qualify(page: Page, a: Applicant): Promise<void> {
  await page.goto(`/applications/${ids.get(a.code)}`);
  await page.waitForSelector('[data-testid="eligibility-status"]', { timeout: 30_000 });
  if ((await page.getByTestId('eligibility-status').getAttribute('data-status')) !== 'eligible') {
    await page.getByTestId('recheck-eligibility').click();
    await expect(page.getByTestId('eligibility-status')).toHaveAttribute('data-status', 'eligible', { timeout: 30_000 });
  }
  await page.getByTestId('set-qualification').click();
  await choose(page, 'qualification-select', '资格初审通过');
  await page.getByTestId('qualification-submit').click();
  // Required materials missing: the product asks first.
  const box = page.locator('.el-message-box');
  const status = page.locator('[data-testid="qualification-status"][data-status="qualified"]');
  await Promise.race([box.waitFor({ timeout: 30_000 }), status.waitFor({ timeout: 30_000 })]);
  if (await box.isVisible()) {
    expect(await box.innerText()).toMatch(/自我评价报告|申报表|营业执照/);
    if (a === COAL) await shot(page, 'empty-install-14-qualify-confirm');
    await confirmBox(page);
  }
  await status.waitFor({ timeout: 30_000 });
}

// ---------------------------------------------------------------------------------------------
// 5. Review groups, automatic and hand assignment, a recusal

test('empty install: two review groups, automatic assignment that avoids the conflicted examiner, a leftover by hand', async ({ browser }) => {
  const { context, page } = await asAdmin(browser);
  await page.goto(`/cycles/${YEAR}/groups`);
  await page.waitForSelector('[data-view="groups"]');
  await expect(page.getByTestId('groups-none')).toBeVisible({ timeout: 30_000 });
  for (const [name, members, leader] of [
    [GROUP_A, ['李评审', '王评审'], '李评审'],
    [GROUP_B, ['张评审', '陈评审'], '张评审'],
  ] as const) {
    await page.getByTestId('groups-create').click();
    const form = page.getByTestId('group-form');
    await form.waitFor();
    await field(page, 'data-testid="group-name"').fill(name);
    await page.getByTestId('group-members').click();
    for (const m of members) {
      await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: m }).first().click();
    }
    await field(page, 'data-testid="group-name"').click(); // closes the dropdown
    await choose(page, 'group-leader', leader);
    if (name === GROUP_A) await shot(page, 'empty-install-15-group-form');
    await form.getByTestId('group-save').click();
    await expect(form).toBeHidden({ timeout: 30_000 });
    await expect(page.locator('[data-view="groups"]')).toContainText(name, { timeout: 30_000 });
  }

  // Automatic assignment: a plan with the reason for each choice, the conflicted member's group avoided.
  await page.getByTestId('groups-auto').click();
  const dialog = page.getByTestId('groups-auto-dialog');
  await dialog.getByTestId('groups-auto-message').waitFor({ timeout: 30_000 });
  const plan = dialog.getByTestId('groups-auto-plan');
  const coalRow = plan.locator('.el-table__body tr').filter({ hasText: COAL.code });
  await expect(coalRow).toContainText(GROUP_A);
  await expect(coalRow).toContainText('陈评审');
  await expect(coalRow).toContainText('第24条');
  expect(await plan.locator('.el-table__body tr').count(), 'the four qualified applications').toBe(4);
  for (const text of await plan.locator('.el-table__body tr').allInnerTexts()) expect(text, 'each choice explained in Chinese').toMatch(HAN);
  await expectNoRawKeys(page, 'automatic assignment');
  await shot(page, 'empty-install-16-auto-assign-plan');
  await dialog.getByTestId('groups-auto-apply').click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  let list = await groupsOf(page);
  expect(groupOfApp(list, COAL.code).name.zh).toBe(GROUP_A);
  expect(list.groups.map((g) => g.applications.length).sort((x, y) => x - y)).toEqual([2, 2]);

  // The logistics company passes now, after the automatic assignment: a leftover, assigned by hand.
  await qualify(page, LOGISTICS);
  await page.goto(`/cycles/${YEAR}/groups`);
  await page.waitForSelector('[data-testid="groups-unassigned"]');
  const leftover = page.locator('[data-testid="groups-unassigned"] .el-table__body tr').filter({ hasText: LOGISTICS.code });
  await leftover.waitFor({ timeout: 30_000 });
  await choose(page, `assign-${LOGISTICS.code}`, GROUP_B);
  await leftover.locator('.el-button--primary').click();
  await expect(page.locator('[data-testid="groups-unassigned"]')).not.toContainText(LOGISTICS.code, { timeout: 30_000 });
  list = await groupsOf(page);
  expect(groupOfApp(list, LOGISTICS.code).name.zh).toBe(GROUP_B);
  expect(list.unassigned.filter((u) => u.ready)).toEqual([]);
  await expectNoRawKeys(page, 'groups');
  await shot(page, 'empty-install-17-groups');
  await context.close();
});

test('empty install: an examiner declares a conflict after assignment and is out of that application', async ({ browser }) => {
  const { context, page } = await asAdmin(browser);
  const group = groupOfApp(await groupsOf(page), ENERGY.code);
  const member = group.members.find((m) => !m.leader)!;
  await page.goto(`/applications/${ids.get(ENERGY.code)}`);
  await page.waitForSelector('[data-testid="recusals"]', { timeout: 30_000 });
  await expect(page.getByTestId('materials-card')).toBeVisible();
  await page.getByTestId('declare-conflict').click();
  await choose(page, 'declare-examiner', member.name.zh);
  await page
    .locator('[data-testid="declare-reason"] textarea, textarea[data-testid="declare-reason"]')
    .first()
    .fill('本人近亲属在该申报单位任职，主动申请回避');
  await page.getByTestId('declare-submit').click();
  await expect(page.getByTestId('recusals')).toContainText(member.name.zh, { timeout: 30_000 });
  await page.getByTestId('recusals').scrollIntoViewIfNeeded();
  await expectNoRawKeys(page, 'recusal');
  await shot(page, 'empty-install-18-recusal');

  // The groups page shows the member recused from that one application, which has one scorer left.
  await page.goto(`/cycles/${YEAR}/groups`);
  const row = page.locator(`[data-group="${group.id}"] .el-table__body tr`).filter({ hasText: ENERGY.code });
  await expect(row).toContainText(member.name.zh, { timeout: 30_000 });
  const app = groupOfApp(await groupsOf(page), ENERGY.code).applications.find((a) => a.code === ENERGY.code)!;
  expect(app.recused.map((r) => r.examinerId)).toEqual([member.examinerId]);
  expect(app.scoringMembers).toBe(group.members.length - 1);
  await context.close();
});

// ---------------------------------------------------------------------------------------------
// 6. The material review: desks, materials, scores

test('empty install: the material review opens past its warnings; examiners find their sheets and materials', async ({ browser }) => {
  const admin = await asAdmin(browser);
  // The review starts today (Art. 17): the date on the cycle's timeline sets the examiners' deadline.
  await admin.page.goto(`/cycles/${YEAR}`);
  await admin.page.getByTestId('edit-dates').click();
  const reviewStarts = admin.page.locator('[data-date="reviewStarts"] input');
  await reviewStarts.click();
  await reviewStarts.fill(TODAY);
  await reviewStarts.press('Enter');
  await admin.page.getByTestId('save-dates').click();
  await expect(admin.page.getByTestId('save-dates')).toBeHidden({ timeout: 30_000 });
  await expect
    .poll(async () => (await query<{ dates: { reviewStarts: string | null } }>(admin.page, 'cycles.get', { year: YEAR })).dates.reviewStarts, {
      timeout: 30_000,
    })
    .toBe(TODAY);
  const warnings = await advance(admin.page, 'material_review', '材料评审', 'empty-install-19-preflight-material');
  expect(warnings, 'qualified applications without their required materials').toContain('materials_missing');
  const list = await groupsOf(admin.page);
  const energyGroup = groupOfApp(list, ENERGY.code);
  const leader = energyGroup.members.find((m) => m.leader)!;
  const recused = energyGroup.members.find((m) => !m.leader)!;
  const other = list.groups.find((g) => g.id !== energyGroup.id)!.members[0]!;
  const userOf = (name: string) => PEOPLE.find((p) => p.displayName === name)!.username;

  // The leader of the energy company's group: the sheet with both materials beside it.
  const lead = await asPerson(browser, userOf(leader.name.zh));
  await lead.page.waitForSelector('[data-testid="assignments"]', { timeout: 30_000 });
  await expect(lead.page.getByTestId('desk-cycles')).toContainText(String(YEAR));
  // The deadline that applies: 20 working days from the start of the review (Art. 17).
  await expect(lead.page.getByTestId('desk-cycles')).toContainText(/最迟 .+ 结束/);
  await expect(lead.page.getByTestId('examiner-name')).toContainText(leader.name.zh);
  await expectNoRawKeys(lead.page, 'examiner desk');
  await shot(lead.page, 'empty-install-20-examiner-desk');
  await lead.page.click(`[data-open="${ids.get(ENERGY.code)}-material"]`);
  const materials = lead.page.getByTestId('desk-materials');
  await expect(materials.locator(`[data-material="${confidentialId}"]`)).toContainText('自我评价报告', { timeout: 30_000 });
  await expect(materials.locator(`[data-download="${confidentialId}"]`)).toBeVisible();
  const allowed = await lead.page.request.get(`/api/applications/${ids.get(ENERGY.code)}/materials/${confidentialId}`);
  expect(allowed.status(), 'the assigned examiner reads the confidential file').toBe(200);
  await expectNoRawKeys(lead.page, 'score sheet');
  await shot(lead.page, 'empty-install-21-desk-materials');
  await lead.context.close();

  // The recused member no longer has the application, and may not read its confidential file.
  const out = await asPerson(browser, userOf(recused.name.zh));
  await out.page.waitForSelector('[data-testid="assignments"], [data-testid="desk-cycles"]', { timeout: 30_000 });
  const mine = await query<{ code: string }[]>(out.page, 'scoring.myAssignments');
  expect(mine.map((a) => a.code)).not.toContain(ENERGY.code);
  expect((await out.page.request.get(`/api/applications/${ids.get(ENERGY.code)}/materials/${confidentialId}`)).status()).toBe(403);
  await out.context.close();
  // Nor may an examiner of the other group, nor the leadership, who sees it withheld.
  const stranger = await asPerson(browser, userOf(other.name.zh));
  expect((await stranger.page.request.get(`/api/applications/${ids.get(ENERGY.code)}/materials/${confidentialId}`)).status()).toBe(403);
  await stranger.context.close();
  const boss = await asPerson(browser, 'zhao.leader');
  await boss.page.goto(`/applications/${ids.get(ENERGY.code)}`);
  await expect(boss.page.locator('[data-testid="material-files"] [data-withheld]')).toHaveCount(1, { timeout: 30_000 });
  expect((await boss.page.request.get(`/api/applications/${ids.get(ENERGY.code)}/materials/${confidentialId}`)).status()).toBe(403);
  expect((await boss.page.request.get(`/api/applications/${ids.get(ENERGY.code)}/materials/${publicId}`)).status()).toBe(200);
  await boss.page.getByTestId('materials-card').scrollIntoViewIfNeeded();
  await shot(boss.page, 'empty-install-22-leadership-withheld');
  await boss.context.close();
  await admin.context.close();
});

test('empty install: the group leader scores a sheet item by item on the desk; the other sheets arrive through the score import', async ({ browser }) => {
  const admin = await asAdmin(browser);
  const list = await groupsOf(admin.page);
  const coalGroup = groupOfApp(list, COAL.code);
  const leader = coalGroup.members.find((m) => m.leader)!;
  const username = PEOPLE.find((p) => p.displayName === leader.name.zh)!.username;

  // Through the desk: every item of the coal company's sheet, then submit.
  const lead = await asPerson(browser, username);
  await lead.page.waitForSelector('[data-testid="assignments"]', { timeout: 30_000 });
  await lead.page.click(`[data-open="${ids.get(COAL.code)}-material"]`);
  await lead.page.waitForSelector('[data-testid="sheet"]', { timeout: 30_000 });
  const items = await lead.page.locator('[data-testid="sheet"] [data-item]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.item ?? ''));
  expect(items.length, 'the 23 items of GB/T 19580-2012').toBe(23);
  itemIds = items;
  for (const item of items) await typeNumber(lead.page, `data-item="${item}"`, 65);
  await lead.page
    .locator(`textarea[data-comment="${items[0]}"], [data-comment="${items[0]}"] textarea`)
    .first()
    .fill('领导作用描述充分，但对战略的部署与评价证据不足。');
  await expect(lead.page.getByTestId('submit-sheet')).toBeEnabled();
  await shot(lead.page, 'empty-install-23-sheet-filled');
  await lead.page.getByTestId('submit-sheet').click();
  await confirmBox(lead.page);
  await expect(lead.page.getByTestId('sheet-status')).toHaveAttribute('data-status', 'submitted', { timeout: 30_000 });
  // Before the material review ends, no other examiner's scores and no panel figure.
  await expect(lead.page.getByTestId('comparison-pending')).toBeVisible({ timeout: 30_000 });
  await lead.context.close();

  // The rest through the score import: the template of the cycle lists the examiner codes.
  await admin.page.goto(`/data/import?cycle=${YEAR}`);
  await admin.page.waitForSelector('[data-view="dataImport"]');
  const template = await downloadBy(admin.page, () => admin.page.getByTestId('template-scores').click());
  const wb = await workbookOf(template);
  const lists = wb.worksheets.find((w) => /清单|Lists/.test(w.name));
  present(lists, 'the template has its lists');
  const cells = rowsOf(lists);
  const col = (re: RegExp) => (cells[0] ?? []).findIndex((h) => re.test(h ?? ''));
  const codeCol = col(/评审员编号/);
  const nameCol = col(/评审员姓名/);
  const itemCol = col(/^条款 Item/);
  expect(codeCol >= 0 && nameCol >= 0 && itemCol >= 0, 'the lists carry items and examiner codes').toBe(true);
  const codeOf = new Map(cells.slice(1).map((r) => [r[nameCol] ?? '', r[codeCol] ?? '']));
  expect(
    cells
      .slice(1)
      .map((r) => r[itemCol] ?? '')
      .filter(Boolean),
  ).toEqual(items);
  const rows: (string | number)[][] = [['年度', '申报编号', '评审员编号', '评审员姓名', '评审阶段', '条款', '得分百分比', '评语']];
  for (const g of list.groups) {
    for (const a of g.applications) {
      for (const m of g.members) {
        if (a.recused.some((r) => r.examinerId === m.examinerId)) continue;
        if (a.code === COAL.code && m.leader) continue; // scored on the desk above
        const code = codeOf.get(m.name.zh);
        present(code, `the template lists ${m.name.zh}`);
        for (const item of items) {
          // The coal company's other member disagrees on the first item (a range of 30 ≥ the threshold of 20).
          const percent = a.code === COAL.code && item === items[0] ? 95 : m.leader ? 70 : 60;
          rows.push([YEAR, a.code, code, m.name.zh, '材料评审', item, percent, item === items[0] ? '材料翔实' : '']);
        }
      }
    }
  }
  const added = await importFile(admin.page, 'scores', `${YEAR}-材料评审评分.csv`, csv(rows), 'empty-install-24-score-import');
  expect(added).toBe(rows.length - 1);
  await admin.context.close();
});

// ---------------------------------------------------------------------------------------------
// 7. Consensus by the group leader

test('empty install: the group leader records a consensus with a reason; the other examiner sees no one else’s scores', async ({ browser }) => {
  const admin = await asAdmin(browser);
  const coalGroup = groupOfApp(await groupsOf(admin.page), COAL.code);
  const userOf = (name: string) => PEOPLE.find((p) => p.displayName === name)!.username;
  const leader = coalGroup.members.find((m) => m.leader)!;
  const member = coalGroup.members.find((m) => !m.leader)!;
  await admin.context.close();

  // The other member: their own sheet only; the panel's figures and the agenda stay closed.
  const other = await asPerson(browser, userOf(member.name.zh));
  await other.page.waitForSelector('[data-testid="assignments"]', { timeout: 30_000 });
  await other.page.click(`[data-open="${ids.get(COAL.code)}-material"]`);
  await expect(other.page.getByTestId('sheet-status')).toHaveAttribute('data-status', 'submitted', { timeout: 30_000 });
  await expect(other.page.getByTestId('comparison-pending')).toBeVisible({ timeout: 30_000 });
  const peek = await other.page.evaluate(async (year) => {
    const r = await fetch(`/trpc/scoring.consensusAgenda?input=${encodeURIComponent(JSON.stringify({ year }))}`, { credentials: 'include' });
    return r.status;
  }, YEAR);
  expect(peek, 'a member who does not lead the group cannot open its consensus agenda').toBeGreaterThanOrEqual(400);
  await shot(other.page, 'empty-install-25-member-independent');
  await other.context.close();

  // The leader: the agenda holds the item the two disagree on; a consensus with a reason.
  const lead = await asPerson(browser, userOf(leader.name.zh));
  await lead.page.goto('/consensus');
  await lead.page.waitForSelector('[data-testid="consensus-items"]', { timeout: 30_000 });
  const appId = ids.get(COAL.code)!;
  await expect(lead.page.locator(`[data-testid="consensus-applications"] [data-open="true"]`).first()).toBeVisible({ timeout: 30_000 });
  const record = lead.page.locator(`[data-record^="${appId}-"]`).first();
  await record.waitFor({ timeout: 30_000 });
  await expectNoRawKeys(lead.page, 'consensus agenda');
  await shot(lead.page, 'empty-install-26-consensus-agenda');
  await record.click();
  await typeNumber(lead.page, 'data-testid="consensus-percent"', 70);
  await lead.page
    .locator('[data-testid="consensus-reason"] textarea, textarea[data-testid="consensus-reason"]')
    .first()
    .fill('经组内评议，现场证据支持中等偏上水平，取 70%');
  await lead.page.getByTestId('save-consensus').click();
  await expect(lead.page.getByTestId('before-after').first()).toContainText('70%', { timeout: 30_000 });
  await expect(lead.page.getByTestId('consensus-items')).toContainText('经组内评议');
  await shot(lead.page, 'empty-install-27-consensus-recorded');
  await lead.context.close();
});

// ---------------------------------------------------------------------------------------------
// 8. On-site review and its end

test('empty install: on-site candidates chosen; only their on-site sheets open; the cycle reaches the end of the on-site review', async ({ browser }) => {
  const { context, page } = await asAdmin(browser);
  const chosen = [COAL, TOURISM];
  await page.goto(`/consensus?year=${YEAR}&tab=onsite`);
  await page.waitForSelector('[data-testid="onsite-candidates"]', { timeout: 30_000 });
  for (const a of chosen) await page.locator(`[data-onsite="${ids.get(a.code)}"]`).check();
  await page.getByTestId('save-onsite').click();
  await expect
    .poll(async () => (await query<{ selected: { applicationId: number }[] }>(page, 'scoring.onsiteSelection', { year: YEAR })).selected.length, {
      timeout: 30_000,
    })
    .toBe(2);
  await expectNoRawKeys(page, 'on-site list');
  await shot(page, 'empty-install-28-onsite-selection');

  await advance(page, 'onsite_review', '现场评审', 'empty-install-29-preflight-onsite');

  // An examiner of the coal company's group: its on-site sheet opens, the energy company's does not.
  const list = await groupsOf(page);
  const coalGroup = groupOfApp(list, COAL.code);
  const leader = coalGroup.members.find((m) => m.leader)!;
  const lead = await asPerson(browser, PEOPLE.find((p) => p.displayName === leader.name.zh)!.username);
  await lead.page.waitForSelector('[data-testid="assignments"]', { timeout: 30_000 });
  await expect(lead.page.locator(`[data-open="${ids.get(COAL.code)}-onsite"]`)).toBeVisible({ timeout: 30_000 });
  type A = { applicationId: number; code: string; onsiteSelected: boolean; openStage: string | null };
  const mine = await query<A[]>(lead.page, 'scoring.myAssignments');
  for (const a of mine.filter((x) => x.code.startsWith(`${YEAR}-`))) {
    const selected = chosen.some((c) => c.code === a.code);
    expect(a.onsiteSelected, `${a.code} on-site`).toBe(selected);
    if (!selected) await expect(lead.page.locator(`[data-open="${a.applicationId}-onsite"]`)).toHaveCount(0);
  }
  await shot(lead.page, 'empty-install-30-desk-onsite');
  await lead.context.close();

  // The on-site sheets of the chosen candidates through the score import.
  const rows: (string | number)[][] = [['年度', '申报编号', '评审员编号', '评审阶段', '条款', '得分百分比']];
  const items = itemIds;
  expect(items.length).toBe(23);
  for (const a of chosen) {
    const g = groupOfApp(list, a.code);
    const app = g.applications.find((x) => x.code === a.code)!;
    for (const m of g.members) {
      if (app.recused.some((r) => r.examinerId === m.examinerId)) continue;
      for (const item of items) rows.push([YEAR, a.code, `E${m.examinerId}`, '现场评审', item, 70]);
    }
  }
  await importFile(page, 'scores', `${YEAR}-现场评审评分.csv`, csv(rows), 'empty-install-31-onsite-import');

  // The end of the on-site review: the cycle moves to the public comment (Art. 18).
  await advance(page, 'public_comment', '公开征求意见', 'empty-install-32-preflight-public-comment');
  await page.locator('[data-phase-state="done"]').first().waitFor();
  expect(await page.locator('[data-phase-state="done"]').count()).toBe(5);
  // The timeline: the public notice (Art. 21), with no date yet, reads "not started", not "in progress".
  const notice = page.locator('[data-testid="timeline"] .el-table__row').filter({ has: page.locator('[data-deadline="public_notice"]') });
  await expect(notice).toContainText('未开始');
  await expect(notice).not.toContainText('进行中');
  await shot(page, 'empty-install-33-onsite-done');
  await context.close();
});

// ---------------------------------------------------------------------------------------------
// 9. The audit trail in words

test('empty install: the audit log names every action of the cycle in words, in Chinese and English', async ({ browser }) => {
  const { context, page } = await asAdmin(browser);
  await page.goto('/audit');
  await page.waitForSelector('[data-view="audit"]');
  await page.waitForSelector('[data-testid="audit"] [data-action]', { timeout: 30_000 });
  // Show the whole trail of this installation.
  await page.getByTestId('audit-apply').click();
  const shown = async () =>
    page.$$eval('[data-testid="audit"] [data-action]', (els) =>
      els.map((e) => ({ action: (e as HTMLElement).dataset.action ?? '', text: (e as HTMLElement).innerText.trim() })),
    );
  const zh = await shown();
  const actions = new Set(zh.map((r) => r.action));
  for (const expected of [
    'user.create',
    'cycle.create',
    'cycle.updateSettings',
    'cycle.advancePhase',
    'application.create',
    'reviewGroup.create',
    'material.upload',
    'consensus.record',
    'onsite.select',
  ]) {
    expect(actions, `the trail holds ${expected}`).toContain(expected);
  }
  const raw = zh.filter((r) => r.text === r.action || !HAN.test(r.text)).map((r) => r.action);
  expect([...new Set(raw)], 'every action is named in Chinese').toEqual([]);
  const entities = await page.$$eval('[data-testid="audit"] [data-entity]', (els) =>
    els.map((e) => ({ entity: (e as HTMLElement).dataset.entity ?? '', text: (e as HTMLElement).innerText })),
  );
  expect([...new Set(entities.filter((e) => !HAN.test(e.text)).map((e) => e.entity))], 'every kind of record is named in Chinese').toEqual([]);
  // The phases are named, not shown as stored ids.
  const lastAdvance = page
    .locator('[data-testid="audit"] .el-table__row')
    .filter({ has: page.locator('[data-action="cycle.advancePhase"]') })
    .first();
  await expect(lastAdvance).toContainText('现场评审');
  await expect(lastAdvance).toContainText('公开征求意见');
  expect(await lastAdvance.innerText()).not.toMatch(/onsite_review|public_comment/);
  await shot(page, 'empty-install-34-audit');

  await page.click('[data-testid="lang-switch"] [data-lang="en"]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const en = await shown();
  expect([...new Set(en.filter((r) => r.text === r.action || HAN.test(r.text)).map((r) => r.action))], 'every action is named in English').toEqual([]);
  await expect(lastAdvance).toContainText('Public comment');
  await shot(page, 'empty-install-35-audit-en');
  await page.click('[data-testid="lang-switch"] [data-lang="zh-CN"]');
  await context.close();
});
