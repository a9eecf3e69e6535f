/**
 * A sized synthetic cycle for scale tests and benchmarks: `generateScalePlan(seed, n)` builds one
 * cycle (2025, material review) of `n` applications, each scored on all 23 items by the seven
 * examiners of its review group, in the style of the demo generator (seeded PRNG, latent
 * qualities, examiner leniency and noise, recusals, consensus on wide disagreements). Like the
 * demo, it is synthetic and says so: organisations are 示例… / Demo …, examiners 示例评审员… .
 *
 * Groups hold about {@link SCALE_APPLICATIONS_PER_GROUP} applications and seven examiners each;
 * every examiner serves in one group. Pure: the same seed and size always give the same plan.
 */
import { PRIORITY_AREAS, checkEligibility, type EligibilityFacts } from '@mqa/rules';
import { ITEMS, ITEM_IDS, defaultWeightSet, scoreCycle } from '@mqa/scoring';
import type { Channel } from '../schema.ts';
import { type CycleDates, type DemoPlan, type PlanApplication, type PlanExaminer, type PlanGroup } from './generate.ts';
import { Rng, toPercent } from './prng.ts';
import { DEMO_DISTRICTS, DEMO_SECTORS, INDUSTRY_ASSOCIATIONS, LEGAL_FORMS, MUNICIPAL_DEPARTMENTS, districtBureau, type SectorRef } from './reference.ts';
import { demoUscc } from './uscc.ts';

/** Year of the sized cycle. */
export const SCALE_YEAR = 2025;
/** Examiners per review group: every application is scored by seven examiners. */
export const SCALE_EXAMINERS_PER_GROUP = 7;
/** Target number of applications per review group (the last groups may hold one fewer). */
export const SCALE_APPLICATIONS_PER_GROUP = 20;
/** Largest size the generator accepts (the USCC bodies it makes up are numbered below 10⁶). */
export const SCALE_MAX_APPLICATIONS = 200_000;

const DATES: CycleDates = {
  call_opens: '2025-03-03',
  call_closes: '2025-04-11',
  applications_received: '2025-04-18',
  qualification_done: '2025-04-30',
  review_starts: '2025-06-09',
  review_ends: null,
  comment_starts: null,
  comment_ends: null,
  notice_starts: null,
  notice_ends: null,
};
const MIN_TOTAL = 600;
const FLAG_THRESHOLD = 30;
const SHARE_INDIVIDUALS = 0.05;
const SHARE_INELIGIBLE = 0.04;
/** One eligible application in this many (organisations only) has a recused examiner. */
const RECUSAL_EVERY = 100;

const ITEM_KIND = new Map(ITEMS.map((i) => [i.id, i.kind]));
const VETOES = ['onAbnormalOperationList', 'majorIncidentWithin3Years', 'seriousTaxOrSocialInsuranceViolationWithin3Years', 'lacksRequiredLicences'] as const;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function emptyPlan(seed: number): DemoPlan {
  return {
    seed,
    weightSets: [],
    cycles: [],
    organisations: [],
    individuals: [],
    examiners: [],
    ties: [],
    groups: [],
    applications: [],
    supplements: [],
    materials: [],
    conflicts: [],
    scores: [],
    sheets: [],
    consensus: [],
    comments: [],
    objections: [],
    decisions: [],
    awards: [],
    revocations: [],
    indicators: [],
    incidents: [],
    feedback: [],
    demoExaminer: '',
  };
}

/** Throws a RangeError (bilingual) unless `n` is a whole number of applications the generator can make. */
export function assertScaleSize(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1 || n > SCALE_MAX_APPLICATIONS) {
    throw new RangeError(
      `The number of applications must be an integer from 1 to ${SCALE_MAX_APPLICATIONS}, got ${String(n)} (申报数量须为 1 至 ${SCALE_MAX_APPLICATIONS} 的整数)`,
    );
  }
}

/** One synthetic cycle of `applications` applications (see the module comment). */
export function generateScalePlan(seed: number, applications: number): DemoPlan {
  assertScaleSize(applications);
  const rng = new Rng(seed);
  const plan = emptyPlan(seed);
  const gbt = defaultWeightSet();
  plan.weightSets.push({
    code: 'gbt19580-2012',
    version: 1,
    name_zh: 'GB/T 19580-2012 标准分值',
    name_en: 'GB/T 19580-2012 standard points',
    status: 'frozen',
    basedOnCode: null,
    note: '国家标准默认分值（1000分）。/ The standard’s default points (1000).',
    created_at: '2025-02-20T02:00:00.000Z',
    frozen_at: '2025-06-09T00:00:00.000Z',
    points: { ...gbt.points },
  });
  plan.cycles.push({
    year: SCALE_YEAR,
    phase: 'material_review',
    award_cap: 5,
    min_total: MIN_TOTAL,
    weightSetCode: 'gbt19580-2012',
    aggregation_method: 'consensus',
    aggregation_fallback: 'trimmed',
    flag_threshold: FLAG_THRESHOLD,
    created_at: '2025-02-21T02:00:00.000Z',
    ...DATES,
  });

  const itemRng = rng.fork(3);
  const itemOffset = ITEM_IDS.map((id) => itemRng.normal(ITEM_KIND.get(id) === 'results' ? -2 : 0, 3));
  const sectorBag: SectorRef[] = DEMO_SECTORS.flatMap((s) => Array.from({ length: s.weight }, () => s));

  // --- Applicants -----------------------------------------------------------------------------
  const appRng = rng.fork(1);
  interface App {
    row: PlanApplication;
    uscc: string | null;
    truth: number[];
    group: number;
  }
  const apps: App[] = [];
  let persons = 0;
  for (let k = 0; k < applications; k++) {
    const serial = pad(k + 1, 6);
    const code = `${SCALE_YEAR}-${serial}`;
    const sector = appRng.pick(sectorBag);
    const districtCode = appRng.chance(0.75) ? appRng.pick(sector.home) : appRng.pick(DEMO_DISTRICTS).code;
    const district = DEMO_DISTRICTS.find((d) => d.code === districtCode)!;
    const individual = appRng.chance(SHARE_INDIVIDUALS);
    const ineligible = appRng.chance(SHARE_INELIGIBLE);
    const received = `2025-04-${pad(appRng.int(1, 11), 2)}`;
    let facts: EligibilityFacts;
    let uscc: string | null = null;
    let individualName: string | null = null;
    if (individual) {
      persons++;
      individualName = `示例人员 ${serial}`;
      const since = `${appRng.int(1995, 2015)}-${pad(appRng.int(1, 12), 2)}-01`;
      plan.individuals.push({
        name_zh: individualName,
        name_en: `Demo Person ${serial}`,
        organisationUscc: null,
        position_zh: '质量工程师',
        position_en: 'Quality engineer',
        is_head: 0,
        quality_work_since: since,
        district: district.code,
        sector: sector.id,
      });
      facts = {
        applicantType: 'individual',
        qualityWorkSince: since,
        innovationContribution: true,
        integrityAndGoodCredit: !ineligible,
        isHeadOfOrganisation: false,
        awardFraudWithin3Years: false,
        seriousTaxOrSocialInsuranceViolationWithin3Years: false,
        onSeriousDishonestyList: false,
      };
    } else {
      const [stemZh, stemEn] = appRng.pick(sector.stems);
      const [formZh, formEn] = appRng.pick(LEGAL_FORMS);
      uscc = demoUscc(district.code, `MB${pad(k + 1, 6)}`);
      const foundedOn = `${appRng.int(1988, 2014)}-${pad(appRng.int(1, 12), 2)}-${pad(appRng.int(1, 28), 2)}`;
      plan.organisations.push({
        uscc,
        name_zh: `示例${district.shortZh}${stemZh}${formZh}（${serial}）`,
        name_en: `Demo ${district.shortEn} ${stemEn} ${formEn} (${serial})`,
        sector: sector.id,
        district: district.code,
        founded_on: foundedOn,
        legal_person: 1,
      });
      facts = {
        applicantType: 'organisation',
        registeredInOrdos: true,
        independentLegalPerson: true,
        foundedOn,
        continuousNormalOperation: true,
        licencesHeld: true,
        compliesWithRegulations: true,
        qualitySystemAppliesGbT19580: true,
        topOfSectorFor3Years: true,
        goodCreditRecord: true,
        contravenesNationalPolicy: false,
        lacksRequiredLicences: false,
        majorIncidentWithin3Years: false,
        onAbnormalOperationList: false,
        awardFraudWithin3Years: false,
        seriousTaxOrSocialInsuranceViolationWithin3Years: false,
        onSeriousDishonestyList: false,
      };
      if (ineligible) {
        const veto = VETOES[k % VETOES.length]!;
        (facts as unknown as Record<string, unknown>)[veto] = true;
        if (veto === 'lacksRequiredLicences') facts.licencesHeld = false;
      }
    }
    const check = checkEligibility(facts, { asOf: received });
    const channelRoll = appRng.next();
    const channel: Channel = channelRoll < 0.55 ? 'district_bureau' : channelRoll < 0.8 ? 'municipal_department' : 'industry_association';
    const body =
      channel === 'district_bureau'
        ? districtBureau(district)
        : channel === 'municipal_department'
          ? MUNICIPAL_DEPARTMENTS[sector.id]!
          : INDUSTRY_ASSOCIATIONS[sector.id]!;
    const priorityAreas = appRng
      .sample(
        PRIORITY_AREAS.map((p) => p.id),
        appRng.pick([0, 1, 1, 2, 2, 3]),
      )
      .sort();
    const row: PlanApplication = {
      year: SCALE_YEAR,
      code,
      applicant_type: individual ? 'individual' : 'organisation',
      organisationUscc: uscc,
      individualName,
      channel,
      recommending_body: body,
      received_on: received,
      eligibility_facts: JSON.stringify(facts),
      eligibility_status: check.eligible ? 'eligible' : 'ineligible',
      eligibility_failures: JSON.stringify(check.failures),
      qualification_status: check.eligible ? 'qualified' : 'rejected',
      group: null,
      status: 'active',
      removed_reason: null,
      created_at: `${received}T03:00:00.000Z`,
      priorityAreas,
    };
    // Latent level and true percentage per item, as in the demo: results items follow the process items.
    const level = clamp(52 + 9 * appRng.normal(0, 1) + sector.qualityEffect + appRng.normal(0, 2.5), 20, 88);
    const truth: number[] = [];
    let procDev = 0;
    let procN = 0;
    ITEM_IDS.forEach((id, t) => {
      if (ITEM_KIND.get(id) !== 'process') return;
      const v = level + itemOffset[t]! + appRng.normal(0, 5);
      procDev += v - level;
      procN++;
      truth[t] = v;
    });
    procDev /= procN;
    ITEM_IDS.forEach((id, t) => {
      if (ITEM_KIND.get(id) === 'results') truth[t] = level + itemOffset[t]! + 0.7 * procDev + appRng.normal(0, 5);
    });
    apps.push({ row, uscc, truth: truth.map((v) => clamp(v, 5, 95)), group: -1 });
    plan.applications.push(row);
    const who = uscc ? plan.organisations[plan.organisations.length - 1]!.name_zh : individualName!;
    plan.materials.push({
      application: code,
      title: `${who}自我评价报告（${SCALE_YEAR}）`,
      kind: 'self_assessment_report',
      confidential: 0,
      body: `【合成演示数据】${who}依据 GB/T 19580-2012 撰写的自我评价报告摘要。本文为生成的示例文本，不涉及任何真实组织。`,
      created_at: row.created_at,
    });
  }

  // --- Examiners and review groups (seven per group, each examiner in one group) ---------------
  const exRng = rng.fork(2);
  const eligible = apps.filter((a) => a.row.eligibility_status === 'eligible');
  const nGroups = Math.max(1, Math.round(eligible.length / SCALE_APPLICATIONS_PER_GROUP));
  const width = Math.max(2, String(nGroups * SCALE_EXAMINERS_PER_GROUP).length);
  const examiners: { row: PlanExaminer; leniency: number; noise: number }[] = [];
  for (let i = 0; i < nGroups * SCALE_EXAMINERS_PER_GROUP; i++) {
    const n = pad(i + 1, width);
    const row: PlanExaminer = {
      name_zh: `示例评审员${n}`,
      name_en: `Demo Examiner ${n}`,
      employer_name: exRng.pick(['示例质量技术研究院', '示例高等院校', '示例质量管理咨询中心', '示例标准化研究所']),
      employer_uscc: null,
      expertise: exRng.chance(0.5) ? exRng.pick(DEMO_SECTORS).expertise : '卓越绩效模式 / Performance excellence',
    };
    examiners.push({ row, leniency: exRng.normal(0, 4), noise: exRng.uniform(3, 6.5) });
    plan.examiners.push(row);
  }
  const groupMembers: (typeof examiners)[] = [];
  const groups: PlanGroup[] = [];
  for (let g = 0; g < nGroups; g++) {
    const members = examiners.slice(g * SCALE_EXAMINERS_PER_GROUP, (g + 1) * SCALE_EXAMINERS_PER_GROUP);
    let leader = members[0]!;
    for (const m of members) if (m.noise < leader.noise) leader = m;
    const group: PlanGroup = {
      year: SCALE_YEAR,
      name_zh: `第${g + 1}评审组`,
      name_en: `Review Group ${g + 1}`,
      leader: leader.row.name_zh,
      members: members.map((m) => m.row.name_zh),
    };
    groups.push(group);
    groupMembers.push(members);
    plan.groups.push(group);
  }
  const grpRng = rng.fork(4);
  grpRng.shuffle(eligible).forEach((a, i) => {
    a.group = i % nGroups;
    a.row.group = groups[a.group]!.name_zh;
  });
  plan.demoExaminer = groupMembers[0]!.find((m) => m.row.name_zh !== groups[0]!.leader)!.row.name_zh;

  // --- Recusals (Art. 24): a declared tie; every third one declared only after scoring --------
  const scoreRng = rng.fork(5);
  const recusals: { applicationId: string; examinerId: string }[] = [];
  const skip = new Set<string>();
  for (const [i, a] of eligible.entries()) {
    if (!a.uscc || i % RECUSAL_EVERY !== 0) continue;
    const m = scoreRng.pick(groupMembers[a.group]!);
    const late = recusals.length % 3 === 1;
    plan.ties.push({ examiner: m.row.name_zh, organisationUscc: a.uscc, kind: 'business', note: '近三年为该单位提供管理咨询服务（合成示例）' });
    plan.conflicts.push({
      application: a.row.code,
      examiner: m.row.name_zh,
      source: 'declared',
      reason: late
        ? '评审员申报回避：近三年为该单位提供管理咨询服务（合成示例）（评分提交后补充申报，已评分数不计入 / declared after scoring: the scores are excluded）'
        : '评审员申报回避：近三年为该单位提供管理咨询服务（合成示例） / Declared tie (business)',
      declared_at: late ? '2025-06-20T06:00:00.000Z' : '2025-06-06T01:30:00.000Z',
    });
    recusals.push({ applicationId: a.row.code, examinerId: m.row.name_zh });
    if (!late) skip.add(`${a.row.code}|${m.row.name_zh}`);
  }

  // --- Material-stage scores: every member, every item, every sheet submitted ------------------
  const materialScores: { applicationId: string; examinerId: string; itemId: string; percent: number }[] = [];
  eligible.forEach((a, ai) => {
    const day = `2025-06-${pad(10 + (ai % 7), 2)}`;
    groupMembers[a.group]!.forEach((m, mi) => {
      if (skip.has(`${a.row.code}|${m.row.name_zh}`)) return;
      const updated = `${day}T${pad(9 + (mi % 8), 2)}:${pad((ai * 7 + mi * 13) % 60, 2)}:00.000Z`;
      ITEM_IDS.forEach((itemId, t) => {
        let x = a.truth[t]! + m.leniency + scoreRng.normal(0, m.noise);
        if (scoreRng.chance(0.008)) x += (scoreRng.chance(0.5) ? 1 : -1) * scoreRng.uniform(20, 30);
        const percent = toPercent(x);
        plan.scores.push({ application: a.row.code, examiner: m.row.name_zh, item_id: itemId, stage: 'material', percent, comment: null, updated_at: updated });
        materialScores.push({ applicationId: a.row.code, examinerId: m.row.name_zh, itemId, percent });
      });
      plan.sheets.push({ application: a.row.code, examiner: m.row.name_zh, stage: 'material', status: 'submitted', submitted_at: `${day}T17:30:00.000Z` });
    });
  });

  // --- Consensus on flagged items; every tenth group has not met yet -------------------------
  const independent = scoreCycle({ weights: gbt, method: 'trimmed', flagThreshold: FLAG_THRESHOLD, scores: materialScores, recusals });
  const appByCode = new Map(apps.map((a) => [a.row.code, a]));
  const itemIndex = new Map(ITEM_IDS.map((id, t) => [id, t]));
  for (const entry of independent.agenda) {
    const a = appByCode.get(entry.applicationId)!;
    if (a.group % 10 === 0) continue;
    const percent = toPercent(a.truth[itemIndex.get(entry.itemId)!]! + scoreRng.normal(0, 3));
    plan.consensus.push({
      application: a.row.code,
      item_id: entry.itemId,
      stage: 'material',
      percent,
      reason: `组内讨论后达成一致：依据自评报告与对比数据取中间水平（${entry.itemId}，独立评分极差 ${entry.range} 分）`,
      recorded_at: '2025-06-19T08:00:00.000Z',
    });
  }
  if (persons + plan.organisations.length !== applications) throw new Error('Scale plan: applicant count mismatch');
  return plan;
}
