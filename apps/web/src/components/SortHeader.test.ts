import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import SortHeader from './SortHeader.vue';
import type { SortDir } from './sort.ts';

function header(dir: SortDir | null) {
  const table = document.createElement('tr');
  document.body.appendChild(table);
  return mount(SortHeader, { props: { label: '编号', dir }, attachTo: table });
}

describe('SortHeader', () => {
  it('announces its state and cycles ascending → descending → the default order', async () => {
    const expected: [SortDir | null, string, SortDir | null][] = [
      [null, 'none', 'asc'],
      ['asc', 'ascending', 'desc'],
      ['desc', 'descending', null],
    ];
    for (const [dir, aria, next] of expected) {
      const w = header(dir);
      expect(w.get('th').attributes('aria-sort')).toBe(aria);
      expect(w.get('button').text()).toContain('编号');
      await w.get('button').trigger('click');
      expect(w.emitted('sort')).toEqual([[next]]);
      w.unmount();
    }
  });
});
