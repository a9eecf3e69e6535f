/**
 * Every procedure × every role: procedures declare their roles, allowed roles are not refused,
 * the others get FORBIDDEN, and anonymous callers get UNAUTHORIZED except on public procedures.
 */
import type { Role } from '@mqa/db';
import { ROLE_IDS as ROLES } from '@mqa/rules';
import { defaultWeightSet } from '@mqa/scoring';
import { beforeAll, describe, expect, it } from 'vitest';
import { appRouter, isCacheablePath } from './root.ts';
import { assignedApplication, codeOf, createFixture, OPEN_YEAR, TEST_PASSWORD, type Fixture } from './test/helpers.ts';
import { allow, router, type Meta } from './trpc.ts';
import { createContextInner } from './context.ts';

/** The roles each procedure is meant to allow (documented in README.md); 'public' = no sign-in. */
const EXPECTED: Record<string, readonly Role[] | 'public'> = {
  'auth.login': 'public',
  'auth.me': 'public',
  'auth.demoAccounts': 'public',
  'auth.logout': ['secretariat', 'committee', 'leadership', 'examiner'],
  'cycles.list': ['secretariat', 'committee', 'leadership'],
  'cycles.get': ['secretariat', 'committee', 'leadership'],
  'cycles.advancePhase': ['secretariat'],
  'cycles.create': ['secretariat'],
  'cycles.updateSettings': ['secretariat'],
  'cycles.preflight': ['secretariat'],
  'weights.assignToCycle': ['secretariat'],
  'weights.list': ['secretariat', 'committee', 'leadership'],
  'weights.get': ['secretariat', 'committee', 'leadership'],
  'weights.diff': ['secretariat', 'committee', 'leadership'],
  'weights.create': ['secretariat'],
  'weights.update': ['secretariat'],
  'weights.freeze': ['secretariat'],
  'applications.list': ['secretariat', 'committee', 'leadership'],
  'applications.page': ['secretariat', 'committee', 'leadership'],
  'applications.get': ['secretariat', 'committee', 'leadership', 'examiner'],
  'scoring.cycleResults': ['secretariat', 'committee'],
  'scoring.recordConsensus': ['secretariat', 'examiner'],
  'scoring.openConsensus': ['secretariat'],
  'scoring.consensusAgenda': ['secretariat', 'examiner'],
  'scoring.onsiteSelection': ['secretariat', 'committee'],
  'scoring.selectForOnsite': ['secretariat'],
  'scoring.myDesk': ['examiner'],
  'scoring.reopenSheet': ['secretariat'],
  'scoring.myAssignments': ['examiner'],
  'scoring.mySheet': ['examiner'],
  'scoring.saveSheet': ['examiner'],
  'scoring.submitSheet': ['examiner'],
  'scoring.myComparison': ['examiner'],
  'analytics.cycleOverview': ['secretariat', 'committee', 'leadership'],
  'analytics.sectors': ['secretariat', 'committee', 'leadership'],
  'analytics.trends': ['secretariat', 'committee', 'leadership'],
  'analytics.trendChanges': ['secretariat', 'committee', 'leadership'],
  'analytics.followUp': ['secretariat', 'committee', 'leadership'],
  'analytics.compare': ['secretariat', 'committee'],
  'analytics.panel': ['secretariat', 'committee'],
  'analytics.panelPage': ['secretariat', 'committee'],
  'analytics.cycleMatrix': ['secretariat', 'committee'],
  // The paged ranking reads like the overview; the compact re-ranking base like the score matrix.
  'analytics.ranking': ['secretariat', 'committee', 'leadership'],
  'analytics.notRanked': ['secretariat', 'committee', 'leadership'],
  'analytics.rerankBase': ['secretariat', 'committee'],
  'analytics.candidateDetails': ['secretariat', 'committee'],
  'analytics.rescore': ['secretariat', 'committee'],
  'analytics.acceptability': ['secretariat', 'committee'],
  'cycles.updateDates': ['secretariat'],
  'applications.checkEligibility': ['secretariat'],
  'applications.updateFacts': ['secretariat'],
  'applications.requestSupplement': ['secretariat'],
  'applications.setQualification': ['secretariat'],
  'applications.assignGroup': ['secretariat'],
  'applications.create': ['secretariat'],
  'applications.recordSupplement': ['secretariat'],
  'applications.materials': ['secretariat', 'committee', 'leadership', 'examiner'],
  'applications.deleteMaterial': ['secretariat'],
  'conflicts.list': ['secretariat', 'committee'],
  'conflicts.declare': ['secretariat'],
  'conflicts.detect': ['secretariat'],
  'comments.add': ['secretariat'],
  'comments.list': ['secretariat', 'committee'],
  'objections.add': ['secretariat'],
  'objections.decide': ['secretariat'],
  'objections.list': ['secretariat', 'committee'],
  'decisions.record': ['secretariat'],
  'decisions.list': ['secretariat', 'committee'],
  'decisions.ranking': ['secretariat', 'committee'],
  'comments.decide': ['secretariat'],
  'publications.publish': ['secretariat'],
  'publications.list': ['secretariat', 'committee', 'leadership'],
  'publications.get': ['secretariat', 'committee', 'leadership'],
  'meetings.rules': ['secretariat', 'committee', 'leadership'],
  'meetings.setRules': ['secretariat'],
  'meetings.create': ['secretariat'],
  'meetings.list': ['secretariat', 'committee', 'leadership'],
  'meetings.vote': ['secretariat', 'committee'],
  'meetings.close': ['secretariat'],
  'awards.list': ['secretariat', 'committee', 'leadership'],
  'awards.grant': ['secretariat'],
  'awards.revoke': ['secretariat'],
  'awards.grantPlan': ['secretariat', 'committee', 'leadership'],
  'awards.setIndividualPrize': ['secretariat'],
  'awards.recordPayment': ['secretariat'],
  'awards.recordRecovery': ['secretariat'],
  'indicators.get': ['secretariat', 'committee', 'leadership'],
  'indicators.record': ['secretariat'],
  'misuse.list': ['secretariat', 'committee', 'leadership'],
  'misuse.report': ['secretariat'],
  'misuse.handle': ['secretariat'],
  'incidents.report': ['secretariat'],
  'incidents.list': ['secretariat', 'committee', 'leadership'],
  'incidents.closeReview': ['secretariat'],
  'feedback.submit': ['secretariat', 'examiner'],
  'feedback.list': ['secretariat'],
  'audit.list': ['secretariat'],
  'audit.chain': ['secretariat'],
  'auth.changePassword': ['secretariat', 'committee', 'leadership', 'examiner'],
  'auth.logoutEverywhere': ['secretariat', 'committee', 'leadership', 'examiner'],
  'auth.activeSessions': ['secretariat'],
  'auth.endUserSessions': ['secretariat'],
  'users.list': ['secretariat'],
  'users.examinerRecords': ['secretariat'],
  'users.organisations': ['secretariat'],
  'users.create': ['secretariat'],
  'users.update': ['secretariat'],
  'users.resetPassword': ['secretariat'],
  'users.updateExaminer': ['secretariat'],
  'groups.list': ['secretariat', 'committee'],
  'groups.summaries': ['secretariat', 'committee'],
  'groups.page': ['secretariat', 'committee'],
  'groups.candidates': ['secretariat'],
  'groups.create': ['secretariat'],
  'groups.update': ['secretariat'],
  'groups.remove': ['secretariat'],
  'groups.autoAssign': ['secretariat'],
  'groups.setAgency': ['secretariat'],
  'groups.clearAgency': ['secretariat'],
};

let f: Fixture;
let appId: number;
let inputs: Record<string, unknown>;

beforeAll(async () => {
  f = await createFixture();
  appId = await assignedApplication(f);
  const points = defaultWeightSet().points;
  // Mutations run for real for the allowed roles: they touch the finished 2019 cycle, never the
  // examiner's open 2025 assignments.
  const c2019 = await f.db.selectFrom('cycles').select('id').where('year', '=', 2019).executeTakeFirstOrThrow();
  const app2019 = await f.db
    .selectFrom('applications')
    .select(['id', 'review_group_id', 'eligibility_facts'])
    .where('cycle_id', '=', c2019.id)
    .where('review_group_id', 'is not', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const other = await f.db.selectFrom('examiners').select('id').where('id', '!=', f.seed.demoExaminerId).orderBy('id').executeTakeFirstOrThrow();
  const award = await f.db.selectFrom('awards').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
  const org = await f.db.selectFrom('organisations').select('id').orderBy('id').executeTakeFirstOrThrow();
  await f.db.updateTable('review_groups').set({ leader_examiner_id: f.seed.demoExaminerId }).where('id', '=', app2019.review_group_id!).execute();
  inputs = {
    'cycles.updateDates': { year: 2019, dates: { noticeEnds: '2019-11-29' } },
    'applications.checkEligibility': { id: app2019.id },
    'applications.updateFacts': { id: app2019.id, facts: JSON.parse(app2019.eligibility_facts) },
    'applications.requestSupplement': { id: app2019.id, items: ['补充材料'] },
    'applications.setQualification': { id: appId, status: 'qualified' },
    // A frozen cycle: refused after the role check, nothing written.
    'applications.create': {
      year: 2019,
      applicantType: 'individual',
      name: '测试',
      sector: 'coal_mining',
      district: '150602',
      channel: 'district_bureau',
      recommender: '东胜区市场监督管理局',
      receivedOn: '2019-03-01',
      qualityWorkSince: '2001-01-01',
    },
    'applications.recordSupplement': { id: app2019.id, receivedOn: '2019-03-01' },
    'applications.materials': { id: appId },
    'applications.deleteMaterial': { id: app2019.id, materialId: 999999 },
    'applications.assignGroup': { id: app2019.id, reviewGroupId: app2019.review_group_id },
    'conflicts.list': { year: 2019 },
    'conflicts.declare': { applicationId: app2019.id, examinerId: other.id, reason: 'test reason' },
    'conflicts.detect': { year: 2019 },
    'comments.add': { year: 2019, body: 'test comment', receivedOn: '2019-08-01' },
    'comments.list': { year: 2019 },
    'objections.add': { applicationId: app2019.id, body: 'test objection', receivedOn: '2019-11-20' },
    'objections.decide': { id: 999999, outcome: 'dismissed', reason: 'test reason' },
    'objections.list': { year: 2019 },
    'decisions.record': { year: 2019, applicationIds: [app2019.id], decision: 'not_proposed' },
    'decisions.list': { year: 2019 },
    'decisions.ranking': { year: 2019 },
    // Refused after the role check (unknown ids, a finished cycle), nothing changed.
    'comments.decide': { id: 999999, outcome: 'noted', reason: 'test reason' },
    'publications.publish': { year: 2019, kind: 'results', startsOn: '2019-07-15', endsOn: '2019-08-09', contact: 'test contact' },
    'publications.list': { year: 2019 },
    'publications.get': { id: 999999 },
    'meetings.rules': { year: 2019 },
    'meetings.setRules': { year: 2019, numerator: 0, denominator: 3 },
    'meetings.create': { year: 2019, heldOn: '2019-09-01', presentUserIds: [999999] },
    'meetings.list': { year: 2019 },
    'meetings.vote': { meetingId: 999999, applicationId: 1, vote: 'for', onBehalfOf: 999999 },
    'meetings.close': { meetingId: 999999 },
    'awards.grant': { year: OPEN_YEAR, approvedOn: '2025-01-10', awards: [{ applicationId: appId, certificateNo: 'PROBE', plaqueNo: 'PROBE' }] },
    // Refused after the role check (unknown award / report, a cycle already granted), nothing changed.
    'awards.grantPlan': { year: 2019 },
    'awards.setIndividualPrize': { year: 2019, amountRmb: 0 },
    'awards.recordPayment': { awardId: 999999, paidOn: '2025-01-10' },
    'awards.recordRecovery': { awardId: 999999, amountRmb: 0, recoveredOn: '2025-01-10' },
    'indicators.get': { awardId: award.id },
    'indicators.record': { awardId: 999999, year: 2024, values: { customer_satisfaction: 90 } },
    'misuse.list': undefined,
    'misuse.report': { awardId: 999999, party: 'Probe', kind: 'misused', item: 'plaque', reportedOn: '2025-01-10', description: 'probe report' },
    'misuse.handle': { id: 999999, status: 'investigating', handledOn: '2025-01-10' },
    'awards.revoke': { awardId: award.id, reason: 'serious_violation', detail: 'test detail', revokedOn: '2025-01-10', prizeRecoveredRmb: 0 },
    'incidents.report': { organisationId: org.id, occurredOn: '2024-03-01', kind: 'violation', severity: 'general', description: 'test incident' },
    'incidents.list': { open: true },
    'incidents.closeReview': { id: 999999, reason: 'test reason' },
    'feedback.submit': { applicationId: appId, direction: 'examiner_to_applicant', rating: 4, comment: 'test' },
    'feedback.list': { year: 2019 },
    'audit.list': { limit: 5 },
    // A wrong current password: refused after the role check, nothing changed.
    'auth.changePassword': { current: 'not-the-password', next: 'Another-password-1' },
    'auth.endUserSessions': { userId: f.users.leadership.id },
    'users.create': { username: 'authz-probe', displayName: 'Probe', role: 'committee', password: 'Probe-password-1' },
    'users.update': { id: f.users.leadership.id, displayName: 'Test leadership' },
    'users.resetPassword': { id: 999999 },
    'users.updateExaminer': { id: 999999, nameZh: '测试', ties: [] },
    // Groups: refused after the role check (closed cycle, unknown ids or cycle), nothing changed.
    'groups.list': { year: 2019 },
    'groups.summaries': { year: 2019 },
    'groups.page': { year: 2019 },
    'groups.candidates': { year: 2019 },
    'groups.create': { year: 2019, name: '探针组', leaderUserId: f.users.examiner.id, memberUserIds: [f.users.examiner.id] },
    'groups.update': { id: 999999, name: '探针组' },
    'groups.remove': { id: 999999 },
    'groups.autoAssign': { year: 2019, dryRun: true },
    'groups.setAgency': { year: 2001, name: 'Probe', procurementRef: 'P-1', contractDate: '2001-01-01' },
    'groups.clearAgency': { year: 2019 },
    'auth.login': { username: 'test-secretariat', password: TEST_PASSWORD },
    'cycles.get': { year: OPEN_YEAR },
    'cycles.advancePhase': { year: 2019 },
    // Cycle settings: refused after the role check (a duplicate year, a cycle with scores), nothing changed.
    'cycles.create': { year: 2019 },
    'cycles.updateSettings': { year: 2019, flagThreshold: 25 },
    'cycles.preflight': { year: 2019 },
    'weights.assignToCycle': { weightSetId: 2, year: 2019 },
    'weights.get': { id: 1 },
    'weights.diff': { aId: 1, bId: 1 },
    'weights.create': { nameZh: '测试', nameEn: 'Test', points },
    'weights.update': { id: 1, points },
    'weights.freeze': { id: 1 },
    'applications.list': { year: OPEN_YEAR },
    'applications.page': { year: OPEN_YEAR },
    'applications.get': { id: appId },
    'scoring.cycleResults': { year: OPEN_YEAR },
    // The demo examiner leads the 2019 group here: the leader's call passes the role check and is
    // refused for the finished cycle's phase; the secretariat's is written (2019).
    'scoring.recordConsensus': { applicationId: app2019.id, itemId: '4.1.2', stage: 'material', percent: 50, reason: 'test reason' },
    'scoring.openConsensus': { applicationId: app2019.id, stage: 'material', reason: 'test reason' },
    'scoring.consensusAgenda': { year: 2019 },
    'scoring.onsiteSelection': { year: 2019 },
    'scoring.selectForOnsite': { year: 2019, applicationIds: [] },
    'scoring.reopenSheet': { applicationId: appId, examinerId: f.seed.demoExaminerId, stage: 'material', reason: 'test reason' },
    'scoring.mySheet': { applicationId: appId, stage: 'material' },
    'scoring.saveSheet': { applicationId: appId, stage: 'material', percents: { '4.1.2': 50 } },
    'scoring.submitSheet': { applicationId: appId, stage: 'material' },
    'scoring.myComparison': { applicationId: appId },
    'analytics.cycleOverview': { year: OPEN_YEAR },
    'analytics.sectors': { year: OPEN_YEAR },
    'analytics.compare': { year: OPEN_YEAR },
    'analytics.panel': { year: OPEN_YEAR },
    'analytics.panelPage': { year: OPEN_YEAR },
    'analytics.cycleMatrix': { year: OPEN_YEAR },
    'analytics.ranking': { year: OPEN_YEAR },
    'analytics.notRanked': { year: OPEN_YEAR },
    'analytics.rerankBase': { year: OPEN_YEAR },
    'analytics.candidateDetails': { year: OPEN_YEAR, ids: [1] },
    'analytics.rescore': { year: OPEN_YEAR, points },
    'analytics.acceptability': { year: OPEN_YEAR, samples: 200 },
  };
});

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: Meta; type: string } }>);

function call(role: Role | null, path: string): Promise<unknown> {
  const caller = f.as(role) as unknown as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
  const [ns, name] = path.split('.') as [string, string];
  return caller[ns]![name]!(inputs[path]);
}

describe('authorisation', () => {
  it('lists every procedure in the expected-roles table, and every procedure declares roles or public', () => {
    expect(procedures.length).toBeGreaterThanOrEqual(30);
    expect(procedures.map(([p]) => p).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [path, proc] of procedures) {
      const meta = proc._def.meta;
      const expected = EXPECTED[path]!;
      if (expected === 'public') expect(meta?.public, path).toBe(true);
      else expect([...(meta?.roles ?? [])].sort(), path).toEqual([...expected].sort());
    }
  });

  for (const role of [...ROLES, null] as const) {
    it(`enforces the roles for ${role ?? 'anonymous'} on every procedure`, async () => {
      const problems: string[] = [];
      for (const [path] of procedures) {
        const expected = EXPECTED[path]!;
        const code = await codeOf(call(role, path));
        const allowed = expected === 'public' || (role !== null && expected.includes(role));
        if (allowed) {
          if (code === 'FORBIDDEN' || code === 'UNAUTHORIZED') problems.push(`${path}: allowed but got ${code}`);
        } else {
          const want = role === null ? 'UNAUTHORIZED' : 'FORBIDDEN';
          if (code !== want) problems.push(`${path}: expected ${want}, got ${code}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it('marks as cacheable only queries whose answer is the same for every user of a role', () => {
    const cacheable = procedures.filter(([, p]) => p._def.meta?.cacheable).map(([path]) => path);
    expect(cacheable).toContain('analytics.cycleOverview');
    for (const path of cacheable) {
      expect(path.startsWith('auth.') || path.includes('.my') || path === 'applications.get', path).toBe(false);
      expect(isCacheablePath(path)).toBe(true);
    }
    expect(isCacheablePath('analytics.cycleOverview,analytics.trends')).toBe(true);
    expect(isCacheablePath('analytics.cycleOverview,auth.me')).toBe(false);
    expect(isCacheablePath('scoring.mySheet')).toBe(false);
    expect(isCacheablePath('weights.create')).toBe(false);
    expect(isCacheablePath('nope')).toBe(false);
  });

  it('refuses a procedure that declares no roles (fail closed)', async () => {
    const r = router({ x: allow().query(() => 1) });
    const caller = r.createCaller(createContextInner({ db: f.db, services: f.services, user: f.users.secretariat }));
    await expect(caller.x()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
