import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ITEM_IDS } from '@mqa/scoring';
import { createAppI18n } from '../i18n/index.ts';
import { useLocaleStore } from '../stores/locale.ts';

// A fake tRPC client: one open material sheet of application 5, everything scored 60 but 4.1.2.
const saved: unknown[] = [];
const submitted: unknown[] = [];
const PERCENTS = Object.fromEntries(ITEM_IDS.map((id) => [id, id === '4.1.2' ? null : 60]));
vi.mock('../api/trpc.ts', () => ({
  notifyUnauthorized: vi.fn(),
  setUnauthorizedHandler: vi.fn(),
  api: {
    scoring: {
      myAssignments: { query: vi.fn(async () => []) },
      myDesk: {
        query: vi.fn(async () => ({ examiner: { id: 7, name: { zh: '王评审', en: 'Wang Ping' } }, cycles: [], leads: [] })),
      },
      mySheet: {
        query: vi.fn(async () => ({
          applicationId: 5,
          code: '2025-005',
          name: { zh: '示例公司', en: 'Example Ltd' },
          year: 2025,
          phase: 'material_review',
          stage: 'material',
          status: 'draft',
          submittedAt: null,
          reopenedReason: null,
          editable: true,
          stageAvailable: true,
          review: { article: 17, workingDays: 10, reviewStarts: null, reviewEnds: null, deadline: null, workingDaysLeft: null },
          itemIds: [...ITEM_IDS],
          percents: { ...PERCENTS },
          comments: Object.fromEntries(ITEM_IDS.map((id) => [id, null])),
        })),
      },
      myComparison: { query: vi.fn(async () => Promise.reject(new Error('no consensus yet'))) },
      saveSheet: {
        mutate: vi.fn(async (input: unknown) => {
          saved.push(input);
          return { saved: true };
        }),
      },
      submitSheet: {
        mutate: vi.fn(async (input: unknown) => {
          submitted.push(input);
          return { submitted: true };
        }),
      },
    },
    applications: { get: { query: vi.fn(async () => ({ materials: [], facts: {} })) } },
    feedback: { mine: { query: vi.fn(async () => []) } },
  },
}));

const { default: MyDeskView } = await import('./MyDeskView.vue');

async function mountDesk(locale: 'zh-CN' | 'en'): Promise<VueWrapper> {
  const pinia = createPinia();
  setActivePinia(pinia);
  localStorage.clear();
  useLocaleStore().setLocale(locale);
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/my', name: 'my', component: MyDeskView }] });
  await router.push('/my?app=5&stage=material');
  const w = mount(MyDeskView, { global: { plugins: [pinia, createAppI18n(locale), router] }, attachTo: document.body });
  await flushPromises();
  return w;
}

/** Types a value into an item's number field as a user would (input, then change on blur). */
async function type(w: VueWrapper, item: string, text: string): Promise<void> {
  const input = w.find(`[data-item="${item}"] input, input[data-item="${item}"]`);
  expect(input.exists(), `field of ${item}`).toBe(true);
  (input.element as HTMLInputElement).value = text;
  await input.trigger('input');
  await input.trigger('change');
  await input.trigger('blur');
  await flushPromises();
}
const fieldValue = (w: VueWrapper, item: string) => (w.find(`[data-item="${item}"] input, input[data-item="${item}"]`).element as HTMLInputElement).value;

describe('MyDeskView: the examiner’s score sheet', () => {
  beforeEach(() => {
    saved.length = 0;
    submitted.length = 0;
    document.body.innerHTML = '';
  });

  it('shows the examiner’s name in the header', async () => {
    const w = await mountDesk('zh-CN');
    expect(w.find('[data-testid="examiner-name"]').text()).toContain('王评审');
    w.unmount();
    const en = await mountDesk('en');
    expect(en.find('[data-testid="examiner-name"]').text()).toContain('Wang Ping');
  });

  it('keeps a value that is not a step of 5 as typed (37 stays 37, 105 stays 105) and refuses it with a message', async () => {
    const w = await mountDesk('zh-CN');
    await type(w, '4.1.2', '37');
    expect(fieldValue(w, '4.1.2')).toBe('37');
    expect(w.find('[data-percent-error="4.1.2"]').text()).toBe('须为 0–100 之间 5 的倍数');
    await type(w, '4.1.3', '105');
    expect(fieldValue(w, '4.1.3')).toBe('105');
    expect(w.find('[data-percent-error="4.1.3"]').exists()).toBe(true);
    expect(w.find('[data-testid="invalid-count"]').text()).toContain('2 个条款');
    expect(w.find('[data-testid="invalid-count"]').text()).toContain('4.1.3');

    // Save and submit are refused on the client: nothing reaches the server.
    await w.find('[data-testid="save-sheet"]').trigger('click');
    await flushPromises();
    await w.find('[data-testid="submit-sheet"]').trigger('click');
    await flushPromises();
    expect(saved).toEqual([]);
    expect(submitted).toEqual([]);
    expect(document.body.textContent).toContain('请改正后再保存或提交');

    // Corrected, the sheet saves the values as typed.
    await type(w, '4.1.2', '35');
    await type(w, '4.1.3', '100');
    expect(w.find('[data-percent-error="4.1.2"]').exists()).toBe(false);
    expect(w.find('[data-testid="invalid-count"]').exists()).toBe(false);
    await w.find('[data-testid="save-sheet"]').trigger('click');
    await flushPromises();
    expect(saved).toHaveLength(1);
    expect((saved[0] as { percents: Record<string, number> }).percents).toMatchObject({ '4.1.2': 35, '4.1.3': 100 });
  });

  it('words the refusal in English too, and refuses a negative or a fractional value', async () => {
    const w = await mountDesk('en');
    await type(w, '4.1.2', '-5');
    expect(w.find('[data-percent-error="4.1.2"]').text()).toBe('Must be 0–100 in steps of 5');
    await type(w, '4.1.2', '42.5');
    expect(fieldValue(w, '4.1.2')).toBe('42.5');
    expect(w.find('[data-percent-error="4.1.2"]').exists()).toBe(true);
  });
});
