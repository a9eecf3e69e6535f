import { vi, afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CYCLE_PHASES, listAudit, verifyAuditChain, type Stage } from '@mqa/db';
import { createContextInner } from '../context.ts';
import { createCaller } from '../root.ts';
import { createServices } from '../services/index.ts';
import { importScores, isCycleOpenForScores, INSERT_CHUNK_ROWS, type ImportPhase } from './index.ts';
import { csvFile, onsiteRows, scoreHeaders, setup, snapshot, xlsxFile, type Fixture } from './test-helpers.ts';

// Each test builds a seeded database and real workbooks: allow for a slow shared machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let f: Fixture;
beforeEach(async () => {
  f = await setup();
});
afterEach(async () => {
  await f.db.destroy();
});

const opts = (extra: Record<string, unknown> = {}) => ({ fileName: 'scores.xlsx', userId: f.userId, ...extra });

/** The secretariat reopens a sheet through the API (scoring.reopenSheet). */
async function reopen(p: { appId: number; examinerId: number }, stage: Stage, reason = '评分录入有误，退回更正') {
  const caller = createCaller(
    createContextInner({
      db: f.db,
      services: createServices(),
      user: { id: f.userId, username: 'secretariat-test', displayName: '秘书处（测试）', role: 'secretariat', examinerId: null },
    }),
  );
  return caller.scoring.reopenSheet({ applicationId: p.appId, examinerId: p.examinerId, stage, reason });
}

describe('isCycleOpenForScores', () => {
  test('open up to the on-site review, frozen from public comment on', () => {
    const open = CYCLE_PHASES.filter((p) => isCycleOpenForScores(p));
    expect(open).toEqual(['preparation', 'call_for_applications', 'qualification_review', 'material_review', 'onsite_review']);
    for (const p of ['public_comment', 'committee_review', 'public_notice', 'awarded']) expect(isCycleOpenForScores(p)).toBe(false);
    expect(isCycleOpenForScores('nonsense')).toBe(false);
  });
});

describe('importScores', () => {
  test('commits new scores, creates submitted sheets and one audit row with counts and file hash', async () => {
    const rows = onsiteRows(f, 46); // two full sheets of 23 items
    const before = await snapshot(f.db);
    const res = await importScores(f.db, await xlsxFile(rows), opts());
    expect(res.problems).toEqual([]);
    expect(res.outcome).toBe('committed');
    expect(res.preview?.counts).toMatchObject({ rows: 46, added: 46, changed: 0, unchanged: 0, sheetsCreated: 2 });
    const after = await snapshot(f.db);
    expect(after.counts.scores).toBe(before.counts.scores + 46);
    expect(after.counts.score_sheets).toBe(before.counts.score_sheets + 2);
    const p = f.pairs[0]!;
    const sheet = await f.db
      .selectFrom('score_sheets')
      .selectAll()
      .where('application_id', '=', p.appId)
      .where('examiner_id', '=', p.examinerId)
      .where('stage', '=', 'onsite')
      .executeTakeFirstOrThrow();
    expect(sheet.status).toBe('submitted');
    const stored = await f.db
      .selectFrom('scores')
      .select(['item_id', 'percent'])
      .where('application_id', '=', p.appId)
      .where('examiner_id', '=', p.examinerId)
      .where('stage', '=', 'onsite')
      .orderBy('item_id')
      .execute();
    expect(stored.find((s) => s.item_id === '4.1.3')?.percent).toBe(rows[1]![6]);
    const audit = await f.db.selectFrom('audit_log').selectAll().where('id', '=', res.auditId!).executeTakeFirstOrThrow();
    expect(audit.user_id).toBe(f.userId);
    expect(audit.action).toBe('import.scores');
    const after2 = JSON.parse(audit.after!);
    expect(after2).toMatchObject({ fileName: 'scores.xlsx', fileHash: res.fileHash, counts: { added: 46 } });
    expect(res.fileHash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('importing the same file twice changes nothing', async () => {
    const file = await xlsxFile(onsiteRows(f, 30));
    expect((await importScores(f.db, file, opts())).outcome).toBe('committed');
    const mid = await snapshot(f.db);
    const again = await importScores(f.db, file, opts());
    expect(again.outcome).toBe('unchanged');
    expect(again.preview?.counts).toMatchObject({ added: 0, changed: 0, unchanged: 30, sheetsCreated: 0, sheetsUpdated: 0 });
    expect(await snapshot(f.db)).toEqual(mid);
  });

  test('dry run previews added / changed (old → new) / unchanged and writes nothing', async () => {
    const rows = onsiteRows(f, 23);
    await importScores(f.db, await xlsxFile(rows), opts());
    // The import submitted the sheet: only once reopened may a file change it.
    await reopen(f.pairs[0]!, 'onsite');
    const changedRows = rows.map((r, i) => (i < 3 ? r.map((v, j) => (j === 6 ? (Number(v) + 5) % 105 : v)) : r));
    const extra = onsiteRows(f, 25).slice(23);
    const before = await snapshot(f.db);
    const res = await importScores(f.db, await xlsxFile([...changedRows, ...extra]), opts({ dryRun: true }));
    expect(res.outcome).toBe('preview');
    expect(res.ok).toBe(true);
    expect(res.preview?.counts).toMatchObject({ added: 2, changed: 3, unchanged: 20 });
    expect(res.preview?.changed[0]).toMatchObject({
      row: 2,
      oldPercent: rows[0]![6],
      newPercent: changedRows[0]![6],
      item: '4.1.2',
      stage: 'onsite',
    });
    expect(res.preview?.added[0]?.oldPercent).toBeNull();
    expect(await snapshot(f.db)).toEqual(before);
  });

  test('reports every problem with sheet, row, column and zh/en reason, and writes nothing', async () => {
    const [a, b] = f.pairs;
    const rows = [
      [f.year, 'NOPE-1', `E${a!.examinerId}`, null, '现场评审', '4.1.2', 50, null], // 2 unknown application
      [f.year, a!.code, 'E99999', null, '现场评审', '4.1.2', 50, null], // 3 unknown examiner
      [f.year, a!.code, `E${a!.examinerId}`, null, '现场评审', '4.9.9', 50, null], // 4 unknown item
      [f.year, a!.code, `E${a!.examinerId}`, null, '现场评审', '4.1.3', 7, null], // 5 not a step of 5
      [f.year, a!.code, `E${a!.examinerId}`, null, '现场评审', '4.1.4', 105, null], // 6 above 100
      [f.year, f.recused.code, `E${f.recused.examinerId}`, null, '现场评审', '4.1.2', 50, null], // 7 recused
      [f.year, b!.code, `E${b!.examinerId}`, null, '现场评审', '4.2.2', 50, null], // 8 ok
      [f.year, b!.code, `E${b!.examinerId}`, null, '现场评审', '4.2.2', 55, null], // 9 duplicate of 8
      [f.year, b!.code, `E${b!.examinerId}`, '不是此人', '现场评审', '4.2.3', 50, null], // 10 name mismatch
      [f.year, b!.code, `E${b!.examinerId}`, null, '复审', '4.3.2', 50, null], // 11 bad stage
      [f.year, b!.code, `E${b!.examinerId}`, null, '现场评审', '4.3.3', null, null], // 12 blank percent
      [f.year, b!.code, `E${b!.examinerId}`, null, '现场评审', '4.4.2', 0.85, null], // 13 percent format
    ];
    const before = await snapshot(f.db);
    const res = await importScores(f.db, await xlsxFile(rows), opts());
    expect(res.outcome).toBe('invalid');
    expect(res.ok).toBe(false);
    const got = res.problems.map((p) => [p.row, p.column, p.code]);
    expect(got).toEqual([
      [2, 'B', 'unknown_application'],
      [3, 'C', 'unknown_examiner'],
      [4, 'F', 'unknown_item'],
      [5, 'G', 'invalid_percent'],
      [6, 'G', 'invalid_percent'],
      [7, 'C', 'recused_examiner'],
      [9, 'F', 'duplicate_row'],
      [10, 'D', 'examiner_name_mismatch'],
      [11, 'E', 'invalid_stage'],
      [12, 'G', 'missing_value'],
      [13, 'G', 'invalid_percent'],
    ]);
    for (const p of res.problems) {
      expect(p.sheet).toBe('评分表');
      expect(p.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(p.message.en).toMatch(/[a-z]/);
    }
    expect(res.problems[6]!.message.en).toContain('row 8');
    expect(res.problems[10]!.message.en).toContain('enter 85');
    expect(await snapshot(f.db)).toEqual(before);
  });

  test('a frozen cycle is refused', async () => {
    const app = await f.db
      .selectFrom('applications')
      .innerJoin('cycles', 'cycles.id', 'applications.cycle_id')
      .select('applications.code')
      .where('cycles.year', '=', f.frozenYear)
      .executeTakeFirstOrThrow();
    const before = await snapshot(f.db);
    const res = await importScores(f.db, await xlsxFile([[f.frozenYear, app.code, 'E1', null, '材料评审', '4.1.2', 50, null]]), opts());
    expect(res.problems.map((p) => p.code)).toContain('frozen_cycle');
    expect(res.problems.find((p) => p.code === 'frozen_cycle')!.message.en).toMatch(/frozen/);
    expect(await snapshot(f.db)).toEqual(before);
  });

  test('accepts English headers, a cycle chosen at import instead of a year column, and CSV in UTF-8 or GBK', async () => {
    const rows = onsiteRows(f, 23);
    const noYear = rows.map((r) => r.slice(1));
    const enHeaders = scoreHeaders('en').slice(1);
    const r1 = await importScores(f.db, await xlsxFile(noYear, { headers: enHeaders, sheetName: 'Scores' }), opts({ cycleYear: f.year, dryRun: true }));
    expect(r1.problems).toEqual([]);
    expect(r1.preview?.counts.added).toBe(23);

    const csv = csvFile(rows.map((r) => [...r.slice(0, 7), '说明，含逗号']));
    const r2 = await importScores(f.db, Buffer.from(`\uFEFF${csv}`, 'utf8'), opts({ fileName: 'scores.csv' }));
    expect(r2.format).toBe('csv');
    expect(r2.outcome).toBe('committed');
    const p = f.pairs[0]!;
    const c = await f.db
      .selectFrom('scores')
      .select('comment')
      .where('application_id', '=', p.appId)
      .where('examiner_id', '=', p.examinerId)
      .where('stage', '=', 'onsite')
      .executeTakeFirstOrThrow();
    expect(c.comment).toBe('说明，含逗号');

    // The same content encoded as GB 18030 (what Excel on Chinese Windows writes) changes nothing.
    const gbk = encodeGb18030(csv);
    const r3 = await importScores(f.db, gbk, opts({ fileName: 'scores-gbk.csv' }));
    expect(r3.problems).toEqual([]);
    expect(r3.outcome).toBe('unchanged');
  });

  test('reports progress monotonically through every phase', async () => {
    const seen: [number, ImportPhase][] = [];
    await importScores(f.db, await xlsxFile(onsiteRows(f, 23)), opts({ onProgress: (x: number, ph: ImportPhase) => void seen.push([x, ph]) }));
    const fractions = seen.map((s) => s[0]);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(seen[0]).toEqual([0, 'parse']);
    expect(seen.at(-1)).toEqual([1, 'done']);
    expect(new Set(seen.map((s) => s[1]))).toEqual(new Set(['parse', 'validate', 'write', 'done']));
  });

  test('an import killed halfway through the write leaves no partial data', async () => {
    const rows = onsiteRows(f, INSERT_CHUNK_ROWS * 2 + 10);
    expect(rows.length).toBe(INSERT_CHUNK_ROWS * 2 + 10);
    const before = await snapshot(f.db);
    let writes = 0;
    const killer = (_x: number, phase: ImportPhase) => {
      if (phase === 'write' && ++writes === 2) throw new Error('killed');
    };
    await expect(importScores(f.db, await xlsxFile(rows), opts({ onProgress: killer }))).rejects.toThrow('killed');
    expect(writes).toBe(2); // at least one chunk had been inserted when it died
    expect(await snapshot(f.db)).toEqual(before);
    // And the same file then imports cleanly.
    const ok = await importScores(f.db, await xlsxFile(rows), opts());
    expect(ok.preview?.counts.added).toBe(rows.length);
  });
});

/** GB 18030 bytes of a string, via TextDecoder's inverse table for the characters used. */
function encodeGb18030(text: string): Buffer {
  // Node has no GB 18030 encoder; build one for the few CJK characters in the text by searching
  // the two-byte GBK range with the (built-in) decoder.
  const dec = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  const wanted = new Set(Array.from(text).filter((ch) => ch.charCodeAt(0) > 0x7f));
  for (let hi = 0x81; hi <= 0xfe && table.size < wanted.size; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (wanted.has(ch) && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code <= 0x7f) bytes.push(code);
    else {
      const b = table.get(ch);
      if (!b) throw new Error(`no GBK code for ${ch}`);
      bytes.push(...b);
    }
  }
  const buf = Buffer.from(bytes);
  // Sanity: it must not be valid UTF-8, or the test would not exercise the fallback.
  expect(() => new TextDecoder('utf-8', { fatal: true }).decode(buf)).toThrow();
  return buf;
}

describe('importScores: only the review group scores an application in the review (Art. 16, 17)', () => {
  test('refuses an examiner who is not a member of the application’s group, with the row and a zh/en reason', async () => {
    const a = f.pairs[0]!;
    const app = await f.db.selectFrom('applications').select('review_group_id').where('id', '=', a.appId).executeTakeFirstOrThrow();
    const outsider = await f.db
      .selectFrom('review_group_members')
      .innerJoin('review_groups', 'review_groups.id', 'review_group_members.review_group_id')
      .select('review_group_members.examiner_id as examinerId')
      .where('review_groups.id', '!=', app.review_group_id!)
      .where('review_group_members.examiner_id', 'not in', (eb) =>
        eb.selectFrom('review_group_members').select('examiner_id').where('review_group_id', '=', app.review_group_id!),
      )
      .executeTakeFirstOrThrow();
    const rows = [
      [f.year, a.code, `E${a.examinerId}`, null, '现场评审', '4.1.2', 50, null], // 2 ok
      [f.year, a.code, `E${outsider.examinerId}`, null, '现场评审', '4.1.2', 50, null], // 3 not a member
    ];
    const before = await snapshot(f.db);
    const res = await importScores(f.db, await xlsxFile(rows), opts());
    expect(res.outcome).toBe('invalid');
    expect(res.problems.map((p) => [p.row, p.column, p.code])).toEqual([[3, 'C', 'examiner_not_in_group']]);
    expect(res.problems[0]!.message.zh).toMatch(
      new RegExp(`^评审员 E${outsider.examinerId} 不是申报 ${a.code} 所在评审组「.+」的成员（第17条），其评分不能录入。$`),
    );
    expect(res.problems[0]!.message.en).toContain(`Examiner E${outsider.examinerId} is not a member of the review group of application ${a.code}`);
    expect(await snapshot(f.db)).toEqual(before);
  });

  test('refuses scores for an application not in the review: ineligible, rejected, not yet qualified, unassigned', async () => {
    const [p1, p2, p3, p4] = [...new Map(f.pairs.map((p) => [p.appId, p])).values()];
    await f.db.updateTable('applications').set({ eligibility_status: 'ineligible', qualification_status: 'rejected' }).where('id', '=', p1!.appId).execute();
    await f.db.updateTable('applications').set({ qualification_status: 'rejected' }).where('id', '=', p2!.appId).execute();
    await f.db.updateTable('applications').set({ qualification_status: 'received' }).where('id', '=', p3!.appId).execute();
    await f.db.updateTable('applications').set({ review_group_id: null }).where('id', '=', p4!.appId).execute();
    const rows = [p1!, p2!, p3!, p4!].map((p) => [f.year, p.code, `E${p.examinerId}`, null, '现场评审', '4.1.2', 50, null]);
    const before = await snapshot(f.db);
    const res = await importScores(f.db, await xlsxFile(rows), opts());
    expect(res.outcome).toBe('invalid');
    expect(res.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'B', 'application_not_in_review'],
      [3, 'B', 'application_not_in_review'],
      [4, 'B', 'application_not_in_review'],
      [5, 'B', 'application_not_in_review'],
    ]);
    expect(res.problems.map((p) => p.message.zh)).toEqual([
      `申报 ${p1!.code} 不在评审中（不符合申报条件，第10–12条），不能录入评分。`,
      `申报 ${p2!.code} 不在评审中（资格初审未通过，第16条），不能录入评分。`,
      `申报 ${p3!.code} 不在评审中（尚未通过资格初审，第16条），不能录入评分。`,
      `申报 ${p4!.code} 不在评审中（尚未分配评审组，第17条），不能录入评分。`,
    ]);
    expect(res.problems[3]!.message.en).toBe(
      `Application ${p4!.code} is not in the review (not assigned to a review group yet, Art. 17); it cannot be scored.`,
    );
    expect(await snapshot(f.db)).toEqual(before);
  });
});

describe('importScores keeps history (Art. 26) and never overwrites a submitted sheet', () => {
  test('refuses rows that would change a submitted sheet, with a zh/en reason per row, and writes nothing', async () => {
    const rows = onsiteRows(f, 46); // two sheets
    expect((await importScores(f.db, await xlsxFile(rows), opts())).outcome).toBe('committed');
    const p = f.pairs[0]!;
    // Row 2 and 4 change the first (submitted) sheet; the rest repeat what is stored.
    const edited = rows.map((r, i) => (i === 0 || i === 2 ? r.map((v, j) => (j === 6 ? (Number(v) + 5) % 105 : v)) : r));
    const before = await snapshot(f.db);
    const res = await importScores(f.db, await xlsxFile(edited), opts());
    expect(res.outcome).toBe('invalid');
    expect(res.problems.map((x) => [x.row, x.column, x.code])).toEqual([
      [2, 'G', 'sheet_submitted'],
      [4, 'G', 'sheet_submitted'],
    ]);
    expect(res.problems[0]!.message.zh).toBe(
      `评审员 E${p.examinerId} 对申报 ${p.code} 的现场评审评分表已提交，导入不能覆盖其评分（条款 4.1.2 现为 ${rows[0]![6]}）；如需更正，请先由秘书处退回该评分表。`,
    );
    expect(res.problems[0]!.message.en).toBe(
      `Examiner E${p.examinerId}'s on-site review sheet for application ${p.code} has been submitted: an import cannot overwrite it (item 4.1.2 stands at ${rows[0]![6]}); the secretariat must reopen the sheet first.`,
    );
    expect(await snapshot(f.db)).toEqual(before);
  });

  test('once the secretariat reopened the sheet, the import changes it and audits every changed value old → new', async () => {
    const rows = onsiteRows(f, 46);
    const first = await importScores(f.db, await xlsxFile(rows), opts());
    const p = f.pairs[0]!;
    const sheetId = `${p.appId}:${p.examinerId}:onsite`;
    // The first import audited both new sheets, every score from nothing to its value.
    const created = await listAudit(f.db, { entity: 'score_sheet', entityId: sheetId });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ action: 'import.scores.sheet', user_id: f.userId });
    expect(JSON.parse(created[0]!.before!)).toMatchObject({ status: null, '4.1.2': null, '4.1.3': null });
    expect(JSON.parse(created[0]!.after!)).toMatchObject({ status: 'submitted', '4.1.2': rows[0]![6], import: { auditId: first.auditId } });
    expect(Object.keys(JSON.parse(created[0]!.after!)).filter((k) => /^\d/.test(k))).toHaveLength(23);

    await reopen(p, 'onsite');
    const edited = rows.map((r, i) => (i === 0 || i === 2 ? r.map((v, j) => (j === 6 ? (Number(v) + 5) % 105 : v === null && j === 7 ? '更正' : v)) : r));
    const res = await importScores(f.db, await xlsxFile(edited), opts({ fileName: 'corrected.xlsx' }));
    expect(res.problems).toEqual([]);
    expect(res.outcome).toBe('committed');
    expect(res.preview?.counts).toMatchObject({ changed: 2, unchanged: 44, sheetsUpdated: 1 });

    const [changed, reopened] = await listAudit(f.db, { entity: 'score_sheet', entityId: sheetId });
    expect(reopened!.action).toBe('sheet.reopen');
    expect(changed).toMatchObject({ action: 'import.scores.sheet', user_id: f.userId });
    expect(JSON.parse(changed!.before!)).toEqual({
      status: 'reopened',
      '4.1.2': rows[0]![6],
      '4.1.4': rows[2]![6],
      comments: { '4.1.2': null, '4.1.4': null },
    });
    expect(JSON.parse(changed!.after!)).toEqual({
      status: 'submitted',
      '4.1.2': edited[0]![6],
      '4.1.4': edited[2]![6],
      comments: { '4.1.2': '更正', '4.1.4': '更正' },
      import: { auditId: res.auditId, fileHash: res.fileHash },
    });
    // The other sheet was not touched, so it has no new row; the chain holds.
    const other = f.pairs.find((x) => x.appId !== p.appId || x.examinerId !== p.examinerId)!;
    expect(await listAudit(f.db, { entity: 'score_sheet', entityId: `${other.appId}:${other.examinerId}:onsite` })).toHaveLength(1);
    expect((await verifyAuditChain(f.db)).intact).toBe(true);
    const sheet = await f.db
      .selectFrom('score_sheets')
      .select('status')
      .where('application_id', '=', p.appId)
      .where('examiner_id', '=', p.examinerId)
      .where('stage', '=', 'onsite')
      .executeTakeFirstOrThrow();
    expect(sheet.status).toBe('submitted');
  });
});
