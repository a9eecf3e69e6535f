import { createRouter, createWebHistory, type Router } from 'vue-router';
import type { Pinia } from 'pinia';
import { canOpen, homeRouteFor, routes } from './routes.ts';
import { useSessionStore } from '../stores/session.ts';
import { useCyclesStore } from '../stores/cycles.ts';

/**
 * The router with its guards: a route a role may not open is neither shown in the menu nor
 * entered (so none of its data is fetched); an anonymous visitor is sent to the login page with
 * the requested address kept in `redirect` so a shared link still lands on the exact view.
 */
export function createAppRouter(pinia: Pinia, history = createWebHistory()): Router {
  const router = createRouter({ history, routes, scrollBehavior: () => ({ top: 0 }) });

  router.beforeEach(async (to) => {
    const session = useSessionStore(pinia);
    await session.ensureLoaded();

    if (to.meta.public) {
      if (to.name === 'login' && session.isLoggedIn) {
        const redirect = typeof to.query.redirect === 'string' ? to.query.redirect : null;
        return redirect && redirect.startsWith('/') && !redirect.startsWith('//') ? redirect : { name: 'home' };
      }
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
          year = cycles.currentYear;
        } catch {
          year = null;
        }
      }
      return homeRouteFor(role, year);
    }
    if (!canOpen(role, to.meta)) return { name: 'forbidden' };
    return true;
  });

  return router;
}
