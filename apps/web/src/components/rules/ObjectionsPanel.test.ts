import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { ElOption, ElSelect } from 'element-plus';
import { createAppI18n } from '../../i18n/index.ts';
import { useLocaleStore } from '../../stores/locale.ts';

const entry = (id: number) => ({ position: id, applicationId: id, code: `2025-${String(id).padStart(3, '0')}`, name: { zh: `单位${id}`, en: `Org ${id}` } });
const asked: { publications: unknown[]; applications: unknown[] } = { publications: [], applications: [] };
let publications: { kind: string; entries: ReturnType<typeof entry>[] }[] = [];

// A fake tRPC client: no objections or comments yet; the publications and the applications' search as set per test.
vi.mock('../../api/trpc.ts', () => ({
  api: {
    objections: { list: { query: vi.fn(async () => []) }, add: { mutate: vi.fn() }, decide: { mutate: vi.fn() } },
    comments: { list: { query: vi.fn(async () => []) }, add: { mutate: vi.fn() } },
    publications: {
      list: {
        query: vi.fn(async (input: unknown) => {
          asked.publications.push(input);
          return publications;
        }),
      },
    },
    applications: {
      page: {
        query: vi.fn(async (input: { q?: string }) => {
          asked.applications.push(input);
          const items = [entry(700), entry(701)]
            .filter((e) => !input.q || e.code.includes(input.q))
            .map((e) => ({ id: e.applicationId, code: e.code, name: e.name, reviewGroupId: null }));
          return { items, nextCursor: null, total: items.length, counts: {} };
        }),
      },
    },
  },
}));

const { default: ObjectionsPanel } = await import('./ObjectionsPanel.vue');

function mountPanel() {
  const pinia = createPinia();
  setActivePinia(pinia);
  localStorage.clear();
  useLocaleStore().setLocale('zh-CN');
  return mount(ObjectionsPanel, { props: { year: 2025, canEdit: true }, global: { plugins: [pinia, createAppI18n('zh-CN')] }, attachTo: document.body });
}
const optionsOf = (select: { findAllComponents: (c: typeof ElOption) => { props: (k: string) => unknown }[] }) =>
  select.findAllComponents(ElOption).map((o) => o.props('value'));

describe('ObjectionsPanel', () => {
  beforeEach(() => {
    asked.publications = [];
    asked.applications = [];
  });

  it('offers for an objection exactly the candidates on the published notices (Art. 21), asked for when the form opens', async () => {
    publications = [
      { kind: 'results', entries: [entry(1), entry(2), entry(3), entry(4)] },
      { kind: 'notice', entries: [entry(2), entry(1)] },
      { kind: 'notice', entries: [entry(1), entry(4)] },
    ];
    const w = mountPanel();
    await flushPromises();
    expect(asked.publications).toEqual([]);
    await w.find('[data-testid="add-objection"]').trigger('click');
    await flushPromises();
    expect(asked.publications).toEqual([{ year: 2025 }]);
    const select = w.findAllComponents(ElSelect).find((s) => s.attributes('data-testid') === 'objection-application')!;
    expect(optionsOf(select)).toEqual([2, 1, 4]);
    w.unmount();
  });

  it('says so when no notice is published yet, instead of offering candidates the server would refuse', async () => {
    publications = [{ kind: 'results', entries: [entry(1)] }];
    const w = mountPanel();
    await flushPromises();
    await w.find('[data-testid="add-objection"]').trigger('click');
    await flushPromises();
    const select = w.findAllComponents(ElSelect).find((s) => s.attributes('data-testid') === 'objection-application')!;
    expect(optionsOf(select)).toEqual([]);
    expect(select.props('noDataText')).toBe('拟授奖名单尚未公示，暂不能登记异议（第21条）');
    w.unmount();
  });

  it('lets a public comment concern any application of the cycle, searched on the server one page at a time (Art. 18)', async () => {
    const w = mountPanel();
    await flushPromises();
    await w.find('[data-testid="add-comment"]').trigger('click');
    await flushPromises();
    expect(asked.applications).toEqual([{ year: 2025, limit: 50 }]);
    const select = w.findAllComponents(ElSelect).find((s) => s.attributes('data-testid') === 'comment-application')!;
    expect(optionsOf(select)).toEqual([700, 701]);
    (select.props('remoteMethod') as (q: string) => void)('701');
    await flushPromises();
    expect(asked.applications[1]).toEqual({ year: 2025, limit: 50, q: '701' });
    expect(optionsOf(select)).toEqual([701]);
    w.unmount();
  });
});
