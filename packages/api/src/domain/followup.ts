/**
 * Awardee follow-up (Art. 5, 27, 28): status through @mqa/rules, indicators against the sector
 * median (@mqa/scoring's `median`), incidents that call for a revocation review.
 */
import {
  listAllApplications,
  listAwards,
  listIncidents,
  listIndicators,
  listMisuseReports,
  listPublications,
  listRevocations,
  organisationSectors,
  type Incident as IncidentRow,
} from '@mqa/db';
import {
  assessIncident,
  awardStatus,
  followUpYears,
  incidentGrounds,
  INCIDENT_KINDS,
  INCIDENT_SEVERITIES,
  INDICATOR_IDS,
  INDICATORS as RULE_INDICATORS,
  INDICATOR_WATCH,
  indicatorWatch,
  indicatorValueProblem,
  isIndicatorId,
  todayInChina,
  type Incident,
} from '@mqa/rules';
import { median, quantile } from '@mqa/scoring';
import type { Context } from '../context.ts';
import { domainText, type LocalizedText } from '../errors.ts';
import { districtName, sectorName } from './labels.ts';

/** The follow-up indicators (@mqa/rules `INDICATORS`, with their plausible ranges), as the API names them. */
export const INDICATORS: Record<string, { name: LocalizedText; unit: string; better: 'higher' | 'lower' }> = Object.fromEntries(
  INDICATOR_IDS.map((id) => [id, { name: RULE_INDICATORS[id].name, unit: RULE_INDICATORS[id].unit.en, better: RULE_INDICATORS[id].better }]),
);

/** The definitions as forms and templates need them: names, units, ranges (one definition, in @mqa/rules). */
export function indicatorDefinitionsJson() {
  return INDICATOR_IDS.map((id) => {
    const d = RULE_INDICATORS[id];
    return { id, name: d.name, unit: d.unit, better: d.better, min: d.min, max: d.max, integer: d.integer, digits: d.digits };
  });
}

export const INCIDENT_NAMES: Record<string, LocalizedText> = Object.fromEntries(
  Object.entries(INCIDENT_KINDS).map(([id, term]) => [id, { zh: term.zh, en: term.en }]),
);

export const SEVERITY_NAMES: Record<string, LocalizedText> = Object.fromEntries(
  Object.entries(INCIDENT_SEVERITIES).map(([id, term]) => [id, { zh: term.zh, en: term.en }]),
);

/**
 * The database records incidents by kind and grade; @mqa/rules `incidentGrounds` says what that
 * is in the measures' terms (Art. 27–28): fraud at any grade, 较大 and above otherwise.
 */
export function rulesIncident(row: Pick<IncidentRow, 'kind' | 'severity' | 'occurred_on'>): Incident | null {
  try {
    return incidentGrounds({ kind: row.kind, severity: row.severity, date: row.occurred_on });
  } catch {
    return null;
  }
}

/** Whether an incident concerns the awardee of an award (its organisation, or the awarded individual). */
export function incidentConcerns(
  i: Pick<IncidentRow, 'organisation_id' | 'individual_id'>,
  a: { organisationId: number | null; individualId: number | null },
): boolean {
  if (a.organisationId !== null) return i.organisation_id === a.organisationId;
  return a.individualId !== null && i.individual_id === a.individualId;
}

export function followUpJson(ctx: Context) {
  return ctx.services.cache.memo('followUp', async () => {
    const db = ctx.db;
    const [awards, revocations, apps, indicators, incidents, sectors, cycles, misuse, notices] = await Promise.all([
      listAwards(db),
      listRevocations(db),
      listAllApplications(db),
      listIndicators(db),
      listIncidents(db),
      organisationSectors(db),
      db.selectFrom('cycles').select(['id', 'year']).execute(),
      listMisuseReports(db),
      listPublications(db, { kind: 'revocation' }),
    ]);
    const noticeOf = new Map(notices.flatMap((p) => (p.award_id === null ? [] : [[p.award_id, p.id] as const])));
    const asOf = todayInChina(ctx.services.now());
    const appById = new Map(apps.map((a) => [a.id, a]));
    const yearOfCycle = new Map(cycles.map((c) => [c.id, c.year]));
    // Sector medians per indicator and year.
    const bucket = new Map<string, number[]>();
    for (const r of indicators) {
      const k = `${sectors.get(r.organisationId)}|${r.indicator}|${r.year}`;
      const list = bucket.get(k) ?? [];
      list.push(r.value);
      bucket.set(k, list);
    }
    const medians = new Map<string, { median: number | null; n: number; p25: number | null; p75: number | null }>();
    for (const [k, list] of bucket) medians.set(k, { median: median(list), n: list.length, p25: quantile(list, 0.25), p75: quantile(list, 0.75) });

    return awards.map((award) => {
      const app = appById.get(award.application_id);
      const revocation = revocations.find((r) => r.award_id === award.id);
      let status;
      try {
        status = awardStatus(
          {
            awardedOn: award.awarded_on,
            ...(revocation ? { revokedOn: revocation.revoked_on, revocationReason: revocation.reason } : {}),
          },
          asOf < award.awarded_on ? award.awarded_on : asOf,
        );
      } catch (error) {
        status = { status: 'valid' as const, validUntil: award.valid_until, expiringFrom: award.valid_until, message: domainText(error) ?? { zh: '', en: '' } };
      }
      const orgId = app?.applicant_type === 'individual' ? null : (app?.organisation_id ?? null);
      const individualId = app?.applicant_type === 'individual' ? (app.individual_id ?? null) : null;
      const awardYear = Number(award.awarded_on.slice(0, 4));
      const own = orgId === null ? [] : indicators.filter((r) => r.organisationId === orgId && r.year >= awardYear && r.year <= awardYear + 3);
      const indicatorIds = [...new Set(own.map((r) => r.indicator))].sort();
      const orgIncidents = incidents.filter((i) => incidentConcerns(i, { organisationId: orgId, individualId }) && i.occurred_on >= award.awarded_on);
      const incidentJson = orgIncidents.map((i) => {
        const ri = rulesIncident(i);
        let assessment: { needed: boolean; article: number | null; message: LocalizedText };
        if (!ri) {
          assessment = {
            needed: false,
            article: null,
            message: { zh: '一般事件，不构成撤销复核事由（第28条）。', en: 'A general (一般) incident: no ground for a revocation review (Art. 28).' },
          };
        } else {
          try {
            const a = assessIncident({ awardedOn: award.awarded_on, ...(revocation ? { revokedOn: revocation.revoked_on } : {}) }, ri);
            assessment = { needed: a.needed, article: a.article ?? null, message: a.message };
          } catch (error) {
            assessment = { needed: false, article: null, message: domainText(error) ?? { zh: '无法评估。', en: 'Could not be assessed.' } };
          }
        }
        return {
          id: i.id,
          occurredOn: i.occurred_on,
          reportedOn: i.reported_on,
          kind: i.kind,
          kindName: INCIDENT_NAMES[i.kind] ?? { zh: i.kind, en: i.kind },
          severity: i.severity,
          severityName: SEVERITY_NAMES[i.severity] ?? { zh: i.severity, en: i.severity },
          description: i.description,
          reviewStatus: i.review_status,
          assessment,
          needsReview: assessment.needed && (i.review_status === 'none' || i.review_status === 'open'),
        };
      });
      const sector = app?.sector ?? '';
      return {
        awardId: award.id,
        applicationId: award.application_id,
        /** The awardee organisation (incidents are reported against it, Art. 27–28); null for an individual. */
        organisationId: orgId,
        /** The awarded individual; null for an organisation. */
        individualId,
        code: app?.code ?? '',
        cycleYear: yearOfCycle.get(award.cycle_id) ?? null,
        name: { zh: app?.applicantNameZh ?? '', en: app?.applicantNameEn ?? '' },
        applicantType: app?.applicant_type ?? 'organisation',
        sector,
        sectorName: sectorName(sector),
        district: app?.district ?? '',
        districtName: districtName(app?.district ?? ''),
        awardedOn: award.awarded_on,
        validUntil: status.validUntil,
        certificateNo: award.certificate_no,
        plaqueNo: award.plaque_no,
        approvedOn: award.approved_on,
        prizeRmb: award.prize_rmb,
        prizePaidOn: award.prize_paid_on,
        /** The years whose indicators are followed (Art. 5): the award year to the end of validity. */
        followUpYears: followUpYears(award.awarded_on),
        status: status.status,
        statusMessage: status.message,
        statusArticle: 'article' in status ? (status.article ?? null) : null,
        revocation: revocation
          ? {
              reason: revocation.reason,
              article: revocation.article,
              detail: revocation.detail,
              revokedOn: revocation.revoked_on,
              decisionNo: revocation.decision_no,
              prizeToRecoverRmb: revocation.prize_to_recover_rmb,
              prizeRecoveredRmb: revocation.prize_recovered_rmb,
              prizeRecoveredOn: revocation.prize_recovered_on,
              /** The published public notice (Art. 27–28), null until it is published. */
              publicationId: revocation.publication_id ?? noticeOf.get(award.id) ?? null,
            }
          : null,
        indicators: indicatorIds.map((id) => {
          const meta = INDICATORS[id] ?? { name: { zh: id, en: id }, unit: '', better: 'higher' as const };
          return {
            id,
            name: meta.name,
            unit: meta.unit,
            better: meta.better,
            /** The indicator's watch line (@mqa/rules INDICATOR_WATCH): a fixed value, or a gap to the sector median. */
            watch: isIndicatorId(id) ? INDICATOR_WATCH[id] : {},
            years: own
              .filter((r) => r.indicator === id)
              .sort((a, b) => a.year - b.year)
              .map((r) => {
                const m = medians.get(`${sector}|${id}|${r.year}`) ?? { median: null, n: 0, p25: null, p75: null };
                const favourable = m.median === null ? null : meta.better === 'higher' ? r.value >= m.median : r.value <= m.median;
                const hit = isIndicatorId(id) ? indicatorWatch(id, r.value, m.median) : null;
                return {
                  year: r.year,
                  value: r.value,
                  sectorMedian: m.median,
                  sectorN: m.n,
                  /** The sector's interquartile band that year (@mqa/scoring quantile), this awardee included. */
                  sectorP25: m.p25,
                  sectorP75: m.p75,
                  favourable,
                  /** The watch line this value crosses, or null. */
                  watch: hit,
                };
              }),
          };
        }),
        incidents: incidentJson,
        needsRevocationReview: incidentJson.some((i) => i.needsReview),
        /** Reports of forged or misused certificates and plaques of this award (Art. 30). */
        misuseReports: misuse.filter((m) => m.award_id === award.id).map((m) => ({ id: m.id, status: m.status, reportedOn: m.reported_on, kind: m.kind })),
      };
    });
  });
}

/** One problem of an indicator value (the form's and the import's check, from @mqa/rules). */
export interface IndicatorValueProblem {
  indicator: string;
  code: 'unknown_indicator' | 'not_a_number' | 'not_integer' | 'out_of_range';
  message: LocalizedText;
}

/** Checks indicator values against their definitions and plausible ranges (null clears a value). */
export function indicatorValueProblems(values: Record<string, number | null>): IndicatorValueProblem[] {
  const out: IndicatorValueProblem[] = [];
  for (const [id, value] of Object.entries(values)) {
    if (!isIndicatorId(id)) {
      out.push({ indicator: id, code: 'unknown_indicator', message: { zh: `未知指标 ${id}。`, en: `Unknown indicator ${id}.` } });
      continue;
    }
    if (value === null) continue;
    const p = indicatorValueProblem(id, value);
    if (p) out.push({ indicator: id, ...p });
  }
  return out;
}
