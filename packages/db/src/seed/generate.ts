/**
 * The demo-data plan: everything the demo database will hold, computed in memory from one seed
 * (no database access, no clock, no Math.random). Rows refer to each other by natural keys
 * (USCC, application code, examiner name, cycle year); `seed.ts` turns them into ids.
 *
 * The story: four cycles (2019, 2021, 2023 finished; 2025 in material review) of the Ordos
 * Mayor Quality Award with synthetic applicants. Every organisation and person is named
 * 示例… / Demo …; the data is synthetic and says so.
 */
import {
  AWARD_CAP,
  ORDOS_DIVISIONS,
  PRIORITY_AREAS,
  PRIZE_PER_ORGANISATION_RMB,
  SECTORS,
  addCalendarDays,
  awardValidUntil,
  checkEligibility,
  type EligibilityFacts,
  selectCandidates,
} from '@mqa/rules';
import { GBT_19580_2012, ITEMS, ITEM_IDS, defaultWeightSet, scoreCycle, type CycleResult, type WeightSet } from '@mqa/scoring';
import type {
  Channel,
  ConflictSource,
  CyclePhase,
  DecisionKind,
  FeedbackDirection,
  IncidentKind,
  IncidentReview,
  IncidentSeverity,
  ObjectionStatus,
  QualificationStatus,
  SheetStatus,
  Stage,
  TieKind,
} from '../schema.ts';
import { Rng, toPercent } from './prng.ts';
import {
  DEMO_DISTRICTS,
  DEMO_SECTORS,
  INDUSTRY_ASSOCIATIONS,
  LEGAL_FORMS,
  MUNICIPAL_DEPARTMENTS,
  PERSON_MARKS,
  districtBureau,
  type DistrictRef,
  type SectorRef,
} from './reference.ts';
import { demoUscc } from './uscc.ts';

// ---------------------------------------------------------------------------------------------
// Fixed parameters of the story
// ---------------------------------------------------------------------------------------------

/** The day the demo story stands on (cycle 2025 is in material review). */
export const DEMO_AS_OF = '2025-06-20';
/** Timestamp of the seeding itself (audit entry, weight sets): fixed so the data is reproducible. */
export const DEMO_TIMESTAMP = '2025-06-20T08:00:00.000Z';
export const SYNTHETIC_NOTE = '合成演示数据，非真实企业数据 / Synthetic demo data, not real organisations';

export const DEMO_YEARS = [2019, 2021, 2023, 2025] as const;
const APPLICATIONS_PER_CYCLE: Record<number, number> = { 2019: 34, 2021: 42, 2023: 50, 2025: 58 };
const INDIVIDUALS_PER_CYCLE: Record<number, number> = { 2019: 2, 2021: 3, 2023: 4, 2025: 4 };
const INELIGIBLE_PER_CYCLE: Record<number, number> = { 2019: 3, 2021: 3, 2023: 4, 2025: 4 };
const SHORTLIST_PER_CYCLE: Record<number, number> = { 2019: 8, 2021: 9, 2023: 10, 2025: 0 };
const MIN_TOTAL = 600;
const FLAG_THRESHOLD = 30;
const EXAMINER_POOL = 36;
const ORGANISATION_POOL = 120;
/** First year of follow-up indicators and last (the story stands in mid-2025). */
const INDICATOR_FIRST_YEAR = 2016;
const INDICATOR_LAST_YEAR = 2024;

/** Cycle dates: calls in spring, review in early summer, public notice in November. */
const CYCLE_DATES: Record<number, CycleDates> = {
  2019: {
    call_opens: '2019-03-04',
    call_closes: '2019-04-12',
    applications_received: '2019-04-19',
    qualification_done: '2019-04-30',
    review_starts: '2019-06-10',
    review_ends: '2019-07-05',
    comment_starts: '2019-07-15',
    comment_ends: '2019-08-09',
    notice_starts: '2019-11-18',
    notice_ends: '2019-11-27',
  },
  // Qualification review took 13 working days (Art. 16 allows 10): the deadline breach of the demo.
  2021: {
    call_opens: '2021-03-01',
    call_closes: '2021-04-09',
    applications_received: '2021-04-16',
    qualification_done: '2021-05-07',
    review_starts: '2021-06-07',
    review_ends: '2021-07-02',
    comment_starts: '2021-07-12',
    comment_ends: '2021-08-06',
    notice_starts: '2021-11-15',
    notice_ends: '2021-11-24',
  },
  2023: {
    call_opens: '2023-03-01',
    call_closes: '2023-04-07',
    applications_received: '2023-04-14',
    qualification_done: '2023-04-27',
    review_starts: '2023-06-05',
    review_ends: '2023-06-30',
    comment_starts: '2023-07-10',
    comment_ends: '2023-08-04',
    notice_starts: '2023-11-13',
    notice_ends: '2023-11-22',
  },
  2025: {
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
  },
};

/** The draft weight set for 2027: +20 points on results, −20 spread over process items. */
const ORDOS_2027_CHANGES: Record<string, number> = {
  '4.7.5': +10, // resource results (energy dual control)
  '4.7.2': +10, // product and service results
  '4.2.2': -5,
  '4.3.2': -5,
  '4.4.6': -5,
  '4.4.7': -5,
};

// ---------------------------------------------------------------------------------------------
// Plan types
// ---------------------------------------------------------------------------------------------

export interface CycleDates {
  call_opens: string;
  call_closes: string;
  applications_received: string;
  qualification_done: string;
  review_starts: string;
  review_ends: string | null;
  comment_starts: string | null;
  comment_ends: string | null;
  notice_starts: string | null;
  notice_ends: string | null;
}

export interface PlanWeightSet {
  code: string;
  version: number;
  name_zh: string;
  name_en: string;
  status: 'draft' | 'frozen';
  basedOnCode: string | null;
  note: string;
  created_at: string;
  frozen_at: string | null;
  points: Record<string, number>;
}

export interface PlanCycle extends CycleDates {
  year: number;
  phase: CyclePhase;
  award_cap: number;
  min_total: number;
  weightSetCode: string;
  aggregation_method: 'consensus';
  aggregation_fallback: 'trimmed';
  flag_threshold: number;
  created_at: string;
}

export interface PlanOrganisation {
  uscc: string;
  name_zh: string;
  name_en: string;
  sector: string;
  district: string;
  founded_on: string;
  legal_person: 1;
}

export interface PlanIndividual {
  name_zh: string;
  name_en: string;
  organisationUscc: string | null;
  position_zh: string | null;
  position_en: string | null;
  is_head: 0 | 1;
  quality_work_since: string;
  district: string;
  sector: string;
}

export interface PlanExaminer {
  name_zh: string;
  name_en: string;
  employer_name: string | null;
  employer_uscc: string | null;
  expertise: string;
}

export interface PlanTie {
  examiner: string;
  organisationUscc: string;
  kind: TieKind;
  note: string;
}

export interface PlanGroup {
  year: number;
  name_zh: string;
  name_en: string;
  leader: string;
  members: string[];
}

export interface PlanApplication {
  year: number;
  code: string;
  applicant_type: 'organisation' | 'individual';
  organisationUscc: string | null;
  individualName: string | null;
  channel: Channel;
  recommending_body: string;
  received_on: string;
  eligibility_facts: string;
  eligibility_status: 'eligible' | 'ineligible';
  eligibility_failures: string;
  qualification_status: QualificationStatus;
  group: string | null;
  status: 'active' | 'removed';
  removed_reason: string | null;
  created_at: string;
  priorityAreas: string[];
}

export interface PlanSupplement {
  application: string;
  items: string;
  requested_on: string;
  fulfilled_on: string | null;
}

export interface PlanMaterial {
  application: string;
  title: string;
  kind: string;
  confidential: 0 | 1;
  body: string;
  created_at: string;
}

export interface PlanConflict {
  application: string;
  examiner: string;
  source: ConflictSource;
  reason: string;
  declared_at: string;
}

export interface PlanScore {
  application: string;
  examiner: string;
  item_id: string;
  stage: Stage;
  percent: number;
  comment: string | null;
  updated_at: string;
}

export interface PlanSheet {
  application: string;
  examiner: string;
  stage: Stage;
  status: SheetStatus;
  submitted_at: string | null;
}

export interface PlanConsensus {
  application: string;
  item_id: string;
  stage: Stage;
  percent: number;
  reason: string;
  recorded_at: string;
}

export interface PlanComment {
  year: number;
  application: string | null;
  received_on: string;
  body: string;
}

export interface PlanObjection {
  application: string;
  received_on: string;
  body: string;
  status: ObjectionStatus;
  outcome_reason: string | null;
  decided_on: string | null;
}

export interface PlanDecision {
  year: number;
  application: string;
  decision: DecisionKind;
  reason: string | null;
  decided_on: string;
}

export interface PlanAward {
  application: string;
  year: number;
  awarded_on: string;
  valid_until: string;
  prize_rmb: number;
  certificate_no: string;
}

export interface PlanRevocation {
  certificate_no: string;
  reason: 'major_accident';
  article: number;
  detail: string;
  revoked_on: string;
  prize_recovered_rmb: number;
}

export interface PlanIndicator {
  organisationUscc: string;
  year: number;
  indicator: string;
  value: number;
}

export interface PlanIncident {
  organisationUscc: string;
  occurred_on: string;
  reported_on: string;
  kind: IncidentKind;
  severity: IncidentSeverity;
  description: string;
  review_status: IncidentReview;
}

export interface PlanFeedback {
  application: string;
  examiner: string;
  direction: FeedbackDirection;
  rating: number;
  comment: string | null;
  created_at: string;
}

export interface DemoPlan {
  seed: number;
  weightSets: PlanWeightSet[];
  cycles: PlanCycle[];
  organisations: PlanOrganisation[];
  individuals: PlanIndividual[];
  examiners: PlanExaminer[];
  ties: PlanTie[];
  groups: PlanGroup[];
  applications: PlanApplication[];
  supplements: PlanSupplement[];
  materials: PlanMaterial[];
  conflicts: PlanConflict[];
  scores: PlanScore[];
  sheets: PlanSheet[];
  consensus: PlanConsensus[];
  comments: PlanComment[];
  objections: PlanObjection[];
  decisions: PlanDecision[];
  awards: PlanAward[];
  revocations: PlanRevocation[];
  indicators: PlanIndicator[];
  incidents: PlanIncident[];
  feedback: PlanFeedback[];
  /** Name of the examiner whose 2025 sheets are left open for an end-to-end test. */
  demoExaminer: string;
}

// ---------------------------------------------------------------------------------------------
// Internal model (latent qualities etc. that never reach the database)
// ---------------------------------------------------------------------------------------------

interface Org {
  row: PlanOrganisation;
  sector: SectorRef;
  district: DistrictRef;
  /** Latent organisational maturity, standard normal. */
  quality: number;
  /** Per-cycle improvement (percentage points). */
  slope: number;
  /** Propensity to apply. */
  propensity: number;
  /** Relative size (multiplies sector-typical revenue). */
  size: number;
  applied: number[];
  awardedIn: number | null;
  barred: boolean;
}

interface Person {
  row: PlanIndividual;
  quality: number;
}

interface Examiner {
  row: PlanExaminer;
  /** Persistent leniency offset, percentage points. */
  leniency: number;
  /** SD of the examiner's noise, percentage points. */
  noise: number;
}

interface App {
  row: PlanApplication;
  org: Org | null;
  person: Person | null;
  /** Latent level, percentage. */
  level: number;
  /** Latent true percentage per item (ITEM_IDS order). */
  truth: number[];
  group: PlanGroup | null;
}

const ITEM_NAME = new Map(ITEMS.map((i) => [i.id, i.name.zh]));
const ITEM_KIND = new Map(ITEMS.map((i) => [i.id, i.kind]));

function sectorName(id: string): string {
  return SECTORS.find((s) => s.id === id)?.name.zh ?? id;
}

function iso(date: string, time: string): string {
  return `${date}T${time}.000Z`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

/** Builds the whole demo data set from a seed. Pure: the same seed always gives the same plan. */
export function generateDemoPlan(seed: number): DemoPlan {
  const rng = new Rng(seed);
  const plan: DemoPlan = {
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

  // Sanity: the local district table agrees with @mqa/rules.
  for (const d of DEMO_DISTRICTS) {
    if (!ORDOS_DIVISIONS.some((o) => o.code === d.code && o.name.zh === d.zh)) {
      throw new Error(`Demo district ${d.code} ${d.zh} is not in ORDOS_DIVISIONS (演示旗区与规则包不一致)`);
    }
  }
  for (const s of DEMO_SECTORS) {
    if (!SECTORS.some((x) => x.id === s.id)) throw new Error(`Demo sector ${s.id} is not in SECTORS (演示行业与规则包不一致)`);
  }

  // --- Weight sets ---------------------------------------------------------------------------
  const gbt = defaultWeightSet();
  plan.weightSets.push({
    code: 'gbt19580-2012',
    version: 1,
    name_zh: 'GB/T 19580-2012 标准分值',
    name_en: 'GB/T 19580-2012 standard points',
    status: 'frozen',
    basedOnCode: null,
    note: '国家标准默认分值（1000分）；2019–2025 各周期使用。/ The standard’s default points (1000), used by the 2019–2025 cycles.',
    created_at: '2019-02-20T02:00:00.000Z',
    frozen_at: '2019-06-10T00:00:00.000Z',
    points: { ...gbt.points },
  });
  const ordos: Record<string, number> = { ...gbt.points };
  for (const [id, delta] of Object.entries(ORDOS_2027_CHANGES)) ordos[id] = ordos[id]! + delta;
  plan.weightSets.push({
    code: 'ordos-2027',
    version: 1,
    name_zh: '鄂尔多斯 2027 草案',
    name_en: 'Ordos 2027 draft',
    status: 'draft',
    basedOnCode: 'gbt19580-2012',
    note: '草案：结果类条款 +20 分（资源结果、产品和服务结果），过程类条款 −20 分。/ Draft: +20 points on results items, −20 on process items.',
    created_at: DEMO_TIMESTAMP,
    frozen_at: null,
    points: ordos,
  });

  // --- Organisation pool ---------------------------------------------------------------------
  const orgs: Org[] = [];
  const usedNames = new Set<string>();
  const usedCodes = new Set<string>();
  const sectorBag: SectorRef[] = DEMO_SECTORS.flatMap((s) => Array.from({ length: s.weight }, () => s));

  const makeOrg = (sector: SectorRef, district: DistrictRef, foundedOn: string, r: Rng, fixedName?: readonly [string, string]): Org => {
    let name_zh = fixedName?.[0] ?? '';
    let name_en = fixedName?.[1] ?? '';
    for (let attempt = 0; attempt < 50 && !fixedName; attempt++) {
      const [stemZh, stemEn] = r.pick(sector.stems);
      const [formZh, formEn] = r.pick(LEGAL_FORMS);
      const local = attempt > 0 || r.chance(0.75);
      const numbered = attempt > 12;
      const mark = numbered ? `${PERSON_MARKS[attempt % PERSON_MARKS.length]![0]}` : '';
      const markEn = numbered ? ` ${PERSON_MARKS[attempt % PERSON_MARKS.length]![1]}` : '';
      name_zh = `示例${local ? district.shortZh : ''}${stemZh}${mark}${formZh}`;
      name_en = `Demo ${local ? `${district.shortEn} ` : ''}${stemEn}${markEn} ${formEn}`;
      if (!usedNames.has(name_zh) && !usedNames.has(name_en)) break;
    }
    if (usedNames.has(name_zh)) throw new Error(`Could not find a unique demo name (${name_zh})`);
    usedNames.add(name_zh);
    usedNames.add(name_en);
    let uscc = '';
    do {
      const body = `MA${pad(r.int(0, 999_999), 6)}`;
      uscc = demoUscc(district.code, body);
    } while (usedCodes.has(uscc));
    usedCodes.add(uscc);
    const org: Org = {
      row: { uscc, name_zh, name_en, sector: sector.id, district: district.code, founded_on: foundedOn, legal_person: 1 },
      sector,
      district,
      quality: r.normal(0, 1),
      slope: r.normal(1.2, 1.0),
      propensity: r.pick([0.2, 0.35, 0.35, 0.6, 0.85]),
      size: Math.exp(r.normal(0, 0.6)),
      applied: [],
      awardedIn: null,
      barred: false,
    };
    orgs.push(org);
    plan.organisations.push(org.row);
    return org;
  };

  const orgRng = rng.fork(1);
  const randomFounding = (r: Rng): string => `${r.int(1988, 2014)}-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)}`;
  // The flagships of the demo: 示例能源集团有限公司 / Demo Energy Group Co., Ltd. and
  // 示例羊绒制品有限公司 / Demo Cashmere Co., Ltd., strong and keen to apply.
  {
    const sectorById = (id: string) => DEMO_SECTORS.find((s) => s.id === id)!;
    const energy = makeOrg(sectorById('coal_mining'), DEMO_DISTRICTS[0]!, '1998-06-18', orgRng, ['示例能源集团有限公司', 'Demo Energy Group Co., Ltd.']);
    energy.quality = 1.6;
    energy.propensity = 0.95;
    energy.size = 3;
    const cashmere = makeOrg(sectorById('cashmere_textiles'), DEMO_DISTRICTS[0]!, '2001-09-03', orgRng, ['示例羊绒制品有限公司', 'Demo Cashmere Co., Ltd.']);
    cashmere.quality = 1.1;
    cashmere.propensity = 0.95;
  }
  for (let i = 0; i < ORGANISATION_POOL - 2; i++) {
    // Every district gets at least ceil(pool / 9 / 2) organisations; the rest follow the sectors' homes.
    const sector = orgRng.pick(sectorBag);
    let district: DistrictRef;
    if (i < DEMO_DISTRICTS.length * 6) {
      district = DEMO_DISTRICTS[i % DEMO_DISTRICTS.length]!;
    } else {
      const homeCode = orgRng.chance(0.75) ? orgRng.pick(sector.home) : orgRng.pick(DEMO_DISTRICTS).code;
      district = DEMO_DISTRICTS.find((d) => d.code === homeCode)!;
    }
    makeOrg(sector, district, randomFounding(orgRng), orgRng);
  }
  // --- Examiners -----------------------------------------------------------------------------
  const exRng = rng.fork(2);
  const examiners: Examiner[] = [];
  const employerOrgs = exRng.sample(
    orgs.filter((o) => o.propensity >= 0.6),
    6,
  );
  for (let i = 0; i < EXAMINER_POOL; i++) {
    const n = pad(i + 1, 2);
    const employer = i < employerOrgs.length ? employerOrgs[i]! : null;
    const sector = employer?.sector ?? exRng.pick(DEMO_SECTORS);
    const institutions: (readonly [string, string])[] = [
      ['示例质量技术研究院', 'Demo Quality Technology Institute'],
      ['示例高等院校', 'Demo University'],
      ['示例质量管理咨询中心', 'Demo Quality Consulting Centre'],
      ['示例标准化研究所', 'Demo Standardisation Institute'],
    ];
    const inst = exRng.pick(institutions);
    const row: PlanExaminer = {
      name_zh: `示例评审员${n}`,
      name_en: `Demo Examiner ${n}`,
      employer_name: employer ? employer.row.name_zh : inst[0],
      employer_uscc: employer ? employer.row.uscc : null,
      expertise: employer ? sector.expertise : exRng.chance(0.5) ? sector.expertise : '卓越绩效模式 / Performance excellence',
    };
    examiners.push({ row, leniency: exRng.normal(0, 4), noise: exRng.uniform(3, 6.5) });
    plan.examiners.push(row);
  }
  // A deliberately harsh and a deliberately lenient examiner, so the leniency chart has a story.
  examiners[10]!.leniency = -10;
  examiners[11]!.leniency = 9;
  // Declared ties (Art. 24): business, relatives, former employment.
  const tieKinds: { kind: TieKind; note: string }[] = [
    { kind: 'business', note: '近三年为该单位提供管理咨询服务（合成示例）' },
    { kind: 'relative', note: '配偶在该单位任职（合成示例）' },
    { kind: 'employment', note: '三年内曾在该单位任职（合成示例）' },
    { kind: 'other', note: '曾担任该单位质量管理顾问（合成示例）' },
  ];
  const tieOrgs = exRng.sample(
    orgs.filter((o) => o.propensity >= 0.6 && !employerOrgs.includes(o)),
    8,
  );
  const tieExaminers = exRng.sample(examiners.slice(6), 8);
  for (let i = 0; i < 8; i++) {
    const t = tieKinds[i % tieKinds.length]!;
    plan.ties.push({ examiner: tieExaminers[i]!.row.name_zh, organisationUscc: tieOrgs[i]!.row.uscc, kind: t.kind, note: t.note });
  }
  const tiesByExaminer = new Map<string, PlanTie[]>();
  for (const t of plan.ties) tiesByExaminer.set(t.examiner, [...(tiesByExaminer.get(t.examiner) ?? []), t]);

  const conflictOf = (ex: Examiner, app: App): { source: ConflictSource; reason: string } | null => {
    const uscc = app.org?.row.uscc ?? app.person?.row.organisationUscc ?? null;
    if (!uscc) return null;
    if (ex.row.employer_uscc === uscc) {
      return { source: 'automatic', reason: `评审员受雇于申报单位（统一社会信用代码 ${uscc} 一致）/ Examiner is employed by the applicant (same USCC)` };
    }
    const tie = tiesByExaminer.get(ex.row.name_zh)?.find((t) => t.organisationUscc === uscc);
    if (tie) return { source: 'declared', reason: `评审员申报回避：${tie.note} / Declared tie (${tie.kind})` };
    return null;
  };

  // --- Item profile: some items are harder than others ---------------------------------------
  const itemRng = rng.fork(3);
  const itemOffset = ITEM_IDS.map((id) => itemRng.normal(ITEM_KIND.get(id) === 'results' ? -2 : 0, 3));

  const persons: Person[] = [];
  let personCounter = 0;
  const allApps: App[] = [];
  const gbtWeights: WeightSet = gbt;

  for (const [ci, year] of DEMO_YEARS.entries()) {
    const r = rng.fork(100 + year);
    const dates = CYCLE_DATES[year]!;
    const finished = year !== 2025;
    plan.cycles.push({
      year,
      phase: finished ? 'awarded' : 'material_review',
      award_cap: AWARD_CAP,
      min_total: MIN_TOTAL,
      weightSetCode: 'gbt19580-2012',
      aggregation_method: 'consensus',
      aggregation_fallback: 'trimmed',
      flag_threshold: FLAG_THRESHOLD,
      created_at: iso(addCalendarDays(dates.call_opens, -10), '02:00:00'),
      ...dates,
    });

    // --- Who applies ------------------------------------------------------------------------
    const nApps = APPLICATIONS_PER_CYCLE[year]!;
    const nInd = INDIVIDUALS_PER_CYCLE[year]!;
    const nIneligible = INELIGIBLE_PER_CYCLE[year]!;
    const nOrg = nApps - nInd;
    // One brand-new organisation (< 3 years) per cycle is among the ineligible ones.
    const nYoung = 1;
    const candidates = orgs.filter((o) => !o.barred && o.awardedIn === null && o.row.founded_on < `${year - 3}-01-01`);
    const keyed = candidates.map((o) => {
      const w = o.propensity * (o.applied.length > 0 ? 2.5 : 1);
      return { o, key: -Math.log(1 - r.next()) / w };
    });
    keyed.sort((a, b) => a.key - b.key);
    let chosen = keyed.slice(0, nOrg - nYoung).map((k) => k.o);
    // Every banner/district is represented in every cycle.
    for (const d of DEMO_DISTRICTS) {
      if (chosen.some((o) => o.district.code === d.code)) continue;
      const best = keyed.find((k) => k.o.district.code === d.code && !chosen.includes(k.o));
      if (!best) continue;
      const counts = new Map<string, number>();
      for (const o of chosen) counts.set(o.district.code, (counts.get(o.district.code) ?? 0) + 1);
      // Drop the last-chosen organisation from a district that has several.
      for (let i = chosen.length - 1; i >= 0; i--) {
        const c = chosen[i]!;
        if ((counts.get(c.district.code) ?? 0) > 1 && c !== orgs[0] && c !== orgs[1]) {
          chosen.splice(i, 1);
          break;
        }
      }
      chosen.push(best.o);
    }
    const young = makeOrg(r.pick(sectorBag), r.pick(DEMO_DISTRICTS), addCalendarDays(dates.applications_received, -r.int(400, 900)), r);
    young.propensity = 0.5;
    chosen = [...chosen, young];

    const people: Person[] = [];
    for (let i = 0; i < nInd; i++) {
      const mark = PERSON_MARKS[personCounter % PERSON_MARKS.length]!;
      personCounter++;
      const employer = r.chance(0.6) ? r.pick(chosen.filter((o) => o !== young)) : null;
      const district = employer?.district ?? r.pick(DEMO_DISTRICTS);
      const sector = employer?.sector ?? r.pick(DEMO_SECTORS);
      const head = employer !== null && r.chance(0.5);
      const since = `${r.int(1995, year - 7)}-${pad(r.int(1, 12), 2)}-01`;
      const row: PlanIndividual = {
        name_zh: `示例人员 ${mark[0]}${personCounter > PERSON_MARKS.length ? Math.ceil(personCounter / PERSON_MARKS.length) : ''}`,
        name_en: `Demo Person ${mark[1]}${personCounter > PERSON_MARKS.length ? Math.ceil(personCounter / PERSON_MARKS.length) : ''}`,
        organisationUscc: employer?.row.uscc ?? null,
        position_zh: employer ? (head ? '总经理' : '质量管理部部长') : '质量工程师',
        position_en: employer ? (head ? 'General manager' : 'Head of quality management') : 'Quality engineer',
        is_head: head ? 1 : 0,
        quality_work_since: since,
        district: district.code,
        sector: sector.id,
      };
      const p: Person = { row, quality: r.normal(0.2, 0.9) };
      persons.push(p);
      people.push(p);
      plan.individuals.push(row);
    }

    // Applicant order: organisations and individuals interleaved deterministically.
    const applicants: ({ org: Org } | { person: Person })[] = r.shuffle([...chosen.map((o) => ({ org: o })), ...people.map((p) => ({ person: p }))]);

    // Ineligible ones: the young organisation, plus others with an Art. 12 veto.
    const vetoes = ['onAbnormalOperationList', 'majorIncidentWithin3Years', 'seriousTaxOrSocialInsuranceViolationWithin3Years', 'lacksRequiredLicences'];
    const vetoed = new Map<object, string>();
    const vetoPool = r.shuffle(chosen.filter((o) => o !== young && o !== orgs[0] && o !== orgs[1]));
    for (let i = 0; i < nIneligible - 1; i++) vetoed.set(vetoPool[i]!, vetoes[(i + ci) % vetoes.length]!);
    // In 2023 an individual falls short of 5 years in quality work instead of one organisation veto.
    let shortPerson: Person | null = null;
    if (year === 2023 && people.length > 0) {
      shortPerson = people[people.length - 1]!;
      shortPerson.row.quality_work_since = addCalendarDays(dates.applications_received, -3 * 365);
      vetoed.delete(vetoPool[nIneligible - 2]!);
    }

    const apps: App[] = [];
    for (const [ai, a] of applicants.entries()) {
      const code = `${year}-${pad(ai + 1, 3)}`;
      const received = addCalendarDays(dates.call_closes, -r.int(0, 20));
      const isOrg = 'org' in a;
      const org = isOrg ? a.org : null;
      const person = isOrg ? null : a.person;
      const district = org ? org.district : DEMO_DISTRICTS.find((d) => d.code === person!.row.district)!;
      const sectorId = org ? org.sector.id : person!.row.sector;
      const channelRoll = r.next();
      const channel: Channel = channelRoll < 0.55 ? 'district_bureau' : channelRoll < 0.8 ? 'municipal_department' : 'industry_association';
      const body =
        channel === 'district_bureau'
          ? districtBureau(district)
          : channel === 'municipal_department'
            ? MUNICIPAL_DEPARTMENTS[sectorId]!
            : INDUSTRY_ASSOCIATIONS[sectorId]!;
      let facts: EligibilityFacts;
      if (org) {
        facts = {
          applicantType: 'organisation',
          registeredInOrdos: true,
          independentLegalPerson: true,
          foundedOn: org.row.founded_on,
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
        const veto = vetoed.get(org);
        if (veto) (facts as unknown as Record<string, unknown>)[veto] = true;
        if (veto === 'lacksRequiredLicences') facts.licencesHeld = false;
      } else {
        const pr = person!.row;
        facts = {
          applicantType: 'individual',
          qualityWorkSince: pr.quality_work_since,
          innovationContribution: true,
          integrityAndGoodCredit: true,
          isHeadOfOrganisation: pr.is_head === 1,
          ...(pr.is_head === 1 ? { headedOrganisationMajorIncidentWithin3Years: false } : {}),
          awardFraudWithin3Years: false,
          seriousTaxOrSocialInsuranceViolationWithin3Years: false,
          onSeriousDishonestyList: false,
        };
      }
      const check = checkEligibility(facts, { asOf: received });
      const eligible = check.eligible;
      const priorityAreas = r
        .sample(
          PRIORITY_AREAS.map((p) => p.id),
          r.pick([0, 1, 1, 2, 2, 3]),
        )
        .sort();
      const row: PlanApplication = {
        year,
        code,
        applicant_type: org ? 'organisation' : 'individual',
        organisationUscc: org?.row.uscc ?? null,
        individualName: person?.row.name_zh ?? null,
        channel,
        recommending_body: body,
        received_on: received,
        eligibility_facts: JSON.stringify(facts),
        eligibility_status: eligible ? 'eligible' : 'ineligible',
        eligibility_failures: JSON.stringify(check.failures),
        qualification_status: eligible ? 'qualified' : 'rejected',
        group: null,
        status: 'active',
        removed_reason: null,
        created_at: iso(received, '03:00:00'),
        priorityAreas,
      };
      // Latent level: organisation maturity, sector, a slow improvement over cycles, this year's form.
      const base = org ? 52 + 9 * org.quality + org.sector.qualityEffect + org.slope * ci + 1.5 * ci : 54 + 8 * person!.quality + 1.5 * ci;
      const app: App = { row, org, person, level: base + r.normal(0, 2.5), truth: [], group: null };
      apps.push(app);
      allApps.push(app);
      org?.applied.push(year);
      plan.applications.push(row);
    }

    // Shape the top of the field so the story holds: 2019 has only four candidates above the
    // minimum total (a vacancy, Art. 3); the other cycles have enough for five awards.
    const eligibleApps = apps.filter((a) => a.row.eligibility_status === 'eligible');
    const byLevel = [...eligibleApps].sort((a, b) => b.level - a.level);
    const strong = year === 2019 ? 4 : year === 2023 ? 6 : 5;
    byLevel.forEach((a, i) => {
      if (i < strong) a.level = Math.max(a.level, 71 + r.uniform(0, 6));
      else if (year === 2019) a.level = Math.min(a.level, 53 - r.uniform(0, 3));
      else a.level = Math.min(a.level, 64 - r.uniform(0, 2));
      a.level = clamp(a.level, 20, 88);
    });
    // Latent true percentage per item: results items follow the process items.
    for (const a of apps) {
      const proc: number[] = [];
      const truth: number[] = [];
      ITEM_IDS.forEach((id, t) => {
        if (ITEM_KIND.get(id) === 'process') {
          const v = a.level + itemOffset[t]! + r.normal(0, 5);
          proc.push(v - a.level);
          truth[t] = v;
        }
      });
      const procDev = proc.reduce((s, x) => s + x, 0) / proc.length;
      ITEM_IDS.forEach((id, t) => {
        if (ITEM_KIND.get(id) === 'results') truth[t] = a.level + itemOffset[t]! + 0.7 * procDev + r.normal(0, 5);
      });
      a.truth = truth.map((v) => clamp(v, 5, 95));
    }

    // Supplement requests: a few, all asked at once (Art. 16), fulfilled before the deadline.
    for (const a of r.sample(eligibleApps, year === 2019 ? 2 : 3)) {
      const requested = addCalendarDays(dates.applications_received, r.int(2, 4));
      plan.supplements.push({
        application: a.row.code,
        items: JSON.stringify(
          r.sample(['近3年经营业绩或社会贡献证明材料', '守法合规证明（税务、社保）', '有关资质证明或证照', '自我评价报告（补充结果类数据）'], r.int(1, 2)),
        ),
        requested_on: requested,
        fulfilled_on: addCalendarDays(requested, r.int(2, 5)),
      });
    }
    // Materials (Art. 15, 29): a self-assessment report for everyone, some confidential annexes.
    for (const a of apps) {
      const who = a.org ? a.org.row.name_zh : a.person!.row.name_zh;
      plan.materials.push({
        application: a.row.code,
        title: `${who}自我评价报告（${year}）`,
        kind: 'self_assessment_report',
        confidential: 0,
        body: `【合成演示数据】${who}依据 GB/T 19580-2012 撰写的自我评价报告摘要。本文为生成的示例文本，不涉及任何真实组织。`,
        created_at: a.row.created_at,
      });
      if (a.org) {
        plan.materials.push({
          application: a.row.code,
          title: `近3年经营业绩证明（${year - 3}–${year - 1}）`,
          kind: 'performance_evidence',
          confidential: 0,
          body: `【合成演示数据】${sectorName(a.org.sector.id)}行业示例财务摘要。`,
          created_at: a.row.created_at,
        });
        if (r.chance(0.3)) {
          plan.materials.push({
            application: a.row.code,
            title: '核心工艺技术说明（申报单位声明为商业秘密）',
            kind: 'supporting_documents',
            confidential: 1,
            body: '【合成演示数据】申报单位依第二十九条声明涉及商业秘密、技术秘密的材料，仅限评审需要的人员查阅。',
            created_at: a.row.created_at,
          });
        }
      }
    }

    // --- Review groups ----------------------------------------------------------------------
    const nGroups = Math.ceil(eligibleApps.length / 10);
    const pool = r.shuffle(examiners);
    const groups: PlanGroup[] = [];
    const groupExaminers: Examiner[][] = [];
    let cursor = 0;
    const numerals = ['一', '二', '三', '四', '五', '六', '七', '八'];
    for (let g = 0; g < nGroups; g++) {
      const left = nGroups - g - 1;
      const size = Math.min(5 + r.int(0, 2), pool.length - cursor - 5 * left);
      const members = pool.slice(cursor, cursor + size);
      cursor += size;
      // The leader: the steadiest examiner of the group.
      const leader = [...members].sort((a, b) => a.noise - b.noise)[0]!;
      const group: PlanGroup = {
        year,
        name_zh: `第${numerals[g]}评审组`,
        name_en: `Review Group ${g + 1}`,
        leader: leader.row.name_zh,
        members: members.map((m) => m.row.name_zh),
      };
      groups.push(group);
      groupExaminers.push(members);
      plan.groups.push(group);
    }
    // Assign applications: ~equal sizes; an application with a tied examiner in this cycle goes
    // to that examiner's group more often than not (so recusals happen, as they do in practice).
    const capacity = Math.ceil(eligibleApps.length / nGroups);
    const load = groups.map(() => 0);
    for (const a of r.shuffle(eligibleApps)) {
      let target = -1;
      const tied = groupExaminers.findIndex((members) => members.some((m) => conflictOf(m, a) !== null));
      if (tied >= 0 && load[tied]! < capacity && r.chance(0.7)) target = tied;
      if (target < 0) {
        let best = 0;
        for (let g = 1; g < groups.length; g++) if (load[g]! < load[best]!) best = g;
        target = best;
      }
      load[target]!++;
      a.group = groups[target]!;
      a.row.group = groups[target]!.name_zh;
    }

    // --- Demo examiner (2025): a non-leader of group 1 with no conflict there -----------------
    let demoApps: App[] = [];
    if (!finished) {
      const g0 = groups[0]!;
      const g0Apps = eligibleApps.filter((a) => a.group === g0);
      const demo = groupExaminers[0]!.find((m) => m.row.name_zh !== g0.leader && g0Apps.every((a) => conflictOf(m, a) === null));
      if (!demo) throw new Error('No demo examiner candidate in 2025 group 1');
      plan.demoExaminer = demo.row.name_zh;
      demoApps = g0Apps.slice(-3);
    }

    // --- Conflicts and material-stage scores ------------------------------------------------
    const recusals: { applicationId: string; examinerId: string }[] = [];
    const lateRecusal = new Set<string>();
    const materialScores: { applicationId: string; examinerId: string; itemId: string; percent: number }[] = [];
    const conflictsThisCycle: PlanConflict[] = [];
    for (const a of eligibleApps) {
      const members = groupExaminers[groups.indexOf(a.group!)]!;
      for (const m of members) {
        const c = conflictOf(m, a);
        if (!c) continue;
        const conflict: PlanConflict = {
          application: a.row.code,
          examiner: m.row.name_zh,
          source: c.source,
          reason: c.reason,
          declared_at: iso(addCalendarDays(dates.review_starts, -1), '01:30:00'),
        };
        conflictsThisCycle.push(conflict);
        recusals.push({ applicationId: a.row.code, examinerId: m.row.name_zh });
      }
    }
    // In 2021 and 2023 one declared tie came to light only after the examiner had scored: the
    // conflict is recorded late and the examiner's scores stay in the database, excluded.
    if (year === 2021 || year === 2023) {
      const late = conflictsThisCycle.find((c) => c.source === 'declared') ?? conflictsThisCycle[0];
      if (late) {
        late.declared_at = iso(addCalendarDays(dates.review_starts, 9), '06:00:00');
        late.reason = `${late.reason}（评分提交后补充申报，已评分数不计入 / declared after scoring: the scores are excluded）`;
        lateRecusal.add(`${late.application}|${late.examiner}`);
      }
    }
    plan.conflicts.push(...conflictsThisCycle);
    const recusedSet = new Set(recusals.map((x) => `${x.applicationId}|${x.examinerId}`));

    const comments = [
      '优势：方法系统，展开充分。',
      '改进机会：缺少对比数据与标杆。',
      '趋势数据不足三年。',
      '过程与战略的整合有待加强。',
      '结果水平在行业内领先。',
    ];
    for (const [ai, a] of eligibleApps.entries()) {
      const members = groupExaminers[groups.indexOf(a.group!)]!;
      const day = addCalendarDays(dates.review_starts, 1 + (ai % 7));
      for (const [mi, m] of members.entries()) {
        const key = `${a.row.code}|${m.row.name_zh}`;
        if (recusedSet.has(key) && !lateRecusal.has(key)) continue;
        const isDemo = m.row.name_zh === plan.demoExaminer;
        const demoIndex = isDemo ? demoApps.indexOf(a) : -1;
        if (demoIndex === 0 || demoIndex === 1) continue; // assigned, not yet scored
        const draft = demoIndex === 2;
        const time = `${pad(9 + (mi % 8), 2)}:${pad((ai * 7 + mi * 13) % 60, 2)}:00`;
        const updated = iso(day, time);
        ITEM_IDS.forEach((itemId, t) => {
          if (draft && t >= 9) return;
          let x = a.truth[t]! + m.leniency + r.normal(0, m.noise);
          // Now and then an examiner reads the evidence very differently.
          if (r.chance(0.008)) x += (r.chance(0.5) ? 1 : -1) * r.uniform(20, 30);
          const percent = toPercent(x);
          plan.scores.push({
            application: a.row.code,
            examiner: m.row.name_zh,
            item_id: itemId,
            stage: 'material',
            percent,
            comment: r.chance(0.04) ? r.pick(comments) : null,
            updated_at: updated,
          });
          materialScores.push({ applicationId: a.row.code, examinerId: m.row.name_zh, itemId, percent });
        });
        plan.sheets.push({
          application: a.row.code,
          examiner: m.row.name_zh,
          stage: 'material',
          status: draft ? 'draft' : 'submitted',
          submitted_at: draft ? null : iso(day, '17:30:00'),
        });
      }
    }

    // --- Consensus (material stage): flagged items of fully scored groups ---------------------
    const independent = scoreCycle({
      weights: gbtWeights,
      method: 'trimmed',
      flagThreshold: FLAG_THRESHOLD,
      scores: materialScores,
      recusals,
    });
    const consensus: { applicationId: string; itemId: string; percent: number }[] = [];
    const appByCode = new Map(apps.map((a) => [a.row.code, a]));
    const reasons = [
      '组内讨论后达成一致：依据现场证据与自评报告，取中间水平。',
      '组内讨论后达成一致：个别评审员对证据理解有偏差，经组长组织复核后统一。',
      '组内讨论后达成一致：补充查阅对比数据后调整。',
      '组内讨论后达成一致：方法已系统展开，但学习与整合不足。',
    ];
    for (const entry of independent.agenda) {
      const a = appByCode.get(entry.applicationId)!;
      if (!finished && a.group === groups[0]) continue; // group 1 of 2025 is still scoring
      const t = ITEM_IDS.indexOf(entry.itemId);
      const percent = toPercent(a.truth[t]! + r.normal(0, 3));
      consensus.push({ applicationId: a.row.code, itemId: entry.itemId, percent });
      plan.consensus.push({
        application: a.row.code,
        item_id: entry.itemId,
        stage: 'material',
        percent,
        reason: `${r.pick(reasons)}（${entry.itemId} ${ITEM_NAME.get(entry.itemId)}，独立评分极差 ${entry.range} 分）`,
        recorded_at: iso(addCalendarDays(dates.review_starts, 10), '08:00:00'),
      });
    }
    if (!finished) continue;

    // --- Shortlist, on-site review ------------------------------------------------------------
    const material = scoreCycle({
      weights: gbtWeights,
      method: 'consensus',
      fallback: 'trimmed',
      flagThreshold: FLAG_THRESHOLD,
      scores: materialScores,
      recusals,
      consensus,
    });
    const shortlist = material.applications.slice(0, SHORTLIST_PER_CYCLE[year]).map((x) => appByCode.get(x.id)!);
    const onsiteScores: { applicationId: string; examinerId: string; itemId: string; percent: number }[] = [];
    for (const [si, a] of shortlist.entries()) {
      const members = groupExaminers[groups.indexOf(a.group!)]!;
      const day = addCalendarDays(dates.review_starts, 14 + (si % 5));
      for (const [mi, m] of members.entries()) {
        if (recusedSet.has(`${a.row.code}|${m.row.name_zh}`)) continue;
        const updated = iso(day, `${pad(10 + (mi % 6), 2)}:${pad((si * 11 + mi * 7) % 60, 2)}:00`);
        ITEM_IDS.forEach((itemId, t) => {
          const percent = toPercent(a.truth[t]! + 0.5 * m.leniency + r.normal(0, 0.6 * m.noise));
          plan.scores.push({ application: a.row.code, examiner: m.row.name_zh, item_id: itemId, stage: 'onsite', percent, comment: null, updated_at: updated });
          onsiteScores.push({ applicationId: a.row.code, examinerId: m.row.name_zh, itemId, percent });
        });
        plan.sheets.push({ application: a.row.code, examiner: m.row.name_zh, stage: 'onsite', status: 'submitted', submitted_at: iso(day, '18:00:00') });
      }
    }
    const onsite: CycleResult = scoreCycle({
      weights: gbtWeights,
      method: 'consensus',
      fallback: 'trimmed',
      flagThreshold: FLAG_THRESHOLD,
      scores: onsiteScores,
      recusals,
    });

    // --- Public comment, ranking, committee, notice, objections, awards ---------------------
    const commentEnds = dates.comment_ends!;
    const shortlistedOn = addCalendarDays(commentEnds, 4);
    const committeeOn = addCalendarDays(commentEnds, 32);
    const approvedOn = addCalendarDays(dates.notice_ends!, 12);
    for (const a of shortlist) {
      plan.decisions.push({
        year,
        application: a.row.code,
        decision: 'shortlisted',
        reason: '材料评审与现场评审综合排名靠前，列入候选名单（第十九条）。',
        decided_on: shortlistedOn,
      });
    }
    const selection = selectCandidates(
      onsite.applications.map((x) => ({ id: x.id, total: x.total, priorityAreas: appByCode.get(x.id)!.row.priorityAreas.length })),
      { cap: AWARD_CAP, minTotal: MIN_TOTAL, tieBreak: 'priorityAreas' },
    );
    for (const d of selection.decisions) {
      plan.decisions.push({
        year,
        application: d.id,
        decision: d.selected ? 'proposed' : 'not_proposed',
        reason: d.reason.zh,
        decided_on: committeeOn,
      });
    }
    plan.comments.push({
      year,
      application: null,
      received_on: addCalendarDays(dates.comment_starts!, 3),
      body: '建议进一步公开评审标准和评分规则。（合成示例）',
    });
    for (const a of r.sample(shortlist, 2)) {
      plan.comments.push({
        year,
        application: a.row.code,
        received_on: addCalendarDays(dates.comment_starts!, r.int(4, 18)),
        body: r.pick([
          '该单位产品质量口碑良好，支持其获奖。（合成示例）',
          '反映该单位售后服务响应较慢，建议核实。（合成示例）',
          '该单位近年在节能降耗方面成效明显。（合成示例）',
        ]),
      });
    }
    const proposed = selection.selected.map((id) => appByCode.get(id)!);
    // Objections during the public notice (Art. 21).
    const noticeStarts = dates.notice_starts!;
    const dismissedTarget = proposed[proposed.length - 1]!;
    plan.objections.push({
      application: dismissedTarget.row.code,
      received_on: addCalendarDays(noticeStarts, 2),
      body: '反映该单位曾发生产品质量投诉，质疑其获奖资格。（合成示例）',
      status: 'dismissed',
      outcome_reason: '经调查，相关投诉已依法处理完毕且不属于重大质量问题，异议不成立。',
      decided_on: addCalendarDays(noticeStarts, 9),
    });
    let removed: App | null = null;
    if (year === 2023) {
      removed = proposed.find((a, i) => i >= 1 && a.org !== null) ?? proposed[1]!;
      plan.objections.push({
        application: removed.row.code,
        received_on: addCalendarDays(noticeStarts, 3),
        body: '反映该单位申报材料中的安全生产记录与实际不符。（合成示例）',
        status: 'confirmed',
        outcome_reason: '经核查，申报材料所列近3年安全生产记录与主管部门记录不符，异议成立，取消候选资格（第二十一条）。',
        decided_on: addCalendarDays(noticeStarts, 10),
      });
      removed.row.status = 'removed';
      removed.row.removed_reason =
        '公示期异议经调查属实：申报材料所列安全生产记录与主管部门记录不符，取消候选资格（第二十一条）。/ Objection confirmed during the public notice: the declared safety record did not match the authorities’ records (Art. 21).';
      if (removed.org) removed.org.barred = true;
    } else {
      plan.objections.push({
        application: proposed[0]!.row.code,
        received_on: addCalendarDays(noticeStarts, 4),
        body: '质疑该单位排名高于其他同行业单位的依据。（合成示例）',
        status: 'dismissed',
        outcome_reason: '评审过程与评分记录完整，排名依据充分，异议不成立。',
        decided_on: addCalendarDays(noticeStarts, 8),
      });
    }
    let awardNo = 0;
    for (const a of proposed) {
      if (a === removed) continue;
      awardNo++;
      plan.decisions.push({
        year,
        application: a.row.code,
        decision: 'approved',
        reason: '公示期满无异议或异议不成立，报市政府批准授予市长质量奖（第二十条、第二十一条）。',
        decided_on: approvedOn,
      });
      const awardedOn = `${year}-12-20`;
      plan.awards.push({
        application: a.row.code,
        year,
        awarded_on: awardedOn,
        valid_until: awardValidUntil(awardedOn),
        prize_rmb: a.org ? PRIZE_PER_ORGANISATION_RMB : 0,
        certificate_no: `MQA-${year}-${pad(awardNo, 2)}`,
      });
      if (a.org) a.org.awardedIn = year;
    }

    // Two-way feedback (Art. 25): applicants rate the group leader, the leader rates the applicant.
    for (const a of eligibleApps) {
      const leader = a.group!.leader;
      if (recusedSet.has(`${a.row.code}|${leader}`)) continue;
      const at = iso(dates.review_ends!, '12:00:00');
      plan.feedback.push({
        application: a.row.code,
        examiner: leader,
        direction: 'applicant_to_examiner',
        rating: r.pick([4, 5, 5, 5, 3]),
        comment: r.chance(0.3) ? r.pick(['评审组严格遵守评审纪律。', '现场评审安排紧凑、专业。', '希望反馈意见更具体。']) : null,
        created_at: at,
      });
      plan.feedback.push({
        application: a.row.code,
        examiner: leader,
        direction: 'examiner_to_applicant',
        rating: r.pick([3, 4, 4, 5, 5]),
        comment: r.chance(0.3) ? r.pick(['申报单位配合积极，资料完整。', '部分数据提供不及时。', '陪同人员熟悉情况。']) : null,
        created_at: at,
      });
    }
  }

  // --- After the award: incidents, a revocation, follow-up indicators -----------------------
  const post = rng.fork(9);
  const orgByUscc = new Map(orgs.map((o) => [o.row.uscc, o]));
  const awardOrgs = (year: number) =>
    plan.awards
      .filter((a) => a.year === year && a.prize_rmb > 0)
      .map((a) => ({ award: a, org: orgByUscc.get(plan.applications.find((x) => x.code === a.application)!.organisationUscc!)! }));
  const incidentCounts = new Map<string, number>();
  const addIncident = (inc: PlanIncident) => {
    plan.incidents.push(inc);
    const key = `${inc.organisationUscc}|${inc.occurred_on.slice(0, 4)}`;
    incidentCounts.set(key, (incidentCounts.get(key) ?? 0) + 1);
  };
  const a2021 = awardOrgs(2021);
  const revoked = a2021.find((x) => x.org.sector.id === 'coal_mining' || x.org.sector.id === 'coal_chemicals') ?? a2021[0]!;
  addIncident({
    organisationUscc: revoked.org.row.uscc,
    occurred_on: '2023-05-16',
    reported_on: '2023-05-17',
    kind: 'safety_accident',
    severity: 'larger',
    description: '生产作业区发生较大生产安全事故，造成人员伤亡（合成示例）。/ A major work-safety accident with casualties (synthetic).',
    review_status: 'revoked',
  });
  plan.revocations.push({
    certificate_no: revoked.award.certificate_no,
    reason: 'major_accident',
    article: 28,
    detail:
      '获奖后3年内发生较大生产安全事故，依第二十八条撤销奖励并收回奖金。/ A major work-safety accident within 3 years of the award: award revoked and prize recovered under Art. 28.',
    revoked_on: '2023-08-28',
    prize_recovered_rmb: PRIZE_PER_ORGANISATION_RMB,
  });
  revoked.org.barred = true;
  const a2023 = awardOrgs(2023);
  const watched = a2023[0]!;
  addIncident({
    organisationUscc: watched.org.row.uscc,
    occurred_on: '2025-04-22',
    reported_on: '2025-04-24',
    kind: 'quality_accident',
    severity: 'larger',
    description:
      '一批次产品经监督抽查不合格并引发批量投诉，待复核是否启动撤销程序（合成示例）。/ A product batch failed a state sampling inspection with many complaints; revocation review pending (synthetic).',
    review_status: 'open',
  });
  const applicantOrgs = orgs.filter((o) => o.applied.length > 0);
  for (const o of post.sample(
    applicantOrgs.filter((x) => x !== revoked.org && x !== watched.org),
    6,
  )) {
    const y = post.int(2018, 2024);
    const occurred = `${y}-${pad(post.int(1, 12), 2)}-${pad(post.int(1, 28), 2)}`;
    const kind = post.pick<IncidentKind>(['quality_accident', 'safety_accident', 'environmental', 'violation']);
    addIncident({
      organisationUscc: o.row.uscc,
      occurred_on: occurred,
      reported_on: addCalendarDays(occurred, post.int(1, 10)),
      kind,
      severity: 'general',
      description: '一般性事件，已整改完毕（合成示例）。/ A minor incident, corrected (synthetic).',
      review_status: o.awardedIn !== null && y > o.awardedIn ? 'closed_no_action' : 'none',
    });
  }

  for (const o of applicantOrgs) {
    const p = o.sector.profile;
    const foundedYear = Number(o.row.founded_on.slice(0, 4));
    let revenue = p.revenue * o.size * Math.exp(post.normal(0, 0.15));
    const growthBase = 0.03 + 0.015 * o.quality;
    for (let y = INDICATOR_FIRST_YEAR; y <= INDICATOR_LAST_YEAR; y++) {
      if (y <= foundedYear) continue;
      const k = y - INDICATOR_FIRST_YEAR;
      const afterAward = o.awardedIn !== null && y > o.awardedIn ? 0.02 : 0;
      const covid = y === 2020 ? -0.06 : 0;
      revenue *= 1 + growthBase + afterAward + covid + post.normal(0, 0.04);
      const hit = o === revoked.org && y === 2023 ? 0.25 : 0;
      const values: Record<string, number> = {
        revenue_cny_m: round(revenue, 1),
        profit_tax_cny_m: round(revenue * p.profitTaxShare * (1 + 0.08 * o.quality) * Math.exp(post.normal(0, 0.12)) * (1 - hit), 1),
        asset_contribution_pct: round(Math.max(0.5, p.assetContribution * (1 + 0.12 * o.quality) + post.normal(0, 0.8) - 10 * hit), 2),
        rd_intensity_pct: round(Math.max(0.1, p.rdIntensity * (1 + 0.15 * o.quality) * (1 + 0.03 * k) + post.normal(0, 0.15)), 2),
        energy_tce_per_10k_cny: round(Math.max(0.005, p.energy * (1 - 0.025 * k) * (1 - 0.05 * o.quality) * Math.exp(post.normal(0, 0.06))), 3),
        customer_satisfaction: round(clamp(84 + 4 * o.quality + 0.4 * k + post.normal(0, 1.5), 60, 99.5), 1),
        quality_safety_incidents: (incidentCounts.get(`${o.row.uscc}|${y}`) ?? 0) + (post.chance(0.08) ? 1 : 0),
      };
      for (const [indicator, value] of Object.entries(values)) {
        plan.indicators.push({ organisationUscc: o.row.uscc, year: y, indicator, value });
      }
    }
  }

  if (plan.demoExaminer === '') throw new Error('The 2025 cycle has no demo examiner');
  // The model sheet uses GB/T 19580-2012: keep the assumption explicit.
  if (GBT_19580_2012.totalPoints !== 1000) throw new Error('Unexpected criteria model');
  return plan;
}
