import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '@mqa/rules';

/**
 * The audit trail's actions (Art. 26) are a vocabulary of @mqa/rules, which the dashboard names in
 * both languages. This reads the server's source (this package, @mqa/db, the HTTP host) for every
 * action it writes — `action: '…'` (also the branches of a conditional), and the actions handed to
 * the shared writers `storeEligibility` and `applyCycleSettings` — and checks each is in it.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const SOURCES = ['packages/api/src', 'packages/db/src', 'apps/server/src'];
const ACTION_ID = /^(?:seed|[a-z][A-Za-z]*(?:\.[a-z][A-Za-z]*)+)$/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts') && !/\.(test|fixture|d)\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

/** The action ids written in one source text, with their line numbers. */
export function writtenActions(text: string): { action: string; line: number }[] {
  const out: { action: string; line: number }[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const at = line.search(/\baction: |storeEligibility\(|applyCycleSettings\(/);
    if (at < 0) return;
    for (const m of line.slice(at).matchAll(/'([^'\n]+)'/g)) if (ACTION_ID.test(m[1]!)) out.push({ action: m[1]!, line: i + 1 });
    // `action: `import.${kind}``: the imports of the two kinds.
    if (/action: `import\.\$\{kind\}`/.test(line)) out.push({ action: 'import.applications', line: i + 1 }, { action: 'import.scores', line: i + 1 });
  });
  return out;
}

describe('audit actions', () => {
  it('finds the actions of a source text', () => {
    const text = [
      "await writeAudit(tx, { action: 'user.create', entity: 'user' });",
      "  action: patch.disabled === 1 ? 'user.disable' : patch.disabled === 0 ? 'user.enable' : 'user.update',",
      "return storeEligibility(tx, app, facts, 'application.updateFacts', true);",
      "frameguard: { action: 'deny' },",
      '      action: `import.${kind}`,',
    ].join('\n');
    expect(writtenActions(text).map((a) => a.action)).toEqual([
      'user.create',
      'user.disable',
      'user.enable',
      'user.update',
      'application.updateFacts',
      'import.applications',
      'import.scores',
    ]);
  });

  it('every action the server writes is in the vocabulary the dashboard names', () => {
    const known = new Set<string>(AUDIT_ACTIONS);
    const unknown: string[] = [];
    let found = 0;
    for (const dir of SOURCES) {
      for (const file of sourceFiles(path.join(ROOT, dir))) {
        for (const { action, line } of writtenActions(fs.readFileSync(file, 'utf8'))) {
          found++;
          if (!known.has(action)) unknown.push(`${path.relative(ROOT, file)}:${line} ${action}`);
        }
      }
    }
    expect(found, 'the scan finds the server’s audit writes').toBeGreaterThan(40);
    expect(unknown, 'add these to AUDIT_ACTIONS (@mqa/rules vocabulary.ts) and name them in the dashboard (rules.audit.actions)').toEqual([]);
  });

  it('lists each action once', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
  });
});
