import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { ROLES } from '@mqa/rules';
import { createAppI18n } from '../../i18n/index.ts';
import { useLocaleStore } from '../../stores/locale.ts';
import { useSessionStore } from '../../stores/session.ts';
import { createInput, createReady, emptyCreateForm, randomPassword } from './people.ts';

const calls: unknown[] = [];
let answer: () => Promise<unknown>;
vi.mock('../../api/trpc.ts', () => ({
  notifyUnauthorized: vi.fn(),
  setUnauthorizedHandler: vi.fn(),
  api: {
    auth: {
      changePassword: {
        mutate: vi.fn(async (input: unknown) => {
          calls.push(input);
          return answer();
        }),
      },
    },
  },
}));

const { default: ChangePasswordForm } = await import('./ChangePasswordForm.vue');

const USER = { id: 5, username: 'wang', displayName: '王', role: 'examiner' as const, roleName: ROLES.examiner, examinerId: 7 };

function plugins(locale: 'zh-CN' | 'en') {
  const pinia = createPinia();
  setActivePinia(pinia);
  localStorage.clear();
  useLocaleStore().setLocale(locale);
  useSessionStore().user = { ...USER, mustChangePassword: true };
  return [pinia, createAppI18n(locale)];
}

async function type(w: VueWrapper, testid: string, value: string): Promise<void> {
  await w.find(`input[data-testid="${testid}"]`).setValue(value);
}

describe('ChangePasswordForm', () => {
  beforeEach(() => {
    calls.length = 0;
    answer = async () => ({ ...USER, mustChangePassword: false, otherSessionsEnded: 0 });
  });

  it('waits for matching new passwords, then changes the password and lifts the obligation', async () => {
    const w = mount(ChangePasswordForm, { global: { plugins: plugins('zh-CN') } });
    await type(w, 'pw-current', 'One-time-pw-1');
    await type(w, 'pw-next', 'My-own-pass-22');
    await type(w, 'pw-confirm', 'My-own-pass-2');
    expect(w.text()).toContain('两次输入的新密码不一致');
    expect(w.find('[data-testid="pw-submit"]').attributes('disabled')).toBeDefined();
    await type(w, 'pw-confirm', 'My-own-pass-22');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(calls).toEqual([{ current: 'One-time-pw-1', next: 'My-own-pass-22' }]);
    expect(useSessionStore().user?.mustChangePassword).toBe(false);
    expect(w.emitted('changed')).toHaveLength(1);
  });

  it('shows the server refusal in the UI language and keeps the obligation', async () => {
    answer = async () => {
      throw Object.assign(new Error('wrong'), { data: { code: 'BAD_REQUEST', i18n: { zh: '当前密码不正确。', en: 'The current password is wrong.' } } });
    };
    const w = mount(ChangePasswordForm, { global: { plugins: plugins('en') } });
    await type(w, 'pw-current', 'nope');
    await type(w, 'pw-next', 'My-own-pass-22');
    await type(w, 'pw-confirm', 'My-own-pass-22');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(w.find('[data-testid="pw-error"]').text()).toContain('The current password is wrong.');
    expect(useSessionStore().user?.mustChangePassword).toBe(true);
    expect(w.emitted('changed')).toBeUndefined();
  });
});

describe('people helpers', () => {
  it('build users.create input: trimmed, examiner profile only for examiners, or a linked record', () => {
    const f = { ...emptyCreateForm(), username: ' chen ', displayName: ' 陈 ', password: 'Pw-0123456789', role: 'examiner' as const, employerUscc: ' ' };
    expect(createInput(f)).toEqual({
      username: 'chen',
      displayName: '陈',
      role: 'examiner',
      password: 'Pw-0123456789',
      mustChangePassword: true,
      examiner: { nameZh: '陈', nameEn: null, employerName: null, employerUscc: null, expertise: null },
    });
    expect(createInput({ ...f, examinerMode: 'existing', examinerId: 4 })).toMatchObject({ examinerId: 4 });
    expect(createInput({ ...f, examinerMode: 'existing', examinerId: 4 })).not.toHaveProperty('examiner');
    expect(createInput({ ...f, role: 'leadership' })).not.toHaveProperty('examiner');
    expect(createReady(f)).toBe(true);
    expect(createReady({ ...f, username: 'ab' })).toBe(false);
    expect(createReady({ ...f, examinerMode: 'existing', examinerId: null })).toBe(false);
  });

  it('generate 16 readable characters in four groups', () => {
    const p = randomPassword((n) => Uint8Array.from({ length: n }, (_, i) => i * 7));
    expect(p).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    expect(p).not.toMatch(/[01lIoO]/);
  });
});
