import { readFileSync } from 'node:fs';
import { appRouter } from '@mqa/api';
import { describe, expect, it } from 'vitest';
import { END, roleMatrix, SECURITY_MD, START, withRoleMatrix } from './role-matrix.ts';

const rowOf = (matrix: string, cell: string) => matrix.split('\n').find((l) => l.startsWith(`| ${cell} `));

describe('the role matrix of docs/security.md', () => {
  it('is up to date with the code (run pnpm docs:roles after changing a role)', () => {
    const committed = readFileSync(SECURITY_MD, 'utf8');
    expect(committed).toContain(START);
    expect(committed).toContain(END);
    expect(withRoleMatrix(committed)).toBe(committed);
  });

  it('has one row per procedure with the roles its meta declares, and the file routes with the /api check', () => {
    const matrix = roleMatrix();
    for (const path of Object.keys(appRouter._def.procedures)) expect(rowOf(matrix, `\`${path}\``), path).toBeDefined();
    const cells = (line: string | undefined) =>
      line!
        .split('|')
        .map((c) => c.trim())
        .filter(Boolean);
    // procedure, kind, secretariat, committee, leadership, examiner, anonymous
    expect(cells(rowOf(matrix, '`auth.login`'))).toEqual(['`auth.login`', 'mutation', 'yes', 'yes', 'yes', 'yes', 'yes']);
    expect(cells(rowOf(matrix, '`scoring.saveSheet`'))).toEqual(['`scoring.saveSheet`', 'mutation', '-', '-', '-', 'yes', '-']);
    expect(cells(rowOf(matrix, '`users.create`'))).toEqual(['`users.create`', 'mutation', 'yes', '-', '-', '-', '-']);
    const report = matrix.split('\n').find((l) => l.includes('`/api/cycles/:year/report.pdf`'));
    expect(cells(report)).toEqual(['GET', '`/api/cycles/:year/report.pdf`', 'yes', 'yes', '-', '-', '-']);
  });

  it('notices a stale table and replaces only the section between the markers', () => {
    const doc = `# Security\n\nbefore\n\n${START}\n| stale |\n${END}\n\nafter\n`;
    const next = withRoleMatrix(doc);
    expect(next).not.toBe(doc);
    expect(next.startsWith('# Security\n\nbefore\n\n')).toBe(true);
    expect(next.endsWith(`${END}\n\nafter\n`)).toBe(true);
    expect(withRoleMatrix(next)).toBe(next);
  });
});
