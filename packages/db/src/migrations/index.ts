import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m20261126 from './2026-11-26T00-00-00_initial.ts';
import * as m20261201people from './2026-12-01T01-00-00_people.ts';
import * as m20261201cycleSettings from './2026-12-01T02-00-00_cycle_settings.ts';
import * as m20261201groups from './2026-12-01T03-00-00_review_groups.ts';
import * as m20261201materials from './2026-12-01T04-00-00_materials.ts';
import * as m20261201consensus from './2026-12-01T05-00-00_consensus.ts';
import * as m20261202loginBackoff from './2026-12-02T10-00-00_login_backoff.ts';
import * as m20261202auditChain from './2026-12-02T20-00-00_audit_chain.ts';
import * as m20261202publications from './2026-12-02T30-00-00_publications_meetings.ts';
import * as m20261202followup from './2026-12-02T40-00-00_followup.ts';
import * as m20261202dataVersions from './2026-12-02T50-00-00_data_versions.ts';
import * as m20261202jobs from './2026-12-02T60-00-00_jobs.ts';
import * as m20261202scoreCover from './2026-12-02T70-00-00_score_cover_index.ts';

/**
 * Every migration, keyed by its ISO-dated name. An in-code provider behaves the same under
 * vitest, tsx and node (no directory scanning).
 */
export const migrations: Record<string, Migration> = {
  '2026-11-26T00-00-00_initial': m20261126,
  '2026-12-01T01-00-00_people': m20261201people,
  '2026-12-01T02-00-00_cycle_settings': m20261201cycleSettings,
  '2026-12-01T03-00-00_review_groups': m20261201groups,
  '2026-12-01T04-00-00_materials': m20261201materials,
  '2026-12-01T05-00-00_consensus': m20261201consensus,
  '2026-12-02T10-00-00_login_backoff': m20261202loginBackoff,
  '2026-12-02T20-00-00_audit_chain': m20261202auditChain,
  '2026-12-02T30-00-00_publications_meetings': m20261202publications,
  '2026-12-02T40-00-00_followup': m20261202followup,
  '2026-12-02T50-00-00_data_versions': m20261202dataVersions,
  '2026-12-02T60-00-00_jobs': m20261202jobs,
  '2026-12-02T70-00-00_score_cover_index': m20261202scoreCover,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
