import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ElDropdown } from 'element-plus';
import { ROLES } from '@mqa/rules';
import { createAppI18n } from '../../i18n/index.ts';
import { useLocaleStore } from '../../stores/locale.ts';
import { useSessionStore } from '../../stores/session.ts';
import ExportMenu from './ExportMenu.vue';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function setup(locale: 'zh-CN' | 'en', role: 'secretariat' | 'leadership', answer: (url: string) => Response) {
  const pinia = createPinia();
  setActivePinia(pinia);
  localStorage.clear();
  useLocaleStore().setLocale(locale);
  useSessionStore().user = { id: 1, username: 'u', displayName: 'U', role, roleName: ROLES[role], examinerId: null, mustChangePassword: false };
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { render: () => null } }] });
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    calls.push(url);
    return answer(url);
  });
  const wrapper = mount(ExportMenu, { props: { year: 2025 }, global: { plugins: [pinia, createAppI18n(locale), router] }, attachTo: document.body });
  return { wrapper, calls };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('ExportMenu', () => {
  it('explains in the UI language why there is no PDF and links to the printable page', async () => {
    const text = { zh: '服务器未安装 Chromium，请在浏览器中打印。', en: 'Chromium is not installed on the server; print from the browser.' };
    const { wrapper, calls } = setup('en', 'secretariat', (url) =>
      url === '/api/capabilities' ? json(200, { pdf: false, pdfUnavailable: text }) : json(500, {}),
    );
    wrapper.findComponent(ElDropdown).vm.$emit('command', 'pdf');
    await flushPromises();
    const alert = document.body.querySelector('[data-testid="pdf-unavailable"]');
    expect(alert?.textContent).toContain(text.en);
    expect(document.body.querySelector('[data-testid="pdf-report-link"]')?.getAttribute('href')).toBe('/report/2025?lang=en');
    // No PDF was asked for.
    expect(calls).toEqual(['/api/capabilities']);
  });

  it('runs the PDF as a job, shows its phase, then downloads the result', async () => {
    const views = [
      { id: 'j1', kind: 'report', phase: 'render', fraction: 0.5, done: false },
      {
        id: 'j1',
        kind: 'report',
        phase: 'done',
        fraction: 1,
        done: true,
        status: 200,
        result: { fileName: 'mqa-report-2025.pdf', bytes: 204800, url: '/api/jobs/j1/result' },
      },
    ];
    let poll = 0;
    const { wrapper, calls } = setup('zh-CN', 'secretariat', (url) => {
      if (url === '/api/capabilities') return json(200, { pdf: true });
      if (url === '/api/cycles/2025/report.pdf?lang=zh&async=1') return json(202, { jobId: 'j1' });
      if (url === '/api/jobs/j1') return json(200, views[Math.min(poll++, 1)]);
      if (url === '/api/jobs/j1/result')
        return new Response('%PDF-1.7', {
          status: 200,
          headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="mqa-report-2025.pdf"' },
        });
      return json(404, {});
    });
    const saved: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    wrapper.findComponent(ElDropdown).vm.$emit('command', 'pdf');
    await vi.waitFor(() => expect(document.body.querySelector('[data-testid="pdf-done"]')).not.toBeNull(), { timeout: 3000 });
    expect(document.body.querySelector('[data-testid="pdf-done"]')?.textContent).toContain('200 KB');
    expect(document.body.querySelector('[data-testid="job-progress"]')?.getAttribute('data-percent')).toBe('100');
    expect(calls).toEqual(['/api/capabilities', '/api/cycles/2025/report.pdf?lang=zh&async=1', '/api/jobs/j1', '/api/jobs/j1', '/api/jobs/j1/result']);
    expect(saved).toEqual(['mqa-report-2025.pdf']);
  });
});
