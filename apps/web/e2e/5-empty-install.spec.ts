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
 * action in words.
 *
 * The second half, on the same install (Art. 18–23, 27–30): the secretariat publishes the
 * results for comment (the notice holds the names, the 20-day period and Art. 18; the .docx
 * downloaded is the one whose SHA-256 is stored), records three comments and decides them
 * (upheld, rejected, noted, each with its reason), proposes a shortlist that leaves out the
 * candidate the upheld comment concerns (a reason for each departure), sets the quorum rule and
 * opens the meeting with three members; two committee members vote in the dashboard (neither
 * sees the other's votes before the close), the secretariat records the third's paper vote and
 * closes the meeting; the proposed list goes on notice for 7 working days; an objection against a
 * candidate on the notice is upheld (cancelled with its reason, no longer proposed); the approved
 * list is granted with the approval date, certificate and plaque numbers and a payment date;
 * a year of indicators is entered (an implausible value refused with its range), a 一般 and a
 * 较大 incident reported (the latter opens a revocation review), one award revoked under Art. 28
 * with its date, decision number and public notice, a misuse of the title reported and handled;
 * the audit log names all of it in Chinese and leadership reads the follow-up without a write
 * button. Weeks and months pass in between: the install is started again later in the cycle
 * (MQA_CLOCK_OFFSET_DAYS), the browsers' clocks moved with it.
 *
 * A screenshot of each step goes to e2e/screenshots/ (empty-install-*.png).
 *
 * The steps run in order on one server of their own (a serial group); the API is only read to
 * assert what the dashboard did (and to try what a role may not do), never to make a change.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Download, Page } from '@playwright/test';
import { expect, field, HAN, present, query, shot, test, viewIs, VIEWPORT } from './fixtures.ts';
import { addWorkingDays, CalendarNotCoveredError } from '@mqa/rules';
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
  // Votes on paper at the meeting: the secretariat records it on the member's behalf (Art. 20).
  { username: 'sun.committee', displayName: '孙委员', role: 'committee' },
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

/** Whether the 20 working days of the review (Art. 17) from `start` can be counted on the product's holiday calendar. */
function reviewDeadlineCountable(start: string): boolean {
  try {
    addWorkingDays(start, 20);
    return true;
  } catch (error) {
    if (error instanceof CalendarNotCoveredError) return false;
    throw error;
  }
}

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
  // Later in the cycle (see laterInTheCycle) the browser's clock shows the server's day.
  if (serverToday !== TODAY) await context.clock.install({ time: Date.now() + daysBetween(TODAY, serverToday) * 86_400_000 });
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
  const leftover = page.locator('[data-testid="groups-unassigned"] tbody tr').filter({ hasText: LOGISTICS.code });
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
  const row = page.locator(`[data-group="${group.id}"] tbody tr`).filter({ hasText: ENERGY.code });
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
  // The deadline that applies: 20 working days from the start of the review (Art. 17), counted on
  // the State Council's holiday arrangement. Late in a year it falls in the next one, whose
  // arrangement may not be in the calendar yet: then the desk says so instead of guessing.
  if (reviewDeadlineCountable(TODAY)) await expect(lead.page.getByTestId('desk-cycles')).toContainText(/最迟 .+ 结束/);
  else await expect(lead.page.getByTestId('desk-cycles')).toContainText(/最迟结束日期暂无法计算：\d{4} 年的国务院节假日安排尚未收录/);
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

// ---------------------------------------------------------------------------------------------
// 10. The second half of the cycle (Art. 18–23, 27–30), weeks and months later
//
// The steps of a real cycle lie weeks apart, and the product refuses a date still to come (an
// approval, a payment, an incident, a revocation). So the same install is stopped and started
// again later in the cycle: `pnpm start` on the same database with MQA_CLOCK_OFFSET_DAYS, and
// the browser's clock moved to the same day.

/** `n` days after the ISO date `iso`. */
function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
const laterOf = (a: string, b: string) => (a > b ? a : b);
/** How the notices write a date: 2026年12月2日. */
const cnDate = (iso: string) => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
/** A date the dashboard shows (2026-12-02 or 2026年12月2日) as ISO. */
function isoOf(shown: string): string {
  const m = /(\d{4})\D+(\d{1,2})\D+(\d{1,2})/.exec(shown);
  present(m, `a date in "${shown}"`);
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/**
 * The first day of the comment period. The 7 working days of the notice (Art. 21) that follows
 * it and the meeting are counted on the State Council's holiday arrangement, which the product's
 * calendar holds up to the year before the cycle's: the notice must end by 31 December, so the
 * results went up on 1 December at the latest (recorded in the dashboard today).
 */
const COMMENT_STARTS = TODAY < `${YEAR - 1}-12-01` ? TODAY : `${YEAR - 1}-12-01`;
/** The server's (and the browsers') day: TODAY until the install is started again later. */
let serverToday = TODAY;
/** Filled as the second half goes. */
const dates = { commentStarts: '', commentEnds: '', meeting: '', noticeStarts: '', noticeEnds: '', approval: '' };

/** Stops the install and starts it again on the same database, its clock on `day`. */
async function laterInTheCycle(day: string): Promise<void> {
  const old = server.base;
  server.stop();
  // The old process is gone before the new one opens the database.
  await expect
    .poll(
      async () => {
        try {
          await fetch(new URL('/healthz', old));
          return 'up';
        } catch {
          return 'down';
        }
      },
      { timeout: 60_000 },
    )
    .toBe('down');
  server = await startProcess('start', dataDir, process.env.MQA_E2E_WEB_DIST!, { MQA_CLOCK_OFFSET_DAYS: String(daysBetween(TODAY, day)) });
  serverToday = day;
}

/** Types a date into the Element Plus date picker inside the element marked `testId` within `scope`. */
async function typeDate(scope: Page | ReturnType<Page['locator']>, testId: string, date: string): Promise<void> {
  const input = scope.locator(`[data-testid="${testId}"] input`).first();
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

/** The option `text` of the Element Plus select `select` (single or multiple). */
async function pick(page: Page, select: ReturnType<Page['locator']>, text: string | RegExp): Promise<void> {
  await select.click();
  const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: text }).first();
  await option.waitFor({ state: 'visible', timeout: 15_000 });
  await option.click();
}

type Ranked = { applicationId: number; code: string; rank: number | null; status: string; name: { zh: string } };
async function rankingOf(page: Page): Promise<Ranked[]> {
  const r = await query<{ candidates: Ranked[] }>(page, 'decisions.ranking', { year: YEAR });
  return r.candidates.filter((c) => c.rank !== null && c.status === 'active').sort((a, b) => a.rank! - b.rank!);
}
const CONTACT = '鄂尔多斯市市场监督管理局质量发展科，电话 0477-8581234';
const nameOf = (code: string) => [...BY_FORM, ...BY_IMPORT].find((a) => a.code === code)!.name;
/** Filled as the second half goes. */
let shortlist: Ranked[] = [];
let objected: Ranked | null = null;

test('empty install: the secretariat publishes the results for comment (Art. 18); the notice holds the names, the 20-day period and the article; the .docx is the stored one', async ({
  browser,
}) => {
  const { context, page } = await asAdmin(browser);
  await page.goto(`/cycles/${YEAR}/publication`);
  await viewIs(page, 'publication');
  const results = page.getByTestId('publish-results');
  await expect(results.getByTestId('period-minimum')).toContainText('20');
  // A period shorter than 20 days is refused with the rule's words before anything is sent.
  await typeDate(results, 'publish-starts', COMMENT_STARTS);
  await typeDate(results, 'publish-ends', addDays(COMMENT_STARTS, 10));
  await results.locator('[data-testid="publish-contact"] input, input[data-testid="publish-contact"]').first().fill(CONTACT);
  await expect(results.getByTestId('period-check')).toHaveAttribute('data-ok', 'false');
  await expect(results.getByTestId('period-check')).toContainText('第18条要求不少于20日');
  await expect(results.getByTestId('publish-submit')).toBeDisabled();
  // The earliest end the form gives is accepted.
  const earliest = isoOf(await results.getByTestId('publish-earliest').innerText());
  expect(daysBetween(COMMENT_STARTS, earliest), 'at least 20 days, the first day included').toBeGreaterThanOrEqual(19);
  await typeDate(results, 'publish-ends', earliest);
  await expect(results.getByTestId('period-check')).toHaveAttribute('data-ok', 'true');
  await expectNoRawKeys(page, 'results publication form');
  await shot(page, 'empty-install-36-results-form');
  await results.getByTestId('publish-submit').click();
  const row = results.getByTestId('publications-results').locator('.el-table__body tr').first();
  await expect(row).toContainText('评审结果', { timeout: 30_000 });
  dates.commentStarts = COMMENT_STARTS;
  dates.commentEnds = earliest;

  // What the API stored: the ranked candidates, the period, the article; the file's hash.
  type Pub = { id: number; kind: string; startsOn: string; endsOn: string; sha256: string; url: string; entries: { code: string }[] };
  const [pub] = await query<Pub[]>(page, 'publications.list', { year: YEAR });
  present(pub, 'the results list is stored');
  expect(pub).toMatchObject({ kind: 'results', startsOn: COMMENT_STARTS, endsOn: earliest });
  const ranked = await rankingOf(page);
  expect(pub.entries.map((e) => e.code)).toEqual(ranked.map((r) => r.code));
  const download = await downloadBy(page, () => row.getByTestId('publication-download').click());
  const bytes = fs.readFileSync(await download.path());
  expect(createHash('sha256').update(bytes).digest('hex'), 'the .docx downloaded is the one stored').toBe(pub.sha256);
  expect(await row.locator('[data-sha]').getAttribute('data-sha')).toBe(pub.sha256);
  expect(download.suggestedFilename()).toMatch(/\.docx$/);
  await expectNoRawKeys(page, 'results published');
  await shot(page, 'empty-install-37-results-published');

  // The printable notice: every listed name, the period in words and Art. 18.
  const print = await context.newPage();
  await print.goto(`/publications/${pub.id}/print`);
  await viewIs(print, 'noticePrint');
  const sheet = print.getByTestId('notice-sheet');
  await expect(sheet).toContainText('第十八条');
  for (const r of ranked) await expect(sheet).toContainText(nameOf(r.code));
  await expect(sheet).toContainText(cnDate(COMMENT_STARTS));
  await expect(sheet).toContainText(cnDate(earliest));
  await expectNoRawKeys(print, 'results notice');
  await shot(print, 'empty-install-38-results-notice');
  await context.close();
});

test('empty install: three weeks later the comments are recorded and decided with reasons; the shortlist departs from the ranking with a reason', async ({
  browser,
}) => {
  // The comment period is over: the install runs on the day after it.
  await laterInTheCycle(addDays(dates.commentEnds, 1));
  const { context, page } = await asAdmin(browser);
  await page.goto(`/cycles/${YEAR}/publication`);
  await viewIs(page, 'publication');
  const ranked = await rankingOf(page);
  expect(ranked.length, 'candidates in the running').toBeGreaterThanOrEqual(3);
  // A comment on the second candidate is upheld: it is left off the shortlist (a departure).
  objected = null;
  const comments: { on: Ranked | null; received: string; body: string; outcome: 'upheld' | 'rejected' | 'noted'; reason: string }[] = [
    {
      on: ranked[1]!,
      received: addDays(dates.commentStarts, 2),
      body: '反映该单位近期产品抽检不合格且未整改。',
      outcome: 'upheld',
      reason: '经核实，抽检不合格属实，整改尚未完成。',
    },
    {
      on: ranked[0]!,
      received: addDays(dates.commentStarts, 4),
      body: '反映该单位申报数据有误。',
      outcome: 'rejected',
      reason: '经核对原始凭证，申报数据无误。',
    },
    { on: null, received: addDays(dates.commentStarts, 6), body: '建议今后公示时附上各候选的简介。', outcome: 'noted', reason: '建议已记录，供下届参考。' },
  ];
  for (const c of comments) {
    await page.getByTestId('comment-add').click();
    const dialog = page.locator('.el-dialog:visible');
    await typeDate(dialog, 'comment-received', c.received);
    if (c.on) await pick(page, dialog.locator('[data-testid="comment-app"]'), c.on.code);
    await dialog.locator('[data-testid="comment-body"] textarea, textarea[data-testid="comment-body"]').first().fill(c.body);
    await dialog.getByTestId('comment-add-submit').click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });
    const row = page.locator('[data-testid="comments"] .el-table__row').filter({ hasText: c.body });
    await expect(row.locator('[data-outcome="open"]')).toBeVisible({ timeout: 30_000 });
  }
  for (const c of comments) {
    const row = page.locator('[data-testid="comments"] .el-table__row').filter({ hasText: c.body });
    await row.getByTestId('comment-decide').click();
    const decide = page.locator('.el-dialog:visible');
    await decide.locator(`[data-outcome="${c.outcome}"]`).click();
    await decide.locator('[data-testid="comment-reason"] textarea, textarea[data-testid="comment-reason"]').first().fill(c.reason);
    await decide.getByTestId('comment-decide-submit').click();
    await expect(decide).toBeHidden({ timeout: 30_000 });
    await expect(row.locator(`[data-outcome="${c.outcome}"]`)).toBeVisible({ timeout: 30_000 });
    await expect(row).toContainText(c.reason);
    await expect(row).toContainText('管理员');
  }
  await page.getByTestId('comments-panel').scrollIntoViewIfNeeded();
  await expectNoRawKeys(page, 'comments');
  await shot(page, 'empty-install-39-comments-decided');

  // The shortlist (Art. 19): the ranking shows the comments bearing on each candidate.
  await page.getByRole('tab', { name: '综合排序与候选名单' }).click();
  const panel = page.getByTestId('shortlist-panel');
  await expect(panel.locator(`[data-comments="${ranked[1]!.code}"]`)).toContainText('意见成立', { timeout: 30_000 });
  await expect(panel.locator(`[data-comments="${ranked[0]!.code}"]`)).toContainText('意见不成立');
  shortlist = ranked.filter((_, i) => i !== 1);
  for (const c of shortlist) await panel.locator(`[data-pick="${c.code}"]`).click();
  await expect(panel.locator(`[data-departure="${ranked[1]!.code}"]`)).toHaveAttribute('data-kind', 'skipped_higher');
  await expect(panel.getByTestId('shortlist-submit')).toBeDisabled();
  for (const box of await panel.locator('[data-departure-form] textarea').all()) {
    await box.fill('公众意见成立（产品抽检不合格未整改），该候选暂不列入，排序在后的候选依次列入。');
  }
  await expect(panel.getByTestId('shortlist-submit')).toBeEnabled();
  await expectNoRawKeys(page, 'shortlist');
  await shot(page, 'empty-install-40-shortlist');
  await panel.getByTestId('shortlist-submit').click();
  await expect(panel.locator(`[data-pick="${shortlist[0]!.code}"]`)).toHaveCount(0, { timeout: 30_000 });
  type Listed = { applications: { code: string; current: { decision: string; reason: string | null } }[] };
  const listed = await query<Listed>(page, 'decisions.list', { year: YEAR });
  for (const c of shortlist) expect(listed.applications.find((a) => a.code === c.code)?.current.decision, c.code).toBe('shortlisted');
  // The reason of a departure is kept with the decision (the last one is ranked below the one left out).
  expect(listed.applications.find((a) => a.code === shortlist[shortlist.length - 1]!.code)?.current.reason).toContain('公众意见成立');
  await context.close();
});

test('empty install: the committee meets: the quorum rule, the members present, two members vote in the dashboard unseen by each other, a paper vote, the result', async ({
  browser,
}) => {
  const admin = await asAdmin(browser);
  const { page } = admin;
  await page.goto(`/cycles/${YEAR}/publication`);
  await viewIs(page, 'publication');
  await page.getByRole('tab', { name: '评审委员会会议' }).click();
  const meeting = page.getByTestId('meeting-panel');
  // The cycle's quorum rule: three quarters of the committee's members.
  await expect(meeting.getByTestId('quorum-text')).toBeVisible({ timeout: 30_000 });
  await typeNumber(page, 'data-testid="quorum-numerator"', 3);
  await typeNumber(page, 'data-testid="quorum-denominator"', 4);
  await meeting.getByTestId('quorum-save').click();
  await expect
    .poll(async () => (await query<{ quorum: { numerator: number; denominator: number; custom: boolean } }>(page, 'meetings.rules', { year: YEAR })).quorum, {
      timeout: 30_000,
    })
    .toMatchObject({ numerator: 3, denominator: 4, custom: true });
  await expect(meeting.getByTestId('quorum-text')).not.toContainText('默认');

  // The meeting on the day after the comment period, the three members present.
  dates.meeting = serverToday;
  const create = meeting.getByTestId('meeting-create');
  await typeDate(create, 'meeting-date', dates.meeting);
  const members = ['魏委员', '韩委员', '孙委员'];
  await create.locator('[data-testid="meeting-present"]').click();
  for (const m of members) {
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: m }).first().click();
  }
  await page.keyboard.press('Escape');
  await expectNoRawKeys(page, 'meeting form');
  await shot(page, 'empty-install-41-meeting-form');
  await create.getByTestId('meeting-open').click();
  const current = meeting.getByTestId('meeting-current');
  await expect(current).toBeVisible({ timeout: 30_000 });
  for (const m of members) await expect(current).toContainText(m);
  for (const c of shortlist) await expect(page.locator(`[data-cast="${c.code}"]`)).toHaveText('0 / 3');

  // 魏委员 votes in the dashboard: for every candidate but the last, against the last.
  const against = shortlist[shortlist.length - 1]!;
  const wei = await asPerson(browser, 'wei.committee');
  await wei.page.goto(`/cycles/${YEAR}/vote`);
  await viewIs(wei.page, 'committeeVote');
  await expect(wei.page.getByTestId('committee-vote')).toHaveAttribute('data-mode', 'voting', { timeout: 30_000 });
  for (const c of shortlist) {
    const v = c === against ? 'against' : 'for';
    await wei.page.locator(`[data-vote="${c.code}:${v}"]`).click();
    await expect(wei.page.locator(`[data-my-vote="${c.code}"]`)).toHaveText(v === 'for' ? '赞成' : '反对', { timeout: 30_000 });
    await expect(wei.page.locator(`[data-cast="${c.code}"]`)).toHaveText('1 / 3');
  }
  await expectNoRawKeys(wei.page, 'committee vote');
  await shot(wei.page, 'empty-install-42-committee-vote');

  // 韩委员 sees how many have voted, never how: no one else's vote on the page or from the API.
  const han = await asPerson(browser, 'han.committee');
  await han.page.goto(`/cycles/${YEAR}/vote`);
  await viewIs(han.page, 'committeeVote');
  await expect(han.page.getByTestId('committee-vote')).toHaveAttribute('data-mode', 'voting', { timeout: 30_000 });
  for (const c of shortlist) {
    await expect(han.page.locator(`[data-cast="${c.code}"]`)).toHaveText('1 / 3');
    await expect(han.page.locator(`[data-my-vote="${c.code}"]`)).toHaveText('未表决');
  }
  await expect(han.page.getByTestId('vote-candidates')).not.toContainText('魏委员');
  type Listed = { status: string; votes: { member: string }[]; candidates: { code: string; myVote: string | null }[] }[];
  const seen = await query<Listed>(han.page, 'meetings.list', { year: YEAR });
  expect(seen[0]?.votes ?? [], 'another member’s votes are not sent before the meeting closes').toEqual([]);
  for (const c of shortlist) {
    await han.page.locator(`[data-vote="${c.code}:for"]`).click();
    await expect(han.page.locator(`[data-my-vote="${c.code}"]`)).toHaveText('赞成', { timeout: 30_000 });
  }
  await shot(han.page, 'empty-install-43-second-member');

  // 孙委员 voted on paper: the secretariat records it on the member's behalf, marked as such.
  await page.reload();
  await page.getByRole('tab', { name: '评审委员会会议' }).click();
  await pick(page, page.locator('[data-testid="paper-member"]'), '孙委员');
  for (const c of shortlist) {
    await page.locator(`[data-paper="${c.code}"] [data-vote="${c === against ? 'against' : 'for'}"]`).click();
  }
  await page.getByTestId('paper-submit').click();
  for (const c of shortlist) await expect(page.locator(`[data-cast="${c.code}"]`)).toHaveText('3 / 3', { timeout: 30_000 });
  await shot(page, 'empty-install-44-paper-vote');
  await page.getByTestId('meeting-close').click();
  const result = page.locator('[data-testid^="meeting-result-"]').first();
  await expect(result.getByTestId('result-proposed')).toBeVisible({ timeout: 30_000 });
  const passed = shortlist.filter((c) => c !== against);
  for (const c of passed) await expect(result.getByTestId('result-proposed')).toContainText(c.code);
  await expect(result.getByTestId('result-proposed')).not.toContainText(against.code);
  await expect(result.locator(`[data-outcome="not_passed"]`)).toHaveCount(1);
  // The votes are shown once closed, the paper ones marked.
  await result.locator('details summary').click();
  await expect(result.locator('details')).toContainText('纸质');
  await expectNoRawKeys(page, 'meeting result');
  await shot(page, 'empty-install-45-meeting-result');

  // After the close the member sees the result and every vote.
  await wei.page.reload();
  await expect(wei.page.getByTestId('committee-vote')).toHaveAttribute('data-mode', 'closed', { timeout: 30_000 });
  const after = await query<Listed>(wei.page, 'meetings.list', { year: YEAR });
  expect(after[0]?.votes.length).toBe(shortlist.length * 3);
  await wei.context.close();
  await han.context.close();
  await admin.context.close();
});

test('empty install: the proposed awardees on public notice for 7 working days (Art. 21)', async ({ browser }) => {
  const { context, page } = await asAdmin(browser);
  await advance(page, 'committee_review', '评审委员会审议', 'empty-install-46-preflight-committee');
  await page.goto(`/cycles/${YEAR}/publication`);
  await viewIs(page, 'publication');
  await page.getByRole('tab', { name: '拟授奖名单公示与异议' }).click();
  const notice = page.getByTestId('publish-notice');
  await expect(notice.getByTestId('period-minimum')).toContainText('7');
  dates.noticeStarts = dates.meeting;
  await typeDate(notice, 'publish-starts', dates.noticeStarts);
  dates.noticeEnds = isoOf(await notice.getByTestId('publish-earliest').innerText());
  await typeDate(notice, 'publish-ends', dates.noticeEnds);
  await notice.locator('[data-testid="publish-contact"] input, input[data-testid="publish-contact"]').first().fill(CONTACT);
  await expect(notice.getByTestId('period-check')).toHaveAttribute('data-ok', 'true');
  await notice.getByTestId('publish-submit').click();
  const row = notice.getByTestId('publications-notice').locator('.el-table__body tr').first();
  await expect(row).toContainText('公示', { timeout: 30_000 });
  type Pub = { id: number; kind: string; sha256: string; entries: { code: string }[] };
  const pub = (await query<Pub[]>(page, 'publications.list', { year: YEAR })).find((p) => p.kind === 'notice');
  present(pub, 'the notice is stored');
  const passed = shortlist.slice(0, -1);
  expect(pub.entries.map((e) => e.code).sort()).toEqual(passed.map((c) => c.code).sort());
  const download = await downloadBy(page, () => row.getByTestId('publication-download').click());
  expect(
    createHash('sha256')
      .update(fs.readFileSync(await download.path()))
      .digest('hex'),
  ).toBe(pub.sha256);
  await expectNoRawKeys(page, 'notice published');
  await shot(page, 'empty-install-47-notice-published');
  const print = await context.newPage();
  await print.goto(`/publications/${pub.id}/print`);
  await viewIs(print, 'noticePrint');
  const sheet = print.getByTestId('notice-sheet');
  await expect(sheet).toContainText('第二十一条');
  for (const c of passed) await expect(sheet).toContainText(nameOf(c.code));
  await expect(sheet).toContainText(cnDate(dates.noticeEnds));
  await shot(print, 'empty-install-48-notice-print');
  await print.close();
  await advance(page, 'public_notice', '拟授奖名单公示', 'empty-install-49-preflight-notice');
  await context.close();
});

test('empty install: after the notice an upheld objection cancels a candidacy with its reason; the approved list is granted with the approval date, numbers and payment', async ({
  browser,
}) => {
  // Some days after the notice ended (and in the cycle's year): the government has approved.
  dates.approval = laterOf(addDays(dates.noticeEnds, 3), `${YEAR}-01-04`);
  await laterInTheCycle(addDays(dates.approval, 10));
  const { context, page } = await asAdmin(browser);
  const passed = shortlist.slice(0, -1);
  objected = passed[passed.length - 1]!;
  await page.goto(`/cycles/${YEAR}/publication`);
  await viewIs(page, 'publication');
  await page.getByRole('tab', { name: '拟授奖名单公示与异议' }).click();
  await page.getByTestId('objection-add').click();
  const dialog = page.locator('.el-dialog:visible');
  await dialog.locator('[data-testid="objection-app"]').click();
  // Only the candidates on the notice can be objected to.
  const offered = page.locator('.el-select-dropdown:visible .el-select-dropdown__item');
  await expect(offered).toHaveCount(passed.length);
  await offered.filter({ hasText: objected.code }).click();
  await typeDate(dialog, 'objection-received', addDays(dates.noticeStarts, 1));
  await dialog
    .locator('[data-testid="objection-body"] textarea, textarea[data-testid="objection-body"]')
    .first()
    .fill('实名反映该单位申报的质量奖项目获奖情况与事实不符。');
  await dialog.getByTestId('objection-add-submit').click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  const reason = '经调查核实，申报材料中的获奖情况与事实不符，异议成立。';
  await page.getByTestId('objection-decide').first().click();
  const decide = page.locator('.el-dialog:visible');
  await decide.locator('[data-outcome="confirmed"]').click();
  await decide.locator('[data-testid="objection-reason"] textarea, textarea[data-testid="objection-reason"]').first().fill(reason);
  await decide.getByTestId('objection-decide-submit').click();
  await expect(page.locator('[data-testid="objections"] [data-status="confirmed"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('objections')).toContainText(reason);
  await expectNoRawKeys(page, 'objection upheld');
  await shot(page, 'empty-install-50-objection-upheld');

  // The decisions list: the candidacy is cancelled with its reason, no longer proposed.
  await page.goto(`/cycles/${YEAR}`);
  const decisions = page.getByTestId('decisions');
  await decisions.waitFor({ timeout: 30_000 });
  const objectedRow = decisions.locator('.el-table__row').filter({ hasText: objected.code }).first();
  await expect(objectedRow.locator('[data-decision]')).not.toHaveAttribute('data-decision', 'proposed', { timeout: 30_000 });
  await expect(objectedRow).toContainText(reason);
  const remaining = passed.filter((c) => c !== objected);
  for (const c of remaining) {
    await expect(decisions.locator('.el-table__row').filter({ hasText: c.code }).first().locator('[data-decision]')).toHaveAttribute(
      'data-decision',
      'proposed',
    );
  }
  await page.getByTestId('decisions-panel').scrollIntoViewIfNeeded();
  await shot(page, 'empty-install-51-decisions-after-objection');

  // The city government's approval (Art. 21): recorded for the list on notice.
  const form = page.getByTestId('decision-form');
  await form.locator('[data-kind="approved"]').click();
  await form.locator('[data-testid="decision-candidates"]').click();
  for (const c of remaining) await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: c.code }).first().click();
  await page.keyboard.press('Escape');
  await form.locator('[data-testid="decision-reason"] textarea, textarea[data-testid="decision-reason"]').first().fill('市人民政府批准授奖。');
  await form.getByTestId('decision-submit').click();
  for (const c of remaining) {
    await expect(decisions.locator('.el-table__row').filter({ hasText: c.code }).first().locator('[data-decision]')).toHaveAttribute(
      'data-decision',
      'approved',
      {
        timeout: 30_000,
      },
    );
  }

  // The grant: nothing until the approval date is entered; the numbers; one prize already paid.
  await page.getByTestId('grant-awards').click();
  const grant = page.locator('.el-dialog:visible');
  await grant.getByTestId('grant-form').waitFor({ timeout: 30_000 });
  await expect(grant.getByTestId('grant-submit')).toBeDisabled();
  await typeDate(grant, 'grant-approved-on', dates.approval);
  for (const [i, c] of remaining.entries()) {
    const n = i + 1;
    await grant
      .locator(`[data-certificate="${c.applicationId}"] input, input[data-certificate="${c.applicationId}"]`)
      .first()
      .fill(`鄂质奖证字〔${YEAR}〕第0${n}号`);
    await grant.locator(`[data-plaque="${c.applicationId}"] input, input[data-plaque="${c.applicationId}"]`).first().fill(`鄂质奖牌〔${YEAR}〕第0${n}号`);
  }
  await typeDate(grant, `grant-paid-${remaining[0]!.applicationId}`, addDays(dates.approval, 3));
  await expect(grant.getByTestId('grant-submit')).toBeEnabled();
  await expectNoRawKeys(page, 'grant');
  await shot(page, 'empty-install-52-grant');
  await grant.getByTestId('grant-submit').click();
  await expect(grant).toBeHidden({ timeout: 30_000 });
  type Award = {
    id: number;
    code: string;
    approvedOn: string | null;
    certificateNo: string;
    plaqueNo: string | null;
    prizeRmb: number;
    prizePaidOn: string | null;
  };
  const awards = (await query<(Award & { year: number })[]>(page, 'awards.list')).filter((a) => a.year === YEAR);
  expect(awards.length).toBe(remaining.length);
  for (const a of awards) {
    expect(a.approvedOn).toBe(dates.approval);
    expect(a.certificateNo).toMatch(/^鄂质奖证字/);
    expect(a.prizeRmb).toBe(500_000);
  }
  expect(await phaseOf(page)).toBe('awarded');
  await context.close();
});

test('empty install: follow-up: a year of indicators by the form (an implausible value refused), incidents, a revocation with its notice, a misuse report and its handling', async ({
  browser,
}) => {
  const { context, page } = await asAdmin(browser);
  type Award = { id: number; code: string; year: number; name: { zh: string }; status: string; certificateNo: string };
  const awards = (await query<Award[]>(page, 'awards.list')).filter((a) => a.year === YEAR).sort((a, b) => a.code.localeCompare(b.code));
  expect(awards.length).toBeGreaterThanOrEqual(2);
  const [first, second] = awards as [Award, Award];
  await page.goto('/follow-up');
  await viewIs(page, 'followUp');
  await page.locator('[data-testid="awardees"] .el-table__row').filter({ hasText: first.name.zh }).first().click();
  const detail = page.getByTestId('awardee-detail');
  await expect(detail).toContainText(first.certificateNo, { timeout: 30_000 });
  await expect(detail).toContainText(cnDate(dates.approval).slice(0, 4));

  // The award's first year, by the form: a satisfaction of 925 % is refused with the range.
  const input = (id: string) => detail.locator(`[data-indicator="${id}"] input, input[data-indicator="${id}"]`).first();
  await expect(detail.getByTestId('indicators-year')).toContainText(String(YEAR), { timeout: 30_000 });
  await input('customer_satisfaction').fill('925');
  await input('customer_satisfaction').blur();
  await expect(detail.getByTestId('indicator-problem').first()).toContainText('合理范围');
  await expect(detail.getByTestId('indicators-save')).toBeDisabled();
  await detail.getByTestId('indicators-form').scrollIntoViewIfNeeded();
  await shot(page, 'empty-install-53-indicator-refused');
  await input('customer_satisfaction').fill('92.5');
  await input('customer_satisfaction').blur();
  await input('asset_contribution_pct').fill('12.5');
  await input('asset_contribution_pct').blur();
  await input('energy_tce_per_10k_cny').fill('0.45');
  await input('energy_tce_per_10k_cny').blur();
  await expect(detail.getByTestId('indicator-problem')).toHaveCount(0);
  await detail.getByTestId('indicators-save').click();
  await expect
    .poll(
      async () =>
        (await query<{ years: { year: number; values: Record<string, number> }[] }>(page, 'indicators.get', { awardId: first.id })).years.find(
          (y) => y.year === YEAR,
        )?.values,
      {
        timeout: 30_000,
      },
    )
    .toMatchObject({ customer_satisfaction: 92.5, asset_contribution_pct: 12.5, energy_tce_per_10k_cny: 0.45 });
  await expectNoRawKeys(page, 'indicators');
  await shot(page, 'empty-install-54-indicators-saved');

  // Incidents: a 一般 one at the first awardee is recorded only; a 较大 one at the second opens a revocation review (Art. 28).
  const report = async (award: Award, severity: string, date: string, description: string) => {
    await page.click(`[data-report="${award.id}"]`);
    const dialog = page.locator('.el-dialog:visible');
    await expect(dialog.getByTestId('incident-organisation')).toContainText(award.name.zh);
    await pick(page, dialog.locator('[data-testid="incident-severity"]'), severity);
    await typeDate(dialog, 'incident-date', date);
    await dialog.locator('[data-testid="incident-description"] textarea, textarea[data-testid="incident-description"]').first().fill(description);
    await dialog.getByTestId('incident-submit').click();
    return dialog.getByTestId('incident-result');
  };
  const minor = await report(first, '一般', addDays(dates.approval, 5), '生产线发生一般质量问题，已当场处置。');
  await expect(minor).toHaveAttribute('data-review', 'none', { timeout: 30_000 });
  await page.keyboard.press('Escape');
  await expect(page.locator('.el-dialog:visible')).toHaveCount(0, { timeout: 15_000 });
  const larger = await report(second, '较大', addDays(dates.approval, 6), '发生较大质量事故，造成批量产品召回。');
  await expect(larger).toHaveAttribute('data-review', 'open', { timeout: 30_000 });
  await expect(larger).toContainText('第28条');
  await expectNoRawKeys(page, 'incident');
  await shot(page, 'empty-install-55-incident-review');
  await page.keyboard.press('Escape');
  await expect(page.locator('.el-dialog:visible')).toHaveCount(0, { timeout: 15_000 });
  await expect(page.locator(`[data-award="${second.id}"]`).locator('..')).toBeVisible();

  // The second award is revoked (Art. 28) with its date and decision, the prize to recover, and the public notice.
  await page.click(`[data-revoke="${second.id}"]`);
  const revoke = page.locator('.el-dialog:visible');
  await revoke.locator('[data-testid="revoke-reason"] [data-reason="major_accident"]').click();
  await revoke
    .locator('[data-testid="revoke-detail"] textarea, textarea[data-testid="revoke-detail"]')
    .first()
    .fill('获奖后发生较大质量事故，经调查核实，依照第二十八条撤销奖励。');
  await typeDate(revoke, 'revoke-date', addDays(dates.approval, 8));
  await revoke.locator('[data-testid="revoke-decision-no"] input, input[data-testid="revoke-decision-no"]').first().fill(`鄂质奖撤字〔${YEAR}〕1号`);
  await revoke.getByTestId('revoke-publish').click();
  await typeDate(revoke, 'revoke-notice-on', addDays(dates.approval, 9));
  await revoke.locator('[data-testid="revoke-contact"] input, input[data-testid="revoke-contact"]').first().fill(CONTACT);
  await expect(revoke.getByTestId('revoke-submit')).toBeEnabled();
  await shot(page, 'empty-install-56-revoke-form');
  await revoke.getByTestId('revoke-submit').click();
  await confirmBox(page);
  const status = page.locator(`[data-award="${second.id}"][data-award-status="revoked"]`);
  await status.waitFor({ timeout: 30_000 });
  expect(await status.locator('[data-article]').allInnerTexts()).toContain('第28条');
  await page.locator('[data-testid="awardees"] .el-table__row').filter({ hasText: second.name.zh }).first().click();
  const revocation = page.getByTestId('revocation-detail');
  await expect(revocation).toContainText(`鄂质奖撤字〔${YEAR}〕1号`, { timeout: 30_000 });
  await expect(revocation.getByTestId('revocation-notice')).toBeVisible();
  type Pub = { id: number; kind: string; sha256: string; entries: { code: string }[] };
  const notice = (await query<Pub[]>(page, 'publications.list', { year: YEAR })).find((p) => p.kind === 'revocation');
  present(notice, 'the revocation notice is stored');
  const file = await page.request.get(`/api/publications/${notice.id}/file`);
  expect(
    createHash('sha256')
      .update(await file.body())
      .digest('hex'),
  ).toBe(notice.sha256);
  await revocation.scrollIntoViewIfNeeded();
  await expectNoRawKeys(page, 'revocation');
  await shot(page, 'empty-install-57-revoked');
  const print = await context.newPage();
  await print.goto(`/publications/${notice.id}/print`);
  await viewIs(print, 'noticePrint');
  const sheet = print.getByTestId('notice-sheet');
  await expect(sheet).toContainText('第二十八条');
  await expect(sheet).toContainText(second.name.zh);
  await expect(sheet).toContainText(cnDate(addDays(dates.approval, 8)));
  await shot(print, 'empty-install-58-revocation-notice');
  await print.close();

  // A misuse of the title (Art. 30): reported against the first awardee, then handled.
  await page.getByTestId('misuse-report').click();
  const misuse = page.locator('.el-dialog:visible');
  await pick(page, misuse.locator('[data-testid="misuse-award"]'), first.certificateNo);
  await misuse.locator('[data-testid="misuse-party"] input, input[data-testid="misuse-party"]').first().fill('某建材经销部');
  await typeDate(misuse, 'misuse-date', addDays(dates.approval, 7));
  await misuse
    .locator('[data-testid="misuse-description"] textarea, textarea[data-testid="misuse-description"]')
    .first()
    .fill('在门店宣传牌上擅自使用市长质量奖奖牌图样。');
  await misuse.getByTestId('misuse-submit').click();
  await expect(misuse).toBeHidden({ timeout: 30_000 });
  const row = page.locator('[data-testid="misuse-list"] .el-table__row').filter({ hasText: '某建材经销部' }).first();
  await expect(row.locator('[data-misuse-status="open"]')).toBeVisible({ timeout: 30_000 });
  await row.locator('[data-misuse-handle]').click();
  const handle = page.locator('.el-dialog:visible');
  await pick(page, handle.locator('[data-testid="misuse-status"]'), '已处理');
  await typeDate(handle, 'misuse-handled-on', addDays(dates.approval, 9));
  await handle.locator('[data-testid="misuse-action"] textarea, textarea[data-testid="misuse-action"]').first().fill('责令立即撤下宣传牌并书面说明情况。');
  await handle.getByTestId('misuse-handle-submit').click();
  await expect(row.locator('[data-misuse-status="closed"]')).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText('责令立即撤下宣传牌');
  await row.scrollIntoViewIfNeeded();
  await expectNoRawKeys(page, 'misuse');
  await shot(page, 'empty-install-59-misuse-handled');
  await context.close();
});

test('empty install: the audit log names the second half’s actions in Chinese; leadership reads an awardee’s follow-up without a write button', async ({
  browser,
}) => {
  const { context, page } = await asAdmin(browser);
  await page.goto('/audit');
  await page.waitForSelector('[data-view="audit"]');
  await page.waitForSelector('[data-testid="audit"] [data-action]', { timeout: 30_000 });
  await page.getByTestId('audit-apply').click();
  await page.waitForSelector('[data-testid="audit"] [data-action="misuse.handle"]', { timeout: 30_000 });
  const zh = await page.$$eval('[data-testid="audit"] [data-action]', (els) =>
    els.map((e) => ({ action: (e as HTMLElement).dataset.action ?? '', text: (e as HTMLElement).innerText.trim() })),
  );
  const actions = new Set(zh.map((r) => r.action));
  for (const expected of [
    'publication.publish',
    'comment.add',
    'comment.decide',
    'decision.record',
    'decision.shortlistDeparture',
    'committee.setRules',
    'meeting.create',
    'meeting.vote',
    'meeting.close',
    'objection.add',
    'objection.decide',
    'award.grant',
    'indicators.record',
    'incident.report',
    'award.revoke',
    'misuse.report',
    'misuse.handle',
  ]) {
    expect(actions, `the trail holds ${expected}`).toContain(expected);
  }
  const raw = zh.filter((r) => r.text === r.action || !HAN.test(r.text)).map((r) => r.action);
  expect([...new Set(raw)], 'every action is named in Chinese').toEqual([]);
  await expectNoRawKeys(page, 'audit, second half');
  await shot(page, 'empty-install-60-audit-second-half');
  await context.close();

  // Leadership: the awardee's follow-up, read only.
  const boss = await asPerson(browser, 'zhao.leader');
  await boss.page.goto('/follow-up');
  await viewIs(boss.page, 'followUp');
  const detail = boss.page.getByTestId('awardee-detail');
  await expect(detail).toBeVisible({ timeout: 30_000 });
  await expect(detail.getByTestId('indicators-form')).toBeVisible();
  await expect(boss.page.getByTestId('misuse-list')).toContainText('某建材经销部');
  for (const id of ['misuse-report', 'report-incident', 'indicators-save', 'indicators-upload', 'record-payment', 'record-recovery']) {
    await expect(boss.page.locator(`[data-testid="${id}"]`), id).toHaveCount(0);
  }
  await expect(boss.page.locator('[data-revoke], [data-report], [data-misuse-handle]')).toHaveCount(0);
  await expectNoRawKeys(boss.page, 'leadership follow-up');
  await shot(boss.page, 'empty-install-61-leadership-follow-up');
  await boss.context.close();
});
