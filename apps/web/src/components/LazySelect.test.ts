import { describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import LazySelect from './LazySelect.vue';

const OPTIONS = [
  { value: 1, label: '第一评审组' },
  { value: 2, label: '第二评审组' },
];

describe('LazySelect', () => {
  it('is a button, without asking for its options, until the user opens it', async () => {
    const options = vi.fn(() => OPTIONS);
    const w = mount(LazySelect, { props: { options, placeholder: '选择评审组', testid: 'assign-A1', modelValue: null }, attachTo: document.body });
    const box = w.get('[data-testid="assign-A1"]');
    expect(box.attributes('data-lazy-select')).toBe('idle');
    expect(w.find('.el-select').exists()).toBe(false);
    expect(w.get('button').text()).toBe('选择评审组');
    expect(options).not.toHaveBeenCalled();

    await w.get('button').trigger('click');
    await w.vm.$nextTick();
    expect(box.attributes('data-lazy-select')).toBe('open');
    expect(w.find('.el-select').exists()).toBe(true);
    expect(w.find('button.lazy-select__trigger').exists()).toBe(false);
    expect(options).toHaveBeenCalled();
    w.unmount();
  });

  it('shows the select at once when it already holds a value', () => {
    const w = mount(LazySelect, { props: { options: () => OPTIONS, placeholder: '选择评审组', modelValue: 2 } });
    expect(w.find('.el-select').exists()).toBe(true);
    expect(w.find('button.lazy-select__trigger').exists()).toBe(false);
  });
});
