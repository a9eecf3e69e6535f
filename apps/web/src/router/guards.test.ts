import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { createPinia } from 'pinia';
import { ROLES, type Role } from '@mqa/rules';
import { useSessionStore } from '../stores/session.ts';
import { useCyclesStore } from '../stores/cycles.ts';

// Three awarded cycles and one in progress (material review), as the demo has them.
const CYCLES = [
  { year: 2023, phase: { id: 'awarded' } },
  { year: 2025, phase: { id: 'material_review' } },
  { year: 2024, phase: { id: 'awarded' } },
];
vi.mock('../api/trpc.ts', () => ({
  notifyUnauthorized: vi.fn(),
  setUnauthorizedHandler: vi.fn(),
  api: { cycles: { list: { query: vi.fn(async () => CYCLES) } }, auth: { me: { query: vi.fn(async () => null) } } },
}));

const { afterLogin, createAppRouter, isForbidden } = await import('./index.ts');

function setup(role: Role) {
  const pinia = createPinia();
  const session = useSessionStore(pinia);
  session.user = { id: 1, username: 'u', displayName: 'U', role, roleName: ROLES[role], examinerId: null, mustChangePassword: false };
  session.loaded = true;
  return { router: createAppRouter(pinia, createMemoryHistory()), cycles: useCyclesStore(pinia), session };
}

beforeEach(() => sessionStorage.clear());

describe('the landing page', () => {
  it('opens the cycle in progress, not the last finished one', async () => {
    const { router } = setup('committee');
    await router.push('/');
    expect(router.currentRoute.value.fullPath).toBe('/cycles/2025');
  });

  it('opens the cycle in progress even when another cycle was chosen before', async () => {
    const { router, cycles } = setup('secretariat');
    await router.push('/');
    cycles.select(2023);
    await router.push('/');
    expect(router.currentRoute.value.fullPath).toBe('/cycles/2025');
  });
});

describe('a page the role may not open', () => {
  it('keeps its address (reload and back work) and is shown as forbidden in place', async () => {
    const { router, session } = setup('committee');
    await router.push('/cycles/2024');
    expect(isForbidden(session.role, router.currentRoute.value)).toBe(false);
    await router.push('/audit');
    expect(router.currentRoute.value.fullPath).toBe('/audit');
    expect(router.currentRoute.value.name).toBe('audit');
    expect(isForbidden(session.role, router.currentRoute.value)).toBe(true);
    // Back returns to the view before it, which the role may open.
    router.back();
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/cycles/2024'));
    expect(isForbidden(session.role, router.currentRoute.value)).toBe(false);
  });

  it('is not forbidden to the role that may open it, nor is a public page', async () => {
    const { router, session } = setup('secretariat');
    await router.push('/audit');
    expect(isForbidden(session.role, router.currentRoute.value)).toBe(false);
    expect(isForbidden('examiner', router.resolve('/login'))).toBe(false);
    expect(isForbidden('examiner', router.resolve('/cycles/2024'))).toBe(true);
    expect(isForbidden(null, router.resolve('/cycles/2024'))).toBe(false);
  });
});

describe('after signing in', () => {
  it('goes to the address asked for only when the role may open it', () => {
    const { router } = setup('leadership');
    expect(afterLogin(router, 'leadership', '/trends')).toBe('/trends');
    expect(afterLogin(router, 'leadership', '/cycles/2024/applications?x=1')).toBe('/cycles/2024/applications?x=1');
    expect(afterLogin(router, 'leadership', '/audit')).toEqual({ name: 'home' });
    expect(afterLogin(router, 'leadership', '/compare?cycle=2024')).toEqual({ name: 'home' });
    expect(afterLogin(router, 'secretariat', '/audit')).toBe('/audit');
    expect(afterLogin(router, 'leadership', '/forbidden')).toEqual({ name: 'home' });
    expect(afterLogin(router, 'leadership', '/login?redirect=/audit')).toEqual({ name: 'home' });
    expect(afterLogin(router, 'leadership', '//elsewhere.example/')).toEqual({ name: 'home' });
    expect(afterLogin(router, 'leadership', 'https://elsewhere.example/')).toEqual({ name: 'home' });
    expect(afterLogin(router, 'leadership', undefined)).toEqual({ name: 'home' });
  });

  it('back to the login page of an earlier visit lands on a page the role may open, not on "no access"', async () => {
    const { router, session } = setup('leadership');
    // The login page that a secretariat's link had led to, revisited once signed in as leadership.
    await router.push('/login?redirect=%2Faudit');
    expect(router.currentRoute.value.fullPath).toBe('/cycles/2025');
    expect(isForbidden(session.role, router.currentRoute.value)).toBe(false);
    await router.push('/login?redirect=%2Ftrends');
    expect(router.currentRoute.value.fullPath).toBe('/trends');
  });
});
