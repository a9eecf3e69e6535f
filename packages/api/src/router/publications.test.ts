/** Publications (Art. 18, 21, 27), comment outcomes, the shortlist (Art. 19), the committee meeting and its votes (Art. 20), objections on the notice. */
import { getPublicationFile, insertUser, listAudit } from '@mqa/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { listZipEntries as zipEntries, readZipEntry } from '../spreadsheet/zip.ts';
import { publishRevocationNotice, sha256Hex } from '../domain/publications.ts';
import { codeOf, createFixture, errorOf, OPEN_YEAR, type Fixture } from '../test/helpers.ts';
import { createContextInner, type SessionUser } from '../context.ts';
import { createCaller } from '../root.ts';

let f: Fixture;
let c2: SessionUser;
let c3: SessionUser;
const as = (u: SessionUser) => createCaller(createContextInner({ db: f.db, services: f.services, user: u }));
const CONTACT = '鄂尔多斯市市场监督管理局质量发展科，电话 0477-0000000';

beforeAll(async () => {
  f = await createFixture({ now: () => new Date('2026-01-20T02:00:00Z') });
  for (const name of ['c2', 'c3']) {
    const id = await insertUser(f.db, {
      username: `test-${name}`,
      display_name: `委员${name}`,
      password_hash: 'x',
      role: 'committee',
      examiner_id: null,
      disabled: 0,
      created_at: '2026-01-01T00:00:00Z',
    });
    const u: SessionUser = { id, username: `test-${name}`, displayName: `委员${name}`, role: 'committee', examinerId: null };
    if (name === 'c2') c2 = u;
    else c3 = u;
  }
  const sec = f.as('secretariat');
  await sec.cycles.advancePhase({ year: OPEN_YEAR, confirm: true }); // on-site review
  // Two places (Art. 3 allows fewer), so a third candidate who passes is the reserve.
  await f.db.updateTable('cycles').set({ award_cap: 2 }).where('year', '=', OPEN_YEAR).execute();
});

function docxText(file: Buffer): string {
  const entries = zipEntries(file);
  return readZipEntry(file, entries.get('word/document.xml')!).toString('utf8');
}

describe('publishing the results for comment (Art. 18)', () => {
  it('refuses a period shorter than 20 days, and other roles', async () => {
    const sec = f.as('secretariat');
    const short = await errorOf(sec.publications.publish({ year: OPEN_YEAR, kind: 'results', startsOn: '2025-12-01', endsOn: '2025-12-20', contact: CONTACT }));
    expect(short.code).toBe('BAD_REQUEST');
    expect(short.zh).toMatch(/第18条.*不少于20日/);
    expect(short.details).toMatchObject({ earliestEnd: '2025-12-21' });
    const input = { year: OPEN_YEAR, kind: 'results' as const, startsOn: '2025-12-01', endsOn: '2025-12-21', contact: CONTACT };
    for (const role of ['committee', 'leadership', 'examiner'] as const) expect(await codeOf(f.as(role).publications.publish(input))).toBe('FORBIDDEN');
    expect(await codeOf(f.as(null).publications.publish(input))).toBe('UNAUTHORIZED');
    expect(await f.as('secretariat').publications.list({ year: OPEN_YEAR })).toEqual([]);
  });

  it('produces the notice with the ranked names, the period and the article, stores it as published and records the dates', async () => {
    const sec = f.as('secretariat');
    const results = await sec.scoring.cycleResults({ year: OPEN_YEAR });
    const ranked = results.applications.filter((a) => a.rank !== null);
    const p = await sec.publications.publish({ year: OPEN_YEAR, kind: 'results', startsOn: '2025-12-01', endsOn: '2025-12-21', contact: CONTACT });
    expect(p).toMatchObject({ kind: 'results', article: 18, startsOn: '2025-12-01', endsOn: '2025-12-21', period: { days: 20, unit: 'calendar' } });
    expect(p.entries.map((e) => e.code)).toEqual(ranked.map((a) => a.code));
    expect(p.content.title).toBe('关于2025年度鄂尔多斯市市长质量奖评审结果公开征求意见的公告');
    expect(p.content.paragraphs.join('')).toMatch(/第十八条.*2025年12月1日至2025年12月21日（共20日，不少于20日）/);
    expect(p.content.after.join('')).toContain(CONTACT);
    const stored = (await getPublicationFile(f.db, p.id))!;
    expect(stored.file.subarray(0, 2).toString()).toBe('PK');
    expect(sha256Hex(stored.file)).toBe(p.sha256);
    const xml = docxText(stored.file);
    expect(xml).toContain('第十八条');
    expect(xml).toContain('2025年12月1日至2025年12月21日');
    for (const a of ranked.slice(0, 5)) expect(xml).toContain(a.name.zh);
    expect(xml).toContain('w:w="11906" w:h="16838"'); // A4
    const cycle = await sec.cycles.get({ year: OPEN_YEAR });
    expect(cycle.dates).toMatchObject({ commentStarts: '2025-12-01', commentEnds: '2025-12-21' });
    const audit = await listAudit(f.db, { entity: 'publication', entityId: p.id });
    expect(audit[0]).toMatchObject({ action: 'publication.publish' });
    expect(JSON.stringify(audit[0]!.after)).toContain(p.sha256);
    // Leadership reads the list; the stored text is the same later.
    const later = await f.as('leadership').publications.get({ id: p.id });
    expect(later.sha256).toBe(p.sha256);
    expect(later.content).toEqual(p.content);
  });
});

describe('comments and their outcome (Art. 18–19), the shortlist (Art. 19)', () => {
  let firstId: number;
  let secondId: number;
  let fourthId: number;
  it('records comments only within the published period, and decides them with a reason (audited)', async () => {
    const sec = f.as('secretariat');
    const ranking = await sec.decisions.ranking({ year: OPEN_YEAR });
    const ranked = ranking.candidates.filter((c) => c.rank !== null);
    firstId = ranked[0]!.applicationId;
    secondId = ranked[1]!.applicationId;
    fourthId = ranked[3]!.applicationId;
    const early = await errorOf(sec.comments.add({ year: OPEN_YEAR, applicationId: secondId, body: '反映该单位安全记录。', receivedOn: '2025-11-30' }));
    expect(early.code).toBe('BAD_REQUEST');
    expect(early.zh).toMatch(/早于征求意见期/);
    expect((await errorOf(sec.comments.add({ year: OPEN_YEAR, body: '晚到的意见。', receivedOn: '2025-12-22' }))).code).toBe('BAD_REQUEST');
    const c = await sec.comments.add({ year: OPEN_YEAR, applicationId: secondId, body: '反映该单位去年发生质量投诉未妥善处理。', receivedOn: '2025-12-10' });
    expect(c).toMatchObject({ withinCommentPeriod: true });
    expect(await codeOf(f.as('committee').comments.decide({ id: c.id, outcome: 'upheld', reason: '经核实' }))).toBe('FORBIDDEN');
    expect(await codeOf(f.as('leadership').comments.decide({ id: c.id, outcome: 'upheld', reason: '经核实' }))).toBe('FORBIDDEN');
    const d = await sec.comments.decide({ id: c.id, outcome: 'noted', reason: '先行记录' });
    expect(d).toMatchObject({ outcome: 'noted', previous: null });
    const d2 = await sec.comments.decide({ id: c.id, outcome: 'upheld', reason: '经核实，投诉属实且未整改。' });
    expect(d2).toMatchObject({ outcome: 'upheld', previous: 'noted', decidedBy: 'Test secretariat' });
    const audit = await listAudit(f.db, { entity: 'public_comment', entityId: c.id });
    expect(audit.find((a) => a.action === 'comment.decide' && JSON.stringify(a.before).includes('noted'))).toBeTruthy();
    const after = await f.as('committee').decisions.ranking({ year: OPEN_YEAR });
    const row = after.candidates.find((x) => x.applicationId === secondId)!;
    expect(row.comments).toHaveLength(1);
    expect(row.comments[0]).toMatchObject({ outcome: 'upheld', outcomeReason: '经核实，投诉属实且未整改。' });
    expect(row.commentCounts).toMatchObject({ total: 1, upheld: 1, open: 0 });
  });

  it('asks a reason for every departure from the ranking', async () => {
    const sec = f.as('secretariat');
    const ranking = await sec.decisions.ranking({ year: OPEN_YEAR });
    const ranked = ranking.candidates.filter((c) => c.rank !== null).map((c) => c.applicationId);
    const third = ranked[2]!;
    const ids = [firstId, third, fourthId];
    const refused = await errorOf(sec.decisions.record({ year: OPEN_YEAR, applicationIds: ids, decision: 'shortlisted' }));
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(refused.zh).toMatch(/第19条/);
    expect((refused.details as { missingReasons: number[] }).missingReasons.sort((x, y) => x - y)).toEqual([secondId, third, fourthId].sort((x, y) => x - y));
    const ok = await sec.decisions.record({
      year: OPEN_YEAR,
      applicationIds: ids,
      decision: 'shortlisted',
      departures: [
        { applicationId: secondId, reason: '公众意见经核实成立（投诉未整改）。' },
        { applicationId: third, reason: '第二名因公众意见未列入，依次递补。' },
        { applicationId: fourthId, reason: '第二名因公众意见未列入，依次递补。' },
      ],
    });
    expect(ok.departures.map((d) => [d.applicationId, d.kind])).toEqual(
      expect.arrayContaining([
        [secondId, 'skipped_higher'],
        [fourthId, 'included_lower'],
      ]),
    );
    const list = await f.as('committee').decisions.list({ year: OPEN_YEAR });
    expect(list.applications.find((a) => a.applicationId === fourthId)!.current.reason).toMatch(/依次递补/);
    // Each row names its applicant type as stored (the grant preview's prize, Art. 22), wherever it ranks.
    const stored = await f.db.selectFrom('applications').select(['id', 'applicant_type']).execute();
    const typeOf = new Map(stored.map((r) => [r.id, r.applicant_type]));
    expect(list.applications.length).toBeGreaterThan(0);
    for (const a of list.applications) expect(a.applicantType).toBe(typeOf.get(a.applicationId));
  });
});

describe('the committee meeting and its votes (Art. 20)', () => {
  let meetingId: number;
  let shortlist: number[];
  it('refuses a date within the comment period, a missing quorum and a non-member; then opens', async () => {
    const sec = f.as('secretariat');
    await sec.cycles.advancePhase({ year: OPEN_YEAR, confirm: true }); // public comment
    const committee = f.users.committee.id;
    const early = await errorOf(sec.meetings.create({ year: OPEN_YEAR, heldOn: '2025-12-21', presentUserIds: [committee, c2.id] }));
    expect(early.code).toBe('BAD_REQUEST');
    expect(early.zh).toMatch(/征求意见期/);
    const rules = await sec.meetings.rules({ year: OPEN_YEAR });
    expect(rules).toMatchObject({ quorum: { numerator: 2, denominator: 3, custom: false }, required: 2 });
    expect(rules.members).toHaveLength(3);
    const few = await errorOf(sec.meetings.create({ year: OPEN_YEAR, heldOn: '2025-12-28', presentUserIds: [committee] }));
    expect(few.code).toBe('PRECONDITION_FAILED');
    expect(few.zh).toMatch(/第20条/);
    expect((await errorOf(sec.meetings.create({ year: OPEN_YEAR, heldOn: '2025-12-28', presentUserIds: [committee, f.users.leadership.id] }))).code).toBe(
      'BAD_REQUEST',
    );
    expect(await codeOf(f.as('leadership').meetings.setRules({ year: OPEN_YEAR, numerator: 1, denominator: 2 }))).toBe('FORBIDDEN');
    await sec.meetings.setRules({ year: OPEN_YEAR, numerator: 1, denominator: 2 });
    await sec.meetings.setRules({ year: OPEN_YEAR, numerator: 2, denominator: 3 });
    expect((await listAudit(f.db, { entity: 'committee_rules' })).length).toBe(2);
    for (const role of ['committee', 'leadership', 'examiner'] as const) {
      expect(await codeOf(f.as(role).meetings.create({ year: OPEN_YEAR, heldOn: '2025-12-28', presentUserIds: [committee, c2.id] }))).toBe('FORBIDDEN');
    }
    const m = await sec.meetings.create({ year: OPEN_YEAR, heldOn: '2025-12-28', presentUserIds: [committee, c2.id] });
    expect(m).toMatchObject({ status: 'open', members: 3, quorum: { ok: true, required: 2 } });
    meetingId = m.id;
    shortlist = m.candidates.map((c) => c.applicationId);
    expect(shortlist).toHaveLength(3);
    expect(m.candidates.map((c) => c.position)).toEqual([1, 2, 3]);
  });

  it('lets each member present vote once per candidate (changes audited), hides the others’ votes until closed, marks paper votes', async () => {
    const sec = f.as('secretariat');
    const me = f.as('committee');
    const [a, b, c] = shortlist as [number, number, number];
    // A member not present, other roles and anonymous callers cannot vote.
    const absent = await errorOf(as(c3).meetings.vote({ meetingId, applicationId: a, vote: 'for' }));
    expect(absent.code).toBe('FORBIDDEN');
    expect(absent.zh).toMatch(/未出席/);
    expect(await codeOf(f.as('leadership').meetings.vote({ meetingId, applicationId: a, vote: 'for' }))).toBe('FORBIDDEN');
    expect(await codeOf(f.as('examiner').meetings.vote({ meetingId, applicationId: a, vote: 'for' }))).toBe('FORBIDDEN');
    expect(await codeOf(f.as(null).meetings.vote({ meetingId, applicationId: a, vote: 'for' }))).toBe('UNAUTHORIZED');
    expect((await errorOf(sec.meetings.vote({ meetingId, applicationId: a, vote: 'for' }))).code).toBe('BAD_REQUEST');

    for (const id of [a, b, c]) await me.meetings.vote({ meetingId, applicationId: id, vote: id === b ? 'against' : 'for' });
    const second = await errorOf(me.meetings.vote({ meetingId, applicationId: b, vote: 'for' }));
    expect(second.code).toBe('CONFLICT');
    expect(second.zh).toMatch(/只计一票/);
    const changed = await me.meetings.vote({ meetingId, applicationId: b, vote: 'for', change: true });
    expect(changed).toMatchObject({ changed: true, previous: 'against', vote: 'for' });
    expect((await listAudit(f.db, { entity: 'meeting_vote', entityId: `${meetingId}:${b}:${f.users.committee.id}` })).map((x) => x.action).sort()).toEqual([
      'meeting.changeVote',
      'meeting.vote',
    ]);

    await as(c2).meetings.vote({ meetingId, applicationId: a, vote: 'for' });
    // Before the close, a member sees only their own votes; nobody gets another member's.
    const seenByC2 = (await as(c2).meetings.list({ year: OPEN_YEAR })).find((m) => m.id === meetingId)!;
    expect(seenByC2.votes.every((v) => v.userId === c2.id)).toBe(true);
    expect(seenByC2.candidates.find((x) => x.applicationId === a)!.votesCast).toBe(2);
    const seenBySec = (await sec.meetings.list({ year: OPEN_YEAR })).find((m) => m.id === meetingId)!;
    expect(seenBySec.votes).toEqual([]);
    expect(JSON.stringify(await f.as('leadership').meetings.list({ year: OPEN_YEAR }))).not.toContain('"vote":"against"');
    expect(await as(c3).meetings.list({ year: OPEN_YEAR })).toEqual([]);
    // The secretariat records c2's paper ballot for the other two.
    await sec.meetings.vote({ meetingId, applicationId: b, vote: 'for', onBehalfOf: c2.id });
    await sec.meetings.vote({ meetingId, applicationId: c, vote: 'for', onBehalfOf: c2.id });
    expect((await errorOf(sec.meetings.vote({ meetingId, applicationId: c, vote: 'for', onBehalfOf: c3.id }))).code).toBe('FORBIDDEN');
  });

  it('closes with the cap, records the proposed awardees and refuses votes afterwards', async () => {
    const sec = f.as('secretariat');
    expect(await codeOf(f.as('committee').meetings.close({ meetingId }))).toBe('FORBIDDEN');
    expect(await codeOf(f.as('leadership').meetings.close({ meetingId }))).toBe('FORBIDDEN');
    const closed = await sec.meetings.close({ meetingId });
    expect(closed.status).toBe('closed');
    expect(closed.result).toMatchObject({ needed: 2, cap: 2, vacancies: 0 });
    expect(closed.result!.proposed).toEqual(shortlist.slice(0, 2));
    expect(closed.result!.reserve).toEqual([shortlist[2]]);
    expect(closed.votes).toHaveLength(6);
    expect(closed.votes.filter((v) => v.onPaper)).toHaveLength(2);
    const late = await errorOf(f.as('committee').meetings.vote({ meetingId, applicationId: shortlist[0]!, vote: 'against', change: true }));
    expect(late.code).toBe('CONFLICT');
    expect(late.zh).toMatch(/会议已结束/);
    const decisions = await f.as('committee').decisions.list({ year: OPEN_YEAR });
    for (const id of shortlist.slice(0, 2)) expect(decisions.applications.find((a) => a.applicationId === id)!.current.decision).toBe('proposed');
    expect(decisions.applications.find((a) => a.applicationId === shortlist[2])!.current.decision).toBe('shortlisted');
    // After the close every member sees every vote.
    const seen = (await as(c3).meetings.list({ year: OPEN_YEAR })).find((m) => m.id === meetingId)!;
    expect(seen.votes).toHaveLength(6);
  });

  it('publishes the notice (Art. 21); objections only against candidates on it; an upheld one moves the reserve up', async () => {
    const sec = f.as('secretariat');
    await sec.cycles.advancePhase({ year: OPEN_YEAR, confirm: true }); // committee review
    const before = await errorOf(sec.publications.publish({ year: OPEN_YEAR, kind: 'notice', startsOn: '2025-12-27', endsOn: '2026-01-14', contact: CONTACT }));
    expect(before.code).toBe('BAD_REQUEST');
    expect(before.zh).toMatch(/早于评审委员会会议日期/);
    const short = await errorOf(sec.publications.publish({ year: OPEN_YEAR, kind: 'notice', startsOn: '2026-01-05', endsOn: '2026-01-13', contact: CONTACT }));
    expect(short.zh).toMatch(/第21条.*7个工作日/);
    const notice = await sec.publications.publish({ year: OPEN_YEAR, kind: 'notice', startsOn: '2026-01-05', endsOn: '2026-01-14', contact: CONTACT });
    expect(notice.entries.map((e) => e.applicationId)).toEqual(shortlist.slice(0, 2));
    expect(notice.content.paragraphs.join('')).toMatch(/第二十一条.*2025年12月28日评审委员会全体成员会议审议通过.*2026年1月5日至2026年1月14日（7个工作日）/);
    const xml = docxText((await getPublicationFile(f.db, notice.id))!.file);
    expect(xml).toContain('拟授奖名单公示');
    expect(xml).not.toContain(notice.entries.length ? 'undefined' : '-');
    expect((await sec.cycles.get({ year: OPEN_YEAR })).dates).toMatchObject({ noticeStarts: '2026-01-05', noticeEnds: '2026-01-14' });

    const off = await errorOf(sec.objections.add({ applicationId: shortlist[2]!, body: '反映问题。', receivedOn: '2026-01-06' }));
    expect(off.code).toBe('PRECONDITION_FAILED');
    expect(off.zh).toMatch(/不在公示的拟授奖名单中（第21条）/);
    expect(off.en).toMatch(/not on the published notice/);
    const early = await errorOf(sec.objections.add({ applicationId: shortlist[0]!, body: '反映问题。', receivedOn: '2026-01-04' }));
    expect(early.code).toBe('BAD_REQUEST');
    const o = await sec.objections.add({ applicationId: shortlist[0]!, body: '反映申报数据不实。', receivedOn: '2026-01-07' });
    const d = await sec.objections.decide({ id: o.id, outcome: 'confirmed', reason: '经调查，申报的营业收入与税务记录不符。' });
    expect(d).toMatchObject({ applicationStatus: 'removed', promoted: { applicationId: shortlist[2] } });
    expect(d.removedReason!.zh).toMatch(/营业收入与税务记录不符/);
    const list = await f.as('committee').decisions.list({ year: OPEN_YEAR });
    const moved = list.applications.find((a) => a.applicationId === shortlist[2])!.current;
    expect(moved.decision).toBe('proposed');
    // The product's own two-language reason comes split, one language each (the dashboard shows one).
    expect(moved.reasonText!.zh).toContain('依次递补');
    expect(moved.reasonText!.en).toMatch(/^\S+ was removed after an upheld objection/);
    expect(moved.reasonText!.zh).not.toMatch(/[A-Za-z]{3}/);
    // The cancelled candidacy is no longer listed as proposed; its current decision keeps the finding.
    const cancelled = list.applications.find((a) => a.applicationId === shortlist[0])!;
    expect(cancelled.current.decision).toBe('not_proposed');
    expect(cancelled.current.reason).toMatch(/异议成立，取消授奖资格（第21条）：经调查，申报的营业收入与税务记录不符/);
    expect(cancelled.history.map((h) => h.decision)).toContain('proposed');
    expect(list.places).toBe(2);
    // The further notice lists the moved-up candidate.
    const again = await sec.publications.publish({ year: OPEN_YEAR, kind: 'notice', startsOn: '2026-01-15', endsOn: '2026-01-26', contact: CONTACT });
    expect(again.entries.map((e) => e.applicationId)).toEqual([shortlist[1], shortlist[2]]);
    expect((await sec.publications.list({ year: OPEN_YEAR })).map((p) => p.kind)).toEqual(['results', 'notice', 'notice']);
  });
});

describe('the revocation announcement (Art. 27–28) for the revocation procedure', () => {
  it('names the awardee, the article and the prize, and is stored like the others', async () => {
    const award = await f.db
      .selectFrom('awards')
      .innerJoin('cycles', 'cycles.id', 'awards.cycle_id')
      .select(['awards.id', 'awards.application_id', 'cycles.year'])
      .where('cycles.year', '=', 2023)
      .executeTakeFirstOrThrow();
    const app = await f.as('secretariat').applications.get({ id: award.application_id });
    const r = await f.db.transaction().execute((tx) =>
      publishRevocationNotice(tx, {
        awardId: award.id,
        article: 27,
        detail: '申报材料中的检测报告系伪造',
        prizeToRecoverRmb: 500000,
        startsOn: '2026-01-19',
        contact: CONTACT,
        userId: f.users.secretariat.id,
        at: '2026-01-19T02:00:00Z',
      }),
    );
    expect(r.content.title).toBe(`关于撤销${app.name.zh}鄂尔多斯市市长质量奖的公告`);
    expect(r.content.paragraphs.join('')).toMatch(/第二十七条.*撤销其鄂尔多斯市市长质量奖称号，收回奖牌、证书，追缴奖金人民币500,000元/);
    const pubs = await f.as('leadership').publications.list({ year: 2023 });
    expect(pubs.find((p) => p.id === r.id)).toMatchObject({ kind: 'revocation', awardId: award.id, endsOn: null, sha256: r.sha256 });
    expect(docxText((await getPublicationFile(f.db, r.id))!.file)).toContain(app.name.zh);
  });
});
