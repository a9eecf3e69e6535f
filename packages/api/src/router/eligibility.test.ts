/** Eligibility (Art. 10–12), the qualification review and the single supplement request (Art. 16), confidential materials (Art. 29). */
import { addYears, addCalendarDays } from '@mqa/rules';
import { getCycleByYear, listAudit } from '@mqa/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { assignedApplication, createFixture, errorOf, OPEN_YEAR, type Fixture } from '../test/helpers.ts';

let f: Fixture;
let cycleId: number;
beforeAll(async () => {
  f = await createFixture();
  cycleId = (await getCycleByYear(f.db, OPEN_YEAR))!.id;
});

/** An eligible organisation application of the open cycle that is not the examiner's, with its facts. */
async function eligibleOrganisation(skip: number[] = []) {
  const row = await f.db
    .selectFrom('applications')
    .select(['id', 'eligibility_facts', 'received_on'])
    .where('cycle_id', '=', cycleId)
    .where('applicant_type', '=', 'organisation')
    .where('eligibility_status', '=', 'eligible')
    .where('status', '=', 'active')
    .where('id', 'not in', skip.length ? skip : [0])
    .orderBy('code', 'desc')
    .executeTakeFirstOrThrow();
  return { id: row.id, facts: JSON.parse(row.eligibility_facts) as Record<string, unknown>, receivedOn: row.received_on! };
}

describe('eligibility (Art. 10–12)', () => {
  it('passes exactly 3 years of operation on the day of receipt and fails one day short, with the article and zh/en reason', async () => {
    const sec = f.as('secretariat');
    const app = await eligibleOrganisation();
    const exactly = addYears(app.receivedOn, -3);
    const ok = await sec.applications.updateFacts({ id: app.id, facts: { ...app.facts, applicantType: 'organisation', foundedOn: exactly } });
    expect(ok).toMatchObject({ eligible: true, status: 'eligible', asOf: app.receivedOn, failures: [] });

    const short = addCalendarDays(exactly, 1);
    const bad = await sec.applications.updateFacts({ id: app.id, facts: { ...app.facts, applicantType: 'organisation', foundedOn: short } });
    expect(bad.eligible).toBe(false);
    expect(bad.failures).toHaveLength(1);
    expect(bad.failures[0]).toMatchObject({ article: 10, clause: 1, code: 'ORG_YEARS_OF_OPERATION', kind: 'condition', reason: 'failed' });
    expect(bad.failures[0]!.message.zh).toMatch(/第10条/);
    expect(bad.failures[0]!.message.en).toMatch(/Art\. 10/);

    // Stored: list and get return the failure with its article and both languages.
    const listed = (await f.as('committee').applications.list({ year: OPEN_YEAR })).find((a) => a.id === app.id)!;
    expect(listed.eligibility.status).toBe('ineligible');
    expect(listed.eligibility.failures[0]).toMatchObject({ article: 10, code: 'ORG_YEARS_OF_OPERATION' });
    expect(listed.eligibility.summary!.zh).toMatch(/第10条/);
    const audit = await listAudit(f.db, { entity: 'application', entityId: app.id });
    expect(audit[0]).toMatchObject({ action: 'application.updateFacts', user_id: f.users.secretariat.id });
    expect(JSON.parse(audit[0]!.after!).facts.foundedOn).toBe(short);
  });

  it('lists every failed condition of a vetoed applicant, and an ineligible application is never selected or decided', async () => {
    const sec = f.as('secretariat');
    const app = await eligibleOrganisation();
    const res = await sec.applications.updateFacts({
      id: app.id,
      facts: {
        ...app.facts,
        applicantType: 'organisation',
        onAbnormalOperationList: true,
        seriousTaxOrSocialInsuranceViolationWithin3Years: true,
        goodCreditRecord: undefined,
      },
    });
    const byCode = (a: readonly unknown[], b: readonly unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(res.failures.map((x) => [x.code, x.article, x.reason]).sort(byCode)).toEqual(
      [
        ['EXC_ABNORMAL_OPERATION_LIST', 12, 'failed'],
        ['EXC_TAX_SOCIAL_INSURANCE', 12, 'failed'],
      ].sort(byCode),
    );
    // The fact left blank is to be supplemented (Art. 16), not a veto.
    expect(res.toSupplement.map((x) => [x.code, x.article])).toEqual([['ORG_GOOD_CREDIT', 10]]);
    const results = await sec.scoring.cycleResults({ year: OPEN_YEAR });
    // Scored before the veto came to light: still listed, never ranked for selection, with the reason.
    const row = results.applications.find((a) => a.id === app.id)!;
    expect(row).toBeDefined();
    expect(row.selection).toMatchObject({ selected: false, rank: null, code: 'excluded' });
    expect(row.exclusion).toMatchObject({ code: 'ineligible', articles: [12] });
    expect(row.exclusion!.message.zh).toMatch(/第12条/);
    expect(row.exclusion!.message.en).toMatch(/Art\. 12/);
    expect(results.selection.selected).not.toContain(app.id);
    const err = await errorOf(sec.decisions.record({ year: OPEN_YEAR, applicationIds: [app.id], decision: 'shortlisted' }));
    expect(err.code).toBe('PRECONDITION_FAILED');
    expect(err.zh).toMatch(/第12条/);
    expect(err.details).toMatchObject({ articles: expect.arrayContaining([12]) });
  });

  it('re-runs the check over the stored facts and stores it (audited); refuses facts of the wrong applicant type or malformed', async () => {
    const sec = f.as('secretariat');
    const row = await f.db
      .selectFrom('applications')
      .select(['id', 'eligibility_failures'])
      .where('cycle_id', '=', cycleId)
      .where('eligibility_status', '=', 'ineligible')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    // Someone tampered with the stored status: the re-check restores the rules' verdict.
    await f.db.updateTable('applications').set({ eligibility_status: 'eligible', eligibility_failures: '[]' }).where('id', '=', row.id).execute();
    const r = await sec.applications.checkEligibility({ id: row.id });
    expect(r).toMatchObject({ eligible: false, status: 'ineligible', previousStatus: 'eligible' });
    expect(r.failures.map((x) => x.code)).toEqual((JSON.parse(row.eligibility_failures) as { code: string }[]).map((x) => x.code));
    expect(r.failures.every((x) => typeof x.article === 'number' && x.message.zh && x.message.en)).toBe(true);
    const stored = await f.db.selectFrom('applications').select('eligibility_status').where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(stored.eligibility_status).toBe('ineligible');
    expect((await listAudit(f.db, { entity: 'application', entityId: row.id }))[0]!.action).toBe('application.checkEligibility');

    const org = await eligibleOrganisation();
    expect((await errorOf(sec.applications.updateFacts({ id: org.id, facts: { applicantType: 'individual', yearsInQualityWork: 9 } }))).code).toBe(
      'BAD_REQUEST',
    );
    const malformed = await errorOf(sec.applications.updateFacts({ id: org.id, facts: { applicantType: 'organisation', foundedOn: '2020-02-30' } as never }));
    expect(malformed.code).toBe('BAD_REQUEST');
    const unknown = await errorOf(sec.applications.updateFacts({ id: org.id, facts: { applicantType: 'organisation', isLarge: true } as never }));
    expect(unknown.code).toBe('BAD_REQUEST');
  });
});

describe('qualification review (Art. 16)', () => {
  it('asks for every missing material in one notice and refuses a second request with CONFLICT citing Art. 16', async () => {
    const sec = f.as('secretariat');
    const app = await eligibleOrganisation();
    const version = f.services.cache.version;
    const first = await sec.applications.requestSupplement({ id: app.id, items: ['近3年纳税证明'] });
    expect(f.services.cache.version).toBe(version + 1);
    expect(first.article).toBe(16);
    const ids = first.items.map((i) => i.id);
    // The seeded applicant submitted a self-assessment report and performance evidence only.
    expect(ids).toEqual(expect.arrayContaining(['application_form', 'business_licence', 'recommendation_opinion', '近3年纳税证明']));
    expect(ids).not.toContain('self_assessment_report');
    expect(first.items.find((i) => i.id === 'business_licence')!.name.zh).toBe('营业执照或法人登记证书');
    const got = await sec.applications.get({ id: app.id });
    expect(got.qualificationStatus).toBe('supplement_requested');
    expect(got.supplementRequest!.items.map((i) => i.id)).toEqual(ids);

    const second = await errorOf(sec.applications.requestSupplement({ id: app.id, items: ['另一份材料'] }));
    expect(second.code).toBe('CONFLICT');
    expect(second.zh).toMatch(/第16条/);
    expect(second.zh).toMatch(/一次性告知/);
    expect(second.en).toMatch(/Art\. 16/);
    const rows = await f.db.selectFrom('supplement_requests').selectAll().where('application_id', '=', app.id).execute();
    expect(rows).toHaveLength(1);

    // Qualifying the application with materials still missing needs a confirmation; it then marks the supplement as received.
    const refused = await errorOf(sec.applications.setQualification({ id: app.id, status: 'qualified' }));
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(refused.zh).toMatch(/申报表/);
    expect(refused.en).toMatch(/Application form/);
    expect((await sec.applications.get({ id: app.id })).qualificationStatus).toBe('supplement_requested');
    const q = await sec.applications.setQualification({ id: app.id, status: 'qualified', confirm: true });
    expect(q.missingMaterials.map((m) => m.id)).toContain('application_form');
    expect(q).toMatchObject({ qualificationStatus: 'qualified', previousStatus: 'supplement_requested', article: 16 });
    expect((await sec.applications.get({ id: app.id })).supplementRequest!.fulfilledOn).not.toBeNull();
  });

  it('refuses to qualify an ineligible application, naming the failed articles', async () => {
    const row = await f.db
      .selectFrom('applications')
      .select('id')
      .where('cycle_id', '=', cycleId)
      .where('eligibility_status', '=', 'ineligible')
      .executeTakeFirstOrThrow();
    const err = await errorOf(f.as('secretariat').applications.setQualification({ id: row.id, status: 'qualified' }));
    expect(err.code).toBe('PRECONDITION_FAILED');
    expect(err.zh).toMatch(/第1[0-2]条/);
    const r = await f.as('secretariat').applications.setQualification({ id: row.id, status: 'rejected', reason: '不符合申报条件' });
    expect(r.qualificationStatus).toBe('rejected');
  });
});

describe('declared facts and cycle year in applications.get', () => {
  it('returns the stored facts (without applicantType) and the cycle year to every role that sees eligibility; never to other examiners', async () => {
    const appId = await assignedApplication(f);
    const stored = JSON.parse(
      (await f.db.selectFrom('applications').select('eligibility_facts').where('id', '=', appId).executeTakeFirstOrThrow()).eligibility_facts,
    ) as Record<string, unknown>;
    const { applicantType, ...declared } = stored;
    expect(['organisation', 'individual']).toContain(applicantType);
    expect(Object.keys(declared).length).toBeGreaterThan(0);
    for (const role of ['secretariat', 'committee', 'leadership', 'examiner'] as const) {
      const got = await f.as(role).applications.get({ id: appId });
      expect(got.year).toBe(OPEN_YEAR);
      expect(got.facts).toEqual(declared);
    }
    // An examiner of another group gets no answer at all (Art. 24), so no facts either.
    const groupOf = (await f.db.selectFrom('applications').select('review_group_id').where('id', '=', appId).executeTakeFirstOrThrow()).review_group_id;
    const other = await f.db
      .selectFrom('applications')
      .select('id')
      .where('cycle_id', '=', cycleId)
      .where('review_group_id', 'is not', null)
      .where('review_group_id', '!=', groupOf)
      .executeTakeFirstOrThrow();
    const err = await errorOf(f.as('examiner').applications.get({ id: other.id }));
    expect(err.code).toBe('FORBIDDEN');
  });

  it('gives the year of the application’s own cycle, the facts as updated, and null for unreadable stored facts', async () => {
    const older = await f.db
      .selectFrom('applications')
      .innerJoin('cycles', 'cycles.id', 'applications.cycle_id')
      .select(['applications.id as id', 'cycles.year as year'])
      .where('cycles.year', '!=', OPEN_YEAR)
      .executeTakeFirstOrThrow();
    expect((await f.as('committee').applications.get({ id: older.id })).year).toBe(older.year);

    const sec = f.as('secretariat');
    const app = await eligibleOrganisation();
    const facts = { ...app.facts, applicantType: 'organisation' as const, foundedOn: '2001-02-03', onAbnormalOperationList: true, goodCreditRecord: undefined };
    await sec.applications.updateFacts({ id: app.id, facts });
    const got = await f.as('leadership').applications.get({ id: app.id });
    expect(got.facts).toMatchObject({ foundedOn: '2001-02-03', onAbnormalOperationList: true });
    expect(got.facts).not.toHaveProperty('goodCreditRecord');
    expect(got.facts).not.toHaveProperty('applicantType');
    expect(got.eligibility.failures.map((x) => x.code)).toEqual(['EXC_ABNORMAL_OPERATION_LIST']);
    expect(got.eligibility.toSupplement.map((x) => x.code)).toEqual(['ORG_GOOD_CREDIT']);
    expect(got.eligibility.verdict).toBe('ineligible');

    await f.db.updateTable('applications').set({ eligibility_facts: 'not json' }).where('id', '=', app.id).execute();
    expect((await sec.applications.get({ id: app.id })).facts).toBeNull();
    await f.db.updateTable('applications').set({ eligibility_facts: '[true]' }).where('id', '=', app.id).execute();
    expect((await sec.applications.get({ id: app.id })).facts).toBeNull();
  });
});

describe('confidential materials (Art. 29)', () => {
  it('shows the body to the secretariat and the assigned examiner only; committee and leadership see the title; others are refused', async () => {
    const appId = await assignedApplication(f);
    await f.db
      .insertInto('application_materials')
      .values({
        application_id: appId,
        title: '工艺配方（商业秘密）',
        kind: 'supporting_documents',
        confidential: 1,
        body: 'SECRET-BODY',
        created_at: '2025-04-18T03:00:00Z',
      })
      .execute();
    const secret = (m: { title: string }) => m.title === '工艺配方（商业秘密）';
    const sec = (await f.as('secretariat').applications.get({ id: appId })).materials.find(secret)!;
    expect(sec).toMatchObject({ confidential: true, body: 'SECRET-BODY', bodyWithheld: false, article: 29 });
    const ex = await f.as('examiner').applications.get({ id: appId });
    expect(ex.materials.find(secret)!.body).toBe('SECRET-BODY');
    expect(ex.withheldConfidential).toBe(0);
    for (const role of ['committee', 'leadership'] as const) {
      const got = await f.as(role).applications.get({ id: appId });
      expect(got.materials.find(secret)).toMatchObject({ confidential: true, body: null, bodyWithheld: true, article: 29 });
      expect(JSON.stringify(got)).not.toContain('SECRET-BODY');
      expect(got.withheldConfidential).toBeGreaterThanOrEqual(1);
    }
    // An examiner of another group cannot open it at all.
    const other = await f.db
      .selectFrom('applications')
      .select('id')
      .where('cycle_id', '=', cycleId)
      .where('review_group_id', 'is not', null)
      .where(
        'review_group_id',
        '!=',
        (await f.db.selectFrom('applications').select('review_group_id').where('id', '=', appId).executeTakeFirstOrThrow()).review_group_id,
      )
      .executeTakeFirstOrThrow();
    expect((await errorOf(f.as('examiner').applications.get({ id: other.id }))).code).toBe('FORBIDDEN');
    // Once recused (Art. 24), the assigned examiner loses access too.
    await f.as('secretariat').conflicts.declare({ applicationId: appId, examinerId: f.seed.demoExaminerId, reason: '近亲属在该单位任职' });
    const err = await errorOf(f.as('examiner').applications.get({ id: appId }));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.zh).toMatch(/第24条/);
  });
});
