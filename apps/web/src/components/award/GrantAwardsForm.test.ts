import { describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { ElDatePicker } from 'element-plus';
import { createAppI18n } from '../../i18n/index.ts';
import { useLocaleStore } from '../../stores/locale.ts';

// A fake tRPC client: the plan of a cycle with one organisation and one individual approved.
const saved: unknown[] = [];
vi.mock('../../api/trpc.ts', () => ({
  api: {
    awards: {
      grantPlan: {
        query: vi.fn(async () => ({
          year: 2025,
          articles: [21, 22],
          phase: 'public_notice',
          grantable: true,
          granted: 0,
          noticeEnds: '2026-01-13',
          earliestApproval: '2026-01-14',
          individualPrizeRmb: 0,
          candidates: [
            {
              applicationId: 1,
              code: '2025-001',
              name: { zh: '甲公司', en: 'Alpha Ltd' },
              applicantType: 'organisation',
              prizeRmb: 500000,
              suggestedCertificateNo: 'MQA-2025-01',
              suggestedPlaqueNo: 'MQA-2025-P01',
            },
            {
              applicationId: 2,
              code: '2025-002',
              name: { zh: '张三', en: 'Zhang San' },
              applicantType: 'individual',
              prizeRmb: 0,
              suggestedCertificateNo: 'MQA-2025-02',
              suggestedPlaqueNo: 'MQA-2025-P02',
            },
          ],
        })),
      },
      setIndividualPrize: { mutate: vi.fn(async (input: unknown) => saved.push(input)) },
    },
  },
}));

const { default: GrantAwardsForm } = await import('./GrantAwardsForm.vue');

function plugins() {
  const pinia = createPinia();
  setActivePinia(pinia);
  localStorage.clear();
  useLocaleStore().setLocale('zh-CN');
  return [pinia, createAppI18n('zh-CN')];
}

describe('GrantAwardsForm', () => {
  it('gives no grant input until the approval date is entered, then the numbers of every approved candidate', async () => {
    const w = mount(GrantAwardsForm, { props: { year: 2025 }, global: { plugins: plugins() } });
    await flushPromises();
    const vm = w.vm as unknown as { input: () => unknown };
    expect(vm.input()).toBeNull();
    expect(w.find('[data-testid="grant-missing"]').exists()).toBe(true);
    w.findComponent(ElDatePicker).vm.$emit('update:modelValue', '2026-01-20');
    await flushPromises();
    expect(vm.input()).toEqual({
      year: 2025,
      approvedOn: '2026-01-20',
      awards: [
        { applicationId: 1, certificateNo: 'MQA-2025-01', plaqueNo: 'MQA-2025-P01' },
        { applicationId: 2, certificateNo: 'MQA-2025-02', plaqueNo: 'MQA-2025-P02' },
      ],
    });
    expect(w.find('[data-testid="grant-missing"]').exists()).toBe(false);
    // An individual is approved: the cycle's prize for individuals can be set here (Art. 22).
    expect(w.find('[data-testid="save-individual-prize"]').exists()).toBe(true);
    const cert = w.find('input[data-certificate="1"]').exists() ? w.find('input[data-certificate="1"]') : w.find('[data-certificate="1"] input');
    await cert.setValue(' ');
    await flushPromises();
    expect(vm.input()).toBeNull();
  });
});
