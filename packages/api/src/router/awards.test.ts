/** After the award (Art. 5, 22, 25, 27, 28): incidents, revocation reviews, revocation everywhere, feedback, the audit trail. */
import { listAudit } from '@mqa/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { assignedApplication, createFixture, errorOf, OPEN_YEAR, type Fixture } from '../test/helpers.ts';

let f: Fixture;
beforeAll(async () => {
  // The day after the third anniversary of the 2023 awards (awarded 2023-12-20).
  f = await createFixture({ now: () => new Date('2026-12-21T02:00:00Z') });
});

/** A 2023 organisation award without an open review (the first time), then the same one. */
let picked: number | null = null;
async function award2023() {
  const list = await f.as('secretariat').awards.list();
  const a = list.find((x) =>
    picked === null ? x.year === 2023 && x.applicantType === 'organisation' && x.openReviews.length === 0 && !x.revocation : x.id === picked,
  )!;
  picked = a.id;
  return a;
}

describe('awards.list (Art. 5, 22)', () => {
  it('lists every award with its status as @mqa/rules awardStatus gives it, the seeded revocation included', async () => {
    const list = await f.as('leadership').awards.list();
    const revoked = list.filter((a) => a.status === 'revoked');
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatchObject({ year: 2021, statusArticle: 28, revocation: { reason: 'major_accident', article: 28 } });
    expect(list.filter((a) => a.year === 2019).every((a) => a.status === 'expired')).toBe(true);
    // Awarded 2023-12-20: valid up to and including 2026-12-20; expired the next day.
    expect(list.filter((a) => a.year === 2023).every((a) => a.status === 'expired' && a.validUntil === '2026-12-20')).toBe(true);
    for (const a of list) expect(a.prizeRmb).toBe(a.applicantType === 'organisation' ? 500000 : 0);
  });
});

describe('incidents (Art. 27–28)', () => {
  it('opens a revocation review for a major accident on the third anniversary, not the day after; fraud at any time (Art. 27)', async () => {
    const sec = f.as('secretariat');
    const a = await award2023();
    const onAnniversary = await sec.incidents.report({
      organisationId: a.organisationId!,
      occurredOn: '2026-12-20',
      kind: 'safety_accident',
      severity: 'major',
      description: '较大生产安全事故（测试）。',
    });
    expect(onAnniversary).toMatchObject({ reviewStatus: 'open', revocationReview: true, article: 28 });
    expect(onAnniversary.message.zh).toMatch(/第28条/);
    const dayAfter = await sec.incidents.report({
      organisationId: a.organisationId!,
      occurredOn: '2026-12-21',
      kind: 'safety_accident',
      severity: 'major',
      description: '较大生产安全事故（测试）。',
    });
    expect(dayAfter).toMatchObject({ reviewStatus: 'none', revocationReview: false, article: null });
    expect(dayAfter.message.en).toMatch(/Art\. 28 does not apply/);
    const minor = await sec.incidents.report({
      organisationId: a.organisationId!,
      occurredOn: '2025-03-01',
      kind: 'violation',
      severity: 'general',
      description: '一般违规。',
    });
    expect(minor.reviewStatus).toBe('none');
    const fraud = await sec.incidents.report({
      organisationId: a.organisationId!,
      occurredOn: '2026-12-21',
      kind: 'fraud',
      severity: 'general',
      description: '申报材料造假。',
    });
    expect(fraud).toMatchObject({ reviewStatus: 'open', article: 27 });
    expect(
      (
        await errorOf(
          sec.incidents.report({ organisationId: a.organisationId!, occurredOn: '2027-01-01', kind: 'fraud', severity: 'major', description: '未来' }),
        )
      ).code,
    ).toBe('BAD_REQUEST');

    const open = await f.as('committee').incidents.list({ open: true });
    expect(open.map((i) => i.id)).toEqual(expect.arrayContaining([onAnniversary.id, fraud.id]));
    expect(open.map((i) => i.id)).not.toContain(dayAfter.id);
    const closed = await sec.incidents.closeReview({ id: fraud.id, reason: '经调查不属实。' });
    expect(closed.reviewStatus).toBe('closed_no_action');
    expect((await errorOf(sec.incidents.closeReview({ id: fraud.id, reason: '再次' }))).code).toBe('CONFLICT');
  });

  it('revocation records reason, article, date and recovery, closes the review, and changes the status everywhere', async () => {
    const sec = f.as('secretariat');
    const a = await award2023();
    const incident = (await sec.incidents.list({ open: true })).find((i) => i.organisationId === a.organisationId && i.kind === 'safety_accident')!;
    expect(a.openReviews).toContain(incident.id);
    // Computed (and cached) before the revocation.
    const followBefore = (await f.as('leadership').analytics.followUp()).find((x) => x.awardId === a.id)!;
    expect(followBefore.status).not.toBe('revoked');
    expect(followBefore.needsRevocationReview).toBe(true);
    const overviewBefore = await f.as('leadership').analytics.cycleOverview({ year: 2023 });
    expect(overviewBefore.awards.find((x) => x.awardId === a.id)!.status).not.toBe('revoked');
    const version = f.services.cache.version;

    const r = await sec.awards.revoke({
      awardId: a.id,
      reason: 'major_accident',
      detail: '获奖后3年内发生较大生产安全事故。',
      revokedOn: '2026-12-21',
      prizeRecoveredRmb: 500000,
      prizeRecoveredOn: '2026-12-21',
      incidentId: incident.id,
    });
    expect(f.services.cache.version).toBe(version + 1);
    expect(r).toMatchObject({ article: 28, status: 'revoked', closedIncidents: [incident.id] });
    expect(r.revocation).toMatchObject({ reason: 'major_accident', article: 28, revokedOn: '2026-12-21', prizeRecoveredRmb: 500000, incidentId: incident.id });

    const follow = (await f.as('leadership').analytics.followUp()).find((x) => x.awardId === a.id)!;
    expect(follow).toMatchObject({ status: 'revoked', statusArticle: 28, revocation: { reason: 'major_accident', article: 28 } });
    const listed = (await f.as('committee').awards.list()).find((x) => x.id === a.id)!;
    expect(listed).toMatchObject({ status: 'revoked', statusArticle: 28 });
    const overview = await f.as('leadership').analytics.cycleOverview({ year: 2023 });
    expect(overview.awards.find((x) => x.awardId === a.id)).toMatchObject({ status: 'revoked', revocation: { article: 28 } });
    expect(overview.ranked.find((x) => x.id === a.applicationId)!.award).toMatchObject({ revoked: true });
    const trends = await f.as('leadership').analytics.trends();
    expect(trends.find((t) => t.year === 2023)!.revoked).toBe(1);
    expect((await sec.incidents.list()).find((i) => i.id === incident.id)!.reviewStatus).toBe('revoked');

    expect((await errorOf(sec.awards.revoke({ awardId: a.id, reason: 'fraud', detail: '再次', revokedOn: '2026-12-21', prizeRecoveredRmb: 0 }))).code).toBe(
      'CONFLICT',
    );
    const audit = await sec.audit.list({ entity: 'award', entityId: a.id });
    expect(audit[0]).toMatchObject({ action: 'award.revoke', user: { username: 'test-secretariat' }, after: { article: 28, reason: 'major_accident' } });
  });

  it('refuses a revocation before the award, a recovery above the prize, and an Art. 28 revocation on an incident outside the 3 years', async () => {
    const sec = f.as('secretariat');
    const list = await sec.awards.list();
    const a = list.find((x) => x.year === 2023 && x.applicantType === 'organisation' && !x.revocation)!;
    const base = { awardId: a.id, reason: 'serious_violation' as const, detail: '测试', prizeRecoveredRmb: 0 };
    expect((await errorOf(sec.awards.revoke({ ...base, revokedOn: '2023-01-01' }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(sec.awards.revoke({ ...base, revokedOn: '2026-12-21', prizeRecoveredRmb: 600000 }))).code).toBe('BAD_REQUEST');
    const late = await sec.incidents.report({
      organisationId: a.organisationId!,
      occurredOn: '2026-12-21',
      kind: 'violation',
      severity: 'major',
      description: '严重违法（期满后）。',
    });
    expect(late.reviewStatus).toBe('none');
    const err = await errorOf(sec.awards.revoke({ ...base, revokedOn: '2026-12-21', incidentId: late.id }));
    expect(err.code).toBe('PRECONDITION_FAILED');
    expect(err.zh).toMatch(/不适用第28条/);
  });
});

describe('two-way feedback (Art. 25)', () => {
  it('examiners rate their own assigned applicants; the secretariat records applicants’ ratings of examiners; validated', async () => {
    const appId = await assignedApplication(f);
    const ex = f.as('examiner');
    const mine = await ex.feedback.submit({ applicationId: appId, direction: 'examiner_to_applicant', rating: 5, comment: '资料完整，配合积极。' });
    expect(mine).toMatchObject({ article: 25, examinerId: f.seed.demoExaminerId, rating: 5 });
    const low = await errorOf(ex.feedback.submit({ applicationId: appId, direction: 'examiner_to_applicant', rating: 2 }));
    expect(low.code).toBe('BAD_REQUEST');
    expect(low.zh).toMatch(/第25条/);
    expect(low.zh).toMatch(/必须填写评价意见/);
    expect((await errorOf(ex.feedback.submit({ applicationId: appId, direction: 'examiner_to_applicant', rating: 6, comment: 'x' }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(ex.feedback.submit({ applicationId: appId, direction: 'applicant_to_examiner', rating: 4 }))).code).toBe('FORBIDDEN');
    const notMine = await f.db
      .selectFrom('applications')
      .select('id')
      .where(
        'review_group_id',
        '!=',
        (await f.db.selectFrom('applications').select('review_group_id').where('id', '=', appId).executeTakeFirstOrThrow()).review_group_id,
      )
      .executeTakeFirstOrThrow();
    expect((await errorOf(ex.feedback.submit({ applicationId: notMine.id, direction: 'examiner_to_applicant', rating: 4 }))).code).toBe('FORBIDDEN');

    const sec = f.as('secretariat');
    const rated = await sec.feedback.submit({
      applicationId: appId,
      examinerId: f.seed.demoExaminerId,
      direction: 'applicant_to_examiner',
      rating: 1,
      comment: '评审时迟到。',
    });
    expect(rated.direction).toBe('applicant_to_examiner');
    expect((await errorOf(sec.feedback.submit({ applicationId: appId, direction: 'applicant_to_examiner', rating: 4 }))).code).toBe('BAD_REQUEST');
    const list = await sec.feedback.list({ year: OPEN_YEAR });
    expect(list.entries.map((e) => e.id)).toEqual(expect.arrayContaining([mine.id, rated.id]));
    expect(list.entries.find((e) => e.id === rated.id)!.low).toBe(true);
    expect(list.examiners.find((e) => e.examinerId === f.seed.demoExaminerId)).toMatchObject({ n: 1, meanRating: 1, low: 1 });
    // The seeded finished cycles have feedback in both directions.
    const seeded = await sec.feedback.list({ year: 2021 });
    expect(new Set(seeded.entries.map((e) => e.direction))).toEqual(new Set(['applicant_to_examiner', 'examiner_to_applicant']));
    expect((await listAudit(f.db, { entity: 'feedback', limit: 1 }))[0]!.action).toBe('feedback.submit');
  });
});

describe('audit.list (Art. 26)', () => {
  it('lists the newest entries first with the user, filtered by entity, parsed snapshots', async () => {
    const all = await f.as('secretariat').audit.list({ limit: 5 });
    expect(all.length).toBe(5);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.id).toBeGreaterThan(all[i]!.id);
    const incidents = await f.as('secretariat').audit.list({ entity: 'incident' });
    expect(incidents.length).toBeGreaterThan(0);
    expect(incidents.every((e) => e.entity === 'incident' && typeof e.after === 'object')).toBe(true);
    expect((await errorOf(f.as('secretariat').audit.list({ limit: 0 }))).code).toBe('BAD_REQUEST');
  });
});
