import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { ElTag } from 'element-plus';
import { h } from 'vue';
import PlainTag from './PlainTag.ts';

describe('PlainTag', () => {
  it('draws the markup of a small ElTag without transitions, with the same classes', () => {
    for (const [type, effect] of [
      ['danger', 'plain'],
      ['success', undefined],
      [undefined, undefined],
    ] as const) {
      const plain = mount(() => h(PlainTag, { type, effect, 'data-x': 'a' }, () => 'Art. 24'));
      const real = mount(() => h(ElTag, { type, effect, size: 'small', disableTransitions: true }, () => 'Art. 24'));
      const classes = (w: typeof plain) => [...w.get('span').element.classList].filter(Boolean).sort();
      expect(classes(plain)).toEqual(classes(real));
      expect(plain.get('.el-tag__content').text()).toBe('Art. 24');
      // Attributes such as data-testid reach the element.
      expect(plain.get('span').attributes('data-x')).toBe('a');
    }
  });
});
