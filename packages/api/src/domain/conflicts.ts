/**
 * Conflicts of interest (Art. 24) found by @mqa/rules `detectConflicts` from what the database
 * knows: the examiner's employer (USCC and name) and declared ties (employment, business,
 * relatives, other) against the applicant organisation or an individual applicant's employer.
 */
import {
  insertConflict,
  listApplicantOrganisations,
  listExaminers,
  listExaminerTies,
  type ApplicantOrganisationRow,
  type Examiner,
  type ExaminerTieRow,
} from '@mqa/db';
import { detectConflicts, type ApplicantProfile, type Conflict, type ExaminerProfile, type OrganisationRef } from '@mqa/rules';
import type { Context } from '../context.ts';
import type { LocalizedText } from '../errors.ts';
import { joinBilingual } from './text.ts';

function examinerProfile(e: Examiner, ties: ExaminerTieRow[]): ExaminerProfile {
  const ref = (t: ExaminerTieRow): OrganisationRef => ({ uscc: t.organisationUscc, name: t.organisationNameZh });
  const employer: OrganisationRef = {
    ...(e.employer_uscc ? { uscc: e.employer_uscc } : {}),
    ...(e.employer_name ? { name: e.employer_name } : {}),
  };
  return {
    id: String(e.id),
    name: e.name_zh,
    ...(e.employer_uscc || e.employer_name ? { employer } : {}),
    employmentTies: ties.filter((t) => t.kind === 'employment').map(ref),
    businessTies: ties.filter((t) => t.kind === 'business').map(ref),
    relatives: ties.filter((t) => t.kind === 'relative').map((t) => ({ ...(t.note ? { relation: t.note } : {}), employer: ref(t) })),
    declaredConflicts: ties.filter((t) => t.kind === 'other').map((t) => ({ uscc: t.organisationUscc, ...(t.note ? { reason: t.note } : {}) })),
  };
}

function applicantProfile(a: ApplicantOrganisationRow): ApplicantProfile {
  const org: OrganisationRef = { ...(a.uscc ? { uscc: a.uscc } : {}), ...(a.nameZh ? { name: a.nameZh } : {}) };
  if (a.applicantType === 'organisation') {
    return { id: String(a.applicationId), applicantType: 'organisation', ...org };
  }
  return {
    id: String(a.applicationId),
    applicantType: 'individual',
    ...(a.individualNameZh ? { name: a.individualNameZh } : {}),
    ...(a.individualId !== null ? { personId: String(a.individualId) } : {}),
    ...(a.uscc || a.nameZh ? { employer: org } : {}),
  };
}

export interface DetectedConflict {
  applicationId: number;
  examinerId: number;
  conflicts: Conflict[];
  /** The reasons of every conflict of the pair, joined. */
  reason: LocalizedText;
}

/** Every conflict between the given examiners and applications (pairs without one are left out). */
export async function detectFor(ctx: Context, examinerIds: number[], applicationIds: number[]): Promise<DetectedConflict[]> {
  const [examiners, ties, applicants] = await Promise.all([
    listExaminers(ctx.db, examinerIds),
    listExaminerTies(ctx.db, examinerIds),
    listApplicantOrganisations(ctx.db, applicationIds),
  ]);
  const profiles = examiners.map((e) => ({
    id: e.id,
    profile: examinerProfile(
      e,
      ties.filter((t) => t.examinerId === e.id),
    ),
  }));
  const out: DetectedConflict[] = [];
  for (const a of applicants) {
    const ap = applicantProfile(a);
    for (const e of profiles) {
      const conflicts = detectConflicts(e.profile, ap);
      if (conflicts.length === 0) continue;
      out.push({
        applicationId: a.applicationId,
        examinerId: e.id,
        conflicts,
        reason: {
          zh: `${conflicts.map((c) => c.reason.zh).join('；')}（第24条，系统比对）`,
          en: `${conflicts.map((c) => c.reason.en).join('; ')} (Art. 24, found by the system)`,
        },
      });
    }
  }
  return out;
}

/**
 * Detects the conflicts between the examiners and applications and records those not recorded
 * yet (source `automatic`). Returns the new ones; `existing` are the pairs recorded before.
 */
export async function recordDetected(
  ctx: Context,
  examinerIds: number[],
  applicationIds: number[],
  at: string,
): Promise<{ added: (DetectedConflict & { id: number })[]; found: DetectedConflict[]; existing: Set<string> }> {
  const found = await detectFor(ctx, examinerIds, applicationIds);
  const existing = new Set<string>();
  if (applicationIds.length > 0) {
    const rows = await ctx.db
      .selectFrom('conflicts')
      .select(['application_id', 'examiner_id'])
      .where('application_id', 'in', [...new Set(applicationIds)])
      .execute();
    for (const c of rows) existing.add(`${c.application_id}|${c.examiner_id}`);
  }
  const added: (DetectedConflict & { id: number })[] = [];
  for (const d of found) {
    if (existing.has(`${d.applicationId}|${d.examinerId}`)) continue;
    const id = await insertConflict(ctx.db, {
      applicationId: d.applicationId,
      examinerId: d.examinerId,
      source: 'automatic',
      reason: joinBilingual(d.reason),
      declaredAt: at,
    });
    added.push({ ...d, id });
  }
  return { added, found, existing };
}
