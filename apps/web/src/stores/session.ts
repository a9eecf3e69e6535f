import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { api, setUnauthorizedHandler } from '../api/trpc.ts';
import { isRole, type Role } from './roles.ts';

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  examinerId: number | null;
}

/** Accepts the server's `me` payload (whatever its exact field names) and keeps what the UI needs. */
export function toSessionUser(raw: unknown): SessionUser | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const user = (r.user && typeof r.user === 'object' ? r.user : r) as Record<string, unknown>;
  if (!isRole(user.role)) return null;
  const id = Number(user.id);
  const username = typeof user.username === 'string' ? user.username : '';
  const displayName =
    typeof user.displayName === 'string'
      ? user.displayName
      : typeof user.display_name === 'string'
        ? user.display_name
        : username;
  const examinerRaw = user.examinerId ?? user.examiner_id;
  return {
    id: Number.isFinite(id) ? id : 0,
    username,
    displayName,
    role: user.role,
    examinerId: typeof examinerRaw === 'number' ? examinerRaw : null,
  };
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

  /** Forget the user locally (e.g. when a call answers UNAUTHORIZED). */
  function clear(): void {
    user.value = null;
    loaded.value = true;
  }

  setUnauthorizedHandler(clear);

  return { user, loaded, role, isLoggedIn, hasRole, ensureLoaded, fetchMe, login, logout, clear };
});
