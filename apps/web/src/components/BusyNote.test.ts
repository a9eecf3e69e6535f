import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import BusyNote from './BusyNote.vue';

describe('BusyNote', () => {
  it('says in words what is under way, with a moving bar, announced to screen readers', () => {
    const w = mount(BusyNote, { props: { label: '正在计算分配方案…', detail: '逐件比对评审组负荷与成员回避（第24条）' } });
    const note = w.get('[data-testid="busy-note"]');
    expect(note.attributes('role')).toBe('status');
    expect(note.attributes('aria-live')).toBe('polite');
    expect(note.text()).toContain('正在计算分配方案…');
    expect(note.text()).toContain('第24条');
    // Indeterminate: no made-up percentage.
    expect(w.find('.el-progress-bar__inner').classes()).toContain('el-progress-bar__inner--indeterminate');
    expect(note.text()).not.toMatch(/\d+%/);
  });

  it('needs no detail', () => {
    const w = mount(BusyNote, { props: { label: 'Computing rank acceptability…' } });
    expect(w.text()).toBe('Computing rank acceptability…');
  });
});
