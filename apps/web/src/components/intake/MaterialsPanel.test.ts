import { describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createAppI18n } from '../../i18n/index.ts';
import { useLocaleStore } from '../../stores/locale.ts';

const uploads: unknown[] = [];
let canUpload = true;
const material = (over: Record<string, unknown>) => ({
  id: 1,
  title: '申报表',
  kind: 'application_form',
  kindName: { zh: '申报表', en: 'Application form' },
  confidential: false,
  article: null,
  body: '',
  bodyWithheld: false,
  createdAt: '2025-04-10T02:00:00.000Z',
  updatedAt: '2025-04-10T02:00:00.000Z',
  fileName: '申报表.pdf',
  mimeType: 'application/pdf',
  sizeBytes: 2048,
  hasFile: true,
  downloadUrl: '/api/applications/7/materials/1',
  ...over,
});
vi.mock('../../api/trpc.ts', () => ({
  api: {
    applications: {
      materials: {
        query: vi.fn(async () => ({
          id: 7,
          code: '2025-007',
          canUpload,
          maxBytes: 20 * 1024 * 1024,
          allowedTypes: { zh: 'PDF、PNG', en: 'PDF, PNG' },
          kinds: [{ id: 'application_form', name: { zh: '申报表', en: 'Application form' }, article: 15 }],
          materials: [
            material({}),
            material({ id: 2, title: '核心工艺', confidential: true, article: 29, bodyWithheld: true, body: null, fileName: null, downloadUrl: null }),
          ],
          missing: [{ id: 'recommendation_opinion', name: { zh: '推荐单位推荐意见', en: 'Recommendation opinion' }, article: 15 }],
          eligibility: {},
        })),
      },
      deleteMaterial: { mutate: vi.fn() },
    },
  },
}));
vi.mock('../../api/materials.ts', () => ({
  uploadMaterial: vi.fn(async (...args: unknown[]) => {
    uploads.push(args);
    return { id: 3 };
  }),
}));

const { default: MaterialsPanel } = await import('./MaterialsPanel.vue');

function mountPanel(locale: 'zh-CN' | 'en' = 'zh-CN') {
  const pinia = createPinia();
  setActivePinia(pinia);
  localStorage.clear();
  useLocaleStore().setLocale(locale);
  return mount(MaterialsPanel, { props: { applicationId: 7 }, global: { plugins: [pinia, createAppI18n(locale)] } });
}

function choose(wrapper: ReturnType<typeof mountPanel>, file: File): Promise<void> {
  const input = wrapper.find('[data-testid="material-file"]');
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
  return input.trigger('change');
}

describe('MaterialsPanel', () => {
  it('lists materials with the confidential badge, withholds what the server withholds, and marks missing ones', async () => {
    canUpload = false;
    const w = mountPanel();
    await flushPromises();
    expect(w.find('[data-missing="recommendation_opinion"]').text()).toBe('推荐单位推荐意见');
    expect(w.findAll('[data-confidential]')).toHaveLength(1);
    expect(w.find('[data-withheld]').text()).toMatch(/第29条/);
    expect(w.findAll('[data-download]')).toHaveLength(1);
    // Not the secretariat: no upload, no delete.
    expect(w.find('[data-testid="material-upload"]').exists()).toBe(false);
    expect(w.find('[data-delete]').exists()).toBe(false);
  });

  it('refuses a file over the limit before sending it, and uploads with kind and confidentiality', async () => {
    canUpload = true;
    uploads.length = 0;
    const w = mountPanel('en');
    await flushPromises();
    const big = new File(['x'], 'big.pdf');
    Object.defineProperty(big, 'size', { value: 21 * 1024 * 1024 });
    await choose(w, big);
    expect(w.find('[data-testid="material-error"]').text()).toMatch(/20 MB limit/);
    await w.find('[data-testid="material-submit"]').trigger('click');
    await flushPromises();
    expect(uploads).toHaveLength(0);

    await choose(w, new File(['%PDF-1.4'], 'form.pdf'));
    await w.find('[data-testid="material-confidential"] input').setValue(true);
    await w.find('[data-testid="material-submit"]').trigger('click');
    await flushPromises();
    expect(uploads).toHaveLength(1);
    const [id, file, fields] = uploads[0] as [number, File, unknown];
    expect(id).toBe(7);
    expect(file.name).toBe('form.pdf');
    expect(fields).toEqual({ kind: 'application_form', confidential: true });
    expect(w.find('[data-testid="material-error"]').exists()).toBe(false);
  });
});
