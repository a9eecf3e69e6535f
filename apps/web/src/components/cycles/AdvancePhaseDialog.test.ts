import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createAppI18n } from '../../i18n/index.ts';
import { useLocaleStore } from '../../stores/locale.ts';

type Warning = { code: string; article: number | null; message: { zh: string; en: string }; count?: number };
let warnings: Warning[] = [];
const advanced: unknown[] = [];

vi.mock('../../api/trpc.ts', () => ({
  notifyUnauthorized: vi.fn(),
  setUnauthorizedHandler: vi.fn(),
  api: {
    cycles: {
      preflight: {
        query: vi.fn(async ({ year }: { year: number }) => ({
          year,
          from: { id: 'material_review', index: 3, name: { zh: '材料评审', en: 'Material review' }, article: 17 },
          to: { id: 'onsite_review', index: 4, name: { zh: '现场评审', en: 'On-site review' }, article: 17 },
          asOf: '2026-12-01',
          warnings,
        })),
      },
      advancePhase: {
        mutate: vi.fn(async (input: unknown) => {
          advanced.push(input);
          return { year: 2025, from: { id: 'material_review' }, to: { id: 'onsite_review' }, frozeWeightSet: false, warnings };
        }),
      },
    },
  },
}));

const { default: AdvancePhaseDialog } = await import('./AdvancePhaseDialog.vue');

function mountDialog(locale: 'zh-CN' | 'en' = 'zh-CN') {
  const pinia = createPinia();
  setActivePinia(pinia);
  localStorage.clear();
  useLocaleStore().setLocale(locale);
  return mount(AdvancePhaseDialog, { props: { year: 2025, modelValue: true }, global: { plugins: [pinia, createAppI18n(locale)] }, attachTo: document.body });
}

const submit = () => document.querySelector<HTMLButtonElement>('[data-testid="advance-submit"]')!;

describe('AdvancePhaseDialog', () => {
  beforeEach(() => {
    advanced.length = 0;
    document.body.innerHTML = '';
  });

  it('lists the warnings with their articles and needs an explicit acknowledgement, then sends confirm: true', async () => {
    warnings = [
      {
        code: 'sheets_not_submitted',
        article: 17,
        message: { zh: '材料评审中有 1 张评分表尚未提交（第17条）。', en: '1 sheet is not submitted (Art. 17).' },
        count: 1,
      },
      { code: 'disagreements_open', article: 17, message: { zh: '8 个条款尚未记录合议分（第17条）。', en: '8 items have no consensus (Art. 17).' }, count: 8 },
    ];
    const w = mountDialog();
    await flushPromises();
    const items = document.querySelectorAll('[data-testid="preflight-warnings"] li');
    expect([...items].map((li) => li.getAttribute('data-code'))).toEqual(['sheets_not_submitted', 'disagreements_open']);
    expect(items[0]!.textContent).toContain('第17条');
    expect(document.body.textContent).toContain('现场评审');
    expect(submit().disabled).toBe(true);
    submit().click();
    await flushPromises();
    expect(advanced).toEqual([]);
    document.querySelector<HTMLInputElement>('[data-testid="preflight-acknowledge"] input')!.click();
    await flushPromises();
    expect(submit().disabled).toBe(false);
    submit().click();
    await flushPromises();
    expect(advanced).toEqual([{ year: 2025, confirm: true }]);
    expect(w.emitted('advanced')).toHaveLength(1);
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([false]);
    w.unmount();
  });

  it('with nothing open, says so and advances without a confirmation flag', async () => {
    warnings = [];
    const w = mountDialog('en');
    await flushPromises();
    expect(document.querySelector('[data-testid="preflight-clear"]')!.textContent).toContain('Nothing is open');
    expect(document.querySelector('[data-testid="preflight-acknowledge"]')).toBeNull();
    expect(submit().disabled).toBe(false);
    submit().click();
    await flushPromises();
    expect(advanced).toEqual([{ year: 2025 }]);
    w.unmount();
  });
});
