import { describe, expect, it } from 'vitest';
import { messages } from './index.ts';

type Tree = { [k: string]: string | Tree };

function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    return typeof v === 'string' ? [key] : keysOf(v, key);
  });
}

// The dashboard's own source (components, views, scripts), without its tests and without the
// message tables themselves: a key only a test mentions is still unused.
const sources = import.meta.glob<string>(['../**/*.ts', '../**/*.vue', '!../**/*.test.ts', '!./messages/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const source = Object.values(sources).join('\n');

/**
 * Keys looked up by a name built at run time, e.g. t(`status.${award.status}`): the last part is
 * a value from the server or from a list in the code, so the full key never appears in the
 * source. Each prefix is listed with the text that builds it (which must still be in the source).
 */
const DYNAMIC: Record<string, string> = {
  // Audit log rows name their entity and action (`cycle`, `cycle_advancePhase`, …).
  'rules.audit.entities.': 'rules.audit.entities.${',
  'rules.audit.actions.': 'rules.audit.actions.${',
  // Why the audit chain breaks (missing_hash, prev_hash_mismatch, hash_mismatch), as audit.chain reports it.
  'rules.audit.chainReasons.': 'rules.audit.chainReasons.${',
  // The fields of an audited change by their stored key, and stored values no other message names (by entity).
  'rules.audit.fields.': 'rules.audit.fields.${',
  'rules.audit.values.': 'rules.audit.values.${',
  // The import preview: the changed fields of an application row, and the counts of each import kind.
  'dataImport.fields.': 'dataImport.fields.${',
  'dataImport.counts.': 'dataImport.counts.${',
  // Progress of server jobs (not cycle phases): JobProgress gets the namespace, the job its phase.
  'dataImport.phase.': "'dataImport.phase'",
  'report.phase.': "'report.phase'",
  // Statuses and kinds the server sends with each row.
  'report.eligibilityStatus.': 'report.eligibilityStatus.${',
  'followUp.indicator.': 'followUp.indicator.${',
  'followUp.kind.': 'followUp.kind.${',
  'followUp.reviewStatus.': 'followUp.reviewStatus.${',
  'rules.decisions.kind.': 'rules.decisions.kind.${',
  'rules.timeline.state.': 'rules.timeline.state.${',
  'rules.eligibility.': 'rules.eligibility.${',
  'rules.appStatus.': 'rules.appStatus.${',
  'rules.qualification.': "'rules.qualification'",
  'status.': 'status.${',
  'sheet.': 'sheet.${',
  'method.': 'method.${',
  // Problems of a form and the phase dates, one key per item of a list in the code.
  'rules.decisions.problem.': 'rules.decisions.problem.${',
  'rules.award.problem.': 'rules.award.problem.${',
  'rules.timeline.date.': 'rules.timeline.date.${',
  // Generic error texts, picked by tRPC code or HTTP status (`messages[locale].error[key]`).
  'error.': '.error[key]',
};

const zhKeys = keysOf(messages['zh-CN']);
const enKeys = keysOf(messages.en);

function referenced(key: string): boolean {
  return [`'${key}'`, `"${key}"`, `\`${key}\``].some((quoted) => source.includes(quoted));
}

describe('i18n keys', () => {
  it('are the same in zh-CN and en', () => {
    expect([...enKeys].sort()).toEqual([...zhKeys].sort());
  });

  it('are each referenced from the dashboard’s source, or built from a listed dynamic prefix', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50);
    const dynamic = Object.keys(DYNAMIC);
    const unused = zhKeys.filter((key) => !referenced(key) && !dynamic.some((p) => key.startsWith(p)));
    expect(unused).toEqual([]);
  });

  it('list only dynamic prefixes that the source still builds and the messages still have', () => {
    for (const [prefix, builtAs] of Object.entries(DYNAMIC)) {
      expect(source.includes(builtAs), `${prefix} built as ${builtAs}`).toBe(true);
      expect(
        zhKeys.some((k) => k.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
  });

  it('keep no table of the vocabulary (phases, stages, roles): those names come from @mqa/rules', () => {
    for (const ns of ['phase', 'stage', 'role', 'channel'])
      expect(
        zhKeys.filter((k) => k.startsWith(`${ns}.`)),
        ns,
      ).toEqual([]);
  });
});
