/**
 * Awardee follow-up (Art. 5, 27, 28): status through @mqa/rules, indicators against the sector
 * median (@mqa/scoring's `median`), incidents that call for a revocation review.
 */
import { listAllApplications, listAwards, listIncidents, listIndicators, listRevocations, organisationSectors, type Incident as IncidentRow } from '@mqa/db';
import { assessIncident, awardStatus, todayInChina, type Incident } from '@mqa/rules';
import { median } from '@mqa/scoring';
import type { Context } from '../context.ts';
import { domainText, type LocalizedText } from '../errors.ts';
import { districtName, sectorName } from './labels.ts';

export const INDICATORS: Record<string, { name: LocalizedText; unit: string; better: 'higher' | 'lower' }> = {
  revenue_cny_m: { name: { zh: '营业收入', en: 'Revenue' }, unit: 'CNY m', better: 'higher' },
  profit_tax_cny_m: { name: { zh: '利税总额', en: 'Profit and tax' }, unit: 'CNY m', better: 'higher' },
  asset_contribution_pct: { name: { zh: '总资产贡献率', en: 'Total-asset contribution rate' }, unit: '%', better: 'higher' },
  rd_intensity_pct: { name: { zh: '研发投入强度', en: 'R&D intensity' }, unit: '%', better: 'higher' },
  energy_tce_per_10k_cny: { name: { zh: '万元产值综合能耗', en: 'Energy use per CNY 10,000 output' }, unit: 'tce', better: 'lower' },
  customer_satisfaction: { name: { zh: '顾客满意度', en: 'Customer satisfaction' }, unit: 'score', better: 'higher' },
  quality_safety_incidents: { name: { zh: '质量安全事件数', en: 'Quality and safety incidents' }, unit: 'count', better: 'lower' },
};

export const INCIDENT_NAMES: Record<string, LocalizedText> = {
  quality_accident: { zh: '质量事故', en: 'Quality accident' },
  safety_accident: { zh: '安全事故', en: 'Safety accident' },
  environmental: { zh: '环境污染事件', en: 'Environmental incident' },
  public_health: { zh: '公共卫生事件', en: 'Public-health incident' },
  violation: { zh: '违法行为', en: 'Violation' },
  fraud: { zh: '弄虚作假', en: 'Fraud' },
};

/**
 * The database records incidents by kind and severity; @mqa/rules assesses the kinds the measures
 * name (Art. 27–28). Only major incidents and fraud can lead to a review.
 */
export function rulesIncident(row: Pick<IncidentRow, 'kind' | 'severity' | 'occurred_on'>): Incident | null {
  if (row.kind === 'fraud') return { date: row.occurred_on, kind: 'fraud' };
  if (row.severity !== 'major') return null;
  switch (row.kind) {
    case 'quality_accident':
    case 'public_health':
      return { date: row.occurred_on, kind: 'major_quality_accident' };
    case 'safety_accident':
    case 'environmental':
      return { date: row.occurred_on, kind: 'major_safety_accident' };
    case 'violation':
      return { date: row.occurred_on, kind: 'serious_violation' };
    default:
      return null;
  }
}

export function followUpJson(ctx: Context) {
  return ctx.services.cache.memo('followUp', async () => {
    const db = ctx.db;
    const [awards, revocations, apps, indicators, incidents, sectors, cycles] = await Promise.all([
      listAwards(db),
      listRevocations(db),
      listAllApplications(db),
      listIndicators(db),
      listIncidents(db),
      organisationSectors(db),
      db.selectFrom('cycles').select(['id', 'year']).execute(),
    ]);
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
    const medians = new Map<string, { median: number | null; n: number }>();
    for (const [k, list] of bucket) medians.set(k, { median: median(list), n: list.length });

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
      const orgId = app?.organisation_id ?? null;
      const awardYear = Number(award.awarded_on.slice(0, 4));
      const own = orgId === null ? [] : indicators.filter((r) => r.organisationId === orgId && r.year >= awardYear && r.year <= awardYear + 3);
      const indicatorIds = [...new Set(own.map((r) => r.indicator))].sort();
      const orgIncidents = orgId === null ? [] : incidents.filter((i) => i.organisation_id === orgId && i.occurred_on >= award.awarded_on);
      const incidentJson = orgIncidents.map((i) => {
        const ri = rulesIncident(i);
        let assessment: { needed: boolean; article: number | null; message: LocalizedText };
        if (!ri) {
          assessment = {
            needed: false,
            article: null,
            message: { zh: '一般事件，不构成撤销复核事由。', en: 'A minor incident: no ground for a revocation review.' },
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
        prizeRmb: award.prize_rmb,
        status: status.status,
        statusMessage: status.message,
        statusArticle: 'article' in status ? (status.article ?? null) : null,
        revocation: revocation ? { reason: revocation.reason, article: revocation.article, detail: revocation.detail, revokedOn: revocation.revoked_on } : null,
        indicators: indicatorIds.map((id) => {
          const meta = INDICATORS[id] ?? { name: { zh: id, en: id }, unit: '', better: 'higher' as const };
          return {
            id,
            name: meta.name,
            unit: meta.unit,
            better: meta.better,
            years: own
              .filter((r) => r.indicator === id)
              .sort((a, b) => a.year - b.year)
              .map((r) => {
                const m = medians.get(`${sector}|${id}|${r.year}`) ?? { median: null, n: 0 };
                const favourable = m.median === null ? null : meta.better === 'higher' ? r.value >= m.median : r.value <= m.median;
                return { year: r.year, value: r.value, sectorMedian: m.median, sectorN: m.n, favourable };
              }),
          };
        }),
        incidents: incidentJson,
        needsRevocationReview: incidentJson.some((i) => i.needsReview),
      };
    });
  });
}
