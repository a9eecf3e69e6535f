import { describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { createPinia } from 'pinia';
import { ROLES } from '@mqa/rules';
import { useSessionStore } from '../stores/session.ts';

vi.mock('../api/trpc.ts', () => ({
  notifyUnauthorized: vi.fn(),
  setUnauthorizedHandler: vi.fn(),
  api: { cycles: { list: { query: vi.fn(async () => []) } }, auth: { me: { query: vi.fn(async () => null) } } },
}));

const { createAppRouter } = await import('./index.ts');

function routerFor(mustChangePassword: boolean) {
  const pinia = createPinia();
  const session = useSessionStore(pinia);
  session.user = { id: 1, username: 'admin', displayName: 'A', role: 'secretariat', roleName: ROLES.secretariat, examinerId: null, mustChangePassword };
  session.loaded = true;
  return createAppRouter(pinia, createMemoryHistory());
}

describe('the router after a password reset', () => {
  it('sends every route to the change-password page, keeping where the user wanted to go', async () => {
    const router = routerFor(true);
    await router.push('/people');
    expect(router.currentRoute.value.name).toBe('changePassword');
    expect(router.currentRoute.value.query.redirect).toBe('/people');
    await router.push('/audit');
    expect(router.currentRoute.value.name).toBe('changePassword');
  });

  it('lets a user without the obligation open the people view (secretariat) and the change-password page', async () => {
    const router = routerFor(false);
    await router.push('/people');
    expect(router.currentRoute.value.name).toBe('people');
    await router.push('/change-password');
    expect(router.currentRoute.value.name).toBe('changePassword');
  });
});
