import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { ElMessageBox, ElSelect } from 'element-plus';
import { ROLES } from '@mqa/rules';
import { createAppI18n } from '../i18n/index.ts';
import { useLocaleStore } from '../stores/locale.ts';
import { useSessionStore } from '../stores/session.ts';

// A fake tRPC client: two accounts (the signed-in secretariat and a disabled examiner who must change their password).
const ACCOUNTS = [
  {
    id: 1,
    username: 'admin',
    displayName: '管理员',
    role: 'secretariat',
    roleName: ROLES.secretariat,
    disabled: false,
    mustChangePassword: false,
    lastLoginAt: '2026-12-01T02:00:00.000Z',
    createdAt: '2026-12-01T00:00:00.000Z',
    examinerId: null,
    examiner: null,
  },
  {
    id: 2,
    username: 'wang',
    displayName: '王评审',
    role: 'examiner',
    roleName: ROLES.examiner,
    disabled: true,
    mustChangePassword: true,
    lastLoginAt: null,
    createdAt: '2026-12-01T00:00:00.000Z',
    examinerId: 7,
    examiner: { id: 7, nameZh: '王评审', nameEn: 'Wang', employerName: '某大学', employerUscc: null, expertise: null, ties: [] },
  },
];
const calls: { create: unknown[]; reset: unknown[]; update: unknown[]; endSessions: unknown[] } = { create: [], reset: [], update: [], endSessions: [] };
/** Active sessions per account, as auth.activeSessions answers (the examiner has two). */
let activeSessions = [
  { userId: 1, sessions: 1 },
  { userId: 2, sessions: 2 },
];
let createAnswer: () => Promise<unknown> = async () => ({ id: 3, examinerId: null });

vi.mock('../api/trpc.ts', () => ({
  notifyUnauthorized: vi.fn(),
  setUnauthorizedHandler: vi.fn(),
  api: {
    users: {
      list: { query: vi.fn(async () => ACCOUNTS) },
      examinerRecords: { query: vi.fn(async () => []) },
      organisations: { query: vi.fn(async () => []) },
      create: {
        mutate: vi.fn(async (input: unknown) => {
          calls.create.push(input);
          return createAnswer();
        }),
      },
      update: {
        mutate: vi.fn(async (input: { id: number; disabled?: boolean }) => {
          calls.update.push(input);
          return { ...ACCOUNTS[1], disabled: input.disabled ?? true, sessionsEnded: 0 };
        }),
      },
      resetPassword: {
        mutate: vi.fn(async (input: unknown) => {
          calls.reset.push(input);
          return { password: 'abcde-fghjk-mnpqr-stuvw', mustChangePassword: true, sessionsEnded: 0 };
        }),
      },
      updateExaminer: { mutate: vi.fn() },
    },
    auth: {
      activeSessions: { query: vi.fn(async () => activeSessions) },
      endUserSessions: {
        mutate: vi.fn(async (input: { userId: number }) => {
          calls.endSessions.push(input);
          const ended = activeSessions.find((s) => s.userId === input.userId)?.sessions ?? 0;
          activeSessions = activeSessions.filter((s) => s.userId !== input.userId);
          return { sessionsEnded: ended };
        }),
      },
    },
  },
}));

const { default: PeopleView } = await import('./PeopleView.vue');

function plugins(locale: 'zh-CN' | 'en') {
  const pinia = createPinia();
  setActivePinia(pinia);
  localStorage.clear();
  useLocaleStore().setLocale(locale);
  useSessionStore().user = {
    id: 1,
    username: 'admin',
    displayName: '管理员',
    role: 'secretariat',
    roleName: ROLES.secretariat,
    examinerId: null,
    mustChangePassword: false,
  };
  return [pinia, createAppI18n(locale)];
}

async function type(w: VueWrapper, testid: string, value: string): Promise<void> {
  const el = w.find(`[data-testid="${testid}"]`);
  await (el.element.tagName === 'INPUT' ? el : el.find('input')).setValue(value);
}

describe('PeopleView', () => {
  beforeEach(() => {
    calls.create = [];
    calls.reset = [];
    calls.update = [];
    calls.endSessions = [];
    activeSessions = [
      { userId: 1, sessions: 1 },
      { userId: 2, sessions: 2 },
    ];
    createAnswer = async () => ({ id: 3, examinerId: null });
  });

  it('lists the accounts with role names, status and last sign-in; no reset or disable of oneself', async () => {
    const w = mount(PeopleView, { global: { plugins: plugins('zh-CN') } });
    await flushPromises();
    const text = w.find('[data-testid="people-table"]').text();
    expect(text).toContain('秘书处');
    expect(text).toContain('评审员');
    expect(text).toContain('从未登录');
    expect(text).toContain('某大学');
    expect(w.findAll('[data-status="disabled"]')).toHaveLength(1);
    expect(w.findAll('[data-status="must-change"]')).toHaveLength(1);
    expect(w.find('[data-actions="admin"] [data-action="reset"]').exists()).toBe(false);
    expect(w.find('[data-actions="admin"] [data-action="toggle"]').exists()).toBe(false);
    expect(w.find('[data-actions="wang"] [data-action="toggle"]').text()).toBe('启用');
    expect(w.find('[data-actions="wang"] [data-action="profile"]').exists()).toBe(true);
  });

  it('creates an examiner account with its profile, and shows the server refusal in English', async () => {
    createAnswer = async () => {
      throw Object.assign(new Error('taken'), {
        data: { code: 'CONFLICT', i18n: { zh: '用户名「liu」已被使用，请换一个。', en: 'The username "liu" is already taken; choose another.' } },
      });
    };
    const w = mount(PeopleView, { global: { plugins: plugins('en') } });
    await flushPromises();
    await w.find('[data-testid="people-create"]').trigger('click');
    await flushPromises();
    const submit = () => w.find('[data-testid="create-submit"]');
    expect(submit().attributes('disabled')).toBeDefined();
    await type(w, 'create-username', ' liu ');
    await type(w, 'create-display-name', '李评审');
    await type(w, 'create-password', 'Initial-pass-1');
    await type(w, 'create-employer', '某研究院');
    await type(w, 'create-employer-uscc', '91150602MA0N00001X');
    expect(submit().attributes('disabled')).toBeUndefined();
    await submit().trigger('click');
    await flushPromises();
    expect(calls.create).toEqual([
      {
        username: 'liu',
        displayName: '李评审',
        role: 'examiner',
        password: 'Initial-pass-1',
        mustChangePassword: true,
        examiner: { nameZh: '李评审', nameEn: null, employerName: '某研究院', employerUscc: '91150602MA0N00001X', expertise: null },
      },
    ]);
    expect(w.find('[data-testid="create-error"]').text()).toContain('The username "liu" is already taken; choose another.');
  });

  it('creates a committee account without an examiner profile', async () => {
    const w = mount(PeopleView, { global: { plugins: plugins('zh-CN') } });
    await flushPromises();
    await w.find('[data-testid="people-create"]').trigger('click');
    await flushPromises();
    w.findAllComponents(ElSelect)
      .find((s) => s.attributes('data-testid') === 'create-role')!
      .vm.$emit('update:modelValue', 'committee');
    await flushPromises();
    expect(w.find('[data-testid="create-employer"]').exists()).toBe(false);
    await type(w, 'create-username', 'zhou');
    await type(w, 'create-display-name', '周委员');
    await w.find('[data-testid="create-generate"]').trigger('click');
    await w.find('[data-testid="create-submit"]').trigger('click');
    await flushPromises();
    expect(calls.create).toHaveLength(1);
    const sent = calls.create[0] as { role: string; password: string; examiner?: unknown };
    expect(sent.role).toBe('committee');
    expect(sent.password).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    expect(sent.examiner).toBeUndefined();
  });

  it('resets a password after confirmation and shows the one-time password once', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never);
    const w = mount(PeopleView, { global: { plugins: plugins('zh-CN') } });
    await flushPromises();
    await w.find('[data-actions="wang"] [data-action="reset"]').trigger('click');
    await flushPromises();
    expect(confirm).toHaveBeenCalledOnce();
    expect(calls.reset).toEqual([{ id: 2 }]);
    expect(w.find('[data-testid="one-time-password"]').text()).toBe('abcde-fghjk-mnpqr-stuvw');
    await w.find('[data-testid="one-time-close"]').trigger('click');
    await flushPromises();
    expect(w.find('[data-testid="one-time-password"]').exists() && w.find('[data-testid="one-time-password"]').text()).toBeFalsy();
    confirm.mockRestore();
  });

  it('shows the active sessions and ends every session of another account after confirmation (never one’s own)', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never);
    const w = mount(PeopleView, { global: { plugins: plugins('en') } });
    await flushPromises();
    expect(w.find('[data-sessions="wang"]').text()).toBe('2 active');
    expect(w.find('[data-actions="admin"] [data-action="end-sessions"]').exists()).toBe(false);
    await w.find('[data-actions="wang"] [data-action="end-sessions"]').trigger('click');
    await flushPromises();
    expect(confirm).toHaveBeenCalledOnce();
    expect(calls.endSessions).toEqual([{ userId: 2 }]);
    expect(w.find('[data-sessions="wang"]').text()).toBe('—');
    expect(w.find('[data-actions="wang"] [data-action="end-sessions"]').exists()).toBe(false);
    confirm.mockRestore();
  });

  it('does not reset when the confirmation is cancelled', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValue('cancel');
    const w = mount(PeopleView, { global: { plugins: plugins('zh-CN') } });
    await flushPromises();
    await w.find('[data-actions="wang"] [data-action="reset"]').trigger('click');
    await flushPromises();
    expect(calls.reset).toEqual([]);
    confirm.mockRestore();
  });
});
