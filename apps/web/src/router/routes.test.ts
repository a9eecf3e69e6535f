import { describe, expect, it } from 'vitest';
import { canOpen, homeRouteFor, menuFor, routes } from './routes.ts';

describe('routes by role', () => {
  it('gives each role its own menu', () => {
    expect(menuFor('examiner').map((m) => m.name)).toEqual(['my']);
    expect(menuFor('leadership').map((m) => m.name)).toEqual(['overview', 'sectors', 'trends', 'followUp']);
    expect(menuFor('committee').map((m) => m.name)).toEqual(['overview', 'compare', 'sectors', 'trends', 'panel', 'weights', 'followUp']);
    expect(menuFor('secretariat').map((m) => m.name)).toEqual(menuFor('committee').map((m) => m.name));
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

  it('loads every view lazily (its own chunk)', () => {
    for (const r of routes) expect(typeof r.component, String(r.name)).toBe('function');
  });

  it('lands each role on its first view', () => {
    expect(homeRouteFor('examiner', 2024)).toEqual({ name: 'my' });
    expect(homeRouteFor('committee', 2024)).toEqual({ name: 'overview', params: { year: '2024' } });
    expect(homeRouteFor('leadership', null)).toEqual({ name: 'trends' });
  });
});
