import { describe, expect, it } from 'vitest';
import { ROLE_GROUPS } from '@mqa/rules';
import { canOpen, homeRouteFor, menuFor, routes } from './routes.ts';

describe('routes by role', () => {
  it('gives each role its own menu', () => {
    // Examiners reach the consensus agenda of the groups they lead.
    expect(menuFor('examiner').map((m) => m.name)).toEqual(['my', 'consensus']);
    expect(menuFor('leadership').map((m) => m.name)).toEqual(['overview', 'applications', 'publication', 'sectors', 'trends', 'followUp']);
    expect(menuFor('committee').map((m) => m.name)).toEqual([
      'overview',
      'applications',
      'groups',
      'publication',
      'committeeVote',
      'compare',
      'sectors',
      'trends',
      'panel',
      'weights',
      'followUp',
    ]);
    // The secretariat sees every view of the committee but the members' own vote, plus its own (data import…).
    expect(menuFor('secretariat').map((m) => m.name)).toEqual(
      expect.arrayContaining(
        menuFor('committee')
          .map((m) => m.name)
          .filter((n) => n !== 'committeeVote'),
      ),
    );
    expect(menuFor('secretariat').map((m) => m.name)).not.toContain('committeeVote');
    expect(menuFor(null)).toEqual([]);
  });

  it('refuses a view the role may not open, and the login page is public', () => {
    const meta = (name: string) => routes.find((r) => r.name === name)!.meta;
    expect(canOpen('examiner', meta('overview'))).toBe(false);
    expect(canOpen('leadership', meta('compare'))).toBe(false);
    expect(canOpen('leadership', meta('weights'))).toBe(false);
    expect(canOpen('committee', meta('my'))).toBe(false);
    expect(canOpen('secretariat', meta('panel'))).toBe(true);
    expect(canOpen(null, meta('login'))).toBe(true);
    expect(canOpen(null, meta('trends'))).toBe(false);
  });

  it('offers the data import to the secretariat only, and the committee pack without the shell', () => {
    const meta = (name: string) => routes.find((r) => r.name === name)!.meta;
    expect(menuFor('secretariat').map((m) => m.name)).toContain('dataImport');
    for (const role of ['committee', 'leadership', 'examiner'] as const) {
      expect(menuFor(role).map((m) => m.name)).not.toContain('dataImport');
      expect(canOpen(role, meta('dataImport'))).toBe(false);
    }
    expect(meta('report')?.bare).toBe(true);
    expect(canOpen('committee', meta('report'))).toBe(true);
    expect(canOpen('secretariat', meta('report'))).toBe(true);
    expect(canOpen('leadership', meta('report'))).toBe(false);
    expect(menuFor('committee').map((m) => m.name)).not.toContain('report');
  });

  it('shows the applications to every analyst, feedback and the audit log to the secretariat only', () => {
    const meta = (name: string) => routes.find((r) => r.name === name)!.meta;
    for (const role of ['secretariat', 'committee', 'leadership'] as const) {
      expect(canOpen(role, meta('applications'))).toBe(true);
      expect(canOpen(role, meta('application'))).toBe(true);
    }
    expect(canOpen('examiner', meta('applications'))).toBe(false);
    expect(canOpen('examiner', meta('application'))).toBe(false);
    expect(menuFor('secretariat').map((m) => m.name)).toEqual(expect.arrayContaining(['applications', 'feedback', 'audit']));
    for (const role of ['committee', 'leadership', 'examiner'] as const) {
      expect(canOpen(role, meta('feedback'))).toBe(false);
      expect(canOpen(role, meta('audit'))).toBe(false);
      expect(menuFor(role).map((m) => m.name)).not.toContain('audit');
    }
    // The detail page is reached from the list, not from the menu.
    expect(menuFor('secretariat').map((m) => m.name)).not.toContain('application');
  });

  it('names the same role groups as the API: readers for results, analysts for detailed analytics', () => {
    const meta = (name: string) => routes.find((r) => r.name === name)!.meta;
    expect(meta('overview')?.roles).toBe(ROLE_GROUPS.readers);
    expect(meta('followUp')?.roles).toBe(ROLE_GROUPS.readers);
    expect(meta('panel')?.roles).toBe(ROLE_GROUPS.analysts);
    expect(meta('report')?.roles).toBe(ROLE_GROUPS.analysts);
    expect(meta('audit')?.roles).toBe(ROLE_GROUPS.secretariat);
    expect(meta('my')?.roles).toBe(ROLE_GROUPS.examiner);
  });

  it('loads every view lazily (its own chunk)', () => {
    for (const r of routes) expect(typeof r.component, String(r.name)).toBe('function');
  });

  it('lands each role on its first view', () => {
    expect(homeRouteFor('examiner', 2024)).toEqual({ name: 'my' });
    expect(homeRouteFor('committee', 2024)).toEqual({ name: 'overview', params: { year: '2024' } });
    expect(homeRouteFor('leadership', null)).toEqual({ name: 'trends' });
  });
});
