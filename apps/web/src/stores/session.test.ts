import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';

const calls = vi.hoisted(() => ({
  me: vi.fn(),
  login: vi.fn(),
  logout: vi.fn(),
}));

vi.mock('../api/trpc.ts', () => ({
  api: {
    auth: {
      me: { query: calls.me },
      login: { mutate: calls.login },
      logout: { mutate: calls.logout },
    },
  },
  setUnauthorizedHandler: vi.fn(),
}));

import { ROLES } from '@mqa/rules';
import { toSessionUser, useSessionStore, type SessionUser } from './session.ts';

const secretariat: SessionUser = {
  id: 1,
  username: 'demo-secretariat',
  displayName: '秘书处（演示）',
  role: 'secretariat',
  roleName: ROLES.secretariat,
  examinerId: null,
  mustChangePassword: false,
};

describe('session store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    calls.me.mockReset();
    calls.login.mockReset();
    calls.logout.mockReset();
  });

  it('loads the current user once, however many guards ask', async () => {
    calls.me.mockResolvedValue(secretariat);
    const s = useSessionStore();
    await Promise.all([s.ensureLoaded(), s.ensureLoaded()]);
    await s.ensureLoaded();
    expect(calls.me).toHaveBeenCalledTimes(1);
    expect(s.isLoggedIn).toBe(true);
    expect(s.role).toBe('secretariat');
    expect(s.hasRole(['secretariat', 'committee'])).toBe(true);
    expect(s.hasRole(['examiner'])).toBe(false);
  });

  it('treats a failed or empty `me` as anonymous', async () => {
    calls.me.mockRejectedValue(new Error('offline'));
    const s = useSessionStore();
    await s.ensureLoaded();
    expect(s.loaded).toBe(true);
    expect(s.user).toBeNull();
    expect(s.hasRole(undefined)).toBe(false);
  });

  it('logs in with the server’s answer and logs out', async () => {
    calls.login.mockResolvedValue({ ...secretariat, role: 'examiner', examinerId: 7, username: 'demo-examiner' });
    calls.logout.mockResolvedValue({ ok: true });
    const s = useSessionStore();
    const u = await s.login('demo-examiner', 'demo-password');
    expect(calls.login).toHaveBeenCalledWith({ username: 'demo-examiner', password: 'demo-password' });
    expect(u.examinerId).toBe(7);
    expect(s.role).toBe('examiner');
    await s.logout();
    expect(s.user).toBeNull();
  });

  it('passes a refused login on to the caller and stays anonymous', async () => {
    calls.login.mockRejectedValue(new Error('Wrong username or password.'));
    const s = useSessionStore();
    await expect(s.login('x', 'y')).rejects.toThrow('Wrong username');
    expect(s.user).toBeNull();
  });

  it('keeps only known roles from the server payload', () => {
    expect(toSessionUser({ ...secretariat, role: 'admin' })).toBeNull();
    expect(toSessionUser(null)).toBeNull();
    expect(toSessionUser({ ...secretariat, role: 'leadership' })).toEqual({ ...secretariat, role: 'leadership' });
  });
});
