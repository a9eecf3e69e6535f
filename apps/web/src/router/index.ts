import { createRouter, createWebHistory, type RouteLocationNormalizedLoaded, type Router } from 'vue-router';
import type { Pinia } from 'pinia';
import type { Role } from '@mqa/rules';
import { canOpen, homeRouteFor, routes } from './routes.ts';
import { useSessionStore } from '../stores/session.ts';
import { useCyclesStore } from '../stores/cycles.ts';

/**
 * Whether the route is one the signed-in role may not open. The address stays as it is (so a
 * reload, back and a shared link behave), and App.vue shows the "no access" page in place of
 * the view, which is never mounted (so none of its data is fetched).
 */
export function isForbidden(role: Role | null, route: Pick<RouteLocationNormalizedLoaded, 'matched' | 'meta'>): boolean {
  return route.matched.length > 0 && !route.meta.public && role !== null && !canOpen(role, route.meta);
}

/**
 * Where to go after signing in: the address asked for (`?redirect=`, same-origin paths only)
 * when the role may open it, else the role's landing page, so signing in never ends on
 * "no access" (another user's link, or back to the login page of an earlier visit).
 */
export function afterLogin(router: Router, role: Role, redirect: unknown): string | { name: 'home' } {
  if (typeof redirect !== 'string' || !redirect.startsWith('/') || redirect.startsWith('//')) return { name: 'home' };
  const target = router.resolve(redirect);
  if (target.name === 'login' || target.name === 'forbidden' || isForbidden(role, target)) return { name: 'home' };
  return redirect;
}

/**
 * The router with its guards: a route a role may not open is not shown in the menu, and when
 * entered it shows "no access" in place (see {@link isForbidden}); an anonymous visitor is sent
 * to the login page with the requested address kept in `redirect` so a shared link still lands
 * on the exact view.
 */
export function createAppRouter(pinia: Pinia, history = createWebHistory()): Router {
  const router = createRouter({ history, routes, scrollBehavior: () => ({ top: 0 }) });

  router.beforeEach(async (to) => {
    const session = useSessionStore(pinia);
    await session.ensureLoaded();

    if (to.meta.public) {
      if (to.name === 'login' && session.isLoggedIn) return afterLogin(router, session.role!, to.query.redirect);
      return true;
    }
    if (!session.isLoggedIn) {
      return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
    }
    // A reset (or initial) password must be replaced before anything else; the API refuses the rest.
    if (session.user?.mustChangePassword && to.name !== 'changePassword') {
      return { name: 'changePassword', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
    }
    const role = session.role!;
    if (to.name === 'home') {
      let year: number | null = null;
      if (role !== 'examiner') {
        const cycles = useCyclesStore(pinia);
        try {
          await cycles.load();
          // The landing page is the cycle in progress, whatever was chosen before.
          year = cycles.defaultYear;
        } catch {
          year = null;
        }
      }
      return homeRouteFor(role, year);
    }
    // A forbidden route keeps its address; App.vue draws "no access" instead of the view.
    return true;
  });

  return router;
}
