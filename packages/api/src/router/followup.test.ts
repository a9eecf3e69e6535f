/**
 * After the award (Art. 5, 22–23, 27–28, 30): granting with the government's approval date and
 * numbers, the prize and its payment, indicators for the three years, incidents for organisations
 * and individuals graded 一般/较大/重大, revocation with recovery, misuse reports — each with its
 * role matrix and its refusals.
 */
import { getCycleByYear, insertDecision, listAudit, setCyclePhase } from '@mqa/db';
import type { Role } from '@mqa/rules';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeOf, createFixture, errorOf, OPEN_YEAR, type Fixture } from '../test/helpers.ts';

let f: Fixture;
beforeAll(async () => {
  // 2026-03-01: the 2023 awards (2023-12-20) are in their third year.
  f = await createFixture({ now: () => new Date('2026-03-01T02:00:00Z') });
});

const ROLES: readonly (Role | null)[] = ['committee', 'leadership', 'examiner', null];

/** Every role but the secretariat is refused a write (anonymous: UNAUTHORIZED). */
async function writersOnly(call: (role: Role | null) => Promise<unknown>): Promise<void> {
  for (const role of ROLES) expect(await codeOf(call(role)), String(role)).toBe(role === null ? 'UNAUTHORIZED' : 'FORBIDDEN');
}

async function awardOf(kind: 'organisation' | 'individual', year = 2023) {
  const list = await f.as('secretariat').awards.list();
  return list.find((a) => a.year === year && a.applicantType === kind && !a.revocation)!;
}

describe('indicators.record (Art. 5, 28)', () => {
  it('records a year of an organisation awardee, audited old → new; readers read it; only the secretariat writes', async () => {
    const a = await awardOf('organisation');
    const sec = f.as('secretariat');
    const before = await f.as('leadership').indicators.get({ awardId: a.id });
    expect(before.years.map((y) => y.year)).toEqual([2023, 2024, 2025, 2026]);
    expect(before.years.map((y) => y.recordable)).toEqual([true, true, true, true]);
    expect(before.definitions.find((d) => d.id === 'customer_satisfaction')).toMatchObject({ min: 0, max: 100 });
    const r = await sec.indicators.record({
      awardId: a.id,
      year: 2025,
      values: { asset_contribution_pct: 12.5, customer_satisfaction: 91.2, energy_tce_per_10k_cny: 0.31 },
    });
    expect(r.values).toMatchObject({ asset_contribution_pct: 12.5, customer_satisfaction: 91.2, energy_tce_per_10k_cny: 0.31 });
    const again = await f.as('committee').indicators.get({ awardId: a.id });
    expect(again.years.find((y) => y.year === 2025)!.values.customer_satisfaction).toBe(91.2);
    const audit = await listAudit(f.db, { entity: 'award', entityId: a.id, limit: 1 });
    expect(audit[0]).toMatchObject({ action: 'indicators.record' });
    expect(JSON.parse(audit[0]!.after!)).toMatchObject({ year: 2025, values: { customer_satisfaction: 91.2 } });
    const follow = (await f.as('leadership').analytics.followUp()).find((x) => x.awardId === a.id)!;
    expect(follow.indicators.find((i) => i.id === 'customer_satisfaction')!.years.find((y) => y.year === 2025)!.value).toBe(91.2);
    await writersOnly((role) => f.as(role).indicators.record({ awardId: a.id, year: 2025, values: { customer_satisfaction: 80 } }));
    expect(await codeOf(f.as('examiner').indicators.get({ awardId: a.id }))).toBe('FORBIDDEN');
  });

  it('refuses a value outside its plausible range and stores nothing of that year', async () => {
    const a = await awardOf('organisation');
    const sec = f.as('secretariat');
    const err = await errorOf(sec.indicators.record({ awardId: a.id, year: 2024, values: { customer_satisfaction: 925, rd_intensity_pct: 2.1 } }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.zh).toMatch(/合理范围/);
    expect(err.en).toMatch(/plausible range 0–100/);
    expect(err.details).toMatchObject({ problems: [{ indicator: 'customer_satisfaction', code: 'out_of_range' }] });
    const got = await sec.indicators.get({ awardId: a.id });
    expect(got.years.find((y) => y.year === 2024)!.values.rd_intensity_pct).not.toBe(2.1);
    expect((await errorOf(sec.indicators.record({ awardId: a.id, year: 2024, values: { quality_safety_incidents: 1.5 } }))).code).toBe('BAD_REQUEST');
  });

  it('refuses a year outside the three-year validity, an individual award and an unknown award', async () => {
    const sec = f.as('secretariat');
    const a = await awardOf('organisation');
    const early = await errorOf(sec.indicators.record({ awardId: a.id, year: 2022, values: { customer_satisfaction: 90 } }));
    expect(early.code).toBe('BAD_REQUEST');
    expect(early.zh).toMatch(/第5条/);
    const old = await awardOf('organisation', 2019);
    expect((await errorOf(sec.indicators.record({ awardId: old.id, year: 2025, values: { customer_satisfaction: 90 } }))).en).toMatch(
      /outside the award's 3-year validity/,
    );
    const person = await awardOf('individual');
    const ind = await errorOf(sec.indicators.record({ awardId: person.id, year: 2025, values: { customer_satisfaction: 90 } }));
    expect(ind.code).toBe('BAD_REQUEST');
    expect(ind.zh).toMatch(/个人/);
    expect((await errorOf(sec.indicators.record({ awardId: 999999, year: 2025, values: { customer_satisfaction: 90 } }))).code).toBe('NOT_FOUND');
  });
});

describe('incidents.report for organisations and individuals (Art. 27–28)', () => {
  it('grades 一般/较大/重大: 较大 and above within the 3 years open a review, for an individual awardee too', async () => {
    const sec = f.as('secretariat');
    const person = await awardOf('individual');
    const general = await sec.incidents.report({
      awardId: person.id,
      occurredOn: '2025-06-01',
      kind: 'violation',
      severity: 'general',
      description: '一般违规（测试）。',
    });
    expect(general).toMatchObject({ subjectType: 'individual', reviewStatus: 'none', revocationReview: false, severityName: { zh: '一般' } });
    const larger = await sec.incidents.report({
      individualId: person.individualId!,
      occurredOn: '2025-07-01',
      kind: 'quality_accident',
      severity: 'larger',
      description: '较大质量事故（测试）。',
    });
    expect(larger).toMatchObject({
      subjectType: 'individual',
      individualId: person.individualId,
      reviewStatus: 'open',
      article: 28,
      severityName: { zh: '较大', en: 'Larger' },
    });
    const listed = (await f.as('leadership').incidents.list({ open: true })).find((i) => i.id === larger.id)!;
    expect(listed.subjectName.zh).toBe(person.name.zh);
    const follow = (await f.as('committee').analytics.followUp()).find((x) => x.awardId === person.id)!;
    expect(follow.needsRevocationReview).toBe(true);
    expect(follow.incidents.map((i) => i.id)).toEqual(expect.arrayContaining([general.id, larger.id]));
    expect((await sec.awards.list()).find((x) => x.id === person.id)!.openReviews).toContain(larger.id);
    const audit = await listAudit(f.db, { entity: 'incident', entityId: larger.id });
    expect(JSON.parse(audit[0]!.after!)).toMatchObject({ individualId: person.individualId, severity: 'larger', reviewStatus: 'open' });
  });

  it('refuses an unknown awardee, more than one subject and the old grades; only the secretariat reports', async () => {
    const sec = f.as('secretariat');
    const base = { occurredOn: '2025-01-01', kind: 'violation' as const, severity: 'major' as const, description: '测试事件' };
    const unknown = await errorOf(sec.incidents.report({ awardId: 999999, ...base }));
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.zh).toMatch(/获奖者/);
    expect((await errorOf(sec.incidents.report({ individualId: 999999, ...base }))).code).toBe('NOT_FOUND');
    const org = await awardOf('organisation');
    expect((await errorOf(sec.incidents.report({ awardId: org.id, organisationId: org.organisationId!, ...base }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(sec.incidents.report({ awardId: org.id, ...base, severity: 'minor' as never }))).code).toBe('BAD_REQUEST');
    await writersOnly((role) => f.as(role).incidents.report({ awardId: org.id, ...base }));
  });
});

describe('revocation with its decision and the prize recovery (Art. 27–28)', () => {
  it('revokes an individual award on its incident with the decision number; the notice is pending; a second revocation is refused', async () => {
    const sec = f.as('secretariat');
    const person = await awardOf('individual');
    const incident = (await sec.incidents.list({ open: true })).find((i) => i.individualId === person.individualId)!;
    const base = {
      awardId: person.id,
      reason: 'major_accident' as const,
      detail: '获奖后3年内发生较大质量事故。',
      incidentId: incident.id,
      decisionNo: '鄂府发〔2026〕1号',
    };
    const early = await errorOf(sec.awards.revoke({ ...base, revokedOn: '2025-06-30' }));
    expect(early.code).toBe('BAD_REQUEST');
    expect(early.zh).toMatch(/早于事件发生日期/);
    expect((await errorOf(sec.awards.revoke({ ...base, revokedOn: '2026-03-02' }))).code).toBe('BAD_REQUEST');
    const r = await sec.awards.revoke({ ...base, revokedOn: '2026-02-01' });
    expect(r).toMatchObject({
      article: 28,
      status: 'revoked',
      closedIncidents: [incident.id],
      revocation: { decisionNo: '鄂府发〔2026〕1号', noticePending: true, prizeToRecoverRmb: 0 },
    });
    const listed = (await f.as('leadership').awards.list()).find((a) => a.id === person.id)!;
    expect(listed).toMatchObject({ status: 'revoked', revocation: { decisionNo: '鄂府发〔2026〕1号', publicationId: null, noticePending: true } });
    expect((await f.as('committee').analytics.followUp()).find((a) => a.awardId === person.id)!.status).toBe('revoked');
    const again = await errorOf(sec.awards.revoke({ ...base, revokedOn: '2026-02-01' }));
    expect(again.code).toBe('CONFLICT');
    expect(again.zh).toMatch(/不能再次撤销/);
  });

  it('records the prize to recover, then when it was recovered; refuses an amount without a date, a date before the decision and too much', async () => {
    const sec = f.as('secretariat');
    const org = (await sec.awards.list()).filter((a) => a.year === 2023 && a.applicantType === 'organisation' && !a.revocation).at(-1)!;
    const base = { awardId: org.id, reason: 'fraud' as const, detail: '申报材料弄虚作假。', revokedOn: '2026-02-10', prizeToRecoverRmb: 500000 };
    expect((await errorOf(sec.awards.revoke({ ...base, prizeRecoveredRmb: 500000 }))).en).toMatch(/needs the date/);
    expect(await codeOf(sec.awards.recordRecovery({ awardId: org.id, amountRmb: 1, recoveredOn: '2026-02-11' }))).toBe('PRECONDITION_FAILED');
    const r = await sec.awards.revoke(base);
    expect(r.revocation).toMatchObject({
      article: 27,
      prizeToRecoverRmb: 500000,
      prizeRecoveredRmb: 0,
      prizeRecoveredOn: null,
      recoveryOutstandingRmb: 500000,
    });
    expect((await errorOf(sec.awards.recordRecovery({ awardId: org.id, amountRmb: 500000, recoveredOn: '2026-02-09' }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(sec.awards.recordRecovery({ awardId: org.id, amountRmb: 600000, recoveredOn: '2026-02-20' }))).code).toBe('BAD_REQUEST');
    await writersOnly((role) => f.as(role).awards.recordRecovery({ awardId: org.id, amountRmb: 500000, recoveredOn: '2026-02-20' }));
    const done = await sec.awards.recordRecovery({ awardId: org.id, amountRmb: 500000, recoveredOn: '2026-02-20' });
    expect(done.revocation).toMatchObject({ prizeRecoveredRmb: 500000, prizeRecoveredOn: '2026-02-20', recoveryOutstandingRmb: 0 });
    const audit = await listAudit(f.db, { entity: 'award', entityId: org.id, limit: 1 });
    expect(audit[0]!.action).toBe('award.recordRecovery');
    expect(JSON.parse(audit[0]!.before!)).toEqual({ prizeRecoveredRmb: 0, prizeRecoveredOn: null });
    await writersOnly((role) => f.as(role).awards.revoke({ ...base, awardId: org.id }));
  });
});

describe('the public notice of a revocation (Art. 27–28)', () => {
  it('publishes the notice with the revocation and stores it; a notice dated before the decision is refused and nothing is written', async () => {
    const sec = f.as('secretariat');
    const org = (await sec.awards.list()).filter((a) => a.year === 2023 && a.applicantType === 'organisation' && !a.revocation).at(0)!;
    const base = {
      awardId: org.id,
      reason: 'serious_violation' as const,
      detail: '获奖后3年内有严重违法违规生产经营行为',
      revokedOn: '2026-02-15',
      decisionNo: '鄂府发〔2026〕9号',
    };
    const early = await errorOf(sec.awards.revoke({ ...base, notice: { startsOn: '2026-02-14', contact: '市市场监督管理局 0477-0000000' } }));
    expect(early.code).toBe('BAD_REQUEST');
    expect((await sec.awards.list()).find((a) => a.id === org.id)!.revocation).toBeNull();
    const r = await sec.awards.revoke({ ...base, notice: { startsOn: '2026-02-16', contact: '市市场监督管理局 0477-0000000' } });
    expect(r.publication).not.toBeNull();
    expect(r.revocation).toMatchObject({ noticePending: false, publicationId: r.publication!.id });
    const p = await f.as('leadership').publications.get({ id: r.publication!.id });
    expect(p).toMatchObject({ kind: 'revocation', awardId: org.id, startsOn: '2026-02-16' });
    expect(p.title).toContain(org.name.zh);
    // The notice says when the revocation was decided, under which article and decision.
    expect(p.content.paragraphs.join('')).toMatch(
      /第二十八条规定，报请市人民政府批准，于2026年2月15日决定撤销其鄂尔多斯市市长质量奖奖励.*（鄂府发〔2026〕9号）/,
    );
    expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
    const follow = (await f.as('committee').analytics.followUp()).find((x) => x.awardId === org.id)!;
    expect(follow.revocation).toMatchObject({ decisionNo: '鄂府发〔2026〕9号', publicationId: r.publication!.id });
  });
});

describe('misuse of the title (Art. 30)', () => {
  it('records a report against an award and its handling, audited; readers list it; only the secretariat writes', async () => {
    const sec = f.as('secretariat');
    const org = await awardOf('organisation');
    const input = {
      awardId: org.id,
      party: '某商贸公司',
      kind: 'misused' as const,
      item: 'plaque' as const,
      reportedOn: '2026-02-15',
      description: '在广告中冒用奖牌。',
    };
    await writersOnly((role) => f.as(role).misuse.report(input));
    const m = await sec.misuse.report(input);
    expect(m).toMatchObject({ article: 30, status: 'open', certificateNo: org.certificateNo, kindName: { zh: '冒用' }, itemName: { zh: '奖牌' } });
    expect((await errorOf(sec.misuse.handle({ id: m.id, status: 'closed', handledOn: '2026-02-20' }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(sec.misuse.handle({ id: m.id, status: 'investigating', handledOn: '2026-02-14' }))).code).toBe('BAD_REQUEST');
    await writersOnly((role) => f.as(role).misuse.handle({ id: m.id, status: 'investigating', handledOn: '2026-02-16' }));
    await sec.misuse.handle({ id: m.id, status: 'investigating', handledOn: '2026-02-16' });
    const closed = await sec.misuse.handle({ id: m.id, status: 'closed', actionTaken: '责令停止使用并公开更正。', handledOn: '2026-02-25' });
    expect(closed).toMatchObject({
      status: 'closed',
      actionTaken: '责令停止使用并公开更正。',
      handledOn: '2026-02-25',
      handledBy: { name: 'Test secretariat' },
    });
    expect((await errorOf(sec.misuse.handle({ id: m.id, status: 'investigating', handledOn: '2026-02-26' }))).code).toBe('CONFLICT');
    const audit = await listAudit(f.db, { entity: 'misuse', entityId: m.id, limit: 1 });
    expect(audit[0]!.action).toBe('misuse.handle');
    expect(JSON.parse(audit[0]!.before!)).toMatchObject({ status: 'investigating' });
    expect(JSON.parse(audit[0]!.after!)).toMatchObject({ status: 'closed' });
    expect((await f.as('leadership').misuse.list()).map((x) => x.id)).toContain(m.id);
    expect((await f.as('committee').analytics.followUp()).find((x) => x.awardId === org.id)!.misuseReports.map((x) => x.id)).toContain(m.id);
    expect(await codeOf(f.as('examiner').misuse.list())).toBe('FORBIDDEN');
  });

  it('records a false claim without an award; refuses an unknown award and a misuse naming none', async () => {
    const sec = f.as('secretariat');
    const claim = await sec.misuse.report({
      party: '某建材公司',
      kind: 'false_claim',
      item: 'title',
      reportedOn: '2026-02-01',
      description: '宣传材料自称市长质量奖获奖企业。',
    });
    expect(claim).toMatchObject({ awardId: null, kind: 'false_claim' });
    expect(
      await codeOf(sec.misuse.report({ awardId: 999999, party: 'x', kind: 'misused', item: 'plaque', reportedOn: '2026-02-01', description: '测试' })),
    ).toBe('NOT_FOUND');
    expect(await codeOf(sec.misuse.report({ party: 'x', kind: 'sold_or_rented', item: 'certificate', reportedOn: '2026-02-01', description: '测试' }))).toBe(
      'BAD_REQUEST',
    );
    expect(await codeOf(sec.misuse.report({ party: 'x', kind: 'false_claim', item: 'title', reportedOn: '2026-03-02', description: '测试' }))).toBe(
      'BAD_REQUEST',
    );
  });
});

describe('awards.grant with the approval date and numbers (Art. 21–22)', () => {
  it('grants with the entered approval date, numbers, prize and payment; refuses dates before the period or in the future', async () => {
    const sec = f.as('secretariat');
    const cycle = (await getCycleByYear(f.db, OPEN_YEAR))!;
    const results = await sec.scoring.cycleResults({ year: OPEN_YEAR });
    const chosen = results.selection.selected.slice(0, 2);
    await setCyclePhase(f.db, cycle.id, 'public_notice');
    for (const id of chosen)
      await insertDecision(f.db, { cycleId: cycle.id, applicationId: id, decision: 'approved', reason: null, decidedOn: '2026-01-05', decidedBy: null });
    await writersOnly((role) => f.as(role).awards.setIndividualPrize({ year: OPEN_YEAR, amountRmb: 100000 }));
    expect(await sec.awards.setIndividualPrize({ year: OPEN_YEAR, amountRmb: 100000 })).toMatchObject({ individualPrizeRmb: 100000, previous: 0 });
    const plan = await f.as('committee').awards.grantPlan({ year: OPEN_YEAR });
    expect(plan.candidates).toHaveLength(2);
    for (const c of plan.candidates) expect(c.prizeRmb).toBe(c.applicantType === 'organisation' ? 500000 : 100000);
    const numbers = plan.candidates.map((c, i) => ({
      applicationId: c.applicationId,
      certificateNo: `鄂质奖证-2025-0${i + 1}`,
      plaqueNo: `鄂质奖牌-2025-0${i + 1}`,
    }));

    // No notice end recorded: the cycle's start bounds the period.
    const beforeCycle = await errorOf(sec.awards.grant({ year: OPEN_YEAR, approvedOn: '2024-12-31', awards: numbers }));
    expect(beforeCycle.code).toBe('BAD_REQUEST');
    expect(beforeCycle.zh).toMatch(/早于 2025 年度评审周期/);
    await sec.cycles.updateDates({ year: OPEN_YEAR, dates: { noticeStarts: '2026-01-05', noticeEnds: '2026-01-13' } });
    const onNotice = await errorOf(sec.awards.grant({ year: OPEN_YEAR, approvedOn: '2026-01-13', awards: numbers }));
    expect(onNotice).toMatchObject({ code: 'PRECONDITION_FAILED', details: { article: 21 } });
    expect(onNotice.en).toMatch(/must come after it/);
    expect((await errorOf(sec.awards.grant({ year: OPEN_YEAR, approvedOn: '2026-03-02', awards: numbers }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(sec.awards.grant({ year: OPEN_YEAR, approvedOn: '2026-02-01', awards: numbers.slice(1) }))).code).toBe('BAD_REQUEST');
    const reused = numbers.map((n, i) => (i === 0 ? { ...n, certificateNo: 'MQA-2023-01' } : n));
    expect((await errorOf(sec.awards.grant({ year: OPEN_YEAR, approvedOn: '2026-02-01', awards: reused }))).code).toBe('CONFLICT');
    const paidEarly = numbers.map((n) => ({ ...n, prizePaidOn: '2026-01-31' }));
    const orgPlan = plan.candidates.find((c) => c.applicantType === 'organisation');
    if (orgPlan) expect((await errorOf(sec.awards.grant({ year: OPEN_YEAR, approvedOn: '2026-02-01', awards: paidEarly }))).code).toBe('BAD_REQUEST');
    await writersOnly((role) => f.as(role).awards.grant({ year: OPEN_YEAR, approvedOn: '2026-02-01', awards: numbers }));

    const granted = await sec.awards.grant({ year: OPEN_YEAR, approvedOn: '2026-02-01', awards: numbers });
    expect(granted).toMatchObject({ approvedOn: '2026-02-01', awardedOn: '2026-02-01', validUntil: '2029-02-01', phase: 'awarded' });
    for (const a of granted.awards) {
      const n = numbers.find((x) => x.applicationId === a.applicationId)!;
      expect(a).toMatchObject({ certificateNo: n.certificateNo, plaqueNo: n.plaqueNo, approvedOn: '2026-02-01', prizePaidOn: null });
      expect(a.prizeRmb).toBe(a.applicantType === 'organisation' ? 500000 : 100000);
    }
    expect((await errorOf(sec.awards.setIndividualPrize({ year: OPEN_YEAR, amountRmb: 0 }))).code).toBe('CONFLICT');

    // The payment is recorded later, with its own date.
    const first = granted.awards[0]!;
    expect((await errorOf(sec.awards.recordPayment({ awardId: first.id, paidOn: '2026-01-31' }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(sec.awards.recordPayment({ awardId: first.id, paidOn: '2026-03-02' }))).code).toBe('BAD_REQUEST');
    await writersOnly((role) => f.as(role).awards.recordPayment({ awardId: first.id, paidOn: '2026-02-20' }));
    const paid = await sec.awards.recordPayment({ awardId: first.id, paidOn: '2026-02-20' });
    expect(paid).toMatchObject({ prizePaidOn: '2026-02-20', previous: null });
    const listed = (await f.as('leadership').awards.list()).find((a) => a.id === first.id)!;
    expect(listed).toMatchObject({ approvedOn: '2026-02-01', plaqueNo: first.plaqueNo, prizePaidOn: '2026-02-20', status: 'valid' });
    const audit = await listAudit(f.db, { entity: 'award', entityId: first.id, limit: 2 });
    expect(audit.map((e) => e.action)).toEqual(['award.recordPayment', 'award.grant']);
    expect(JSON.parse(audit[0]!.before!)).toEqual({ prizePaidOn: null });
  });
});
