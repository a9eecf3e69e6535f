import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { isRole, type Role } from '@mqa/rules';
import { api, setUnauthorizedHandler, type RouterOutputs } from '../api/trpc.ts';

/** The signed-in user as `auth.me` and `auth.login` answer it. */
export type SessionUser = NonNullable<RouterOutputs['auth']['me']>;

/** The server's answer, kept only when it names a role the dashboard knows (else anonymous). */
export function toSessionUser(raw: (Omit<SessionUser, 'role'> & { role: string }) | null | undefined): SessionUser | null {
  if (!raw || !isRole(raw.role)) return null;
  return { ...raw, role: raw.role };
}

/**
 * Who is logged in. `ensureLoaded()` asks the server once (`auth.me`); the router guard awaits it
 * before deciding what a route may show.
 */
export const useSessionStore = defineStore('session', () => {
  const user = ref<SessionUser | null>(null);
  const loaded = ref(false);
  let pending: Promise<void> | null = null;

  const role = computed<Role | null>(() => user.value?.role ?? null);
  const isLoggedIn = computed(() => user.value !== null);

  function hasRole(roles: readonly Role[] | undefined): boolean {
    if (!roles || roles.length === 0) return isLoggedIn.value;
    return role.value !== null && roles.includes(role.value);
  }

  async function fetchMe(): Promise<void> {
    try {
      user.value = toSessionUser(await api.auth.me.query());
    } catch {
      user.value = null;
    } finally {
      loaded.value = true;
    }
  }

  function ensureLoaded(): Promise<void> {
    if (loaded.value) return Promise.resolve();
    pending ??= fetchMe().finally(() => {
      pending = null;
    });
    return pending;
  }

  /** Logs in; throws the tRPC error (for the login form to localize) when the server refuses. */
  async function login(username: string, password: string): Promise<SessionUser> {
    const res = await api.auth.login.mutate({ username, password });
    let next = toSessionUser(res);
    if (!next) {
      await fetchMe();
      next = user.value;
    }
    if (!next) throw new Error('login returned no user');
    user.value = next;
    loaded.value = true;
    return next;
  }

  async function logout(): Promise<void> {
    try {
      await api.auth.logout.mutate();
    } finally {
      user.value = null;
      loaded.value = true;
    }
  }

  /** Signs out on every device (auth.logoutEverywhere); returns how many sessions ended. */
  async function logoutEverywhere(): Promise<number> {
    try {
      return (await api.auth.logoutEverywhere.mutate()).sessionsEnded;
    } finally {
      user.value = null;
      loaded.value = true;
    }
  }

  /** Forget the user locally (e.g. when a call answers UNAUTHORIZED). */
  function clear(): void {
    user.value = null;
    loaded.value = true;
  }

  setUnauthorizedHandler(clear);

  return { user, loaded, role, isLoggedIn, hasRole, ensureLoaded, fetchMe, login, logout, logoutEverywhere, clear };
});
